package fleet

import (
	"fmt"
	"slices"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/rules"
	"github.com/respec-dev/respec/world"
)

// Cause says that the plan's own earlier requests caused a refusal (or an abnormal order):
// the plan's starting world, at the same moment, answers the same request otherwise (accepts
// it with a paid order, or refuses it with another code). Reason names the kind, from the
// refusal's code, and Fact the fact that changed, with its value in the starting world and
// when the request was sent.
//
// The attribution re-sends the same request, at the same moment, to the starting world (the
// world Run was given, brought to that moment): nothing else of the plan has happened there.
// A refusal the starting world gives too (the same code) is not the plan's doing.
type Cause struct {
	// Reason is one of the Reason names.
	Reason string `json:"Reason"`
	// Fact states the fact that changed, in the starting world and when the request was sent.
	Fact string `json:"Fact"`
}

// Reasons a refusal is attributed to the plan (Cause.Reason).
const (
	// ReasonBalance: the plan's own charges used up the balance (NotEnoughBalance, or an
	// abnormal order).
	ReasonBalance = "balance used up"
	// ReasonQuota: the plan's own downgrades used a monthly quota (of downgrades, or of
	// refunded vCPU·hours).
	ReasonQuota = "quota used"
	// ReasonThrottle: the plan's own requests in the same minute reached the limit.
	ReasonThrottle = "throttled"
	// ReasonInFlight: an order of the plan was still processing (LastOrderProcessing).
	ReasonInFlight = "order of the plan still processing"
	// ReasonInstance: the plan's own requests changed the instance (its status, type or
	// pending type), for any other refusal.
	ReasonInstance = "instance changed by the plan"
)

// attribute returns the cause of final outcome o of s sent at t, or nil when the starting
// world refuses it too.
func (r *runner) attribute(t time.Time, s sent, o *Outcome) *Cause {
	w0, err := r.w0.Advance(t)
	if err != nil {
		return nil
	}
	_, out0, err := s.call(w0, t)
	if err != nil || sameAnswer(&out0, o) {
		return nil // the starting world answers the same: the plan did not cause it
	}
	c := causeKinds[slices.IndexFunc(causeKinds, func(k causeKind) bool { return k.is(o) })]
	return &Cause{Reason: c.reason, Fact: c.fact(r, w0, t, s, o)}
}

// causeKind is one kind of cause: the answers it explains and how it states the fact that
// changed.
type causeKind struct {
	reason string
	is     func(o *Outcome) bool
	fact   func(r *runner, w0 world.World, t time.Time, s sent, o *Outcome) string
}

// causeKinds are the kinds of cause, tried in order; the last explains any answer.
var causeKinds = []causeKind{
	{ReasonThrottle, func(o *Outcome) bool { return isThrottled(o.Code) }, (*runner).throttleFact},
	{ReasonBalance, func(o *Outcome) bool { return o.Class() == ClassAbnormal || o.Code == world.CodeNotEnoughBalance }, (*runner).balanceFact},
	{ReasonInFlight, func(o *Outcome) bool { return o.Code == errcodes.LastOrderProcessing.Code() }, (*runner).inFlightFact},
	{ReasonQuota, func(o *Outcome) bool {
		return o.Code == errcodes.InstanceDowngradeQuotaExceed.Code() || o.Code == errcodes.QuotaExceedRufundVcpu.Code()
	}, (*runner).quotaFact},
	{ReasonInstance, func(*Outcome) bool { return true }, (*runner).instanceFact},
}

// sameAnswer reports whether the starting world's answer out0 is o's: the same abnormal
// order, or the same refusal.
func sameAnswer(out0 *world.Outcome, o *Outcome) bool {
	if o.Code != "" {
		return out0.Code() == o.Code
	}
	return o.Class() == ClassAbnormal && abnormal(out0)
}

// abnormal reports whether out is an accepted change whose order is abnormal.
func abnormal(out *world.Outcome) bool {
	return out.Plan != nil && out.Plan.Charge != nil && out.Plan.Charge.OrderStatus == rules.OrderAbnormal
}

// throttleFact counts the requests of the minute: the plan's own ones used the rate.
func (r *runner) throttleFact(w0 world.World, t time.Time, s sent, o *Outcome) string {
	acct := o.AccountID
	region := ""
	if in, _, ok := r.w.Instance(o.InstanceID); ok {
		region = in.RegionID
	}
	n0, _ := w0.Requests(acct, s.op, region)
	n, _ := r.w.Requests(acct, s.op, region)
	return fmt.Sprintf("%s requests of account %s in %s in the minute of %s: %d counted before it in the starting world, %d when sent",
		s.op, acct, region, t.UTC().Truncate(time.Minute).Format(time.RFC3339), n0, n-1)
}

// balanceFact states the balance the plan's own charges used up.
func (r *runner) balanceFact(w0 world.World, _ time.Time, _ sent, o *Outcome) string {
	acct := o.AccountID
	st0, _ := w0.Account(acct)
	st, _ := r.w.Account(acct)
	return fmt.Sprintf("balance of account %s: %s in the starting world, %s when sent", acct, st0.Account.Balance, st.Account.Balance)
}

// inFlightFact states the order of the plan's still processing.
func (r *runner) inFlightFact(_ world.World, _ time.Time, _ sent, o *Outcome) string {
	in, _, _ := r.w.Instance(o.InstanceID)
	until := ""
	if in.OrderInProgress != nil {
		until = in.OrderInProgress.Until.UTC().Format(time.RFC3339Nano)
	}
	return fmt.Sprintf("instance %s: no order in progress in the starting world, one processing until %s when sent", o.InstanceID, until)
}

// quotaFact counts the month's downgrades: the plan's own ones used the quota.
func (r *runner) quotaFact(w0 world.World, t time.Time, _ sent, o *Outcome) string {
	acct := o.AccountID
	st0, _ := w0.Account(acct)
	st, _ := r.w.Account(acct)
	pol := r.w.Policy()
	return fmt.Sprintf("downgrades of account %s this month: %d in the starting world, %d when sent",
		acct, downgradesThisMonth(&st0.Account, t, &pol), downgradesThisMonth(&st.Account, t, &pol))
}

// instanceFact states the instance the plan's own requests changed.
func (r *runner) instanceFact(w0 world.World, _ time.Time, _ sent, o *Outcome) string {
	in0, _, _ := w0.Instance(o.InstanceID)
	in, _, _ := r.w.Instance(o.InstanceID)
	return fmt.Sprintf("instance %s: %s %s (pending %q) in the starting world, %s %s (pending %q) when sent",
		o.InstanceID, in0.Status, in0.InstanceType, in0.PendingInstanceType, in.Status, in.InstanceType, in.PendingInstanceType)
}
