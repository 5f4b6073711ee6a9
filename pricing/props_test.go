package pricing

import (
	"errors"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// scenario is a random instance with its catalog, policy and a change to price.
type scenario struct {
	data     model.CatalogData
	pol      model.Policy
	inst     model.Instance
	now      time.Time
	from, to string
}

func (s *scenario) catalog(t rapid.TB) *model.Catalog {
	c, err := model.NewCatalog(s.data)
	if err != nil {
		t.Fatalf("catalog: %v", err)
	}
	return c
}

func (s *scenario) downgrade(t rapid.TB) (Refund, error) {
	c := s.catalog(t)
	from, _ := c.Type(s.from)
	to, _ := c.Type(s.to)
	return Downgrade(s.now, &s.inst, from, to, c, &s.pol)
}

// refund is the scenario's downgrade refund, failing t if Downgrade refuses it.
func (s *scenario) refund(t rapid.TB) Refund {
	t.Helper()
	r, err := s.downgrade(t)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// genAmount draws a money amount: up to 10^6 with 0 to 3 decimals.
func genAmount(t *rapid.T, name string) decimal.Decimal {
	places := rapid.IntRange(0, 3).Draw(t, name+"Places")
	return decimal.New(rapid.Int64Range(0, 1e6*pow10i(places)).Draw(t, name), -int32(places))
}

// genWideAmount draws amounts anywhere CheckDecimal allows: below 10^15, up to 15 decimals
// (30 digits), which takes the arithmetic past 128 bits.
func genWideAmount(t *rapid.T, name string) decimal.Decimal {
	places := rapid.IntRange(0, 15).Draw(t, name+"Places")
	intDigits := rapid.IntRange(0, 14).Draw(t, name+"Digits")
	c := new(big.Int)
	for range places + intDigits {
		c.Mul(c, big.NewInt(10))
		c.Add(c, big.NewInt(int64(rapid.IntRange(0, 9).Draw(t, "digit"))))
	}
	return decimal.NewFromBigInt(c, -int32(places))
}

func pow10i(n int) int64 {
	v := int64(1)
	for range n {
		v *= 10
	}
	return v
}

var typeIDs = []string{"t0", "t1", "t2", "t3"}

func genCatalogData(t *rapid.T) model.CatalogData {
	data := model.CatalogData{Regions: []string{region}, Currency: "USD"}
	for i, id := range typeIDs {
		p := genAmount(t, "price")
		if p.IsZero() {
			p = decimal.New(1, -2)
		}
		data.Types = append(data.Types, model.InstanceType{
			InstanceTypeID: id, Family: "f", CPU: 2 << i,
			MonthlyPrice: map[string]decimal.Decimal{region: p},
		})
	}
	for range rapid.IntRange(0, 3).Draw(t, "discounts") {
		data.Discounts = append(data.Discounts, model.DurationDiscount{
			MinMonths: rapid.SampledFrom([]int{1, 3, 6, 12, 24}).Draw(t, "minMonths"),
			Factor:    decimal.New(rapid.Int64Range(50, 100).Draw(t, "factor"), -2),
		})
	}
	return data
}

// TestDiscountForMatchesCatalog: the allocation-free lookup is Catalog.Discount.
func TestDiscountForMatchesCatalog(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c, err := model.NewCatalog(genCatalogData(t))
		if err != nil {
			t.Fatal(err)
		}
		m := rapid.IntRange(0, 100).Draw(t, "months")
		got, a, err := discountFor(c, m)
		if err != nil || !got.Equal(c.Discount(m)) || !decimal.NewFromBigInt(a.c.Big(), a.exp).Equal(got) {
			t.Fatalf("discountFor(%d) = %s (%v), Catalog.Discount = %s", m, got, err, c.Discount(m))
		}
	})
}

