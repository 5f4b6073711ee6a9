package rules_test

import (
	"net/url"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/rules"
)

// Each request key respec does not know gets a warning in the plan, with its did-you-mean; the
// RPC common keys stay silent, and the answer is otherwise the same.
func TestPlanWarnsAboutUnknownKeys(t *testing.T) {
	w := fuzz.Baseline()
	plain, err := fuzz.Decide(w, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := fuzz.Decide(w, func(v url.Values) {
		v.Set("Autopay", "false")
		v.Set("CouponNo", "c-1")
		v.Set("Action", "ModifyPrepayInstanceSpec")
		v.Set("Timestamp", "2026-01-01T00:00:00Z")
	})
	if err != nil {
		t.Fatal(err)
	}
	want := append(append([]string(nil), plain.Warnings...),
		"Request parameter Autopay is not a parameter of ModifyPrepayInstanceSpec and is ignored, as the API ignores it; did you mean AutoPay? (AutoPay keeps its default).",
		"Request parameter CouponNo is not a parameter of ModifyPrepayInstanceSpec and is ignored, as the API ignores it.")
	if d := cmp.Diff(want, p.Warnings); d != "" {
		t.Fatalf("warnings (-want +got):\n%s", d)
	}
	p.Warnings = plain.Warnings
	if d := cmp.Diff(plain, p); d != "" {
		t.Fatalf("an unknown key changed the plan (-without +with):\n%s", d)
	}
	if p.Charge.OrderStatus != rules.OrderPaid {
		t.Fatalf("the misspelt Autopay=false took effect: %s", p.Charge.OrderStatus)
	}
}
