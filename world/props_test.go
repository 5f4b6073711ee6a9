package world

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/fuzz/gen"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// op is one timed operation of a generated run; replaying the same ops on the same world must
// give the same outcomes.
type op struct {
	name string
	do   func(World) (World, Outcome, error)
}

var steps = []time.Duration{0, time.Second, 5 * time.Second, 11 * time.Second, time.Minute, time.Hour, 24 * time.Hour, 9 * 24 * time.Hour}

// genOp draws an operation at moment now on world w (which it reads to pick an existing unpaid
// order to pay or cancel).
func genOp(t *rapid.T, w World, now time.Time, accounts, perAccount int) op {
	a := rapid.IntRange(0, accounts-1).Draw(t, "account")
	i := rapid.IntRange(0, perAccount-1).Draw(t, "instance")
	owner := a
	if rapid.IntRange(0, 9).Draw(t, "foreign") == 0 {
		owner = (a + 1) % accounts // another account's instance: not found
	}
	ii := InstanceInput{Caller: caller(a), RegionID: fuzz.BaseRegion, InstanceID: instanceID(owner, i)}
	switch rapid.IntRange(0, 9).Draw(t, "op") {
	case 0, 1, 2, 3:
		types := []string{"ecs.g6.large", "ecs.g6.xlarge", "ecs.g6.2xlarge", "ecs.g7.xlarge", "ecs.g7.2xlarge", "ecs.t6-c1m2.large"}
		extra := []string{}
		if rapid.IntRange(0, 7).Draw(t, "unpaid") == 0 {
			extra = append(extra, "AutoPay", "false")
		}
		if rapid.Bool().Draw(t, "reboot") {
			extra = append(extra, "RebootWhenFinished", "true")
		}
		if rapid.IntRange(0, 5).Draw(t, "temporary") == 0 {
			end := now.Truncate(time.Minute).Add(time.Duration(rapid.IntRange(60, 5*24*60).Draw(t, "endIn")) * time.Minute)
			extra = append(extra, "EndTime", end.UTC().Format("2006-01-02T15:04Z"))
		}
		if rapid.Bool().Draw(t, "withToken") {
			extra = append(extra, "ClientToken", fmt.Sprint("tok-", rapid.IntRange(0, 3).Draw(t, "token")))
		}
		in := modify(owner, i, rapid.SampledFrom(types).Draw(t, "type"), extra...)
		in.Caller = caller(a)
		return op{"modify", func(w World) (World, Outcome, error) { return w.ModifyPrepayInstanceSpec(now, in) }}
	case 4:
		return op{"start", func(w World) (World, Outcome, error) { return w.StartInstance(now, ii) }}
	case 5, 6:
		return op{"stop", func(w World) (World, Outcome, error) { return w.StopInstance(now, ii) }}
	case 7:
		return op{"reboot", func(w World) (World, Outcome, error) { return w.RebootInstance(now, ii) }}
	case 8:
		ri := RenewInput{Caller: ii.Caller, RegionID: ii.RegionID, InstanceID: ii.InstanceID, Months: rapid.IntRange(0, 3).Draw(t, "months")}
		return op{"renew", func(w World) (World, Outcome, error) { return w.RenewInstance(now, ri) }}
	default:
		// Mostly an unpaid order of one of the account's instances; otherwise one that does
		// not exist.
		oi := OrderInput{Caller: ii.Caller, InstanceID: ii.InstanceID, OrderID: "none"}
		for j := range perAccount {
			if in, _, ok := w.Instance(instanceID(a, j)); ok && len(in.UnpaidOrders) > 0 && rapid.IntRange(0, 5).Draw(t, "pickOrder") > 0 {
				oi.InstanceID = in.InstanceID
				oi.OrderID = in.UnpaidOrders[rapid.IntRange(0, len(in.UnpaidOrders)-1).Draw(t, "order")].OrderID
				break
			}
		}
		if rapid.Bool().Draw(t, "pay") {
			return op{"pay", func(w World) (World, Outcome, error) { return w.PayOrder(now, oi) }}
		}
		return op{"cancel", func(w World) (World, Outcome, error) { return w.CancelOrder(now, oi) }}
	}
}

// books are the test's own accounts of what moved, kept from the outcomes alone.
type books struct {
	balance    map[string]decimal.Decimal // by account
	downgrades map[string][]time.Time     // accepted downgrades, by account
	inFlight   map[string]time.Time       // when the last accepted change completes, by instance
}

