package props_test

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/respec-dev/respec/errcodes"
	. "github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/fuzz/gen"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/respec-dev/respec/world"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// machine is the state machine: one account with one to three instances over months, run on
// the world (world.World: the engine's decisions and the one implementation of time). Besides
// the world it keeps its own books of every amount that moved, per account and per instance,
// to check the world's balance and records against.
type machine struct {
	w      world.World
	caller world.Caller
	ids    []string      // the account's instances
	req    model.Request // the template of every modification request

	initial   decimal.Decimal // the balance at the start
	charges   decimal.Decimal // upgrades paid by AutoPay
	payments  decimal.Decimal // unpaid orders paid later
	renewals  decimal.Decimal // renewals
	toBalance decimal.Decimal // refunds to the balance
	toCards   decimal.Decimal // refunds to cards and PayPal
	// cashIn is every cash amount ever paid, per instance; refunded what came back, per
	// instance.
	cashIn, refunded map[string]decimal.Decimal
	// downgrades are the moments of the downgrades across the account's instances (those the
	// account had used before, then the accepted ones);
	// inFlight is, per instance, when its last accepted change completes.
	downgrades []time.Time
	inFlight   map[string]time.Time

	accepted, refused int
}

// worldOf builds the one-account world of a generated world, with copies instances: the
// generated one and copies of it under other IDs, all owned by the account.
func worldOf(t *rapid.T, fw World, copies int) (world.World, world.Caller, []string) {
	f := fw.Build()
	spec := world.AccountSpec{Account: f.Account, Tokens: map[string]model.Record(f.Idempotency)}
	spec.Account.RAMUser = nil
	c := world.Caller{AccountID: f.Account.AccountID}
	if u := f.Account.RAMUser; u != nil {
		spec.RAMUsers = []model.RAMUser{*u}
		c.RAMUser = u.Name
	}
	b := world.NewBuilder(fw.Now, f.Catalog, f.Policy, world.Limits{}).AddAccount(spec)
	var ids []string
	for k := range copies {
		in := f.Instance
		if k > 0 {
			in.InstanceID = fmt.Sprintf("%s%d", f.Instance.InstanceID, k)
			in.Orders = slices.Clone(in.Orders)
			for i := range in.Orders {
				in.Orders[i].OrderID = fmt.Sprintf("%s%d", in.Orders[i].OrderID, k)
			}
		}
		b.AddInstance(f.Account.AccountID, in)
		ids = append(ids, in.InstanceID)
	}
	w, err := b.Build()
	if err != nil {
		t.Fatalf("generated world: %v", err)
	}
	return w, c, ids
}

// params writes a request in the wire form ModifyPrepayInstanceSpec reads.
func params(r *model.Request) map[string]string {
	out := map[string]string{}
	for k, v := range r.Values() {
		out[k] = v[0]
	}
	return out
}

// factsOf is the view of the world the rules see for instance id: the instance, its account,
// the catalog and the policy.
func factsOf(w world.World, id string) model.Facts {
	in, owner, _ := w.Instance(id)
	st, _ := w.Account(owner)
	return model.Facts{Instance: in, Account: st.Account, Catalog: w.Catalog(), Policy: w.Policy()}
}

func (m *machine) instance(id string) model.Instance {
	in, _, _ := m.w.Instance(id)
	return in
}

func (m *machine) balance() decimal.Decimal {
	st, _ := m.w.Account(m.caller.AccountID)
	return st.Account.Balance
}

func (m *machine) pick(t *rapid.T) string {
	return m.ids[rapid.IntRange(0, len(m.ids)-1).Draw(t, "instance")]
}

// pickWhere draws one of the instances for which ok holds, and skips the step before drawing
// anything when there is none (rapid then tries another action instead of counting a
// rejection).
func (m *machine) pickWhere(t *rapid.T, ok func(in model.Instance) bool) string {
	var ids []string
	for _, id := range m.ids {
		if ok(m.instance(id)) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		t.Skip("no instance for the step")
	}
	return rapid.SampledFrom(ids).Draw(t, "instance")
}