func genPolicy(t *rapid.T) model.Policy {
	p := model.PolicyCurrent()
	if rapid.Bool().Draw(t, "2022") {
		p = model.Policy2019()
	}
	modes := []string{model.RoundHalfUp, model.RoundHalfEven, model.RoundDown, model.RoundUp}
	p.ChargeRounding = rapid.SampledFrom(modes).Draw(t, "chargeRounding")
	p.RefundRounding = rapid.SampledFrom(modes).Draw(t, "refundRounding")
	p.CurrencyPlaces = int32(rapid.IntRange(0, 4).Draw(t, "places"))
	p.RatioReading = rapid.SampledFrom([]string{model.RatioPrinted, model.RatioOneBasis}).Draw(t, "ratioReading")
	return p
}

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// genBaseOrders draws a purchase and renewals back to back from t0 plus an offset; all of
// type typeID when it is not empty.
func genBaseOrders(t *rapid.T, typeID string) []model.Order {
	start := t0.Add(time.Duration(rapid.IntRange(0, 24*60).Draw(t, "offsetMin")) * time.Minute)
	var orders []model.Order
	for i := range rapid.IntRange(1, 4).Draw(t, "bases") {
		end := start.Add(time.Duration(rapid.IntRange(1, 400).Draw(t, "days"))*24*time.Hour +
			time.Duration(rapid.IntRange(0, 1439).Draw(t, "extraMin"))*time.Minute)
		kind := rapid.SampledFrom([]string{model.OrderRenewal, model.OrderDowngrade}).Draw(t, "kind")
		if i == 0 {
			kind = model.OrderPurchase
		}
		it := typeID
		if it == "" {
			it = rapid.SampledFrom(typeIDs).Draw(t, "type")
		}
		o := genOrder(t, fmt.Sprintf("o-%d", i), kind, it, "", start, end)
		if rapid.IntRange(0, 4).Draw(t, "cancelled") == 0 {
			o.CancelledAt = start.Add(time.Duration(rapid.Int64Range(0, int64(end.Sub(start)/time.Minute)).Draw(t, "cancelMin")) * time.Minute)
		}
		orders = append(orders, o)
		start = end
	}
	return orders
}

func genOrder(t *rapid.T, id, kind, it, prev string, start, end time.Time) model.Order {
	list := genAmount(t, "list")
	cash := list.Mul(decimal.New(rapid.Int64Range(0, 100).Draw(t, "cashPct"), -2))
	disc := decimal.Zero
	if rapid.Bool().Draw(t, "hasDiscount") {
		disc = decimal.New(rapid.Int64Range(1, 100).Draw(t, "discount"), -2)
	}
	return model.Order{
		OrderID: id, Kind: kind, InstanceType: it, PreviousInstanceType: prev,
		Start: start, End: end, ListPrice: list, CashPaid: cash, VoucherPaid: genAmount(t, "voucher"),
		Discount:      disc,
		PaymentMethod: rapid.SampledFrom([]string{model.PayBalance, model.PayCreditCard, model.PayPal, "other"}).Draw(t, "method"),
		PaidAt:        start.Add(-time.Duration(rapid.IntRange(0, 400).Draw(t, "paidDaysBefore")) * 24 * time.Hour),
	}
}

func genScenario(t *rapid.T) *scenario {
	s := &scenario{data: genCatalogData(t), pol: genPolicy(t)}
	orders := genBaseOrders(t, "")
	expiry := orders[len(orders)-1].End
	for i := range rapid.IntRange(0, 3).Draw(t, "upgrades") {
		span := expiry.Sub(t0)
		start := t0.Add(time.Duration(rapid.Int64Range(0, int64(span/time.Minute)-1).Draw(t, "upStartMin")) * time.Minute)
		prev := rapid.SampledFrom(append([]string{"", "unknown"}, typeIDs...)).Draw(t, "prev")
		orders = append(orders, genOrder(t, fmt.Sprintf("u-%d", i), model.OrderUpgrade, rapid.SampledFrom(typeIDs).Draw(t, "upType"), prev, start, expiry))
	}
	s.inst = model.Instance{InstanceID: "i-1", RegionID: region, ExpiredTime: expiry, Orders: orders}
	span := expiry.Sub(t0) + 10*24*time.Hour
	s.now = t0.Add(-5 * 24 * time.Hour).Add(time.Duration(rapid.Int64Range(0, int64(span/time.Minute)).Draw(t, "nowMin")) * time.Minute)
	s.from = rapid.SampledFrom(typeIDs).Draw(t, "from")
	s.to = rapid.SampledFrom(typeIDs).Draw(t, "to")
	return s
}