func encodeOutcomes(tb failer, outs []Outcome) string {
	type enc struct {
		Outcome
		Err string
	}
	es := make([]enc, len(outs))
	for i, o := range outs {
		es[i] = enc{Outcome: o}
		if o.Err != nil {
			es[i].Err = o.Err.Error()
		}
		es[i].Outcome.Err = nil
	}
	b, err := json.Marshal(es)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func TestWorldInvariants(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		accounts := rapid.IntRange(1, 3).Draw(t, "accounts")
		perAccount := rapid.IntRange(1, 4).Draw(t, "perAccount")
		balance := rapid.SampledFrom([]string{"50", "5000", "200000"}).Draw(t, "balance")
		lim := Limits{PerAPI: map[string]int{APIModifyPrepayInstanceSpec: rapid.IntRange(0, 6).Draw(t, "limit")}}
		quota := rapid.IntRange(1, 3).Draw(t, "downgradeQuota")
		w0 := testWorldQuota(t, accounts, perAccount, balance, lim, &quota)
		pol := w0.Policy()
		bk := books{balance: map[string]decimal.Decimal{}, downgrades: map[string][]time.Time{}, inFlight: map[string]time.Time{}}
		for a := range accounts {
			bk.balance[accountID(a)] = dec(balance)
		}
		w, now := w0, t0
		var ops []op
		var outs []Outcome
		n := rapid.IntRange(1, 80).Draw(t, "steps")
		for range n {
			now = now.Add(rapid.SampledFrom(steps).Draw(t, "step"))
			o := genOp(t, w, now, accounts, perAccount)
			before := snapshot(t, w)
			w1, out, err := o.do(w)
			if err != nil {
				t.Fatalf("%s: %v", o.name, err)
			}
			// The input world is never changed.
			if diff := cmp.Diff(before, snapshot(t, w)); diff != "" {
				t.Fatalf("%s changed its input world:\n%s", o.name, diff)
			}
			ops, outs = append(ops, o), append(outs, out)
			id := out.AccountID
			// Money: the outcome's books and the test's own agree with the account.
			bk.balance[id] = bk.balance[id].Add(out.RefundedToBalance).Sub(out.Charged)
			st, _ := w1.Account(id)
			if !st.Account.Balance.Equal(bk.balance[id]) || !out.BalanceAfter.Equal(st.Account.Balance) {
				t.Fatalf("%s: balance %s, books %s, outcome %s", o.name, st.Account.Balance, bk.balance[id], out.BalanceAfter)
			}
			if !st.Account.Balance.Equal(st.StartBalance.Add(st.Refunded).Sub(st.Charged)) {
				t.Fatalf("balance %s != start %s + refunds %s - charges %s", st.Account.Balance, st.StartBalance, st.Refunded, st.Charged)
			}
			// No sequence of operations makes the stored orders invalid (money.orders-valid
			// answers InternalError), and every stored amount keeps the currency's places.
			if out.Code() == "InternalError" {
				t.Fatalf("%s: %v", o.name, out.Err)
			}
			checkPlaces(t, w1, int32(pol.CurrencyPlaces))
			if out.Charged.IsNegative() || out.RefundedToBalance.IsNegative() || out.RefundedElsewhere.IsNegative() {
				t.Fatalf("negative amount in %+v", out)
			}
			if p := out.Plan; out.Err == nil && p != nil && !p.Replayed {
				// No instance has two changes in flight.
				if until, ok := bk.inFlight[p.InstanceID]; ok && now.Before(until) {
					t.Fatalf("change of %s accepted at %s with the previous one in flight until %s", p.InstanceID, now, until)
				}
				bk.inFlight[p.InstanceID] = p.CompletesAt
				if !p.CompletesAt.Equal(now.Add(pol.CompletionTime.D())) {
					t.Fatalf("completes at %s", p.CompletesAt)
				}
				if p.Direction == model.Downgrade {
					bk.downgrades[id] = append(bk.downgrades[id], now)
				}
			}
			// No quota exceeded across the account's instances.
			start := rules.MonthStart(now, pol.BillingUTCOffsetMinutes)
			used := 0
			for _, d := range bk.downgrades[id] {
				if !d.Before(start) {
					used++
				}
			}
			if used > quota {
				t.Fatalf("account %s: %d downgrades this month, quota %d", id, used, quota)
			}
			w = w1
		}
		// Deterministic: the same world and the same inputs give the same outcomes and world.
		w2 := w0
		var outs2 []Outcome
		for _, o := range ops {
			var out Outcome
			var err error
			w2, out, err = o.do(w2)
			if err != nil {
				t.Fatal(err)
			}
			outs2 = append(outs2, out)
		}
		if diff := cmp.Diff(encodeOutcomes(t, outs), encodeOutcomes(t, outs2)); diff != "" {
			t.Fatalf("outcomes differ on replay:\n%s", diff)
		}
		if diff := cmp.Diff(snapshot(t, w), snapshot(t, w2)); diff != "" {
			t.Fatalf("worlds differ on replay:\n%s", diff)
		}
	})
}