func (m *machine) instanceInput(id string) world.InstanceInput {
	return world.InstanceInput{Caller: m.caller, RegionID: m.instance(id).RegionID, InstanceID: id}
}

// must takes an operation's results and fails the test on misuse (an error is never expected
// here).
func must(t *rapid.T) func(world.World, world.Outcome, error) (world.World, world.Outcome) {
	return func(w world.World, out world.Outcome, err error) (world.World, world.Outcome) {
		if err != nil {
			t.Fatalf("%s: %v", out.Operation, err)
		}
		return w, out
	}
}

// modify places a change on one of the instances: any catalog type, with or without AutoPay,
// at times online, with a restart, a RebootTime or an EndTime.
func (m *machine) modify(t *rapid.T) {
	id := m.pick(t)
	now := m.w.Now()
	cat := m.w.Catalog()
	r := m.req
	r.InstanceID = id
	if rapid.IntRange(0, 3).Draw(t, "anyType") == 0 {
		r.InstanceType = cat.At(rapid.IntRange(0, cat.Len()-1).Draw(t, "target")).InstanceTypeID
	} else {
		r.InstanceType = gen.MovableType().Draw(t, "target")
	}
	r.AutoPay = rapid.IntRange(0, 3).Draw(t, "autoPay") > 0
	r.AutoPaySet = !r.AutoPay
	r.RebootWhenFinished = rapid.Bool().Draw(t, "rebootWhenFinished")
	switch rapid.IntRange(0, 5).Draw(t, "mode") {
	case 0:
		r.ModifyMode = model.ModifyOnline
	case 1:
		r.RebootTime = now.Truncate(time.Minute).Add(time.Duration(rapid.IntRange(1, 3*24*60).Draw(t, "rebootIn")) * time.Minute)
	case 2:
		r.EndTime = now.Truncate(time.Minute).Add(time.Duration(rapid.IntRange(60, 20*24*60).Draw(t, "endIn")) * time.Minute)
	}
	if rapid.Bool().Draw(t, "withToken") {
		r.ClientToken = "tok-" + strconv.Itoa(m.accepted+m.refused)
	}
	in := m.instance(id)
	f := factsOf(m.w, id)
	inFlight := in.OrderInProgress != nil && now.Before(in.OrderInProgress.Until)
	expired := !now.Before(in.ExpiredTime)
	w, out := must(t)(m.w.ModifyPrepayInstanceSpec(now, world.ModifyInput{Caller: m.caller, Params: params(&r)}))
	if out.Err != nil {
		CatalogID(t, out.Err)
		if out.Code() == errcodes.InternalError.Code() {
			t.Fatalf("InternalError: %v", out.Err)
		}
		m.refused++
		m.w = w
		return
	}
	m.accepted++
	p := out.Plan
	if inFlight || expired || len(in.UnpaidOrders) > 0 {
		t.Fatalf("change accepted with an order in flight (%v), expired (%v) or unpaid orders (%d)", inFlight, expired, len(in.UnpaidOrders))
	}
	if in.TemporaryUpgrade != nil && now.Before(in.TemporaryUpgrade.Until) {
		t.Fatalf("change accepted during a temporary upgrade")
	}
	// No instance has two changes in flight, by the machine's own books too.
	if until, ok := m.inFlight[id]; ok && now.Before(until) {
		t.Fatalf("change of %s accepted at %s with the previous one in flight until %s", id, now, until)
	}
	m.inFlight[id] = p.CompletesAt
	if p.Direction == model.Downgrade {
		m.downgrades = append(m.downgrades, now)
	}
	CheckMoney(t, p, &f)
	switch {
	case p.Charge != nil && p.Charge.OrderStatus == rules.OrderPaid:
		if !out.Charged.Equal(p.Charge.TradePrice) {
			t.Fatalf("charged %s, plan says %s", out.Charged, p.Charge.TradePrice)
		}
		m.charges = m.charges.Add(out.Charged)
		m.cashIn[id] = m.cashIn[id].Add(out.Charged)
	case p.Refund != nil:
		tb := rules.ToBalance(p.Refund)
		if !out.RefundedToBalance.Equal(tb) || !out.RefundedElsewhere.Equal(p.Refund.Total.Sub(tb)) {
			t.Fatalf("refunded %s + %s, plan says %s of %s to the balance", out.RefundedToBalance, out.RefundedElsewhere, tb, p.Refund.Total)
		}
		m.toBalance = m.toBalance.Add(tb)
		m.toCards = m.toCards.Add(p.Refund.Total.Sub(tb))
		m.refunded[id] = m.refunded[id].Add(p.Refund.Total)
	default:
		if !out.Charged.IsZero() || !out.RefundedToBalance.IsZero() {
			t.Fatalf("an unpaid or free change moved money: %+v", out)
		}
	}
	// The type changes at once only for an online change or a restart right after
	// completion; otherwise it is pending; an unpaid or abnormal order changes nothing.
	after, _, _ := w.Instance(id)
	switch {
	case p.Charge != nil && p.Charge.OrderStatus != rules.OrderPaid:
		if after.InstanceType != in.InstanceType || after.PendingInstanceType != in.PendingInstanceType {
			t.Fatalf("an %s order changed the type", p.Charge.OrderStatus)
		}
	case p.Effect.When == rules.EffectOnline || p.Effect.When == rules.EffectAfterCompletion:
		if after.InstanceType != p.ToType {
			t.Fatalf("effect %s: type %s, want %s", p.Effect.When, after.InstanceType, p.ToType)
		}
	case p.ToType == in.InstanceType:
		// Back to the running type: the pending change is cancelled.
		if after.InstanceType != in.InstanceType || after.PendingInstanceType != "" {
			t.Fatalf("change back to %s: type %s pending %q", p.ToType, after.InstanceType, after.PendingInstanceType)
		}
	default:
		if after.InstanceType != in.InstanceType || after.PendingInstanceType != p.ToType {
			t.Fatalf("effect %s: type %s pending %q, want %s pending %s", p.Effect.When, after.InstanceType, after.PendingInstanceType, in.InstanceType, p.ToType)
		}
	}
	// A replay with the same token changes nothing but the throttle count.
	if p.ClientToken != "" {
		w2, rp := must(t)(w.ModifyPrepayInstanceSpec(now, world.ModifyInput{Caller: m.caller, Params: params(&r)}))
		if rp.Err != nil || rp.Plan == nil || !rp.Plan.Replayed || rp.OrderID != p.OrderID || !rp.Charged.IsZero() || !rp.RefundedToBalance.IsZero() {
			t.Fatalf("replay: %v %+v", rp.Err, rp.Plan)
		}
		again, _, _ := w2.Instance(id)
		if !rp.BalanceAfter.Equal(out.BalanceAfter) || again.InstanceType != after.InstanceType || len(again.Orders) != len(after.Orders) {
			t.Fatalf("a replay changed the world")
		}
	}
	m.w = w
}

