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
//     balance, lowers each order's cash by its refund, and counts against the quotas;
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
		ch := p.Charge
		switch ch.OrderStatus {
		case OrderUnpaid, OrderAbnormal:
			in.UnpaidOrders = append(slices.Clip(in.UnpaidOrders), model.UnpaidOrder{
				OrderID: p.OrderID, Kind: model.UnpaidModification, InstanceType: p.ToType,
				Amount: ch.TradePrice, Abnormal: ch.OrderStatus == OrderAbnormal,
			})
			return f
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
	case model.Downgrade:
		if r := p.Refund; r != nil {
			pol := f.Policy.Effective()
			f.Account.Balance = f.Account.Balance.Add(toBalance(r, pol.CurrencyPlaces, pol.RefundRounding))
			orders := slices.Clone(in.Orders)
			for _, or := range r.Orders {
				for i := range orders {
					if orders[i].OrderID == or.OrderID && or.Amount.IsPositive() {
						left := orders[i].CashPaid.Sub(or.Amount)
						if left.IsNegative() {
							left = decimal.Zero
						}
						orders[i].CashPaid = left
					}
				}
			}
			in.Orders = orders
		}
		in.Refunds++
		q := &f.Account.Quotas
		q.Downgrades = append(slices.Clip(q.Downgrades), p.DecidedAt)
		if p.Quota.RefundedVCPUHours > 0 {
			q.RefundedVCPU = append(slices.Clip(q.RefundedVCPU), model.QuotaUse{At: p.DecidedAt, Amount: p.Quota.RefundedVCPUHours})
		}
	}

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
	return f
}

// ToBalance returns the part of a refund that goes to the account balance under the preset
// policies' rounding (down, to cents): all of it when every refunded order's destination is
// the balance, otherwise the balance-bound orders' exact amounts rounded down, never more
// than the total. Apply uses the facts' own policy.
func ToBalance(r *pricing.Refund) decimal.Decimal { return toBalance(r, 2, model.RoundDown) }

func toBalance(r *pricing.Refund, places int32, mode string) decimal.Decimal {
	all := true
	sum := decimal.Zero
	for _, o := range r.Orders {
		if !o.Amount.IsPositive() {
			continue
		}
		if o.Destination == model.PayBalance {
			sum = sum.Add(o.Amount)
		} else {
			all = false
		}
	}
	if all {
		return r.Total
	}
	rounded, err := pricing.Round(sum, places, mode)
	if err != nil {
		// The policy was checked when the refund was computed; round down to be safe.
		rounded = sum.Truncate(places)
	}
	if rounded.GreaterThan(r.Total) {
		return r.Total
	}
	return rounded
}
