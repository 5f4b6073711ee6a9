package world

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/pricing"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

// ModifyInput is one ModifyPrepayInstanceSpec call: who calls and the request's parameters by
// their wire names, as model.ParseMap reads them.
type ModifyInput struct {
	Caller Caller
	Params map[string]string
	// Unexplained leaves out what only an explanation needs: a refusal of the rules gets the
	// Rule "rules.decide" and the error's detail as Evidence, without the second pass of the
	// rule table (rules.Explain) that names the rule. The code, status and message are the same. For a caller
	// that answers only the API error, as the endpoint does.
	Unexplained bool
}

// InstanceInput names an instance for StartInstance, StopInstance and RebootInstance.
type InstanceInput struct {
	Caller     Caller
	RegionID   string
	InstanceID string
}

// RenewInput is one RenewInstance call: the instance and the months to add.
type RenewInput struct {
	Caller     Caller
	RegionID   string
	InstanceID string
	Months     int
}

// OrderInput names an unpaid or abnormal order of an instance, to pay or cancel.
type OrderInput struct {
	Caller     Caller
	InstanceID string
	OrderID    string
}

// begin moves the world to moment t and finds the caller. The world returned on error is w.
func (w World) begin(t time.Time, c Caller) (World, *account, *model.RAMUser, error) {
	nw, err := w.Advance(t)
	if err != nil {
		return w, nil, nil, err
	}
	a, ok := nw.accounts.get(c.AccountID)
	if !ok {
		return w, nil, nil, fmt.Errorf("%w: %q", ErrUnknownAccount, c.AccountID)
	}
	var u *model.RAMUser
	if c.RAMUser != "" {
		if u, ok = a.users[c.RAMUser]; !ok {
			return w, nil, nil, fmt.Errorf("%w: %q of account %s", ErrUnknownRAMUser, c.RAMUser, c.AccountID)
		}
	}
	return nw, a, u, nil
}

// put stores account a (a fresh value, never one already in a world) and returns the outcome
// with the balance after.
func (w *World) put(a *account, out *Outcome) {
	w.accounts = w.accounts.set(a.acct.AccountID, a)
	out.BalanceAfter = a.acct.Balance
}

// withCount returns a copy of a with one more request to api in region at t.
func withCount(a *account, api, region string, t time.Time) *account {
	c := *a
	c.throttle = a.counted(api, region, t)
	return &c
}

// ModifyPrepayInstanceSpec decides and applies one request at moment t: the parameters are
// parsed (model.ParseMap), the rules decide on a view of the world (the instance if the
// caller's account owns it, the account as seen by the caller, the catalog, the policy, the
// account's token record and throttle counters), and an accepted change is applied
// (rules.Apply): the balance, the instance's orders, the quota use, the token record and the
// new or pending type. A replay of an accepted request (same ClientToken and parameters)
// answers the first outcome again and changes nothing but the throttle count. Every request
// counts against throttling, refused ones included; a request whose parameters do not parse
// counts under the RegionId it gave.
//
// The error is for misuse only (ErrTimeBackwards, ErrUnknownAccount, ErrUnknownRAMUser); a
// refusal of the API is the Outcome's Err.
func (w World) ModifyPrepayInstanceSpec(t time.Time, in ModifyInput) (World, Outcome, error) {
	nw, a, user, err := w.begin(t, in.Caller)
	if err != nil {
		return w, Outcome{}, err
	}
	out := Outcome{Operation: APIModifyPrepayInstanceSpec, At: t, AccountID: in.Caller.AccountID, InstanceID: in.Params["InstanceId"]}
	region := in.Params["RegionId"]
	req, err := model.ParseMap(in.Params)
	if err != nil {
		perr := asAPIError(err)
		out.Err = apiRefusal("request.parse", perr.Detail(), perr)
		nw.put(withCount(a, APIModifyPrepayInstanceSpec, region, t), &out)
		return nw, out, nil
	}
	f, owned := nw.modifyFacts(t, a, user, &req, region)
	p, err := rules.Decide(t, &req, &f)
	na := withCount(a, APIModifyPrepayInstanceSpec, region, t)
	if err != nil {
		out.Err = refusalOf(t, &req, &f, err, !in.Unexplained)
		nw.put(na, &out)
		return nw, out, nil
	}
	out.Plan, out.OrderID = &p, p.OrderID
	if !p.Replayed {
		nw.applyAccepted(na, owned, f, p, &out)
	}
	nw.put(na, &out)
	return nw, out, nil
}