func (m *machine) start(t *rapid.T) {
	now := m.w.Now()
	id := m.pickWhere(t, func(in model.Instance) bool { return in.Status == model.StatusStopped && now.Before(in.ExpiredTime) })
	before := m.instance(id)
	w, out := must(t)(m.w.StartInstance(now, m.instanceInput(id)))
	if out.Err != nil {
		t.Fatalf("a Stopped instance before expiry does not start: %v", out.Err)
	}
	if got, want := m.instanceOf(w, id).InstanceType, pendingOr(before); got != want {
		t.Fatalf("start: type %s, want %s", got, want)
	}
	m.w = w
}

func (m *machine) instanceOf(w world.World, id string) model.Instance {
	in, _, _ := w.Instance(id)
	return in
}

func pendingOr(in model.Instance) string {
	if in.PendingInstanceType != "" {
		return in.PendingInstanceType
	}
	return in.InstanceType
}

func (m *machine) stop(t *rapid.T) {
	id := m.pickWhere(t, func(in model.Instance) bool { return in.Status == model.StatusRunning })
	before := m.instance(id)
	w, out := must(t)(m.w.StopInstance(m.w.Now(), m.instanceInput(id)))
	if out.Err != nil {
		t.Fatalf("a Running instance does not stop: %v", out.Err)
	}
	if after := m.instanceOf(w, id); after.InstanceType != before.InstanceType || after.PendingInstanceType != before.PendingInstanceType {
		t.Fatalf("stopping changed the type")
	}
	m.w = w
}

