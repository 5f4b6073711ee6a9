package pricing

// Limits tried exactly at the boundary, and representations that the documentation fixes,
// so that an off-by-one or a dropped branch in Downgrade fails a test.

import (
	"errors"
	"math/big"
	"strings"
	"testing"
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// downgradeOne prices the baseline downgrade (ecs.g6.xlarge to ecs.g6.large) of an instance
// with the given orders, expiring at the last order's end.
func downgradeOne(t *testing.T, now time.Time, p *model.Policy, orders ...model.Order) (Refund, error) {
	t.Helper()
	c := testCatalog(t)
	inst := &model.Instance{RegionID: region, ExpiredTime: orders[len(orders)-1].End, Orders: orders}
	return Downgrade(now, inst, typ(t, c, "ecs.g6.xlarge"), typ(t, c, "ecs.g6.large"), c, p)
}

func TestPolicyBoundaries(t *testing.T) {
	start, end := at("2026-01-01T00:00:00Z"), at("2026-07-01T00:00:00Z")
	now := at("2026-01-10T00:00:00Z")
	o := purchase(start, end, "3600", "3600")

	p := pol()
	p.UnderMonthFactor = d("1")
	if _, err := downgradeOne(t, now, p, o); err != nil {
		t.Errorf("UnderMonthFactor 1: %v", err)
	}
	p.UnderMonthFactor = d("0.99")
	if _, err := downgradeOne(t, now, p, o); !errors.Is(err, ErrBadAmount) {
		t.Errorf("UnderMonthFactor 0.99: %v", err)
	}
	for _, c := range []struct {
		offset int
		ok     bool
	}{{-1440, true}, {1440, true}, {-1441, false}, {1441, false}} {
		p := pol2022()
		p.BillingUTCOffsetMinutes = c.offset
		_, err := downgradeOne(t, now, p, o)
		if (err == nil) != c.ok {
			t.Errorf("offset %d: %v", c.offset, err)
		}
	}
}

func TestZeroCPUAndOrderLimits(t *testing.T) {
	start, end := at("2026-01-01T00:00:00Z"), at("2026-07-01T00:00:00Z")
	now := at("2026-01-10T00:00:00Z")
	c := catalogWith(t, nil, itype("a", 0, "600"), itype("b", 0, "300"))
	inst := &model.Instance{RegionID: region, ExpiredTime: end, Orders: []model.Order{purchase(start, end, "3600", "3600")}}
	r, err := Downgrade(now, inst, typ(t, c, "a"), typ(t, c, "b"), c, pol())
	if err != nil || r.RefundedVCPUHours != 0 || !r.Total.IsPositive() {
		t.Errorf("zero vCPU types: %+v %v", r, err)
	}

	orders := make([]model.Order, MaxOrders)
	for i := range orders {
		orders[i] = purchase(start, end, "1", "1")
	}
	if _, err := downgradeOne(t, now, pol(), orders...); err != nil {
		t.Errorf("%d orders: %v", MaxOrders, err)
	}
	if _, err := downgradeOne(t, now, pol(), append(orders, orders[0])...); !errors.Is(err, ErrBadAmount) {
		t.Errorf("%d orders: %v", MaxOrders+1, err)
	}
}

func TestSpanBoundary(t *testing.T) {
	start := at("2026-01-01T00:00:00Z")
	now := at("2026-01-10T00:00:00Z")
	o := purchase(start, start.Add(maxSpan), "3600", "3600")
	if _, err := downgradeOne(t, now, pol(), o); err != nil {
		t.Errorf("an order of exactly 100 years: %v", err)
	}
	o.End = o.End.Add(time.Nanosecond)
	if _, err := downgradeOne(t, now, pol(), o); !errors.Is(err, ErrBadAmount) {
		t.Errorf("an order longer than 100 years: %v", err)
	}
}

// TestRatioOneIsExactlyOne: when the price gap covers the order's whole daily price, the
// ratio is 1 and the whole refundable amount is refunded.
func TestRatioOneIsExactlyOne(t *testing.T) {
	start, end := at("2026-01-01T00:00:00Z"), at("2026-01-31T00:00:00Z")
	now := at("2026-01-10T00:00:00Z")
	// 30 days for 300: a daily price of 10, exactly the gap (600 − 300) ÷ 30.
	r, err := downgradeOne(t, now, pol(), purchase(start, end, "300", "300"))
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Orders[0].Ratio.String(); got != "1" {
		t.Errorf("ratio %s, want exactly 1", got)
	}
	if !r.Orders[0].Amount.Equal(r.Orders[0].OnlineRefundable) {
		t.Errorf("amount %s, refundable %s", r.Orders[0].Amount, r.Orders[0].OnlineRefundable)
	}
}

// TestSingleVoucherKeepsItsForm: with one voucher withheld, VoucherWithheld is that order's
// VoucherPaid as given, even when other amounts have more decimals.
func TestSingleVoucherKeepsItsForm(t *testing.T) {
	start, end := at("2026-01-01T00:00:00Z"), at("2026-07-01T00:00:00Z")
	now := at("2026-01-10T00:00:00Z")
	o := purchase(start, end, "3600.125", "3000")
	o.VoucherPaid = d("10.5")
	r, err := downgradeOne(t, now, pol(), o)
	if err != nil {
		t.Fatal(err)
	}
	if r.VoucherWithheld.String() != "10.5" {
		t.Errorf("VoucherWithheld %s, want 10.5 as given", r.VoucherWithheld)
	}
	two := o
	two.OrderID = "o-2"
	r, err = downgradeOne(t, now, pol(), o, two)
	if err != nil {
		t.Fatal(err)
	}
	if !r.VoucherWithheld.Equal(d("21")) {
		t.Errorf("two vouchers: %s", r.VoucherWithheld)
	}
}

// TestOrdersBeyondTheBuffer: the work per order does not change when the orders no longer
// fit the stack buffer (the fifth order costs what the fourth did).
func TestOrdersBeyondTheBuffer(t *testing.T) {
	start, end := at("2026-01-01T00:00:00Z"), at("2026-07-01T00:00:00Z")
	now := at("2026-01-10T00:00:00Z")
	c := testCatalog(t)
	from, to := typ(t, c, "ecs.g6.xlarge"), typ(t, c, "ecs.g6.large")
	p := pol()
	allocs := func(n int) float64 {
		orders := make([]model.Order, n)
		for i := range orders {
			orders[i] = purchase(start, end, "3600", "3000")
		}
		inst := &model.Instance{RegionID: region, ExpiredTime: end, Orders: orders}
		return testing.AllocsPerRun(20, func() {
			if _, err := Downgrade(now, inst, from, to, c, p); err != nil {
				t.Fatal(err)
			}
		})
	}
	a2, a3, a4 := allocs(2), allocs(3), allocs(4)
	if a4-a3 != a3-a2 {
		t.Errorf("allocations for 2, 3, 4 orders: %v, %v, %v (the 4th order costs more)", a2, a3, a4)
	}
}

// TestExactOfOneAmount: with one order refunded, Exact is that order's amount.
func TestExactOfOneAmount(t *testing.T) {
	start, end := at("2026-01-01T00:00:00Z"), at("2026-07-01T00:00:00Z")
	now := at("2026-01-10T00:00:00Z")
	ended := purchase(at("2025-01-01T00:00:00Z"), start, "3600", "3000")
	ended.OrderID = "o-0"
	r, err := downgradeOne(t, now, pol(), ended, purchase(start, end, "3600", "3000"))
	if err != nil {
		t.Fatal(err)
	}
	if !r.Orders[0].Amount.IsZero() || r.Exact.String() != r.Orders[1].Amount.String() {
		t.Errorf("Exact %s, amounts %s %s", r.Exact, r.Orders[0].Amount, r.Orders[1].Amount)
	}
	if !r.Total.Equal(r.Exact.RoundDown(2)) {
		t.Errorf("Total %s of %s", r.Total, r.Exact)
	}
}

// TestUpgradeLayerWidth: an upgrade order's layer is the current price gap between its two
// types when the new one is dearer; otherwise (equal prices, or a type no longer priced) it is
// the order's own daily list price, and an order with no list price takes no part of the gap.
func TestUpgradeLayerWidth(t *testing.T) {
	c := catalogWith(t, nil, itype("ecs.g6.large", 2, "300"), itype("ecs.g6.xlarge", 4, "600"),
		itype("ecs.g6.twin", 4, "600"))
	t.Run("equal prices", func(t *testing.T) {
		// The layer is 220 ÷ 22 = 10 a day, the whole gap (300 ÷ 30): ratio 1, and
		// nothing is left for the purchase.
		wholeGapToUpgrade(t, marchLayer(t, c, "ecs.g6.twin", "220"))
	})
	t.Run("no list price", func(t *testing.T) {
		r := marchLayer(t, c, "ecs.g6.gone", "0")
		eqDec(t, "upgrade ratio", r.Orders[1].Ratio, "0")
		eqDec(t, "upgrade amount", r.Orders[1].Amount, "0")
		if r.Orders[0].Ratio.IsZero() {
			t.Error("the purchase takes none of the gap")
		}
	})
}

// TestMonths30Days: a calendar month that does not fit the span is not counted (January 31
// to February 27 is 27 days, not a month less one day).
func TestMonths30Days(t *testing.T) {
	for _, c := range []struct {
		s, e string
		want int64
	}{
		{"2026-01-31T00:00:00Z", "2026-02-27T00:00:00Z", 27},
		{"2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z", 30},
		{"2026-01-15T00:00:00Z", "2026-03-14T00:00:00Z", 57},
		{"2026-01-15T00:00:00Z", "2027-01-15T00:00:00Z", 360},
		{"2026-01-15T12:00:00Z", "2026-01-15T13:00:00Z", 1},
	} {
		if got := months30Days(at(c.s), at(c.e)); got != c.want {
			t.Errorf("months30Days(%s, %s) = %d, want %d", c.s, c.e, got, c.want)
		}
	}
}

// TestRoundLimits: Round accepts its documented extremes: 24 places, an exponent of −48 and
// a 200-bit coefficient.
func TestRoundLimits(t *testing.T) {
	got, err := Round(decimal.New(123456789, -30), MaxPlaces, model.RoundHalfUp)
	if err != nil || got.String() != "0.000000000000000000000123" {
		t.Errorf("24 places: %s %v", got, err)
	}
	got, err = Round(decimal.New(5, -48), 2, model.RoundUp)
	if err != nil || !got.Equal(d("0.01")) {
		t.Errorf("exponent -48: %s %v", got, err)
	}
	if _, err = Round(decimal.New(5, -49), 2, model.RoundUp); !errors.Is(err, ErrBadAmount) {
		t.Errorf("exponent -49: %v", err)
	}
	c := new(big.Int).Lsh(big.NewInt(1), 199) // 200 bits
	got, err = Round(decimal.NewFromBigInt(c, -30), 0, model.RoundDown)
	want := new(big.Int).Quo(c, new(big.Int).Exp(big.NewInt(10), big.NewInt(30), nil))
	if err != nil || got.Coefficient().Cmp(want) != 0 {
		t.Errorf("200-bit coefficient: %s %v", got, err)
	}
	if _, err = Round(decimal.NewFromBigInt(new(big.Int).Lsh(c, 1), -30), 0, model.RoundDown); !errors.Is(err, ErrBadAmount) {
		t.Errorf("201-bit coefficient: %v", err)
	}
}

// TestChargeLimits: 15 currency places and exactly 100 years to the end are accepted; an
// unknown rounding mode of 32 bytes is named whole in the error.
func TestChargeLimits(t *testing.T) {
	c := testCatalog(t)
	from, to := typ(t, c, "ecs.g6.xlarge"), typ(t, c, "ecs.g6.2xlarge")
	now := at("2026-01-01T00:00:00Z")
	p := pol()
	p.CurrencyPlaces = 15
	if q, err := Upgrade(now, now.Add(time.Hour), region, from, to, c, p); err != nil || !q.OriginalPrice.Equal(d("0.833333333333333")) {
		t.Errorf("15 places: %+v %v", q, err)
	}
	if q, err := Upgrade(now, now.Add(maxSpan), region, from, to, c, pol()); err != nil || q.Hours != int64(maxSpan/time.Hour) {
		t.Errorf("100 years: %+v %v", q, err)
	}
	if _, err := Upgrade(now, now.Add(maxSpan+time.Nanosecond), region, from, to, c, pol()); !errors.Is(err, ErrBadAmount) {
		t.Errorf("over 100 years: %v", err)
	}
	mode := "abcdefghijklmnopqrstuvwxyz012345" // 32 bytes
	_, err := Round(d("1.005"), 2, mode)
	if err == nil || !strings.Contains(err.Error(), `"`+mode+`"`) {
		t.Errorf("mode of 32 bytes: %v", err)
	}
	_, err = Round(d("1.005"), 2, mode+"6")
	if err == nil || !strings.Contains(err.Error(), mode+"…") {
		t.Errorf("mode of 33 bytes: %v", err)
	}
}