// modifyFacts returns the facts of a ModifyPrepayInstanceSpec request of account a (as user)
// at t: the instance when a owns it, settled at t (owned is then its record), the account
// with this month's quota use, the catalog, the policy, the token record and the throttle
// counters.
func (w World) modifyFacts(t time.Time, a *account, user *model.RAMUser, req *model.Request, region string) (model.Facts, *instance) {
	var inst model.Instance
	var owned *instance
	if s, ok := w.instances.get(req.InstanceID); ok && s.owner == a.acct.AccountID {
		inst, _ = settle(s.in, t)
		owned = s
	}
	acct := w.quotasAt(a.acct)
	acct.RAMUser = user
	f := model.Facts{
		Instance: inst, Account: acct, Catalog: w.catalog, Policy: w.policy,
		Throttle: w.throttleView(a, APIModifyPrepayInstanceSpec, region, t),
	}
	if req.ClientToken != "" {
		if r, ok := a.tokens.lookup(req.ClientToken, t, w.policy.TokenTTL.D()); ok {
			f.Idempotency = model.Ledger{req.ClientToken: r}
		}
	}
	return f, owned
}

// applyAccepted applies accepted plan p (decided on f) to the world: the account na's
// balance, totals, quotas and token record, and the owned instance; out gets what was
// charged or refunded.
func (w *World) applyAccepted(na *account, owned *instance, f model.Facts, p rules.Plan, out *Outcome) {
	f2 := rules.Apply(f, p)
	delta := f2.Account.Balance.Sub(f.Account.Balance)
	na.acct.Balance = f2.Account.Balance
	na.acct.Quotas = f2.Account.Quotas
	switch {
	case delta.IsNegative():
		out.Charged = delta.Neg()
		na.charged = na.charged.Add(out.Charged)
	case delta.IsPositive():
		out.RefundedToBalance = delta
		na.refunded = na.refunded.Add(delta)
	}
	if p.Refund != nil {
		out.RefundedElsewhere = p.Refund.Total.Sub(out.RefundedToBalance)
	}
	if p.ClientToken != "" {
		na.tokens = na.tokens.with(p.ClientToken, f2.Idempotency[p.ClientToken], w.policy.TokenTTL.D())
	}
	w.instances = w.instances.set(owned.in.InstanceID, &instance{owner: owned.owner, in: f2.Instance})
}

// refusalOf returns the refusal of a request Decide refused with err: with explain, the rule
// and the evidence come from rules.Explain (the first issue with the same code); without, the
// rule is "rules.decide" and the evidence the error's detail.
func refusalOf(t time.Time, req *model.Request, f *model.Facts, err error, explain bool) *Refusal {
	var ce *errcodes.Error
	if !errors.As(err, &ce) {
		ce = errcodes.New(errcodes.InternalError, err.Error())
	}
	if !explain {
		return apiRefusal("rules.decide", ce.Detail(), ce)
	}
	// A refusal no rule of the table names (a pricing failure of the plan) keeps its detail.
	r := apiRefusal("rules.plan", ce.Detail(), ce)
	for _, is := range rules.Explain(t, req, f) {
		if is.Err != nil && is.Err.ID == ce.ID {
			r.Rule, r.Evidence = is.Rule, is.Evidence
			break
		}
	}
	return r
}

// gateway counts a request to api in region and refuses it when the account is over a
// threshold of the minute (the account threshold first, as the rules order them).
func (w World) gateway(a *account, api, region string, t time.Time) (*account, *Refusal) {
	th := w.throttleView(a, api, region, t)
	na := withCount(a, api, region, t)
	next := th.Minute.Add(time.Minute).Format(time.RFC3339)
	switch {
	case th.AccountLimit > 0 && th.AccountCount >= th.AccountLimit:
		return na, apiRefusal("gateway.throttle-account",
			fmt.Sprintf("account requests this minute %d >= account limit %d; allowed again from %s", th.AccountCount, th.AccountLimit, next),
			errcodes.New(errcodes.Throttling403, ""))
	case th.Limit > 0 && th.Count >= th.Limit:
		return na, apiRefusal("gateway.throttle-api",
			fmt.Sprintf("%s requests in %s this minute %d >= limit %d; allowed again from %s", api, region, th.Count, th.Limit, next),
			errcodes.New(errcodes.Throttling400, ""))
	}
	return na, nil
}