// pay pays the first unpaid, not abnormal configuration-change order of an instance.
func (m *machine) pay(t *rapid.T) {
	payable := func(o model.UnpaidOrder) bool { return o.Kind == model.UnpaidModification && !o.Abnormal }
	id := m.pickWhere(t, func(in model.Instance) bool { return slices.ContainsFunc(in.UnpaidOrders, payable) })
	before := m.instance(id)
	i := slices.IndexFunc(before.UnpaidOrders, payable)
	w, out := must(t)(m.w.PayOrder(m.w.Now(), world.OrderInput{Caller: m.caller, InstanceID: id, OrderID: before.UnpaidOrders[i].OrderID}))
	if out.Err != nil {
		t.Skip("cannot pay")
	}
	if !out.Charged.Equal(before.UnpaidOrders[i].Amount) {
		t.Fatalf("paid %s for an order of %s", out.Charged, before.UnpaidOrders[i].Amount)
	}
	m.payments = m.payments.Add(out.Charged)
	m.cashIn[id] = m.cashIn[id].Add(out.Charged)
	if m.instanceOf(w, id).InstanceType != before.InstanceType {
		t.Fatalf("paying changed the running type")
	}
	m.w = w
}

// cancel cancels every abnormal order of an instance (the only thing that can be done with
// one).
func (m *machine) cancel(t *rapid.T) {
	id := m.pickWhere(t, func(in model.Instance) bool {
		return slices.ContainsFunc(in.UnpaidOrders, func(o model.UnpaidOrder) bool { return o.Abnormal })
	})
	w := m.w
	before := m.balance()
	for _, o := range m.instance(id).UnpaidOrders {
		if !o.Abnormal {
			continue
		}
		var out world.Outcome
		w, out = must(t)(w.CancelOrder(w.Now(), world.OrderInput{Caller: m.caller, InstanceID: id, OrderID: o.OrderID}))
		if out.Err != nil {
			t.Fatalf("cancelling abnormal order %s: %v", o.OrderID, out.Err)
		}
	}
	if slices.ContainsFunc(m.instanceOf(w, id).UnpaidOrders, func(o model.UnpaidOrder) bool { return o.Abnormal }) {
		t.Fatalf("%s: an abnormal order is left after cancelling", id)
	}
	m.w = w
	if !m.balance().Equal(before) {
		t.Fatalf("cancelling moved money: %s -> %s", before, m.balance())
	}
}

func (m *machine) renew(t *rapid.T) {
	id := m.pick(t)
	in := m.instanceInput(id)
	w, out := must(t)(m.w.RenewInstance(m.w.Now(), world.RenewInput{Caller: m.caller, RegionID: in.RegionID, InstanceID: id,
		Months: rapid.IntRange(1, 12).Draw(t, "months")}))
	if out.Err != nil {
		t.Skip("cannot renew")
	}
	m.renewals = m.renewals.Add(out.Charged)
	m.cashIn[id] = m.cashIn[id].Add(out.Charged)
	m.w = w
}

