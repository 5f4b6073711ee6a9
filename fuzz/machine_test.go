package fuzz

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// account is the state machine: one instance of one account over months, driven by the
// engine (Decide, Apply) and by the world model of sim.go. Besides the facts it keeps its
// own books of every amount that moved, to check the balance against.
type account struct {
	f   model.Facts
	now time.Time
	req model.Request // the template of every modification request

	initial   decimal.Decimal // the balance at the start
	charges   decimal.Decimal // upgrades paid by AutoPay
	payments  decimal.Decimal // unpaid orders paid later
	renewals  decimal.Decimal // renewals
	toBalance decimal.Decimal // refunds to the balance
	toCards   decimal.Decimal // refunds to cards and PayPal
	cashIn    decimal.Decimal // every cash amount ever paid for the instance

	accepted, refused int
}

func (a *account) decide(t *rapid.T, r model.Request) (rules.Plan, error) {
	p, err := rules.Decide(a.now, &r, &a.f)
	if err != nil {
		catalogError(t, err)
		a.refused++
	}
	return p, err
}

// modify places a change: any catalog type, with or without AutoPay, at times online, with a
// restart, a RebootTime or an EndTime.
func (a *account) modify(t *rapid.T) {
	r := a.req
	if rapid.IntRange(0, 3).Draw(t, "anyType") == 0 {
		r.InstanceType = a.f.Catalog.At(rapid.IntRange(0, a.f.Catalog.Len()-1).Draw(t, "target")).InstanceTypeID
	} else {
		r.InstanceType = rapid.SampledFrom(movable).Draw(t, "target")
	}
	r.AutoPay = rapid.IntRange(0, 3).Draw(t, "autoPay") > 0
	r.AutoPaySet = !r.AutoPay
	r.RebootWhenFinished = rapid.Bool().Draw(t, "rebootWhenFinished")
	switch rapid.IntRange(0, 5).Draw(t, "mode") {
	case 0:
		r.ModifyMode = model.ModifyOnline
	case 1:
		r.RebootTime = a.now.Truncate(time.Minute).Add(time.Duration(rapid.IntRange(1, 3*24*60).Draw(t, "rebootIn")) * time.Minute)
	case 2:
		r.EndTime = a.now.Truncate(time.Minute).Add(time.Duration(rapid.IntRange(60, 20*24*60).Draw(t, "endIn")) * time.Minute)
	}
	if rapid.Bool().Draw(t, "withToken") {
		r.ClientToken = "tok-" + strconv.Itoa(a.accepted+a.refused)
	}
	in := a.f.Instance
	inFlight := in.OrderInProgress != nil && a.now.Before(in.OrderInProgress.Until)
	expired := !a.now.Before(in.ExpiredTime)
	p, err := a.decide(t, r)
	if err != nil {
		return
	}
	a.accepted++
	if inFlight || expired || len(in.UnpaidOrders) > 0 {
		t.Fatalf("change accepted with an order in flight (%v), expired (%v) or unpaid orders (%d)", inFlight, expired, len(in.UnpaidOrders))
	}
	if in.TemporaryUpgrade != nil && a.now.Before(in.TemporaryUpgrade.Until) {
		t.Fatalf("change accepted during a temporary upgrade")
	}
	checkMoney(t, &p, &a.f)
	f := rules.Apply(a.f, p)
	switch {
	case p.Charge != nil && p.Charge.OrderStatus == rules.OrderPaid:
		a.charges = a.charges.Add(p.Charge.TradePrice)
		a.cashIn = a.cashIn.Add(p.Charge.TradePrice)
	case p.Refund != nil:
		tb := rules.ToBalance(p.Refund)
		a.toBalance = a.toBalance.Add(tb)
		a.toCards = a.toCards.Add(p.Refund.Total.Sub(tb))
	}
	// The type changes at once only for an online change or a restart right after
	// completion; otherwise it is pending; an unpaid or abnormal order changes nothing.
	now := f.Instance
	switch {
	case p.Charge != nil && p.Charge.OrderStatus != rules.OrderPaid:
		if now.InstanceType != in.InstanceType || now.PendingInstanceType != in.PendingInstanceType {
			t.Fatalf("an %s order changed the type", p.Charge.OrderStatus)
		}
	case p.Effect.When == rules.EffectOnline || p.Effect.When == rules.EffectAfterCompletion:
		if now.InstanceType != p.ToType {
			t.Fatalf("effect %s: type %s, want %s", p.Effect.When, now.InstanceType, p.ToType)
		}
	case p.ToType == in.InstanceType:
		// Back to the running type: the pending change is cancelled.
		if now.InstanceType != in.InstanceType || now.PendingInstanceType != "" {
			t.Fatalf("change back to %s: type %s pending %q", p.ToType, now.InstanceType, now.PendingInstanceType)
		}
	default:
		if now.InstanceType != in.InstanceType || now.PendingInstanceType != p.ToType {
			t.Fatalf("effect %s: type %s pending %q, want %s pending %s", p.Effect.When, now.InstanceType, now.PendingInstanceType, in.InstanceType, p.ToType)
		}
	}
	// A replay with the same token changes nothing.
	if p.ClientToken != "" {
		rp, err := rules.Decide(a.now, &r, &f)
		if err != nil || !rp.Replayed || rp.OrderID != p.OrderID {
			t.Fatalf("replay: %v %+v", err, rp)
		}
	}
	a.f = f
}

