package rules

import (
	"slices"
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// What happens to an instance after Apply, as the API documentation describes it: a pending
// type takes effect at a start or restart through the API or console (ApplyPending) or at a
// scheduled restart; an unpaid change applies once paid (PayModification); an order in
// progress completes, a temporary upgrade ends and a subscription expires with time alone
// (NextEvent, ApplyEvent). These are the steps the simulations over the rules share.

// ApplyPending makes the pending type the running type, as a start or a restart through the
// API or console does; it also ends the online-change count and the restart an online change
// required.
func ApplyPending(in *model.Instance) {
	if in.PendingInstanceType != "" {
		in.InstanceType = in.PendingInstanceType
	}
	in.PendingInstanceType = ""
	in.PendingRebootTime = time.Time{}
	in.OnlineModifications = 0
	in.RebootRequired = false
}

// PayModification records that the unpaid configuration-change order o of in was paid at t:
// o leaves UnpaidOrders, an Upgrade order for its amount (when positive) joins the history
// from t to the expiry, and o's type becomes the pending type, applied at the next start or
// restart. Charging the balance is the caller's. in's slices are not changed in place.
func PayModification(in *model.Instance, o model.UnpaidOrder, t time.Time) {
	if i := slices.IndexFunc(in.UnpaidOrders, func(u model.UnpaidOrder) bool { return u.OrderID == o.OrderID }); i >= 0 {
		in.UnpaidOrders = slices.Delete(slices.Clone(in.UnpaidOrders), i, i+1)
	}
	prev := in.InstanceType
	if in.PendingInstanceType != "" {
		prev = in.PendingInstanceType
	}
	if o.Amount.IsPositive() {
		in.Orders = append(slices.Clip(in.Orders), model.Order{
			OrderID: o.OrderID, Kind: model.OrderUpgrade, InstanceType: o.InstanceType, PreviousInstanceType: prev,
			Start: t, End: in.ExpiredTime, ListPrice: o.Amount, CashPaid: o.Amount, VoucherPaid: decimal.Zero,
			Discount: decimal.NewFromInt(1), PaymentMethod: model.PayBalance, PaidAt: t,
		})
	}
	in.PendingInstanceType = o.InstanceType
	if in.PendingInstanceType == in.InstanceType {
		in.PendingInstanceType = ""
	}
}

// Event is a change that comes to an instance with time alone.
type Event uint8

// The events, in the order NextEvent prefers them on equal times.
const (
	// EventNone: nothing is due.
	EventNone Event = iota
	// EventOrderCompleted: the order in progress completes at its Until; until then a
	// further change is LastOrderProcessing.
	EventOrderCompleted
	// EventRestart: the restart scheduled by RebootTime (PendingRebootTime, instance Running)
	// applies the pending type.
	EventRestart
	// EventRevert: a temporary upgrade returns the instance to its previous type at its end.
	EventRevert
	// EventExpiry: at ExpiredTime a Running instance stops.
	EventExpiry
)

// NextEvent returns the earliest event of in due in (after, until] and its moment, the
// first in Event order on equal moments; EventNone when none is due.
func NextEvent(in *model.Instance, after, until time.Time) (time.Time, Event) {
	next, e := time.Time{}, EventNone
	consider := func(at time.Time, k Event) {
		if !at.IsZero() && at.After(after) && !at.After(until) && (e == EventNone || at.Before(next)) {
			next, e = at, k
		}
	}
	if in.OrderInProgress != nil {
		consider(in.OrderInProgress.Until, EventOrderCompleted)
	}
	if in.PendingInstanceType != "" && !in.PendingRebootTime.IsZero() && in.Status == model.StatusRunning {
		consider(in.PendingRebootTime, EventRestart)
	}
	if in.TemporaryUpgrade != nil {
		consider(in.TemporaryUpgrade.Until, EventRevert)
	}
	if in.Status == model.StatusRunning {
		consider(in.ExpiredTime, EventExpiry)
	}
	return next, e
}

// ApplyEvent applies event e (as NextEvent returned it for in) to in.
func ApplyEvent(in *model.Instance, e Event) {
	switch e {
	case EventOrderCompleted:
		in.OrderInProgress = nil
	case EventRestart:
		ApplyPending(in)
	case EventRevert:
		// No change can be placed while a temporary upgrade is in force
		// (order.elastic-upgrade), so a pending type can only be the temporary one.
		in.InstanceType = in.TemporaryUpgrade.RevertTo
		in.TemporaryUpgrade = nil
		in.PendingInstanceType = ""
		in.PendingRebootTime = time.Time{}
	case EventExpiry:
		in.Status = model.StatusStopped
	}
}