// wait lets seconds, hours or days pass.
func (m *machine) wait(t *rapid.T) {
	var d time.Duration
	switch rapid.IntRange(0, 2).Draw(t, "scale") {
	case 0:
		d = time.Duration(rapid.IntRange(1, 60).Draw(t, "seconds")) * time.Second
	case 1:
		d = time.Duration(rapid.IntRange(1, 72).Draw(t, "hours")) * time.Hour
	default:
		d = time.Duration(rapid.IntRange(1, 40).Draw(t, "days")) * 24 * time.Hour
	}
	later := m.w.Now().Add(d)
	w, err := m.w.Advance(later)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range m.ids {
		before, after := m.instance(id), m.instanceOf(w, id)
		if after.InstanceType != before.InstanceType {
			rebooted := before.PendingInstanceType == after.InstanceType && !before.PendingRebootTime.IsZero() && !before.PendingRebootTime.After(later)
			reverted := before.TemporaryUpgrade != nil && before.TemporaryUpgrade.RevertTo == after.InstanceType && !before.TemporaryUpgrade.Until.After(later)
			if !rebooted && !reverted {
				t.Fatalf("%s: type changed from %s to %s while time passed", id, before.InstanceType, after.InstanceType)
			}
		}
		if after.OrderInProgress != nil && !later.Before(after.OrderInProgress.Until) {
			t.Fatalf("%s: order still in progress after its Until", id)
		}
	}
	m.w = w
}

// check holds the invariants after every step.
func (m *machine) check(t *rapid.T) {
	now := m.w.Now()
	st, _ := m.w.Account(m.caller.AccountID)
	bal := st.Account.Balance
	// Money is conserved: the balance is its start plus the refunds minus the charges, by the
	// world's books and by the machine's.
	want := m.initial.Sub(m.charges).Sub(m.payments).Sub(m.renewals).Add(m.toBalance)
	if !bal.Equal(want) {
		t.Fatalf("balance %s, books say %s", bal, want)
	}
	if !bal.Equal(st.StartBalance.Add(st.Refunded).Sub(st.Charged)) || !st.StartBalance.Equal(m.initial) ||
		!st.Charged.Equal(m.charges.Add(m.payments).Add(m.renewals)) || !st.Refunded.Equal(m.toBalance) {
		t.Fatalf("balance %s: start %s + refunded %s − charged %s; books: start %s, charged %s, refunded %s", bal,
			st.StartBalance, st.Refunded, st.Charged, m.initial, m.charges.Add(m.payments).Add(m.renewals), m.toBalance)
	}
	if bal.IsNegative() {
		t.Fatalf("negative balance %s", bal)
	}
	pol := m.w.Policy()
	// No quota is exceeded across the account's instances.
	quota := pol.DefaultDowngradesPerMonth
	if q := st.Account.Quotas.DowngradesPerMonth; q != nil {
		quota = *q
	}
	if pol.MonthlyDowngradeQuota && (quota > 0 || st.Account.Quotas.DowngradesPerMonth != nil) {
		off := time.Duration(pol.BillingUTCOffsetMinutes) * time.Minute
		months := map[string]int{}
		for _, d := range st.Account.Quotas.Downgrades {
			months[d.Add(off).Format("2006-01")]++
		}
		for mo, n := range months {
			if n > quota {
				t.Fatalf("%d downgrades recorded in %s, quota %d", n, mo, quota)
			}
		}
		start := rules.MonthStart(now, pol.BillingUTCOffsetMinutes)
		used := 0
		for _, d := range m.downgrades {
			if !d.Before(start) {
				used++
			}
		}
		if used > quota {
			t.Fatalf("%d downgrades this month across %d instances, quota %d", used, len(m.ids), quota)
		}
	}
	for _, id := range m.ids {
		m.checkInstance(t, id, &pol)
	}
}

