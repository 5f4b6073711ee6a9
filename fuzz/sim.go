package fuzz

import (
	"slices"
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

// This file is the verification suite's model of the world around the engine: what happens to
// an instance between two ModifyPrepayInstanceSpec calls. The engine decides (rules.Decide)
// and records an accepted change (rules.Apply); everything else — starting and stopping,
// paying an order, renewing, time passing — is written here, as plain functions on
// model.Facts that return new facts and never change their argument. They follow the API
// documentation:
//
//   - a change that has not taken effect (PendingInstanceType) takes effect at the next start
//     or restart through the API or console, or at PendingRebootTime when one is scheduled and
//     the instance is running;
//   - a change's order is in progress until its Until (5–10 s) and blocks further changes
//     until then;
//   - a temporary upgrade returns the instance to its previous type at its Until;
//   - an instance whose subscription expired is stopped and can only be renewed;
//   - quotas count timestamps, so a new month resets them without any step here.

// Start starts a Stopped instance through the API at now: it becomes Running and a pending
// type takes effect. It reports false (and returns f unchanged) when the instance is not
// Stopped or its subscription has expired.
func Start(f model.Facts, now time.Time) (model.Facts, bool) {
	if f.Instance.Status != model.StatusStopped || !now.Before(f.Instance.ExpiredTime) {
		return f, false
	}
	f.Instance = f.Instance.Clone()
	f.Instance.Status = model.StatusRunning
	rules.ApplyPending(&f.Instance)
	return f, true
}

// Stop stops a Running instance. A pending type stays pending: stopping does not apply it.
func Stop(f model.Facts) (model.Facts, bool) {
	if f.Instance.Status != model.StatusRunning {
		return f, false
	}
	f.Instance = f.Instance.Clone()
	f.Instance.Status = model.StatusStopped
	return f, true
}

// Pay pays the first unpaid, not abnormal configuration-change order from the balance at
// now: the amount leaves the balance, an Upgrade order up to the expiry joins the history and
// the new type becomes pending (it takes effect at the next start or restart). It reports
// the amount paid, and false when there is no such order, the balance does not cover it or
// the instance has expired.
func Pay(f model.Facts, now time.Time) (model.Facts, decimal.Decimal, bool) {
	in := &f.Instance
	i := slices.IndexFunc(in.UnpaidOrders, func(o model.UnpaidOrder) bool {
		return o.Kind == model.UnpaidModification && !o.Abnormal
	})
	if i < 0 || !now.Before(in.ExpiredTime) {
		return f, decimal.Zero, false
	}
	o := in.UnpaidOrders[i]
	if f.Account.Balance.LessThan(o.Amount) {
		return f, decimal.Zero, false
	}
	f.Instance = f.Instance.Clone()
	in = &f.Instance
	f.Account.Balance = f.Account.Balance.Sub(o.Amount)
	rules.PayModification(in, o, now)
	return f, o.Amount, true
}

// Cancel cancels every abnormal order (the only thing that can be done with one). It reports
// whether there was one.
func Cancel(f model.Facts) (model.Facts, bool) {
	if !slices.ContainsFunc(f.Instance.UnpaidOrders, func(o model.UnpaidOrder) bool { return o.Abnormal }) {
		return f, false
	}
	f.Instance = f.Instance.Clone()
	f.Instance.UnpaidOrders = slices.DeleteFunc(f.Instance.UnpaidOrders, func(o model.UnpaidOrder) bool { return o.Abnormal })
	return f, true
}

// Renew renews the subscription for months months at now, paying from the balance the
// catalog's list price of the billed type in the instance's region times months, at the
// catalog's discount for that duration. The new period starts at the expiry, or at now when
// the instance has already expired. It reports the cash paid, and false when the price is
// unknown or the balance does not cover it.
func Renew(f model.Facts, now time.Time, months int) (model.Facts, decimal.Decimal, bool) {
	in := &f.Instance
	billed := in.InstanceType
	if in.PendingInstanceType != "" {
		billed = in.PendingInstanceType
	}
	t, ok := f.Catalog.Type(billed)
	if !ok || months <= 0 {
		return f, decimal.Zero, false
	}
	p, ok := t.MonthlyPrice[in.RegionID]
	if !ok {
		return f, decimal.Zero, false
	}
	list := p.Mul(decimal.NewFromInt(int64(months)))
	disc := f.Catalog.Discount(months)
	cash := list.Mul(disc).RoundDown(2)
	if f.Account.Balance.LessThan(cash) {
		return f, decimal.Zero, false
	}
	start := in.ExpiredTime
	if !now.Before(start) {
		start = now
	}
	end := start.AddDate(0, months, 0)
	f.Instance = f.Instance.Clone()
	in = &f.Instance
	in.Orders = append(in.Orders, model.Order{
		OrderID: "renewal-" + end.UTC().Format("20060102150405"), Kind: model.OrderRenewal, InstanceType: billed,
		Start: start, End: end, ListPrice: list, CashPaid: cash, VoucherPaid: decimal.Zero, Discount: disc,
		PaymentMethod: model.PayBalance, PaidAt: now,
	})
	in.ExpiredTime = end
	f.Account.Balance = f.Account.Balance.Sub(cash)
	return f, cash, true
}

// Advance lets time pass from now to later, in order of the events due on the way: an
// order in progress completes at its Until; a scheduled restart (PendingRebootTime, instance
// Running) applies the pending type; a temporary upgrade returns the instance to RevertTo at
// its Until; the subscription expires at ExpiredTime and stops the instance. Advance
// returns f unchanged when later is not after now.
func Advance(f model.Facts, now, later time.Time) model.Facts {
	if !later.After(now) {
		return f
	}
	f.Instance = f.Instance.Clone()
	in := &f.Instance
	for {
		next, e := rules.NextEvent(in, now, later)
		if e == rules.EventNone {
			// Events already due at now (an order whose Until passed) are settled too.
			if in.OrderInProgress != nil && !later.Before(in.OrderInProgress.Until) {
				in.OrderInProgress = nil
			}
			return f
		}
		rules.ApplyEvent(in, e)
		now = next
	}
}
