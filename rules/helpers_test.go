package rules_test

import (
	"testing"
	"time"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
)

// targetsByType is AvailableTargets of a prepared request and its facts, by instance type;
// an error fails t.
func targetsByType(t *testing.T, now time.Time, req *model.Request, f *model.Facts) map[string]rules.Target {
	t.Helper()
	ts, err := rules.AvailableTargets(now, req, f)
	if err != nil {
		t.Fatal(err)
	}
	byType := make(map[string]rules.Target, len(ts))
	for _, tg := range ts {
		byType[tg.InstanceType] = tg
	}
	return byType
}

// decide is fuzz.Decide of w.
func decide(t *testing.T, w fuzz.World) (rules.Plan, error) {
	t.Helper()
	return fuzz.Decide(w, nil)
}
