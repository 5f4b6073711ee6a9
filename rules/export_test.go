package rules

import (
	"time"

	"github.com/respec-dev/respec/model"
)

// NaiveRuleWalk names every rule req breaks by the plainest walk of the table: resolution
// first, then every rule in table order, each evaluated where what it needs is resolved and
// it concerns the direction of the change (rule.only). Explain's walk (the gate rules, the run
// orders, the late steps by direction) must name the same rules, the same way.
func NaiveRuleWalk(now time.Time, req *model.Request, f *model.Facts) []string {
	c := newEvaluation(now, req, f)
	c.resolve()
	var out []string
	for i := range table {
		r := &table[i]
		if c.have&r.needs == r.needs && (r.only == 0 || r.only == c.dir) && r.check()(&c) {
			out = append(out, r.name)
		}
	}
	return out
}

// OnlyRulesNeedDirection reports the rules that concern one direction (rule.only) but are
// evaluated before the direction is known: none may be.
func OnlyRulesNeedDirection() []string {
	var bad []string
	for i := range table {
		if r := &table[i]; r.only != 0 && (r.needs&needDirection == 0 || r.stage <= StageIdempotency || r.gate != nil) {
			bad = append(bad, r.name)
		}
	}
	return bad
}

// QuietWalks returns the generated walk's answer for req and f (walk_gen.go: the first
// broken rule of the quiet run of the change's direction, or -1) and the table's, the same
// run walked through its rows with nothing skipped, each on an evaluation of its own; ok is
// false where the generated walk does not apply (a need not met: no direction).
func QuietWalks(now time.Time, req *model.Request, f *model.Facts) (written, walked int, ok bool) {
	c := resolvedEvaluation(now, req, f)
	if c.have != needAll {
		return 0, 0, false
	}
	if c.dir == model.OperatorUnset {
		return 0, 0, false
	}
	return c.quietWalk(), resolvedEvaluation(now, req, f).firstOf(quietRun[runAll][c.dir], 0), true
}

// resolvedEvaluation returns a new evaluation of req and f, resolved.
func resolvedEvaluation(now time.Time, req *model.Request, f *model.Facts) *evaluation {
	c := newEvaluation(now, req, f)
	c.resolve()
	return &c
}

// GateWalks returns the generated walk of the leading gate rules' answer for req and f
// (walk_gen.go's firstGate: the first broken one's index, or -1) and the table's, the same
// rules walked through their rows.
func GateWalks(now time.Time, req *model.Request, f *model.Facts) (written, walked int) {
	walked = -1
	for i := range gated {
		if table[i].gate(now, req, f) {
			walked = i
			break
		}
	}
	return firstGate(now, req, f), walked
}

// DecideByTable is Decide with every decision past the gate rules taken through the table's
// walks on the heap (decideByTable), never by decide's written walk on the stack.
func DecideByTable(now time.Time, req *model.Request, f *model.Facts) (p Plan, err error) {
	if f.Catalog == nil {
		return p, missingCatalog().Err
	}
	if i := firstGate(now, req, f); i >= 0 {
		return p, gateError(i, req)
	}
	var c evaluation
	c.init(now, req, f)
	c.decided = true
	err = c.onHeap().c.decideByTable(&p)
	return p, err
}

// LateWalks returns the generated late walk's answer for req and f (walk_gen.go's lateWalk:
// the first broken rule of the change's direction's late run, a rule whose quiet fact holds
// not evaluated, or -1) and the table's, the same run walked through its rows with what
// c.skipped() skips, each on an evaluation of its own; ok is false where the generated walk
// does not apply (no direction), and quiet reports whether every quiet fact held.
func LateWalks(now time.Time, req *model.Request, f *model.Facts) (written, walked int, quiet, ok bool) {
	c := resolvedEvaluation(now, req, f)
	if c.dir == model.OperatorUnset {
		return 0, 0, false, false
	}
	t := resolvedEvaluation(now, req, f)
	return c.lateWalk(), t.firstOf(lateRun[runAll][t.dir], t.skipped()), c.quiet == quietAll, true
}
