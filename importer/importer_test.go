package importer_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/importer"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
)

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

// QueryOrders' list has no instance IDs and no usage period: with one instance its ECS orders
// are that instance's, an unpaid renewal is an unpaid order, other products are left out, and
// each default is an issue.
func TestImportQueryOrders(t *testing.T) {
	res, err := importer.Import(importer.Input{Now: now, TargetType: "ecs.g6.2xlarge", Balance: "100",
		Request:   map[string]string{"InstanceId": "i-bp1import0000000001"},
		Instances: fixture(t, "describe-instances.json"), Disks: fixture(t, "describe-disks.json"),
		ENIs: fixture(t, "describe-network-interfaces.json"), Orders: fixture(t, "query-orders.json")})
	if err != nil {
		t.Fatal(err)
	}
	inst := res.Scenarios[0].Facts.Instance
	if len(inst.Orders) != 1 || inst.Orders[0].OrderID != "212345678900001" || inst.Orders[0].Kind != model.OrderPurchase ||
		!inst.Orders[0].Start.Equal(time.Date(2025, 6, 1, 3, 12, 0, 0, time.UTC)) || !inst.Orders[0].End.Equal(inst.ExpiredTime) {
		t.Errorf("orders %+v", inst.Orders)
	}
	want := []model.UnpaidOrder{{OrderID: "212345678900003", Kind: model.UnpaidRenewal, Amount: decimal.RequireFromString("5304.00")}}
	if d := cmp.Diff(want, inst.UnpaidOrders, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); d != "" {
		t.Errorf("unpaid orders (-want +got):\n%s", d)
	}
	checkIssues(t, res, "orders", []string{
		"orders without InstanceIDs (QueryOrders) are taken as i-bp1import0000000001's",
		"order 212345678900001 names no instance type in its Config: the instance's, ecs.g6.xlarge",
		"order 212345678900001 has no UsageStartTime (QueryOrders): it starts when it was paid",
		"order 212345678900001 has no UsageEndTime (QueryOrders): it ends at the instance's expiry",
		"order 212345678900003 names no instance type in its Config: the instance's, ecs.g6.xlarge",
		"the payment method of every order: the balance (the order list does not give it); vouchers: none",
	})
	// The unpaid renewal blocks the change, as the API would.
	if _, err := decide(t, &res.Scenarios[0]); err == nil || !strings.Contains(err.Error(), "OperationDenied.UnpaidOrder") {
		t.Errorf("decide: %v, want OperationDenied.UnpaidOrder", err)
	}
}