// find returns the caller's instance id in region at t, or the refusal of an unknown one.
func (w World) find(a *account, region, id string, t time.Time) (*instance, model.Instance, *Refusal) {
	s, ok := w.instances.get(id)
	if !ok || s.owner != a.acct.AccountID {
		return nil, model.Instance{}, apiRefusal("instance.exists", fmt.Sprintf("no instance %q is known to account %s", id, a.acct.AccountID),
			errcodes.New(errcodes.InvalidInstanceIdNotFound404, ""))
	}
	if region != "" && s.in.RegionID != region {
		return nil, model.Instance{}, apiRefusal("instance.region", fmt.Sprintf("instance %s is in %s, not in RegionId %s", id, s.in.RegionID, region),
			errcodes.New(errcodes.InvalidInstanceIdNotFound400, ""))
	}
	in, _ := settle(s.in, t)
	return s, in, nil
}

func statusRefusal(rule string, in *model.Instance, want string) *Refusal {
	return apiRefusal(rule, fmt.Sprintf("instance %s is %s; the operation needs %s", in.InstanceID, in.Status, want),
		errcodes.New(errcodes.IncorrectInstanceStatus, ""))
}

func expiredRefusal(in *model.Instance, t time.Time) *Refusal {
	return apiRefusal("instance.not-expired", fmt.Sprintf("instance %s expired at %s (now %s): renew first", in.InstanceID,
		in.ExpiredTime.UTC().Format(time.RFC3339), t.UTC().Format(time.RFC3339)), errcodes.New(errcodes.IncorrectInstanceStatus, ""))
}

// instanceOp runs one throttled ECS instance API: the gateway, the instance lookup, then act,
// which returns the instance's new state or a refusal. Starting and stopping take effect at
// once: the documents give no duration for the Starting and Stopping statuses.
func (w World) instanceOp(t time.Time, api string, in InstanceInput, act func(inst model.Instance) (model.Instance, *Refusal)) (World, Outcome, error) {
	return w.instanceOpWithAccount(t, api, in, func(inst model.Instance, bal decimal.Decimal) (model.Instance, decimal.Decimal, *Refusal) {
		inst, ref := act(inst)
		return inst, bal, ref
	})
}

// StartInstance starts a Stopped instance at t: it becomes Running and a pending type takes
// effect (the new type applies at a start through the API). An expired instance cannot be
// started (IncorrectInstanceStatus); nor can one that is not Stopped.
func (w World) StartInstance(t time.Time, in InstanceInput) (World, Outcome, error) {
	return w.instanceOp(t, APIStartInstance, in, func(inst model.Instance) (model.Instance, *Refusal) {
		if !t.Before(inst.ExpiredTime) {
			return inst, expiredRefusal(&inst, t)
		}
		if inst.Status != model.StatusStopped {
			return inst, statusRefusal("instance.stopped", &inst, "Stopped")
		}
		inst.Status = model.StatusRunning
		rules.ApplyPending(&inst)
		return inst, nil
	})
}

// StopInstance stops a Running instance at t. A pending type stays pending: stopping does not
// apply it.
func (w World) StopInstance(t time.Time, in InstanceInput) (World, Outcome, error) {
	return w.instanceOp(t, APIStopInstance, in, func(inst model.Instance) (model.Instance, *Refusal) {
		if inst.Status != model.StatusRunning {
			return inst, statusRefusal("instance.running", &inst, "Running")
		}
		inst.Status = model.StatusStopped
		return inst, nil
	})
}

// RebootInstance restarts a Running instance at t through the API: a pending type takes effect
// and the online-change count restarts.
func (w World) RebootInstance(t time.Time, in InstanceInput) (World, Outcome, error) {
	return w.instanceOp(t, APIRebootInstance, in, func(inst model.Instance) (model.Instance, *Refusal) {
		if inst.Status != model.StatusRunning {
			return inst, statusRefusal("instance.running", &inst, "Running")
		}
		rules.ApplyPending(&inst)
		return inst, nil
	})
}

