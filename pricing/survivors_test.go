package pricing

// Tests for mutants that survived the rest of the suite (testdata/mutation/survivors.txt): each
// pins down an answer that a flipped comparison would alter.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/respec-dev/respec/model"
)

// TestOneBasisOwnTypePricedZero: under the one-basis reading a base order whose own type the
// catalog prices at 0 falls back to the order's own daily unit price, as for a type the catalog
// does not price (ownPrice wants a positive price): 600 for 30 days is 20 a day, so the
// ratio is (600 − 300) ÷ 30 ÷ 20 = 0.5, not 0.
func TestOneBasisOwnTypePricedZero(t *testing.T) {
	c := catalogWith(t, nil, itype("ecs.g6.large", 2, "300"), itype("ecs.g6.xlarge", 4, "600"),
		itype("ecs.g6.free", 4, "0"))
	p := withReading(pol(), model.RatioOneBasis)
	for _, own := range []string{"ecs.g6.free", "ecs.g6.gone"} {
		o := purchase(at("2026-01-01T00:00:00Z"), at("2026-01-31T00:00:00Z"), "600", "600")
		o.InstanceType = own
		r := down(t, c, p, "2026-01-10T00:00:00Z", "ecs.g6.xlarge", "ecs.g6.large", o)
		eqDec(t, own+" ratio", r.Orders[0].Ratio, "0.5")
		// refundable = 600 − 20 × 9 days × 1.5 (under a month) = 330; half of it.
		eqDec(t, own+" amount", r.Orders[0].Amount, "165")
		eqDec(t, own+" total", r.Total, "165")
	}
}

// TestAfterDowngradeBaseOrder: the generated order takes its Discount, PaymentMethod and PaidAt
// from the cancelled base order in force at now (started, not an upgrade; the first of them),
// wherever it is in the list; with none, from the first cancelled order.
func TestAfterDowngradeBaseOrder(t *testing.T) {
	c := testCatalog(t)
	from, to := typ(t, c, "ecs.g6.xlarge"), typ(t, c, "ecs.g6.large")
	now := at("2026-03-10T00:00:00Z")
	paid := func(o model.Order, method, paidAt, discount string) model.Order {
		o.PaymentMethod, o.PaidAt, o.Discount = method, at(paidAt), d(discount)
		return o
	}
	current := paid(purchase(at("2026-01-01T00:00:00Z"), at("2026-07-01T00:00:00Z"), "3600", "3600"),
		model.PayCreditCard, "2026-01-01T00:00:00Z", "0.9")
	renewal := paid(purchase(at("2026-07-01T00:00:00Z"), at("2026-10-01T00:00:00Z"), "1800", "1800"),
		model.PayPal, "2026-02-01T00:00:00Z", "0.95")
	renewal.OrderID, renewal.Kind = "o-2", model.OrderRenewal
	later := paid(purchase(at("2026-10-01T00:00:00Z"), at("2027-01-01T00:00:00Z"), "1800", "1800"),
		model.PayBalance, "2026-03-01T00:00:00Z", "1")
	later.OrderID, later.Kind = "o-3", model.OrderRenewal
	// A renewal that started before the purchase ended: two base orders in force at now.
	overlapping := renewal
	overlapping.Start = at("2026-03-01T00:00:00Z")
	up := upgradeOrder("o-up", "ecs.g6.large", "ecs.g6.xlarge", "2026-03-01T00:00:00Z", "2026-07-01T00:00:00Z", "400", "400")
	for _, tc := range []struct {
		name   string
		orders []model.Order
		want   model.Order // the order whose payment the new one takes
	}{
		{"purchase then upgrade", []model.Order{current, up}, current},
		{"renewal listed before the current purchase", []model.Order{renewal, current}, current},
		{"only renewals not yet started", []model.Order{renewal, later}, renewal},
		{"two base orders in force: the first", []model.Order{current, overlapping}, current},
	} {
		t.Run(tc.name, func(t *testing.T) {
			end := tc.orders[len(tc.orders)-1].End
			for _, o := range tc.orders {
				if o.End.After(end) {
					end = o.End
				}
			}
			inst := &model.Instance{RegionID: region, InstanceType: "ecs.g6.xlarge", ExpiredTime: end, Orders: tc.orders}
			r, err := Downgrade(now, inst, from, to, c, pol())
			if err != nil {
				t.Fatal(err)
			}
			after, err := AfterDowngrade(now, inst, to, &r, "d-1", pol())
			if err != nil {
				t.Fatal(err)
			}
			if len(after) != len(tc.orders)+1 {
				t.Fatalf("%d orders after the downgrade, want %d", len(after), len(tc.orders)+1)
			}
			n := after[len(after)-1]
			if n.PaymentMethod != tc.want.PaymentMethod || !n.PaidAt.Equal(tc.want.PaidAt) || !n.Discount.Equal(tc.want.Discount) {
				t.Errorf("new order paid %s at %s, discount %s; want %s at %s, %s", n.PaymentMethod, n.PaidAt,
					n.Discount, tc.want.PaymentMethod, tc.want.PaidAt, tc.want.Discount)
			}
			if !n.End.Equal(end) {
				t.Errorf("new order ends %s, want %s", n.End, end)
			}
		})
	}
}

// TestRoundExactlyAtPlaces: a d with exactly places decimals is returned unchanged, however
// many digits it has (a 72-digit value would be refused on the rounding path).
func TestRoundExactlyAtPlaces(t *testing.T) {
	big := d(strings.Repeat("9", 70) + ".25")
	for _, mode := range []string{model.RoundHalfUp, model.RoundDown} {
		got, err := Round(big, 2, mode)
		if err != nil || got.String() != big.String() || got.Exponent() != -2 {
			t.Errorf("Round(%s, 2, %s) = %s, %v; want it unchanged", big, mode, got, err)
		}
	}
}

// TestFewOrdersTwoAllocations: a downgrade of up to four orders, upgrades among them or not,
// takes at most two allocations (the orders' rows and one block for every decimal of the
// refund): the working state and the upgrade layers' order stay in stack buffers.
func TestFewOrdersTwoAllocations(t *testing.T) {
	c := testCatalog(t)
	from, to := typ(t, c, "ecs.g6.xlarge"), typ(t, c, "ecs.g6.large")
	now := at("2026-03-10T00:00:00Z")
	p := pol()
	for n := 0; n <= 4; n++ {
		for k := 0; n+k <= 4; k++ {
			if n+k == 0 {
				continue
			}
			var orders []model.Order
			for i := 0; i < n; i++ {
				o := purchase(at("2026-01-01T00:00:00Z"), at("2026-07-01T00:00:00Z"), "3600", "3600")
				o.OrderID = fmt.Sprint("o-", i)
				orders = append(orders, o)
			}
			for i := 0; i < k; i++ {
				orders = append(orders, upgradeOrder(fmt.Sprint("u-", i), "ecs.g6.large", "ecs.g6.xlarge",
					"2026-03-01T00:00:00Z", "2026-07-01T00:00:00Z", "40", "40"))
			}
			inst := &model.Instance{RegionID: region, ExpiredTime: at("2026-07-01T00:00:00Z"), Orders: orders}
			allocs := testing.AllocsPerRun(20, func() {
				if _, err := Downgrade(now, inst, from, to, c, p); err != nil {
					t.Fatal(err)
				}
			})
			if allocs > 2 {
				t.Errorf("%d purchases and %d upgrades: %v allocations, want at most 2", n, k, allocs)
			}
		}
	}
}
