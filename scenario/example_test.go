package scenario_test

import (
	"fmt"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/examples"
	"github.com/respec-dev/respec/rules"
	"github.com/respec-dev/respec/scenario"
)

// A scenario document read in its three phases: decode, prepare, decide. The README's
// scenario-format section shows this body.
func ExamplePrepare() {
	doc, _ := examples.Read("upgrade-running.json")
	s, err := scenario.Decode(doc) // a *scenario.Error naming the JSON path
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := scenario.Prepare(&s, catalog.Default()) // the request parsed, the facts built
	if err != nil {
		fmt.Println(err)
		return
	}
	if p.RequestError != nil { // the API's own answer to a malformed request
		fmt.Println("refused:", p.RequestError.Code())
		return
	}
	plan, err := rules.Decide(p.Now, &p.Request, &p.Facts)
	if err != nil {
		fmt.Println("refused:", err)
		return
	}
	fmt.Println(plan.Operation, plan.FromType, "->", plan.ToType, plan.Charge.TradePrice.StringFixed(2), plan.Charge.Currency)
	// Output:
	// upgrade ecs.g6.xlarge -> ecs.g6.2xlarge 4377.80 CNY
}
