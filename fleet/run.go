package fleet

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/fleet/plan"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/respec-dev/respec/world"
	"github.com/shopspring/decimal"
)

// ErrInvalidPlan is wrapped by every error Run returns for a plan it cannot run (the message
// names the request or rule and the field). A request the API refuses is an Outcome, never an
// error.
var ErrInvalidPlan = errors.New("fleet: invalid plan")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrInvalidPlan}, args...)...)
}

// Outcome is one request sent: the plan request it belongs to, the orchestration option that
// sent it (none for the request itself), and what the world answered.
type Outcome struct {
	// Index is the plan request's position once the rules are expanded; Rule names the
	// resize rule it came from ("" for a listed request).
	Index int    `json:"Index"`
	Rule  string `json:"Rule,omitempty"`
	// Option is the orchestration option that sent this request ("" for the request itself);
	// Attempt counts the requests sent for the plan request's operation (1 for the first).
	Option  string    `json:"Option,omitempty"`
	Attempt int       `json:"Attempt"`
	At      time.Time `json:"At"`
	// Operation, AccountID, InstanceID and, for a change, the InstanceType asked for.
	Operation    string `json:"Operation"`
	AccountID    string `json:"AccountId"`
	InstanceID   string `json:"InstanceId"`
	InstanceType string `json:"InstanceType,omitempty"`
	// Final marks the last outcome of the plan request's own operation: its answer.
	Final bool `json:"Final,omitempty"`
	// Code is the refusal's code ("" when accepted), with its status, rule and evidence.
	Code       string `json:"Code,omitempty"`
	HTTPStatus int    `json:"HttpStatus,omitempty"`
	RefusedBy  string `json:"RefusedBy,omitempty"`
	Evidence   string `json:"Evidence,omitempty"`
	// Decision is an accepted change.
	Decision *Decision `json:"Decision,omitempty"`
	// Charged left the balance; RefundedToBalance was credited to it; RefundedElsewhere went
	// to cards or PayPal. BalanceAfter is the account's balance after the request.
	Charged           decimal.Decimal `json:"Charged"`
	RefundedToBalance decimal.Decimal `json:"RefundedToBalance"`
	RefundedElsewhere decimal.Decimal `json:"RefundedElsewhere"`
	BalanceAfter      decimal.Decimal `json:"BalanceAfter"`
	// CausedByPlan, on a final outcome that was refused (or whose order is abnormal), says
	// that the plan's starting world would have accepted it, and which fact the plan's
	// earlier requests changed.
	CausedByPlan *Cause `json:"CausedByPlan,omitempty"`
}

// Decision is an accepted ModifyPrepayInstanceSpec.
type Decision struct {
	Direction   model.OperatorType `json:"Direction"`
	FromType    string             `json:"FromInstanceType"`
	ToType      string             `json:"ToInstanceType"`
	OrderID     string             `json:"OrderId"`
	OrderStatus string             `json:"OrderStatus,omitempty"`
	Effect      string             `json:"Effect"`
	CompletesAt time.Time          `json:"CompletesAt"`
	Replayed    bool               `json:"Replayed,omitempty"`
}

// Outcome classes beyond the API's codes, as Summary.Final counts them.
const (
	// ClassAccepted is an accepted request (a paid order, or no money moved).
	ClassAccepted = "Accepted"
	// ClassAbnormal is an accepted change whose AutoPay order could not be paid: the balance
	// did not cover it, the order is abnormal and nothing changes until it is cancelled.
	ClassAbnormal = "Accepted.OrderAbnormal"
	// ClassUnpaid is an accepted change left unpaid (AutoPay false).
	ClassUnpaid = "Accepted.OrderUnpaid"
)

// Class returns the outcome's class: its code, or one of the Class names when accepted.
func (o *Outcome) Class() string {
	switch {
	case o.Code != "":
		return o.Code
	case o.Decision != nil && o.Decision.OrderStatus == rules.OrderAbnormal:
		return ClassAbnormal
	case o.Decision != nil && o.Decision.OrderStatus == rules.OrderUnpaid:
		return ClassUnpaid
	}
	return ClassAccepted
}

// Result is a plan's run: every outcome in the order sent, the summary, and the world at the
// end.
type Result struct {
	Outcomes []Outcome
	Summary  Summary
	World    world.World
}