func sumCash(orders []model.Order) decimal.Decimal {
	sum := decimal.Zero
	for _, o := range orders {
		sum = sum.Add(o.CashPaid)
	}
	return sum
}

// TestRefundBounds: the refund is never negative and never more than the cash paid, order
// by order and in total; ratios lie in [0, 1]; a cancelled order refunds nothing; the
// orders' shares (Refunded) add up to Total; Exact is the sum of the orders' amounts;
// Total is Exact rounded (or the cash cap); the same input gives the same output.
func TestRefundBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genScenario(t)
		r := s.refund(t)
		if len(r.Orders) != len(s.inst.Orders) {
			t.Fatalf("%d order refunds for %d orders", len(r.Orders), len(s.inst.Orders))
		}
		sum, withheld, shares := decimal.Zero, decimal.Zero, decimal.Zero
		for i, or := range r.Orders {
			o := s.inst.Orders[i]
			if or.OrderID != o.OrderID || or.Kind != o.Kind {
				t.Fatalf("order %d is %s %s", i, or.OrderID, or.Kind)
			}
			if or.Amount.IsNegative() || or.Amount.GreaterThan(o.CashPaid) {
				t.Fatalf("order %s: amount %s, cash %s", o.OrderID, or.Amount, o.CashPaid)
			}
			if or.Ratio.IsNegative() || or.Ratio.GreaterThan(decimal.NewFromInt(1)) {
				t.Fatalf("order %s: ratio %s", o.OrderID, or.Ratio)
			}
			wantVoucher := decimal.Zero
			if or.Amount.IsPositive() {
				wantVoucher = o.VoucherPaid
			}
			if !or.VoucherWithheld.Equal(wantVoucher) {
				t.Fatalf("order %s: voucher withheld %s with amount %s", o.OrderID, or.VoucherWithheld, or.Amount)
			}
			withheld = withheld.Add(or.VoucherWithheld)
			if or.DurationDays < 1 || or.UsageDays < 0 {
				t.Fatalf("order %s: days %d / %d", o.OrderID, or.UsageDays, or.DurationDays)
			}
			switch or.Destination {
			case model.PayBalance, model.PayCreditCard, model.PayPal:
			default:
				t.Fatalf("destination %q", or.Destination)
			}
			if o.Cancelled(s.now) && !or.Amount.IsZero() {
				t.Fatalf("order %s cancelled at %s refunds %s at %s", o.OrderID, o.CancelledAt, or.Amount, s.now)
			}
			// The order's share of the total: its amount rounded down, or one unit more.
			floor := or.Amount.RoundDown(s.pol.CurrencyPlaces)
			if or.Refunded.LessThan(floor) || or.Refunded.GreaterThan(floor.Add(decimal.New(1, -s.pol.CurrencyPlaces))) ||
				!or.Refunded.Equal(or.Refunded.RoundDown(s.pol.CurrencyPlaces)) || (or.Amount.IsZero() && !or.Refunded.IsZero()) {
				t.Fatalf("order %s: share %s of amount %s at %d places", o.OrderID, or.Refunded, or.Amount, s.pol.CurrencyPlaces)
			}
			shares = shares.Add(or.Refunded)
			sum = sum.Add(or.Amount)
		}
		if !shares.Equal(r.Total) {
			t.Fatalf("the orders' shares add up to %s, the total is %s", shares, r.Total)
		}
		if r.RatioReading != s.pol.RatioReading {
			t.Fatalf("reading %q under policy %q", r.RatioReading, s.pol.RatioReading)
		}
		if !sum.Equal(r.Exact) {
			t.Fatalf("Exact %s, sum %s", r.Exact, sum)
		}
		if !withheld.Equal(r.VoucherWithheld) {
			t.Fatalf("VoucherWithheld %s, sum %s", r.VoucherWithheld, withheld)
		}
		cash := sumCash(s.inst.Orders)
		if r.Total.IsNegative() || r.Total.GreaterThan(cash) {
			t.Fatalf("total %s, cash %s", r.Total, cash)
		}
		if -r.Total.Exponent() > s.pol.CurrencyPlaces && !r.Total.Equal(r.Total.Truncate(s.pol.CurrencyPlaces)) {
			t.Fatalf("total %s has more than %d places", r.Total, s.pol.CurrencyPlaces)
		}
		want, _ := Round(r.Exact, s.pol.CurrencyPlaces, s.pol.RefundRounding)
		if capped := cash.RoundDown(s.pol.CurrencyPlaces); want.GreaterThan(capped) {
			want = capped
		}
		if !r.Total.Equal(want) {
			t.Fatalf("total %s, want %s (exact %s)", r.Total, want, r.Exact)
		}
		again, err := s.downgrade(t)
		if err != nil || !cmp.Equal(r, again) {
			t.Fatalf("second run differs: %v", cmp.Diff(r, again))
		}
	})
}

