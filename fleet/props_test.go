package fleet

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/fuzz/gen"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/respec-dev/respec/world"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// smallWorld is accounts × perAccount baseline instances, Running or Stopped at random, with a
// drawn balance, downgrade quota and throttle limit.
func smallWorld(t *rapid.T) (world.World, int) {
	fw := fuzz.Baseline()
	f := fw.Build()
	accounts := rapid.IntRange(1, 3).Draw(t, "accounts")
	perAccount := rapid.IntRange(1, 6).Draw(t, "perAccount")
	quota := rapid.IntRange(0, 3).Draw(t, "quota")
	lim := world.Limits{PerAPI: map[string]int{world.APIModifyPrepayInstanceSpec: rapid.IntRange(0, 8).Draw(t, "limit")}}
	b := world.NewBuilder(fw.Now, f.Catalog, f.Policy, lim)
	for a := range accounts {
		id := fmt.Sprintf("10000000000000%02d", a)
		acct := model.Account{AccountID: id, Balance: decimal.NewFromInt(int64(rapid.SampledFrom([]int{0, 3000, 20000, 200000}).Draw(t, "balance")))}
		acct.Quotas.DowngradesPerMonth = &quota
		b.AddAccount(world.AccountSpec{Account: acct})
		for i := range perAccount {
			in := f.Instance
			in.InstanceID = fmt.Sprintf("i-bp1p%02dx%04d", a, i)
			if rapid.Bool().Draw(t, "stopped") {
				in.Status = model.StatusStopped
			}
			in.Tags = []model.Tag{{TagKey: "n", TagValue: fmt.Sprint(i % 2)}}
			b.AddInstance(id, in)
		}
	}
	w, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return w, quota
}

var targets = []string{"ecs.g6.large", "ecs.g6.xlarge", "ecs.g6.2xlarge", "ecs.g7.xlarge", "ecs.t6-c1m2.large"}

// planGen draws timed requests over the world's instances and a resize rule, with options.
func planGen(t *rapid.T, w world.World) Plan {
	ids := w.InstanceIDs()
	now := w.Now()
	var p Plan
	n := rapid.IntRange(0, 30).Draw(t, "requests")
	at := now
	for k := range n {
		at = at.Add(time.Duration(rapid.IntRange(0, 20_000).Draw(t, "gapMs")) * time.Millisecond)
		rq := Request{At: at, InstanceID: rapid.SampledFrom(ids).Draw(t, "instance")}
		switch rapid.IntRange(0, 5).Draw(t, "op") {
		case 0:
			rq.Operation = OpStop
		case 1:
			rq.Operation = OpStart
		case 2:
			rq.Operation = OpRenew
			rq.Months = rapid.IntRange(1, 3).Draw(t, "months")
		default:
			rq.Operation = OpModify
			rq.Targets = []string{rapid.SampledFrom(targets).Draw(t, "target")}
			if rapid.Bool().Draw(t, "second") {
				rq.Targets = append(rq.Targets, rapid.SampledFrom(targets).Draw(t, "target2"))
			}
			rq.Params = map[string]string{"ClientToken": fmt.Sprintf("t%d", k)}
		}
		p.Requests = append(p.Requests, rq)
	}
	if rapid.Bool().Draw(t, "withRule") {
		p.Rules = []ResizeRule{{Name: "r", Filter: Filter{Tags: []model.Tag{{TagKey: "n", TagValue: "0"}}},
			Targets: []string{rapid.SampledFrom(targets).Draw(t, "ruleTarget")}, Start: now.Add(time.Second),
			Interval: model.Duration(time.Duration(rapid.IntRange(0, 3000).Draw(t, "intervalMs")) * time.Millisecond), TokenPrefix: "rule-"}}
	}
	p.Options.StopStart = rapid.Bool().Draw(t, "stopStart")
	p.Options.NextCandidateOnNoStock = rapid.Bool().Draw(t, "nextCandidate")
	if rapid.Bool().Draw(t, "retry") {
		p.Options.RetryThrottling = &Backoff{Retries: rapid.IntRange(0, 4).Draw(t, "retries"), Initial: model.Duration(5 * time.Second), Multiplier: 2, Max: model.Duration(time.Minute)}
	}
	if rapid.Bool().Draw(t, "wait") {
		p.Options.WaitOrderProcessing = &Backoff{Retries: 3, Initial: model.Duration(4 * time.Second)}
	}
	return p
}

