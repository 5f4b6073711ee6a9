package importer_test

import (
	"fmt"
	"os"
	"time"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/importer"
	"github.com/respec-dev/respec/rules"
	"github.com/respec-dev/respec/scenario"
)

// From DescribeInstances output to a decision: import, prepare, decide. Each default the
// import made is an Issue.
func ExampleImport() {
	instances, err := os.ReadFile("testdata/describe-instance.json") // aliyun ecs DescribeInstances ...
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := importer.Import(importer.Input{
		Now:        time.Date(2026, 9, 14, 2, 30, 0, 0, time.UTC),
		TargetType: "ecs.g6.2xlarge",
		Balance:    "8000.00",
		Instances:  instances,
	})
	if err != nil {
		fmt.Println(err) // an *importer.Error naming the input
		return
	}
	for _, issue := range res.Issues {
		fmt.Println("default:", issue.Input)
	}
	s := res.Scenarios[0]
	p, err := scenario.Prepare(&s, catalog.Default())
	if err != nil {
		fmt.Println(err)
		return
	}
	plan, err := rules.Decide(p.Now, &p.Request, &p.Facts)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(plan.Operation, plan.FromType, "→", plan.ToType, plan.Charge.TradePrice.StringFixed(2), plan.Charge.Currency)
	// Output:
	// default: disks
	// default: enis
	// default: orders
	// upgrade ecs.g6.xlarge → ecs.g6.2xlarge 4377.80 CNY
}
