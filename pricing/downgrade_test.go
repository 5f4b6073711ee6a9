package pricing

import (
	"errors"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// down runs Downgrade of an instance with orders from -> to at now under p, with the
// instance expiring at the last order's End.
// asRenewal makes o the renewal order "o-ren".
func asRenewal(o model.Order) model.Order {
	o.Kind, o.OrderID = model.OrderRenewal, "o-ren"
	return o
}

// wholeGapToUpgrade checks marchLayer's refund when the upgrade's layer, 220 over 22 days,
// is the whole gap: the upgrade's ratio is 1 and its refund 205 (usage 1 day, consumed
// 220/22 × 1.5 = 15), and nothing is left for the purchase.
func wholeGapToUpgrade(t *testing.T, r Refund) {
	t.Helper()
	eqDec(t, "purchase ratio", r.Orders[0].Ratio, "0")
	eqDec(t, "purchase amount", r.Orders[0].Amount, "0")
	eqDec(t, "upgrade ratio", r.Orders[1].Ratio, "1")
	eqDec(t, "upgrade amount", r.Orders[1].Amount, "205")
}

// marchLayer downgrades ecs.g6.xlarge to ecs.g6.large on 2026-03-10 under pol(): a March
// purchase of ecs.g6.large (list 300) and an upgrade from prev to ecs.g6.xlarge for the rest
// of March, listed and paid at amount.
func marchLayer(t *testing.T, c *model.Catalog, prev, amount string) Refund {
	t.Helper()
	return down(t, c, pol(), "2026-03-10T00:00:00Z", "ecs.g6.xlarge", "ecs.g6.large",
		largePurchase("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", "300"),
		upgradeOrder("o-up", prev, "ecs.g6.xlarge", "2026-03-10T00:00:00Z", "2026-04-01T00:00:00Z", amount, amount))
}

func down(t *testing.T, c *model.Catalog, p *model.Policy, now string, from, to string, orders ...model.Order) Refund {
	t.Helper()
	exp := orders[0].End
	for _, o := range orders {
		if o.End.After(exp) {
			exp = o.End
		}
	}
	inst := &model.Instance{RegionID: region, InstanceType: from, ExpiredTime: exp, Orders: orders}
	r, err := Downgrade(at(now), inst, typ(t, c, from), typ(t, c, to), c, p)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func eqDec(t *testing.T, name string, got decimal.Decimal, want string) {
	t.Helper()
	if !got.Equal(d(want)) {
		t.Errorf("%s = %s, want %s", name, got, want)
	}
}

// TestDowngradeWorked is the brief's example, worked by hand: a purchase of ecs.g6.xlarge
// (600) from 12:00 Jan 1 to 00:00 Feb 2 (31.5 days: 31), downgraded to ecs.g6.large (300)
// at 14:00 Jan 10 (9 days 2 hours: 10 days).
//
//	daily      = 600 / 31                        = 19.3548…
//	consumed   = 600/31 × 10 × 1 × 1.5           = 9000/31  = 290.3225…
//	refundable = 600 − 9000/31                   = 9600/31  = 309.6774…
//	ratio      = (600/30 − 300/30) ÷ (600/31)    = 31/60    = 0.51666…
//	refund     = 9600/31 × 31/60                 = 160
func TestDowngradeWorked(t *testing.T) {
	c := testCatalog(t)
	o := purchase(at("2026-01-01T12:00:00Z"), at("2026-02-02T00:00:00Z"), "600", "600")
	r := down(t, c, pol(), "2026-01-10T14:00:00Z", "ecs.g6.xlarge", "ecs.g6.large", o)
	want := Refund{
		Total: d("160"), Exact: d("160"), Currency: "CNY", RatioReading: model.RatioPrinted, RefundedVCPUHours: 2 * 538,
		Orders: []OrderRefund{{
			OrderID: "o-1", Kind: model.OrderPurchase, UsageDays: 10, DurationDays: 31,
			DailyUnitPrice:   d("19.354838709677419354838710"),
			ConsumedFee:      d("290.322580645161290322580645"),
			OnlineRefundable: d("309.677419354838709677419355"),
			Ratio:            d("0.516666666666666666666667"),
			Amount:           d("160"),
			Refunded:         d("160"),
			Destination:      model.PayCreditCard,
		}},
	}
	if diff := cmp.Diff(want, r); diff != "" {
		t.Errorf("refund (-want +got):\n%s", diff)
	}
}

func TestUsageDays(t *testing.T) {
	c := testCatalog(t)
	for _, tc := range []struct {
		start, now string
		want       int64
	}{
		{"2026-01-01T12:00:00Z", "2026-01-10T14:00:00Z", 10},
		{"2026-01-01T12:00:00Z", "2026-01-01T12:00:00Z", 1}, // the same instant: usage has started
		{"2026-01-01T12:00:00Z", "2026-01-01T12:01:00Z", 1},
		{"2026-01-01T12:00:00Z", "2026-01-01T23:59:59Z", 1},
		{"2026-01-01T12:00:00Z", "2026-01-02T12:00:00Z", 1},
		{"2026-01-01T12:00:00Z", "2026-01-02T12:00:00.000000001Z", 2},
		{"2026-01-01T12:00:00Z", "2026-01-01T11:59:59Z", 0}, // not started (a renewal paid ahead)
	} {
		o := purchase(at(tc.start), at(tc.start).AddDate(0, 1, 0), "600", "600")
		r := down(t, c, pol(), tc.now, "ecs.g6.xlarge", "ecs.g6.large", o)
		if got := r.Orders[0].UsageDays; got != tc.want {
			t.Errorf("%s → %s: %d usage days, want %d", tc.start, tc.now, got, tc.want)
		}
	}
}

func TestDurationDays(t *testing.T) {
	c := testCatalog(t)
	for _, tc := range []struct {
		start, end string
		want       int64
		daily      string
	}{
		{"2026-01-01T12:00:00Z", "2026-02-02T00:00:00Z", 31, "19.354838709677419354838710"},
		{"2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", 28, "21.428571428571428571428571"},
		{"2028-02-01T00:00:00Z", "2028-03-01T00:00:00Z", 29, "20.689655172413793103448276"},
		{"2026-04-01T00:00:00Z", "2026-05-01T00:00:00Z", 30, "20"},
		{"2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", 31, "19.354838709677419354838710"},
		{"2026-02-01T12:00:00Z", "2026-03-01T00:00:00Z", 27, "22.222222222222222222222222"},
		{"2026-01-31T00:00:00Z", "2026-01-31T10:00:00Z", 1, "600"}, // shorter than a day: 1
	} {
		o := purchase(at(tc.start), at(tc.end), "600", "600")
		r := down(t, c, pol(), "2025-12-01T00:00:00Z", "ecs.g6.xlarge", "ecs.g6.large", o)
		if got := r.Orders[0].DurationDays; got != tc.want {
			t.Errorf("%s → %s: %d days, want %d", tc.start, tc.end, got, tc.want)
		}
		eqDec(t, tc.start+" daily", r.Orders[0].DailyUnitPrice, tc.daily)
	}
}

// TestUnderMonthFactor: a two-month purchase (1200, Jan 1 → Mar 1: 59 days) used 30 days has
// no 1.5 factor; used 29 days it has.
//
//	30 days: consumed = 1200/59 × 30 = 36000/59; refundable = 34800/59; ratio = 10 ÷ 1200/59 = 59/120; refund = 290
//	29 days: consumed = 1200/59 × 29 × 1.5 = 52200/59; refundable = 18600/59; refund = 155
func TestUnderMonthFactor(t *testing.T) {
	c := testCatalog(t)
	o := purchase(at("2026-01-01T00:00:00Z"), at("2026-03-01T00:00:00Z"), "1200", "1200")
	for _, tc := range []struct {
		now                              string
		usage                            int64
		consumed, refundable, ratio, tot string
	}{
		{"2026-01-30T12:00:00Z", 30, "610.169491525423728813559322", "589.830508474576271186440678", "0.491666666666666666666667", "290"},
		{"2026-01-29T12:00:00Z", 29, "884.745762711864406779661017", "315.254237288135593220338983", "0.491666666666666666666667", "155"},
	} {
		r := down(t, c, pol(), tc.now, "ecs.g6.xlarge", "ecs.g6.large", o)
		or := r.Orders[0]
		if or.UsageDays != tc.usage || or.DurationDays != 59 {
			t.Errorf("%s: usage %d duration %d", tc.now, or.UsageDays, or.DurationDays)
		}
		eqDec(t, tc.now+" consumed", or.ConsumedFee, tc.consumed)
		eqDec(t, tc.now+" refundable", or.OnlineRefundable, tc.refundable)
		eqDec(t, tc.now+" ratio", or.Ratio, tc.ratio)
		eqDec(t, tc.now+" total", r.Total, tc.tot)
	}
}

// TestUsageDiscount: a year of ecs.g6.xlarge (7200 list, 6120 paid) used 200 days
// (6 months: factor 0.9): consumed = 7200/365 × 200 × 0.9; refund = (6120 − consumed) ×
// 10 ÷ (7200/365) = 1302.5.
func TestUsageDiscount(t *testing.T) {
	c := testCatalog(t)
	o := purchase(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"), "7200", "6120")
	o.Discount = d("0.85")
	r := down(t, c, pol(), "2026-07-20T00:00:00Z", "ecs.g6.xlarge", "ecs.g6.large", o)
	or := r.Orders[0]
	if or.UsageDays != 200 || or.DurationDays != 365 {
		t.Fatalf("usage %d duration %d", or.UsageDays, or.DurationDays)
	}
	eqDec(t, "daily", or.DailyUnitPrice, "19.726027397260273972602740")
	eqDec(t, "consumed", or.ConsumedFee, "3550.684931506849315068493151")
	eqDec(t, "refundable", or.OnlineRefundable, "2569.315068493150684931506849")
	eqDec(t, "ratio", or.Ratio, "0.506944444444444444444444")
	eqDec(t, "amount", or.Amount, "1302.5")
	eqDec(t, "total", r.Total, "1302.5")
}

func upgradeOrder(id, fromType, toType, start, end, list, cash string) model.Order {
	return model.Order{
		OrderID: id, Kind: model.OrderUpgrade, InstanceType: toType, PreviousInstanceType: fromType,
		Start: at(start), End: at(end), ListPrice: d(list), CashPaid: d(cash), VoucherPaid: decimal.Zero,
		Discount: d("1"), PaymentMethod: model.PayBalance, PaidAt: at(start),
	}
}

func largePurchase(start, end, list string) model.Order {
	o := purchase(at(start), at(end), list, list)
	o.InstanceType = "ecs.g6.large"
	return o
}

func TestLayers(t *testing.T) {
	c := catalogWith(t, nil, itype("ecs.g6.large", 2, "300"), itype("ecs.g6.xlarge", 4, "600"),
		itype("ecs.g6.2xlarge", 8, "1200"), itype("ecs.g6.mid", 6, "450"))

	t.Run("upgrade undone at once", func(t *testing.T) {
		// Upgrade large → xlarge for 22 days (220), undone the same instant: the upgrade's
		// layer (10/day) takes the whole gap, the purchase keeps its price.
		// Upgrade: usage 1 day, consumed 220/22 × 1.5 = 15, refund 205.
		r := marchLayer(t, c, "ecs.g6.large", "220")
		wholeGapToUpgrade(t, r)
		eqDec(t, "total", r.Total, "205")
	})

	// marchLarge is the purchase most cases stand on: ecs.g6.large for March, list 300.
	marchLarge := largePurchase("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", "300")
	for _, tc := range []struct {
		name, now, from, to string
		orders              []model.Order
		// ratios and amounts are each order's, in order; "" where the case does not pin one.
		ratios, amounts []string
		total           string // "" where the case does not pin it
		also            func(t *testing.T, r Refund)
	}{
		// 2xlarge → mid removes 25/day: the newest upgrade (xlarge → 2xlarge, 20/day) all of
		// its layer, the older one (large → xlarge, 10/day) half of it, the purchase none.
		// Newest: usage 5, consumed 440/22 × 5 × 1.5 = 150, refund 290.
		// Older: usage 10, consumed 270/27 × 10 × 1.5 = 150, refundable 120, × 0.5 = 60.
		{name: "two layers, one partly", now: "2026-03-15T00:00:00Z", from: "ecs.g6.2xlarge", to: "ecs.g6.mid",
			orders: []model.Order{
				marchLarge,
				upgradeOrder("o-up1", "ecs.g6.large", "ecs.g6.xlarge", "2026-03-05T00:00:00Z", "2026-04-01T00:00:00Z", "270", "270"),
				upgradeOrder("o-up2", "ecs.g6.xlarge", "ecs.g6.2xlarge", "2026-03-10T00:00:00Z", "2026-04-01T00:00:00Z", "440", "440")},
			ratios: []string{"", "0.5", "1"}, amounts: []string{"0", "60", "290"}, total: "350",
			also: func(t *testing.T, r Refund) {
				if r.RefundedVCPUHours != 2*17*24 {
					t.Errorf("vCPU hours %d", r.RefundedVCPUHours)
				}
			}},
		// The upgrade ended with the January cycle; February's renewal was bought at the
		// xlarge price and is not covered by it: R = the whole gap, 10/day.
		// Renewal: 600/28 daily, usage 9, consumed 8100/28, refundable 8700/28,
		// ratio 10 ÷ 600/28 = 7/15: refund 145.
		{name: "renewal after an ended upgrade", now: "2026-02-10T00:00:00Z", from: "ecs.g6.xlarge", to: "ecs.g6.large",
			orders: []model.Order{
				largePurchase("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "300"),
				upgradeOrder("o-up", "ecs.g6.large", "ecs.g6.xlarge", "2026-01-20T00:00:00Z", "2026-02-01T00:00:00Z", "120", "120"),
				asRenewal(purchase(at("2026-02-01T00:00:00Z"), at("2026-03-01T00:00:00Z"), "600", "600"))},
			ratios: []string{"", "0", "0.466666666666666666666667"}, amounts: []string{"0", "0", "145"}, total: "145"},
		// The upgrade runs to expiry over February's renewal (bought at the large price):
		// the upgrade takes the gap, neither base order has anything of it.
		// Upgrade: 40 days (400), usage 5, consumed 400/40 × 5 × 1.5 = 75, refund 325.
		{name: "renewal paid ahead, covered by the upgrade", now: "2026-01-25T00:00:00Z", from: "ecs.g6.xlarge", to: "ecs.g6.large",
			orders: []model.Order{
				largePurchase("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "300"),
				asRenewal(largePurchase("2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", "300")),
				upgradeOrder("o-up", "ecs.g6.large", "ecs.g6.xlarge", "2026-01-20T00:00:00Z", "2026-03-01T00:00:00Z", "400", "400")},
			amounts: []string{"0", "0", "325"}, total: "325",
			also: func(t *testing.T, r Refund) {
				if r.Orders[1].UsageDays != 0 {
					t.Errorf("renewal usage %d", r.Orders[1].UsageDays)
				}
			}},
		// 2xlarge → large removes 30/day; the upgrade (xlarge → 2xlarge) is 20/day wide, the
		// other 10/day comes from the purchase (bought as xlarge, 600/31 a day):
		// ratio 10 ÷ 600/31 = 31/60. Purchase: usage 14, consumed 600/31 × 14 × 1.5 =
		// 12600/31, refundable 6000/31, × 31/60 = 100.
		{name: "gap deeper than the upgrade", now: "2026-03-14T12:00:00Z", from: "ecs.g6.2xlarge", to: "ecs.g6.large",
			orders: []model.Order{
				purchase(at("2026-03-01T00:00:00Z"), at("2026-04-01T00:00:00Z"), "600", "600"),
				upgradeOrder("o-up", "ecs.g6.xlarge", "ecs.g6.2xlarge", "2026-03-10T00:00:00Z", "2026-04-01T00:00:00Z", "440", "440")},
			ratios: []string{"0.516666666666666666666667", "1"}, amounts: []string{"100"}},
		// The upgrade (March, still running) takes the gap for March; April's renewal was
		// bought afterwards at the xlarge price and does not overlap it: R = 10/day, ratio
		// 10 ÷ 600/30 = 1/2 of its 600, not started: 300.
		// Upgrade: usage 5, consumed 220/22 × 5 × 1.5 = 75, refund 145.
		{name: "renewal after an active upgrade", now: "2026-03-15T00:00:00Z", from: "ecs.g6.xlarge", to: "ecs.g6.large",
			orders: []model.Order{
				marchLarge,
				upgradeOrder("o-up", "ecs.g6.large", "ecs.g6.xlarge", "2026-03-10T00:00:00Z", "2026-04-01T00:00:00Z", "220", "220"),
				asRenewal(purchase(at("2026-04-01T00:00:00Z"), at("2026-05-01T00:00:00Z"), "600", "600"))},
			ratios: []string{"", "", "0.5"}, amounts: []string{"0", "145", "300"}, total: "445"},
		// The previous type is unknown: the layer's width is the order's own ListPrice ÷
		// days = 264/22 = 12/day; the gap of 10/day takes 10/12 of it.
		// Usage 1, consumed 264/22 × 1.5 = 18, refundable 246, × 5/6 = 205.
		{name: "upgrade without a catalog band", now: "2026-03-10T00:00:00Z", from: "ecs.g6.xlarge", to: "ecs.g6.large",
			orders: []model.Order{
				marchLarge,
				upgradeOrder("o-up", "", "ecs.g6.xlarge", "2026-03-10T00:00:00Z", "2026-04-01T00:00:00Z", "264", "264")},
			ratios: []string{"", "0.833333333333333333333333"}, amounts: []string{"0", "205"}},
		// Two upgrade orders with the same Start: the later in the list is the newer layer.
		{name: "same start, later order first", now: "2026-03-15T00:00:00Z", from: "ecs.g6.2xlarge", to: "ecs.g6.xlarge",
			orders: []model.Order{
				marchLarge,
				upgradeOrder("o-a", "ecs.g6.large", "ecs.g6.xlarge", "2026-03-10T00:00:00Z", "2026-04-01T00:00:00Z", "220", "220"),
				upgradeOrder("o-b", "ecs.g6.xlarge", "ecs.g6.2xlarge", "2026-03-10T00:00:00Z", "2026-04-01T00:00:00Z", "440", "440")},
			ratios: []string{"", "0", "1"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := down(t, c, pol(), tc.now, tc.from, tc.to, tc.orders...)
			for i, want := range tc.ratios {
				if want != "" {
					eqDec(t, fmt.Sprintf("order %d (%s) ratio", i, r.Orders[i].OrderID), r.Orders[i].Ratio, want)
				}
			}
			for i, want := range tc.amounts {
				eqDec(t, fmt.Sprintf("order %d (%s) amount", i, r.Orders[i].OrderID), r.Orders[i].Amount, want)
			}
			if tc.total != "" {
				eqDec(t, "total", r.Total, tc.total)
			}
			if tc.also != nil {
				tc.also(t, r)
			}
		})
	}

	t.Run("target dearer", func(t *testing.T) {
		r := down(t, c, pol(), "2026-03-10T00:00:00Z", "ecs.g6.large", "ecs.g6.xlarge",
			largePurchase("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", "300"))
		eqDec(t, "total", r.Total, "0")
		eqDec(t, "ratio", r.Orders[0].Ratio, "0")
		if r.RefundedVCPUHours != 0 {
			t.Errorf("vCPU hours %d", r.RefundedVCPUHours)
		}
	})
}

func TestVouchersWithheld(t *testing.T) {
	c := testCatalog(t)
	a := purchase(at("2026-03-01T00:00:00Z"), at("2026-04-01T00:00:00Z"), "600", "500")
	a.VoucherPaid = d("100")
	b := purchase(at("2026-04-01T00:00:00Z"), at("2026-05-01T00:00:00Z"), "600", "550")
	b.OrderID, b.Kind, b.VoucherPaid = "o-2", model.OrderRenewal, d("50.5")
	old := purchase(at("2026-02-01T00:00:00Z"), at("2026-03-01T00:00:00Z"), "600", "580")
	old.OrderID, old.VoucherPaid = "o-0", d("20")
	r := down(t, c, pol(), "2026-03-10T00:00:00Z", "ecs.g6.xlarge", "ecs.g6.large", old, a, b)
	eqDec(t, "ended order's voucher", r.Orders[0].VoucherWithheld, "0")
	eqDec(t, "a voucher", r.Orders[1].VoucherWithheld, "100")
	eqDec(t, "b voucher", r.Orders[2].VoucherWithheld, "50.5")
	eqDec(t, "total voucher", r.VoucherWithheld, "150.5")
	// Only cash comes back: b (not started) refundable = 550, ratio 10 ÷ 600/30 = 1/2.
	eqDec(t, "b amount", r.Orders[2].Amount, "275")

	r = down(t, c, pol(), "2026-03-10T00:00:00Z", "ecs.g6.xlarge", "ecs.g6.large", old, a)
	eqDec(t, "single voucher", r.VoucherWithheld, "100")
}

func TestDestination(t *testing.T) {
	paid := at("2026-01-01T00:00:00Z")
	dayN := func(n int) time.Time { return paid.Add(time.Duration(n) * 24 * time.Hour) }
	for _, tc := range []struct {
		method string
		now    time.Time
		want   string
	}{
		{model.PayCreditCard, dayN(0), model.PayCreditCard},
		{model.PayCreditCard, dayN(150), model.PayCreditCard},
		{model.PayCreditCard, dayN(150).Add(time.Second), model.PayBalance},
		{model.PayCreditCard, dayN(151), model.PayBalance},
		{model.PayCreditCard, dayN(-1), model.PayCreditCard},
		{model.PayPal, dayN(150), model.PayPal},
		{model.PayPal, dayN(180), model.PayPal},
		{model.PayPal, dayN(180).Add(time.Nanosecond), model.PayBalance},
		{model.PayPal, dayN(181), model.PayBalance},
		{model.PayBalance, dayN(1), model.PayBalance},
		{"alipay", dayN(1), model.PayBalance},
		{"", dayN(1), model.PayBalance},
		{model.PayCreditCard, paid.AddDate(300, 0, 0), model.PayBalance},
	} {
		if got := Destination(tc.method, paid, tc.now); got != tc.want {
			t.Errorf("%q paid %s refunded %s: %s, want %s", tc.method, paid, tc.now, got, tc.want)
		}
	}
	// A zero PaidAt (unknown) is long ago: balance.
	if got := Destination(model.PayCreditCard, time.Time{}, paid); got != model.PayBalance {
		t.Errorf("zero PaidAt: %s", got)
	}
}

func TestDestinationInRefund(t *testing.T) {
	c := testCatalog(t)
	o := purchase(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"), "7200", "7200")
	o.PaidAt = at("2025-12-31T00:00:00Z")
	r := down(t, c, pol(), "2026-05-30T00:00:00Z", "ecs.g6.xlarge", "ecs.g6.large", o) // 150 days after payment
	if r.Orders[0].Destination != model.PayCreditCard {
		t.Errorf("150 days: %s", r.Orders[0].Destination)
	}
	r = down(t, c, pol(), "2026-05-31T00:00:00Z", "ecs.g6.xlarge", "ecs.g6.large", o) // 151 days
	if r.Orders[0].Destination != model.PayBalance {
		t.Errorf("151 days: %s", r.Orders[0].Destination)
	}
}

// TestRule2022: daily = monthly price ÷ 30 with the order counted in 30-day months, no 1.5
// factor, the order's own discount, a started day counts whole.
func TestRule2022(t *testing.T) {
	c := testCatalog(t)
	month := purchase(at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z"), "600", "540")
	month.Discount = d("0.9")
	year := purchase(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"), "7200", "6120")
	year.Discount = d("0.85")
	unrecorded := month
	unrecorded.Discount = decimal.Zero
	// Jan 31 → Feb 28 in the billing zone (UTC+8) is one calendar month: 30 days. In UTC
	// the same instants are Jan 30 16:00 → Feb 27 16:00, short of a month.
	endOfMonth := purchase(at("2026-01-30T16:00:00Z"), at("2026-02-27T16:00:00Z"), "600", "600")
	short := upgradeOrder("o-up", "ecs.g6.large", "ecs.g6.xlarge", "2026-01-05T00:00:00Z", "2026-01-15T00:00:00Z", "100", "100")
	for _, tc := range []struct {
		name                                    string
		o                                       model.Order
		now                                     string
		usage, dur                              int64
		daily, consumed, refundable, ratio, tot string
	}{
		// daily 600/30 = 20; consumed 20 × 10 × 0.9 = 180; refundable 360; ratio 10/20.
		{"month", month, "2026-01-10T14:00:00Z", 10, 30, "20", "180", "360", "0.5", "180"},
		// Less than 24 hours counts as one day: consumed 18, refundable 522.
		{"three hours", month, "2026-01-01T03:00:00Z", 1, 30, "20", "18", "522", "0.5", "261"},
		// A year is 12 months: 360 days, daily 20; 200 days × 20 × 0.85 = 3400.
		{"year", year, "2026-07-20T00:00:00Z", 200, 360, "20", "3400", "2720", "0.5", "1360"},
		// Discount 0 is "not recorded": no discount.
		{"unrecorded discount", unrecorded, "2026-01-10T14:00:00Z", 10, 30, "20", "200", "340", "0.5", "170"},
		{"end of month", endOfMonth, "2026-02-01T00:00:00Z", 2, 30, "20", "40", "560", "0.5", "280"},
		// A 10-day upgrade order: 10 days; its layer (catalog band 10/day) takes the gap.
		// consumed 10 × 1 × 1 = 10, refundable 90.
		{"short upgrade", short, "2026-01-06T00:00:00Z", 1, 10, "10", "10", "90", "1", "90"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := down(t, c, pol2022(), tc.now, "ecs.g6.xlarge", "ecs.g6.large", tc.o)
			or := r.Orders[0]
			if or.UsageDays != tc.usage || or.DurationDays != tc.dur {
				t.Errorf("usage %d duration %d, want %d %d", or.UsageDays, or.DurationDays, tc.usage, tc.dur)
			}
			eqDec(t, "daily", or.DailyUnitPrice, tc.daily)
			eqDec(t, "consumed", or.ConsumedFee, tc.consumed)
			eqDec(t, "refundable", or.OnlineRefundable, tc.refundable)
			eqDec(t, "ratio", or.Ratio, tc.ratio)
			eqDec(t, "total", r.Total, tc.tot)
		})
	}
}

func TestTotalRoundingAndClamp(t *testing.T) {
	c := testCatalog(t)
	// Not started (usage 0), 30 days: refundable = the cash 600.25, ratio = 10 ÷ (600/30) =
	// 1/2, refund 300.125: the mode decides the cent.
	o := purchase(at("2026-04-01T00:00:00Z"), at("2026-05-01T00:00:00Z"), "600", "600.25")
	for mode, want := range map[string]string{
		model.RoundHalfUp: "300.13", model.RoundHalfEven: "300.12", model.RoundDown: "300.12", model.RoundUp: "300.13",
	} {
		p := pol()
		p.RefundRounding = mode
		r := down(t, c, p, "2026-03-10T00:00:00Z", "ecs.g6.xlarge", "ecs.g6.large", o)
		eqDec(t, mode+" exact", r.Exact, "300.125")
		eqDec(t, mode+" total", r.Total, want)
	}
	// Rounding up may not exceed the cash paid: 100.005 refunded in full (11 days, daily
	// 9.09 < the gap of 10: ratio 1) rounds up to 100.01, above the cash; the total is the
	// cash rounded down.
	full := purchase(at("2026-04-01T00:00:00Z"), at("2026-04-12T00:00:00Z"), "100.005", "100.005")
	p := pol()
	p.RefundRounding = model.RoundUp
	r := down(t, c, p, "2026-03-10T00:00:00Z", "ecs.g6.xlarge", "ecs.g6.large", full)
	eqDec(t, "exact", r.Exact, "100.005")
	eqDec(t, "ratio", r.Orders[0].Ratio, "1")
	eqDec(t, "clamped total", r.Total, "100")
}

func TestEndedOrdersRefundNothing(t *testing.T) {
	c := testCatalog(t)
	// A year bought without discount, fully used: with the 12-month usage discount its
	// "consumed fee" would be below the cash paid, but nothing of it remains.
	o := purchase(at("2025-01-01T00:00:00Z"), at("2026-01-01T00:00:00Z"), "7200", "7200")
	next := purchase(at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z"), "600", "600")
	next.OrderID, next.Kind = "o-2", model.OrderRenewal
	r := down(t, c, pol(), "2026-01-01T00:00:00Z", "ecs.g6.xlarge", "ecs.g6.large", o, next)
	if !r.Orders[0].OnlineRefundable.IsPositive() {
		t.Fatalf("setup: refundable %s", r.Orders[0].OnlineRefundable)
	}
	eqDec(t, "ended", r.Orders[0].Amount, "0")
	eqDec(t, "ended ratio", r.Orders[0].Ratio, "0")
	if !r.Orders[1].Amount.IsPositive() {
		t.Errorf("current order: %s", r.Orders[1].Amount)
	}
}

func TestDowngradeErrors(t *testing.T) {
	c := testCatalog(t)
	good := purchase(at("2026-03-01T00:00:00Z"), at("2026-04-01T00:00:00Z"), "600", "600")
	now := at("2026-03-10T00:00:00Z")
	run := func(p *model.Policy, from, to string, orders ...model.Order) error {
		inst := &model.Instance{RegionID: region, ExpiredTime: at("2026-04-01T00:00:00Z"), Orders: orders}
		_, err := Downgrade(now, inst, typ(t, c, from), typ(t, c, to), c, p)
		return err
	}
	if err := run(pol(), "ecs.g6.nopr", "ecs.g6.large", good); !errors.Is(err, ErrNoPrice) {
		t.Errorf("missing price: %v", err)
	}
	if err := run(pol(), "ecs.g6.xlarge", "ecs.g6.nopr", good); !errors.Is(err, ErrNoPrice) {
		t.Errorf("missing target price: %v", err)
	}

	type wantErr struct {
		order, field string
		cause        error
	}
	mod := func(f func(o *model.Order)) model.Order {
		o := good
		o.OrderID = "o-bad"
		f(&o)
		return o
	}
	for name, tc := range map[string]struct {
		o    model.Order
		want wantErr
	}{
		"hostile list":      {mod(func(o *model.Order) { o.ListPrice = decimal.New(1, 100000000) }), wantErr{"o-bad", "ListPrice", model.ErrDecimalTooLarge}},
		"negative cash":     {mod(func(o *model.Order) { o.CashPaid = d("-1") }), wantErr{"o-bad", "CashPaid", model.ErrDecimalNegative}},
		"tiny voucher":      {mod(func(o *model.Order) { o.VoucherPaid = decimal.New(1, -40) }), wantErr{"o-bad", "VoucherPaid", model.ErrDecimalPrecision}},
		"discount above 1":  {mod(func(o *model.Order) { o.Discount = d("1.01") }), wantErr{"o-bad", "Discount", model.ErrOrderDiscount}},
		"end before start":  {mod(func(o *model.Order) { o.End = o.Start }), wantErr{"o-bad", "End", model.ErrOrderEnd}},
		"span over 100 yrs": {mod(func(o *model.Order) { o.End = o.Start.AddDate(101, 0, 0) }), wantErr{"o-bad", "End", errSpan}},
		"unknown kind":      {mod(func(o *model.Order) { o.Kind = "Refund" }), wantErr{"o-bad", `Kind "Refund"`, model.ErrOrderKind}},
		"no order id":       {mod(func(o *model.Order) { o.OrderID = ""; o.CashPaid = d("-2") }), wantErr{"#1", "CashPaid", model.ErrDecimalNegative}},
	} {
		err := run(pol(), "ecs.g6.xlarge", "ecs.g6.large", good, tc.o)
		var ae *AmountError
		if !errors.Is(err, ErrBadAmount) || !errors.As(err, &ae) {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if ae.Order != tc.want.order || ae.Field != tc.want.field || !errors.Is(err, tc.want.cause) {
			t.Errorf("%s: order %q field %q cause %v", name, ae.Order, ae.Field, ae.Err)
		}
	}

	bad := func(name string, err error) {
		t.Helper()
		if !errors.Is(err, ErrBadAmount) {
			t.Errorf("%s: %v", name, err)
		}
	}
	p := pol()
	p.RefundRule = ""
	bad("no refund rule", run(p, "ecs.g6.xlarge", "ecs.g6.large", good))
	p = pol()
	p.RefundRounding = "HALF_UP"
	bad("rounding", run(p, "ecs.g6.xlarge", "ecs.g6.large", good))
	p = pol()
	p.UnderMonthFactor = d("0.5")
	bad("factor below 1", run(p, "ecs.g6.xlarge", "ecs.g6.large", good))
	p = pol()
	p.UnderMonthFactor = decimal.New(15, 100000000)
	bad("hostile factor", run(p, "ecs.g6.xlarge", "ecs.g6.large", good))
	p = pol2022()
	p.BillingUTCOffsetMinutes = math.MaxInt32
	bad("offset", run(p, "ecs.g6.xlarge", "ecs.g6.large", good))
	many := make([]model.Order, MaxOrders+1)
	for i := range many {
		many[i] = good
	}
	bad("too many orders", run(pol(), "ecs.g6.xlarge", "ecs.g6.large", many...))
	_, err := Downgrade(now, nil, typ(t, c, "ecs.g6.xlarge"), typ(t, c, "ecs.g6.large"), c, pol())
	bad("nil instance", err)
	inst := &model.Instance{RegionID: region, ExpiredTime: now.AddDate(200, 0, 0), Orders: []model.Order{good}}
	_, err = Downgrade(now, inst, typ(t, c, "ecs.g6.xlarge"), typ(t, c, "ecs.g6.large"), c, pol())
	bad("expiry in 200 years", err)
	neg := model.InstanceType{InstanceTypeID: "neg", Family: "x", CPU: -1, MonthlyPrice: typ(t, c, "ecs.g6.large").MonthlyPrice}
	_, err = Downgrade(now, &model.Instance{RegionID: region, ExpiredTime: now}, typ(t, c, "ecs.g6.xlarge"), &neg, c, pol())
	bad("negative CPU", err)
}

func TestNoOrders(t *testing.T) {
	c := testCatalog(t)
	now := at("2026-03-10T00:00:00Z")
	inst := &model.Instance{RegionID: region, ExpiredTime: now.Add(10 * time.Hour)}
	r, err := Downgrade(now, inst, typ(t, c, "ecs.g6.xlarge"), typ(t, c, "ecs.g6.large"), c, pol())
	if err != nil || !r.Total.IsZero() || len(r.Orders) != 0 || r.RefundedVCPUHours != 20 {
		t.Errorf("no orders: %+v %v", r, err)
	}
}

func TestVCPUHoursSaturate(t *testing.T) {
	if got := vcpuHours(math.MaxInt, 0, 1<<40); got != math.MaxInt64 {
		t.Errorf("saturation of the high word: %d", got)
	}
	if got := vcpuHours(2, 0, 1<<62); got != math.MaxInt64 {
		t.Errorf("saturation of the sign bit: %d", got)
	}
	if got := vcpuHours(4, 2, 10); got != 20 {
		t.Errorf("4→2 over 10 h: %d", got)
	}
}

func TestDowngradeDoesNotMutate(t *testing.T) {
	c := testCatalog(t)
	orders := []model.Order{
		largePurchase("2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z", "300"),
		upgradeOrder("o-up", "ecs.g6.large", "ecs.g6.xlarge", "2026-03-05T00:00:00Z", "2026-04-01T00:00:00Z", "270", "270"),
	}
	inst := &model.Instance{RegionID: region, ExpiredTime: at("2026-04-01T00:00:00Z"), Orders: orders}
	before := fmt.Sprintf("%+v", *inst)
	if _, err := Downgrade(at("2026-03-10T00:00:00Z"), inst, typ(t, c, "ecs.g6.xlarge"), typ(t, c, "ecs.g6.large"), c, pol()); err != nil {
		t.Fatal(err)
	}
	if after := fmt.Sprintf("%+v", *inst); after != before {
		t.Errorf("instance changed:\n%s\n%s", before, after)
	}
}
