package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestExplainNamesTheRatioReading: for an accepted downgrade, explain says which reading of
// the refund rules priced the refund, as decide does.
func TestExplainNamesTheRatioReading(t *testing.T) {
	in := readExample(t, "downgrade-stopped.json")
	code, out, errOut := runIn(in, "explain", "--json")
	var body explainJSON
	if code != exitOK || errOut != "" || json.Unmarshal(out, &body) != nil || !body.Accepted || body.RatioReading != "printed" {
		t.Fatalf("explain --json: exit %d %s %s", code, out, errOut)
	}
	code, out, _ = runIn(in, "explain")
	if code != exitOK || !strings.Contains(string(out), "Refund ratio reading: printed") {
		t.Errorf("explain: exit %d\n%s", code, out)
	}
	code, out, _ = runIn(in, "decide")
	if code != exitOK || !strings.Contains(string(out), "Ratio reading     printed") {
		t.Errorf("decide: exit %d\n%s", code, out)
	}
	// An upgrade has no refund: no reading.
	code, out, _ = runIn(readExample(t, "upgrade-running.json"), "explain", "--json")
	if code != exitOK || strings.Contains(string(out), "RatioReading") {
		t.Errorf("explain an upgrade: exit %d %s", code, out)
	}
}