// TestPlanInvariants: for any plan, money is conserved per account (balance after = before −
// charges + refunds to the balance, and the outcomes' amounts add up to the account's books),
// no account exceeds its downgrade quota, the input world is unchanged, and the run is
// deterministic.
func TestPlanInvariants(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w, quota := smallWorld(t)
		p := planGen(t, w)
		res, err := Run(w, p)
		if err != nil {
			t.Fatal(err)
		}
		charged, refunded := map[string]decimal.Decimal{}, map[string]decimal.Decimal{}
		for _, o := range res.Outcomes {
			if o.Code == "InternalError" {
				t.Fatalf("%+v", o)
			}
			if o.Charged.IsNegative() || o.RefundedToBalance.IsNegative() || o.RefundedElsewhere.IsNegative() {
				t.Fatalf("negative amount %+v", o)
			}
			charged[o.AccountID] = charged[o.AccountID].Add(o.Charged)
			refunded[o.AccountID] = refunded[o.AccountID].Add(o.RefundedToBalance)
		}
		for _, a := range res.Summary.Accounts {
			if !a.BalanceAfter.Equal(a.BalanceBefore.Sub(a.Charged).Add(a.RefundedToBalance)) ||
				!a.Charged.Equal(charged[a.AccountID]) || !a.RefundedToBalance.Equal(refunded[a.AccountID]) {
				t.Fatalf("account %s: %+v; outcomes charged %s refunded %s", a.AccountID, a, charged[a.AccountID], refunded[a.AccountID])
			}
			if a.BalanceAfter.IsNegative() {
				t.Fatalf("account %s ends at %s", a.AccountID, a.BalanceAfter)
			}
			if a.DowngradesUsed > quota || (a.DowngradesLeft != nil && *a.DowngradesLeft != quota-a.DowngradesUsed) {
				t.Fatalf("account %s: %d downgrades, quota %d, left %v", a.AccountID, a.DowngradesUsed, quota, a.DowngradesLeft)
			}
		}
		again, err := Run(w, p)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(res.Outcomes, again.Outcomes, decimalEqual); diff != "" {
			t.Fatalf("a second run differs:\n%s", diff)
		}
	})
}

var decimalEqual = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

// TestReplayWithTheSameTokensChangesNothing: run a plan whose changes all carry ClientTokens,
// then the same plan again (shifted after the first run, within the tokens' retention): every
// change accepted the first time is a replay of the same order and moves no money; when every
// change was accepted the first time, the second run leaves every instance and balance as the
// first left them. (A change refused the first time left no token: sent again, it is a new
// request, as with the API.)
func TestReplayWithTheSameTokensChangesNothing(t *testing.T) {
	exercised := 0
	rapid.Check(t, func(t *rapid.T) {
		w, _ := smallWorld(t)
		p := planGen(t, w)
		// Changes only, and no option that sends requests of its own.
		var mods []Request
		for _, rq := range p.Requests {
			if rq.Operation == OpModify {
				mods = append(mods, rq)
			}
		}
		p.Requests, p.Options.StopStart = mods, false
		res, err := Run(w, p)
		if err != nil {
			t.Fatal(err)
		}
		// The gateway throttles before the token is looked up: a throttled replay is
		// refused, and changes nothing either.
		shift := res.World.Now().Sub(w.Now()) + time.Minute
		res2, err := Run(res.World, shiftPlan(p, shift))
		if err != nil {
			t.Fatal(err)
		}
		first := map[int]Outcome{}
		allAccepted := true
		for _, o := range res.Outcomes {
			if o.Final {
				first[o.Index] = o
				allAccepted = allAccepted && o.Code == ""
			}
		}
		for _, o := range res2.Outcomes {
			f, ok := first[o.Index]
			if !ok || f.Code != "" || !o.Final {
				continue
			}
			if isThrottled(o.Code) {
				if !o.Charged.IsZero() || !o.RefundedToBalance.IsZero() {
					t.Fatalf("a throttled replay moved money: %+v", o)
				}
				continue
			}
			if o.Decision == nil || !o.Decision.Replayed || o.Decision.OrderID != f.Decision.OrderID {
				t.Fatalf("request %d accepted first (%s) is not replayed: %+v", o.Index, f.Decision.OrderID, o)
			}
			if !o.Charged.IsZero() || !o.RefundedToBalance.IsZero() || !o.RefundedElsewhere.IsZero() {
				t.Fatalf("the replay moved money: %+v", o)
			}
		}
		if !allAccepted {
			return
		}
		exercised++
		for _, id := range w.InstanceIDs() {
			a, _, _ := res.World.Instance(id)
			b, _, _ := res2.World.Instance(id)
			if a.InstanceType != b.InstanceType || a.PendingInstanceType != b.PendingInstanceType || a.Status != b.Status || len(a.Orders) != len(b.Orders) {
				t.Fatalf("%s changed on replay: %s/%s/%s -> %s/%s/%s", id, a.Status, a.InstanceType, a.PendingInstanceType, b.Status, b.InstanceType, b.PendingInstanceType)
			}
		}
		for _, id := range w.AccountIDs() {
			a, _ := res.World.Account(id)
			b, _ := res2.World.Account(id)
			if !a.Account.Balance.Equal(b.Account.Balance) || len(a.Account.Quotas.Downgrades) != len(b.Account.Quotas.Downgrades) {
				t.Fatalf("account %s changed on replay", id)
			}
		}
	})
	if exercised == 0 {
		t.Fatalf("no plan had every change accepted: the whole-world replay was never checked")
	}
	t.Logf("%d plans replayed with every change accepted", exercised)
}

