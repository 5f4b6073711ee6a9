package fleet_test

import (
	"fmt"
	"time"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/fleet"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/world"
	"github.com/shopspring/decimal"
)

// The README's fleet snippet: every web instance of the g6 family up one size, stopped before
// and started after, with the next candidate on NoStock and retries on Throttling.
func Example_resizeRule() {
	at := time.Date(2026, 9, 14, 2, 30, 0, 0, time.UTC)
	b := world.NewBuilder(at, catalog.Default(), model.PolicyCurrent(), world.Limits{})
	b.AddAccount(world.AccountSpec{Account: model.Account{AccountID: "1234", Balance: decimal.RequireFromString("20000")}})
	bought, expires := time.Date(2025, 6, 1, 3, 12, 0, 0, time.UTC), time.Date(2027, 6, 1, 16, 0, 0, 0, time.UTC)
	for i, tier := range []string{"web", "web", "db"} {
		id := fmt.Sprintf("i-bp1fleet000000%d", i+1)
		purchase := model.Order{OrderID: fmt.Sprintf("21234567890000%d", i+1), Kind: model.OrderPurchase,
			InstanceType: "ecs.g6.xlarge", Start: bought, End: expires, PaymentMethod: model.PayBalance,
			ListPrice: decimal.RequireFromString("12096"), CashPaid: decimal.RequireFromString("10281.60"),
			Discount: decimal.RequireFromString("0.85")}
		b.AddInstance("1234", model.Instance{InstanceID: id, RegionID: "cn-hangzhou", ZoneID: "cn-hangzhou-h",
			Status: model.StatusRunning, ChargeType: model.ChargePrePaid, InstanceType: "ecs.g6.xlarge",
			Tags:         []model.Tag{{TagKey: "tier", TagValue: tier}},
			CreationTime: bought, ExpiredTime: expires, Orders: []model.Order{purchase},
			SystemDisk: &model.Disk{DiskID: "d-" + id[2:], Category: model.DiskCloudESSD, SizeGiB: 40}})
	}
	w, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}

	plan := fleet.Plan{
		Rules: []fleet.ResizeRule{{Name: "web up",
			Filter:  fleet.Filter{Tags: []model.Tag{{TagKey: "tier", TagValue: "web"}}, Families: []string{"ecs.g6"}},
			Targets: []string{"ecs.g6.2xlarge", "ecs.g7.2xlarge"}, // in order of preference
			Start:   at, Interval: model.Duration(time.Second), TokenPrefix: "resize-2026-09-"}},
		Options: fleet.Options{StopStart: true, NextCandidateOnNoStock: true,
			RetryThrottling: &fleet.Backoff{Retries: 5, Initial: model.Duration(2 * time.Second), Multiplier: 2,
				Max: model.Duration(time.Minute)}},
	}
	res, err := fleet.Run(w, plan) // err only for a plan that cannot run (fleet.ErrInvalidPlan)
	if err != nil {
		fmt.Println(err)
		return
	}
	// res.Outcomes: one per request sent; res.Summary; res.World: the world at the end.
	for _, o := range res.Outcomes {
		fmt.Println(o.At.Format("15:04:05"), o.InstanceID, o.Operation, o.Class(), "charged", o.Charged.StringFixed(2))
	}
	a := res.Summary.Accounts[0]
	fmt.Println(a.AccountID, a.Currency, a.BalanceBefore.StringFixed(2), "→", a.BalanceAfter.StringFixed(2))
	// Output:
	// 02:30:00 i-bp1fleet0000001 StopInstance Accepted charged 0.00
	// 02:30:00 i-bp1fleet0000001 ModifyPrepayInstanceSpec Accepted charged 4377.80
	// 02:30:10 i-bp1fleet0000001 StartInstance Accepted charged 0.00
	// 02:30:10 i-bp1fleet0000002 StopInstance Accepted charged 0.00
	// 02:30:10 i-bp1fleet0000002 ModifyPrepayInstanceSpec Accepted charged 4377.80
	// 02:30:20 i-bp1fleet0000002 StartInstance Accepted charged 0.00
	// 1234 CNY 20000.00 → 11244.40
}