func genUpgrade(t *rapid.T) (*scenario, time.Time) {
	s := &scenario{data: genCatalogData(t), pol: genPolicy(t)}
	s.now = t0.Add(time.Duration(rapid.Int64Range(0, 1e6).Draw(t, "nowSec")) * time.Second)
	until := s.now.Add(time.Duration(rapid.Int64Range(-1e6, 5*365*24*3600).Draw(t, "untilSec")) * time.Second)
	s.from = rapid.SampledFrom(typeIDs).Draw(t, "from")
	s.to = rapid.SampledFrom(typeIDs).Draw(t, "to")
	return s, until
}

func (s *scenario) upgrade(t rapid.TB, until time.Time) Quote {
	c := s.catalog(t)
	from, _ := c.Type(s.from)
	to, _ := c.Type(s.to)
	q, err := Upgrade(s.now, until, region, from, to, c, &s.pol)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// TestQuoteBounds: the fee is never negative, DiscountPrice + TradePrice = OriginalPrice,
// TradePrice is Exact rounded by the policy, and Hours counts started hours.
func TestQuoteBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s, until := genUpgrade(t)
		q := s.upgrade(t, until)
		if q.TradePrice.IsNegative() || q.DiscountPrice.IsNegative() || q.TradePrice.GreaterThan(q.OriginalPrice) {
			t.Fatalf("quote %+v", q)
		}
		if !q.OriginalPrice.Sub(q.DiscountPrice).Equal(q.TradePrice) {
			t.Fatalf("original %s − discount %s ≠ trade %s", q.OriginalPrice, q.DiscountPrice, q.TradePrice)
		}
		if want, _ := Round(q.Exact, s.pol.CurrencyPlaces, s.pol.ChargeRounding); !want.Equal(q.TradePrice) {
			t.Fatalf("trade %s, exact %s rounds to %s", q.TradePrice, q.Exact, want)
		}
		wantHours := int64(0)
		if dur := until.Sub(s.now); dur > 0 {
			wantHours = int64((dur + time.Hour - 1) / time.Hour)
		}
		if q.Hours != wantHours {
			t.Fatalf("hours %d, want %d", q.Hours, wantHours)
		}
	})
}

