package pricing_test

import (
	"fmt"
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/pricing"
	"github.com/shopspring/decimal"
)

func exampleCatalog() *model.Catalog {
	price := func(v int64) map[string]decimal.Decimal {
		return map[string]decimal.Decimal{"cn-hangzhou": decimal.NewFromInt(v)}
	}
	cat, err := model.NewCatalog(model.CatalogData{
		Regions: []string{"cn-hangzhou"}, Currency: "CNY",
		Types: []model.InstanceType{
			{InstanceTypeID: "ecs.g6.large", Family: "ecs.g6", CPU: 2, MonthlyPrice: price(300)},
			{InstanceTypeID: "ecs.g6.xlarge", Family: "ecs.g6", CPU: 4, MonthlyPrice: price(600)},
		},
		Discounts: []model.DurationDiscount{{MinMonths: 12, Factor: decimal.RequireFromString("0.85")}},
	})
	if err != nil {
		panic(err)
	}
	return cat
}

// An upgrade from ecs.g6.large (300 a month) to ecs.g6.xlarge (600 a month) 519.5 hours
// before expiry: 520 billed hours of the 300 gap at 30 days a month, no duration discount
// under a month, rounded down to cents (the policy's ChargeRounding).
func ExampleUpgrade() {
	cat := exampleCatalog()
	from, _ := cat.Type("ecs.g6.large")
	to, _ := cat.Type("ecs.g6.xlarge")
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
	from, _ := cat.Type("ecs.g6.xlarge")
	to, _ := cat.Type("ecs.g6.large")
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
