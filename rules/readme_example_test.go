package rules_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
)

// The README's "Using it as a library" snippet: TestReadmeLibrarySnippet keeps the README's
// copy identical to this function's body and output.
func Example_library() {
	req, err := model.ParseQuery("InstanceId=i-bp1g6example000001&RegionId=cn-hangzhou&InstanceType=ecs.g6.2xlarge")
	if err != nil {
		fmt.Println(err) // the API's own error: MissingParameter, InvalidParameter, ...
		return
	}
	now := time.Date(2026, 9, 14, 2, 30, 0, 0, time.UTC)
	facts := model.Facts{
		Instance: model.Instance{
			InstanceID: "i-bp1g6example000001", RegionID: "cn-hangzhou", ZoneID: "cn-hangzhou-h",
			Status: model.StatusRunning, ChargeType: model.ChargePrePaid, InstanceType: "ecs.g6.xlarge",
			CreationTime: time.Date(2025, 6, 1, 3, 12, 0, 0, time.UTC),
			ExpiredTime:  time.Date(2027, 6, 1, 16, 0, 0, 0, time.UTC),
			SystemDisk:   &model.Disk{DiskID: "d-bp1g6system000001", Category: model.DiskCloudESSD, SizeGiB: 40},
			Orders: []model.Order{{
				OrderID: "212345678900001", Kind: model.OrderPurchase, InstanceType: "ecs.g6.xlarge",
				Start: time.Date(2025, 6, 1, 3, 12, 0, 0, time.UTC), End: time.Date(2027, 6, 1, 16, 0, 0, 0, time.UTC),
				ListPrice: decimal.RequireFromString("12096"), CashPaid: decimal.RequireFromString("10281.60"),
				Discount: decimal.RequireFromString("0.85"), PaymentMethod: model.PayBalance,
			}},
		},
		Account: model.Account{AccountID: "1234567890123456", Balance: decimal.RequireFromString("8000")},
		Catalog: catalog.Default(), // the embedded catalog: real types, illustrative prices
		// Policy left out: the zero Policy is model.PolicyCurrent().
	}

	plan, err := rules.Decide(now, &req, &facts) // a Plan, or the documented error
	var apiErr *errcodes.Error
	if errors.As(err, &apiErr) {
		fmt.Println("refused:", apiErr.Code(), apiErr.HTTPStatus(), apiErr.Retry())
		for _, is := range rules.Explain(now, &req, &facts) { // every violated rule, with evidence
			fmt.Println(" ", is.Rule, is.Evidence)
		}
		return
	}
	fmt.Println(plan.Operation, plan.FromType, "->", plan.ToType, "for", plan.Charge.TradePrice.StringFixed(2), plan.Charge.Currency)

	targets, _ := rules.AvailableTargets(now, &req, &facts) // what else it could change to now
	fmt.Println(len(targets), "targets, the first", targets[0].InstanceType)

	next := rules.Apply(facts, plan) // the facts after the change; facts is unchanged
	fmt.Println("balance", facts.Account.Balance, "->", next.Account.Balance.StringFixed(2))
	// Output:
	// upgrade ecs.g6.xlarge -> ecs.g6.2xlarge for 4377.80 CNY
	// 52 targets, the first ecs.c6.2xlarge
	// balance 8000 -> 3622.20
}
