package pricing

import (
	"time"

	"github.com/respec-dev/respec/internal/exact"
	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// AfterDowngrade returns the instance's orders once a downgrade to type to, refunded by r (the
// Refund Downgrade computed for inst at now under p), has completed. The refund rules say a
// downgrade "cancels the original order and generates a new order with the new
// configuration", so:
//   - every order still in force at now (End after now, not cancelled before) gets
//     CancelledAt = now;
//   - a model.OrderDowngrade order with ID orderID is appended, derived as model.Order
//     documents: type to (PreviousInstanceType from inst.InstanceType or its pending type),
//     from now to the latest End of the cancelled orders; ListPrice = to's monthly price in
//     inst.RegionID ÷ 30 × its duration days (counted as the refund rule counts them),
//     rounded half up to p.CurrencyPlaces; CashPaid = Σ over the cancelled orders of
//     (max(0, OnlineRefundable) − Refunded), rounded down to CurrencyPlaces and at least 0;
//     VoucherPaid 0; Discount, PaymentMethod and PaidAt of the cancelled base order in force
//     at now (else of the first cancelled order).
//
// When no order is in force nothing is cancelled and no order is generated. inst and r are
// not changed; the result is a new slice. r must be Downgrade's result for inst (one row per
// order, in order); a mismatch, a nil argument or a missing price yields an error matching
// ErrBadAmount or ErrNoPrice.
func AfterDowngrade(now time.Time, inst *model.Instance, to *model.InstanceType, r *Refund, orderID string, p *model.Policy) ([]model.Order, error) {
	if inst == nil || to == nil || r == nil {
		return nil, badAmount("AfterDowngrade argument", errNil)
	}
	if len(r.Orders) != len(inst.Orders) {
		return nil, badAmount("refund orders", errMismatch)
	}
	rule, err := refundPolicy(p)
	if err != nil {
		return nil, err
	}
	m, err := monthly(to, inst.RegionID)
	if err != nil {
		return nil, err
	}
	out := make([]model.Order, len(inst.Orders), len(inst.Orders)+1)
	copy(out, inst.Orders)
	var end time.Time
	kept := decimal.Zero
	base, first := -1, -1
	for i := range out {
		o := &out[i]
		if !o.End.After(now) || o.Cancelled(now) {
			continue
		}
		if o.OrderID != r.Orders[i].OrderID {
			return nil, badOrder(o.OrderID, i, "OrderId", errMismatch)
		}
		o.CancelledAt = now
		if first < 0 {
			first = i
		}
		if base < 0 && o.Kind != model.OrderUpgrade && !now.Before(o.Start) {
			base = i
		}
		if o.End.After(end) {
			end = o.End
		}
		or := &r.Orders[i]
		left := or.OnlineRefundable
		if left.IsNegative() {
			left = decimal.Zero
		}
		kept = kept.Add(left.Sub(or.Refunded))
	}
	if first < 0 {
		return out, nil
	}
	if base < 0 {
		base = first
	}
	if kept.IsNegative() {
		kept = decimal.Zero
	}
	if kept, err = Round(kept, rule.places, model.RoundDown); err != nil {
		return nil, err
	}
	var dur int64
	if rule.is2022 {
		dur = months30Days(now.Add(rule.offset).UTC(), end.Add(rule.offset).UTC())
	} else {
		dur = max(1, int64(end.Sub(now)/day))
	}
	P := m.places()
	var s exact.Scratch
	list := s.Decimal(exact.Quo(exact.Mul(m.scaled(P), exact.Of(dur)), exact.Mul(exact.OfUint(30), exact.MulPow10(exact.OfUint(1), P)), rule.places, exact.HalfUp), -rule.places)
	prev := inst.InstanceType
	if inst.PendingInstanceType != "" {
		prev = inst.PendingInstanceType
	}
	b := &inst.Orders[base]
	return append(out, model.Order{
		OrderID: orderID, Kind: model.OrderDowngrade, InstanceType: to.InstanceTypeID, PreviousInstanceType: prev,
		Start: now, End: end, ListPrice: list, CashPaid: kept, VoucherPaid: decimal.Zero,
		Discount: b.Discount, PaymentMethod: b.PaymentMethod, PaidAt: b.PaidAt,
	}), nil
}
