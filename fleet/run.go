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
	// Direction is upgrade or downgrade.
	Direction model.OperatorType `json:"Direction"`
	// FromType is the type changed from, ToType the type changed to.
	FromType string `json:"FromInstanceType"`
	ToType   string `json:"ToInstanceType"`
	// OrderID is the order the change placed.
	OrderID string `json:"OrderId"`
	// OrderStatus is an upgrade order's status (Paid, Unpaid or Abnormal; "" for a
	// downgrade).
	OrderStatus string `json:"OrderStatus,omitempty"`
	// Effect is when the new type takes effect (one of rules' Effect names).
	Effect string `json:"Effect"`
	// CompletesAt is when the change completes.
	CompletesAt time.Time `json:"CompletesAt"`
	// Replayed: the ClientToken replayed an earlier identical request.
	Replayed bool `json:"Replayed,omitempty"`
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
	if o.Code != "" {
		return o.Code
	}
	if o.Decision == nil {
		return ClassAccepted
	}
	switch o.Decision.OrderStatus {
	case rules.OrderAbnormal:
		return ClassAbnormal
	case rules.OrderUnpaid:
		return ClassUnpaid
	}
	return ClassAccepted
}

// troubled reports whether the outcome is a refusal or an abnormal order, the answers the
// plan's earlier requests may have caused.
func (o *Outcome) troubled() bool { return o.Code != "" || o.Class() == ClassAbnormal }

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
		r.index, r.rule = i, origin[i]
		clear(r.attempts)
		clock = r.do(later(rq.At, clock), rq)
	}
	res := Result{Outcomes: r.outs, World: r.w}
	res.Summary = summarize(w, r.w, reqs, r.outs, r.touched)
	return res, nil
}

// later returns the later of t and u.
func later(t, u time.Time) time.Time {
	if t.Before(u) {
		return u
	}
	return t
}

// planned is one request of the expanded plan and the name of the rule it came from ("" for
// a listed request).
type planned struct {
	rq   Request
	rule string
}

// expand checks the plan and returns its requests, the rules expanded and merged by moment,
// with the name of the rule each came from.
func expand(w world.World, p *Plan) ([]Request, []string, error) {
	if err := checkOptions(&p.Options); err != nil {
		return nil, nil, err
	}
	items, err := listed(w, p.Requests)
	if err != nil {
		return nil, nil, err
	}
	for k := range p.Rules {
		if items, err = expandRule(w, &p.Rules[k], k, items); err != nil {
			return nil, nil, err
		}
	}
	slices.SortStableFunc(items, func(a, b planned) int { return a.rq.At.Compare(b.rq.At) })
	reqs := make([]Request, len(items))
	origin := make([]string, len(items))
	for i, it := range items {
		reqs[i], origin[i] = it.rq, it.rule
	}
	return reqs, origin, nil
}

// checkOptions refuses a Backoff out of its ranges.
func checkOptions(o *Options) error {
	for _, b := range []*Backoff{o.RetryThrottling, o.WaitOrderProcessing} {
		if b != nil && !backoffInRange(b) {
			return invalid("a Backoff needs 0 to %d Retries, Initial and Max at least 0 and Multiplier 0 to %d", MaxRetries, plan.MaxMultiplier)
		}
	}
	return nil
}

// backoffInRange reports whether every field of b is within its range.
func backoffInRange(b *Backoff) bool {
	return b.Retries >= 0 && b.Retries <= MaxRetries && b.Initial >= 0 && b.Max >= 0 &&
		b.Multiplier >= 0 && b.Multiplier <= plan.MaxMultiplier
}

// listed checks the plan's listed requests and returns them as planned items.
func listed(w world.World, rqs []Request) ([]planned, error) {
	if len(rqs) > MaxRequests {
		return nil, invalid("%d requests, more than %d", len(rqs), MaxRequests)
	}
	items := make([]planned, 0, len(rqs))
	for i, rq := range rqs {
		if err := check(w, &rq); err != nil {
			return nil, fmt.Errorf("request %d: %w", i, err)
		}
		if i > 0 && rq.At.Before(rqs[i-1].At) {
			return nil, fmt.Errorf("request %d: %w", i, invalid("At %s is before the previous request's", rq.At.UTC().Format(time.RFC3339Nano)))
		}
		items = append(items, planned{rq: rq})
	}
	return items, nil
}

