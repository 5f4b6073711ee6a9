package fuzz

import (
	"errors"
	"reflect"
	"time"
	"unsafe"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

// The totality property, which FuzzDecide and the rapid properties (in fuzz/props) hold every
// decision to: one plan or one catalog error, the same answer twice, Decide and Explain in
// agreement, the inputs unchanged and the money invariants of an accepted plan. It is here,
// not in a test file, so that both test packages share it; it imports neither rapid nor
// go-cmp, so that FuzzDecide's test binary (and its coverage counters) stays small.

// CatalogID checks that err is a *errcodes.Error with a catalog entry and returns its ID.
func CatalogID(t Fataler, err error) errcodes.ID {
	t.Helper()
	return catalogError(t, err).ID
}

// catalogError is CatalogID returning the error itself.
func catalogError(t Fataler, err error) *errcodes.Error {
	var e *errcodes.Error
	if !errors.As(err, &e) || !e.ID.Valid() || e.HTTPStatus() == 0 || e.Code() == "" {
		t.Fatalf("error %#v is not a catalog entry", err)
	}
	return e
}

// Fataler is what the properties' checks need of *testing.T and *rapid.T.
type Fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// engine is the decision functions the properties hold to their specification: the rules
// package's, or (in TestCheckDecisionCatchesPlantedBugs) a broken copy that a property must
// catch.
type engine struct {
	decide  func(time.Time, *model.Request, *model.Facts) (rules.Plan, error)
	explain func(time.Time, *model.Request, *model.Facts) rules.Issues
	apply   func(model.Facts, rules.Plan) model.Facts
}

// rulesEngine is the engine under test.
var rulesEngine = engine{decide: rules.Decide, explain: rules.Explain, apply: rules.Apply}

// samePlan reports whether two plans are equal field by field, decimals by value (valueDiff).
// Two equal plans (the common case) are told apart by samePlans alone, which says equal only
// where valueDiff does (TestSamePlansFollowsValueDiff).
func samePlan(a, b *rules.Plan) bool {
	if same := samePlans(); same != nil && same(unsafe.Pointer(a), unsafe.Pointer(b)) {
		return true
	}
	return reflect.DeepEqual(a, b) || valueDiff(*a, *b) == ""
}

// noPlan is the plan that comes with an error: none.
var noPlan rules.Plan

// CheckDecision holds one prepared input (perr is the parser's refusal, if any) to the
// totality property; req and f are the engine's to read (a change to them is a failure).
func CheckDecision(t Fataler, now time.Time, req *model.Request, f *model.Facts, perr error) {
	t.Helper()
	checkDecisionOf(t, rulesEngine, now, req, f, perr)
}

// checkDecisionOf is CheckDecision for engine e.
func checkDecisionOf(t Fataler, e engine, now time.Time, req *model.Request, f *model.Facts, perr error) {
	t.Helper()
	if perr != nil {
		catalogError(t, perr)
		return
	}
	before := CaptureInputs(now, req, f)
	p1, err1 := e.decide(now, req, f)
	is := e.explain(now, req, f)
	p2, err2 := e.decide(now, req, f)
	if err1 == nil {
		// One comparison after everything the input goes through: Apply is pure too.
		_ = e.apply(*f, p1)
	}
	if !before.Unchanged(now, req, f) {
		t.Fatalf("Decide, Explain or Apply changed its input:\n%s", before.Diff(now, req, f))
	}
	if (err1 == nil) != (err2 == nil) || !samePlan(&p1, &p2) {
		t.Fatalf("same input, different output: %v / %v", err1, err2)
	}
	if err1 != nil {
		ce := catalogError(t, err1)
		if !samePlan(&p1, &noPlan) {
			t.Fatalf("an error with a non-empty plan")
		}
		if ce2 := catalogError(t, err2); ce2.ID != ce.ID || ce2.Detail() != ce.Detail() {
			t.Fatalf("same input, errors %v and %v", ce, ce2)
		}
		if len(is) == 0 || is[0].Err.ID != ce.ID {
			t.Fatalf("Decide %v, Explain %v", ce, is)
		}
		for k := 1; k < len(is); k++ {
			if is[k].Stage < is[k-1].Stage {
				t.Fatalf("Explain out of stage order: %v", is)
			}
		}
		return
	}
	if len(is) != 0 {
		t.Fatalf("Decide accepts, Explain reports %v", is)
	}
	if (p1.Charge == nil) == (p1.Refund == nil) && !p1.Replayed {
		t.Fatalf("plan with charge %v and refund %v", p1.Charge, p1.Refund)
	}
	if p1.ToType != req.InstanceType || p1.InstanceID != req.InstanceID {
		t.Fatalf("plan for %s/%s, request for %s/%s", p1.InstanceID, p1.ToType, req.InstanceID, req.InstanceType)
	}
	CheckMoney(t, &p1, f)
}

// CashPaid is the cash paid for the instance's orders.
func CashPaid(in *model.Instance) decimal.Decimal {
	s := decimal.Zero
	for _, o := range in.Orders {
		s = s.Add(o.CashPaid)
	}
	return s
}

// CheckMoney holds one accepted plan to the pricing invariants.
func CheckMoney(t Fataler, p *rules.Plan, f *model.Facts) {
	if ch := p.Charge; ch != nil {
		if ch.TradePrice.IsNegative() || ch.OriginalPrice.IsNegative() || ch.DiscountPrice.IsNegative() {
			t.Fatalf("negative charge %+v", ch.Quote)
		}
		if !ch.OriginalPrice.Sub(ch.DiscountPrice).Equal(ch.TradePrice) || ch.TradePrice.GreaterThan(ch.OriginalPrice) {
			t.Fatalf("charge %+v: Trade != Original - Discount", ch.Quote)
		}
		if ch.TradePrice.Exponent() < -f.Policy.CurrencyPlaces {
			t.Fatalf("charge %s not rounded to %d places", ch.TradePrice, f.Policy.CurrencyPlaces)
		}
		if ch.OrderStatus == rules.OrderPaid && !ch.BalanceAfter.Equal(ch.BalanceBefore.Sub(ch.TradePrice)) {
			t.Fatalf("paid: balance %s -> %s for %s", ch.BalanceBefore, ch.BalanceAfter, ch.TradePrice)
		}
		if ch.OrderStatus != rules.OrderPaid && !ch.BalanceAfter.Equal(ch.BalanceBefore) {
			t.Fatalf("%s order moved the balance", ch.OrderStatus)
		}
		if ch.BalanceAfter.IsNegative() {
			t.Fatalf("balance after %s", ch.BalanceAfter)
		}
	}
	if r := p.Refund; r != nil {
		if r.Total.IsNegative() || r.Total.GreaterThan(CashPaid(&f.Instance)) {
			t.Fatalf("refund %s outside [0, cash paid %s]", r.Total, CashPaid(&f.Instance))
		}
		if r.Total.Exponent() < -f.Policy.CurrencyPlaces {
			t.Fatalf("refund %s not rounded", r.Total)
		}
		for i, o := range r.Orders {
			if o.Amount.IsNegative() || o.Amount.GreaterThan(f.Instance.Orders[i].CashPaid) {
				t.Fatalf("order %s refund %s outside [0, %s]", o.OrderID, o.Amount, f.Instance.Orders[i].CashPaid)
			}
			if o.Ratio.IsNegative() || o.Ratio.GreaterThan(decimal.NewFromInt(1)) {
				t.Fatalf("order %s ratio %s", o.OrderID, o.Ratio)
			}
		}
		if tb := rules.ToBalance(r); tb.IsNegative() || tb.GreaterThan(r.Total) {
			t.Fatalf("to balance %s of %s", tb, r.Total)
		}
	}
}
