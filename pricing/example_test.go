package pricing_test

import (
	"fmt"
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/pricing"
	"github.com/shopspring/decimal"
)

// exampleCatalog is a catalog of one region, cn-hangzhou in CNY: ecs.g6.large at 300 and
// ecs.g6.xlarge at 600 a month, 0.85 from 12 months.
func exampleCatalog() *model.Catalog {
	return g6Catalog("cn-hangzhou", "CNY",
		[]model.DurationDiscount{{MinMonths: 12, Factor: decimal.RequireFromString("0.85")}},
		g6Type{"ecs.g6.large", 2, 300}, g6Type{"ecs.g6.xlarge", 4, 600})
}

// g6Type is an ecs.g6 type of an example catalog: its ID, vCPUs and monthly price.
type g6Type struct {
	id      string
	cpu     int
	monthly int64
}

// g6Catalog is a catalog of one region priced in currency, with types and discounts.
func g6Catalog(region, currency string, discounts []model.DurationDiscount, types ...g6Type) *model.Catalog {
	data := model.CatalogData{Regions: []string{region}, Currency: currency, Discounts: discounts}
	for _, t := range types {
		data.Types = append(data.Types, model.InstanceType{InstanceTypeID: t.id, Family: "ecs.g6", CPU: t.cpu,
			MonthlyPrice: map[string]decimal.Decimal{region: decimal.NewFromInt(t.monthly)}})
	}
	cat, err := model.NewCatalog(data)
	if err != nil {
		panic(err)
	}
	return cat
}

// change looks up the two types of a change in cat.
func change(cat *model.Catalog, from, to string) (*model.InstanceType, *model.InstanceType) {
	f, _ := cat.Type(from)
	t, _ := cat.Type(to)
	return f, t
}

// An upgrade from ecs.g6.large (300 a month) to ecs.g6.xlarge (600 a month) 519.5 hours
// before expiry: 520 billed hours of the 300 gap at 30 days a month, no duration discount
// under a month, rounded down to cents (the policy's ChargeRounding).
func ExampleUpgrade() {
	cat := exampleCatalog()
	from, to := change(cat, "ecs.g6.large", "ecs.g6.xlarge")
	p := model.PolicyCurrent()
	now := time.Date(2026, 3, 10, 8, 30, 0, 0, time.UTC)
	expiry := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	q, err := pricing.Upgrade(now, expiry, "cn-hangzhou", from, to, cat, &p)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("billed hours:", q.Hours)
	fmt.Println("discount factor:", q.DiscountFactor)
	fmt.Println("original:", q.OriginalPrice.StringFixed(2), q.Currency)
	fmt.Println("discount:", q.DiscountPrice.StringFixed(2))
	fmt.Println("trade:", q.TradePrice.StringFixed(2))
	fmt.Println("exact:", q.Exact)
	// Output:
	// billed hours: 520
	// discount factor: 1
	// original: 216.66 CNY
	// discount: 0.00
	// trade: 216.66
	// exact: 216.666666666666666666666667
}

// A downgrade from ecs.g6.xlarge back to ecs.g6.large: the purchase (600, 12:00 Jan 1 to
// 00:00 Feb 2: 31 days) used 10 days (9 days 2 hours, started days count), so its consumed
// fee carries the 1.5 factor; half the daily price (10 of 600/31) is removed.
func ExampleDowngrade() {
	cat := exampleCatalog()
	from, to := change(cat, "ecs.g6.xlarge", "ecs.g6.large")
	p := model.PolicyCurrent()
	paid := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	inst := &model.Instance{
		RegionID: "cn-hangzhou", InstanceType: "ecs.g6.xlarge",
		ExpiredTime: time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC),
		Orders: []model.Order{{
			OrderID: "o-1", Kind: model.OrderPurchase, InstanceType: "ecs.g6.xlarge",
			Start: paid, End: time.Date(2026, 2, 2, 0, 0, 0, 0, time.UTC),
			ListPrice: decimal.NewFromInt(600), CashPaid: decimal.NewFromInt(550), VoucherPaid: decimal.NewFromInt(50),
			Discount: decimal.NewFromInt(1), PaymentMethod: model.PayCreditCard, PaidAt: paid,
		}},
	}
	now := time.Date(2026, 1, 10, 14, 0, 0, 0, time.UTC)
	r, err := pricing.Downgrade(now, inst, from, to, cat, &p)
	if err != nil {
		fmt.Println(err)
		return
	}
	o := r.Orders[0]
	fmt.Println("usage days:", o.UsageDays, "of", o.DurationDays)
	fmt.Println("daily unit price:", o.DailyUnitPrice.StringFixed(6))
	fmt.Println("consumed fee:", o.ConsumedFee.StringFixed(6))
	fmt.Println("online refundable:", o.OnlineRefundable.StringFixed(6))
	fmt.Println("ratio:", o.Ratio.StringFixed(6))
	fmt.Println("to", o.Destination+":", r.Total.StringFixed(2), r.Currency)
	fmt.Println("voucher withheld:", r.VoucherWithheld)
	fmt.Println("refunded vCPU hours:", r.RefundedVCPUHours)
	// Output:
	// usage days: 10 of 31
	// daily unit price: 19.354839
	// consumed fee: 290.322581
	// online refundable: 259.677419
	// ratio: 0.516667
	// to credit_card: 134.16 CNY
	// voucher withheld: 50
	// refunded vCPU hours: 1076
}
