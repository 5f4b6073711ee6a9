package difftest

import (
	"encoding/json"
	"flag"
	"os"
	"strings"
	"testing"
)

var debugN = flag.Int("debug.n", 0, "list the first disagreement of each kind among this many cases of seed 1, shrunk")

func TestDebugKinds(t *testing.T) {
	if *debugN == 0 {
		t.Skip()
	}
	g := NewGenerator(1)
	seen := map[string]bool{}
	for i := range uint64(*debugN) {
		c := g.Case(i)
		r := Run(&c)
		if r.Kind == "" {
			continue
		}
		key := r.Diffs[0]
		if j := strings.Index(key, ","); j > 0 && r.Kind != "outcome" {
			key = key[:j]
		}
		if seen[key] || len(seen) > 8 {
			continue
		}
		seen[key] = true
		reg := g.Shrink(c, "debug")
		b, _ := json.Marshal(map[string]any{"diffs": reg.Diffs, "faults": reg.Faults, "req": reg.Request, "inst": reg.Instance, "acc": reg.Account, "pol": reg.Policy.Name, "now": reg.Now, "throttle": reg.Throttle, "idem": reg.Idempotency})
		os.Stdout.Write(append(b, '\n'))
	}
}