// Run runs plan p on world w. w is not changed. The error is for a plan that cannot be run
// (ErrInvalidPlan); every answer of the API is an Outcome.
func Run(w world.World, p Plan) (Result, error) {
	reqs, origin, err := expand(w, &p)
	if err != nil {
		return Result{}, err
	}
	r := runner{w0: w, w: w, opts: p.Options, touched: map[string]bool{}, attempts: map[string]int{}}
	clock := w.Now()
	for i := range reqs {
		rq := &reqs[i]
		t := rq.At
		if t.Before(clock) {
			t = clock
		}
		r.index, r.rule = i, origin[i]
		clear(r.attempts)
		clock = r.do(t, rq)
	}
	res := Result{Outcomes: r.outs, World: r.w}
	res.Summary = summarize(w, r.w, reqs, r.outs, r.touched)
	return res, nil
}

// expand checks the plan and returns its requests, the rules expanded and merged by moment,
// with the name of the rule each came from.
func expand(w world.World, p *Plan) ([]Request, []string, error) {
	for _, b := range []*Backoff{p.Options.RetryThrottling, p.Options.WaitOrderProcessing} {
		if b != nil && (b.Retries < 0 || b.Retries > MaxRetries || b.Initial < 0 || b.Max < 0 || b.Multiplier < 0 || b.Multiplier > plan.MaxMultiplier) {
			return nil, nil, invalid("a Backoff needs 0 to %d Retries, Initial and Max at least 0 and Multiplier 0 to %d", MaxRetries, plan.MaxMultiplier)
		}
	}
	if len(p.Requests) > MaxRequests {
		return nil, nil, invalid("%d requests, more than %d", len(p.Requests), MaxRequests)
	}
	type item struct {
		rq   Request
		rule string
	}
	items := make([]item, 0, len(p.Requests))
	for i, rq := range p.Requests {
		if err := check(w, &rq); err != nil {
			return nil, nil, fmt.Errorf("request %d: %w", i, err)
		}
		if i > 0 && rq.At.Before(p.Requests[i-1].At) {
			return nil, nil, fmt.Errorf("request %d: %w", i, invalid("At %s is before the previous request's", rq.At.UTC().Format(time.RFC3339Nano)))
		}
		items = append(items, item{rq: rq})
	}
	cat := w.Catalog()
	for k, rule := range p.Rules {
		name := rule.Name
		if name == "" {
			name = "rule " + strconv.Itoa(k)
		}
		if len(rule.Targets) == 0 || rule.Interval < 0 || rule.Start.Before(w.Now()) {
			return nil, nil, fmt.Errorf("%s: %w", name, invalid("a resize rule needs Targets, an Interval at least 0 and a Start not before the world's moment"))
		}
		n := 0
		for _, id := range w.InstanceIDs() {
			in, owner, _ := w.Instance(id)
			if !matches(&rule.Filter, &in, owner, cat) {
				continue
			}
			if len(items) >= MaxRequests {
				return nil, nil, fmt.Errorf("%s: %w", name, invalid("the plan expands to more than %d requests", MaxRequests))
			}
			params := cloneParams(rule.Params)
			if rule.TokenPrefix != "" {
				params["ClientToken"] = rule.TokenPrefix + id
			}
			items = append(items, item{rule: name, rq: Request{
				At: rule.Start.Add(time.Duration(n) * rule.Interval.D()), Operation: OpModify, AccountID: owner,
				InstanceID: id, RegionID: in.RegionID, Targets: slices.Clone(rule.Targets), Params: params,
			}})
			n++
		}
	}
	slices.SortStableFunc(items, func(a, b item) int { return a.rq.At.Compare(b.rq.At) })
	reqs := make([]Request, len(items))
	origin := make([]string, len(items))
	for i, it := range items {
		reqs[i], origin[i] = it.rq, it.rule
	}
	return reqs, origin, nil
}

func cloneParams(m map[string]string) map[string]string {
	out := make(map[string]string, len(m)+1)
	for k, v := range m {
		out[k] = v
	}
	return out
}

// check refuses a listed request the plan cannot run.
func check(w world.World, rq *Request) error {
	if rq.At.Before(w.Now()) {
		return invalid("At %s is before the world's moment %s", rq.At.UTC().Format(time.RFC3339Nano), w.Now().UTC().Format(time.RFC3339Nano))
	}
	if _, _, ok := w.Instance(rq.InstanceID); !ok {
		return invalid("InstanceId %q is not an instance of the world", rq.InstanceID)
	}
	_, owner, _ := w.Instance(rq.InstanceID)
	acct := rq.AccountID
	if acct == "" {
		acct = owner
	}
	st, ok := w.Account(acct)
	if !ok {
		return invalid("AccountId %q is not an account of the world", rq.AccountID)
	}
	if rq.RAMUser != "" && !slices.ContainsFunc(st.RAMUsers, func(u model.RAMUser) bool { return u.Name == rq.RAMUser }) {
		return invalid("RamUser %q is not a RAM user of account %s", rq.RAMUser, acct)
	}
	if rq.Months < 0 || rq.Months > plan.MaxMonths {
		return invalid("Months %d is outside 0 to %d", rq.Months, plan.MaxMonths)
	}
	switch rq.Operation {
	case OpModify:
		if len(rq.Targets) == 0 {
			return invalid("a %s needs Targets", OpModify)
		}
	case OpStart, OpStop, OpReboot, OpRenew, OpPay, OpCancel:
	default:
		return invalid("unknown Operation %q", rq.Operation)
	}
	return nil
}

