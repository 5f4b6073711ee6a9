package importer_test

import (
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/importer"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/respec-dev/respec/scenario"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var now = time.Date(2026, 9, 14, 2, 30, 0, 0, time.UTC)

func decide(t *testing.T, s *scenario.Scenario) (rules.Plan, error) {
	t.Helper()
	p, err := scenario.Prepare(s, catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	if p.RequestError != nil {
		return rules.Plan{}, p.RequestError
	}
	return rules.Decide(p.Now, &p.Request, &p.Facts)
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// checkIssues fails t unless res's issues are want: each "input: message", or, with input
// given, the messages of that input alone.
func checkIssues(t *testing.T, res importer.Result, input string, want []string) {
	t.Helper()
	var got []string
	for _, i := range res.Issues {
		switch {
		case input == "":
			got = append(got, i.String())
		case i.Input == input:
			got = append(got, i.Message)
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s issues (-want +got):\n%s", input, d)
	}
}

func TestImportEverything(t *testing.T) {
	res, err := importer.Import(importer.Input{
		Now: now, TargetType: "ecs.g6.2xlarge", Balance: "8000.00", AccountID: "1234567890123456",
		Request:   map[string]string{"InstanceId": "i-bp1import0000000001", "AutoPay": "true"},
		Instances: fixture(t, "describe-instances.json"), Disks: fixture(t, "describe-disks.json"),
		ENIs: fixture(t, "describe-network-interfaces.json"), Types: fixture(t, "describe-instance-types.json"),
		Stock: fixture(t, "describe-resources-modification.json"), Prices: fixture(t, "describe-price.json"),
		Orders: fixture(t, "get-order-detail.json"),
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Scenarios) != 1 {
		t.Fatalf("%d scenarios", len(res.Scenarios))
	}
	s := &res.Scenarios[0]
	wantReq := map[string]string{"InstanceId": "i-bp1import0000000001", "RegionId": "cn-hangzhou", "InstanceType": "ecs.g6.2xlarge", "AutoPay": "true"}
	if d := cmp.Diff(wantReq, s.Request); d != "" {
		t.Errorf("request (-want +got):\n%s", d)
	}
	inst := s.Facts.Instance
	wantInst := model.Instance{
		InstanceID: "i-bp1import0000000001", RegionID: "cn-hangzhou", ZoneID: "cn-hangzhou-h", Status: model.StatusRunning,
		ChargeType: "PrePaid", SpotStrategy: "NoSpot", InstanceType: "ecs.g6.xlarge",
		CreationTime: time.Date(2025, 6, 1, 3, 12, 0, 0, time.UTC), ExpiredTime: time.Date(2027, 6, 1, 16, 0, 0, 0, time.UTC),
		OSType: "linux", NetworkType: "vpc", Image: model.Image{ImageID: "aliyun_3_x64_20G_alibase_20250629.vhd"},
		SystemDisk: &model.Disk{DiskID: "d-bp1import000000001", Category: "cloud_essd", SizeGiB: 40, PerformanceLevel: "PL0"},
		DataDisks:  []model.Disk{{DiskID: "d-bp1import000000002", Category: "cloud_essd", SizeGiB: 200, PerformanceLevel: "PL1"}},
		ENIs:       []model.ENI{{ENIID: "eni-bp1import00000001", Primary: true, PrivateIPv4: 2, IPv6: 1, QueueNumber: 4}},
		Orders: []model.Order{
			{OrderID: "212345678900001", Kind: "Purchase", InstanceType: "ecs.g6.xlarge",
				Start: time.Date(2025, 6, 1, 3, 12, 0, 0, time.UTC), End: time.Date(2026, 6, 1, 16, 0, 0, 0, time.UTC),
				ListPrice: dec("6240.00"), CashPaid: dec("5304.00"), VoucherPaid: decimal.Zero, Discount: dec("0.85"),
				PaymentMethod: "balance", PaidAt: time.Date(2025, 6, 1, 3, 12, 0, 0, time.UTC)},
			{OrderID: "212345678900002", Kind: "Renewal", InstanceType: "ecs.g6.xlarge",
				Start: time.Date(2026, 6, 1, 16, 0, 0, 0, time.UTC), End: time.Date(2027, 6, 1, 16, 0, 0, 0, time.UTC),
				ListPrice: dec("6240.00"), CashPaid: dec("5304.00"), VoucherPaid: decimal.Zero, Discount: dec("0.85"),
				PaymentMethod: "balance", PaidAt: time.Date(2026, 5, 20, 9, 41, 0, 0, time.UTC)},
		},
	}
	if d := cmp.Diff(wantInst, inst, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); d != "" {
		t.Errorf("instance (-want +got):\n%s", d)
	}
	if !s.Facts.Account.Balance.Equal(dec("8000")) || s.Facts.Account.AccountID != "1234567890123456" {
		t.Errorf("account %+v", s.Facts.Account)
	}
	cat, err := model.NewCatalog(*s.CatalogData)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id, region, price string
		illustrative      bool
	}{
		{"ecs.g6.xlarge", "cn-hangzhou", "520", false},
		{"ecs.g6.2xlarge", "cn-hangzhou", "1040", false},
		{"ecs.g6.2xlarge", "cn-shanghai", "", true},
	} {
		typ, _ := cat.Type(tc.id)
		if tc.price != "" && !typ.MonthlyPrice[tc.region].Equal(dec(tc.price)) {
			t.Errorf("%s in %s: %s", tc.id, tc.region, typ.MonthlyPrice[tc.region])
		}
		if cat.PriceIllustrative(tc.id, tc.region) != tc.illustrative {
			t.Errorf("%s in %s: illustrative %v", tc.id, tc.region, !tc.illustrative)
		}
	}
	g63, _ := cat.Type("ecs.g6.3xlarge")
	if d := cmp.Diff(map[string]model.StockStatus{"cn-hangzhou-h": model.ClosedWithStock}, g63.Stock); d != "" {
		t.Errorf("stock (-want +got):\n%s", d)
	}
	g62, _ := cat.Type("ecs.g6.2xlarge")
	if g62.TotalEniQueueQuantity != 24 || g62.EniIPv6PerEni != 10 || g62.DiskQuantity != 17 || g62.NvmeSupport != "unsupported" {
		t.Errorf("ecs.g6.2xlarge limits: %+v", g62)
	}
	wantIssues := []string{
		"stock: a type the stock lists is offered only in the zones it lists it in; the 426 types it does not list keep the catalog's stock",
		"orders: the payment method of every order: the balance (the order list does not give it); vouchers: none",
	}
	checkIssues(t, res, "", wantIssues)
	if !strings.HasPrefix(s.Description, "Imported by respec import from DescribeInstances, DescribeDisks, DescribeNetworkInterfaces, DescribeInstanceTypes, stock (DescribeAvailableResource/DescribeResourcesModification), DescribePrice, orders (QueryOrders/GetOrderDetail). Defaults: stock: a type the stock lists") {
		t.Errorf("description %q", s.Description)
	}
	// The decision: real prices, (1040 − 520) × 6254 h ÷ 720 h = 4516.777… rounded down.
	plan, err := decide(t, s)
	if err != nil {
		t.Fatal(err)
	}
	if plan.Charge == nil || plan.Charge.TradePrice.String() != "4516.77" || plan.PricesIllustrative {
		t.Errorf("plan: %+v", plan.Charge)
	}
}

// With DescribeInstances alone every default shows, and the decision says what is missing.
func TestImportInstancesOnly(t *testing.T) {
	res, err := importer.Import(importer.Input{Now: now, NowDefaulted: true, Instances: fixture(t, "describe-instances.json"),
		Request: map[string]string{"InstanceId": "i-bp1import0000000001"}})
	if err != nil {
		t.Fatal(err)
	}
	checkIssues(t, res, "", []string{
		"now: not given: the moment of the import, 2026-09-14T02:30:00Z",
		"request: no target InstanceType: decide answers MissingParameter (respec targets lists the types)",
		"account: no balance given: 0 (an AutoPay upgrade's order is then abnormal)",
		"disks: no DescribeDisks output: a 40 GiB cloud_essd system disk, no data disks",
		"enis: no DescribeNetworkInterfaces output: the interfaces DescribeInstances lists, at their types' default queue numbers",
		"orders: no order list: one assumed purchase order of ecs.g6.xlarge from CreationTime to ExpiredTime (25 months at the catalog's 504.00 a month = 12600.00, paid from the balance, no discount); a downgrade's refund is computed from it: give QueryOrders or GetOrderDetail output for the real one",
	})
	s := &res.Scenarios[0]
	if s.CatalogData != nil {
		t.Error("a catalog without types, stock or prices")
	}
	if d := s.Description; !strings.Contains(d, "Imported by respec import from DescribeInstances. Defaults: now: not given") {
		t.Errorf("description %q", d)
	}
	_, err = decide(t, s)
	if !errors.Is(err, errcodes.MissingParameter) {
		t.Errorf("decide: %v, want MissingParameter", err)
	}
	// With a target, the upgrade is accepted on the assumed purchase; the balance of 0 makes
	// its order abnormal, as AutoPay would.
	s.Request["InstanceType"] = "ecs.g6.2xlarge"
	plan, err := decide(t, s)
	if err != nil || plan.Charge == nil || plan.Charge.TradePrice.String() != "4377.8" || plan.Charge.OrderStatus != rules.OrderAbnormal || !plan.PricesIllustrative {
		t.Errorf("decide with a target: %v %+v", err, plan.Charge)
	}
}