// expandRule appends to items a request for each instance rule k selects, one every
// Interval from its Start.
func expandRule(w world.World, rule *ResizeRule, k int, items []planned) ([]planned, error) {
	name := ruleName(rule, k)
	if !ruleValid(w, rule) {
		return nil, fmt.Errorf("%s: %w", name, invalid("a resize rule needs Targets, an Interval at least 0 and a Start not before the world's moment"))
	}
	cat := w.Catalog()
	n := 0
	for _, id := range w.InstanceIDs() {
		in, owner, _ := w.Instance(id)
		if !matches(&rule.Filter, &in, owner, cat) {
			continue
		}
		if len(items) >= MaxRequests {
			return nil, fmt.Errorf("%s: %w", name, invalid("the plan expands to more than %d requests", MaxRequests))
		}
		at := rule.Start.Add(time.Duration(n) * rule.Interval.D())
		items = append(items, planned{rule: name, rq: ruleRequest(rule, at, owner, &in)})
		n++
	}
	return items, nil
}

// ruleName is rule k's name in the output: its Name, or "rule k".
func ruleName(rule *ResizeRule, k int) string {
	if rule.Name == "" {
		return "rule " + strconv.Itoa(k)
	}
	return rule.Name
}

// ruleValid reports whether rule has targets, an interval at least 0 and a start not before
// w's moment.
func ruleValid(w world.World, rule *ResizeRule) bool {
	return len(rule.Targets) > 0 && rule.Interval >= 0 && !rule.Start.Before(w.Now())
}

// ruleRequest is the request rule sends at moment at for instance in of account owner.
func ruleRequest(rule *ResizeRule, at time.Time, owner string, in *model.Instance) Request {
	params := cloneParams(rule.Params)
	if rule.TokenPrefix != "" {
		params["ClientToken"] = rule.TokenPrefix + in.InstanceID
	}
	return Request{At: at, Operation: OpModify, AccountID: owner, InstanceID: in.InstanceID,
		RegionID: in.RegionID, Targets: slices.Clone(rule.Targets), Params: params}
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
	_, owner, ok := w.Instance(rq.InstanceID)
	if !ok {
		return invalid("InstanceId %q is not an instance of the world", rq.InstanceID)
	}
	if err := checkCaller(w, rq, owner); err != nil {
		return err
	}
	if rq.Months < 0 || rq.Months > plan.MaxMonths {
		return invalid("Months %d is outside 0 to %d", rq.Months, plan.MaxMonths)
	}
	return checkOperation(rq)
}

// checkCaller refuses a request whose account or RAM user the world does not hold.
func checkCaller(w world.World, rq *Request, owner string) error {
	acct := orOwner(rq.AccountID, owner)
	st, ok := w.Account(acct)
	if !ok {
		return invalid("AccountId %q is not an account of the world", rq.AccountID)
	}
	if rq.RAMUser != "" && !slices.ContainsFunc(st.RAMUsers, func(u model.RAMUser) bool { return u.Name == rq.RAMUser }) {
		return invalid("RamUser %q is not a RAM user of account %s", rq.RAMUser, acct)
	}
	return nil
}

// orOwner returns account, or owner when account is "" (the request's default caller).
func orOwner(account, owner string) string {
	if account == "" {
		return owner
	}
	return account
}

// checkOperation refuses an unknown operation, and a change without targets.
func checkOperation(rq *Request) error {
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
	return anyOf(f.InstanceTypes, in.InstanceType) && inFamilies(f.Families, in.InstanceType, cat) &&
		anyOf(f.Zones, in.ZoneID) && anyOf(f.Statuses, in.Status) && anyOf(f.AccountIDs, owner) &&
		hasTags(in.Tags, f.Tags)
}

// anyOf reports whether v is one of list, or list is empty (a filter field not set).
func anyOf[T comparable](list []T, v T) bool {
	return len(list) == 0 || slices.Contains(list, v)
}

// inFamilies reports whether instance type typ is of one of families (or families is empty).
func inFamilies(families []string, typ string, cat *model.Catalog) bool {
	if len(families) == 0 {
		return true
	}
	t, ok := cat.Type(typ)
	return ok && slices.Contains(families, t.Family)
}