// AllInstances makes one scenario per instance, each with its own disks, interfaces, EIP and
// locks; orders that name no instance are left out, with an issue.
func TestImportAllInstances(t *testing.T) {
	res, err := importer.Import(importer.Input{Now: now, AllInstances: true, TargetType: "ecs.g6.2xlarge",
		Instances: fixture(t, "describe-instances.json"), Disks: fixture(t, "describe-disks.json"),
		ENIs: fixture(t, "describe-network-interfaces.json"), Orders: fixture(t, "query-orders.json"),
		Stock: fixture(t, "describe-available-resource.json")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Scenarios) != 2 {
		t.Fatalf("%d scenarios", len(res.Scenarios))
	}
	a, b := res.Scenarios[0], res.Scenarios[1]
	if a.Request["InstanceId"] != "i-bp1import0000000001" || b.Request["InstanceId"] != "i-bp1import0000000002" ||
		b.Request["RegionId"] != "cn-hangzhou" || b.Request["InstanceType"] != "ecs.g6.2xlarge" {
		t.Errorf("requests %v %v", a.Request, b.Request)
	}
	bi := b.Facts.Instance
	if bi.EIPAddress != "47.98.10.20" || !cmp.Equal(bi.OperationLocks, []string{"financial"}) || bi.Status != model.StatusStopped ||
		bi.SystemDisk == nil || bi.SystemDisk.Category != "cloud_efficiency" || len(bi.ENIs) != 1 || bi.ENIs[0].QueueNumber != 2 {
		t.Errorf("second instance %+v", bi)
	}
	if len(a.Facts.Instance.Orders)+len(bi.Orders) != 0 {
		t.Errorf("orders without InstanceIDs were attributed")
	}
	found := false
	for _, i := range res.Issues {
		found = found || i.String() == "orders: 2 orders name no instance (QueryOrders output): not used when several instances are imported; give GetOrderDetail output"
	}
	if !found {
		t.Errorf("issues %v", res.Issues)
	}
	c6, ok := findType(a.CatalogData, "ecs.c6.2xlarge")
	if !ok || !cmp.Equal(c6.Stock, map[string]model.StockStatus{"cn-hangzhou-i": model.ClosedWithoutStock}) {
		t.Errorf("c6.2xlarge stock %v", c6.Stock)
	}
}

func findType(d *model.CatalogData, id string) (model.InstanceType, bool) {
	for _, t := range d.Types {
		if t.InstanceTypeID == id {
			return t, true
		}
	}
	return model.InstanceType{}, false
}

// Hostile or wrong input gets an *Error naming the input and the problem, never a panic.
func TestImportErrors(t *testing.T) {
	inst := fixture(t, "describe-instances.json")
	for _, tc := range []struct {
		name string
		in   importer.Input
		want string
	}{
		{"no now", importer.Input{}, "import: now: no moment given"},
		{"huge size", importer.Input{Now: now, Disks: []byte(`{"Disks": {"Disk": [{"DiskId": "d-1", "Size": 1e30}]}}`)},
			"import: disks: Disks.Disk.Size: a JSON number 1e30 where an integer (of at most 18 digits) is expected"},
		{"not json", importer.Input{Now: now, Instances: []byte("{")}, "import: instances: not JSON"},
		{"empty", importer.Input{Now: now, Disks: []byte("  ")}, "import: disks: empty: expected the response's JSON"},
		{"not utf-8", importer.Input{Now: now, Instances: []byte("{\"a\":\"\xff\"}")}, "import: instances: not UTF-8"},
		{"two values", importer.Input{Now: now, Instances: []byte(`{} {}`)}, "more than one JSON value"},
		{"wrong type", importer.Input{Now: now, Instances: []byte(`{"Instances": {"Instance": {"InstanceId": "i-1"}}}`)},
			"import: instances: Instances.Instance: a JSON object where an array is expected"},
		{"wrong api", importer.Input{Now: now, Instances: fixture(t, "describe-disks.json")},
			"import: instances: no Instances.Instance list: is this DescribeInstances output?"},
		{"several, none named", importer.Input{Now: now, Instances: inst},
			"import: instances: DescribeInstances lists 2 instances: say which with InstanceId in the request"},
		{"not listed", importer.Input{Now: now, Instances: inst, Request: map[string]string{"InstanceId": "i-nope"}},
			"import: instances: DescribeInstances does not list i-nope"},
		{"bad time", importer.Input{Now: now, Instances: []byte(`{"Instances": {"Instance": [{"InstanceId": "i-1", "Status": "Running", "ExpiredTime": "tomorrow"}]}}`)},
			`import: instances: i-1.ExpiredTime: "tomorrow" is not a time`},
		{"duplicate", importer.Input{Now: now, Instances: []byte(`[{"Instances": {"Instance": [{"InstanceId": "i-1"}]}}, {"Instances": {"Instance": [{"InstanceId": "i-1"}]}}]`)},
			"Instances.Instance[1]: i-1 is listed twice"},
		{"bad status", importer.Input{Now: now, Instances: []byte(`{"Instances": {"Instance": [{"InstanceId": "i-1", "Status": "Exploded", "ExpiredTime": "2027-06-01T16:00Z"}]}}`)},
			"import: scenario: the imported values do not make a valid scenario"},
		{"target disagrees", importer.Input{Now: now, TargetType: "ecs.a", Request: map[string]string{"InstanceType": "ecs.b"}},
			`import: request: InstanceType "ecs.b" and the target type "ecs.a" disagree`},
		{"hostile balance", importer.Input{Now: now, Balance: "1e100000000"}, "import: account: balance"},
		{"hostile order amount", importer.Input{Now: now, Instances: inst, Request: map[string]string{"InstanceId": "i-bp1import0000000001"},
			Orders: []byte(`{"Data": {"OrderList": {"Order": [{"OrderId": "1", "OrderType": "New", "PretaxAmount": "` + strings.Repeat("9", 100) + `"}]}}}`)},
			"import: orders: 1.PretaxAmount: longer than 64 characters"},
		{"failed call", importer.Input{Now: now, Orders: []byte(`{"Code": "NotAuthorized", "Message": "no", "Success": false}`)},
			"import: orders: the call failed: NotAuthorized no"},
		{"price without request", importer.Input{Now: now, Prices: []byte(`[{"Response": {"PriceInfo": {"Price": {"OriginalPrice": 1}}}}]`)},
			"import: prices: [0]: the Request must give the InstanceType and RegionId"},
		{"price per day", importer.Input{Now: now, Prices: []byte(`{"Request": {"InstanceType": "ecs.g6.xlarge", "RegionId": "cn-hangzhou", "PriceUnit": "Day"}, "Response": {"PriceInfo": {"Price": {"OriginalPrice": 1}}}}`)},
			`import: prices: [0]: the PriceUnit "Day" is not one of Month, Year, Week or Hour`},
		{"price currency", importer.Input{Now: now, Prices: []byte(`{"Request": {"InstanceType": "ecs.g6.xlarge", "RegionId": "cn-hangzhou"}, "Response": {"PriceInfo": {"Price": {"OriginalPrice": 1, "Currency": "USD"}}}}`)},
			"import: prices: [0]: ecs.g6.xlarge in cn-hangzhou is priced in USD, the catalog in CNY"},
		{"bad stock", importer.Input{Now: now, Stock: []byte(`{"AvailableZones": {"AvailableZone": [{"ZoneId": "z", "AvailableResources": {"AvailableResource": [{"Type": "InstanceType", "SupportedResources": {"SupportedResource": [{"Value": "ecs.g6.xlarge", "StatusCategory": "Plenty"}]}}]}}]}}`)},
			`import: stock: ecs.g6.xlarge in z: StatusCategory "Plenty" is not one of`},
		{"too big", importer.Input{Now: now, Types: make([]byte, importer.MaxInputBytes+1)}, "import: types: 33554433 bytes, more than 32 MiB"},
	} {
		_, err := importer.Import(tc.in)
		var ie *importer.Error
		if err == nil || !errors.As(err, &ie) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an *importer.Error containing %q", tc.name, err, tc.want)
		}
	}
}

