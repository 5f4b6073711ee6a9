package world

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

var t0 = fuzz.BaseNow // 2026-11-25T12:00:00Z

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func accountID(a int) string { return fmt.Sprintf("10000000000000%02d", a) }

func instanceID(a, i int) string { return fmt.Sprintf("i-bp1w%02dx%05d", a, i) }

// testWorld builds accounts × perAccount baseline instances (Running ecs.g6.xlarge, a year
// bought), each account holding balance.
func testWorld(tb failer, accounts, perAccount int, balance string, lim Limits) World {
	return testWorldQuota(tb, accounts, perAccount, balance, lim, nil)
}

// testWorldQuota is testWorld with each account's monthly downgrade quota set to *quota (nil:
// the policy's default).
func testWorldQuota(tb failer, accounts, perAccount int, balance string, lim Limits, quota *int) World {
	tb.Helper()
	cat, err := model.NewCatalog(fuzz.BaseCatalog())
	if err != nil {
		tb.Fatal(err)
	}
	b := NewBuilder(t0, cat, model.PolicyCurrent(), lim)
	base := fuzz.Baseline().Facts.Instance
	for a := range accounts {
		b.AddAccount(AccountSpec{Account: model.Account{AccountID: accountID(a), Balance: dec(balance), Quotas: model.Quotas{DowngradesPerMonth: quota}},
			RAMUsers: []model.RAMUser{{Name: "ops", Permissions: []string{model.PermModify}}, {Name: "viewer"}}})
		for i := range perAccount {
			in := base
			in.InstanceID = instanceID(a, i)
			b.AddInstance(accountID(a), in)
		}
	}
	w, err := b.Build()
	if err != nil {
		tb.Fatal(err)
	}
	return w
}

func caller(a int) Caller { return Caller{AccountID: accountID(a)} }

func modify(a, i int, typ string, extra ...string) ModifyInput {
	p := map[string]string{"InstanceId": instanceID(a, i), "RegionId": fuzz.BaseRegion, "InstanceType": typ}
	for k := 0; k+1 < len(extra); k += 2 {
		p[extra[k]] = extra[k+1]
	}
	return ModifyInput{Caller: caller(a), Params: p}
}

func inst(a, i int) InstanceInput {
	return InstanceInput{Caller: caller(a), RegionID: fuzz.BaseRegion, InstanceID: instanceID(a, i)}
}

// run returns a function that takes an operation's results and fails the test on misuse.
func run(tb failer) func(World, Outcome, error) (World, Outcome) {
	return func(w World, o Outcome, err error) (World, Outcome) {
		tb.Helper()
		if err != nil {
			tb.Fatal(err)
		}
		return w, o
	}
}

func wantCode(tb failer, o Outcome, code string) {
	tb.Helper()
	if got := o.Code(); got != code {
		tb.Fatalf("%s %s: code %q, want %q (%v)", o.Operation, o.InstanceID, got, code, o.Err)
	}
}