// matches reports whether the filter selects instance in of account owner.
func matches(f *Filter, in *model.Instance, owner string, cat *model.Catalog) bool {
	if len(f.InstanceTypes) > 0 && !slices.Contains(f.InstanceTypes, in.InstanceType) {
		return false
	}
	if len(f.Families) > 0 {
		t, ok := cat.Type(in.InstanceType)
		if !ok || !slices.Contains(f.Families, t.Family) {
			return false
		}
	}
	if len(f.Zones) > 0 && !slices.Contains(f.Zones, in.ZoneID) {
		return false
	}
	if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, in.Status) {
		return false
	}
	if len(f.AccountIDs) > 0 && !slices.Contains(f.AccountIDs, owner) {
		return false
	}
	for _, want := range f.Tags {
		if !slices.ContainsFunc(in.Tags, func(t model.Tag) bool {
			return t.TagKey == want.TagKey && (want.TagValue == "" || t.TagValue == want.TagValue)
		}) {
			return false
		}
	}
	return true
}

// runner holds a run's state.
type runner struct {
	w0, w   world.World
	opts    Options
	outs    []Outcome
	index   int
	rule    string
	touched map[string]bool
	// attempts counts the requests sent for the current plan request, by operation.
	attempts map[string]int
}

// sent is one operation to send at a moment: the world's call and how to describe it.
type sent struct {
	op, typ string
	call    func(w world.World, t time.Time) (world.World, world.Outcome, error)
}

// do runs plan request rq from moment t with its orchestration and returns the moment it
// ends.
func (r *runner) do(t time.Time, rq *Request) time.Time {
	_, owner, _ := r.w.Instance(rq.InstanceID)
	c := world.Caller{AccountID: rq.AccountID, RAMUser: rq.RAMUser}
	if c.AccountID == "" {
		c.AccountID = owner
	}
	region := rq.RegionID
	r.touched[rq.InstanceID] = true
	ii := world.InstanceInput{Caller: c, RegionID: region, InstanceID: rq.InstanceID}
	switch rq.Operation {
	case OpStart:
		t, _ = r.send(t, "", true, sent{op: OpStart, call: func(w world.World, t time.Time) (world.World, world.Outcome, error) { return w.StartInstance(t, ii) }})
		return t
	case OpStop:
		t, _ = r.send(t, "", true, sent{op: OpStop, call: func(w world.World, t time.Time) (world.World, world.Outcome, error) { return w.StopInstance(t, ii) }})
		return t
	case OpReboot:
		t, _ = r.send(t, "", true, sent{op: OpReboot, call: func(w world.World, t time.Time) (world.World, world.Outcome, error) { return w.RebootInstance(t, ii) }})
		return t
	case OpRenew:
		in := world.RenewInput{Caller: c, RegionID: region, InstanceID: rq.InstanceID, Months: rq.Months}
		t, _ = r.send(t, "", true, sent{op: OpRenew, call: func(w world.World, t time.Time) (world.World, world.Outcome, error) { return w.RenewInstance(t, in) }})
		return t
	case OpPay, OpCancel:
		in := world.OrderInput{Caller: c, InstanceID: rq.InstanceID, OrderID: rq.OrderID}
		call := func(w world.World, t time.Time) (world.World, world.Outcome, error) { return w.PayOrder(t, in) }
		if rq.Operation == OpCancel {
			call = func(w world.World, t time.Time) (world.World, world.Outcome, error) { return w.CancelOrder(t, in) }
		}
		t, _ = r.send(t, "", true, sent{op: rq.Operation, call: call})
		return t
	}
	// ModifyPrepayInstanceSpec, with its orchestration.
	stopped := false
	if in, _, _ := r.w.Instance(rq.InstanceID); r.opts.StopStart && in.Status == model.StatusRunning {
		var o *Outcome
		t, o = r.send(t, OptionStopBefore, false, sent{op: OpStop, call: func(w world.World, t time.Time) (world.World, world.Outcome, error) { return w.StopInstance(t, ii) }})
		stopped = o.Code == ""
	}
	cand, waits := 0, 0
	option := ""
	var last *Outcome
	for {
		params := cloneParams(rq.Params)
		params["InstanceId"], params["InstanceType"] = rq.InstanceID, rq.Targets[cand]
		if region != "" {
			params["RegionId"] = region
		} else if in, _, ok := r.w.Instance(rq.InstanceID); ok {
			params["RegionId"] = in.RegionID
		}
		mi := world.ModifyInput{Caller: c, Params: params}
		t, last = r.send(t, option, true, sent{op: OpModify, typ: rq.Targets[cand], call: func(w world.World, t time.Time) (world.World, world.Outcome, error) {
			return w.ModifyPrepayInstanceSpec(t, mi)
		}})
		switch {
		case last.Code == errcodes.LastOrderProcessing.Code() && r.opts.WaitOrderProcessing != nil && waits < r.opts.WaitOrderProcessing.Retries:
			t = t.Add(pause(r.opts.WaitOrderProcessing, waits))
			waits++
			option = OptionWaitOrderProcessing
			last.Final = false
			continue
		case last.Code == errcodes.OperationDeniedNoStock.Code() && r.opts.NextCandidateOnNoStock && cand+1 < len(rq.Targets):
			cand++
			option = OptionNextCandidate
			last.Final = false
			continue
		}
		break
	}
	if stopped {
		at := t
		if d := last.Decision; d != nil && d.CompletesAt.After(at) {
			at = d.CompletesAt // the client waits for the change to complete, then starts
		}
		t, _ = r.send(at, OptionStartAfter, false, sent{op: OpStart, call: func(w world.World, t time.Time) (world.World, world.Outcome, error) { return w.StartInstance(t, ii) }})
	}
	return t
}

