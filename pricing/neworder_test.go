package pricing

import (
	"errors"
	"testing"
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// ladderCatalog has A at 300, C at 150 and E at 75 a month, no duration discounts.
func ladderCatalog(t testing.TB) *model.Catalog {
	t.Helper()
	return catalogWith(t, nil, itype("ecs.g6.a", 8, "300"), itype("ecs.g6.c", 4, "150"), itype("ecs.g6.e", 2, "75"))
}

// steps runs A→C at t1, AfterDowngrade, then C→E at t2, and A→E at t1 directly.
func steps(t *testing.T, c *model.Catalog, p *model.Policy, inst *model.Instance, t1, t2 time.Time) (first, second, direct Refund, after []model.Order) {
	t.Helper()
	a, cc, e := typ(t, c, "ecs.g6.a"), typ(t, c, "ecs.g6.c"), typ(t, c, "ecs.g6.e")
	var err error
	if first, err = Downgrade(t1, inst, a, cc, c, p); err != nil {
		t.Fatal(err)
	}
	if after, err = AfterDowngrade(t1, inst, cc, &first, "d-1", p); err != nil {
		t.Fatal(err)
	}
	next := *inst
	next.InstanceType, next.Orders = "ecs.g6.c", after
	if second, err = Downgrade(t2, &next, cc, e, c, p); err != nil {
		t.Fatal(err)
	}
	if direct, err = Downgrade(t1, inst, a, e, c, p); err != nil {
		t.Fatal(err)
	}
	return
}

// TestSecondDowngradeWorked: a year's purchase of A (300 a month, list and cash 3600) from
// 2026-01-01, downgraded to C (150) on day 60 (2026-03-02) and to E (75) ten days later.
//
// Printed reading (the default):
//
//	A→E directly on day 60: refundable 3600 − 3600/365 × 60 = 219600/73 = 3008.219…;
//	  ratio 7.5 ÷ (3600/365) = 0.760416…; refund 2287.50.
//	A→C: ratio 5 ÷ (3600/365) = 0.506944…; refund 219600/73 × 0.506944… = 1525.00.
//	The new order: C from 2026-03-02 to 2027-01-01 (305 days), list 150/30 × 305 = 1525.00,
//	  cash 219600/73 − 1525 = 1483.219… → 1483.21.
//	C→E ten days later: consumed 1525/305 × 10 × 1.5 = 75 (C's daily price, from the first
//	  change); refundable 1408.21; ratio 2.5 ÷ 5 = 0.5 (against C); refund 704.105 → 704.10.
//	  (Priced against A, as before the new order existed, it was 350.95 at a ratio of 0.2535.)
//	Together 2229.10: at most 2287.50, at least 2287.50 − 75 = 2212.50.
//
// One-basis reading:
//
//	A→E: ratio 0.75, refund 2256.164… → 2256.16. A→C: ratio 0.5, refund 1504.109… → 1504.10.
//	New order cash 3008.219… − 1504.10 = 1504.119… → 1504.11; C→E: refundable 1429.11,
//	ratio 0.5, refund 714.555 → 714.55. Together 2218.65, between 2256.16 − 75 and 2256.16.
func TestSecondDowngradeWorked(t *testing.T) {
	c := ladderCatalog(t)
	start, end := at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z")
	o := purchase(start, end, "3600", "3600")
	o.InstanceType = "ecs.g6.a"
	inst := &model.Instance{RegionID: region, InstanceType: "ecs.g6.a", ExpiredTime: end, Orders: []model.Order{o}}
	t1 := at("2026-03-02T00:00:00Z")
	t2 := t1.Add(10 * 24 * time.Hour)
	cases := []struct {
		reading                     string
		first, cash, second, direct string
		secondRatio                 string
	}{
		{model.RatioPrinted, "1525", "1483.21", "704.1", "2287.5", "0.5"},
		{model.RatioOneBasis, "1504.1", "1504.11", "714.55", "2256.16", "0.5"},
	}
	for _, k := range cases {
		t.Run(k.reading, func(t *testing.T) {
			first, second, direct, after := steps(t, c, withReading(pol(), k.reading), inst, t1, t2)
			eqDec(t, "A→C", first.Total, k.first)
			eqDec(t, "A→E directly", direct.Total, k.direct)
			if len(after) != 2 || !after[0].CancelledAt.Equal(t1) || !after[0].CashPaid.Equal(d("3600")) {
				t.Fatalf("orders after A→C: %+v", after)
			}
			n := after[1]
			if n.Kind != model.OrderDowngrade || n.InstanceType != "ecs.g6.c" || n.PreviousInstanceType != "ecs.g6.a" ||
				!n.Start.Equal(t1) || !n.End.Equal(end) || n.PaymentMethod != o.PaymentMethod || !n.PaidAt.Equal(o.PaidAt) ||
				!n.Discount.Equal(o.Discount) || !n.VoucherPaid.IsZero() {
				t.Errorf("new order %+v", n)
			}
			eqDec(t, "new order list price", n.ListPrice, "1525")
			eqDec(t, "new order cash", n.CashPaid, k.cash)
			if inst.Orders[0].CancelledAt != (time.Time{}) {
				t.Error("AfterDowngrade changed its input")
			}
			// The second step: the purchase is cancelled, the new order prices it.
			if !second.Orders[0].Amount.IsZero() {
				t.Errorf("the cancelled purchase refunds %s", second.Orders[0].Amount)
			}
			row := second.Orders[1]
			eqDec(t, "C→E daily unit price", row.DailyUnitPrice, "5")
			eqDec(t, "C→E consumed", row.ConsumedFee, "75")
			eqDec(t, "C→E ratio", row.Ratio, k.secondRatio)
			eqDec(t, "C→E", second.Total, k.second)
			both := first.Total.Add(second.Total)
			if both.GreaterThan(direct.Total) || both.LessThan(direct.Total.Sub(row.ConsumedFee)) {
				t.Errorf("A→C→E refunds %s, A→E %s, days at C cost %s", both, direct.Total, row.ConsumedFee)
			}
		})
	}
}

// TestTwoStepBounds: A→C then C→E refunds no more than A→E at the first moment, and no less
// than that minus what the days at C cost under the consumed-fee rule (a cent per rounding
// aside). It holds under the one-basis reading for any order, and under the printed reading
// for orders whose list price is the catalog's at 30 days a month (whole 30-day months).
func TestTwoStepBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pe := rapid.Int64Range(1, 10_000).Draw(t, "priceE")
		pc := rapid.Int64Range(pe+1, 20_000).Draw(t, "priceC")
		pa := rapid.Int64Range(pc+1, 40_000).Draw(t, "priceA")
		c, err := model.NewCatalog(model.CatalogData{Regions: []string{region}, Currency: "CNY", Types: []model.InstanceType{
			itype("ecs.g6.a", 8, decimal.NewFromInt(pa).String()), itype("ecs.g6.c", 4, decimal.NewFromInt(pc).String()),
			itype("ecs.g6.e", 2, decimal.NewFromInt(pe).String())}})
		if err != nil {
			t.Fatal(err)
		}
		reading := rapid.SampledFrom([]string{model.RatioPrinted, model.RatioOneBasis}).Draw(t, "reading")
		p := withReading(pol(), reading)
		var days int
		var list decimal.Decimal
		if reading == model.RatioPrinted {
			months := rapid.IntRange(1, 36).Draw(t, "months")
			days, list = 30*months, decimal.NewFromInt(pa*int64(months))
		} else {
			days = rapid.IntRange(3, 1100).Draw(t, "days")
			list = decimal.New(rapid.Int64Range(1, 100_000_000).Draw(t, "listCents"), -2)
		}
		start := t0
		end := start.Add(time.Duration(days) * 24 * time.Hour)
		cash := list.Mul(decimal.New(rapid.Int64Range(50, 100).Draw(t, "cashPct"), -2))
		o := model.Order{OrderID: "o-1", Kind: model.OrderPurchase, InstanceType: "ecs.g6.a", Start: start, End: end,
			ListPrice: list, CashPaid: cash, Discount: d("1"), PaymentMethod: model.PayBalance, PaidAt: start}
		inst := &model.Instance{RegionID: region, InstanceType: "ecs.g6.a", ExpiredTime: end, Orders: []model.Order{o}}
		d1 := rapid.IntRange(0, days-2).Draw(t, "firstDay")
		d2 := rapid.IntRange(d1+1, days-1).Draw(t, "secondDay")
		t1 := start.Add(time.Duration(d1) * 24 * time.Hour)
		t2 := start.Add(time.Duration(d2) * 24 * time.Hour)
		a, cc, e := mustType(t, c, "ecs.g6.a"), mustType(t, c, "ecs.g6.c"), mustType(t, c, "ecs.g6.e")
		first, err := Downgrade(t1, inst, a, cc, c, p)
		if err != nil {
			t.Fatal(err)
		}
		after, err := AfterDowngrade(t1, inst, cc, &first, "d-1", p)
		if err != nil {
			t.Fatal(err)
		}
		next := *inst
		next.InstanceType, next.Orders = "ecs.g6.c", after
		second, err := Downgrade(t2, &next, cc, e, c, p)
		if err != nil {
			t.Fatal(err)
		}
		direct, err := Downgrade(t1, inst, a, e, c, p)
		if err != nil {
			t.Fatal(err)
		}
		both := first.Total.Add(second.Total)
		atC := second.Orders[1].ConsumedFee
		slack := d("0.03")
		if both.GreaterThan(direct.Total) {
			t.Fatalf("A→C %s + C→E %s = %s, more than A→E %s", first.Total, second.Total, both, direct.Total)
		}
		if both.Add(slack).LessThan(direct.Total.Sub(atC)) {
			t.Fatalf("A→C %s + C→E %s = %s, less than A→E %s − the days at C %s", first.Total, second.Total, both, direct.Total, atC)
		}
		// Money is conserved: what the new order carries plus the refund is what the
		// purchase had left, to the cent rounded down.
		left := first.Orders[0].OnlineRefundable
		if left.IsNegative() {
			left = decimal.Zero
		}
		if got := after[1].CashPaid.Add(first.Total); got.GreaterThan(left) || got.Add(d("0.01")).LessThanOrEqual(left) {
			t.Fatalf("new cash %s + refund %s, left %s", after[1].CashPaid, first.Total, left)
		}
	})
}