func (m *machine) checkInstance(t *rapid.T, id string, pol *model.Policy) {
	now := m.w.Now()
	in := m.instance(id)
	if refunds := m.refunded[id]; refunds.GreaterThan(m.cashIn[id]) {
		t.Fatalf("%s: refunded %s of %s paid", id, refunds, m.cashIn[id])
	}
	for _, o := range in.Orders {
		if o.CashPaid.IsNegative() {
			t.Fatalf("order %s cash %s", o.OrderID, o.CashPaid)
		}
	}
	if pol.RefundsPerInstance > 0 && in.Refunds > pol.RefundsPerInstance {
		t.Fatalf("%s: %d refunds, limit %d", id, in.Refunds, pol.RefundsPerInstance)
	}
	// At most one change in flight: one unpaid modification at most, and while an order
	// is processing or unpaid no change is accepted.
	n := 0
	for _, o := range in.UnpaidOrders {
		if o.Kind == model.UnpaidModification {
			n++
		}
	}
	if n > 1 {
		t.Fatalf("%s: %d unpaid modification orders", id, n)
	}
	if (in.OrderInProgress != nil && now.Before(in.OrderInProgress.Until)) || n > 0 || !now.Before(in.ExpiredTime) {
		r := m.req
		r.InstanceID = id
		cat := m.w.Catalog()
		for k := 0; k < cat.Len(); k++ {
			r.InstanceType = cat.At(k).InstanceTypeID
			_, out, err := m.w.ModifyPrepayInstanceSpec(now, world.ModifyInput{Caller: m.caller, Params: params(&r)})
			if err != nil {
				t.Fatal(err)
			}
			if out.Err == nil {
				t.Fatalf("%s: a change to %s is accepted with an order in flight, unpaid or expired", id, r.InstanceType)
			} else if !now.Before(in.ExpiredTime) && errors.Is(out.Err, errcodes.LastOrderProcessing) {
				t.Fatalf("%s: an expired instance reports an order in progress rather than its expiry", id)
			}
		}
	}
	if in.PendingInstanceType == in.InstanceType && in.PendingInstanceType != "" {
		t.Fatalf("%s: pending type %s is the running type", id, in.PendingInstanceType)
	}
}

// TestAccountStateMachine runs one account with one to three instances over months, on the
// world: modifications (upgrades and downgrades, with and without AutoPay, online, with
// restarts, temporary), starts and stops, payments and cancellations of orders, renewals and
// time passing (seconds: an order completes; hours: a scheduled restart; days: month roll-over
// and expiry). After every step money is conserved (the balance is its start plus refunds
// minus charges), no quota is exceeded across the account's instances, no instance has two
// changes in flight, an expired or unpaid instance never changes, and the type changes only at
// the documented moments.
func TestAccountStateMachine(t *testing.T) {
	total := 0
	accepted := 0
	rapid.Check(t, func(t *rapid.T) {
		fw := gen.World().Draw(t, "world")
		req, f, perr := Prepare(fw, nil)
		if perr != nil {
			t.Skip("request does not parse")
		}
		req.ClientToken = ""
		req.MigrateAcrossZone = false
		w, c, ids := worldOf(t, fw, rapid.IntRange(1, 3).Draw(t, "instances"))
		m := &machine{w: w, caller: c, ids: ids, req: req, initial: f.Account.Balance,
			charges: decimal.Zero, payments: decimal.Zero, renewals: decimal.Zero, toBalance: decimal.Zero, toCards: decimal.Zero,
			cashIn: map[string]decimal.Decimal{}, refunded: map[string]decimal.Decimal{}, inFlight: map[string]time.Time{}}
		m.downgrades = slices.Clone(f.Account.Quotas.Downgrades)
		for _, id := range ids {
			in := m.instance(id)
			m.cashIn[id], m.refunded[id] = CashPaid(&in), decimal.Zero
		}
		t.Repeat(map[string]func(*rapid.T){
			"modify": m.modify,
			"start":  m.start,
			"stop":   m.stop,
			"pay":    m.pay,
			"cancel": m.cancel,
			"renew":  m.renew,
			"wait":   m.wait,
			"":       m.check,
		})
		total += m.accepted + m.refused
		accepted += m.accepted
	})
	t.Logf("%d modifications decided, %d accepted", total, accepted)
	if total > 100 && accepted*20 < total {
		t.Fatalf("only %d of %d modifications accepted: the machine does not reach deep states", accepted, total)
	}
}