// RenewInstance renews a subscription instance for in.Months months at t, paying from the
// balance the catalog's monthly list price of the billed type (the pending type when there is
// one) in the instance's region times the months, at the catalog's discount for that duration,
// rounded by the policy's charge rounding. The new period starts at the expiry, or at t when
// the instance has already expired; an expired instance that was Running stays Stopped until
// started.
func (w World) RenewInstance(t time.Time, in RenewInput) (World, Outcome, error) {
	var charged decimal.Decimal
	var orderID string
	nw, out, err := w.instanceOpWithAccount(t, APIRenewInstance, InstanceInput{Caller: in.Caller, RegionID: in.RegionID, InstanceID: in.InstanceID},
		func(inst model.Instance, balance decimal.Decimal) (model.Instance, decimal.Decimal, *Refusal) {
			if inst.ChargeType != model.ChargePrePaid {
				return inst, balance, apiRefusal("instance.subscription", "InstanceChargeType is "+inst.ChargeType,
					errcodes.New(errcodes.InvalidInstanceChargeTypeValueNotSupported, ""))
			}
			if max := w.limits.maxRenewMonths(); in.Months < 1 || in.Months > max {
				return inst, balance, &Refusal{Code: CodeInvalidPeriod, HTTPStatus: 400, Rule: "renew.period",
					Evidence: fmt.Sprintf("Months %d is outside 1 to %d", in.Months, max)}
			}
			billed := inst.InstanceType
			if inst.PendingInstanceType != "" {
				billed = inst.PendingInstanceType
			}
			typ, ok := w.catalog.Type(billed)
			var price decimal.Decimal
			if ok {
				price, ok = typ.MonthlyPrice[inst.RegionID]
			}
			if !ok {
				return inst, balance, apiRefusal("renew.price", fmt.Sprintf("no list price of %s in %s", billed, inst.RegionID),
					errcodes.New(errcodes.OrderCreationFailed, ""))
			}
			list := price.Mul(decimal.NewFromInt(int64(in.Months)))
			disc := w.catalog.Discount(in.Months)
			cash, rerr := pricing.Round(list.Mul(disc), w.policy.CurrencyPlaces, w.policy.ChargeRounding)
			if rerr != nil {
				return inst, balance, apiRefusal("renew.price", rerr.Error(), errcodes.New(errcodes.InternalError, rerr.Error()))
			}
			if balance.LessThan(cash) {
				return inst, balance, &Refusal{Code: CodeNotEnoughBalance, HTTPStatus: 403, Rule: "renew.balance",
					Evidence: fmt.Sprintf("balance %s < renewal %s", balance, cash)}
			}
			start := inst.ExpiredTime
			if !t.Before(start) {
				start = t
			}
			end := start.AddDate(0, in.Months, 0)
			orderID = "renewal-" + inst.InstanceID + "-" + end.UTC().Format("20060102150405")
			inst.Orders = append(slices.Clip(inst.Orders), model.Order{
				OrderID: orderID, Kind: model.OrderRenewal, InstanceType: billed,
				Start: start, End: end, ListPrice: list, CashPaid: cash, VoucherPaid: decimal.Zero, Discount: disc,
				PaymentMethod: model.PayBalance, PaidAt: t,
			})
			inst.ExpiredTime = end
			charged = cash
			return inst, balance.Sub(cash), nil
		})
	if err == nil && out.Err == nil {
		out.Charged, out.OrderID = charged, orderID
	}
	return nw, out, err
}

// instanceOpWithAccount is instanceOp for operations that move money: act also receives and
// returns the balance; a charge is booked in the account's totals.
func (w World) instanceOpWithAccount(t time.Time, api string, in InstanceInput, act func(inst model.Instance, balance decimal.Decimal) (model.Instance, decimal.Decimal, *Refusal)) (World, Outcome, error) {
	nw, a, _, err := w.begin(t, in.Caller)
	if err != nil {
		return w, Outcome{}, err
	}
	out := Outcome{Operation: api, At: t, AccountID: in.Caller.AccountID, InstanceID: in.InstanceID}
	var na *account
	var ref *Refusal
	if api == OpPayOrder || api == OpCancelOrder {
		c := *a
		na = &c
	} else {
		na, ref = nw.gateway(a, api, in.RegionID, t)
	}
	var s *instance
	var inst model.Instance
	if ref == nil {
		s, inst, ref = nw.find(a, in.RegionID, in.InstanceID, t)
	}
	bal := a.acct.Balance
	if ref == nil {
		inst, bal, ref = act(inst, bal)
	}
	if ref != nil {
		out.Err = ref
	} else {
		nw.instances = nw.instances.set(in.InstanceID, &instance{owner: s.owner, in: inst})
		if d := bal.Sub(na.acct.Balance); d.IsNegative() {
			na.charged = na.charged.Add(d.Neg())
		} else if d.IsPositive() {
			na.refunded = na.refunded.Add(d)
		}
		na.acct.Balance = bal
	}
	nw.put(na, &out)
	return nw, out, nil
}