func mustType(t *rapid.T, c *model.Catalog, id string) *model.InstanceType {
	it, ok := c.Type(id)
	if !ok {
		t.Fatalf("no type %s", id)
	}
	return it
}

// TestAfterDowngradeRefusals: a refund that is not the instance's, and nil arguments.
func TestAfterDowngradeRefusals(t *testing.T) {
	c := ladderCatalog(t)
	start, end := at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z")
	o := purchase(start, end, "3600", "3600")
	inst := &model.Instance{RegionID: region, InstanceType: "ecs.g6.a", ExpiredTime: end, Orders: []model.Order{o}}
	to := typ(t, c, "ecs.g6.c")
	if _, err := AfterDowngrade(start, inst, to, &Refund{}, "d", pol()); !errors.Is(err, ErrBadAmount) {
		t.Errorf("mismatched refund: %v", err)
	}
	if _, err := AfterDowngrade(start, nil, to, &Refund{}, "d", pol()); !errors.Is(err, ErrBadAmount) {
		t.Errorf("nil instance: %v", err)
	}
	// Nothing in force: nothing cancelled, no new order.
	r := Refund{Orders: []OrderRefund{{OrderID: o.OrderID}}}
	got, err := AfterDowngrade(end, inst, to, &r, "d", pol())
	if err != nil || len(got) != 1 || !got[0].CancelledAt.IsZero() {
		t.Errorf("nothing in force: %+v %v", got, err)
	}
}
