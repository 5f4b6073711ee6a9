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
	m, err := monthly(nil, to, inst.RegionID)
	if err != nil {
		return nil, err
	}
	out := make([]model.Order, len(inst.Orders), len(inst.Orders)+1)
	copy(out, inst.Orders)
	c, err := cancelInForce(out, now, r)
	if err != nil {
		return nil, err
	}
	if c.first < 0 {
		return out, nil
	}
	kept, err := Round(decimal.Max(c.kept, decimal.Zero), rule.places, model.RoundDown)
	if err != nil {
		return nil, err
	}
	prev := inst.InstanceType
	if inst.PendingInstanceType != "" {
		prev = inst.PendingInstanceType
	}
	b := &inst.Orders[c.base]
	return append(out, model.Order{
		OrderID: orderID, Kind: model.OrderDowngrade, InstanceType: to.InstanceTypeID, PreviousInstanceType: prev,
		Start: now, End: c.end, ListPrice: downgradeListPrice(m, now, c.end, rule), CashPaid: kept, VoucherPaid: decimal.Zero,
		Discount: b.Discount, PaymentMethod: b.PaymentMethod, PaidAt: b.PaidAt,
	}), nil
}

// cancelled sums up the orders a downgrade cancels: the first of them, the base order in
// force at now (else the first), their latest End, and what the refund keeps of their
// online refundable amounts (Σ max(0, OnlineRefundable) − Refunded, unrounded).
type cancelled struct {
	first, base int
	end         time.Time
	kept        decimal.Decimal
}

// cancelInForce sets CancelledAt = now on every order of out still in force at now; first is
// -1 when there is none.
func cancelInForce(out []model.Order, now time.Time, r *Refund) (cancelled, error) {
	c := cancelled{first: -1, base: -1, kept: decimal.Zero}
	for i := range out {
		o := &out[i]
		if !o.End.After(now) || o.Cancelled(now) {
			continue
		}
		if o.OrderID != r.Orders[i].OrderID {
			return cancelled{}, badOrder(o.OrderID, i, "OrderId", errMismatch)
		}
		o.CancelledAt = now
		if c.first < 0 {
			c.first = i
		}
		if c.base < 0 && o.Kind != model.OrderUpgrade && !now.Before(o.Start) {
			c.base = i
		}
		if o.End.After(c.end) {
			c.end = o.End
		}
		or := &r.Orders[i]
		c.kept = c.kept.Add(decimal.Max(or.OnlineRefundable, decimal.Zero).Sub(or.Refunded))
	}
	if c.base < 0 {
		c.base = c.first
	}
	return c, nil
}

// downgradeListPrice is the generated order's list price: the monthly price m ÷ 30 × the
// days from now to end (counted as the refund rule counts them), rounded half up to the
// currency's places.
func downgradeListPrice(m amt, now, end time.Time, rule refundRule) decimal.Decimal {
	var dur int64
	if rule.is2022 {
		dur = months30Days(now.Add(rule.offset).UTC(), end.Add(rule.offset).UTC())
	} else {
		dur = max(1, int64(end.Sub(now)/day))
	}
	P := m.places()
	var s exact.Scratch
	return s.Decimal(exact.Quo(exact.Mul(m.scaled(P), exact.Of(dur)), exact.Mul(exact.OfUint(30), exact.MulPow10(exact.OfUint(1), P)), rule.places, exact.HalfUp), -rule.places)
}