// snapshot writes everything a world holds, stored values as they are (not settled), so that
// a change to any of them, through any shared slice or pointer, shows.
func snapshot(tb failer, w World) string {
	tb.Helper()
	type acc struct {
		Account                  model.Account
		Users                    map[string]*model.RAMUser
		Start, Charged, Refunded decimal.Decimal
		Epoch                    int64
		Cur, Prev                map[string]model.Record
		Throttle                 map[string][2]int64
	}
	type inst struct {
		Owner    string
		Instance model.Instance
	}
	var dump struct {
		Now       time.Time
		Policy    model.Policy
		Limits    Limits
		Accounts  map[string]acc
		Instances map[string]inst
	}
	dump.Now, dump.Policy, dump.Limits = w.now, w.policy, w.limits
	dump.Accounts, dump.Instances = map[string]acc{}, map[string]inst{}
	toMap := func(m pmap[model.Record]) map[string]model.Record {
		out := map[string]model.Record{}
		m.each(func(k string, v model.Record) bool { out[k] = v; return true })
		return out
	}
	w.accounts.each(func(k string, a *account) bool {
		th := map[string][2]int64{}
		for _, c := range a.throttle {
			th[c.key.api+"\x00"+c.key.region] = [2]int64{c.minute, int64(c.count)}
		}
		dump.Accounts[k] = acc{a.acct, a.users, a.start, a.charged, a.refunded, a.tokens.epoch, toMap(a.tokens.cur), toMap(a.tokens.prev), th}
		return true
	})
	w.instances.each(func(k string, s *instance) bool { dump.Instances[k] = inst{s.owner, s.in}; return true })
	b, err := json.Marshal(dump)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestUpgradeChargesCompletesAndBlocksMeanwhile(t *testing.T) {
	w := testWorld(t, 1, 2, "10000", Limits{})
	before := snapshot(t, w)
	w1, o := run(t)(w.ModifyPrepayInstanceSpec(t0, modify(0, 0, fuzz.BaseUpgrade)))
	wantCode(t, o, "")
	if diff := cmp.Diff(before, snapshot(t, w)); diff != "" {
		t.Fatalf("input world changed:\n%s", diff)
	}
	if o.Plan.Charge == nil || o.Plan.Charge.OrderStatus != rules.OrderPaid || !o.Charged.Equal(o.Plan.Charge.TradePrice) || !o.Charged.IsPositive() {
		t.Fatalf("charge: %+v, outcome charged %s", o.Plan.Charge, o.Charged)
	}
	if want := dec("10000").Sub(o.Charged); !o.BalanceAfter.Equal(want) {
		t.Fatalf("balance after %s, want %s", o.BalanceAfter, want)
	}
	in, owner, _ := w1.Instance(instanceID(0, 0))
	if owner != accountID(0) || in.PendingInstanceType != fuzz.BaseUpgrade || in.InstanceType != fuzz.BaseType {
		t.Fatalf("after upgrade: owner %s type %s pending %s", owner, in.InstanceType, in.PendingInstanceType)
	}
	// Within the completion window (the policy's CompletionTime, 10 s): LastOrderProcessing.
	_, o2 := run(t)(w1.ModifyPrepayInstanceSpec(t0.Add(9*time.Second), modify(0, 0, fuzz.BaseDowngrade)))
	wantCode(t, o2, "LastOrderProcessing")
	if r := o2.Err.(*Refusal); r.Rule != "order.in-progress" || r.Evidence == "" || !errors.Is(o2.Err, errcodes.LastOrderProcessing) {
		t.Fatalf("refusal: %+v", r)
	}
	// The other instance of the account is not blocked, and it sees the balance after the first.
	_, o3 := run(t)(w1.ModifyPrepayInstanceSpec(t0.Add(9*time.Second), modify(0, 1, fuzz.BaseUpgrade)))
	wantCode(t, o3, "")
	if !o3.Plan.Charge.BalanceBefore.Equal(o.BalanceAfter) {
		t.Fatalf("second upgrade saw balance %s, want %s", o3.Plan.Charge.BalanceBefore, o.BalanceAfter)
	}
	// At completion the order no longer blocks (the instance is Running: a change back is an
	// upgrade-free downgrade refused for status, not for the order).
	w4, err := w1.Advance(t0.Add(10 * time.Second))
	if err != nil {
		t.Fatal(err)
	}
	in4, _, _ := w4.Instance(instanceID(0, 0))
	if in4.OrderInProgress != nil {
		t.Fatalf("order still in progress at completion: %+v", in4.OrderInProgress)
	}
	_, o4 := run(t)(w4.ModifyPrepayInstanceSpec(w4.Now(), modify(0, 0, fuzz.BaseDowngrade)))
	wantCode(t, o4, "InvalidStatus.NotStopped")
	// A restart through the API applies the pending type.
	w5, o5 := run(t)(w4.RebootInstance(w4.Now(), inst(0, 0)))
	wantCode(t, o5, "")
	in5, _, _ := w5.Instance(instanceID(0, 0))
	if in5.InstanceType != fuzz.BaseUpgrade || in5.PendingInstanceType != "" {
		t.Fatalf("after reboot: type %s pending %q", in5.InstanceType, in5.PendingInstanceType)
	}
}

func TestDowngradeQuotaIsPerAccountAcrossInstancesAndResetsOnTheFirst(t *testing.T) {
	three := 3 // the account states its quota: none applies otherwise
	w := testWorldQuota(t, 2, 5, "10000", Limits{}, &three)
	now := t0
	for i := range 5 {
		w, _ = run(t)(w.StopInstance(now, inst(0, i)))
	}
	w, _ = run(t)(w.StopInstance(now, inst(1, 0)))
	var refunded decimal.Decimal
	for i := range 5 {
		now = now.Add(time.Minute)
		var o Outcome
		w, o = run(t)(w.ModifyPrepayInstanceSpec(now, modify(0, i, fuzz.BaseDowngrade)))
		if i < 3 {
			wantCode(t, o, "")
			if !o.RefundedToBalance.IsPositive() {
				t.Fatalf("downgrade %d refunded %s", i, o.RefundedToBalance)
			}
			refunded = refunded.Add(o.RefundedToBalance)
		} else {
			wantCode(t, o, "InstanceDowngrade.QuotaExceed")
		}
	}
	st, _ := w.Account(accountID(0))
	if !st.Account.Balance.Equal(dec("10000").Add(refunded)) || !st.Refunded.Equal(refunded) || len(st.Account.Quotas.Downgrades) != 3 {
		t.Fatalf("account: balance %s refunded %s downgrades %d", st.Account.Balance, st.Refunded, len(st.Account.Quotas.Downgrades))
	}
	// Another account has its own quota.
	_, o := run(t)(w.ModifyPrepayInstanceSpec(now, modify(1, 0, fuzz.BaseDowngrade)))
	wantCode(t, o, "")
	// December 1st, 00:00 in UTC+8 is November 30th, 16:00 UTC: the quota is back.
	_, o = run(t)(w.ModifyPrepayInstanceSpec(time.Date(2026, 11, 30, 15, 59, 0, 0, time.UTC), modify(0, 3, fuzz.BaseDowngrade)))
	wantCode(t, o, "InstanceDowngrade.QuotaExceed")
	w2, o := run(t)(w.ModifyPrepayInstanceSpec(time.Date(2026, 11, 30, 16, 0, 0, 0, time.UTC), modify(0, 3, fuzz.BaseDowngrade)))
	wantCode(t, o, "")
	if st, _ := w2.Account(accountID(0)); len(st.Account.Quotas.Downgrades) != 1 {
		t.Fatalf("downgrades recorded in the new month: %d", len(st.Account.Quotas.Downgrades))
	}
}

func TestThrottleCountsRefusedRequestsAndRollsOver(t *testing.T) {
	w := testWorld(t, 1, 3, "10000", Limits{PerAPI: map[string]int{APIModifyPrepayInstanceSpec: 2}})
	now := t0.Add(5 * time.Second)
	// A refused request (unknown instance) counts.
	w, o := run(t)(w.ModifyPrepayInstanceSpec(now, modify(0, 99, fuzz.BaseUpgrade)))
	wantCode(t, o, "InvalidInstanceId.NotFound")
	w, o = run(t)(w.ModifyPrepayInstanceSpec(now, modify(0, 0, fuzz.BaseUpgrade)))
	wantCode(t, o, "")
	w, o = run(t)(w.ModifyPrepayInstanceSpec(now.Add(30*time.Second), modify(0, 1, fuzz.BaseUpgrade)))
	wantCode(t, o, "Throttling")
	if r := o.Err.(*Refusal); r.Rule != "gateway.throttle-api" || r.HTTPStatus != 400 {
		t.Fatalf("throttle refusal %+v", r)
	}
	if api, acct := w.Requests(accountID(0), APIModifyPrepayInstanceSpec, fuzz.BaseRegion); api != 3 || acct != 3 {
		t.Fatalf("counts %d %d, want 3 3", api, acct)
	}
	// Other APIs have their own counter.
	w, o = run(t)(w.StopInstance(now.Add(31*time.Second), inst(0, 2)))
	wantCode(t, o, "")
	// The next minute is a new window.
	next := now.Truncate(time.Minute).Add(time.Minute)
	w, o = run(t)(w.ModifyPrepayInstanceSpec(next, modify(0, 1, fuzz.BaseUpgrade)))
	wantCode(t, o, "")
	if api, acct := w.Requests(accountID(0), APIModifyPrepayInstanceSpec, fuzz.BaseRegion); api != 1 || acct != 1 {
		t.Fatalf("counts in the next minute %d %d, want 1 1", api, acct)
	}
}

func TestAccountThrottleSpansAPIs(t *testing.T) {
	w := testWorld(t, 1, 2, "10000", Limits{PerAccount: 2})
	w, o := run(t)(w.StopInstance(t0, inst(0, 0)))
	wantCode(t, o, "")
	w, o = run(t)(w.StartInstance(t0, inst(0, 0)))
	wantCode(t, o, "")
	_, o = run(t)(w.ModifyPrepayInstanceSpec(t0, modify(0, 1, fuzz.BaseUpgrade)))
	wantCode(t, o, "Throttling")
	if r := o.Err.(*Refusal); r.HTTPStatus != 403 || r.Rule != "gateway.throttle-account" {
		t.Fatalf("refusal %+v", r)
	}
}

func TestClientTokenReplaysUntilRetention(t *testing.T) {
	w := testWorld(t, 1, 1, "10000", Limits{})
	req := modify(0, 0, fuzz.BaseUpgrade, "ClientToken", "tok-1")
	w1, o1 := run(t)(w.ModifyPrepayInstanceSpec(t0, req))
	wantCode(t, o1, "")
	w2, o2 := run(t)(w1.ModifyPrepayInstanceSpec(t0.Add(time.Hour), req))
	wantCode(t, o2, "")
	if !o2.Plan.Replayed || o2.OrderID != o1.OrderID || !o2.BalanceAfter.Equal(o1.BalanceAfter) || !o2.Charged.IsZero() {
		t.Fatalf("replay: replayed %v order %s/%s balance %s/%s charged %s", o2.Plan.Replayed, o2.OrderID, o1.OrderID, o2.BalanceAfter, o1.BalanceAfter, o2.Charged)
	}
	// Same token, other parameters.
	_, o3 := run(t)(w2.ModifyPrepayInstanceSpec(t0.Add(time.Hour), modify(0, 0, "ecs.g7.2xlarge", "ClientToken", "tok-1")))
	wantCode(t, o3, "IdempotenceParamNotMatch")
	// After the retention (the policy's TokenTTL, 24 h) the token is forgotten.
	ttl := w.Policy().TokenTTL.D()
	if _, ok := w2.Token(accountID(0), "tok-1"); !ok {
		t.Fatal("token not remembered")
	}
	w4, _ := w2.Advance(t0.Add(ttl))
	if _, ok := w4.Token(accountID(0), "tok-1"); ok {
		t.Fatal("token remembered after the retention")
	}
	_, o4 := run(t)(w4.ModifyPrepayInstanceSpec(w4.Now(), req))
	if o4.Plan != nil && o4.Plan.Replayed {
		t.Fatal("replayed after the retention")
	}
}

func TestTemporaryUpgradeRevertsAndExpiryStops(t *testing.T) {
	w := testWorld(t, 1, 1, "10000", Limits{})
	end := t0.Add(48 * time.Hour).Truncate(time.Minute)
	w, o := run(t)(w.ModifyPrepayInstanceSpec(t0, modify(0, 0, fuzz.BaseUpgrade, "EndTime", end.Format("2006-01-02T15:04Z"), "RebootWhenFinished", "true")))
	wantCode(t, o, "")
	in, _, _ := w.Instance(instanceID(0, 0))
	if in.InstanceType != fuzz.BaseUpgrade || in.TemporaryUpgrade == nil {
		t.Fatalf("temporary upgrade not in force: %s %+v", in.InstanceType, in.TemporaryUpgrade)
	}
	_, o = run(t)(w.ModifyPrepayInstanceSpec(t0.Add(time.Hour), modify(0, 0, "ecs.g6.large")))
	wantCode(t, o, "InvalidAction.WithActiveElasticUpgrade")
	w, _ = w.Advance(end)
	in, _, _ = w.Instance(instanceID(0, 0))
	if in.InstanceType != fuzz.BaseType || in.TemporaryUpgrade != nil {
		t.Fatalf("at EndTime: %s %+v", in.InstanceType, in.TemporaryUpgrade)
	}
	w, _ = w.Advance(in.ExpiredTime)
	in, _, _ = w.Instance(instanceID(0, 0))
	if in.Status != model.StatusStopped {
		t.Fatalf("expired instance is %s", in.Status)
	}
	_, o = run(t)(w.StartInstance(w.Now(), inst(0, 0)))
	wantCode(t, o, "IncorrectInstanceStatus")
	w, o = run(t)(w.RenewInstance(w.Now(), RenewInput{Caller: caller(0), RegionID: fuzz.BaseRegion, InstanceID: instanceID(0, 0), Months: 1}))
	wantCode(t, o, "")
	if !o.Charged.Equal(dec("600")) {
		t.Fatalf("renewal of a month of ecs.g6.xlarge charged %s, want 600", o.Charged)
	}
	_, o = run(t)(w.StartInstance(w.Now(), inst(0, 0)))
	wantCode(t, o, "")
}

func TestUnpaidAndAbnormalOrders(t *testing.T) {
	w := testWorld(t, 1, 2, "100", Limits{})
	w, o := run(t)(w.ModifyPrepayInstanceSpec(t0, modify(0, 0, fuzz.BaseUpgrade, "AutoPay", "false")))
	wantCode(t, o, "")
	unpaid := o.OrderID
	w, o = run(t)(w.ModifyPrepayInstanceSpec(t0, modify(0, 1, fuzz.BaseUpgrade)))
	wantCode(t, o, "")
	if o.Plan.Charge.OrderStatus != rules.OrderAbnormal || !o.Charged.IsZero() || !o.BalanceAfter.Equal(dec("100")) {
		t.Fatalf("abnormal: %s charged %s balance %s", o.Plan.Charge.OrderStatus, o.Charged, o.BalanceAfter)
	}
	abnormal := o.OrderID
	later := t0.Add(time.Minute)
	_, o = run(t)(w.PayOrder(later, OrderInput{Caller: caller(0), InstanceID: instanceID(0, 1), OrderID: abnormal}))
	wantCode(t, o, CodeOrderAbnormal)
	_, o = run(t)(w.PayOrder(later, OrderInput{Caller: caller(0), InstanceID: instanceID(0, 0), OrderID: unpaid}))
	wantCode(t, o, CodeNotEnoughBalance)
	_, o = run(t)(w.ModifyPrepayInstanceSpec(later, modify(0, 1, fuzz.BaseUpgrade)))
	wantCode(t, o, "InvalidInstance.UnpaidOrder")
	w, o = run(t)(w.CancelOrder(later, OrderInput{Caller: caller(0), InstanceID: instanceID(0, 1), OrderID: abnormal}))
	wantCode(t, o, "")
	if in, _, _ := w.Instance(instanceID(0, 1)); len(in.UnpaidOrders) != 0 {
		t.Fatalf("unpaid orders after cancel: %+v", in.UnpaidOrders)
	}
	_, o = run(t)(w.CancelOrder(later, OrderInput{Caller: caller(0), InstanceID: instanceID(0, 1), OrderID: abnormal}))
	wantCode(t, o, CodeOrderNotFound)
}

func TestPayOrderMakesTheTypePending(t *testing.T) {
	w := testWorld(t, 1, 1, "10000", Limits{})
	w, o := run(t)(w.ModifyPrepayInstanceSpec(t0, modify(0, 0, fuzz.BaseUpgrade, "AutoPay", "false")))
	wantCode(t, o, "")
	amount := o.Plan.Charge.TradePrice
	w, o = run(t)(w.PayOrder(t0.Add(time.Minute), OrderInput{Caller: caller(0), InstanceID: instanceID(0, 0), OrderID: o.OrderID}))
	wantCode(t, o, "")
	if !o.Charged.Equal(amount) || !o.BalanceAfter.Equal(dec("10000").Sub(amount)) {
		t.Fatalf("paid %s balance %s, want %s", o.Charged, o.BalanceAfter, amount)
	}
	in, _, _ := w.Instance(instanceID(0, 0))
	if in.PendingInstanceType != fuzz.BaseUpgrade || len(in.UnpaidOrders) != 0 {
		t.Fatalf("after payment: pending %q unpaid %d", in.PendingInstanceType, len(in.UnpaidOrders))
	}
	st, _ := w.Account(accountID(0))
	if !st.Charged.Equal(amount) {
		t.Fatalf("account charged %s", st.Charged)
	}
}

func TestCallerAndMisuse(t *testing.T) {
	w := testWorld(t, 2, 1, "10000", Limits{})
	// Another account's instance is not found.
	_, o := run(t)(w.ModifyPrepayInstanceSpec(t0, ModifyInput{Caller: caller(1), Params: modify(0, 0, fuzz.BaseUpgrade).Params}))
	wantCode(t, o, "InvalidInstanceId.NotFound")
	// A RAM user without the permission is denied; one with it is not.
	in := modify(0, 0, fuzz.BaseUpgrade)
	in.Caller.RAMUser = "viewer"
	_, o = run(t)(w.ModifyPrepayInstanceSpec(t0, in))
	wantCode(t, o, "Forbidden.RAM")
	in.Caller.RAMUser = "ops"
	_, o = run(t)(w.ModifyPrepayInstanceSpec(t0, in))
	wantCode(t, o, "")
	in.Caller.RAMUser = "nobody"
	if _, _, err := w.ModifyPrepayInstanceSpec(t0, in); !errors.Is(err, ErrUnknownRAMUser) {
		t.Fatalf("unknown RAM user: %v", err)
	}
	if _, _, err := w.ModifyPrepayInstanceSpec(t0, ModifyInput{Caller: Caller{AccountID: "x"}}); !errors.Is(err, ErrUnknownAccount) {
		t.Fatalf("unknown account: %v", err)
	}
	if _, _, err := w.StartInstance(t0.Add(-time.Second), inst(0, 0)); !errors.Is(err, ErrTimeBackwards) {
		t.Fatalf("time backwards: %v", err)
	}
	// A request that does not parse is refused with its parameter error.
	_, o = run(t)(w.ModifyPrepayInstanceSpec(t0, ModifyInput{Caller: caller(0), Params: map[string]string{"RegionId": fuzz.BaseRegion}}))
	wantCode(t, o, "MissingParameter")
}

func TestBuilderRefusesInconsistentWorlds(t *testing.T) {
	cat, _ := model.NewCatalog(fuzz.BaseCatalog())
	base := fuzz.Baseline().Facts.Instance
	b := NewBuilder(t0, cat, model.PolicyCurrent(), Limits{})
	b.AddAccount(AccountSpec{Account: model.Account{AccountID: "a", Balance: dec("1")}})
	b.AddAccount(AccountSpec{Account: model.Account{AccountID: "a", Balance: dec("1")}})
	b.AddInstance("nobody", base)
	b.AddInstance("a", base)
	b.AddInstance("a", base)
	_, err := b.Build()
	if !errors.Is(err, ErrInvalidWorld) {
		t.Fatalf("err %v", err)
	}
	for _, want := range []string{"account a is given twice", `owner "nobody"`, "instance " + base.InstanceID + " is given twice"} {
		if !contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}

func TestPmap(t *testing.T) {
	var m pmap[int]
	olds := []pmap[int]{}
	for i := range 5000 {
		olds = append(olds, m)
		m = m.set(fmt.Sprint("k", i), i)
	}
	m = m.set("k7", -7)
	if m.len() != 5000 {
		t.Fatalf("len %d", m.len())
	}
	for i := range 5000 {
		v, ok := m.get(fmt.Sprint("k", i))
		want := i
		if i == 7 {
			want = -7
		}
		if !ok || v != want {
			t.Fatalf("k%d: %d %v", i, v, ok)
		}
	}
	// Old versions are intact.
	for n, old := range olds {
		if old.len() != n {
			t.Fatalf("version %d has %d keys", n, old.len())
		}
		if _, ok := old.get(fmt.Sprint("k", n)); ok {
			t.Fatalf("version %d sees a later key", n)
		}
		if n > 7 {
			if v, _ := old.get("k7"); v != 7 {
				t.Fatalf("version %d: k7 = %d", n, v)
			}
		}
	}
	seen := 0
	m.each(func(string, int) bool { seen++; return true })
	if seen != 5000 {
		t.Fatalf("each saw %d", seen)
	}
}

// failer is what the helpers need of a *testing.T, *testing.B or *rapid.T.
type failer interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

// TestAccountStateRoundTrips: what Account reports (tokens, request counts) builds the same
// account again, so a world can be written out and read back.
func TestAccountStateRoundTrips(t *testing.T) {
	w := testWorld(t, 1, 2, "10000", Limits{PerAPI: map[string]int{APIModifyPrepayInstanceSpec: 5}})
	w, _ = run(t)(w.ModifyPrepayInstanceSpec(t0, modify(0, 0, fuzz.BaseUpgrade, "ClientToken", "a")))
	w, _ = run(t)(w.ModifyPrepayInstanceSpec(t0.Add(time.Second), modify(0, 0, fuzz.BaseUpgrade, "ClientToken", "a")))
	w, _ = run(t)(w.StopInstance(t0.Add(2*time.Second), inst(0, 1)))
	st, _ := w.Account(accountID(0))
	want := []RequestCount{{"", fuzz.BaseRegion, 3}, {APIModifyPrepayInstanceSpec, fuzz.BaseRegion, 2}, {APIStopInstance, fuzz.BaseRegion, 1}}
	if diff := cmp.Diff(want, st.Requests); diff != "" {
		t.Fatalf("requests:\n%s", diff)
	}
	if len(st.Tokens) != 1 || st.Tokens["a"].OrderID == "" {
		t.Fatalf("tokens %+v", st.Tokens)
	}
	b := NewBuilder(w.Now(), w.Catalog(), w.Policy(), w.Limits())
	b.AddAccount(AccountSpec{Account: st.Account, RAMUsers: st.RAMUsers, Tokens: st.Tokens, Requests: st.Requests})
	for _, id := range w.InstanceIDs() {
		in, owner, _ := w.Instance(id)
		b.AddInstance(owner, in)
	}
	w2, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	st2, _ := w2.Account(accountID(0))
	st.StartBalance, st.Charged, st.Refunded = st2.StartBalance, st2.Charged, st2.Refunded // the books start again
	if diff := cmp.Diff(st, st2, decimalEqual); diff != "" {
		t.Fatalf("account differs after the round trip:\n%s", diff)
	}
	// The rebuilt world answers the next requests as the original does.
	for _, o := range benchPlan(w.Now(), 1, 2, 200) {
		var o1, o2 Outcome
		w, o1 = run(t)(o.do(w))
		w2, o2 = run(t)(o.do(w2))
		if diff := cmp.Diff(encodeOutcomes(t, []Outcome{o1}), encodeOutcomes(t, []Outcome{o2})); diff != "" {
			t.Fatalf("%s differs:\n%s", o.name, diff)
		}
	}
}

// TestFleetUpgradesShareTheBalance: fifty upgrades on one account charge only what the
// balance holds; the rest are abnormal orders that charge nothing.
func TestFleetUpgradesShareTheBalance(t *testing.T) {
	w := testWorld(t, 1, 50, "20000", Limits{})
	paid, abnormal := 0, 0
	charged := decimal.Zero
	for i := range 50 {
		var o Outcome
		w, o = run(t)(w.ModifyPrepayInstanceSpec(t0.Add(time.Duration(i)*time.Second), modify(0, i, fuzz.BaseUpgrade)))
		wantCode(t, o, "")
		switch o.Plan.Charge.OrderStatus {
		case rules.OrderPaid:
			paid++
		case rules.OrderAbnormal:
			abnormal++
		}
		charged = charged.Add(o.Charged)
	}
	st, _ := w.Account(accountID(0))
	if paid != 3 || abnormal != 47 || !charged.Equal(dec("16713")) || !st.Account.Balance.Equal(dec("3287")) || !st.Charged.Equal(charged) {
		t.Fatalf("paid %d abnormal %d charged %s balance %s", paid, abnormal, charged, st.Account.Balance)
	}
}