func (a *account) start(t *rapid.T) {
	before := a.f.Instance
	f, ok := Start(a.f, a.now)
	if !ok {
		t.Skip("not startable")
	}
	if want := pendingOr(before); f.Instance.InstanceType != want {
		t.Fatalf("start: type %s, want %s", f.Instance.InstanceType, want)
	}
	a.f = f
}

func pendingOr(in model.Instance) string {
	if in.PendingInstanceType != "" {
		return in.PendingInstanceType
	}
	return in.InstanceType
}

func (a *account) stop(t *rapid.T) {
	f, ok := Stop(a.f)
	if !ok {
		t.Skip("not running")
	}
	a.f = f
}

func (a *account) pay(t *rapid.T) {
	f, amount, ok := Pay(a.f, a.now)
	if !ok {
		t.Skip("nothing to pay")
	}
	a.payments = a.payments.Add(amount)
	a.cashIn = a.cashIn.Add(amount)
	if f.Instance.InstanceType != a.f.Instance.InstanceType {
		t.Fatalf("paying changed the running type")
	}
	a.f = f
}

func (a *account) cancel(t *rapid.T) {
	f, ok := Cancel(a.f)
	if !ok {
		t.Skip("nothing to cancel")
	}
	a.f = f
}

func (a *account) renew(t *rapid.T) {
	f, cash, ok := Renew(a.f, a.now, rapid.IntRange(1, 12).Draw(t, "months"))
	if !ok {
		t.Skip("cannot renew")
	}
	a.renewals = a.renewals.Add(cash)
	a.cashIn = a.cashIn.Add(cash)
	a.f = f
}

// wait lets seconds, hours or days pass.
func (a *account) wait(t *rapid.T) {
	var d time.Duration
	switch rapid.IntRange(0, 2).Draw(t, "scale") {
	case 0:
		d = time.Duration(rapid.IntRange(1, 60).Draw(t, "seconds")) * time.Second
	case 1:
		d = time.Duration(rapid.IntRange(1, 72).Draw(t, "hours")) * time.Hour
	default:
		d = time.Duration(rapid.IntRange(1, 40).Draw(t, "days")) * 24 * time.Hour
	}
	before := a.f.Instance
	later := a.now.Add(d)
	f := Advance(a.f, a.now, later)
	after := f.Instance
	if after.InstanceType != before.InstanceType {
		rebooted := before.PendingInstanceType == after.InstanceType && !before.PendingRebootTime.IsZero() && !before.PendingRebootTime.After(later)
		reverted := before.TemporaryUpgrade != nil && before.TemporaryUpgrade.RevertTo == after.InstanceType && !before.TemporaryUpgrade.Until.After(later)
		if !rebooted && !reverted {
			t.Fatalf("type changed from %s to %s while time passed", before.InstanceType, after.InstanceType)
		}
	}
	if after.OrderInProgress != nil && !later.Before(after.OrderInProgress.Until) {
		t.Fatalf("order still in progress after its Until")
	}
	a.f, a.now = f, later
}

