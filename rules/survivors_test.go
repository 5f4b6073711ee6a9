package rules_test

// Tests for mutants that survived the rest of the suite (testdata/mutation/survivors.txt): each
// pins down an answer that a flipped comparison or a changed constant would alter.

import (
	"testing"
	"time"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
)

// TestRebootTimeEvidenceWithoutWindow: with no RebootTimeMaxAhead (the default 0) the evidence
// of schedule.reboot-time names no window; with one it names it.
func TestRebootTimeEvidenceWithoutWindow(t *testing.T) {
	w := fuzz.Baseline()
	w.Request.RebootTime = w.Now.Add(-time.Hour)
	evidence := func(w fuzz.World) string {
		t.Helper()
		for _, is := range fuzz.Explain(w, nil) {
			if is.Rule == "schedule.reboot-time" {
				return is.Evidence
			}
		}
		t.Fatal("schedule.reboot-time not reported")
		return ""
	}
	want := "RebootTime 2026-11-25T11:00:00Z must be after now 2026-11-25T12:00:00Z and not after expiry " +
		w.Facts.Instance.ExpiredTime.Format(time.RFC3339)
	if got := evidence(w); got != want {
		t.Errorf("evidence\n got %q\nwant %q", got, want)
	}
	w.Facts.Policy.RebootTimeMaxAhead = model.Duration(time.Hour)
	want = "RebootTime 2026-11-25T11:00:00Z must be after now 2026-11-25T12:00:00Z, at most 1h0m0s ahead " +
		"(policy RebootTimeMaxAhead) and not after expiry " + w.Facts.Instance.ExpiredTime.Format(time.RFC3339)
	if got := evidence(w); got != want {
		t.Errorf("evidence with a window\n got %q\nwant %q", got, want)
	}
}
