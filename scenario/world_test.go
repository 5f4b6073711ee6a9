package scenario

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/respec-dev/respec/fleet/plan"
	"github.com/respec-dev/respec/model"
)

// TestDecodeWorld: a world file reads into World, with the policy's default, and a problem
// names its JSON path.
func TestDecodeWorld(t *testing.T) {
	w, err := DecodeWorld([]byte(`{"now": "2026-09-14T10:30:00+08:00", "limits": {"PerApi": {"StopInstance": 5}, "PerAccount": 100},
 "accounts": [{"Account": {"AccountId": "a", "Balance": "12.50"}, "RamUsers": [{"Name": "ops"}],
  "Tokens": {"t-1": {"Fingerprint": "f", "At": "2026-09-14T02:00:00Z", "RequestId": "r", "OrderId": "o"}},
  "Requests": [{"Api": "StopInstance", "RegionId": "cn-hangzhou", "Count": 2}],
  "Instances": [{"InstanceId": "i-1", "Status": "Stopped"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	a := w.Accounts[0]
	if !w.Now.Equal(time.Date(2026, 9, 14, 2, 30, 0, 0, time.UTC)) || w.Policy.Name != model.PolicyCurrent().Name || w.Limits.PerAPI["StopInstance"] != 5 ||
		w.Limits.PerAccount != 100 || a.Account.Balance.String() != "12.5" || a.RAMUsers[0].Name != "ops" || a.Tokens["t-1"].OrderID != "o" ||
		a.Requests[0].Count != 2 || a.Instances[0].Status != model.StatusStopped {
		t.Fatalf("decoded %+v", w)
	}
	for _, tc := range []struct{ doc, path, reason string }{
		{`[]`, "", "a world file must be a JSON object"},
		{`{"now": "2026-09-14T00:00:00Z", "now": "2026-09-14T00:00:00Z"}`, "now", "given more than once"},
		{`{"now": "2026-09-14T00:00:00Z", "policy": "1999"}`, "policy", `unknown preset "1999" (the presets are current, 2020, 2019, 2018-09, 2018)`},
		{`{"now": "2026-09-14T00:00:00Z", "accounts": [{"Instances": [{"Status": "Up"}]}]}`, "accounts[0].Instances[0].Status", "must be one of Pending, Starting, Running, Stopping, Stopped"},
		{`{"now": "2026-09-14T00:00:00Z", "accounts": [{"Requests": [{"Count": -1}]}]}`, "accounts[0].Requests[0].Count", "must be an integer from 0 to 1000000"},
		{`{"now": "2026-09-14T00:00:00Z"} {}`, "", "unexpected data after the world object"},
	} {
		_, err := DecodeWorld([]byte(tc.doc))
		var e *Error
		if !errors.As(err, &e) || e.Path != tc.path || e.Reason != tc.reason {
			t.Errorf("%s: got %v, want %s: %s", tc.doc, err, tc.path, tc.reason)
		}
	}
}

// TestDecodePlan: the two forms of a plan file, and the line and path of a problem.
func TestDecodePlan(t *testing.T) {
	pf, err := DecodePlan([]byte("\n{\"At\": \"2026-09-14T00:00:00Z\", \"Operation\": \"RenewInstance\", \"InstanceId\": \"i-1\", \"Months\": 12}\r\n"))
	if err != nil || len(pf.Plan.Requests) != 1 || pf.Lines[0] != 2 || pf.Plan.Requests[0].Months != 12 || pf.Plan.Requests[0].Operation != plan.OpRenew {
		t.Fatalf("lines: %+v %v", pf, err)
	}
	pf, err = DecodePlan([]byte(`{"Options": {"StopStart": true, "WaitOrderProcessing": {"Retries": 3, "Initial": "5s"}},
  "Rules": [{"Name": "up", "Filter": {"Statuses": ["Running"], "Families": ["ecs.g6"]}, "Targets": ["ecs.g6.2xlarge"], "Start": "2026-09-14T00:00:00Z", "Interval": "2s", "TokenPrefix": "p-"}]}`))
	if err != nil || pf.Lines != nil || !pf.Plan.Options.StopStart || pf.Plan.Options.WaitOrderProcessing.Initial.D() != 5*time.Second ||
		pf.Plan.Rules[0].Interval.D() != 2*time.Second || pf.Plan.Rules[0].Filter.Statuses[0] != model.StatusRunning {
		t.Fatalf("document: %+v %v", pf, err)
	}
	if pf, err := DecodePlan([]byte(" {} ")); err != nil || len(pf.Plan.Requests)+len(pf.Plan.Rules) != 0 {
		t.Fatalf("{}: %+v %v", pf, err)
	}
	for _, tc := range []struct {
		doc          string
		line         int
		path, reason string
	}{
		{`{"Rules": [{"Filter": {"Statuses": ["Asleep"]}}]}`, 0, "Rules[0].Filter.Statuses[0]", "must be one of Pending, Starting, Running, Stopping, Stopped"},
		{`{"Rules": [{"Interval": "-1s"}]}`, 0, "Rules[0].Interval", `duration must be a Go duration string between 0 and 10 years, such as "5m"`},
		{`{"Requests": []} {}`, 0, "", "unexpected data after the plan document (a plan is one document or JSON Lines of requests)"},
		{"{\"Operation\": \"StopInstance\"}\n[1]", 2, "", "a plan line must be a JSON object (one request)"},
		{"{\"Operation\": \"StopInstance\"} {}", 1, "", "unexpected data after the request (one request per line)"},
		{"{\"Operation\": \"StopInstance\", \"Mnths\": 1}", 1, "Mnths", "unknown field"},
		{"{\"Operation\": \"StopInstance\", \"Months\": 2000}", 1, "Months", "must be an integer from 0 to 1200"},
	} {
		_, err := DecodePlan([]byte(tc.doc))
		var le *LineError
		var e *Error
		switch {
		case tc.line > 0 && errors.As(err, &le):
			e = le.Err
			if le.Line != tc.line {
				t.Errorf("%s: line %d, want %d", tc.doc, le.Line, tc.line)
			}
		case tc.line == 0 && !errors.As(err, &le) && errors.As(err, &e):
		default:
			t.Errorf("%s: got %T %v", tc.doc, err, err)
			continue
		}
		// An unknown key's reason may go on with a suggestion.
		if e.Path != tc.path || e.Reason != tc.reason && !(tc.reason == "unknown field" && strings.HasPrefix(e.Reason, tc.reason)) {
			t.Errorf("%s: got %q: %q, want %q: %q", tc.doc, e.Path, e.Reason, tc.path, tc.reason)
		}
	}
}
