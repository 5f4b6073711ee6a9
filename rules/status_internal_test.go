package rules

import (
	"testing"

	"github.com/respec-dev/respec/model"
	"pgregory.net/rapid"
)

// referenceStatusAllowed is status.allowed's test as first written: Running or Stopped, not
// among the direction's allowed statuses, and not Running where Stopped is allowed.
func referenceStatusAllowed(ok []model.Status, s model.Status) bool {
	if s != model.StatusRunning && s != model.StatusStopped {
		return false
	}
	running := s == model.StatusRunning && hasStatus(ok, model.StatusStopped)
	return !hasStatus(ok, s) && !running
}

// TestStatusAllowedMatchesReference holds status.allowed (the allowed status tested first) to
// its first form for every status and allowed list of either direction.
func TestStatusAllowedMatchesReference(t *testing.T) {
	i := ruleIndex(t, "status.allowed")
	statuses := rapid.SampledFrom([]model.Status{model.StatusRunning, model.StatusStopped, model.StatusStarting,
		model.StatusStopping, "", "Unknown"})
	rapid.Check(t, func(t *rapid.T) {
		s := statuses.Draw(t, "status")
		up := rapid.SliceOfN(statuses, 0, 4).Draw(t, "upgrade statuses")
		down := rapid.SliceOfN(statuses, 0, 4).Draw(t, "downgrade statuses")
		dir := rapid.SampledFrom([]model.OperatorType{model.Upgrade, model.Downgrade}).Draw(t, "direction")
		c := evaluation{inst: &model.Instance{Status: s}, pol: &model.Policy{UpgradeStatuses: up, DowngradeStatuses: down}, dir: dir}
		if got, want := table[i].test(&c), referenceStatusAllowed(c.allowedStatuses(), s); got != want {
			t.Fatalf("status.allowed = %v, its first form %v", got, want)
		}
	})
}

// ruleIndex returns the table index of the rule named name.
func ruleIndex(t *testing.T, name string) int {
	for i := range table {
		if table[i].name == name {
			return i
		}
	}
	t.Fatalf("no rule %s", name)
	return -1
}
