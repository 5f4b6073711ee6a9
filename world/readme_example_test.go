package world_test

import (
	"fmt"
	"time"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/world"
	"github.com/shopspring/decimal"
)

// The README's world snippet: two instances on one account, the second upgrade sees the
// balance the first left; a stop and a start through the API apply the pending type.
func Example_fleet() {
	now := time.Date(2026, 9, 14, 2, 30, 0, 0, time.UTC)
	b := world.NewBuilder(now, catalog.Default(), model.PolicyCurrent(),
		world.Limits{PerAPI: map[string]int{world.APIModifyPrepayInstanceSpec: 100}}) // throttle per minute
	b.AddAccount(world.AccountSpec{Account: model.Account{AccountID: "1234", Balance: decimal.RequireFromString("6000")}})
	for _, id := range []string{"i-bp1fleet0000001", "i-bp1fleet0000002"} {
		b.AddInstance("1234", model.Instance{ // each instance is owned by one account
			InstanceID: id, RegionID: "cn-hangzhou", ZoneID: "cn-hangzhou-h", Status: model.StatusRunning,
			ChargeType: model.ChargePrePaid, InstanceType: "ecs.g6.xlarge",
			CreationTime: time.Date(2025, 6, 1, 3, 12, 0, 0, time.UTC), ExpiredTime: time.Date(2027, 6, 1, 16, 0, 0, 0, time.UTC),
			SystemDisk: &model.Disk{DiskID: "d-" + id[2:], Category: model.DiskCloudESSD, SizeGiB: 40},
			Orders: []model.Order{{OrderID: "2123456789" + id[len(id)-5:], Kind: model.OrderPurchase, InstanceType: "ecs.g6.xlarge",
				Start: time.Date(2025, 6, 1, 3, 12, 0, 0, time.UTC), End: time.Date(2027, 6, 1, 16, 0, 0, 0, time.UTC),
				ListPrice: decimal.RequireFromString("12096"), CashPaid: decimal.RequireFromString("10281.60"),
				Discount: decimal.RequireFromString("0.85"), PaymentMethod: model.PayBalance}},
		})
	}
	w, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	caller := world.Caller{AccountID: "1234"} // RAMUser: "name" calls as a RAM user
	upgrade := func(id string) world.ModifyInput {
		return world.ModifyInput{Caller: caller,
			Params: map[string]string{"InstanceId": id, "RegionId": "cn-hangzhou", "InstanceType": "ecs.g6.2xlarge"}}
	}
	// Each operation returns a new world and an outcome; w itself is unchanged. The error is
	// for misuse only (a moment before Now, an unknown account or RAM user).
	w, out, _ := w.ModifyPrepayInstanceSpec(now, upgrade("i-bp1fleet0000001"))
	if out.Err != nil {
		fmt.Println(out.Err)
		return
	}
	fmt.Println(out.InstanceID, out.Plan.Operation, "charged", out.Charged.StringFixed(2), "balance", out.BalanceAfter.StringFixed(2))
	w, out, _ = w.ModifyPrepayInstanceSpec(now.Add(time.Second), upgrade("i-bp1fleet0000002"))
	fmt.Println(out.InstanceID, out.Plan.Charge.OrderStatus, "charged", out.Charged) // the balance no longer covers it

	stop := world.InstanceInput{Caller: caller, RegionID: "cn-hangzhou", InstanceID: "i-bp1fleet0000001"}
	w, _, _ = w.StopInstance(now.Add(time.Minute), stop)
	w, _, _ = w.StartInstance(now.Add(2*time.Minute), stop) // the pending type takes effect
	in, _, _ := w.Instance("i-bp1fleet0000001")
	fmt.Println(in.Status, in.InstanceType)
	// Output:
	// i-bp1fleet0000001 upgrade charged 4377.80 balance 1622.20
	// i-bp1fleet0000002 Abnormal charged 0
	// Running ecs.g6.2xlarge
}
