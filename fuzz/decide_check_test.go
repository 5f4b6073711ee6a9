package fuzz

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/pricing"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

// failure is what a recorder recorded: the message of the first Fatalf.
type failure struct{ msg string }

// recorder is a Fataler that stops the check at its first Fatalf and keeps the message.
type recorder struct{}

func (recorder) Helper() {}
func (recorder) Fatalf(format string, args ...any) {
	panic(failure{fmt.Sprintf(format, args...)})
}

// checkFailure runs checkDecisionOf and returns its failure message ("" when it passed).
func checkFailure(e engine, now time.Time, req model.Request, f model.Facts, perr error) string {
	return checkFailureOf(func(r Fataler) { checkDecisionOf(r, e, now, &req, &f, perr) })
}

// checkFailureOf runs check with a recorder and returns its failure message ("" when it
// passed); any other panic goes on.
func checkFailureOf(check func(Fataler)) (msg string) {
	defer func() {
		if x := recover(); x != nil {
			fl, ok := x.(failure)
			if !ok {
				panic(x)
			}
			msg = fl.msg
		}
	}()
	check(recorder{})
	return ""
}

// refusedInOrder returns a world that Decide refuses and Explain reports at least two issues
// of, from two faults.
func refusedInOrder(t *testing.T) World {
	t.Helper()
	for i := range decodeFaults {
		for j := range decodeFaults {
			ww, _ := decodeWorld([]byte{2, byte(i), byte(j)})
			if ww.Wire != nil {
				continue
			}
			if is := Explain(ww.World, nil); len(is) >= 2 && is[len(is)-1].Stage > firstStage {
				return ww.World
			}
		}
	}
	t.Fatal("no pair of faults with two issues")
	return World{}
}

// firstStage is the first stage of the rule table.
const firstStage = rules.StageParameters

