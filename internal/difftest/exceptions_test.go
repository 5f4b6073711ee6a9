package difftest

import (
	"math/big"
	"net/url"
	"strings"
	"testing"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/internal/reference"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

func baseCase(t *testing.T, w fuzz.World) Case {
	t.Helper()
	f := w.Build()
	return Case{Base: w, World: w, Facts: f, baseCat: f.Catalog}
}

func plans(t *testing.T, c *Case) (rules.Plan, *reference.Plan) {
	t.Helper()
	p, err := rules.Decide(c.World.Now, &c.World.Request, &c.Facts)
	if err != nil {
		t.Fatal(err)
	}
	ref := reference.Decide(c.World.Now, &c.World.Request, &c.Facts)
	if ref.Plan == nil {
		t.Fatalf("reference refuses: %s", ref.Rule)
	}
	return p, ref.Plan
}

func diffsOf(p *rules.Plan, r *reference.Plan) []string {
	d := &differ{}
	comparePlan(d, p, r)
	return d.diffs
}

// The comparison can fail: a cent off in any amount, a field changed, is a disagreement.
func TestComparisonCatchesEveryChange(t *testing.T) {
	for _, base := range []func() fuzz.World{fuzz.Baseline, fuzz.BaselineDowngrade} {
		c := baseCase(t, base())
		p, r := plans(t, &c)
		if d := diffsOf(&p, r); len(d) > 0 {
			t.Fatalf("baseline disagrees: %v", d)
		}
		cent := decimal.New(1, -2)
		changes := map[string]func(p *rules.Plan){
			"ToType":      func(p *rules.Plan) { p.ToType = "x" },
			"Effect.When": func(p *rules.Plan) { p.Effect.When = "x" },
			"CompletesAt": func(p *rules.Plan) { p.CompletesAt = p.CompletesAt.Add(1) },
		}
		if p.Charge != nil {
			changes["Charge.TradePrice"] = func(p *rules.Plan) { p.Charge.TradePrice = p.Charge.TradePrice.Add(cent) }
			changes["Charge.BalanceAfter"] = func(p *rules.Plan) { p.Charge.BalanceAfter = p.Charge.BalanceAfter.Sub(cent) }
		} else {
			changes["Refund.Total"] = func(p *rules.Plan) { p.Refund.Total = p.Refund.Total.Add(cent) }
			changes["Refund.Orders[0].Refunded"] = func(p *rules.Plan) { p.Refund.Orders[0].Refunded = p.Refund.Orders[0].Refunded.Sub(cent) }
			changes["Refund.Orders[0].Ratio"] = func(p *rules.Plan) { p.Refund.Orders[0].Ratio = p.Refund.Orders[0].Ratio.Add(decimal.New(1, -24)) }
		}
		for field, change := range changes {
			q, _ := plans(t, &c)
			change(&q)
			d := diffsOf(&q, r)
			if len(d) != 1 || !strings.HasPrefix(d[0], field+":") {
				t.Errorf("%s changed: diffs %v", field, d)
			}
		}
	}
}

// Identifiers: a new plan's RequestId, OrderId and Fingerprint are not compared; a replay's
// identifiers are.
func TestExceptionIdentifiers(t *testing.T) {
	c := baseCase(t, fuzz.Baseline())
	p, r := plans(t, &c)
	p.RequestID, p.OrderID, p.Fingerprint = "other", "other", "other"
	if d := diffsOf(&p, r); len(d) > 0 {
		t.Errorf("identifiers compared: %v", d)
	}
	// A replay: the same request under a remembered token.
	first, _ := plans(t, &c)
	w := fuzz.Baseline()
	w.Request.ClientToken = "tok"
	w.Facts.Idempotency = model.Ledger{"tok": {Fingerprint: w.Request.Fingerprint(), At: w.Now, RequestID: first.RequestID, OrderID: first.OrderID}}
	rc := baseCase(t, w)
	if res := Run(&rc); !res.Accepted || len(res.Diffs) > 0 {
		t.Fatalf("replay: accepted %v, diffs %v", res.Accepted, res.Diffs)
	}
	rp, rr := plans(t, &rc)
	if !rp.Replayed || !rr.Replayed {
		t.Fatalf("not a replay: engine %v, reference %v", rp.Replayed, rr.Replayed)
	}
	rp.OrderID = "other"
	if d := diffsOf(&rp, rr); len(d) != 1 || !strings.HasPrefix(d[0], "OrderID:") {
		t.Errorf("a replay's OrderID is not compared: %v", d)
	}
}

// Prose: descriptions, warnings and the wording of preconditions are not compared; the number
// of preconditions is.
func TestExceptionProse(t *testing.T) {
	c := baseCase(t, fuzz.Baseline())
	p, r := plans(t, &c)
	p.Effect.Description, p.Warnings = "other", []string{"other"}
	if d := diffsOf(&p, r); len(d) > 0 {
		t.Errorf("prose compared: %v", d)
	}
	p.Preconditions = append(p.Preconditions, "one more")
	if d := diffsOf(&p, r); len(d) != 1 || !strings.HasPrefix(d[0], "Preconditions:") {
		t.Errorf("the number of preconditions is not compared: %v", d)
	}
}

// ExactFigures24: an exact figure agrees when the engine's 24 decimals are the reference's
// fraction rounded half up, and only then.
func TestExceptionExactFigures24(t *testing.T) {
	third := big.NewRat(1, 3)
	d := &differ{}
	d.exact("x", decimal.RequireFromString("0.333333333333333333333333"), third)
	if len(d.diffs) > 0 {
		t.Errorf("24 places of 1/3: %v", d.diffs)
	}
	d.exact("x", decimal.RequireFromString("0.333333333333333333333334"), third)
	d.money("y", decimal.RequireFromString("0.333333333333333333333333"), third)
	if len(d.diffs) != 2 {
		t.Errorf("a last-place error and an inexact amount must disagree: %v", d.diffs)
	}
}

// ParseRefusals: a wire fault that the parser refuses is counted, not compared.
func TestExceptionParseRefusals(t *testing.T) {
	c := baseCase(t, fuzz.Baseline())
	c.Wire = func(v url.Values) { v.Set("AutoPay", "maybe") }
	if r := Run(&c); r.Parsed || len(r.Diffs) > 0 {
		t.Errorf("parse refusal: %+v", r)
	}
	c.Wire = func(v url.Values) { v.Set("AutoPay", "false") }
	if r := Run(&c); !r.Parsed || len(r.Diffs) > 0 {
		t.Errorf("a parsed wire change is compared: %+v", r)
	}
}
