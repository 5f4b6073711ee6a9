package rules_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

func decide(t *testing.T, w fuzz.World) (rules.Plan, error) {
	t.Helper()
	return fuzz.Decide(w, nil)
}

func TestBaselinesAreAccepted(t *testing.T) {
	for name, base := range map[string]func() fuzz.World{
		"upgrade": fuzz.Baseline, "downgrade": fuzz.BaselineDowngrade, "retired": fuzz.Retired,
	} {
		t.Run(name, func(t *testing.T) {
			w := base()
			p, err := decide(t, w)
			if err != nil {
				t.Fatalf("Decide: %v", err)
			}
			if is := fuzz.Explain(w, nil); len(is) != 0 {
				t.Fatalf("Explain reports %v for an accepted world", is)
			}
			if p.ToType != w.Request.InstanceType || p.InstanceID != w.Request.InstanceID {
				t.Errorf("plan %s -> %s for %s", p.FromType, p.ToType, p.InstanceID)
			}
		})
	}
}

func TestUpgradePlan(t *testing.T) {
	w := fuzz.Baseline()
	p, err := decide(t, w)
	if err != nil {
		t.Fatal(err)
	}
	if p.Operation != "upgrade" || p.Direction != model.Upgrade || p.Refund != nil || p.Charge == nil {
		t.Fatalf("operation %q, charge %v, refund %v", p.Operation, p.Charge, p.Refund)
	}
	if p.Charge.OrderStatus != rules.OrderPaid {
		t.Errorf("order status %s, want Paid", p.Charge.OrderStatus)
	}
	// (1200 - 600) / 720 per hour, from 2026-11-25T12:00Z to 2027-10-01T00:00Z = 7428 hours,
	// 10 whole months: discount 0.9. Original 600*7428/720 = 6190.00; trade 5571.00.
	if want := decimal.RequireFromString("6190"); !p.Charge.OriginalPrice.Equal(want) {
		t.Errorf("OriginalPrice %s, want %s", p.Charge.OriginalPrice, want)
	}
	if want := decimal.RequireFromString("5571"); !p.Charge.TradePrice.Equal(want) {
		t.Errorf("TradePrice %s, want %s", p.Charge.TradePrice, want)
	}
	if want := decimal.RequireFromString("4429"); !p.Charge.BalanceAfter.Equal(want) {
		t.Errorf("BalanceAfter %s, want %s", p.Charge.BalanceAfter, want)
	}
	if p.Effect.When != rules.EffectNextStart || p.Effect.Restart {
		t.Errorf("effect %+v, want next start without restart", p.Effect)
	}
	if !p.CompletesAt.Equal(w.Now.Add(10 * time.Second)) {
		t.Errorf("CompletesAt %s", p.CompletesAt)
	}
	if len(p.OrderID) != 15 || len(p.RequestID) != 36 {
		t.Errorf("ids %q %q", p.OrderID, p.RequestID)
	}
	p2, _ := decide(t, w)
	if diff := cmp.Diff(p, p2); diff != "" {
		t.Errorf("same input, different plan (-first +second):\n%s", diff)
	}
}

func TestEveryCatalogEntryIsReachable(t *testing.T) {
	covered := map[errcodes.ID]bool{}
	for _, f := range fuzz.Faults() {
		t.Run(f.ID.Code()+"/"+f.Name, func(t *testing.T) {
			w := f.Base()
			if f.Break != nil {
				f.Break(&w)
			}
			_, err := fuzz.Decide(w, f.Wire)
			if !errors.Is(err, f.ID) {
				t.Fatalf("Decide = %v, want %s %d", err, f.ID.Code(), f.ID.HTTPStatus())
			}
			var e *errcodes.Error
			if !errors.As(err, &e) || e.HTTPStatus() != f.ID.HTTPStatus() || e.Code() != f.ID.Code() {
				t.Fatalf("error %v: status/code mismatch", err)
			}
			is := fuzz.Explain(w, f.Wire)
			if len(is) != 1 || !errors.Is(is[0].Err, f.ID) {
				t.Fatalf("Explain = %v, want exactly one issue %s", is, f.ID.Code())
			}
			if f.Break != nil && is[0].Evidence == "" {
				t.Errorf("issue %s has no evidence", is[0].Rule)
			}
			covered[f.ID] = true
		})
	}
	// InvalidAction.NotFound and InvalidVersion are the endpoint's gateway errors: no request
	// to ModifyPrepayInstanceSpec can reach them, and server/'s tests cover them.
	covered[errcodes.InvalidActionNotFound] = true
	covered[errcodes.InvalidVersion] = true
	for _, e := range errcodes.All() {
		if !covered[e.ID] {
			t.Errorf("no fault reaches %s (HTTP %d)", e.Code, e.HTTPStatus)
		}
	}
}

func TestDecideErrorIsExplainFirstForFaultPairs(t *testing.T) {
	faults := fuzz.Faults()
	pos := map[errcodes.ID]int{}
	for _, r := range rules.Rules() {
		if _, ok := pos[r.ID]; !ok {
			pos[r.ID] = r.Position
		}
	}
	n := 0
	for i, a := range faults {
		for j, b := range faults {
			if i >= j || a.Break == nil || b.Break == nil {
				continue
			}
			w := a.Base()
			if b.Base != nil && a.Base().Facts.Instance.Status != b.Base().Facts.Instance.Status {
				continue
			}
			if !compose(&w, a.Break, b.Break) {
				continue // the second fault needs what the first removed
			}
			_, err := fuzz.Decide(w, nil)
			is := fuzz.Explain(w, nil)
			if err == nil {
				if len(is) != 0 {
					t.Errorf("%s + %s: Decide accepts, Explain %v", a.Name, b.Name, is)
				}
				continue
			}
			if len(is) == 0 || !errors.Is(err, is[0].Err.ID) {
				t.Errorf("%s + %s: Decide %v, Explain first %v", a.Name, b.Name, err, is)
			}
			for k := 1; k < len(is); k++ {
				if is[k].Stage < is[k-1].Stage {
					t.Errorf("%s + %s: Explain out of stage order: %v", a.Name, b.Name, is)
				}
			}
			n++
		}
	}
	if n < 1000 {
		t.Errorf("only %d pairs checked", n)
	}
}

// compose applies both mutators; it reports false when they do not compose (the second one
// needs a part of the world, a disk or an ENI, that the first one removed).
func compose(w *fuzz.World, a, b func(*fuzz.World)) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	a(w)
	b(w)
	return true
}