// check holds the invariants after every step.
func (a *account) check(t *rapid.T) {
	f := &a.f
	in := &f.Instance
	// Money is conserved.
	want := a.initial.Sub(a.charges).Sub(a.payments).Sub(a.renewals).Add(a.toBalance)
	if !f.Account.Balance.Equal(want) {
		t.Fatalf("balance %s, books say %s", f.Account.Balance, want)
	}
	if f.Account.Balance.IsNegative() {
		t.Fatalf("negative balance %s", f.Account.Balance)
	}
	if refunds := a.toBalance.Add(a.toCards); refunds.GreaterThan(a.cashIn) {
		t.Fatalf("refunded %s of %s paid", refunds, a.cashIn)
	}
	for _, o := range in.Orders {
		if o.CashPaid.IsNegative() {
			t.Fatalf("order %s cash %s", o.OrderID, o.CashPaid)
		}
	}
	// No quota is exceeded.
	pol := &f.Policy
	quota := pol.DefaultDowngradesPerMonth
	if q := f.Account.Quotas.DowngradesPerMonth; q != nil {
		quota = *q
	}
	if pol.MonthlyDowngradeQuota && (quota > 0 || f.Account.Quotas.DowngradesPerMonth != nil) {
		off := time.Duration(pol.BillingUTCOffsetMinutes) * time.Minute
		months := map[string]int{}
		for _, d := range f.Account.Quotas.Downgrades {
			months[d.Add(off).Format("2006-01")]++
		}
		for m, n := range months {
			if n > quota {
				t.Fatalf("%d downgrades in %s, quota %d", n, m, quota)
			}
		}
	}
	if pol.RefundsPerInstance > 0 && in.Refunds > pol.RefundsPerInstance {
		t.Fatalf("%d refunds, limit %d", in.Refunds, pol.RefundsPerInstance)
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
		t.Fatalf("%d unpaid modification orders", n)
	}
	if (in.OrderInProgress != nil && a.now.Before(in.OrderInProgress.Until)) || n > 0 || !a.now.Before(in.ExpiredTime) {
		r := a.req
		for k := 0; k < f.Catalog.Len(); k++ {
			r.InstanceType = f.Catalog.At(k).InstanceTypeID
			if _, err := rules.Decide(a.now, &r, f); err == nil {
				t.Fatalf("a change to %s is accepted with an order in flight, unpaid or expired", r.InstanceType)
			} else if !a.now.Before(in.ExpiredTime) && errors.Is(err, errcodes.LastOrderProcessing) {
				t.Fatalf("an expired instance reports an order in progress rather than its expiry")
			}
		}
	}
	if in.PendingInstanceType == in.InstanceType && in.PendingInstanceType != "" {
		t.Fatalf("pending type %s is the running type", in.PendingInstanceType)
	}
}

// TestAccountStateMachine runs one account over months: modifications (upgrades and
// downgrades, with and without AutoPay, online, with restarts, temporary), starts and stops,
// payments and cancellations of orders, renewals and time passing (seconds: an order
// completes; hours: a scheduled restart; days: month roll-over and expiry). After every step
// money is conserved, no quota is exceeded, at most one change is in flight, an expired or
// unpaid instance never changes, and the type changes only at the documented moments.
func TestAccountStateMachine(t *testing.T) {
	total := 0
	accepted := 0
	rapid.Check(t, func(t *rapid.T) {
		w := WorldGen().Draw(t, "world")
		req, f, perr := Prepare(w, nil)
		if perr != nil {
			t.Skip("request does not parse")
		}
		req.ClientToken = ""
		req.MigrateAcrossZone = false
		a := &account{f: f, now: w.Now, req: req, initial: f.Account.Balance, cashIn: cashPaid(&f.Instance),
			charges: decimal.Zero, payments: decimal.Zero, renewals: decimal.Zero, toBalance: decimal.Zero, toCards: decimal.Zero}
		t.Repeat(map[string]func(*rapid.T){
			"modify": a.modify,
			"start":  a.start,
			"stop":   a.stop,
			"pay":    a.pay,
			"cancel": a.cancel,
			"renew":  a.renew,
			"wait":   a.wait,
			"":       a.check,
		})
		total += a.accepted + a.refused
		accepted += a.accepted
	})
	t.Logf("%d modifications decided, %d accepted", total, accepted)
	if total > 100 && accepted*20 < total {
		t.Fatalf("only %d of %d modifications accepted: the machine does not reach deep states", accepted, total)
	}
}