// send sends s at t, retrying on Throttling under the RetryThrottling option, records each
// outcome, and returns the moment after and the last outcome (final marks it as the plan
// request's answer).
func (r *runner) send(t time.Time, option string, final bool, s sent) (time.Time, *Outcome) {
	retries := 0
	for {
		r.attempts[s.op]++
		attempt := r.attempts[s.op]
		w, out, err := s.call(r.w, t)
		if err != nil {
			// Misuse, which the plan's check rules out (an unknown caller or RAM user, a
			// moment before Now): reported as a refusal rather than lost.
			out = world.Outcome{Operation: s.op, At: t, Err: &world.Refusal{Code: "InvalidPlan", Rule: "plan.check", Evidence: err.Error()}}
		} else {
			r.w = w
		}
		o := r.record(t, option, attempt, s, &out)
		o.Final = final
		if isThrottled(o.Code) && r.opts.RetryThrottling != nil && retries < r.opts.RetryThrottling.Retries {
			t = t.Add(pause(r.opts.RetryThrottling, retries))
			retries++
			option = OptionRetryThrottling
			o.Final = false
			continue
		}
		if final && (o.Code != "" || o.Class() == ClassAbnormal) {
			o.CausedByPlan = r.attribute(t, s, o)
		}
		return t, o
	}
}

func isThrottled(code string) bool { return code == errcodes.Throttling400.Code() }

// record appends the outcome of one request sent.
func (r *runner) record(t time.Time, option string, attempt int, s sent, out *world.Outcome) *Outcome {
	o := Outcome{Index: r.index, Rule: r.rule, Option: option, Attempt: attempt, At: t, Operation: s.op,
		AccountID: out.AccountID, InstanceID: out.InstanceID, InstanceType: s.typ,
		Charged: out.Charged, RefundedToBalance: out.RefundedToBalance, RefundedElsewhere: out.RefundedElsewhere, BalanceAfter: out.BalanceAfter}
	if o.InstanceID == "" {
		o.InstanceID = r.outInstance()
	}
	var ref *world.Refusal
	if errors.As(out.Err, &ref) {
		o.Code, o.HTTPStatus, o.RefusedBy, o.Evidence = ref.Code, ref.HTTPStatus, ref.Rule, ref.Evidence
	}
	if p := out.Plan; p != nil {
		d := &Decision{Direction: p.Direction, FromType: p.FromType, ToType: p.ToType, OrderID: p.OrderID,
			Effect: string(p.Effect.When), CompletesAt: p.CompletesAt, Replayed: p.Replayed}
		if p.Charge != nil {
			d.OrderStatus = p.Charge.OrderStatus
		}
		o.Decision = d
	}
	r.outs = append(r.outs, o)
	return &r.outs[len(r.outs)-1]
}

func (r *runner) outInstance() string {
	if n := len(r.outs); n > 0 {
		return r.outs[n-1].InstanceID
	}
	return ""
}
