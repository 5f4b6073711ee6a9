package pricing

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/respec-dev/respec/internal/exact"
	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// refundText writes every field of r, each decimal as its coefficient and exponent, so that
// two refunds with the same text are the same to the byte whatever is done with them.
func refundText(r Refund) string {
	var b strings.Builder
	writeFields(&b, reflect.ValueOf(r))
	return b.String()
}

var decimalType = reflect.TypeOf(decimal.Decimal{})

// writeFields writes v (a struct, a slice of structs or a plain value) field by field.
func writeFields(b *strings.Builder, v reflect.Value) {
	switch {
	case v.Type() == decimalType:
		d := v.Interface().(decimal.Decimal)
		fmt.Fprintf(b, "%se%d", d.Coefficient(), d.Exponent())
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			fmt.Fprintf(b, " %s=", v.Type().Field(i).Name)
			writeFields(b, v.Field(i))
		}
	case v.Kind() == reflect.Slice:
		fmt.Fprintf(b, "[%d:", v.Len())
		for i := range v.Len() {
			writeFields(b, v.Index(i))
			b.WriteString(";")
		}
		b.WriteString("]")
	default:
		fmt.Fprintf(b, "%v", v.Interface())
	}
}

// genEdgeAmount draws an amount from the typical ones and the edges: zero, one unit of the
// last place, many decimals, the largest CheckDecimal allows, trailing zeros.
func genEdgeAmount(t *rapid.T, name string) decimal.Decimal {
	switch rapid.IntRange(0, 7).Draw(t, name+"Kind") {
	case 0:
		return decimal.Zero
	case 1:
		return genWideAmount(t, name)
	case 2:
		return decimal.New(1, -int32(rapid.IntRange(0, 15).Draw(t, name+"Tiny")))
	case 3:
		return decimal.New(999_999_999_999_999, -int32(rapid.IntRange(0, 15).Draw(t, name+"HugeExp")))
	case 4:
		return decimal.New(rapid.Int64Range(1, 1e6).Draw(t, name+"Padded"), -int32(rapid.IntRange(0, 6).Draw(t, name+"Zeros"))).
			Mul(decimal.New(1, 0)).Round(8) // written with trailing zeros
	}
	return genAmount(t, name)
}

// genCompactScenario draws a scenario for the compact path: genScenario's orders (several,
// renewals, downgrade orders, cancelled ones), most often without an upgrade order in force,
// amounts and prices from genEdgeAmount, a clock anywhere from before the first order to long
// after the last (at an order's start or end exactly, sometimes), under-a-month factors with
// decimals.
func genCompactScenario(t *rapid.T) *scenario {
	s := genScenario(t)
	if rapid.IntRange(0, 3).Draw(t, "keepUpgrades") > 0 {
		kept := s.inst.Orders[:0:0]
		for _, o := range s.inst.Orders {
			if o.Kind != model.OrderUpgrade || rapid.IntRange(0, 3).Draw(t, "endedUpgrade") == 0 {
				kept = append(kept, o)
			}
		}
		s.inst.Orders = kept
	}
	for i := range s.data.Types {
		if p := genEdgeAmount(t, "price"); rapid.IntRange(0, 5).Draw(t, "edgePrice") == 0 && p.IsPositive() {
			s.data.Types[i].MonthlyPrice = map[string]decimal.Decimal{region: p}
		}
	}
	for i := range s.inst.Orders {
		o := &s.inst.Orders[i]
		if rapid.IntRange(0, 4).Draw(t, "edgeAmounts") == 0 {
			o.ListPrice, o.CashPaid, o.VoucherPaid = genEdgeAmount(t, "list"), genEdgeAmount(t, "cash"), genEdgeAmount(t, "voucher")
		}
		if rapid.IntRange(0, 9).Draw(t, "edgeDiscount") == 0 {
			o.Discount = decimal.New(rapid.Int64Range(1, 1e15).Draw(t, "discountCoef"), -15)
		}
	}
	switch rapid.IntRange(0, 4).Draw(t, "clock") {
	case 0:
		o := s.inst.Orders[rapid.IntRange(0, len(s.inst.Orders)-1).Draw(t, "atOrder")]
		s.now = rapid.SampledFrom([]time.Time{o.Start, o.End, o.Start.Add(-1), o.End.Add(-1), o.Start.Add(time.Nanosecond)}).Draw(t, "atEdge")
	case 1:
		s.now = s.inst.ExpiredTime.Add(time.Duration(rapid.Int64Range(0, 150*365).Draw(t, "yearsAfter")) * 24 * time.Hour)
	}
	switch rapid.IntRange(0, 3).Draw(t, "factor") {
	case 0:
		s.pol.UnderMonthFactor = decimal.New(rapid.Int64Range(1e6, 1e9).Draw(t, "factorCoef"), -6)
	case 1:
		s.pol.UnderMonthFactor = decimal.New(rapid.Int64Range(1, 1e6).Draw(t, "bigFactor"), 0)
	}
	return s
}

