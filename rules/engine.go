// Package rules decides what ModifyPrepayInstanceSpec does with a request: a Plan, or exactly
// one documented error. It is pure: every function takes the clock (now), the parsed request
// and the facts as arguments, never mutates them, and returns the same answer for the same
// input.
//
// The rules are one table (checks.go), read top to bottom like the API's documentation and
// run in a documented order of stages. Decide stops at the first violated rule; Explain runs
// them all and reports every violation with its evidence, so Decide's error is always
// Explain's first issue. AvailableTargets runs the same table over every catalog type.
package rules

import (
	"errors"
	"strconv"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/pricing"
)

// Stage is a group of rules. Stages run in this order; within a stage, rules run in the
// order of the table. The API documents no order: this one puts the gateway's checks
// (parameters, throttling) first, as every Alibaba Cloud API does, then what can be known
// without looking at the target type, then the target, then what depends on the direction,
// then money.
type Stage uint8

// The stages, in order.
const (
	StageParameters Stage = iota + 1
	StageGateway
	StageIdempotency
	StageRegionAndInstance
	StageAccount
	StageInstanceState
	StageOrders
	StageSchedule
	StageTargetType
	StageCapacity
	StageDirection
	StageMoney
)

// String returns the stage's name ("unknown" for a value that is not a stage).
func (s Stage) String() string {
	if s < StageParameters || s > StageMoney {
		return "unknown"
	}
	return stageNames[s-StageParameters]
}

// stageNames are the names of the stages, in order. Read-only.
var stageNames = [StageMoney]string{
	"parameters", "gateway", "idempotency", "region and instance", "account and permissions",
	"instance state", "orders in flight", "schedule and mode", "target type",
	"capacity and attachments", "direction", "money",
}

// Issue is one violated rule. Its JSON form names everything (no internal numbers):
//
//	{"Rule":"instance.expired","Stage":"instance state",
//	 "Error":{"Code":"InvalidInstance.PreInstanceExpired","HttpStatus":403,"Message":"...","RetryClass":"FixThenRetry"},
//	 "RetryClass":"FixThenRetry","Evidence":"ExpiredTime ... is not after now ..."}
//
// and json.Unmarshal reads it back.
type Issue struct {
	// Rule is the rule's stable name, e.g. "instance.expired".
	Rule  string          `json:"Rule"`
	Stage Stage           `json:"Stage,omitzero"`
	Err   *errcodes.Error `json:"Error"`
	// Retry is the rule's retry class: what the caller should do about this issue. It is the
	// error's own (Err.Retry()) except where a rule shares its entry with another rule and the
	// remedy differs (RuleInfo.Retry).
	Retry errcodes.RetryClass `json:"RetryClass,omitzero"`
	// Evidence names the fact and the limit that broke the rule.
	Evidence string `json:"Evidence"`
}