// TestCheckDecisionCatchesPlantedBugs: each property of the totality check (FuzzDecide's and
// TestTotalityAndDeterminism's) fails on an engine with a bug planted where it looks, and
// passes on the rules package's engine.
func TestCheckDecisionCatchesPlantedBugs(t *testing.T) {
	upgrade, downgrade, refused := Baseline(), BaselineDowngrade(), refusedInOrder(t)
	unpaid := Baseline()
	unpaid.Request.AutoPay = false
	worldOf := map[string]World{"upgrade": upgrade, "downgrade": downgrade, "refused": refused, "unpaid": unpaid}

	// wrap returns the rules engine with decide's answers passed through change (the call's
	// number, 1 or 2, given).
	wrap := func(change func(n int, req *model.Request, f *model.Facts, p *rules.Plan, err *error)) engine {
		e := rulesEngine
		n := 0
		e.decide = func(now time.Time, req *model.Request, f *model.Facts) (rules.Plan, error) {
			p, err := rules.Decide(now, req, f)
			n++
			change(n, req, f, &p, &err)
			return p, err
		}
		return e
	}
	onCharge := func(change func(c *rules.Charge)) engine {
		return wrap(func(_ int, _ *model.Request, _ *model.Facts, p *rules.Plan, _ *error) { change(p.Charge) })
	}
	noApply := func(e engine) engine { // for a plan Apply cannot take
		e.apply = func(f model.Facts, _ rules.Plan) model.Facts { return f }
		return e
	}
	onRefund := func(change func(r *pricing.Refund)) engine { // on a copy of the refund and its orders
		return wrap(func(_ int, _ *model.Request, _ *model.Facts, p *rules.Plan, _ *error) {
			r := *p.Refund
			r.Orders = append(r.Orders[:0:0], r.Orders...)
			change(&r)
			p.Refund = &r
		})
	}
	bad := errcodes.New(errcodes.InternalError, "planted")
	cases := []struct {
		name, world string
		engine      engine
		want        string // a part of the failure message
	}{
		{"Decide changes a data disk", "upgrade", wrap(func(_ int, _ *model.Request, f *model.Facts, _ *rules.Plan, _ *error) {
			f.Instance.DataDisks[0].SizeGiB++
		}), "changed its input"},
		{"Decide changes the request", "upgrade", wrap(func(_ int, req *model.Request, _ *model.Facts, _ *rules.Plan, _ *error) {
			req.OwnerAccount = "planted"
		}), "changed its input"},
		{"Decide changes a list price in the catalog", "refused", wrap(func(_ int, _ *model.Request, f *model.Facts, _ *rules.Plan, _ *error) {
			f.Catalog.Data().Types[0].MonthlyPrice[BaseRegion] = decimal.NewFromInt(1)
		}), "changed its input"},
		{"Decide changes the policy's statuses", "refused", wrap(func(_ int, _ *model.Request, f *model.Facts, _ *rules.Plan, _ *error) {
			f.Policy.UpgradeStatuses[0] = "Planted"
		}), "changed its input"},
		{"Explain changes the balance", "upgrade", engine{rules.Decide, func(now time.Time, req *model.Request, f *model.Facts) rules.Issues {
			f.Account.Balance = f.Account.Balance.Add(decimal.NewFromInt(1))
			return rules.Explain(now, req, f)
		}, rules.Apply}, "changed its input"},
		{"Apply writes through the order list", "downgrade", engine{rules.Decide, rules.Explain, func(f model.Facts, p rules.Plan) model.Facts {
			f.Instance.Orders[0].CashPaid = decimal.Zero
			return rules.Apply(f, p)
		}}, "changed its input"},
		{"a second answer with another RequestId", "upgrade", wrap(func(n int, _ *model.Request, _ *model.Facts, p *rules.Plan, _ *error) {
			if n == 2 {
				p.RequestID += "0"
			}
		}), "same input, different output"},
		{"a second answer with another price", "upgrade", wrap(func(n int, _ *model.Request, _ *model.Facts, p *rules.Plan, _ *error) {
			if n == 2 {
				c := *p.Charge
				c.TradePrice = c.TradePrice.Add(decimal.New(1, -2))
				p.Charge = &c
			}
		}), "same input, different output"},
		{"a second answer refused", "upgrade", wrap(func(n int, _ *model.Request, _ *model.Facts, p *rules.Plan, err *error) {
			if n == 2 {
				*p, *err = rules.Plan{}, bad
			}
		}), "same input, different output"},
		{"a second error with another detail", "refused", wrap(func(n int, _ *model.Request, _ *model.Facts, _ *rules.Plan, err *error) {
			var e *errcodes.Error
			if n == 2 && errors.As(*err, &e) {
				*err = errcodes.New(e.ID, e.Detail()+" (planted)")
			}
		}), "same input, errors"},
		{"an error with a plan", "refused", wrap(func(_ int, _ *model.Request, _ *model.Facts, p *rules.Plan, _ *error) {
			p.ToType = BaseUpgrade
		}), "an error with a non-empty plan"},
		{"an error outside the catalog", "refused", wrap(func(_ int, _ *model.Request, _ *model.Facts, _ *rules.Plan, err *error) {
			*err = errors.New("planted")
		}), "is not a catalog entry"},
		{"Explain silent on a refusal", "refused", engine{rules.Decide, func(time.Time, *model.Request, *model.Facts) rules.Issues {
			return nil
		}, rules.Apply}, "Explain"},
		{"Explain's issues out of stage order", "refused", engine{rules.Decide, func(now time.Time, req *model.Request, f *model.Facts) rules.Issues {
			is := rules.Explain(now, req, f)
			return append(is, rules.Issue{Rule: "planted", Stage: is[len(is)-1].Stage - 1, Err: is[0].Err})
		}, rules.Apply}, "out of stage order"},
		{"Explain reports an issue on an accepted change", "upgrade", engine{rules.Decide, func(time.Time, *model.Request, *model.Facts) rules.Issues {
			return rules.Issues{{Rule: "planted", Stage: firstStage, Err: bad}}
		}, rules.Apply}, "Decide accepts, Explain reports"},
		{"an upgrade without a charge", "upgrade", noApply(wrap(func(_ int, _ *model.Request, _ *model.Facts, p *rules.Plan, _ *error) {
			p.Charge = nil
		})), "plan with charge"},
		{"a plan for another type", "upgrade", wrap(func(_ int, _ *model.Request, _ *model.Facts, p *rules.Plan, _ *error) {
			p.ToType = BaseDowngrade
		}), "plan for"},
		{"a plan for another instance", "upgrade", wrap(func(_ int, _ *model.Request, _ *model.Facts, p *rules.Plan, _ *error) {
			p.InstanceID += "0"
		}), "plan for"},
		{"a negative charge", "upgrade", onCharge(func(c *rules.Charge) {
			c.TradePrice, c.OriginalPrice = c.TradePrice.Neg(), c.OriginalPrice.Neg()
		}), "negative charge"},
		{"a discount that does not add up", "upgrade", onCharge(func(c *rules.Charge) {
			c.DiscountPrice = c.DiscountPrice.Add(decimal.New(1, -2))
		}), "Trade != Original - Discount"},
		{"a charge not rounded", "upgrade", onCharge(func(c *rules.Charge) {
			d := decimal.New(1, -3)
			c.TradePrice, c.OriginalPrice = c.TradePrice.Add(d), c.OriginalPrice.Add(d)
		}), "not rounded"},
		{"a paid order that does not move the balance", "upgrade", onCharge(func(c *rules.Charge) {
			c.BalanceAfter = c.BalanceBefore
		}), "paid: balance"},
		{"an unpaid order that moves the balance", "unpaid", onCharge(func(c *rules.Charge) {
			c.BalanceAfter = c.BalanceBefore.Sub(c.TradePrice)
		}), "order moved the balance"},
		{"a negative balance after", "upgrade", onCharge(func(c *rules.Charge) {
			c.BalanceBefore, c.BalanceAfter = c.TradePrice.Sub(decimal.NewFromInt(1)), decimal.NewFromInt(-1)
		}), "balance after"},
		{"a refund above the cash paid", "downgrade", wrap(func(_ int, _ *model.Request, f *model.Facts, p *rules.Plan, _ *error) {
			r := *p.Refund
			r.Total = CashPaid(&f.Instance).Add(decimal.NewFromInt(1))
			p.Refund = &r
		}), "outside [0, cash paid"},
		{"a refund not rounded", "downgrade", onRefund(func(r *pricing.Refund) {
			r.Total = r.Total.Sub(decimal.New(1, -3))
		}), "not rounded"},
		{"an order refund above the order's cash", "downgrade", onRefund(func(r *pricing.Refund) {
			r.Orders[0].Amount = r.Orders[0].Amount.Add(decimal.NewFromInt(100000))
		}), "order 210000000000001 refund"},
		{"more to the balance than the refund", "downgrade", onRefund(func(r *pricing.Refund) {
			for i := range r.Orders {
				r.Orders[i].Destination, r.Orders[i].Refunded = model.PayBalance, r.Total.Add(decimal.NewFromInt(1))
			}
		}), "to balance"},
		{"an order refund ratio above 1", "downgrade", wrap(func(_ int, _ *model.Request, _ *model.Facts, p *rules.Plan, _ *error) {
			r := *p.Refund
			r.Orders = append(r.Orders[:0:0], r.Orders...)
			r.Orders[0].Ratio = decimal.NewFromInt(2)
			p.Refund = &r
		}), "ratio"},
	}
	for _, w := range []string{"upgrade", "downgrade", "refused", "unpaid"} {
		req, f, perr := Prepare(worldOf[w], nil)
		if msg := checkFailure(rulesEngine, worldOf[w].Now, req, f, perr); msg != "" {
			t.Fatalf("%s world, the rules engine: %s", w, msg)
		}
	}
	for _, c := range cases {
		w := worldOf[c.world].Clone() // a planted change to the facts or the catalog stays here
		req, f, perr := Prepare(w, nil)
		msg := checkFailure(c.engine, w.Now, req, f, perr)
		if !strings.Contains(msg, c.want) {
			t.Errorf("%s: failure %q, want one with %q", c.name, msg, c.want)
		}
	}
	if msg := checkFailure(rulesEngine, upgrade.Now, model.Request{}, model.Facts{}, errors.New("planted")); !strings.Contains(msg, "not a catalog entry") {
		t.Errorf("a parse refusal outside the catalog: failure %q", msg)
	}
}
