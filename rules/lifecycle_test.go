package rules

import (
	"testing"
	"time"

	"github.com/respec-dev/respec/model"
)

// TestNextEventOrder: the earliest due event comes first, Event order breaks ties, events
// outside (after, until] are not due, and expiry stops only a Running instance.
func TestNextEventOrder(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	in := model.Instance{
		Status: model.StatusRunning, ExpiredTime: t0.Add(3 * time.Hour),
		OrderInProgress:     &model.OrderInProgress{Until: t0.Add(2 * time.Hour)},
		PendingInstanceType: "ecs.g6.large", PendingRebootTime: t0.Add(2 * time.Hour),
		TemporaryUpgrade: &model.TemporaryUpgrade{Until: t0.Add(time.Hour), RevertTo: "ecs.g6.xlarge"},
	}
	var got []Event
	for now := t0; ; {
		at, e := NextEvent(&in, now, t0.Add(24*time.Hour))
		if e == EventNone {
			break
		}
		ApplyEvent(&in, e)
		got, now = append(got, e), at
	}
	// The revert clears the pending type, so no restart is left; the order completes; the
	// subscription expires.
	want := []Event{EventRevert, EventOrderCompleted, EventExpiry}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] || got[2] != want[2] {
		t.Fatalf("events %v, want %v", got, want)
	}
	if in.Status != model.StatusStopped || in.InstanceType != "ecs.g6.xlarge" {
		t.Fatalf("after the events: %s %s", in.Status, in.InstanceType)
	}
	if _, e := NextEvent(&in, t0, t0.Add(24*time.Hour)); e != EventNone {
		t.Fatalf("a Stopped, settled instance has event %v", e)
	}
	tie := model.Instance{Status: model.StatusRunning, ExpiredTime: t0.Add(time.Hour),
		OrderInProgress: &model.OrderInProgress{Until: t0.Add(time.Hour)}}
	if at, e := NextEvent(&tie, t0, t0.Add(time.Hour)); e != EventOrderCompleted || !at.Equal(t0.Add(time.Hour)) {
		t.Fatalf("tie: %v at %v, want the order first", e, at)
	}
	if _, e := NextEvent(&tie, t0, t0.Add(time.Hour-time.Nanosecond)); e != EventNone {
		t.Fatalf("an event after until is due: %v", e)
	}
}

// TestStageNames: every stage has a name of its own.
func TestStageNames(t *testing.T) {
	seen := map[string]bool{}
	for s := StageParameters; s <= StageMoney; s++ {
		if n := s.String(); n == "" || n == "unknown" || seen[n] {
			t.Errorf("stage %d is named %q", s, n)
		} else {
			seen[n] = true
		}
	}
	if Stage(0).String() != "unknown" || (StageMoney+1).String() != "unknown" {
		t.Error("a value outside the stages has a name")
	}
}