// The importer never panics, whatever bytes it is given in place of each input.
func FuzzImport(f *testing.F) {
	inst := fixture(f, "describe-instances.json")
	f.Add(inst, fixture(f, "get-order-detail.json"), fixture(f, "describe-price.json"))
	f.Add([]byte(`[]`), []byte(`{"Data":{"OrderList":{"Order":[{"OrderId":"1","OrderType":"Upgrade","PaymentStatus":"Unpaid","PretaxAmount":"1"}]}}}`), []byte(`{}`))
	f.Fuzz(func(t *testing.T, instances, orders, prices []byte) {
		res, err := importer.Import(importer.Input{Now: now, AllInstances: true, Instances: instances, Orders: orders, Prices: prices})
		if err == nil && len(res.Scenarios) == 0 {
			t.Error("no error and no scenario")
		}
	})
}

func BenchmarkImportWithCatalog(b *testing.B) {
	in := importer.Input{Now: now, TargetType: "ecs.g6.2xlarge", Request: map[string]string{"InstanceId": "i-bp1import0000000001"},
		Instances: fixture(b, "describe-instances.json"), Prices: fixture(b, "describe-price.json")}
	for b.Loop() {
		if _, err := importer.Import(in); err != nil {
			b.Fatal(err)
		}
	}
}