func shiftPlan(p Plan, d time.Duration) Plan {
	q := p
	q.Requests = make([]Request, len(p.Requests))
	for i, rq := range p.Requests {
		rq.At = rq.At.Add(d)
		q.Requests[i] = rq
	}
	q.Rules = make([]ResizeRule, len(p.Rules))
	for i, r := range p.Rules {
		r.Start = r.Start.Add(d)
		q.Rules[i] = r
	}
	return q
}

// TestOneInstancePlanDecidesAsTheRules: a one-instance world's plan of one change gives
// exactly rules.Decide's answer on the equivalent facts: the same code, or the same
// direction, types, order and money.
func TestOneInstancePlanDecidesAsTheRules(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fw := gen.World().Draw(t, "world")
		req, f, perr := fuzz.Prepare(fw, nil)
		if perr != nil {
			t.Skip("request does not parse")
		}
		f.Throttle, f.ServiceUnavailable = model.Throttle{}, false
		spec := world.AccountSpec{Account: f.Account, Tokens: map[string]model.Record(f.Idempotency)}
		spec.Account.RAMUser = nil
		rq := Request{At: fw.Now, Operation: OpModify, InstanceID: f.Instance.InstanceID, RegionID: req.RegionID,
			AccountID: f.Account.AccountID, Targets: []string{req.InstanceType}, Params: map[string]string{}}
		if u := f.Account.RAMUser; u != nil {
			spec.RAMUsers = []model.RAMUser{*u}
			rq.RAMUser = u.Name
		}
		for k, v := range req.Values() {
			if k != "InstanceId" && k != "RegionId" && k != "InstanceType" {
				rq.Params[k] = v[0]
			}
		}
		w, err := world.NewBuilder(fw.Now, f.Catalog, f.Policy, world.Limits{}).AddAccount(spec).AddInstance(f.Account.AccountID, f.Instance).Build()
		if err != nil {
			t.Fatal(err)
		}
		res, err := Run(w, Plan{Requests: []Request{rq}})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Outcomes) != 1 {
			t.Fatalf("%d outcomes", len(res.Outcomes))
		}
		o := res.Outcomes[0]
		p, derr := rules.Decide(fw.Now, &req, &f)
		if derr != nil {
			var want interface{ Code() string }
			if !errors.As(derr, &want) || o.Code != want.Code() {
				t.Fatalf("plan %q (%s), rules %v", o.Code, o.Evidence, derr)
			}
			return
		}
		if o.Code != "" || o.Decision == nil {
			t.Fatalf("plan refused %s (%s), rules accepted", o.Code, o.Evidence)
		}
		d := o.Decision
		if d.Direction != p.Direction || d.FromType != p.FromType || d.ToType != p.ToType || d.OrderID != p.OrderID || d.Replayed != p.Replayed {
			t.Fatalf("plan %+v, rules %+v", d, p)
		}
		wantCharged, wantRefunded := decimal.Zero, decimal.Zero
		if !p.Replayed {
			if p.Charge != nil && p.Charge.OrderStatus == rules.OrderPaid {
				wantCharged = p.Charge.TradePrice
			}
			if p.Refund != nil {
				wantRefunded = rules.ToBalance(p.Refund)
			}
		}
		if !o.Charged.Equal(wantCharged) || !o.RefundedToBalance.Equal(wantRefunded) {
			t.Fatalf("plan charged %s refunded %s, rules %s and %s", o.Charged, o.RefundedToBalance, wantCharged, wantRefunded)
		}
	})
}
