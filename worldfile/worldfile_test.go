package worldfile_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/fleet"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/scenario"
	worldpkg "github.com/respec-dev/respec/world"
	"github.com/respec-dev/respec/worldfile"
)

const world = `{"now": "2026-09-14T02:30:00Z",
 "limits": {"PerApi": {"ModifyPrepayInstanceSpec": 60}},
 "accounts": [{"Account": {"AccountId": "1234", "Balance": "8000", "Quotas": {"DowngradesPerMonth": 3}},
  "RamUsers": [{"Name": "ops", "Permissions": ["ecs:ModifyPrepayInstanceSpec"]}],
  "Instances": [
   {"InstanceId": "i-1", "RegionId": "cn-hangzhou", "ZoneId": "cn-hangzhou-h", "Status": "Running", "InstanceChargeType": "PrePaid",
    "InstanceType": "ecs.g6.xlarge", "CreationTime": "2025-06-01T03:12:00Z", "ExpiredTime": "2027-06-01T16:00:00Z", "OSType": "linux"},
   {"InstanceId": "i-2", "RegionId": "cn-hangzhou", "ZoneId": "cn-hangzhou-h", "Status": "Stopped", "InstanceChargeType": "PrePaid",
    "InstanceType": "ecs.g6.xlarge", "CreationTime": "2025-06-01T03:12:00Z", "ExpiredTime": "2027-06-01T16:00:00Z", "OSType": "linux"}]}]}`

func ExampleDecodeWorld() {
	w, err := worldfile.DecodeWorld([]byte(world), catalog.Default())
	if err != nil {
		fmt.Println(err)
		return
	}
	in, owner, _ := w.Instance("i-2")
	fmt.Println(w.Now().Format(time.RFC3339), w.Len(), "instances;", in.InstanceID, in.Status, "owned by", owner)
	plan, err := worldfile.DecodePlan([]byte(`{"At": "2026-09-14T02:30:00Z", "Operation": "StartInstance", "InstanceId": "i-2"}
{"At": "2026-09-14T02:30:00Z", "Operation": "StartInstance", "InstanceId": "i-3"}`), w)
	fmt.Println(len(plan.Requests), err)
	// Output:
	// 2026-09-14T02:30:00Z 2 instances; i-2 Stopped owned by 1234
	// 0 plan: line 2: InstanceId: "i-3" is not an instance of the world
}

