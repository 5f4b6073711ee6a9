package rules

import (
	"slices"

	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/pricing"
	"github.com/shopspring/decimal"
)

// Apply returns the facts once plan p has completed: f as the world would be after the
// change. f itself is not changed (every slice, map and pointer Apply alters is copied first),
// so sequences of changes can be simulated: Decide, Apply, Decide again.
//
// What changes:
//   - the ClientToken, if any, is remembered (Idempotency);
//   - the order is in progress until p.CompletesAt, and the change time is recorded;
//   - an upgrade paid by AutoPay takes the charge from the balance and adds an Upgrade order;
//     an unpaid (AutoPay=false) or abnormal order is added to UnpaidOrders and the type does not
//     change;
//   - a downgrade credits the balance with the refund of the orders whose refund goes to the
//     balance, cancels the orders in force and adds the order with the new configuration
//     (pricing.AfterDowngrade: the refund rules' "cancels the original order and generates a
//     new order"), and counts against the quotas;
//   - the type: at once for an online change or a restart right after completion, as the
//     pending type otherwise (applied at RebootTime or at the next start);
//   - a temporary upgrade is recorded until its EndTime.
//
// A replayed plan changes nothing.
func Apply(f model.Facts, p Plan) model.Facts {
	if p.Replayed {
		return f
	}
	in := &f.Instance
	if p.ClientToken != "" {
		f.Idempotency = f.Idempotency.With(p.ClientToken, model.Record{
			Fingerprint: p.Fingerprint, At: p.DecidedAt, RequestID: p.RequestID, OrderID: p.OrderID,
		})
	}
	in.OrderInProgress = &model.OrderInProgress{OrderID: p.OrderID, Until: p.CompletesAt}
	in.LastModifiedTime = p.DecidedAt

	switch p.Direction {
	case model.Upgrade:
		if !applyCharge(&f, p) {
			return f
		}
	case model.Downgrade:
		applyRefund(&f, p)
	}
	applyEffect(in, p)
	return f
}

// applyCharge records an upgrade's order: unpaid (or abnormal) it waits in UnpaidOrders and
// applies nothing else (false); paid, the balance is charged and the order joins the
// history, with the temporary upgrade it may be.
func applyCharge(f *model.Facts, p Plan) bool {
	in, ch := &f.Instance, p.Charge
	switch ch.OrderStatus {
	case OrderUnpaid, OrderAbnormal:
		in.UnpaidOrders = append(slices.Clip(in.UnpaidOrders), model.UnpaidOrder{
			OrderID: p.OrderID, Kind: model.UnpaidModification, InstanceType: p.ToType,
			Amount: ch.TradePrice, Abnormal: ch.OrderStatus == OrderAbnormal,
		})
		return false
	}
	f.Account.Balance = ch.BalanceAfter
	end := in.ExpiredTime
	if p.Temporary {
		end = p.Until
		in.TemporaryUpgrade = &model.TemporaryUpgrade{Until: p.Until, RevertTo: p.FromType}
	}
	in.Orders = append(slices.Clip(in.Orders), model.Order{
		OrderID: p.OrderID, Kind: model.OrderUpgrade, InstanceType: p.ToType, PreviousInstanceType: p.FromType,
		Start: p.DecidedAt, End: end, ListPrice: ch.OriginalPrice, CashPaid: ch.TradePrice,
		VoucherPaid: decimal.Zero, Discount: ch.DiscountFactor, PaymentMethod: model.PayBalance, PaidAt: p.DecidedAt,
	})
	return true
}

// applyRefund credits a downgrade's refund to the balance, cancels the orders in force and
// adds the order the downgrade generates, and counts the downgrade against the quotas.
func applyRefund(f *model.Facts, p Plan) {
	in := &f.Instance
	if r := p.Refund; r != nil {
		pol := f.Policy.Effective()
		f.Account.Balance = f.Account.Balance.Add(ToBalance(r))
		if to, ok := f.Catalog.Type(p.ToType); ok {
			// Cannot fail for a plan Decide returned for f: the price and the orders
			// were checked when the refund was computed.
			if orders, err := pricing.AfterDowngrade(p.DecidedAt, in, to, r, p.OrderID, pol); err == nil {
				in.Orders = orders
			}
		}
	}
	in.Refunds++
	q := &f.Account.Quotas
	q.Downgrades = append(slices.Clip(q.Downgrades), p.DecidedAt)
	if p.Quota.RefundedVCPUHours > 0 {
		q.RefundedVCPU = append(slices.Clip(q.RefundedVCPU), model.QuotaUse{At: p.DecidedAt, Amount: p.Quota.RefundedVCPUHours})
	}
}

// applyEffect changes the type at once, or records it as pending, as the plan's effect says.
func applyEffect(in *model.Instance, p Plan) {
	switch p.Effect.When {
	case EffectOnline, EffectAfterCompletion:
		in.InstanceType = p.ToType
		in.PendingInstanceType = ""
		in.PendingRebootTime = timeZero
		if p.Effect.When == EffectOnline {
			in.OnlineModifications++
		}
	case EffectAtRebootTime:
		in.PendingInstanceType = p.ToType
		in.PendingRebootTime = p.Effect.At
	case EffectNextStart:
		in.PendingInstanceType = p.ToType
	}
	if in.PendingInstanceType == in.InstanceType {
		in.PendingInstanceType = ""
		in.PendingRebootTime = timeZero
	}
}

// ToBalance returns the part of a refund that goes to the account balance: the sum of the
// Refunded shares of the orders whose refund goes to the balance (all of Total when every
// refunded order's does; the shares add up to Total).
func ToBalance(r *pricing.Refund) decimal.Decimal {
	sum := decimal.Zero
	for _, o := range r.Orders {
		if o.Destination == model.PayBalance && o.Refunded.IsPositive() {
			sum = sum.Add(o.Refunded)
		}
	}
	return sum
}