// MarshalText writes the stage's name ("instance state"). A stage outside the list is an
// error.
func (s Stage) MarshalText() ([]byte, error) {
	if s < StageParameters || s > StageMoney {
		return nil, errors.New("rules: stage " + strconv.Itoa(int(s)) + " has no name")
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads a stage's name.
func (s *Stage) UnmarshalText(b []byte) error {
	for k := StageParameters; k <= StageMoney; k++ {
		if string(b) == k.String() {
			*s = k
			return nil
		}
	}
	return errors.New("rules: unknown stage " + strconv.Quote(string(b)))
}

// Issues is every violated rule of a request, in precedence order.
type Issues []Issue

// Err returns the first issue's error (what Decide returns), or nil when there is none (an
// untyped nil: also for a hand-built first issue whose Err is nil).
func (is Issues) Err() error {
	if len(is) == 0 || is[0].Err == nil {
		return nil
	}
	return is[0].Err
}

// need is what a rule needs resolved before it can be evaluated.
type need uint8

const (
	needInstance  need = 1 << iota // the instance named by the request exists in its region
	needFrom                       // the instance's current type is in the catalog
	needTarget                     // the target type is in the catalog
	needDirection                  // from and target differ: the direction is known

	// needAll is every need; needBits the bits they take.
	needAll  = needInstance | needFrom | needTarget | needDirection
	needBits = 4
)

// skip is a set of reasons not to evaluate a rule: in its low needBits bits needs (a step's:
// those of its rule; the evaluation's: those not met), above them quiet facts (a step's: its
// rule's quiet fact; the evaluation's: those that hold). A step is evaluated exactly when its
// set and the evaluation's are disjoint.
type skip uint32

// The needs fit below the quiet facts, and the quiet facts above them.
const (
	_ = uint8(1<<needBits - 1 - needAll)
	_ = skip(quietAll << needBits)
)

// evaluation is one walk of the rule table over a request and its facts: what has been
// resolved (the instance, its billing type, the target, the direction) and what is cached.
type evaluation struct {
	now  time.Time
	req  *model.Request
	f    *model.Facts
	inst *model.Instance
	cat  *model.Catalog
	pol  *model.Policy

	// The small fields are packed together (the decision's block is one size class smaller).
	have     need
	resolved bool
	dir      model.OperatorType
	// ordersChecked says that the order history was validated, ordersBad holding the result.
	ordersChecked bool
	// quiet is the set of quiet facts that hold (quietFacts), set by the resolution.
	quiet quiet
	// fromID is the type the instance is billed as: the pending type of an accepted change,
	// else the current type.
	fromID string
	from   *model.InstanceType
	to     *model.InstanceType

	// region is the index of the request's region in the catalog, fromIdx and toIdx those of
	// the two types (when resolved).
	region, fromIdx, toIdx int

	// fromPrice and toPrice are the monthly list prices in the region (the catalog's; nil:
	// not priced).
	fromPrice, toPrice *model.ListPrice

	// fp caches the request's fingerprint (computed only for a request with a ClientToken).
	fp string

	// ordersBad caches the validation of the order history (valid: ""); refund, in a
	// decision, is the memory of the refund with what that validation read of the orders.
	ordersBad string
	refund    *pricing.RefundMemory

	// decided says that the evaluation is a Decide call's (not Explain's or AvailableTargets'):
	// the plan it builds then takes its memory in one block (acc), which it points into.
	decided bool
	// acc is that block, taken when the plan is built (accepted); mem, for a refusal past the
	// gate rules, the decision that holds the evaluation and the error (errorOf).
	acc *acceptance
	mem *decision
}

// newEvaluation returns the evaluation of req against f, nothing yet resolved.
func newEvaluation(now time.Time, req *model.Request, f *model.Facts) evaluation {
	var c evaluation
	c.init(now, req, f)
	return c
}

// init sets up c, which is zero, as the evaluation of req against f: in place, so that a
// decision's evaluation is not built aside and copied in.
func (c *evaluation) init(now time.Time, req *model.Request, f *model.Facts) {
	// The zero Policy stands for the current preset (model.Policy).
	c.now, c.req, c.f, c.inst, c.cat, c.pol = now, req, f, &f.Instance, f.Catalog, f.Policy.Effective()
}

// resolve looks up what the rules need: the instance, its billing type, the target, the
// direction.
func (c *evaluation) resolve() {
	c.resolved = true
	c.have = 0
	c.from, c.to, c.dir = nil, nil, model.OperatorUnset
	c.resolveFrom()
	c.resolveTarget()
	c.quiet = c.quietFacts()
}

// resolveFrom finds the instance the request names and its billing type.
func (c *evaluation) resolveFrom() {
	c.region = -1
	if c.cat != nil {
		c.region = c.cat.RegionIndex(c.req.RegionID)
	}
	if c.inst.InstanceID == "" || c.inst.InstanceID != c.req.InstanceID || c.inst.RegionID != c.req.RegionID || c.region < 0 {
		return
	}
	c.have |= needInstance
	c.fromID = c.inst.InstanceType
	if c.inst.PendingInstanceType != "" {
		c.fromID = c.inst.PendingInstanceType
	}
	if i, ok := c.cat.Lookup(c.fromID); ok {
		c.fromIdx, c.from = i, c.cat.At(i)
		c.have |= needFrom
		c.fromPrice = c.cat.PriceAt(i, c.region)
	}
}

func (c *evaluation) resolveTarget() {
	c.have &^= needTarget | needDirection
	c.to, c.dir = nil, model.OperatorUnset
	if c.cat == nil {
		return
	}
	if k, ok := c.cat.Lookup(c.req.InstanceType); ok {
		c.setTarget(k)
	}
}

// setTarget makes the catalog's type k the target and infers the direction.
func (c *evaluation) setTarget(k int) {
	t := c.cat.At(k)
	c.have &^= needTarget | needDirection
	c.toIdx, c.to, c.dir = k, t, model.OperatorUnset
	c.toPrice = nil
	if c.have&needInstance != 0 {
		c.toPrice = c.cat.PriceAt(k, c.region)
	}
	c.have |= needTarget
	// The type IDs are distinct: the target is the current type exactly when its index is.
	if c.have&needFrom != 0 && k != c.fromIdx {
		c.dir = direction(c.from, t, c.fromPrice, c.toPrice)
		c.have |= needDirection
	}
}

// pricesIllustrative reports whether the change's list prices include an illustrative one
// (model.Catalog.PriceIllustrative).
func (c *evaluation) pricesIllustrative() bool {
	illustrative := func(p *model.ListPrice, id string) bool {
		if p != nil {
			return p.Illustrative
		}
		return c.cat.PriceIllustrative(id, c.req.RegionID)
	}
	return illustrative(c.fromPrice, c.fromID) || illustrative(c.toPrice, c.to.InstanceTypeID)
}

// Direction infers the direction of a change from -> to in region: by monthly list price
// when both prices are known and differ, else by vCPU, else by memory. A change that is
// equal on all three (a lateral move) counts as an upgrade and costs nothing.
func Direction(from, to *model.InstanceType, region string) model.OperatorType {
	var fp, tp *model.ListPrice
	if v, ok := from.MonthlyPrice[region]; ok {
		fp = &model.ListPrice{Value: v}
	}
	if v, ok := to.MonthlyPrice[region]; ok {
		tp = &model.ListPrice{Value: v}
	}
	return direction(from, to, fp, tp)
}

// direction is Direction with the two list prices (nil: not priced).
func direction(from, to *model.InstanceType, fp, tp *model.ListPrice) model.OperatorType {
	if fp != nil && tp != nil {
		switch tp.Cmp(*fp) {
		case 1:
			return model.Upgrade
		case -1:
			return model.Downgrade
		}
	}
	switch {
	case to.CPU > from.CPU:
		return model.Upgrade
	case to.CPU < from.CPU:
		return model.Downgrade
	case to.MemoryGiB > from.MemoryGiB:
		return model.Upgrade
	case to.MemoryGiB < from.MemoryGiB:
		return model.Downgrade
	}
	return model.Upgrade
}

// first runs the table from index start and returns the first violated rule's index, or -1.
// runPerTarget runs only the rules evaluated once per candidate type (stock apart: AvailableTargets
// reports it instead); runIndependent the others.
func (c *evaluation) first(start int, mode runMode) int {
	steps := runOrder[mode]
	k := min(start, len(steps))
	// Resolution is lazy: the gateway's rules need none of it, so an early rejection costs
	// no lookup.
	if late := lateFrom[mode]; k < late {
		if i := c.firstOf(steps[k:late], c.skipped()); i >= 0 {
			return i
		}
		k = late
	}
	if k == len(steps) {
		return -1
	}
	if !c.resolved {
		c.resolve()
	}
	// The rules from here on that concern the direction of the change, from position k; when
	// every quiet fact holds, only those without one (the others would all be skipped), which
	// only their needs can keep from being evaluated.
	late, off := lateRun[mode][c.dir], c.skipped()
	if c.quiet == quietAll {
		late, off = quietRun[mode][c.dir], skip(needAll&^c.have)
		// The usual decision: the direction known (so every need met), the whole run ahead.
		// The run is written out (walk_gen.go), each rule's test called directly rather than
		// through its row.
		if mode == runAll && c.dir != model.OperatorUnset && k <= int(late[0].pos) {
			return c.quietWalk()
		}
	}
	j := 0
	for j < len(late) && int(late[j].pos) < k {
		j++
	}
	return c.firstOf(late[j:], off)
}

// firstOf returns the table index of the first of steps whose rule is broken, or -1. A step
// that shares a reason with off (c.skipped(), or a part of it that holds all the reasons the
// steps can have) is not evaluated: its rule's needs are not met, or its quiet fact holds.
func (c *evaluation) firstOf(steps []step, off skip) int {
	if off == 0 {
		// Nothing to skip (the usual accepted change): the same walk without the test.
		for i := range steps {
			if steps[i].test(c) {
				return int(steps[i].index)
			}
		}
		return -1
	}
	for i := range steps {
		if s := &steps[i]; s.unless&off == 0 && s.test(c) {
			return int(s.index)
		}
	}
	return -1
}

// skipped is what keeps a rule from being evaluated now: the needs not met and the quiet
// facts that hold (a step's unless holds the rule's needs and its quiet fact the same way).
func (c *evaluation) skipped() skip {
	return skip(needAll&^c.have) | skip(c.quiet)<<needBits
}

type runMode uint8

const (
	runAll runMode = iota
	runIndependent
	runPerTarget
)

// step is what a walk of the table reads of one rule, packed together.
type step struct {
	test func(*evaluation) bool
	// index is the rule's position in the table, pos the step's in its run order.
	index, pos uint8
	// unless is the rule's needs and its quiet fact (skip).
	unless skip
}

// The run orders hold rule indices in a byte: the table has at most 256 rules.
const _ = uint8(len(table) - 1)

// runOrder lists, for each run mode, the rules it runs, in table order (for runAll, every
// rule: a start index is a position in it). Read-only.
var runOrder = func() (o [3][]step) {
	for i := range table {
		r := &table[i]
		s := step{test: r.check(), index: uint8(i), unless: skip(r.needs) | skip(r.quiet)<<needBits}
		add := func(m runMode) {
			s.pos = uint8(len(o[m]))
			o[m] = append(o[m], s)
		}
		add(runAll)
		switch {
		case !r.perTarget():
			add(runIndependent)
		case r.id != errcodes.OperationDeniedNoStock:
			add(runPerTarget)
		}
	}
	return o
}()

// lateRun lists, for each run mode and each direction of change (model.OperatorUnset: not
// known), the steps of runOrder from lateFrom on whose rules concern that direction (rule.only).
// Read-only.
var lateRun = func() (l [3][model.Downgrade + 1][]step) {
	for m, steps := range runOrder {
		for d := range l[m] {
			for _, s := range steps[lateFrom[m]:] {
				if only := table[s.index].only; only == 0 || only == model.OperatorType(d) {
					l[m][d] = append(l[m][d], s)
				}
			}
		}
	}
	return l
}()

// quietRun is lateRun without the steps whose rule has a quiet fact: what is left of lateRun
// to evaluate when every quiet fact holds, as for the usual request. Read-only.
var quietRun = func() (l [3][model.Downgrade + 1][]step) {
	for m := range lateRun {
		for d, steps := range lateRun[m] {
			for _, s := range steps {
				if table[s.index].quiet == 0 {
					l[m][d] = append(l[m][d], s)
				}
			}
		}
	}
	return l
}()

// lateFrom is, for each run mode, the position in runOrder of its first rule of a stage after
// idempotency: the rules from there on need the resolution done. Read-only.
var lateFrom = func() (l [3]int) {
	for m, steps := range runOrder {
		l[m] = len(steps)
		for k, s := range steps {
			if table[s.index].stage > StageIdempotency {
				l[m] = k
				break
			}
		}
	}
	return l
}()

// gated is the number of the table's leading rules that are gate rules (rule.gate).
var gated = func() int {
	n := 0
	for n < len(table) && table[n].gate != nil {
		n++
	}
	return n
}()

func (c *evaluation) issueAt(i int, withEvidence bool) Issue {
	r := &table[i]
	is := Issue{Rule: r.name, Stage: r.stage, Err: errcodes.New(r.id, r.detailOf(c)), Retry: r.retry()}
	if withEvidence && r.evidence != nil {
		is.Evidence = r.evidence(c)
	}
	return is
}

// errorAt returns rule i's error, as issueAt's without the evidence, held in the decision (c is a
// decision's evaluation).
func (c *evaluation) errorAt(i int) *errcodes.Error {
	return c.errorOf(i, table[i].detailOf(c))
}

// Decide returns the plan for req, or the documented error of the first rule it breaks
// (always a *errcodes.Error). now is the moment the request arrives. req and f are read, never
// written. f.Catalog must be set; a nil catalog yields InternalError.
func Decide(now time.Time, req *model.Request, f *model.Facts) (p Plan, err error) {
	if f.Catalog == nil {
		return p, missingCatalog().Err
	}
	// The leading gate rules first, before any memory is taken: an early rejection costs one
	// allocation, its error's.
	if i := firstGate(now, req, f); i >= 0 {
		return p, gateError(i, req)
	}
	err = decide(now, req, f, &p)
	return p, err
}

// decide is Decide after the gate rules: it sets *p, which is zero, to the plan or returns
// the error (leaving *p zero).
func decide(now time.Time, req *model.Request, f *model.Facts, p *Plan) error {
	var stack evaluation
	stack.init(now, req, f)
	stack.decided = true
	// The usual decision, on the stack: no request remembered under the ClientToken (so
	// idempotency.same-parameters holds and nothing is replayed) and the direction known, so
	// that the rest of the table is a written walk (walk_gen.go): quietWalk when every quiet
	// fact holds, else lateWalk. Nothing here calls a rule through the table, which would move
	// the evaluation to the heap: an accepted change takes one allocation, its plan's.
	if _, remembered := stack.record(); !remembered {
		stack.resolve()
		if stack.dir != model.OperatorUnset {
			if i := stack.writtenWalk(); i >= 0 {
				return stack.onHeap().c.errorAt(i)
			}
			return stack.plan(p)
		}
	}
	// Any other decision (a remembered token, no direction): the evaluation, as far as it went,
	// in the memory of the refusal it may end in (onHeap).
	return stack.onHeap().c.decideByTable(p)
}

// writtenWalk is the first broken rule of the change's direction's late run, or -1, by the
// written walks: quietWalk when every quiet fact holds, else lateWalk. It is valid when the
// direction is known.
func (c *evaluation) writtenWalk() int {
	if c.quiet == quietAll {
		return c.quietWalk()
	}
	return c.lateWalk()
}

// decideByTable is decide for an evaluation in a decision's memory, through the table's walks
// (first): a request remembered under its ClientToken, the direction not known. Any decision
// gets the same answer from it as from decide's written walks (TestDecideByTable).
func (c *evaluation) decideByTable(p *Plan) error {
	// Stages up to idempotency; then a replay answers before any state is looked at.
	if i := c.first(gated, runAll); i >= 0 && table[i].stage <= StageIdempotency {
		return c.errorAt(i)
	} else if rec, ok := c.replayed(); ok {
		*p = c.replayOf(rec)
		return nil
	} else if i >= 0 {
		return c.errorAt(i)
	}
	return c.plan(p)
}

// Explain returns every rule req breaks, in precedence order, each with its evidence. It is
// empty exactly when Decide accepts. A rule that needs something an earlier rule found
// missing (the instance, the target type) is not evaluated.
func Explain(now time.Time, req *model.Request, f *model.Facts) Issues {
	if f.Catalog == nil {
		return Issues{missingCatalog()}
	}
	c := newEvaluation(now, req, f)
	var out Issues
	for i := 0; ; {
		j := c.first(i, runAll)
		if j < 0 {
			break
		}
		if table[j].stage > StageIdempotency && len(out) == 0 {
			if _, ok := c.replay(); ok {
				return nil
			}
		}
		out = append(out, c.issueAt(j, true))
		i = j + 1
	}
	if len(out) == 0 {
		if _, ok := c.replay(); ok {
			return nil
		}
		var p Plan
		if err := c.plan(&p); err != nil {
			// Money that the rules could not foresee (an order the pricing refuses).
			e, _ := err.(*errcodes.Error)
			out = append(out, Issue{Rule: "money.compute", Stage: StageMoney, Err: e, Retry: e.Retry(), Evidence: e.Detail()})
		}
	}
	return out
}

// missingCatalog is the issue of facts without a catalog, which Decide, Explain and
// AvailableTargets all refuse before any rule: the rules cannot look a type up without one.
func missingCatalog() Issue {
	return Issue{Rule: "facts.catalog", Stage: StageRegionAndInstance,
		Err: errcodes.New(errcodes.InternalError, "no instance-type catalog"), Retry: errcodes.InternalError.Entry().Retry,
		Evidence: "Facts.Catalog is nil"}
}

// RuleInfo describes one rule of the table, for documentation and tests.
type RuleInfo struct {
	// Position is the rule's place in precedence order, from 0.
	Position int
	Name     string
	Stage    Stage
	// ID is the catalog entry the rule returns.
	ID errcodes.ID
	// Condition is the rule's own condition, in one line: for a rule that is the only one
	// returning its entry, the entry's Condition.
	Condition string
	// Retry is the rule's retry class (the entry's unless the rule's remedy differs).
	Retry errcodes.RetryClass
	// PerTarget: AvailableTargets evaluates the rule for each candidate type (once per
	// direction of change for a rule that depends on the type only through the direction).
	PerTarget bool
}

// Rules lists every rule in precedence order.
func Rules() []RuleInfo {
	out := make([]RuleInfo, len(table))
	for i := range table {
		r := &table[i]
		out[i] = RuleInfo{Position: i, Name: r.name, Stage: r.stage, ID: r.id, Condition: r.condition(), Retry: r.retry(),
			PerTarget: r.perTarget()}
	}
	return out
}
