package rules_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/fuzz/gen"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
)

// A Facts literal that leaves Policy out decides exactly as PolicyCurrent(): the same plan or
// the same error, the same issues, the same facts after Apply.
func TestZeroPolicyIsCurrent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := gen.World().Draw(t, "world")
		req, facts, err := fuzz.Prepare(w, nil)
		if err != nil {
			t.Fatalf("prepare: %v", err)
		}
		cur := facts
		cur.Policy = model.PolicyCurrent()
		zero := facts
		zero.Policy = model.Policy{}
		pc, ec := rules.Decide(w.Now, &req, &cur)
		pz, ez := rules.Decide(w.Now, &req, &zero)
		if d := cmp.Diff(errString(ec), errString(ez)); d != "" {
			t.Fatalf("errors differ (-current +zero):\n%s", d)
		}
		if d := cmp.Diff(pc, pz); d != "" {
			t.Fatalf("plans differ (-current +zero):\n%s", d)
		}
		if d := cmp.Diff(rules.Explain(w.Now, &req, &cur), rules.Explain(w.Now, &req, &zero)); d != "" {
			t.Fatalf("issues differ (-current +zero):\n%s", d)
		}
		if ec == nil {
			ac, az := rules.Apply(cur, pc), rules.Apply(zero, pz)
			if !ac.Account.Balance.Equal(az.Account.Balance) {
				t.Fatalf("Apply: balance %v (current) vs %v (zero)", ac.Account.Balance, az.Account.Balance)
			}
		}
	})
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// The evidence names the policy the zero value stands for.
func TestZeroPolicyEvidence(t *testing.T) {
	w := fuzz.BaselineDowngrade()
	w.Facts.Instance.Status = model.StatusRunning
	req, facts, _ := fuzz.Prepare(w, nil)
	facts.Policy = model.Policy{}
	is := rules.Explain(w.Now, &req, &facts)
	if len(is) != 1 || is[0].Rule != "status.stopped-required" || !strings.Contains(is[0].Evidence, "under policy current") {
		t.Fatalf("issues %+v", is)
	}
}

func TestPolicyIsZero(t *testing.T) {
	var p model.Policy
	if !p.IsZero() {
		t.Fatal("zero Policy: IsZero false")
	}
	if p.Effective().Name != model.PresetCurrent {
		t.Fatalf("zero Policy: Effective is %q", p.Effective().Name)
	}
	cur := model.PolicyCurrent()
	if cur.IsZero() || cur.Effective() != &cur {
		t.Fatal("PolicyCurrent: IsZero, or Effective is not itself")
	}
}
