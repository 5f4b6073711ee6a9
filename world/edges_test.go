package world

import (
	"testing"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
)

// The tests in this file hold the world's limits at their exact edges and its copies of what
// the caller passed.

// TestBuilderCopiesTheLimits: a change to the caller's PerAPI map after NewBuilder, or to
// the map Limits returns, does not reach the world.
func TestBuilderCopiesTheLimits(t *testing.T) {
	per := map[string]int{APIStartInstance: 5}
	w := testWorld(t, 1, 1, "100", Limits{PerAPI: per})
	per[APIModifyPrepayInstanceSpec] = 1
	per[APIStartInstance] = 1
	if got := w.Limits().PerAPI; len(got) != 1 || got[APIStartInstance] != 5 {
		t.Fatalf("the world's limits follow the caller's map: %v", got)
	}
	w.Limits().PerAPI[APIStartInstance] = 1
	if got := w.Limits().PerAPI[APIStartInstance]; got != 5 {
		t.Fatalf("the world's limits follow the returned map: %d", got)
	}
	if got := (Limits{}).PerAPI; cloneLimits(Limits{}).PerAPI != nil || got != nil {
		t.Error("a nil PerAPI is not kept nil")
	}
}

// TestBuilderAcceptsAZeroRequestCount: a count of 0 is a count (nothing used yet), only a
// negative one is refused.
func TestBuilderAcceptsAZeroRequestCount(t *testing.T) {
	cat, err := model.NewCatalog(fuzz.BaseCatalog())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		count int
		ok    bool
	}{{0, true}, {1, true}, {-1, false}} {
		b := NewBuilder(t0, cat, model.PolicyCurrent(), Limits{})
		b.AddAccount(AccountSpec{Account: model.Account{AccountID: "a", Balance: dec("1")},
			Requests: []RequestCount{{API: APIStartInstance, RegionID: fuzz.BaseRegion, Count: tc.count}}})
		if _, err := b.Build(); (err == nil) != tc.ok {
			t.Errorf("a request count of %d: %v", tc.count, err)
		}
	}
}

// TestRenewPeriodEdges: Months from 1 to the limit (60 by default, Limits.MaxRenewMonths
// when set) are renewed; 0 and one past the limit are InvalidPeriod.
func TestRenewPeriodEdges(t *testing.T) {
	for _, tc := range []struct {
		max, months int
		ok          bool
	}{
		{0, 0, false}, {0, 1, true}, {0, 60, true}, {0, 61, false},
		{3, 3, true}, {3, 4, false}, {-1, 60, true}, {-1, 61, false},
	} {
		w := testWorld(t, 1, 1, "100000000", Limits{MaxRenewMonths: tc.max})
		_, o := run(t)(w.RenewInstance(t0, RenewInput{Caller: caller(0), RegionID: fuzz.BaseRegion, InstanceID: instanceID(0, 0), Months: tc.months}))
		if tc.ok {
			wantCode(t, o, "")
		} else {
			wantCode(t, o, CodeInvalidPeriod)
		}
	}
}
