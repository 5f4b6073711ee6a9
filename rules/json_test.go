package rules_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
)

func TestIssuesJSON(t *testing.T) {
	w := fuzz.BaselineDowngrade()
	w.Facts.Instance.Status = model.StatusRunning
	w.Facts.Account.InArrears = true
	req, facts, _ := fuzz.Prepare(w, nil)
	is := rules.Explain(w.Now, &req, &facts)
	b, err := json.Marshal(is)
	if err != nil {
		t.Fatal(err)
	}
	const want = `[{"Rule":"account.arrears","Stage":"account and permissions",` +
		`"Error":{"Code":"Account.Arrearage","HttpStatus":400,"Message":"Your account has an outstanding payment.","RetryClass":"FixThenRetry"},` +
		`"RetryClass":"FixThenRetry","Evidence":"Account.InArrears is true and the policy blocks changes in arrears"},` +
		`{"Rule":"status.stopped-required","Stage":"direction",` +
		`"Error":{"Code":"InvalidStatus.NotStopped","HttpStatus":400,"Message":"Instance status must be stopped.","RetryClass":"FixThenRetry"},` +
		`"RetryClass":"FixThenRetry","Evidence":"a downgrade needs status [Stopped] under policy current; the instance is Running"}]`
	if string(b) != want {
		t.Fatalf("json.Marshal(Issues):\n got %s\nwant %s", b, want)
	}
	var back rules.Issues
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(is, back); d != "" {
		t.Fatalf("round trip (-want +got):\n%s", d)
	}
	one, _ := json.Marshal(is[0])
	if !strings.HasPrefix(want, "["+string(one)+",") {
		t.Fatalf("json.Marshal(Issue) = %s", one)
	}
}

// A plan's JSON holds names and decimal strings: no field is an internal enum number.
func TestPlanJSONNames(t *testing.T) {
	for _, w := range []fuzz.World{fuzz.Baseline(), fuzz.BaselineDowngrade()} {
		req, facts, _ := fuzz.Prepare(w, nil)
		p, err := rules.Decide(w.Now, &req, &facts)
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`"Operation":"` + p.Operation + `"`, `"When":"` + p.Effect.When + `"`} {
			if !strings.Contains(string(b), want) {
				t.Errorf("plan JSON lacks %s:\n%s", want, b)
			}
		}
		// The only bare numbers are counts: hours, days, quota use, indexes.
		num := regexp.MustCompile(`"([A-Za-z]+)":-?[0-9]`)
		for _, m := range num.FindAllStringSubmatch(string(b), -1) {
			switch m[1] {
			case "Hours", "UsageDays", "DurationDays", "Downgrades", "RefundedVcpuHours":
			default:
				t.Errorf("plan JSON has a number for %s:\n%s", m[1], b)
			}
		}
	}
}

func TestIssuesErrUntypedNil(t *testing.T) {
	if err := (rules.Issues{}).Err(); err != nil {
		t.Fatalf("empty Issues: Err() = %#v", err)
	}
	if err := (rules.Issues{{Rule: "x"}}).Err(); err != nil {
		t.Fatalf("an issue without Err: Err() = %#v, want an untyped nil", err)
	}
}