// TestFeeMonotone: with one discount factor for every duration the fee does not shrink when
// the remaining time grows; the undiscounted OriginalPrice never does; a dearer target never
// costs less. (With tiered duration discounts a longer time can cost less: reaching a tier
// lowers the factor for the whole remaining time.)
func TestFeeMonotone(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s, until := genUpgrade(t)
		more := until.Add(time.Duration(rapid.Int64Range(0, 1e8).Draw(t, "moreSec")) * time.Second)
		a, b := s.upgrade(t, until), s.upgrade(t, more)
		if b.OriginalPrice.LessThan(a.OriginalPrice) {
			t.Fatalf("original %s over more time, %s over less", b.OriginalPrice, a.OriginalPrice)
		}
		flat := *s
		flat.data.Discounts = []model.DurationDiscount{{MinMonths: 0, Factor: decimal.New(rapid.Int64Range(1, 100).Draw(t, "flat"), -2)}}
		if fa, fb := flat.upgrade(t, until), flat.upgrade(t, more); fb.TradePrice.LessThan(fa.TradePrice) {
			t.Fatalf("trade %s over more time, %s over less", fb.TradePrice, fa.TradePrice)
		}
		// A dearer target: the dearest type.
		dear := *s
		dear.to = typeIDs[0]
		for _, id := range typeIDs {
			if priceOf(s.data, id).GreaterThan(priceOf(s.data, dear.to)) {
				dear.to = id
			}
		}
		if q := dear.upgrade(t, until); q.TradePrice.LessThan(a.TradePrice) {
			t.Fatalf("dearest target %s costs %s, %s costs %s", dear.to, q.TradePrice, s.to, a.TradePrice)
		}
	})
}

func priceOf(data model.CatalogData, id string) decimal.Decimal {
	for _, it := range data.Types {
		if it.InstanceTypeID == id {
			return it.MonthlyPrice[region]
		}
	}
	panic(id)
}

// mapDecimals returns a deep copy of s with f applied to every price and amount; if
// factors is set, also to discount factors and the policy's under-a-month factor.
func (s *scenario) mapDecimals(f func(decimal.Decimal) decimal.Decimal, factors bool) *scenario {
	c := *s
	c.data.Types = nil
	for _, it := range s.data.Types {
		it.MonthlyPrice = map[string]decimal.Decimal{region: f(it.MonthlyPrice[region])}
		c.data.Types = append(c.data.Types, it)
	}
	c.data.Discounts = nil
	for _, dd := range s.data.Discounts {
		if factors {
			dd.Factor = f(dd.Factor)
		}
		c.data.Discounts = append(c.data.Discounts, dd)
	}
	if factors {
		c.pol.UnderMonthFactor = f(c.pol.UnderMonthFactor)
	}
	c.inst.Orders = nil
	for _, o := range s.inst.Orders {
		o.ListPrice, o.CashPaid, o.VoucherPaid = f(o.ListPrice), f(o.CashPaid), f(o.VoucherPaid)
		if factors {
			o.Discount = f(o.Discount)
		}
		c.inst.Orders = append(c.inst.Orders, o)
	}
	return &c
}

// near reports whether |a − b| ≤ n·10^-24.
func near(a, b decimal.Decimal, n int64) bool {
	return a.Sub(b).Abs().LessThanOrEqual(decimal.New(n, -MaxPlaces))
}

// TestScaling: multiplying every price and amount by k multiplies every exact amount by k
// (up to the rounding at 24 places, at most (k+1)/2 units of 10^-24 per value) and leaves the
// ratios unchanged.
func TestScaling(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genScenario(t)
		k := rapid.SampledFrom([]int64{2, 3, 7, 10}).Draw(t, "k")
		kd := decimal.NewFromInt(k)
		sk := s.mapDecimals(func(v decimal.Decimal) decimal.Decimal { return v.Mul(kd) }, false)
		r := s.refund(t)
		rk := sk.refund(t)
		for i := range r.Orders {
			a, b := r.Orders[i], rk.Orders[i]
			for _, f := range []struct {
				name  string
				v, vk decimal.Decimal
			}{
				{"amount", a.Amount, b.Amount}, {"consumed", a.ConsumedFee, b.ConsumedFee},
				{"refundable", a.OnlineRefundable, b.OnlineRefundable}, {"daily", a.DailyUnitPrice, b.DailyUnitPrice},
			} {
				if !near(f.v.Mul(kd), f.vk, k) {
					t.Fatalf("order %d %s: %s ×%d ≠ %s", i, f.name, f.v, k, f.vk)
				}
			}
			if !a.Ratio.Equal(b.Ratio) {
				t.Fatalf("order %d ratio %s became %s", i, a.Ratio, b.Ratio)
			}
		}
		if !near(r.Exact.Mul(kd), rk.Exact, k*int64(len(r.Orders))) {
			t.Fatalf("exact %s ×%d ≠ %s", r.Exact, k, rk.Exact)
		}

		us, until := genUpgrade(t)
		usk := us.mapDecimals(func(v decimal.Decimal) decimal.Decimal { return v.Mul(kd) }, false)
		q, qk := us.upgrade(t, until), usk.upgrade(t, until)
		if !near(q.Exact.Mul(kd), qk.Exact, k) {
			t.Fatalf("quote exact %s ×%d ≠ %s", q.Exact, k, qk.Exact)
		}
	})
}