// checkPlaces fails when a balance, a book total or an order amount of w has more decimal
// places than the currency's.
func checkPlaces(t *rapid.T, w World, places int32) {
	bad := func(d decimal.Decimal) bool { return !d.Equal(d.Truncate(places)) }
	for _, id := range w.AccountIDs() {
		st, _ := w.Account(id)
		for _, d := range []decimal.Decimal{st.Account.Balance, st.Charged, st.Refunded} {
			if bad(d) {
				t.Fatalf("account %s holds %s: more than %d places", id, d, places)
			}
		}
	}
	for _, id := range w.InstanceIDs() {
		in, _, _ := w.Instance(id)
		for _, o := range in.Orders {
			for _, d := range []decimal.Decimal{o.ListPrice, o.CashPaid, o.VoucherPaid} {
				if bad(d) {
					t.Fatalf("instance %s order %s (%s) holds %s: more than %d places", id, o.OrderID, o.Kind, d, places)
				}
			}
		}
		for _, o := range in.UnpaidOrders {
			if bad(o.Amount) {
				t.Fatalf("instance %s unpaid order %s holds %s", id, o.OrderID, o.Amount)
			}
		}
	}
}

// fromScenario builds the one-account, one-instance world of a fuzz world's facts.
func fromScenario(t failer, w fuzz.World) (World, model.Facts) {
	f := w.Build()
	acct := f.Account
	spec := AccountSpec{Account: acct, Tokens: map[string]model.Record(f.Idempotency)}
	spec.Account.RAMUser = nil
	if acct.RAMUser != nil {
		spec.RAMUsers = []model.RAMUser{*acct.RAMUser}
	}
	b := NewBuilder(w.Now, f.Catalog, f.Policy, Limits{})
	b.AddAccount(spec).AddInstance(acct.AccountID, f.Instance)
	wd, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return wd, f
}

var decimalEqual = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

// TestOneInstanceWorldDecidesAsTheRules: on a world of one instance, ModifyPrepayInstanceSpec
// gives exactly the plan or the error rules.Decide gives on the same facts, and the instance
// and balance after are rules.Apply's.
func TestOneInstanceWorldDecidesAsTheRules(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fw := gen.World().Draw(t, "world")
		wd, f := fromScenario(t, fw)
		params := map[string]string{}
		for k, v := range fw.Request.Values() {
			params[k] = v[0]
		}
		req, perr := model.ParseMap(params)
		if perr != nil {
			t.Fatalf("generated request does not parse: %v", perr)
		}
		c := Caller{AccountID: f.Account.AccountID}
		if f.Account.RAMUser != nil {
			c.RAMUser = f.Account.RAMUser.Name
		}
		w2, out, err := wd.ModifyPrepayInstanceSpec(fw.Now, ModifyInput{Caller: c, Params: params})
		if err != nil {
			t.Fatal(err)
		}
		p, derr := rules.Decide(fw.Now, &req, &f)
		if derr != nil {
			if out.Err == nil || !errorsIs(out.Err, derr) {
				t.Fatalf("world %v, rules %v", out.Err, derr)
			}
			return
		}
		if out.Err != nil {
			t.Fatalf("world refused (%v), rules accepted", out.Err)
		}
		if diff := cmp.Diff(p, *out.Plan, decimalEqual); diff != "" {
			t.Fatalf("plans differ:\n%s", diff)
		}
		f2 := rules.Apply(f, p)
		in, _, _ := w2.Instance(f.Instance.InstanceID)
		settled, _ := settle(f2.Instance, fw.Now)
		if diff := cmp.Diff(settled, in, decimalEqual); diff != "" {
			t.Fatalf("instances differ:\n%s", diff)
		}
		if !out.BalanceAfter.Equal(f2.Account.Balance) {
			t.Fatalf("balance %s, rules %s", out.BalanceAfter, f2.Account.Balance)
		}
	})
}

func errorsIs(err, target error) bool {
	r, ok := err.(*Refusal)
	return ok && r.API != nil && r.API.Is(target)
}