// downgradeBy is the scenario's refund by the compact path where it applies (compact) or by
// the general path alone, as text, or the error's text.
func (s *scenario) downgradeBy(t rapid.TB, compact bool) string {
	c := s.catalog(t)
	from, _ := c.Type(s.from)
	to, _ := c.Type(s.to)
	r, err := downgrade(s.now, &s.inst, from, to, c, &s.pol, compact)
	if err != nil {
		return "error: " + err.Error()
	}
	return refundText(r)
}

// takesCompact reports whether Downgrade prices the scenario by the compact path.
func (s *scenario) takesCompact(t rapid.TB) bool {
	c := s.catalog(t)
	from, _ := c.Type(s.from)
	to, _ := c.Type(s.to)
	return takesCompact(s.now, &s.inst, from, to, c, &s.pol)
}

// takesCompact reports whether Downgrade prices the refund by the compact path: it does what
// downgrade does up to the choice.
func takesCompact(now time.Time, inst *model.Instance, from, to *model.InstanceType, c *model.Catalog, p *model.Policy) bool {
	rule, err := refundPolicy(p)
	if err != nil {
		return false
	}
	r := c.RegionIndex(inst.RegionID)
	var pf, pt model.ListPrice
	mf, mt, _, err := downgradeBounds(now, inst, pricedIn(c, from, r, inst.RegionID, &pf), pricedIn(c, to, r, inst.RegionID, &pt))
	if err != nil {
		return false
	}
	run := refundRun{now: now, orders: inst.Orders, mf: mf, mt: mt, rule: rule, currency: c.Currency()}
	ws := make([]ow, len(inst.Orders))
	P, nUp, err := prepareOrders(ws, now, inst.Orders, nil, c, inst.RegionID, &rule, max(mf.places(), mt.places()))
	if err != nil {
		return false
	}
	run.P, run.nUp = P, nUp
	var out Refund
	return run.compact(&out, ws)
}

// TestCompactIsGeneral: the compact path gives, to the byte, the refund the general path
// gives (every field of the refund and of every order, each decimal's coefficient and
// exponent), on scenarios that take it and on those at its edges; both paths are taken often
// (about a quarter of the scenarios by the compact path).
func TestCompactIsGeneral(t *testing.T) {
	var taken, total int
	rapid.Check(t, func(t *rapid.T) {
		s := genCompactScenario(t)
		got, want := s.downgradeBy(t, true), s.downgradeBy(t, false)
		if got != want {
			t.Fatalf("compact path:\n%s\ngeneral path:\n%s", got, want)
		}
		total++
		if s.takesCompact(t) {
			taken++
		}
	})
	t.Logf("the compact path took %d of %d scenarios", taken, total)
	if taken < total/10 || taken > total*9/10 {
		t.Fatalf("the compact path took %d of %d scenarios", taken, total)
	}
}

// ahead moves o to start after the clock of TestCompactEdges (a renewal paid ahead).
func ahead(o *model.Order) { o.Start, o.End = at("2026-04-01T00:00:00Z"), at("2026-05-01T00:00:00Z") }

