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
