package pricing

import (
	"fmt"
	"testing"

	"github.com/respec-dev/respec/model"
	"pgregory.net/rapid"
)

// TestDowngradeRefundIsDowngrade: DowngradeRefund's refund is Downgrade's to the byte, or
// its error, whatever the number of orders.
func TestDowngradeRefundIsDowngrade(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genCompactScenario(t)
		if rapid.Bool().Draw(t, "few") {
			s.inst.Orders = s.inst.Orders[:min(len(s.inst.Orders), rapid.IntRange(0, 2).Draw(t, "n"))]
		}
		c := s.catalog(t)
		from, _ := c.Type(s.from)
		to, _ := c.Type(s.to)
		want, err1 := Downgrade(s.now, &s.inst, from, to, c, &s.pol)
		got, err2 := DowngradeRefund(s.now, &s.inst, from, to, c, &s.pol)
		switch {
		case err1 != nil || err2 != nil:
			if err1 == nil || err2 == nil || err1.Error() != err2.Error() || got != nil {
				t.Fatalf("errors %v and %v (refund %v)", err1, err2, got)
			}
		case refundText(*got) != refundText(want):
			t.Fatalf("DowngradeRefund:\n%s\nDowngrade:\n%s", refundText(*got), refundText(want))
		}
	})
}

// TestDowngradeRefundAllocations: DowngradeRefund takes one allocation for an instance of up
// to two orders, by either path (an upgrade layer in force takes the general one), and one
// more than Downgrade's two beyond; a nil instance is an error.
func TestDowngradeRefundAllocations(t *testing.T) {
	c := testCatalog(t)
	from, to := typ(t, c, "ecs.g6.xlarge"), typ(t, c, "ecs.g6.large")
	now := at("2026-03-10T00:00:00Z")
	p := pol()
	for n := 1; n <= 4; n++ {
		for _, up := range []bool{false, true} {
			var orders []model.Order
			for i := range n {
				o := purchase(at("2026-01-01T00:00:00Z"), at("2026-07-01T00:00:00Z"), "3600", "3600")
				o.OrderID = fmt.Sprint("o-", i)
				if up && i == n-1 {
					o = upgradeOrder("u", "ecs.g6.large", "ecs.g6.xlarge", "2026-03-01T00:00:00Z", "2026-07-01T00:00:00Z", "40", "40")
				}
				orders = append(orders, o)
			}
			inst := &model.Instance{RegionID: region, ExpiredTime: at("2026-07-01T00:00:00Z"), Orders: orders}
			allocs := testing.AllocsPerRun(20, func() {
				if _, err := DowngradeRefund(now, inst, from, to, c, p); err != nil {
					t.Fatal(err)
				}
			})
			want := 1.0
			if n > 2 {
				want = 3
			}
			if allocs != want {
				t.Errorf("%d orders (upgrade %v): %v allocations, want %v", n, up, allocs, want)
			}
		}
	}
	if r, err := DowngradeRefund(now, nil, from, to, c, p); err == nil || r != nil {
		t.Errorf("nil instance: %v, %v", r, err)
	}
}