// TestCompactEdges: the compact path takes an order with up to 8 decimals and zero amounts,
// and gives up on 9 decimals, the largest list price and a huge factor, with the general
// path's answer either way.
func TestCompactEdges(t *testing.T) {
	c := testCatalog(t)
	from, to := typ(t, c, "ecs.g6.xlarge"), typ(t, c, "ecs.g6.large")
	base := purchase(at("2026-03-01T00:00:00Z"), at("2026-04-01T00:00:00Z"), "600", "600")
	for _, tc := range []struct {
		name    string
		edit    func(o *model.Order, p *model.Policy)
		compact bool
	}{
		{"plain", func(*model.Order, *model.Policy) {}, true},
		{"4 decimals", func(o *model.Order, _ *model.Policy) { o.CashPaid = d("599.1234") }, true},
		{"8 decimals", func(o *model.Order, _ *model.Policy) { o.CashPaid = d("599.12345678") }, false},
		{"9 decimals", func(o *model.Order, _ *model.Policy) { o.CashPaid = d("599.123456789") }, false},
		{"largest list price", func(o *model.Order, _ *model.Policy) {
			o.ListPrice, o.CashPaid = d("999999999999999"), d("999999999999999")
		}, false},
		{"huge factor", func(_ *model.Order, p *model.Policy) { p.UnderMonthFactor = d("99999999999999") }, false},
		{"zero list price", func(o *model.Order, _ *model.Policy) { o.ListPrice = decimal.Zero }, true},
		{"zero cash", func(o *model.Order, _ *model.Policy) { o.CashPaid = decimal.Zero }, true},
		// Not started: no usage, so nothing to consume; 8 decimals fit, 9 do not (S³).
		{"8 decimals, ahead", func(o *model.Order, _ *model.Policy) { ahead(o); o.CashPaid = d("0.00000001") }, true},
		{"9 decimals, ahead", func(o *model.Order, _ *model.Policy) {
			ahead(o)
			o.ListPrice, o.CashPaid = d("1.123456789"), decimal.Zero
		}, false},
		// 10 a day of gap over a daily price of 310 ÷ 31 = 10: the ratio is exactly 1, refunded
		// or (no cash, consumption) refunding nothing.
		{"ratio 1", func(o *model.Order, _ *model.Policy) { o.ListPrice, o.CashPaid = d("310"), d("310") }, true},
		{"ratio 1, nothing left", func(o *model.Order, _ *model.Policy) { o.ListPrice, o.CashPaid = d("310"), decimal.Zero }, true},
		{"ratio above 1, nothing left", func(o *model.Order, _ *model.Policy) { o.ListPrice, o.CashPaid = d("31"), d("1") }, true},
	} {
		o, p := base, pol()
		tc.edit(&o, p)
		inst := &model.Instance{RegionID: region, InstanceType: "ecs.g6.xlarge", ExpiredTime: o.End, Orders: []model.Order{o}}
		now := at("2026-03-10T08:30:00Z")
		got, err1 := downgrade(now, inst, from, to, c, p, true)
		want, err2 := downgrade(now, inst, from, to, c, p, false)
		if err1 != nil || err2 != nil || refundText(got) != refundText(want) {
			t.Errorf("%s: compact %v %v, general %v %v", tc.name, refundText(got), err1, refundText(want), err2)
		}
		if ok := takesCompact(now, inst, from, to, c, p); ok != tc.compact {
			t.Errorf("%s: compact path taken %v, want %v", tc.name, ok, tc.compact)
		}
	}
}

// genOrderAmount draws an order amount: genDecimal's (tame, at and beyond CheckDecimal's
// bounds, negative), a discount-like value around 1, or zero written with any exponent.
func genOrderAmount(t *rapid.T, name string) decimal.Decimal {
	switch rapid.IntRange(0, 3).Draw(t, name+"Kind") {
	case 0:
		return decimal.New(0, int32(rapid.IntRange(-20, 20).Draw(t, name+"ZeroExp")))
	case 1:
		return decimal.New(rapid.Int64Range(0, 2e6).Draw(t, name+"Near1"), -int32(rapid.IntRange(0, 7).Draw(t, name+"Near1Exp")))
	}
	return genDecimal().Draw(t, name)
}

// TestCheckOrderIsCheck: CheckOrder reports what Order.Check reports (the same field and the
// same error), for every kind, span and amount, tame or hostile.
func TestCheckOrderIsCheck(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		start := t0.Add(time.Duration(rapid.Int64Range(-1e6, 1e6).Draw(t, "startSec")) * time.Second)
		o := model.Order{
			Kind:  rapid.SampledFrom([]string{model.OrderPurchase, model.OrderRenewal, model.OrderUpgrade, model.OrderDowngrade, "Refund", ""}).Draw(t, "kind"),
			Start: start, End: start.Add(time.Duration(rapid.Int64Range(-10, 1e9).Draw(t, "spanSec")) * time.Second),
			ListPrice: genOrderAmount(t, "list"), CashPaid: genOrderAmount(t, "cash"),
			VoucherPaid: genOrderAmount(t, "voucher"), Discount: genOrderAmount(t, "discount"),
		}
		field, err := CheckOrder(&o)
		wantField, want := o.Check()
		if field != wantField || err != want {
			t.Fatalf("CheckOrder: %s %v; Check: %s %v", field, err, wantField, want)
		}
	})
}

