package fleet_test

import (
	"fmt"
	"time"

	"github.com/respec-dev/respec/fleet"
	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/world"
)

// A downgrade of a Running instance, with the stop before and the start after that Terraform
// does: three requests, the change's refund, and the instance Running on its new type.
func ExampleRun() {
	fw := fuzz.Baseline()
	f := fw.Build()
	w, err := world.NewBuilder(fw.Now, f.Catalog, f.Policy, world.Limits{}).
		AddAccount(world.AccountSpec{Account: f.Account}).AddInstance(f.Account.AccountID, f.Instance).Build()
	if err != nil {
		panic(err)
	}
	plan := fleet.Plan{
		Rules: []fleet.ResizeRule{{Name: "shrink", Filter: fleet.Filter{Families: []string{"ecs.g6"}, Statuses: []model.Status{model.StatusRunning}},
			Targets: []string{"ecs.g6.large"}, Start: fw.Now, Interval: model.Duration(time.Second)}},
		Options: fleet.Options{StopStart: true},
	}
	res, err := fleet.Run(w, plan)
	if err != nil {
		panic(err)
	}
	for _, o := range res.Outcomes {
		fmt.Printf("%s %-11s %-24s %-13s refunded %s, balance %s\n", o.At.Format("15:04:05"), o.Option, o.Operation, o.Class(), o.RefundedToBalance, o.BalanceAfter)
	}
	a := res.Summary.Accounts[0]
	fmt.Printf("%s %s: %s → %s\n", a.AccountID, a.Currency, a.BalanceBefore, a.BalanceAfter)
	// Output:
	// 12:00:00 stop-before StopInstance             Accepted      refunded 0, balance 10000
	// 12:00:00             ModifyPrepayInstanceSpec Accepted      refunded 2542.5, balance 12542.5
	// 12:00:10 start-after StartInstance            Accepted      refunded 0, balance 12542.5
	// 1234567890123456 CNY: 10000 → 12542.5
}
