package pricing

import (
	"fmt"
	"testing"
	"time"

	"github.com/respec-dev/respec/model"
)

var sinkQ Quote
var sinkR Refund

func BenchmarkUpgrade(b *testing.B) {
	c := testCatalog(b)
	from, to := typ(b, c, "ecs.g6.large"), typ(b, c, "ecs.g6.xlarge")
	p := pol()
	now, until := at("2026-03-10T08:30:00Z"), at("2026-04-01T00:00:00Z")
	b.ReportAllocs()
	for b.Loop() {
		q, err := Upgrade(now, until, region, from, to, c, p)
		if err != nil {
			b.Fatal(err)
		}
		sinkQ = q
	}
}

func benchDowngrade(b *testing.B, orders []model.Order) {
	c := testCatalog(b)
	from, to := typ(b, c, "ecs.g6.xlarge"), typ(b, c, "ecs.g6.large")
	p := pol()
	inst := &model.Instance{RegionID: region, InstanceType: "ecs.g6.xlarge", ExpiredTime: orders[len(orders)-1].End, Orders: orders}
	now := at("2026-03-10T08:30:00Z")
	b.ReportAllocs()
	for b.Loop() {
		r, err := Downgrade(now, inst, from, to, c, p)
		if err != nil {
			b.Fatal(err)
		}
		sinkR = r
	}
}

func BenchmarkDowngrade1Order(b *testing.B) {
	o := purchase(at("2026-03-01T00:00:00Z"), at("2026-04-01T00:00:00Z"), "600", "600")
	benchDowngrade(b, []model.Order{o})
}

// BenchmarkDowngrade10Orders: a monthly purchase, eight monthly renewals (two not started
// yet) and an upgrade from ecs.g6.large.
func BenchmarkDowngrade10Orders(b *testing.B) {
	start := at("2025-07-01T00:00:00Z")
	var orders []model.Order
	for i := range 9 {
		s, e := start.AddDate(0, i, 0), start.AddDate(0, i+1, 0)
		o := purchase(s, e, "300", "285.5")
		o.OrderID = fmt.Sprintf("o-%d", i)
		o.InstanceType = "ecs.g6.large"
		if i > 0 {
			o.Kind = model.OrderRenewal
		}
		if i >= 8 {
			o.ListPrice, o.CashPaid = d("600"), d("600")
			o.InstanceType = "ecs.g6.xlarge"
		}
		orders = append(orders, o)
	}
	up := model.Order{OrderID: "o-up", Kind: model.OrderUpgrade, InstanceType: "ecs.g6.xlarge", PreviousInstanceType: "ecs.g6.large",
		Start: at("2026-03-05T10:00:00Z"), End: at("2026-04-01T00:00:00Z"), ListPrice: d("265.42"), CashPaid: d("245.42"),
		VoucherPaid: d("20"), Discount: d("1"), PaymentMethod: model.PayPal, PaidAt: at("2026-03-05T10:00:00Z")}
	orders = append(orders[:8], up, orders[8])
	orders[9].Start, orders[9].End = at("2026-04-01T00:00:00Z"), at("2026-05-01T00:00:00Z")
	benchDowngrade(b, orders)
	_ = time.Hour
}
