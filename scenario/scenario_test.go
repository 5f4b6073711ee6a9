package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/respec-dev/respec/model"
)

func TestDecodeExample(t *testing.T) {
	s, err := Decode(readExample(t))
	if err != nil {
		t.Fatal(err)
	}
	if !s.Now.Equal(mustTime("2026-03-10T02:00:00Z")) || s.Now.Location() != time.UTC {
		t.Errorf("Now = %v", s.Now)
	}
	if s.Request["InstanceType"] != "ecs.g6.xlarge" || s.Request["AutoPay"] != "true" || len(s.Request) != 9 {
		t.Errorf("Request = %v", s.Request)
	}
	if d := cmp.Diff(model.PolicyCurrent(), s.Policy); d != "" {
		t.Errorf("Policy (-want +got):\n%s", d)
	}
	in := s.Facts.Instance
	if in.Status != model.StatusRunning || in.ChargeType != model.ChargePrePaid || in.SystemDisk == nil || in.SystemDisk.SizeGiB != 40 ||
		len(in.DataDisks) != 1 || len(in.ENIs) != 1 || !in.ENIs[0].Primary || len(in.Orders) != 1 {
		t.Errorf("Instance = %+v", in)
	}
	o := in.Orders[0]
	if !o.CashPaid.Equal(decimal.RequireFromString("1402.5")) || !o.Discount.Equal(decimal.RequireFromString("0.85")) ||
		!o.End.Equal(mustTime("2026-07-01T16:00:00Z")) {
		t.Errorf("Order = %+v", o)
	}
	if !s.Facts.Account.Balance.Equal(decimal.NewFromInt(5000)) || len(s.Facts.Account.Quotas.RefundedVCPU) != 1 ||
		s.Facts.Account.Quotas.RefundedVCPU[0].Amount != 96 {
		t.Errorf("Account = %+v", s.Facts.Account)
	}
	if rec, ok := s.Facts.Idempotency["5b0c2d1e-earlier-token"]; !ok || rec.OrderID != "212345678900002" {
		t.Errorf("Idempotency = %v", s.Facts.Idempotency)
	}
	if s.Facts.Throttle.Count != 3 || s.Facts.Throttle.Limit != 100 || s.Facts.ServiceUnavailable {
		t.Errorf("Throttle = %+v", s.Facts.Throttle)
	}
	if s.CatalogData == nil || len(s.CatalogData.Types) != 2 || s.CatalogData.Types[1].StockIn("cn-hangzhou-h") != model.WithStock ||
		s.CatalogData.Types[0].Stock != nil || !s.CatalogData.Types[1].MonthlyPrice["cn-hangzhou"].Equal(decimal.NewFromInt(550)) {
		t.Errorf("Catalog = %+v", s.CatalogData)
	}
	c, err := model.NewCatalog(*s.CatalogData)
	if err != nil {
		t.Fatal(err)
	}
	f := s.FactsWith(c)
	if f.Catalog != c || f.Policy.Name != model.PresetCurrent || s.Facts.Catalog != nil {
		t.Errorf("FactsWith: %+v", f)
	}
	r, perr := model.ParseMap(s.Request)
	if perr != nil {
		t.Fatal(perr)
	}
	if r.InstanceType != "ecs.g6.xlarge" || !r.RebootWhenFinished || r.OperatorType != model.Upgrade {
		t.Errorf("request = %+v", r)
	}

	// The example round-trips, and its encoding is stable.
	s2 := roundTrip(t, s)
	if d := cmp.Diff(s, s2); d != "" {
		t.Fatalf("round trip (-want +got):\n%s", d)
	}
	out, err := Encode(s)
	out2, err2 := Encode(s2)
	if err != nil || err2 != nil || !bytes.Equal(out, out2) {
		t.Fatalf("encoding not stable: %v, %v", err, err2)
	}
	if !bytes.Contains(out, []byte(`"CashPaid": "1402.50"`)) || !bytes.Contains(out, []byte(`"policy": "current"`)) ||
		bytes.Contains(out, []byte(`\u0026`)) {
		t.Fatalf("encoding:\n%s", out)
	}
}

