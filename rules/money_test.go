package rules_test

import (
	"testing"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

// TestDowngradeGeneratesAnOrder: a downgrade cancels the orders in force and Apply writes the
// order with the new configuration; a second downgrade ten days later is priced on that
// order: consumption at the new type's daily price from the first change, the ratio against
// it, and the two steps together between A→E at the first moment minus the days at C and
// A→E itself.
func TestDowngradeGeneratesAnOrder(t *testing.T) {
	const a, c, e = "ecs.g6.2xlarge", "ecs.g6.xlarge", "ecs.g6.large"
	w := fuzz.BaselineDowngrade()
	in := &w.Facts.Instance
	in.InstanceType = a
	monthly := func(id string) decimal.Decimal {
		for _, it := range w.Catalog.Types {
			if it.InstanceTypeID == id {
				return it.MonthlyPrice[fuzz.BaseRegion]
			}
		}
		t.Fatalf("no %s", id)
		return decimal.Zero
	}
	// A year bought at the catalog's price of A with the 12-month discount.
	o := &in.Orders[0]
	o.InstanceType = a
	o.ListPrice = monthly(a).Mul(decimal.NewFromInt(12))
	o.CashPaid = o.ListPrice.Mul(decimal.RequireFromString("0.85"))
	w.Request.InstanceType = c

	decide := func(w fuzz.World, f *model.Facts) rules.Plan {
		t.Helper()
		req, g, perr := fuzz.Prepare(w, nil)
		if perr != nil {
			t.Fatal(perr)
		}
		if f == nil {
			f = &g
		}
		p, err := rules.Decide(w.Now, &req, f)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	_, f, _ := fuzz.Prepare(w, nil)
	first := decide(w, &f)
	g := rules.Apply(f, first)

	orders := g.Instance.Orders
	if len(orders) != 2 || !orders[0].CancelledAt.Equal(w.Now) || len(f.Instance.Orders) != 1 || !f.Instance.Orders[0].CancelledAt.IsZero() {
		t.Fatalf("orders after A→C: %+v", orders)
	}
	n := orders[1]
	if n.Kind != model.OrderDowngrade || n.InstanceType != c || n.PreviousInstanceType != a || !n.Start.Equal(w.Now) ||
		!n.End.Equal(o.End) || n.OrderID != first.OrderID {
		t.Fatalf("new order %+v", n)
	}

	// C→E ten days later, on the facts Apply returned.
	w2 := w
	w2.Now = w.Now.AddDate(0, 0, 10) // UTC: ten times 24 hours
	w2.Request.InstanceType = e
	second := decide(w2, &g)
	if second.FromType != c || second.Refund == nil || len(second.Refund.Orders) != 2 {
		t.Fatalf("second plan %s → %s %+v", second.FromType, second.ToType, second.Refund)
	}
	if !second.Refund.Orders[0].Amount.IsZero() {
		t.Errorf("the cancelled purchase refunds %s", second.Refund.Orders[0].Amount)
	}
	row := second.Refund.Orders[1]
	if row.Kind != model.OrderDowngrade || row.UsageDays != 10 {
		t.Errorf("second step row %+v", row)
	}
	// Consumption at C's daily price (the list price is rounded to cents: within a cent
	// over the order's days).
	dailyC := monthly(c).Div(decimal.NewFromInt(30))
	if diff := row.DailyUnitPrice.Sub(dailyC).Abs(); diff.GreaterThan(decimal.RequireFromString("0.0001")) {
		t.Errorf("daily unit price %s, C's daily price %s", row.DailyUnitPrice, dailyC)
	}
	// The ratio against C: (C − E) ÷ C, about 0.5 for the g6 sizes.
	wantRatio := monthly(c).Sub(monthly(e)).Div(monthly(c))
	if diff := row.Ratio.Sub(wantRatio).Abs(); diff.GreaterThan(decimal.RequireFromString("0.0001")) {
		t.Errorf("ratio %s, want about %s (against C)", row.Ratio, wantRatio)
	}

	// A→E directly at the first moment.
	w3 := w
	w3.Request.InstanceType = e
	_, f3, _ := fuzz.Prepare(w3, nil)
	direct := decide(w3, &f3)
	both := first.Refund.Total.Add(second.Refund.Total)
	if both.GreaterThan(direct.Refund.Total) || both.LessThan(direct.Refund.Total.Sub(row.ConsumedFee)) {
		t.Errorf("A→C %s + C→E %s = %s; A→E %s; the days at C cost %s", first.Refund.Total, second.Refund.Total, both,
			direct.Refund.Total, row.ConsumedFee)
	}
	if second.Refund.RatioReading != model.RatioPrinted {
		t.Errorf("reading %q", second.Refund.RatioReading)
	}
}

// TestRatioReadingInThePlan: the plan names the reading that priced its refund.
func TestRatioReadingInThePlan(t *testing.T) {
	for _, reading := range []string{model.RatioPrinted, model.RatioOneBasis} {
		w := fuzz.BaselineDowngrade()
		w.Facts.Policy.RatioReading = reading
		p, err := decide(t, w)
		if err != nil {
			t.Fatal(err)
		}
		if p.Refund == nil || p.Refund.RatioReading != reading {
			t.Errorf("policy %q: plan refund %+v", reading, p.Refund)
		}
	}
}
