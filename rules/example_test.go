package rules_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
)

// An upgrade of a Running instance: charged for the rest of the billing cycle, effective at the
// next start or restart through the API or console.
func ExampleDecide() {
	w := fuzz.Baseline()
	req, facts, _ := fuzz.Prepare(w, nil)
	plan, err := rules.Decide(w.Now, &req, &facts)
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
	w := fuzz.BaselineDowngrade()
	w.Facts.Instance.Status = model.StatusRunning
	req, facts, _ := fuzz.Prepare(w, nil)
	_, err := rules.Decide(w.Now, &req, &facts)
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
	w := fuzz.BaselineDowngrade()
	w.Facts.Instance.Status = model.StatusRunning
	w.Facts.Account.InArrears = true
	req, facts, _ := fuzz.Prepare(w, nil)
	for _, is := range rules.Explain(w.Now, &req, &facts) {
		fmt.Printf("%s [%s] %s: %s\n", is.Rule, is.Stage, is.Err.Code(), is.Evidence)
	}
	// Output:
	// account.arrears [account and permissions] Account.Arrearage: Account.InArrears is true and the policy blocks changes in arrears
	// status.stopped-required [direction] InvalidStatus.NotStopped: a downgrade needs status [Stopped] under policy current; the instance is Running
}

// AvailableTargets lists the types the instance can change to now, with stock and the monthly
// price difference.
func ExampleAvailableTargets() {
	w := fuzz.Baseline()
	req, facts, _ := fuzz.Prepare(w, nil)
	ts, err := rules.AvailableTargets(w.Now, &req, &facts)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range ts {
		fmt.Println(t.InstanceType, t.Operation, t.Stock, t.MonthlyPriceDelta)
	}
	// Output:
	// ecs.g6.2xlarge upgrade WithStock 600
	// ecs.g7.xlarge upgrade WithStock 60
	// ecs.g7.2xlarge upgrade WithStock 720
}

// Apply returns the world after the change, so changes can be chained; the input is not
// changed. A second change within the completion window is refused.
func ExampleApply() {
	w := fuzz.Baseline()
	req, facts, _ := fuzz.Prepare(w, nil)
	plan, _ := rules.Decide(w.Now, &req, &facts)
	after := rules.Apply(facts, plan)
	fmt.Println("balance", facts.Account.Balance, "->", after.Account.Balance)
	fmt.Println("pending type", after.Instance.PendingInstanceType)
	req.InstanceType = "ecs.g7.2xlarge"
	_, err := rules.Decide(w.Now.Add(5*time.Second), &req, &after)
	fmt.Println(err)
	// Output:
	// balance 10000 -> 4429
	// pending type ecs.g6.2xlarge
	// LastOrderProcessing (HTTP 400): The previous order is still processing, please try again later.
}
