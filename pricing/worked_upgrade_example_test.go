package pricing_test

import (
	"fmt"
	"time"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/pricing"
	"github.com/shopspring/decimal"
)

// worked is a catalog of the documents' worked upgrade: USD, a type at 120 and one at 300 a
// month in one region, with the given duration discounts.
func worked(discounts []model.DurationDiscount) *model.Catalog {
	return g6Catalog("us-west-1", "USD", discounts, g6Type{"ecs.g6.large", 2, 120}, g6Type{"ecs.g6.2xlarge", 8, 300})
}

// The documents' worked upgrade: USD 120 → 300 a month with 184 days left, at a discount
// factor of 0.85: (300 − 120) ÷ 30 × 184 × 0.85 = 938.40.
//
// The factor is the best tier the remaining time has reached in whole 30-day months (184 days
// is 6 months and 4 days: 6). So the example is reproduced by a catalog whose 0.85 tier
// starts at 6 months or less; with the embedded catalog's own tiers (0.85 only from 12
// months) the same 184 days reach no tier and cost the undiscounted 1104.00.
func ExampleUpgrade_documentsWorkedUpgrade() {
	now := time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)
	expiry := now.Add(184 * 24 * time.Hour)
	p := model.PolicyCurrent()
	for _, c := range []struct {
		name      string
		discounts []model.DurationDiscount
	}{
		{"0.85 from 6 months", []model.DurationDiscount{{MinMonths: 6, Factor: decimal.RequireFromString("0.85")}}},
		{"embedded catalog's tiers", catalog.IllustrativeDiscounts()},
	} {
		cat := worked(c.discounts)
		from, to := change(cat, "ecs.g6.large", "ecs.g6.2xlarge")
		q, err := pricing.Upgrade(now, expiry, "us-west-1", from, to, cat, &p)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %d hours, factor %s, original %s, trade %s %s\n", c.name, q.Hours, q.DiscountFactor,
			q.OriginalPrice.StringFixed(2), q.TradePrice.StringFixed(2), q.Currency)
	}
	// Output:
	// 0.85 from 6 months: 4416 hours, factor 0.85, original 1104.00, trade 938.40 USD
	// embedded catalog's tiers: 4416 hours, factor 1, original 1104.00, trade 1104.00 USD
}
