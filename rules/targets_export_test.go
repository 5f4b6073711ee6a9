package rules

import (
	"time"

	"github.com/respec-dev/respec/model"
)

// ByDirectionBroken returns, for each catalog type in order, the direction of the change to
// it (model.OperatorUnset: none) and the names of the rules marked byDirection that the
// change breaks, each evaluated where what it needs is resolved and it concerns that
// direction.
func ByDirectionBroken(now time.Time, req *model.Request, f *model.Facts) ([]model.OperatorType, [][]string) {
	r := *req
	c := newEvaluation(now, &r, f)
	c.resolve()
	dirs := make([]model.OperatorType, c.cat.Len())
	broken := make([][]string, c.cat.Len())
	for k := range dirs {
		r.InstanceType = c.cat.At(k).InstanceTypeID
		c.setTarget(k)
		dirs[k] = c.dir
		for i := range table {
			if t := &table[i]; t.byDirection && c.have&t.needs == t.needs && (t.only == 0 || t.only == c.dir) && t.check()(&c) {
				broken[k] = append(broken[k], t.name)
			}
		}
	}
	return dirs, broken
}

// ByDirectionMisplaced names the rules marked byDirection that AvailableTargets would not
// evaluate per target (rule.perTarget), and says whether the per-target run starts after
// the rules that need no resolution (so that its split by direction covers all of it).
func ByDirectionMisplaced() ([]string, bool) {
	var bad []string
	for i := range table {
		if r := &table[i]; r.byDirection && !r.perTarget() {
			bad = append(bad, r.name)
		}
	}
	return bad, lateFrom[runPerTarget] == 0
}
