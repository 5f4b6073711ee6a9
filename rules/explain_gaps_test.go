package rules_test

import (
	"slices"
	"testing"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
)

func ruleNames(is rules.Issues) []string {
	out := make([]string, len(is))
	for i, x := range is {
		out[i] = x.Rule
	}
	return out
}

// TestExplainVpcAdvancedWithoutTarget: Explain goes on past the first violation, so the
// VPC rule must not be evaluated when the target type is not in the catalog (it reads the
// target's family level); with a known entry-level target it is reported.
func TestExplainVpcAdvancedWithoutTarget(t *testing.T) {
	w := fuzz.Baseline()
	w.Facts.Instance.VpcAdvancedNetworkFeature = true
	w.Request.InstanceType = "ecs.nope.large"
	is := fuzz.Explain(w, nil)
	if len(is) == 0 || is[0].Err.ID != errcodes.InvalidInstanceTypeValueNotSupported400 {
		t.Fatalf("missing target: %v", ruleNames(is))
	}
	if slices.Contains(ruleNames(is), "target.vpc-advanced-network") {
		t.Errorf("the VPC rule ran without a target: %v", ruleNames(is))
	}

	w = fuzz.BaselineDowngrade()
	w.Facts.Instance.VpcAdvancedNetworkFeature = true
	w.Request.InstanceType = "ecs.t6-c1m2.large"
	is = fuzz.Explain(w, nil)
	if !slices.Contains(ruleNames(is), "target.vpc-advanced-network") {
		t.Errorf("entry-level target under an advanced VPC not reported: %v", ruleNames(is))
	}
}

// TestExplainStatusRulesWithoutDirection: with no target there is no direction, and the
// two status rules that depend on it (status.stopped-required, status.allowed) are not
// evaluated, whatever the status and the policy's allowed statuses.
func TestExplainStatusRulesWithoutDirection(t *testing.T) {
	for _, tc := range []struct {
		name     string
		status   model.Status
		up, down []model.Status
	}{
		{"running, only stopped allowed", model.StatusRunning, []model.Status{model.StatusStopped}, []model.Status{model.StatusStopped}},
		{"stopped, only running allowed", model.StatusStopped, []model.Status{model.StatusRunning}, []model.Status{model.StatusRunning}},
		{"running, nothing allowed", model.StatusRunning, []model.Status{}, []model.Status{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := fuzz.Baseline()
			w.Facts.Instance.Status = tc.status
			w.Facts.Policy.UpgradeStatuses = tc.up
			w.Facts.Policy.DowngradeStatuses = tc.down
			w.Request.InstanceType = "ecs.nope.large"
			is := fuzz.Explain(w, nil)
			names := ruleNames(is)
			if len(is) == 0 || is[0].Err.ID != errcodes.InvalidInstanceTypeValueNotSupported400 {
				t.Fatalf("missing target: %v", names)
			}
			for _, r := range []string{"status.stopped-required", "status.allowed"} {
				if slices.Contains(names, r) {
					t.Errorf("%s evaluated with no direction known: %v", r, names)
				}
			}
			// With the target back, the same world is refused by a status rule.
			w.Request.InstanceType = fuzz.BaseUpgrade
			if names := ruleNames(fuzz.Explain(w, nil)); !slices.ContainsFunc(names, func(n string) bool {
				return n == "status.stopped-required" || n == "status.allowed"
			}) {
				t.Errorf("with a direction, no status rule: %v", names)
			}
		})
	}
}