// padded returns v with z more trailing zeros in its coefficient (1.5 → 1.50).
func padded(v decimal.Decimal, z int) decimal.Decimal {
	c := v.Coefficient()
	c.Mul(c, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(z)), nil))
	return decimal.NewFromBigInt(c, v.Exponent()-int32(z))
}

// TestRepresentation: results depend on values, not on how decimals are written.
func TestRepresentation(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genScenario(t)
		z := rapid.IntRange(1, 8).Draw(t, "zeros")
		sp := s.mapDecimals(func(v decimal.Decimal) decimal.Decimal { return padded(v, z) }, true)
		r := s.refund(t)
		rp := sp.refund(t)
		if diff := cmp.Diff(r, rp); diff != "" {
			t.Fatalf("padded decimals change the refund:\n%s", diff)
		}
		us, until := genUpgrade(t)
		usp := us.mapDecimals(func(v decimal.Decimal) decimal.Decimal { return padded(v, z) }, true)
		if diff := cmp.Diff(us.upgrade(t, until), usp.upgrade(t, until)); diff != "" {
			t.Fatalf("padded decimals change the quote:\n%s", diff)
		}
	})
}

// TestUpgradeThenDowngradeBack: upgrading A → B (the order built from the Quote) and then
// going back B → A never refunds more than the upgrade cost, and nothing of the base orders.
func TestUpgradeThenDowngradeBack(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := &scenario{data: genCatalogData(t), pol: genPolicy(t)}
		a, b := "t0", "t1"
		if priceOf(s.data, a).GreaterThanOrEqual(priceOf(s.data, b)) {
			s.data.Types[1].MonthlyPrice[region] = priceOf(s.data, a).Add(genAmount(t, "gap").Add(decimal.New(1, -3)))
		}
		orders := genBaseOrders(t, a)
		expiry := orders[len(orders)-1].End
		span := int64(expiry.Sub(t0) / time.Minute)
		upAt := t0.Add(time.Duration(rapid.Int64Range(0, span-1).Draw(t, "upMin")) * time.Minute)
		backAt := upAt.Add(time.Duration(rapid.Int64Range(0, int64(expiry.Sub(upAt)/time.Minute)).Draw(t, "backMin")) * time.Minute)
		c := s.catalog(t)
		ta, _ := c.Type(a)
		tb, _ := c.Type(b)
		q, err := Upgrade(upAt, expiry, region, ta, tb, c, &s.pol)
		if err != nil {
			t.Fatal(err)
		}
		up := model.Order{
			OrderID: "o-up", Kind: model.OrderUpgrade, InstanceType: b, PreviousInstanceType: a,
			Start: upAt, End: expiry, ListPrice: q.OriginalPrice, CashPaid: q.TradePrice,
			Discount: q.DiscountFactor, PaymentMethod: model.PayBalance, PaidAt: upAt,
		}
		inst := model.Instance{RegionID: region, ExpiredTime: expiry, Orders: append(orders, up)}
		r, err := Downgrade(backAt, &inst, tb, ta, c, &s.pol)
		if err != nil {
			t.Fatal(err)
		}
		if r.Total.GreaterThan(q.TradePrice) {
			t.Fatalf("refund %s for an upgrade that cost %s", r.Total, q.TradePrice)
		}
		for i, or := range r.Orders[:len(orders)] {
			if !or.Amount.IsZero() {
				t.Fatalf("base order %d refunds %s", i, or.Amount)
			}
		}
	})
}