// PayOrder pays an unpaid configuration-change order (AutoPay=false) from the balance at t, as
// the billing console does: the amount leaves the balance, an Upgrade order up to the expiry
// joins the history and the new type becomes pending (it takes effect at the next start or
// restart through the API). An abnormal order cannot be paid (CodeOrderAbnormal): it can only
// be cancelled. Paying is not an ECS API call and is not throttled.
func (w World) PayOrder(t time.Time, in OrderInput) (World, Outcome, error) {
	var paid decimal.Decimal
	nw, out, err := w.instanceOpWithAccount(t, OpPayOrder, InstanceInput{Caller: in.Caller, InstanceID: in.InstanceID},
		func(inst model.Instance, balance decimal.Decimal) (model.Instance, decimal.Decimal, *Refusal) {
			i := slices.IndexFunc(inst.UnpaidOrders, func(o model.UnpaidOrder) bool { return o.OrderID == in.OrderID })
			if i < 0 {
				return inst, balance, orderNotFound(&inst, in.OrderID)
			}
			o := inst.UnpaidOrders[i]
			switch {
			case o.Abnormal:
				return inst, balance, &Refusal{Code: CodeOrderAbnormal, HTTPStatus: 403, Rule: "order.abnormal",
					Evidence: "order " + o.OrderID + " is abnormal (AutoPay lacked balance): it can only be cancelled"}
			case o.Kind != model.UnpaidModification:
				return inst, balance, &Refusal{Code: CodeOrderNotFound, HTTPStatus: 404, Rule: "order.kind",
					Evidence: "order " + o.OrderID + " is an unpaid " + o.Kind + " order; only configuration-change orders are paid here"}
			case !t.Before(inst.ExpiredTime):
				return inst, balance, expiredRefusal(&inst, t)
			case balance.LessThan(o.Amount):
				return inst, balance, &Refusal{Code: CodeNotEnoughBalance, HTTPStatus: 403, Rule: "order.balance",
					Evidence: fmt.Sprintf("balance %s < order %s", balance, o.Amount)}
			}
			rules.PayModification(&inst, o, t)
			paid = o.Amount
			return inst, balance.Sub(o.Amount), nil
		})
	if err == nil && out.Err == nil {
		out.Charged, out.OrderID = paid, in.OrderID
	}
	return nw, out, err
}

// CancelOrder cancels an unpaid or abnormal order at t: it leaves the instance's unpaid orders
// and nothing else changes. Cancelling is not an ECS API call and is not throttled.
func (w World) CancelOrder(t time.Time, in OrderInput) (World, Outcome, error) {
	nw, out, err := w.instanceOpWithAccount(t, OpCancelOrder, InstanceInput{Caller: in.Caller, InstanceID: in.InstanceID},
		func(inst model.Instance, balance decimal.Decimal) (model.Instance, decimal.Decimal, *Refusal) {
			i := slices.IndexFunc(inst.UnpaidOrders, func(o model.UnpaidOrder) bool { return o.OrderID == in.OrderID })
			if i < 0 {
				return inst, balance, orderNotFound(&inst, in.OrderID)
			}
			inst.UnpaidOrders = slices.Delete(slices.Clone(inst.UnpaidOrders), i, i+1)
			return inst, balance, nil
		})
	if err == nil && out.Err == nil {
		out.OrderID = in.OrderID
	}
	return nw, out, err
}

func orderNotFound(inst *model.Instance, id string) *Refusal {
	return &Refusal{Code: CodeOrderNotFound, HTTPStatus: 404, Rule: "order.exists",
		Evidence: fmt.Sprintf("instance %s has no unpaid order %q", inst.InstanceID, id)}
}