// TestPlanForms: a plan as JSON Lines and the same plan as a document are the same plan.
func TestPlanForms(t *testing.T) {
	w, err := worldfile.DecodeWorld([]byte(world), catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	lines := `{"At": "2026-09-14T02:30:00Z", "Operation": "StopInstance", "InstanceId": "i-1"}

{"At": "2026-09-14T02:30:01Z", "Operation": "ModifyPrepayInstanceSpec", "InstanceId": "i-1", "Targets": ["ecs.g6.2xlarge"], "Params": {"AutoPay": "true"}, "RamUser": "ops"}
`
	doc := `{"Requests": [` + strings.Join(strings.Fields(strings.ReplaceAll(strings.TrimSpace(lines), "\n\n", " ")), " ") + `]}`
	doc = strings.Replace(doc, `} {`, `}, {`, 1)
	a, err := worldfile.DecodePlan([]byte(lines), w)
	if err != nil {
		t.Fatal(err)
	}
	b, err := worldfile.DecodePlan([]byte(doc), w)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(a, b); d != "" || len(a.Requests) != 2 || a.Requests[1].RAMUser != "ops" {
		t.Fatalf("the two forms differ (-lines +document):\n%s", d)
	}
	pf, err := scenario.DecodePlan([]byte(lines))
	if err != nil || fmt.Sprint(pf.Lines) != "[1 3]" {
		t.Fatalf("lines %v, %v", pf.Lines, err)
	}
	// The instances have no orders: the change is refused, an outcome and not an error.
	res, err := fleet.Run(w, a)
	if err != nil || len(res.Outcomes) != 2 || res.Outcomes[0].Code != "" || res.Outcomes[1].Code != "InvalidInstance.PurchaseNotFound" {
		t.Fatalf("run: %v %+v", err, res.Outcomes)
	}
}

// TestWorldCaps: more instances than the world holds is refused before anything is built,
// and a file of garbage is refused at once.
func TestWorldCaps(t *testing.T) {
	doc := scenario.World{Now: time.Date(2026, 9, 14, 0, 0, 0, 0, time.UTC), Policy: model.PolicyCurrent(),
		Accounts: []scenario.WorldAccount{{Account: model.Account{AccountID: "a"}, Instances: make([]model.Instance, scenario.MaxWorldInstances)},
			{Account: model.Account{AccountID: "b"}, Instances: make([]model.Instance, 1)}}}
	_, err := worldfile.Build(&doc, catalog.Default())
	var fe *worldfile.Error
	if !errors.As(err, &fe) || fe.Error() != "world: accounts: 100001 instances in all, more than 100000" {
		t.Fatalf("got %v", err)
	}
	start := time.Now()
	_, err = worldfile.DecodeWorld([]byte(`{"now": "2026-09-14T00:00:00Z", "accounts": [`+strings.Repeat("[", 1<<20)), catalog.Default())
	if !errors.As(err, &fe) || fe.Path != "accounts[0]" || time.Since(start) > time.Second {
		t.Fatalf("got %v after %v", err, time.Since(start))
	}
}

// withKeys is the test world with the accounts' AccessKeys given by keys (a JSON object), and
// a second account "5678" with keys2.
func withKeys(keys, keys2 string) []byte {
	doc := strings.Replace(world, `"RamUsers":`, `"AccessKeys": `+keys+`, "RamUsers":`, 1)
	second := `{"Account": {"AccountId": "5678"}, "RamUsers": [{"Name": "dev"}], "AccessKeys": ` + keys2 + `}`
	return []byte(strings.TrimSuffix(doc, "]}") + ", " + second + "]}")
}

// TestAccessKeys: the accounts' AccessKeys name the callers of respec serve; every broken
// mapping names its path.
func TestAccessKeys(t *testing.T) {
	_, keys, err := worldfile.DecodeServed(withKeys(`{"AK-OWNER": "", "AK-OPS": "ops"}`, `{"*": "dev"}`), catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]worldpkg.Caller{
		"AK-OWNER": {AccountID: "1234"}, "AK-OPS": {AccountID: "1234", RAMUser: "ops"},
		worldfile.AnyKey: {AccountID: "5678", RAMUser: "dev"},
	}
	if d := cmp.Diff(want, keys); d != "" {
		t.Errorf("callers (-want +got):\n%s", d)
	}
	for _, tc := range []struct{ keys, keys2, want string }{
		{`{"AK": "nobody"}`, `{}`, `world: accounts[0].AccessKeys["AK"]: "nobody" is not one of the account's RamUsers`},
		{`{"AK": "ops"}`, `{"AK": ""}`, `world: accounts[1].AccessKeys["AK"]: the AccessKeyId is also given in accounts[0]`},
		{`{"": ""}`, `{}`, `world: accounts[0].AccessKeys: an AccessKeyId is empty`},
		{`{"AK": 1}`, `{}`, `world: accounts[0].AccessKeys["AK"]: `},
	} {
		_, _, err := worldfile.DecodeServed(withKeys(tc.keys, tc.keys2), catalog.Default())
		if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("%s %s: %v, want %s", tc.keys, tc.keys2, err, tc.want)
		}
	}
}

// TestCallersWithoutKeys: a file without AccessKeys is served to any AccessKeyId as its one
// account, or with several accounts each AccountId as its own.
func TestCallersWithoutKeys(t *testing.T) {
	one := scenario.World{Accounts: []scenario.WorldAccount{{Account: model.Account{AccountID: "1234"}}}}
	if d := cmp.Diff(map[string]worldpkg.Caller{"*": {AccountID: "1234"}}, worldfile.Callers(&one)); d != "" {
		t.Errorf("one account (-want +got):\n%s", d)
	}
	two := scenario.World{Accounts: append(one.Accounts, scenario.WorldAccount{Account: model.Account{AccountID: "5678"}})}
	if d := cmp.Diff(map[string]worldpkg.Caller{"1234": {AccountID: "1234"}, "5678": {AccountID: "5678"}}, worldfile.Callers(&two)); d != "" {
		t.Errorf("two accounts (-want +got):\n%s", d)
	}
}
