package rules_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
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

// TestReadmeLibrarySnippet keeps the README's library snippet and its output identical to
// Example_library's body and output, so that the snippet compiles and runs as shown.
func TestReadmeLibrarySnippet(t *testing.T) {
	src, err := os.ReadFile("readme_example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, body, ok := strings.Cut(string(src), "func Example_library() {\n")
	if !ok {
		t.Fatal("no Example_library")
	}
	body, output, ok := strings.Cut(body, "\t// Output:\n")
	if !ok {
		t.Fatal("Example_library has no output")
	}
	output, _, _ = strings.Cut(output, "}\n")
	var code, want strings.Builder
	for _, l := range strings.SplitAfter(body, "\n") {
		code.WriteString(strings.TrimPrefix(l, "\t"))
	}
	for _, l := range strings.SplitAfter(output, "\n") {
		want.WriteString(strings.TrimPrefix(strings.TrimPrefix(l, "\t// "), "\t//"))
	}
	// The README's other Go snippets are held to their Examples by
	// examples.TestEveryReadmeGoSnippetIsAnExample.
	_, section, ok := strings.Cut(string(readme), "## Using it as a library\n")
	if !ok {
		t.Fatal("README has no \"Using it as a library\" section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	// The phase-by-phase snippet is the go block that starts with the request's parse.
	_, gotCode, ok := strings.Cut(section, "```go\nreq, err := model.ParseQuery(")
	gotCode = "req, err := model.ParseQuery(" + gotCode
	gotCode, rest, ok2 := strings.Cut(gotCode, "```\n")
	if !ok || !ok2 {
		t.Fatal("the library section has no go block")
	}
	_, gotOut, ok := strings.Cut(rest, "```\n")
	gotOut, _, ok2 = strings.Cut(gotOut, "```\n")
	if !ok || !ok2 {
		t.Fatal("the library section has no output block after the go block")
	}
	if gotCode != code.String() {
		t.Errorf("README library snippet differs from Example_library; it should read:\n%s", code.String())
	}
	if gotOut != want.String() {
		t.Errorf("README library output differs from Example_library's; it should read:\n%s", want.String())
	}
}
