package fuzz

import (
	"strings"
	"testing"

	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

// TestValueDiff: decimals compare by value, a built catalog by identity, everything else
// field by field with its path; nil and empty differ.
func TestValueDiff(t *testing.T) {
	w := Baseline()
	f1, f2 := w.Build(), w.Build()
	a := rules.Plan{InstanceID: "i-1", Charge: &rules.Charge{BalanceBefore: dec("1.0")}}
	b := rules.Plan{InstanceID: "i-1", Charge: &rules.Charge{BalanceBefore: dec("1.00")}}
	if d := valueDiff(a, b); d != "" {
		t.Errorf("equal decimals of two representations: %s", d)
	}
	if !samePlan(&a, &b) {
		t.Errorf("samePlan: equal plans told apart")
	}
	b.Charge.BalanceBefore, b.ToType = decimal.NewFromInt(2), "ecs.x"
	d := valueDiff(a, b)
	for _, want := range []string{".ToType:  != ecs.x", ".Charge.BalanceBefore: 1 != 2"} {
		if !strings.Contains(d, want) {
			t.Errorf("diff %q lacks %q", d, want)
		}
	}
	if samePlan(&a, &b) {
		t.Errorf("samePlan: different plans the same")
	}
	if d := valueDiff(f1, f1); d != "" {
		t.Errorf("facts against themselves: %s", d)
	}
	if d := valueDiff(f1, f2); !strings.Contains(d, ".Catalog:") {
		t.Errorf("two built catalogs of the same data: diff %q, want them told apart by identity", d)
	}
	g := f1
	if d := valueDiff(model.Instance{}, model.Instance{DataDisks: []model.Disk{}}); !strings.Contains(d, ".DataDisks:") {
		t.Errorf("nil and empty: diff %q", d)
	}
	g.Idempotency = model.Ledger{"tok": {RequestID: "R"}}
	if d := valueDiff(f1, g); !strings.Contains(d, ".Idempotency: map[] != map[tok:") && !strings.Contains(d, ".Idempotency[tok]") {
		t.Errorf("a ledger entry added: diff %q", d)
	}
}
