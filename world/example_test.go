package world_test

import (
	"fmt"
	"time"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/world"
	"github.com/shopspring/decimal"
)

// Two upgrades on one account: the second sees the balance the first left, which no longer
// covers it, so its order is abnormal; a change of the same instance within the completion
// window is LastOrderProcessing; a restart through the API applies the pending type.
func Example() {
	cat, _ := model.NewCatalog(fuzz.BaseCatalog()) // illustrative prices
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	b := world.NewBuilder(now, cat, model.PolicyCurrent(), world.Limits{})
	b.AddAccount(world.AccountSpec{Account: model.Account{AccountID: "1234", Balance: decimal.RequireFromString("10000")}})
	for _, id := range []string{"i-bp1one", "i-bp1two"} {
		in := fuzz.Baseline().Facts.Instance // Running ecs.g6.xlarge, bought for a year
		in.InstanceID = id
		b.AddInstance("1234", in)
	}
	w, err := b.Build()
	if err != nil {
		panic(err)
	}
	upgrade := func(id string) world.ModifyInput {
		return world.ModifyInput{Caller: world.Caller{AccountID: "1234"},
			Params: map[string]string{"InstanceId": id, "RegionId": "cn-hangzhou", "InstanceType": "ecs.g6.2xlarge"}}
	}
	w, out, _ := w.ModifyPrepayInstanceSpec(now, upgrade("i-bp1one"))
	fmt.Println(out.InstanceID, out.Plan.Operation, "charged", out.Charged, "balance", out.BalanceAfter, out.Plan.Effect.When)
	w, out, _ = w.ModifyPrepayInstanceSpec(now.Add(5*time.Second), upgrade("i-bp1two"))
	fmt.Println(out.InstanceID, out.Plan.Operation, out.Plan.Charge.OrderStatus, "charged", out.Charged, "balance", out.BalanceAfter)
	_, out, _ = w.ModifyPrepayInstanceSpec(now.Add(5*time.Second), upgrade("i-bp1one"))
	fmt.Println(out.InstanceID, out.Code(), out.Err.(*world.Refusal).Rule)
	w, out, _ = w.RebootInstance(now.Add(time.Minute), world.InstanceInput{Caller: world.Caller{AccountID: "1234"}, RegionID: "cn-hangzhou", InstanceID: "i-bp1one"})
	in, _, _ := w.Instance("i-bp1one")
	fmt.Println(out.Operation, in.InstanceType)
	// Output:
	// i-bp1one upgrade charged 5571 balance 4429 NextStart
	// i-bp1two upgrade Abnormal charged 0 balance 4429
	// i-bp1one LastOrderProcessing order.in-progress
	// RebootInstance ecs.g6.2xlarge
}