func TestScenarioMinimal(t *testing.T) {
	s, err := Decode([]byte(`{"now":"2026-01-01T08:00:00+08:00","request":{}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := Scenario{Now: mustTime("2026-01-01T00:00:00Z"), Request: map[string]string{}, Policy: model.PolicyCurrent()}
	if d := cmp.Diff(want, s); d != "" {
		t.Fatal(d)
	}
	if s.Now.Location() != time.UTC || s.Request == nil || s.CatalogData != nil {
		t.Fatalf("%+v", s)
	}
	out, err := Encode(Scenario{Now: s.Now, Policy: model.PolicyCurrent()})
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != "{\n  \"now\": \"2026-01-01T00:00:00Z\",\n  \"request\": {},\n  \"policy\": \"current\"\n}\n" {
		t.Fatalf("minimal encoding:\n%s", out)
	}
}

func TestScenarioPolicy(t *testing.T) {
	dec := func(policy string) (model.Policy, error) {
		s, err := Decode([]byte(`{"now":"2026-01-01T00:00:00Z","request":{},"policy":` + policy + `}`))
		return s.Policy, err
	}
	for name, want := range map[string]model.Policy{`"current"`: model.PolicyCurrent(), `"2019"`: model.Policy2019(), `"2018"`: model.Policy2018(), `{}`: model.PolicyCurrent()} {
		got, err := dec(name)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", name, d)
		}
	}
	got, err := dec(`{"Base":"2019","RefundsPerInstance":5,"MinGapBetweenChanges":"90s","UpgradeStatuses":["Stopped"],` +
		`"UnderMonthFactor":"1.25","BillingUTCOffsetMinutes":-300,"TokenTTL":"48h"}`)
	if err != nil {
		t.Fatal(err)
	}
	want := model.Policy2019()
	want.RefundsPerInstance = 5
	want.MinGapBetweenChanges = model.Duration(90 * time.Second)
	want.UpgradeStatuses = []model.Status{model.StatusStopped}
	want.UnderMonthFactor = decimal.RequireFromString("1.25")
	want.BillingUTCOffsetMinutes = -300
	want.TokenTTL = model.Duration(48 * time.Hour)
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("overrides (-want +got):\n%s", d)
	}
	// Encoding writes only what differs from the base, and the name of an unchanged preset.
	s := Scenario{Now: mustTime("2026-01-01T00:00:00Z"), Request: map[string]string{}, Policy: want}
	out, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, frag := range []string{`"Base": "2019"`, `"RefundsPerInstance": 5`, `"MinGapBetweenChanges": "1m30s"`, `"TokenTTL": "48h0m0s"`} {
		if !bytes.Contains(out, []byte(frag)) {
			t.Errorf("encoding lacks %s:\n%s", frag, out)
		}
	}
	if bytes.Contains(out, []byte(`"RefundRule"`)) {
		t.Errorf("encoding repeats an unchanged field:\n%s", out)
	}
	back, err := Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(s, back); d != "" {
		t.Fatalf("round trip (-want +got):\n%s", d)
	}
	// A custom name and a zero-valued override of a preset's non-zero field survive.
	p := model.Policy2019()
	p.Name, p.RefundsPerInstance, p.MinGapBetweenChanges = "strict", 0, 0
	s.Policy = p
	out, err = Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err = Decode(out)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(s, back); d != "" {
		t.Fatalf("custom round trip (-want +got):\n%s\n%s", d, out)
	}
}

func TestScenarioEmptyVersusAbsent(t *testing.T) {
	doc := `{"now":"2026-01-01T00:00:00Z","request":{},"instance":{"InstanceId":"i","Status":"Stopped","DataDisks":[],"SystemDisk":null},` +
		`"catalog":{"Regions":null,"Currency":"CNY","InstanceTypes":[{"InstanceTypeId":"a","InstanceTypeFamily":"f","Stock":{}},` +
		`{"InstanceTypeId":"b","InstanceTypeFamily":"f"}]}}`
	s, err := Decode([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	if s.Facts.Instance.DataDisks == nil || len(s.Facts.Instance.DataDisks) != 0 || s.Facts.Instance.SystemDisk != nil {
		t.Fatalf("instance: %+v", s.Facts.Instance)
	}
	ts := s.CatalogData.Types
	if ts[0].Stock == nil || ts[0].OfferedIn("z") || ts[1].Stock != nil || ts[1].StockIn("z") != model.WithStock {
		t.Fatalf("Stock {} must mean offered nowhere, absent stock everywhere: %+v", ts)
	}
	if back := roundTrip(t, s); back.CatalogData.Types[0].Stock == nil || back.Facts.Instance.DataDisks == nil {
		t.Fatalf("empty collections lost in the round trip: %+v %+v", back.CatalogData.Types, back.Facts.Instance)
	}
}

func TestDecodeScenarioZeroAmountNormalised(t *testing.T) {
	s, err := Decode([]byte(`{"now":"2026-01-01T00:00:00Z","request":{},"account":{"AccountId":"a","Balance":"0e100000000"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if b := s.Facts.Account.Balance; !b.IsZero() || b.Exponent() != 0 {
		t.Fatalf("Balance %v exponent %d", b, b.Exponent())
	}
	s, err = Decode([]byte(`{"now":"2026-01-01T00:00:00Z","request":{},"account":{"AccountId":"a","Balance":12.50}}`))
	if err != nil || !s.Facts.Account.Balance.Equal(decimal.RequireFromString("12.5")) {
		t.Fatalf("number amount: %v %v", s.Facts.Account.Balance, err)
	}
}

func TestDecodeScenarioErrors(t *testing.T) {
	const head = `{"now":"2026-01-01T00:00:00Z","request":{}`
	order := func(extra string) string {
		return `{"OrderId":"o","Kind":"Purchase","InstanceType":"t","Start":"2026-01-01T00:00:00Z","End":"2026-02-01T00:00:00Z"` + extra + `}`
	}
	orders := func(third string) string {
		return head + `,"instance":{"InstanceId":"i","Status":"Running","Orders":[` + order("") + `,` + order("") + `,` + third + `]}}`
	}
	many := func(n int, item string) string {
		return strings.TrimSuffix(strings.Repeat(item+",", n), ",")
	}
	tests := []struct {
		name, doc, path, reason string
	}{
		{"hostile exponent", orders(order(`,"CashPaid":"1e100000000"`)), "instance.Orders[2].CashPaid", "out of range"},
		{"hostile exponent as number", orders(order(`,"CashPaid":1e100000000`)), "instance.Orders[2].CashPaid", "out of range"},
		{"hostile precision", orders(order(`,"VoucherPaid":"1e-100000000"`)), "instance.Orders[2].VoucherPaid", "decimal places"},
		{"10000 digits", orders(order(`,"ListPrice":"` + strings.Repeat("9", 10000) + `"`)), "instance.Orders[2].ListPrice", "longer than 64"},
		{"31 digits", orders(order(`,"ListPrice":"1` + strings.Repeat("0", 30) + `"`)), "instance.Orders[2].ListPrice", "out of range"},
		{"not a decimal", orders(order(`,"CashPaid":"12,50"`)), "instance.Orders[2].CashPaid", "decimal"},
		{"decimal as bool", orders(order(`,"CashPaid":true`)), "instance.Orders[2].CashPaid", "decimal string"},
		{"discount over 1", orders(order(`,"Discount":"1.01"`)), "instance.Orders[2].Discount", "exceed 1"},
		{"order end before start", orders(`{"OrderId":"o","Kind":"Renewal","Start":"2026-02-01T00:00:00Z","End":"2026-01-01T00:00:00Z"}`), "instance.Orders[2].End", "after Start"},
		{"order kind", orders(`{"OrderId":"o","Kind":"Refund"}`), "instance.Orders[2].Kind", "Purchase, Renewal, Upgrade, Downgrade"},
		{"negative balance", head + `,"account":{"AccountId":"a","Balance":"-0.01"}}`, "account.Balance", "negative"},
		{"bad time", head + `,"instance":{"ExpiredTime":"2026-02-30T00:00:00Z"}}`, "instance.ExpiredTime", "RFC 3339"},
		{"time without zone", head + `,"instance":{"ExpiredTime":"2026-02-01T00:00:00"}}`, "instance.ExpiredTime", "RFC 3339"},
		{"time as number", head + `,"throttle":{"Minute":1700000000}}`, "throttle.Minute", "RFC 3339"},
		{"bad now", `{"now":"yesterday","request":{}}`, "now", "RFC 3339"},
		{"year beyond 9999 in UTC", `{"now":"9999-12-31T23:59:59-01:00","request":{}}`, "now", "years 0000–9999"},
		{"year before 0000 in UTC", `{"now":"0000-01-01T00:00:00+01:00","request":{}}`, "now", "years 0000–9999"},
		{"unknown top-level key", head + `,"instances":{}}`, "instances", "unknown field"},
		{"unknown nested key", head + `,"instance":{"Image":{"ImageId":"m","Shared":true}}}`, "instance.Image.Shared", "unknown field"},
		{"wrong case hints", head + `,"instance":{"instanceId":"i"}}`, "instance.instanceId", `did you mean "InstanceId"`},
		{"Go name instead of JSON name", head + `,"instance":{"ENIs":[]}}`, "instance.ENIs", "unknown field"},
		{"json:- field", head + `,"instance":{"Catalog":{}}}`, "instance.Catalog", "unknown field"},
		{"duplicate key", head + `,"instance":{"InstanceId":"i","InstanceId":"j"}}`, "instance.InstanceId", "more than once"},
		{"duplicate top-level key", `{"now":"2026-01-01T00:00:00Z","now":"2026-01-01T00:00:00Z","request":{}}`, "now", "more than once"},
		{"duplicate map key", head + `,"idempotency":{"t":{},"t":{}}}`, `idempotency["t"]`, "more than once"},
		{"request value not a string", `{"now":"2026-01-01T00:00:00Z","request":{"AutoPay":true}}`, `request["AutoPay"]`, "must be a string"},
		{"request not an object", `{"now":"2026-01-01T00:00:00Z","request":"InstanceId=i"}`, "request", "must be an object"},
		{"request null", `{"now":"2026-01-01T00:00:00Z","request":null}`, "request", "object of strings"},
		{"missing now", `{"request":{}}`, "now", "required"},
		{"missing request", `{"now":"2026-01-01T00:00:00Z"}`, "request", "required"},
		{"too many orders", head + `,"instance":{"Orders":[` + many(1001, order("")) + `]}}`, "instance.Orders", "more than 1000"},
		{"too many disks", head + `,"instance":{"DataDisks":[` + many(65, `{}`) + `]}}`, "instance.DataDisks", "more than 64"},
		{"too many ENIs", head + `,"instance":{"NetworkInterfaces":[` + many(65, `{}`) + `]}}`, "instance.NetworkInterfaces", "more than 64"},
		{"too many quota uses", head + `,"account":{"Quotas":{"RefundedVcpu":[` + many(10001, `{}`) + `]}}}`, "account.Quotas.RefundedVcpu", "more than 10000"},
		{"too many request keys", `{"now":"2026-01-01T00:00:00Z","request":{` + manyKeys(4097) + `}}`, "request", "more than 4096"},
		{"negative count", head + `,"instance":{"LocalDisks":-1}}`, "instance.LocalDisks", "from 0 to 1000000"},
		{"huge count", head + `,"throttle":{"Count":1000001}}`, "throttle.Count", "from 0 to 1000000"},
		{"fractional count", head + `,"instance":{"Refunds":1.5}}`, "instance.Refunds", "integer"},
		{"exponent count", head + `,"instance":{"Refunds":1e3}}`, "instance.Refunds", "integer"},
		{"count as string", head + `,"instance":{"Refunds":"1"}}`, "instance.Refunds", "integer"},
		{"negative quota", head + `,"account":{"Quotas":{"DowngradesPerMonth":-3}}}`, "account.Quotas.DowngradesPerMonth", "from 0"},
		{"quota amount over cap", head + `,"account":{"Quotas":{"RefundedVcpu":[{"At":"2026-01-01T00:00:00Z","Amount":1000000001}]}}}`, "account.Quotas.RefundedVcpu[0].Amount", "1000000000"},
		{"unknown status", head + `,"instance":{"Status":"Runing"}}`, "instance.Status", "Running"},
		{"empty status", head + `,"instance":{"Status":""}}`, "instance.Status", "must be one of"},
		{"missing status", head + `,"instance":{"InstanceId":"i"}}`, "instance.Status", "must be one of"},
		{"missing unpaid kind", head + `,"instance":{"Status":"Running","UnpaidOrders":[{}]}}`, "instance.UnpaidOrders[0].Kind", "Modification"},
		{"unknown charge type", head + `,"instance":{"InstanceChargeType":"Prepaid"}}`, "instance.InstanceChargeType", "PrePaid"},
		{"unknown unpaid kind", head + `,"instance":{"UnpaidOrders":[{"OrderId":"o","Kind":"Upgrade"}]}}`, "instance.UnpaidOrders[0].Kind", "Modification"},
		{"bool as string", head + `,"serviceUnavailable":"true"}`, "serviceUnavailable", "true or false"},
		{"struct as list", head + `,"instance":[]}`, "instance", "must be an object"},
		{"list as object", head + `,"instance":{"Orders":{}}}`, "instance.Orders", "must be a list"},
		{"unknown preset", head + `,"policy":"2017"}`, "policy", "unknown preset"},
		{"policy number", head + `,"policy":2019}`, "policy", "preset name or an object"},
		{"bad policy base", head + `,"policy":{"Base":"2017"}}`, "policy.Base", "preset name"},
		{"unknown policy field", head + `,"policy":{"Base":"2019","Strict":true}}`, "policy.Strict", "unknown field"},
		{"duplicate policy field", head + `,"policy":{"TokenTTL":"1h","TokenTTL":"2h"}}`, "policy.TokenTTL", "more than once"},
		{"bad policy direction", head + `,"policy":{"Direction":"guessed"}}`, "policy.Direction", "detected, declared"},
		{"bad policy rounding", head + `,"policy":{"RefundRounding":"ceiling"}}`, "policy.RefundRounding", "half_up"},
		{"bad policy duration", head + `,"policy":{"TokenTTL":"-1h"}}`, "policy.TokenTTL", "duration"},
		{"policy duration as number", head + `,"policy":{"TokenTTL":3600}}`, "policy.TokenTTL", "string"},
		{"bad policy status", head + `,"policy":{"UpgradeStatuses":["Running","Expired"]}}`, "policy.UpgradeStatuses[1]", "must be one of"},
		{"policy offset", head + `,"policy":{"BillingUTCOffsetMinutes":1441}}`, "policy.BillingUTCOffsetMinutes", "-1440 to 1440"},
		{"policy places", head + `,"policy":{"CurrencyPlaces":16}}`, "policy.CurrencyPlaces", "0 to 15"},
		{"catalog type twice", head + `,"catalog":{"InstanceTypes":[{"InstanceTypeId":"a","InstanceTypeFamily":"f"},{"InstanceTypeId":"a","InstanceTypeFamily":"f"}]}}`, "catalog", "listed twice"},
		{"catalog unknown field", head + `,"catalog":{"InstanceTypes":[{"InstanceTypeId":"a","GPUAmount":0}]}}`, "catalog.InstanceTypes[0].GPUAmount", "unknown field"},
		{"catalog stock status", head + `,"catalog":{"InstanceTypes":[{"InstanceTypeId":"a","InstanceTypeFamily":"f","Stock":{"z":"Plenty"}}]}}`, `catalog.InstanceTypes[0].Stock["z"]`, "WithStock"},
		{"catalog price", head + `,"catalog":{"InstanceTypes":[{"InstanceTypeId":"a","InstanceTypeFamily":"f","MonthlyPrice":{"r":"1e16"}}]}}`, `catalog.InstanceTypes[0].MonthlyPrice["r"]`, "out of range"},
		{"catalog memory", head + `,"catalog":{"InstanceTypes":[{"InstanceTypeId":"a","InstanceTypeFamily":"f","MemorySize":-1}]}}`, "catalog.InstanceTypes[0].MemorySize", "from 0"},
		{"catalog discount", head + `,"catalog":{"Discounts":[{"MinMonths":1,"Factor":"1.5"}]}}`, "catalog", "(0, 1]"},
		{"not an object", `[]`, "", "JSON object"},
		{"empty input", ``, "", "unexpected end"},
		{"truncated", head + `,"instance":{"InstanceId":"i"`, "instance", "unexpected end"},
		{"syntax error", head + `,"instance":{"InstanceId" "i"}}`, "instance.InstanceId", "invalid JSON"},
		{"trailing data", head + `} {}`, "", "after the scenario"},
		{"invalid UTF-8", head + ",\"description\":\"\xff\"}", "", "UTF-8 (byte 58)"},
		{"deep nesting fails at once", head + `,"instance":{"Image":` + strings.Repeat("[", 100000) + `}}`, "instance.Image", "must be an object"},
		{"oversize", `{"now":"2026-01-01T00:00:00Z","request":{},"description":"` + strings.Repeat("a", model.MaxScenarioBytes) + `"}`, "", "larger than 4 MiB"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(tc.doc))
			var se *Error
			if !errors.As(err, &se) {
				t.Fatalf("error %v, want a *Error", err)
			}
			if se.Path != tc.path || !strings.Contains(se.Reason, tc.reason) {
				t.Fatalf("got path %q reason %q; want path %q reason containing %q", se.Path, se.Reason, tc.path, tc.reason)
			}
			if tc.path != "" && !strings.Contains(err.Error(), tc.path) {
				t.Fatalf("message %q lacks the path", err.Error())
			}
		})
	}
}

func manyKeys(n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"k%d":""`, i)
	}
	return b.String()
}

func TestEncodeScenarioRefuses(t *testing.T) {
	base := Scenario{Now: mustTime("2026-01-01T00:00:00Z"), Policy: model.PolicyCurrent()}
	tests := []struct {
		name   string
		change func(s *Scenario)
		path   string
	}{
		{"invalid UTF-8", func(s *Scenario) {
			s.Facts.Instance.InstanceID = "i\xff"
			s.Facts.Instance.Status = model.StatusRunning
		}, "instance.InstanceId"},
		{"hostile decimal", func(s *Scenario) { s.Facts.Account.Balance = decimal.New(1, 100000000) }, "account.Balance"},
		{"negative amount", func(s *Scenario) { s.Facts.Account.Balance = decimal.NewFromInt(-1) }, "account.Balance"},
		{"zero policy", func(s *Scenario) { s.Policy = model.Policy{} }, "policy.Direction"},
		{"bad order", func(s *Scenario) {
			s.Facts.Instance = model.Instance{Status: model.StatusRunning, Orders: []model.Order{{Kind: model.OrderPurchase}}}
		}, "instance.Orders[0].End"},
		{"year 10000", func(s *Scenario) { s.Now = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }, "now"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := base
			tc.change(&s)
			_, err := Encode(s)
			var se *Error
			if !errors.As(err, &se) || se.Path != tc.path {
				t.Fatalf("error %v, want a Error at %s", err, tc.path)
			}
		})
	}
}

func TestPropertyScenarioRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genScenario().Draw(t, "scenario")
		b, err := Encode(s)
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		got, err := Decode(b)
		if err != nil {
			t.Fatalf("Decode: %v\n%s", err, b)
		}
		if d := cmp.Diff(s, got); d != "" {
			t.Fatalf("round trip (-want +got):\n%s\n%s", d, b)
		}
	})
}

func ExampleDecode() {
	_, err := Decode([]byte(`{"now":"2026-03-10T02:00:00Z","request":{},
		"instance":{"InstanceId":"i-1","Status":"Stopped","Orders":[
			{"OrderId":"1","Kind":"Purchase","Start":"2026-01-01T00:00:00Z","End":"2026-07-01T00:00:00Z","CashPaid":"1e100000000"}]}}`))
	fmt.Println(err)
	// Output:
	// scenario: instance.Orders[0].CashPaid: decimal is out of range (more than 30 digits or beyond 1e15)
}
