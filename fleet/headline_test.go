package fleet

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/respec-dev/respec/world"
	"github.com/shopspring/decimal"
)

type failer interface {
	Helper()
	Fatal(...any)
	Fatalf(string, ...any)
}

const headlineAccount = "1234567890123456"

// headlineWorld is 500 baseline instances (ecs.g6.xlarge) on one account: the even ones
// tagged tier=web and Running, the odd ones tier=batch and Stopped; a downgrade quota of 3 a
// month and 60 ModifyPrepayInstanceSpec requests a minute.
func headlineWorld(tb failer, balance decimal.Decimal) world.World {
	tb.Helper()
	fw := fuzz.Baseline()
	f := fw.Build()
	quota := 3
	acct := model.Account{AccountID: headlineAccount, Balance: balance}
	acct.Quotas.DowngradesPerMonth = &quota
	b := world.NewBuilder(fw.Now, f.Catalog, f.Policy, world.Limits{PerAPI: map[string]int{world.APIModifyPrepayInstanceSpec: 60}})
	b.AddAccount(world.AccountSpec{Account: acct})
	for i := range 500 {
		in := f.Instance
		in.InstanceID = fmt.Sprintf("i-bp1fleet%05d", i)
		if i%2 == 0 {
			in.Tags = []model.Tag{{TagKey: "tier", TagValue: "web"}}
		} else {
			in.Tags = []model.Tag{{TagKey: "tier", TagValue: "batch"}}
			in.Status = model.StatusStopped
		}
		b.AddInstance(headlineAccount, in)
	}
	w, err := b.Build()
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

// headlinePlan upgrades every web instance to ecs.g6.2xlarge and downgrades every batch
// instance to ecs.g6.large, two requests a second in all, alternating.
func headlinePlan() Plan {
	t0 := fuzz.BaseNow
	return Plan{Rules: []ResizeRule{
		{Name: "web up", Filter: Filter{Tags: []model.Tag{{TagKey: "tier", TagValue: "web"}}}, Targets: []string{fuzz.BaseUpgrade},
			Start: t0, Interval: model.Duration(time.Second), Params: map[string]string{"AutoPay": "true"}},
		{Name: "batch down", Filter: Filter{Tags: []model.Tag{{TagKey: "tier", TagValue: "batch"}}, Statuses: []model.Status{model.StatusStopped}},
			Targets: []string{fuzz.BaseDowngrade}, Start: t0.Add(500 * time.Millisecond), Interval: model.Duration(time.Second)},
	}}
}

// unitMoney is what one upgrade charges and one downgrade refunds on the baseline instance at
// the plan's start, by rules.Decide.
func unitMoney(tb failer) (charge, refund decimal.Decimal) {
	tb.Helper()
	p, err := fuzz.Decide(fuzz.Baseline(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	q, err := fuzz.Decide(fuzz.BaselineDowngrade(), nil)
	if err != nil {
		tb.Fatal(err)
	}
	return p.Charge.TradePrice, rules.ToBalance(q.Refund)
}

// TestHeadline500Instances: "what happens, and what does it cost, if we resize these 500
// instances today?" The 500 requests come two a second, so in each minute 60 pass the gateway
// and 60 are throttled: 240 throttled in all (120 of each tier), 130 upgrades and 130
// downgrades decided. The first 3 downgrades use the month's quota and 127 are refused for it;
// the balance, topped up by the 3 refunds, pays exactly 100 upgrades and the other 30 get an
// abnormal order. All 397 refusals are caused by the plan itself (the starting world would
// have accepted each of them), and the money adds up to the cent.
func TestHeadline500Instances(t *testing.T) {
	charge, refund := unitMoney(t)
	// A balance that, with the three refunds, covers 100.5 upgrades.
	balance := charge.Mul(decimal.NewFromInt(100)).Sub(refund.Mul(decimal.NewFromInt(3))).Add(charge.Div(decimal.NewFromInt(2))).Truncate(2)
	w := headlineWorld(t, balance)
	res, err := Run(w, headlinePlan())
	if err != nil {
		t.Fatal(err)
	}
	s := res.Summary
	if s.Requests != 500 || s.Sent != 500 {
		t.Fatalf("requests %d, sent %d", s.Requests, s.Sent)
	}
	want := map[string]int{"Throttling": 240, "InstanceDowngrade.QuotaExceed": 127, ClassAbnormal: 30, ClassAccepted: 103}
	if fmt.Sprint(s.Final) != fmt.Sprint(want) {
		t.Fatalf("final outcomes %v, want %v", s.Final, want)
	}
	byRule := map[string]int{}
	for _, o := range res.Outcomes {
		byRule[o.Rule+" "+o.Class()]++
		if o.Class() == ClassAccepted && o.Decision.Direction == model.Upgrade && !o.Charged.Equal(charge) {
			t.Fatalf("%s charged %s, one upgrade costs %s", o.InstanceID, o.Charged, charge)
		}
		if o.Class() == ClassAccepted && o.Decision.Direction == model.Downgrade && !o.RefundedToBalance.Equal(refund) {
			t.Fatalf("%s refunded %s, one downgrade refunds %s", o.InstanceID, o.RefundedToBalance, refund)
		}
	}
	wantRule := map[string]int{"web up Throttling": 120, "web up " + ClassAccepted: 100, "web up " + ClassAbnormal: 30,
		"batch down Throttling": 120, "batch down " + ClassAccepted: 3, "batch down InstanceDowngrade.QuotaExceed": 127}
	if fmt.Sprint(byRule) != fmt.Sprint(wantRule) {
		t.Fatalf("by rule %v, want %v", byRule, wantRule)
	}
	wantCaused := map[string]int{ReasonThrottle: 240, ReasonQuota: 127, ReasonBalance: 30}
	if fmt.Sprint(s.CausedByPlan) != fmt.Sprint(wantCaused) || len(s.Caused) != 397 {
		t.Fatalf("caused by the plan %v (%d listed), want %v", s.CausedByPlan, len(s.Caused), wantCaused)
	}
	// Exactly which: web instance k (i-bp1fleet of 2k) is sent at k s and batch instance k
	// (2k+1) at k+0.5 s, so each passes the gateway when k mod 60 < 30. Of the web ones that
	// pass, the first 100 are paid and the rest abnormal; of the batch ones, the first 3 use
	// the quota.
	wantBy := map[string][]string{}
	paidUp, downs := 0, 0
	for k := range 250 {
		web, batch := fmt.Sprintf("i-bp1fleet%05d", 2*k), fmt.Sprintf("i-bp1fleet%05d", 2*k+1)
		if k%60 >= 30 {
			wantBy[ReasonThrottle] = append(wantBy[ReasonThrottle], web, batch)
			continue
		}
		if paidUp++; paidUp > 100 {
			wantBy[ReasonBalance] = append(wantBy[ReasonBalance], web)
		}
		if downs++; downs > 3 {
			wantBy[ReasonQuota] = append(wantBy[ReasonQuota], batch)
		}
	}
	gotBy := map[string][]string{}
	for _, c := range s.Caused {
		gotBy[c.Reason] = append(gotBy[c.Reason], c.InstanceID)
	}
	if diff := cmp.Diff(wantBy, gotBy, cmpopts.SortSlices(func(a, b string) bool { return a < b })); diff != "" {
		t.Fatalf("the refusals the plan caused, by reason (-want +got):\n%s", diff)
	}
	if len(s.Accounts) != 1 {
		t.Fatalf("accounts %+v", s.Accounts)
	}
	a := s.Accounts[0]
	wantCharged := charge.Mul(decimal.NewFromInt(100))
	wantRefunded := refund.Mul(decimal.NewFromInt(3))
	if !a.BalanceBefore.Equal(balance) || !a.Charged.Equal(wantCharged) || !a.RefundedToBalance.Equal(wantRefunded) ||
		!a.BalanceAfter.Equal(balance.Sub(wantCharged).Add(wantRefunded)) || a.BalanceAfter.GreaterThanOrEqual(charge) || a.Currency != "CNY" {
		t.Fatalf("account %+v; want charged %s, refunded %s", a, wantCharged, wantRefunded)
	}
	if a.DowngradesUsed != 3 || a.DowngradeQuota == nil || *a.DowngradeQuota != 3 || a.DowngradesLeft == nil || *a.DowngradesLeft != 0 {
		t.Fatalf("quota: used %d of %v, left %v", a.DowngradesUsed, a.DowngradeQuota, a.DowngradesLeft)
	}
	// The 100 upgraded web instances run on and wait for a restart; the 3 downgraded batch
	// instances wait for their next start.
	if len(s.LeftStopped) != 0 || len(s.AwaitingRestart) != 103 {
		t.Fatalf("left stopped %d, awaiting a restart %d", len(s.LeftStopped), len(s.AwaitingRestart))
	}
	t.Logf("one upgrade %s, one downgrade refund %s; balance %s -> %s", charge, refund, a.BalanceBefore, a.BalanceAfter)
	for _, c := range s.Caused[:3] {
		t.Logf("caused: %+v", c)
	}
}
