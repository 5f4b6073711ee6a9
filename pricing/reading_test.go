package pricing

import (
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/respec-dev/respec/internal/exact"
	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// readingCatalog has ecs.g6.a at 100 a month and ecs.g6.b at 50 (half the price), no
// duration discounts: the refund-rules page's example.
func readingCatalog(t testing.TB) *model.Catalog {
	t.Helper()
	return catalogWith(t, nil, itype("ecs.g6.a", 4, "100"), itype("ecs.g6.b", 2, "50"))
}

func withReading(p *model.Policy, reading string) *model.Policy {
	q := *p
	q.RatioReading = reading
	return &q
}

// TestRatioReadingsWorked: an order of ecs.g6.a (100 a month) downgraded to ecs.g6.b (50 a
// month) after 10 days (consumed fee × 1.5, no usage discount), worked by hand under both
// readings for orders of 28, 31 and 365 days.
//
//	28 days (Feb 2026), list 100: daily 100/28; consumed 100/28 × 10 × 1.5 = 375/7;
//	  refundable 325/7 = 46.428…
//	  printed:   ratio (50/30) ÷ (100/28) = 28/60 = 0.4666…; refund 325/7 × 28/60 = 21.666… → 21.66
//	  one-basis: ratio (100 − 50)/100 = 0.5;               refund 325/14 = 23.214… → 23.21
//	31 days (Jan 2026), list 100: consumed 1500/31; refundable 1600/31 = 51.612…
//	  printed:   ratio 31/60 = 0.51666…; refund 1600/31 × 31/60 = 26.666… → 26.66
//	  one-basis: ratio 0.5;             refund 800/31 = 25.806… → 25.80
//	365 days (2026), list 1200 (the page's example): daily 240/73; consumed 3600/73;
//	  refundable 84000/73 = 1150.684…
//	  printed:   ratio (50/30) ÷ (1200/365) = 365/720 = 0.506944…; refund 84000/73 × 365/720
//	             = 583.333… → 583.33
//	  one-basis: ratio 0.5; refund 42000/73 = 575.342… → 575.34
func TestRatioReadingsWorked(t *testing.T) {
	c := readingCatalog(t)
	// want is what a reading gives for a period: the order's ratio and amount, and the total.
	type want struct{ ratio, amount, total string }
	periods := []struct {
		name, start, end, list string
		printed, oneBasis      want
	}{
		{"28 days", "2026-02-01T00:00:00Z", "2026-03-01T00:00:00Z", "100",
			want{"0.466666666666666666666667", "21.666666666666666666666667", "21.66"}, want{"0.5", "23.214285714285714285714286", "23.21"}},
		{"31 days", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z", "100",
			want{"0.516666666666666666666667", "26.666666666666666666666667", "26.66"}, want{"0.5", "25.806451612903225806451613", "25.80"}},
		{"365 days", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "1200",
			want{"0.506944444444444444444444", "583.333333333333333333333333", "583.33"}, want{"0.5", "575.342465753424657534246575", "575.34"}},
	}
	for _, k := range periods {
		for _, rd := range []struct {
			name, reading string
			want          want
		}{{"printed", model.RatioPrinted, k.printed}, {"one basis", model.RatioOneBasis, k.oneBasis}} {
			t.Run(k.name+" "+rd.name, func(t *testing.T) {
				o := purchase(at(k.start), at(k.end), k.list, k.list)
				o.InstanceType = "ecs.g6.a"
				now := at(k.start).Add(10 * 24 * time.Hour)
				r := down(t, c, withReading(pol(), rd.reading), now.Format(time.RFC3339), "ecs.g6.a", "ecs.g6.b", o)
				or := r.Orders[0]
				eqDec(t, "ratio", or.Ratio, rd.want.ratio)
				eqDec(t, "amount", or.Amount, rd.want.amount)
				eqDec(t, "total", r.Total, rd.want.total)
				eqDec(t, "share", or.Refunded, rd.want.total)
				if r.RatioReading != rd.reading {
					t.Errorf("RatioReading = %q, want %q", r.RatioReading, rd.reading)
				}
			})
		}
	}
}

// TestPrintedExample: the refund-rules page's worked example (a 365-day order at 100 a month,
// list price 1200, downgraded to 50 a month) prints a ratio of 0.50694444; the default
// reading gives exactly that to 8 places.
func TestPrintedExample(t *testing.T) {
	c := readingCatalog(t)
	o := purchase(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"), "1200", "1200")
	o.InstanceType = "ecs.g6.a"
	def := model.PolicyCurrent()
	if def.RatioReading != model.RatioPrinted {
		t.Fatalf("default reading %q, want %q", def.RatioReading, model.RatioPrinted)
	}
	r := down(t, c, &def, "2026-01-11T00:00:00Z", "ecs.g6.a", "ecs.g6.b", o)
	if got := r.Orders[0].Ratio.Truncate(8).String(); got != "0.50694444" {
		t.Errorf("ratio %s, the page prints 0.50694444", got)
	}
}

// TestRatioReadingPolicy: "" is the printed reading; an unknown reading is refused.
func TestRatioReadingPolicy(t *testing.T) {
	c := readingCatalog(t)
	o := purchase(at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z"), "1200", "1200")
	r := down(t, c, withReading(pol(), ""), "2026-01-11T00:00:00Z", "ecs.g6.a", "ecs.g6.b", o)
	if r.RatioReading != model.RatioPrinted || !r.Total.Equal(d("583.33")) {
		t.Errorf("empty reading: %q %s", r.RatioReading, r.Total)
	}
	inst := &model.Instance{RegionID: region, ExpiredTime: o.End, Orders: []model.Order{o}}
	_, err := Downgrade(at("2026-01-11T00:00:00Z"), inst, typ(t, c, "ecs.g6.a"), typ(t, c, "ecs.g6.b"), c, withReading(pol(), "both"))
	if !errors.Is(err, ErrBadAmount) {
		t.Errorf("unknown reading: %v", err)
	}
}

// TestOneBasisRatioIsOneMinusF: under the one-basis reading a base order of type A with a
// target at a fraction f of A's monthly price gets a ratio of exactly 1 − f, whatever the
// order's length, list price, start and usage.
func TestOneBasisRatioIsOneMinusF(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		pa := rapid.Int64Range(2, 1_000_000).Draw(t, "priceA") // cents
		pt := rapid.Int64Range(1, pa-1).Draw(t, "priceTarget") // cents, below A
		c, err := model.NewCatalog(model.CatalogData{Regions: []string{region}, Currency: "CNY", Types: []model.InstanceType{
			itype("ecs.g6.a", 4, decimal.New(pa, -2).String()), itype("ecs.g6.t", 2, decimal.New(pt, -2).String())}})
		if err != nil {
			t.Fatal(err)
		}
		a, _ := c.Type("ecs.g6.a")
		tt, _ := c.Type("ecs.g6.t")
		start := t0.Add(time.Duration(rapid.IntRange(0, 1440*365).Draw(t, "startMin")) * time.Minute)
		end := start.Add(time.Duration(rapid.IntRange(1, 1100*24*60).Draw(t, "lengthMin")) * time.Minute)
		list := genAmount(t, "list")
		o := model.Order{OrderID: "o-1", Kind: rapid.SampledFrom([]string{model.OrderPurchase, model.OrderRenewal, model.OrderDowngrade}).Draw(t, "kind"),
			InstanceType: "ecs.g6.a", Start: start, End: end, ListPrice: list, CashPaid: list, PaymentMethod: model.PayBalance, PaidAt: start}
		now := start.Add(time.Duration(rapid.Int64Range(0, int64(end.Sub(start)/time.Minute)-1).Draw(t, "nowMin")) * time.Minute)
		p := withReading(pol(), model.RatioOneBasis)
		if rapid.Bool().Draw(t, "2022") {
			p = withReading(pol2022(), model.RatioOneBasis)
		}
		inst := &model.Instance{RegionID: region, ExpiredTime: end, Orders: []model.Order{o}}
		r, err := Downgrade(now, inst, a, tt, c, p)
		if err != nil {
			t.Fatal(err)
		}
		// 1 − f = (pa − pt) / pa, rounded half up to 24 places as every ratio is (FloatString
		// rounds halves away from zero).
		wantDec := decimal.RequireFromString(new(big.Rat).SetFrac64(pa-pt, pa).FloatString(MaxPlaces))
		if got := r.Orders[0].Ratio; !got.Equal(wantDec) {
			t.Fatalf("ratio %s, want 1 − %d/%d = %s", got, pt, pa, wantDec)
		}
	})
}

// TestOneBasisWithUpgrade: under the one-basis reading, a purchase of A (300) upgraded to B
// (450) and then downgraded from B to C (150): the upgrade layer takes its whole gap (ratio
// 1) and the purchase gets (300 − 150)/300 = 0.5 whatever its length.
func TestOneBasisWithUpgrade(t *testing.T) {
	c := catalogWith(t, nil, itype("ecs.g6.a", 4, "300"), itype("ecs.g6.b", 6, "450"), itype("ecs.g6.c", 2, "150"))
	start, end := at("2026-01-01T00:00:00Z"), at("2027-01-01T00:00:00Z")
	base := purchase(start, end, "3600", "3600")
	base.InstanceType = "ecs.g6.a"
	up := purchase(at("2026-03-01T00:00:00Z"), end, "1500", "1500")
	up.OrderID, up.Kind, up.InstanceType, up.PreviousInstanceType = "u-1", model.OrderUpgrade, "ecs.g6.b", "ecs.g6.a"
	r := down(t, c, withReading(pol(), model.RatioOneBasis), "2026-04-01T00:00:00Z", "ecs.g6.b", "ecs.g6.c", base, up)
	eqDec(t, "purchase ratio", r.Orders[0].Ratio, "0.5")
	eqDec(t, "upgrade ratio", r.Orders[1].Ratio, "1")
	printed := down(t, c, pol(), "2026-04-01T00:00:00Z", "ecs.g6.b", "ecs.g6.c", base, up)
	// Printed: the rest of the gap, 5 a day, over the purchase's 3600/365 a day.
	eqDec(t, "printed purchase ratio", printed.Orders[0].Ratio, "0.506944444444444444444444")
}

// TestAllot: the orders' shares of the total, worked by hand.
func TestAllot(t *testing.T) {
	// amounts in units of 10^-3, the total at places 2 (units of 10^-2).
	cases := []struct {
		name    string
		amounts []int64
		total   int64
		want    []string
	}{
		// The case: one order of 82.669 beside a total rounded down to 82.66.
		{"one order", []int64{82669}, 8266, []string{"82.66"}},
		{"down", []int64{10005, 20006}, 3001, []string{"10", "20.01"}},
		{"up", []int64{10005, 20006}, 3002, []string{"10.01", "20.01"}},
		{"equal remainders: the earlier first", []int64{1005, 1005, 1005}, 302, []string{"1.01", "1.01", "1"}},
		{"exact amounts", []int64{1000, 2500, 0}, 350, []string{"1", "2.5", "0"}},
		{"capped below the floors' sum is impossible; at the floors", []int64{1009, 1009}, 200, []string{"1", "1"}},
	}
	for _, k := range cases {
		t.Run(k.name, func(t *testing.T) {
			ws := make([]ow, len(k.amounts))
			rs := make([]OrderRefund, len(k.amounts))
			for i, a := range k.amounts {
				ws[i].amount = exact.MulPow10(exact.Of(a), MaxPlaces-3)
			}
			var s exact.Slab
			allot(rs, ws, exact.Of(k.total), 2, &s)
			sum := decimal.Zero
			for i := range rs {
				if !rs[i].Refunded.Equal(d(k.want[i])) {
					t.Errorf("order %d: share %s, want %s", i, rs[i].Refunded, k.want[i])
				}
				sum = sum.Add(rs[i].Refunded)
			}
			if !sum.Equal(decimal.New(k.total, -2)) {
				t.Errorf("shares add up to %s, total %s", sum, decimal.New(k.total, -2))
			}
		})
	}
}
