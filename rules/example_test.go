package rules_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

// The examples share one small scenario, written out here: a subscription ecs.g6.xlarge
// instance in cn-hangzhou-h, bought for a year on 2026-10-01 (list price 7,200 CNY, 6,120
// paid at a 0.85 discount), an account with 10,000 CNY, the current policy, and a catalog of
// four types with illustrative monthly prices. It is 2026-11-25 12:00 UTC.
var now = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// exampleFacts returns the scenario's facts with the instance in status.
func exampleFacts(status model.Status) model.Facts {
	bought := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	expires := bought.AddDate(1, 0, 0)
	return model.Facts{
		Catalog: exampleCatalog(),
		Policy:  model.PolicyCurrent(),
		Instance: model.Instance{
			InstanceID: "i-bp1example000001", RegionID: "cn-hangzhou", ZoneID: "cn-hangzhou-h",
			Status: status, ChargeType: model.ChargePrePaid, InstanceType: "ecs.g6.xlarge",
			CreationTime: bought, ExpiredTime: expires, OSType: model.OSLinux, NetworkType: model.NetworkVPC,
			SystemDisk: &model.Disk{DiskID: "d-bp1system00000001", Category: model.DiskCloudESSD, SizeGiB: 40},
			Orders: []model.Order{{
				OrderID: "210000000000001", Kind: model.OrderPurchase, InstanceType: "ecs.g6.xlarge",
				Start: bought, End: expires, PaidAt: bought, PaymentMethod: model.PayBalance,
				ListPrice: decimal.RequireFromString("7200"), CashPaid: decimal.RequireFromString("6120"),
				Discount: decimal.RequireFromString("0.85"),
			}},
		},
		Account: model.Account{AccountID: "1234567890123456", Balance: decimal.RequireFromString("10000")},
	}
}

// exampleCatalog holds ecs.g6.large, .xlarge and .2xlarge and ecs.g7.xlarge, on ESSD disks;
// g6 may change to g6 and g7; 6 months or more cost 0.9 of the list price, 12 months 0.85.
func exampleCatalog() *model.Catalog {
	typ := func(id, family string, cpu int, monthly string) model.InstanceType {
		return model.InstanceType{InstanceTypeID: id, Family: family, FamilyLevel: model.LevelEnterprise,
			CPU: cpu, MemoryGiB: float64(4 * cpu), IoOptimized: true, SupportedDiskCategories: []string{model.DiskCloudESSD},
			MonthlyPrice: map[string]decimal.Decimal{"cn-hangzhou": decimal.RequireFromString(monthly)}}
	}
	c, err := model.NewCatalog(model.CatalogData{
		Regions: []string{"cn-hangzhou"}, Currency: "CNY", PricesIllustrative: true,
		Types: []model.InstanceType{
			typ("ecs.g6.large", "ecs.g6", 2, "300"),
			typ("ecs.g6.xlarge", "ecs.g6", 4, "600"),
			typ("ecs.g6.2xlarge", "ecs.g6", 8, "1200"),
			typ("ecs.g7.xlarge", "ecs.g7", 4, "660"),
		},
		FamilyChanges: []model.FamilyChange{{FromFamilies: []string{"ecs.g6"}, Changeable: true, ToFamilies: []string{"ecs.g6", "ecs.g7"}}},
		Discounts: []model.DurationDiscount{
			{MinMonths: 6, Factor: decimal.RequireFromString("0.9")},
			{MinMonths: 12, Factor: decimal.RequireFromString("0.85")},
		},
	})
	if err != nil {
		panic(err)
	}
	return c
}

// change asks to change the scenario's instance to typ.
func change(typ string) model.Request {
	return model.Request{InstanceID: "i-bp1example000001", RegionID: "cn-hangzhou", InstanceType: typ, AutoPay: true}
}

// An upgrade of a Running instance: charged for the rest of the billing cycle, effective at the
// next start or restart through the API or console.
func ExampleDecide() {
	req, facts := change("ecs.g6.2xlarge"), exampleFacts(model.StatusRunning)
	plan, err := rules.Decide(now, &req, &facts)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(plan.Operation, plan.FromType, "->", plan.ToType)
	fmt.Println("charge", plan.Charge.TradePrice, plan.Charge.Currency, "for", plan.Charge.Hours, "hours,", plan.Charge.OrderStatus)
	fmt.Println("effect", plan.Effect.When, "restart:", plan.Effect.Restart)
	// Output:
	// upgrade ecs.g6.xlarge -> ecs.g6.2xlarge
	// charge 5571 CNY for 7428 hours, Paid
	// effect NextStart restart: false
}

// A downgrade needs a Stopped instance under the current policy.
func ExampleDecide_refused() {
	req, facts := change("ecs.g6.large"), exampleFacts(model.StatusRunning)
	_, err := rules.Decide(now, &req, &facts)
	var e *errcodes.Error
	if errors.As(err, &e) {
		fmt.Println(e.HTTPStatus(), e.Code(), "-", e.Message(), "-", e.Retry())
	}
	fmt.Println(errors.Is(err, errcodes.InvalidStatusNotStopped))
	// Output:
	// 400 InvalidStatus.NotStopped - Instance status must be stopped. - FixThenRetry
	// true
}

// Explain reports every violated rule, in precedence order, with its evidence.
func ExampleExplain() {
	req, facts := change("ecs.g6.large"), exampleFacts(model.StatusRunning)
	facts.Account.InArrears = true
	for _, is := range rules.Explain(now, &req, &facts) {
		fmt.Printf("%s [%s] %s: %s\n", is.Rule, is.Stage, is.Err.Code(), is.Evidence)
	}
	// Output:
	// account.arrears [account and permissions] Account.Arrearage: Account.InArrears is true and the policy blocks changes in arrears
	// status.stopped-required [direction] InvalidStatus.NotStopped: a downgrade needs status [Stopped] under policy current; the instance is Running
}

// AvailableTargets lists the types the instance can change to now, with stock and the monthly
// price difference. The instance is Running, so only upgrades are listed.
func ExampleAvailableTargets() {
	req, facts := change(""), exampleFacts(model.StatusRunning)
	ts, _ := rules.AvailableTargets(now, &req, &facts)
	for _, t := range ts {
		fmt.Println(t.InstanceType, t.Operation, t.Stock, t.MonthlyPriceDelta)
	}
	// Output:
	// ecs.g6.2xlarge upgrade WithStock 600
	// ecs.g7.xlarge upgrade WithStock 60
}

// Apply returns the world after the change, so changes can be chained; the input is not
// changed. A second change within the completion window is refused.
func ExampleApply() {
	req, facts := change("ecs.g6.2xlarge"), exampleFacts(model.StatusRunning)
	plan, _ := rules.Decide(now, &req, &facts)
	after := rules.Apply(facts, plan)
	fmt.Println("balance", facts.Account.Balance, "->", after.Account.Balance)
	fmt.Println("pending type", after.Instance.PendingInstanceType)
	req.InstanceType = "ecs.g7.xlarge"
	_, err := rules.Decide(now.Add(5*time.Second), &req, &after)
	fmt.Println(err)
	// Output:
	// balance 10000 -> 4429
	// pending type ecs.g6.2xlarge
	// LastOrderProcessing (HTTP 400): The previous order is still processing, please try again later.
}
