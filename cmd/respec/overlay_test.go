package main

import (
	"strings"
	"testing"
)

const g6OverlayFile = "testdata/overlay/g6-hangzhou.json"

// With real prices for both types, the charge is theirs and nothing is marked illustrative;
// without them, the same scenario is marked.
func TestPricesOverlayDecide(t *testing.T) {
	ex := readExample(t, "upgrade-running.json")
	got := runOK(t, ex, "decide", "--prices-overlay", g6OverlayFile)
	containsAll(t, "decide with the overlay", got,
		"\nCharge\n",
		"  OriginalPrice    4343.05 CNY\n",
		"  TradePrice       4343.05 CNY\n",
		"  Balance          8000.00 → 3656.95 CNY\n")
	if strings.Contains(got, "illustrative") {
		t.Errorf("decide with real prices says illustrative:\n%s", got)
	}
	_, out, _ := runIn(ex, "decide", "--json", "--prices-overlay", g6OverlayFile)
	if strings.Contains(string(out), "PricesIllustrative") || !strings.Contains(string(out), `"TradePrice": "4343.05"`) {
		t.Errorf("decide --json with the overlay:\n%s", out)
	}
	_, out, _ = runIn(ex, "decide")
	if !strings.Contains(string(out), "  TradePrice       4377.80 CNY (illustrative prices)\n") {
		t.Errorf("decide without the overlay:\n%s", out)
	}
}

// targets marks exactly the deltas that use an illustrative price.
func TestPricesOverlayTargets(t *testing.T) {
	got := runOK(t, readExample(t, "upgrade-running.json"), "targets", "--prices-overlay", g6OverlayFile)
	containsAll(t, "targets with the overlay", got,
		"Monthly delta: the target's monthly list price minus ecs.g6.xlarge's, in CNY.\n",
		"ecs.g6.2xlarge       ecs.g6    8     32 GiB    upgrade    WithStock  +500.00\n",
		"ecs.c6.2xlarge       ecs.c6    8     16 GiB    upgrade    WithStock  +256.00 (illustrative)\n")
}

// A bad overlay is a usage error naming the file and the reason; batch applies a good one to
// every line.
func TestPricesOverlayErrors(t *testing.T) {
	code, _, errOut := runIn(readExample(t, "upgrade-running.json"), "decide", "--prices-overlay", "testdata/overlay/missing.json")
	if code != exitUsage || !strings.Contains(errOut, "respec decide: --prices-overlay testdata/overlay/missing.json: testdata/overlay/missing.json: no such file") {
		t.Errorf("missing overlay: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runIn(compact(t, "upgrade-running.json"), "batch", "--prices-overlay", "testdata/golden/no-stock.targets.json")
	if code != exitUsage || !strings.Contains(errOut, "invalid price overlay: unknown field") {
		t.Errorf("a file that is not an overlay: exit %d, stderr %q", code, errOut)
	}
	code, out, _ := runIn(compact(t, "upgrade-running.json"), "batch", "--prices-overlay", g6OverlayFile)
	if code != exitOK || strings.Contains(string(out), "PricesIllustrative") || !strings.Contains(string(out), `"TradePrice":"4343.05"`) {
		t.Errorf("batch with the overlay: exit %d\n%s", code, out)
	}
}