// TestCmpOne: cmpOne is cmpAmt(a, 1) for every coefficient (negative, beyond an int64, with
// trailing zeros) and exponent.
func TestCmpOne(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := genDecimal().Draw(t, "v")
		if rapid.Bool().Draw(t, "near1") {
			v = decimal.New(rapid.Int64Range(-3, 2e6).Draw(t, "c"), int32(rapid.IntRange(-25, 3).Draw(t, "e")))
		}
		a := amt{c: exact.FromBig(v.Coefficient()), exp: v.Exponent()}
		if got, want := a.cmpOne(), cmpAmt(a, amt{c: exact.Of(1)}); got != want {
			t.Fatalf("cmpOne(%s) = %d, want %d", v, got, want)
		}
	})
	// 1 written with decimals (as amounts are not, once loaded), and its neighbours.
	for _, tc := range []struct {
		a    amt
		want int
	}{{amt{c: exact.Of(100), exp: -2}, 0}, {amt{c: exact.Of(1e15), exp: -15}, 0}, {amt{c: exact.Of(99), exp: -2}, -1},
		{amt{c: exact.Of(101), exp: -2}, 1}, {amt{c: exact.Of(10), exp: 0}, 1}, {amt{c: exact.Of(1), exp: 1}, 1}} {
		if got := tc.a.cmpOne(); got != tc.want {
			t.Errorf("cmpOne(%v e%d) = %d, want %d", tc.a.c.Big(), tc.a.exp, got, tc.want)
		}
	}
}

// destinationBefore is Destination as it was written before it measured the payment's age
// only for the methods with a window: the age first, then the method.
func destinationBefore(method string, paidAt, now time.Time) string {
	age := now.Sub(paidAt)
	switch {
	case method == model.PayCreditCard && age <= CardRefundWindow:
		return model.PayCreditCard
	case method == model.PayPal && age <= PayPalRefundWindow:
		return model.PayPal
	}
	return model.PayBalance
}

// TestDestinationIsBefore: Destination gives what destinationBefore gives for every method and
// every age, at the windows' edges to the nanosecond, for payments after now and for spans
// that saturate time.Time.Sub.
func TestDestinationIsBefore(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		method := rapid.SampledFrom([]string{model.PayBalance, model.PayCreditCard, model.PayPal, "other", ""}).Draw(t, "method")
		now := t0.Add(time.Duration(rapid.Int64Range(-1e9, 1e9).Draw(t, "nowSec")) * time.Second)
		var paidAt time.Time
		switch rapid.IntRange(0, 3).Draw(t, "age") {
		case 0:
			w := rapid.SampledFrom([]time.Duration{CardRefundWindow, PayPalRefundWindow}).Draw(t, "window")
			paidAt = now.Add(-w - time.Duration(rapid.IntRange(-1, 1).Draw(t, "edgeNs")))
		case 1:
			paidAt = now.AddDate(rapid.IntRange(-400, 400).Draw(t, "years"), 0, 0)
		default:
			paidAt = now.Add(-time.Duration(rapid.Int64Range(-1e18, 1e18).Draw(t, "ageNs")))
		}
		if got, want := Destination(method, paidAt, now), destinationBefore(method, paidAt, now); got != want {
			t.Fatalf("Destination(%q, %s, %s) = %s, want %s", method, paidAt, now, got, want)
		}
	})
}

// TestCompactRatioOne: a ratio of exactly 1 is the decimal 1 itself (not 1 written with 24
// decimals) and refunds the refundable amount, shared; with nothing left to refund (no cash,
// some consumption) the amount is zero, never the negative refundable.
func TestCompactRatioOne(t *testing.T) {
	c := testCatalog(t)
	from, to := typ(t, c, "ecs.g6.xlarge"), typ(t, c, "ecs.g6.large")
	now := at("2026-03-10T08:30:00Z")
	for _, cash := range []string{"310", "0"} {
		o := purchase(at("2026-03-01T00:00:00Z"), at("2026-04-01T00:00:00Z"), "310", cash)
		inst := &model.Instance{RegionID: region, ExpiredTime: o.End, Orders: []model.Order{o}}
		if !takesCompact(now, inst, from, to, c, pol()) {
			t.Fatalf("cash %s: not by the compact path", cash)
		}
		r, err := Downgrade(now, inst, from, to, c, pol())
		if err != nil {
			t.Fatal(err)
		}
		or := r.Orders[0]
		if or.Ratio.Exponent() != 0 || or.Ratio.String() != "1" {
			t.Errorf("cash %s: ratio %s e%d, want the decimal 1", cash, or.Ratio.Coefficient(), or.Ratio.Exponent())
		}
		// 10 a day × 10 days × 1.5 (under a month) = 150 consumed.
		wantAmount := map[string]string{"310": "160", "0": "0"}[cash]
		eqDec(t, "consumed", or.ConsumedFee, "150")
		eqDec(t, "amount "+cash, or.Amount, wantAmount)
		if cash == "0" && (!or.OnlineRefundable.Equal(d("-150")) || or.Amount.Exponent() != 0 || !or.Amount.IsZero()) {
			t.Errorf("nothing left: refundable %s, amount %s e%d", or.OnlineRefundable, or.Amount, or.Amount.Exponent())
		}
	}
}