// hasTags reports whether tags hold every tag of want, each with its value (a TagValue ""
// matches any value).
func hasTags(tags, want []model.Tag) bool {
	for _, w := range want {
		if !slices.ContainsFunc(tags, func(t model.Tag) bool {
			return t.TagKey == w.TagKey && (w.TagValue == "" || t.TagValue == w.TagValue)
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

// call sends one operation to world w at moment t.
type call func(w world.World, t time.Time) (world.World, world.Outcome, error)

// sent is one operation to send at a moment: the world's call and how to describe it.
type sent struct {
	op, typ string
	call    call
}

// instanceOps are the world's operations on an instance that take an InstanceInput.
var instanceOps = map[string]func(world.World, time.Time, world.InstanceInput) (world.World, world.Outcome, error){
	OpStart:  world.World.StartInstance,
	OpStop:   world.World.StopInstance,
	OpReboot: world.World.RebootInstance,
}

// orderOps are the world's operations on an order.
var orderOps = map[string]func(world.World, time.Time, world.OrderInput) (world.World, world.Outcome, error){
	OpPay:    world.World.PayOrder,
	OpCancel: world.World.CancelOrder,
}

// instanceCall is the call of instance operation op with input in.
func instanceCall(op string, in world.InstanceInput) sent {
	f := instanceOps[op]
	return sent{op: op, call: func(w world.World, t time.Time) (world.World, world.Outcome, error) { return f(w, t, in) }}
}

// do runs plan request rq from moment t with its orchestration and returns the moment it
// ends.
func (r *runner) do(t time.Time, rq *Request) time.Time {
	_, owner, _ := r.w.Instance(rq.InstanceID)
	c := world.Caller{AccountID: orOwner(rq.AccountID, owner), RAMUser: rq.RAMUser}
	r.touched[rq.InstanceID] = true
	if rq.Operation == OpModify {
		return r.modify(t, rq, c)
	}
	t, _ = r.send(t, "", true, r.plain(rq, c))
	return t
}

// plain is the call of a plan request other than a ModifyPrepayInstanceSpec, by caller c.
func (r *runner) plain(rq *Request, c world.Caller) sent {
	ii := world.InstanceInput{Caller: c, RegionID: rq.RegionID, InstanceID: rq.InstanceID}
	if _, ok := instanceOps[rq.Operation]; ok {
		return instanceCall(rq.Operation, ii)
	}
	if f, ok := orderOps[rq.Operation]; ok {
		in := world.OrderInput{Caller: c, InstanceID: rq.InstanceID, OrderID: rq.OrderID}
		return sent{op: rq.Operation, call: func(w world.World, t time.Time) (world.World, world.Outcome, error) { return f(w, t, in) }}
	}
	in := world.RenewInput{Caller: c, RegionID: rq.RegionID, InstanceID: rq.InstanceID, Months: rq.Months}
	return sent{op: OpRenew, call: func(w world.World, t time.Time) (world.World, world.Outcome, error) { return w.RenewInstance(t, in) }}
}

// modify runs a ModifyPrepayInstanceSpec with its orchestration: the stop before, the
// retries and next candidates, the start after.
func (r *runner) modify(t time.Time, rq *Request, c world.Caller) time.Time {
	ii := world.InstanceInput{Caller: c, RegionID: rq.RegionID, InstanceID: rq.InstanceID}
	stopped := false
	if in, _, _ := r.w.Instance(rq.InstanceID); r.opts.StopStart && in.Status == model.StatusRunning {
		var o *Outcome
		t, o = r.send(t, OptionStopBefore, false, instanceCall(OpStop, ii))
		stopped = o.Code == ""
	}
	t, last := r.change(t, rq, c)
	if !stopped {
		return t
	}
	at := t
	if d := last.Decision; d != nil && d.CompletesAt.After(at) {
		at = d.CompletesAt // the client waits for the change to complete, then starts
	}
	t, _ = r.send(at, OptionStartAfter, false, instanceCall(OpStart, ii))
	return t
}

// change sends the change itself, waiting out LastOrderProcessing and moving to the next
// candidate on NoStock as the options say, and returns the moment after and its answer.
func (r *runner) change(t time.Time, rq *Request, c world.Caller) (time.Time, *Outcome) {
	cand, waits := 0, 0
	option := ""
	for {
		var last *Outcome
		t, last = r.send(t, option, true, r.modifyCall(rq, c, rq.Targets[cand]))
		switch {
		case r.waitsOrder(last, waits):
			t = t.Add(pause(r.opts.WaitOrderProcessing, waits))
			waits++
			option = OptionWaitOrderProcessing
		case r.nextCandidate(last, cand, rq):
			cand++
			option = OptionNextCandidate
		default:
			return t, last
		}
		last.Final = false
	}
}

// waitsOrder reports whether the WaitOrderProcessing option retries outcome o after waits
// waits.
func (r *runner) waitsOrder(o *Outcome, waits int) bool {
	return o.Code == errcodes.LastOrderProcessing.Code() && r.opts.WaitOrderProcessing != nil && waits < r.opts.WaitOrderProcessing.Retries
}

// nextCandidate reports whether the NextCandidateOnNoStock option asks for the candidate
// after cand once outcome o is in.
func (r *runner) nextCandidate(o *Outcome, cand int, rq *Request) bool {
	return o.Code == errcodes.OperationDeniedNoStock.Code() && r.opts.NextCandidateOnNoStock && cand+1 < len(rq.Targets)
}

// modifyCall is the ModifyPrepayInstanceSpec of rq for instance type typ, by caller c.
func (r *runner) modifyCall(rq *Request, c world.Caller, typ string) sent {
	params := cloneParams(rq.Params)
	params["InstanceId"], params["InstanceType"] = rq.InstanceID, typ
	if rq.RegionID != "" {
		params["RegionId"] = rq.RegionID
	} else if in, _, ok := r.w.Instance(rq.InstanceID); ok {
		params["RegionId"] = in.RegionID
	}
	mi := world.ModifyInput{Caller: c, Params: params}
	return sent{op: OpModify, typ: typ, call: func(w world.World, t time.Time) (world.World, world.Outcome, error) {
		return w.ModifyPrepayInstanceSpec(t, mi)
	}}
}

// send sends s at t, retrying on Throttling under the RetryThrottling option, records each
// outcome, and returns the moment after and the last outcome (final marks it as the plan
// request's answer).
func (r *runner) send(t time.Time, option string, final bool, s sent) (time.Time, *Outcome) {
	retries := 0
	for {
		r.attempts[s.op]++
		out := r.apply(t, s)
		o := r.record(t, option, r.attempts[s.op], s, &out)
		o.Final = final
		if r.retriesThrottled(o, retries) {
			t = t.Add(pause(r.opts.RetryThrottling, retries))
			retries++
			option = OptionRetryThrottling
			o.Final = false
			continue
		}
		if final && o.troubled() {
			o.CausedByPlan = r.attribute(t, s, o)
		}
		return t, o
	}
}

// apply sends s to the world at t and returns its outcome; the world moves on unless the
// call is misuse, which the plan's check rules out (an unknown caller or RAM user, a moment
// before Now) and which is reported as a refusal rather than lost.
func (r *runner) apply(t time.Time, s sent) world.Outcome {
	w, out, err := s.call(r.w, t)
	if err != nil {
		return world.Outcome{Operation: s.op, At: t, Err: &world.Refusal{Code: "InvalidPlan", Rule: "plan.check", Evidence: err.Error()}}
	}
	r.w = w
	return out
}

func isThrottled(code string) bool { return code == errcodes.Throttling400.Code() }

// retriesThrottled reports whether the RetryThrottling option retries outcome o after
// retries retries.
func (r *runner) retriesThrottled(o *Outcome, retries int) bool {
	return isThrottled(o.Code) && r.opts.RetryThrottling != nil && retries < r.opts.RetryThrottling.Retries
}

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
		o.Decision = decision(p)
	}
	r.outs = append(r.outs, o)
	return &r.outs[len(r.outs)-1]
}

// decision is accepted plan p as an Outcome shows it.
func decision(p *rules.Plan) *Decision {
	d := &Decision{Direction: p.Direction, FromType: p.FromType, ToType: p.ToType, OrderID: p.OrderID,
		Effect: string(p.Effect.When), CompletesAt: p.CompletesAt, Replayed: p.Replayed}
	if p.Charge != nil {
		d.OrderStatus = p.Charge.OrderStatus
	}
	return d
}

// outInstance is the instance of the last outcome recorded ("" before the first), for an
// outcome that names none.
func (r *runner) outInstance() string {
	if n := len(r.outs); n > 0 {
		return r.outs[n-1].InstanceID
	}
	return ""
}
