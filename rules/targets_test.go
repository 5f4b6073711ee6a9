package rules_test

import (
	"slices"
	"testing"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"pgregory.net/rapid"
)

// TestByDirectionRulesDependOnlyOnDirection: AvailableTargets evaluates the rules marked
// byDirection once per direction, so on generated worlds, valid and faulty, every type the
// change to which has the same direction must break the same of those rules.
func TestByDirectionRulesDependOnlyOnDirection(t *testing.T) {
	if bad, covered := rules.ByDirectionMisplaced(); len(bad) > 0 || !covered {
		t.Fatalf("rules marked byDirection that are not per target: %v; per-target run covered: %v", bad, covered)
	}
	fs := fuzz.Faults()
	rapid.Check(t, func(t *rapid.T) {
		w, req, f := faultyWorld(t, fs, 2)
		dirs, broken := rules.ByDirectionBroken(w.Now, &req, &f)
		first := map[model.OperatorType]int{}
		for k, d := range dirs {
			j, seen := first[d]
			if !seen {
				first[d] = k
				continue
			}
			if !slices.Equal(broken[j], broken[k]) {
				t.Fatalf("%s and %s (both %v) break %v and %v", f.Catalog.At(j).InstanceTypeID, f.Catalog.At(k).InstanceTypeID,
					d, broken[j], broken[k])
			}
		}
	})
}
