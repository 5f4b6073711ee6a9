// Command fleet500 writes the headline example of the fleet dry-run: world.json, 500
// subscription instances of ecs.g6.xlarge on one account in cn-hangzhou (the even ones
// tagged tier=web and Running, the odd ones tier=batch and Stopped), a downgrade quota of 3 a
// month, 60 ModifyPrepayInstanceSpec requests a minute, and a balance that, with the three
// refunds, pays 100.5 upgrades; and plan.json, resizing all of them: every web instance up to
// ecs.g6.2xlarge and every batch instance down to ecs.g6.large, two requests a second.
//
// Run it from the repository root to rewrite the files ("go run ./examples/fleet500"); the
// output is the same every time. TestSimulateHeadline (cmd/respec) holds what respec
// simulate answers on them.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/fleet"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/world"
)

const (
	account  = "1234567890123456"
	from     = "ecs.g6.xlarge"
	up       = "ecs.g6.2xlarge"
	down     = "ecs.g6.large"
	region   = "cn-hangzhou"
	zone     = "cn-hangzhou-h"
	quota    = 3
	perMin   = 60
	count    = 500
	planFile = "plan.json"
)

var (
	now     = time.Date(2026, 9, 14, 2, 30, 0, 0, time.UTC)
	created = time.Date(2025, 6, 1, 3, 12, 0, 0, time.UTC)
	expires = time.Date(2027, 6, 1, 16, 0, 0, 0, time.UTC)
)

func instance(i int) model.Instance {
	id := fmt.Sprintf("i-bp1fleet%05d", i)
	in := model.Instance{
		InstanceID: id, RegionID: region, ZoneID: zone, Status: model.StatusRunning,
		ChargeType: model.ChargePrePaid, InstanceType: from, OSType: model.OSLinux, NetworkType: model.NetworkVPC,
		CreationTime: created, ExpiredTime: expires,
		Image:      model.Image{ImageID: "aliyun_3_x64_20G_alibase_20260101.vhd"},
		SystemDisk: &model.Disk{DiskID: fmt.Sprintf("d-bp1fleet%05d", i), Category: model.DiskCloudESSD, SizeGiB: 40},
		Tags:       []model.Tag{{TagKey: "tier", TagValue: "web"}},
		Orders: []model.Order{{OrderID: fmt.Sprintf("2123456789%05d", i), Kind: model.OrderPurchase, InstanceType: from,
			Start: created, End: expires, ListPrice: decimal.RequireFromString("12096"), CashPaid: decimal.RequireFromString("10281.60"),
			Discount: decimal.RequireFromString("0.85"), PaymentMethod: model.PayBalance, PaidAt: created}},
	}
	if i%2 == 1 {
		in.Tags = []model.Tag{{TagKey: "tier", TagValue: "batch"}}
		in.Status = model.StatusStopped
	}
	return in
}

// unitMoney is what one upgrade charges and one downgrade refunds, on a world of one instance.
func unitMoney() (charge, refund decimal.Decimal) {
	for _, i := range []int{0, 1} {
		b := world.NewBuilder(now, catalog.Default(), model.PolicyCurrent(), world.Limits{})
		b.AddAccount(world.AccountSpec{Account: model.Account{AccountID: account, Balance: decimal.RequireFromString("1000000")}})
		b.AddInstance(account, instance(i))
		w, err := b.Build()
		if err != nil {
			panic(err)
		}
		target := up
		if i == 1 {
			target = down
		}
		res, err := fleet.Run(w, fleet.Plan{Requests: []fleet.Request{{At: now, Operation: fleet.OpModify, InstanceID: instance(i).InstanceID, Targets: []string{target}}}})
		if err != nil || res.Outcomes[0].Code != "" {
			panic(fmt.Sprint(err, res.Outcomes))
		}
		charge, refund = charge.Add(res.Outcomes[0].Charged), refund.Add(res.Outcomes[0].RefundedToBalance)
	}
	return charge, refund
}

func main() {
	if err := generate("examples/fleet500"); err != nil {
		fmt.Fprintln(os.Stderr, "fleet500:", err)
		os.Exit(1)
	}
}

// generate writes world.json and plan.json into dir.
func generate(dir string) error {
	charge, refund := unitMoney()
	balance := charge.Mul(decimal.NewFromInt(100)).Sub(refund.Mul(decimal.NewFromInt(quota))).Add(charge.Div(decimal.NewFromInt(2))).Truncate(2)
	instances := make([]model.Instance, count)
	for i := range instances {
		instances[i] = instance(i)
	}
	q := quota
	acct := model.Account{AccountID: account, Balance: balance}
	acct.Quotas.DowngradesPerMonth = &q
	worldDoc := struct {
		Description string    `json:"description"`
		Now         time.Time `json:"now"`
		Policy      string    `json:"policy"`
		Limits      any       `json:"limits"`
		Accounts    []any     `json:"accounts"`
	}{
		Description: fmt.Sprintf("500 subscription instances on one account: 250 Running tier=web, 250 Stopped tier=batch; %d downgrades a month, %d ModifyPrepayInstanceSpec a minute; the balance pays 100.5 upgrades of %s with the 3 refunds of %s (written by go run ./examples/fleet500)", quota, perMin, charge.StringFixed(2), refund.StringFixed(2)),
		Now:         now,
		Policy:      model.PresetCurrent,
		Limits:      map[string]any{"PerApi": map[string]int{world.APIModifyPrepayInstanceSpec: perMin}},
		Accounts:    []any{map[string]any{"Account": compactAccount(acct), "Instances": instances}},
	}
	planDoc := fleet.Plan{Rules: []fleet.ResizeRule{
		{Name: "web up", Filter: fleet.Filter{Tags: []model.Tag{{TagKey: "tier", TagValue: "web"}}}, Targets: []string{up},
			Start: now, Interval: model.Duration(time.Second), Params: map[string]string{"AutoPay": "true"}},
		{Name: "batch down", Filter: fleet.Filter{Tags: []model.Tag{{TagKey: "tier", TagValue: "batch"}}, Statuses: []model.Status{model.StatusStopped}},
			Targets: []string{down}, Start: now.Add(500 * time.Millisecond), Interval: model.Duration(time.Second)},
	}}
	if err := write(dir, "world.json", worldDoc); err != nil {
		return err
	}
	return write(dir, planFile, planDoc)
}

// compactAccount is the account with only the fields it sets.
func compactAccount(a model.Account) map[string]any {
	return map[string]any{"AccountId": a.AccountID, "Balance": a.Balance.StringFixed(2), "Quotas": map[string]any{"DowngradesPerMonth": *a.Quotas.DowngradesPerMonth}}
}

func write(dir, name string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644)
}