// TestHostileOrderAmounts: a hostile decimal in any order field is refused quickly with
// ErrBadAmount naming the order and the field.
func TestHostileOrderAmounts(t *testing.T) {
	hs := hostile()
	rapid.Check(t, func(t *rapid.T) {
		s := genScenario(t)
		i := rapid.IntRange(0, len(s.inst.Orders)-1).Draw(t, "order")
		h := hs[rapid.IntRange(0, len(hs)-1).Draw(t, "hostile")]
		field := rapid.SampledFrom([]string{"ListPrice", "CashPaid", "VoucherPaid", "Discount"}).Draw(t, "field")
		orders := append([]model.Order(nil), s.inst.Orders...)
		switch field {
		case "ListPrice":
			orders[i].ListPrice = h
		case "CashPaid":
			orders[i].CashPaid = h
		case "VoucherPaid":
			orders[i].VoucherPaid = h
		case "Discount":
			orders[i].Discount = h
		}
		s.inst.Orders = orders
		var err error
		if el := took(func() { _, err = s.downgrade(t) }); el > hostileTime {
			t.Fatalf("took %v", el)
		}
		var ae *AmountError
		if !errors.Is(err, ErrBadAmount) || !errors.As(err, &ae) {
			t.Fatalf("error %v", err)
		}
		// An earlier order may fail first only if it is the same order; here all others are sane.
		if ae.Order != orders[i].OrderID || ae.Field != field {
			t.Fatalf("error names %s %s, want %s %s", ae.Order, ae.Field, orders[i].OrderID, field)
		}
	})
}

// TestWideAmounts: the bounds of TestRefundBounds and TestQuoteBounds hold for amounts at the
// edge of what CheckDecimal accepts.
func TestWideAmounts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genScenario(t)
		for i := range s.data.Types {
			if p := genWideAmount(t, "price"); p.IsPositive() {
				s.data.Types[i].MonthlyPrice = map[string]decimal.Decimal{region: p}
			}
		}
		for i := range s.inst.Orders {
			o := &s.inst.Orders[i]
			o.ListPrice, o.VoucherPaid = genWideAmount(t, "list"), genWideAmount(t, "voucher")
			o.CashPaid = o.ListPrice.Mul(decimal.New(rapid.Int64Range(0, 100).Draw(t, "cashPct"), -2))
			if o.CashPaid.Exponent() < -15 {
				o.CashPaid = o.CashPaid.Truncate(15)
			}
		}
		var r Refund
		if el := took(func() { r = s.refund(t) }); el > hostileTime {
			t.Fatalf("took %v", el)
		}
		cash := sumCash(s.inst.Orders)
		if r.Total.IsNegative() || r.Total.GreaterThan(cash) {
			t.Fatalf("total %s, cash %s", r.Total, cash)
		}
		sum := decimal.Zero
		for i, or := range r.Orders {
			if or.Amount.IsNegative() || or.Amount.GreaterThan(s.inst.Orders[i].CashPaid) {
				t.Fatalf("order %d: amount %s, cash %s", i, or.Amount, s.inst.Orders[i].CashPaid)
			}
			sum = sum.Add(or.Amount)
		}
		if !sum.Equal(r.Exact) {
			t.Fatalf("Exact %s, sum %s", r.Exact, sum)
		}
		q := s.upgrade(t, s.inst.ExpiredTime)
		if q.TradePrice.IsNegative() || !q.OriginalPrice.Sub(q.DiscountPrice).Equal(q.TradePrice) {
			t.Fatalf("quote %+v", q)
		}
		// TradePrice is rounded from the exact fraction, Exact to 24 places: with 15-decimal
		// inputs the two roundings may differ at a boundary, but never by a unit.
		if q.TradePrice.Sub(q.Exact).Abs().GreaterThanOrEqual(decimal.New(1, -s.pol.CurrencyPlaces)) {
			t.Fatalf("trade %s, exact %s", q.TradePrice, q.Exact)
		}
	})
}
