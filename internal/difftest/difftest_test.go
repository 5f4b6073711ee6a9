package difftest

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
)

var smoke = flag.Uint64("difftest.n", 0, "run this many generated cases through both engines (the CI smoke: 200000)")

// TestDifferentialSmoke runs the engine and the reference model on generated cases and
// fails on any disagreement. go test ./internal/difftest -difftest.n 200000 is the CI smoke;
// without the flag it runs 2,000 cases (none in -short mode).
func TestDifferentialSmoke(t *testing.T) {
	n := *smoke
	if n == 0 {
		if testing.Short() {
			t.Skip("short mode")
		}
		n = 2000
	}
	sum := RunCases(1, 0, n, 2, nil, time.Minute)
	t.Log(sum.String())
	if sum.Disagreeing() > 0 {
		reg := NewGenerator(1).Shrink(*sum.First, "smoke")
		t.Fatalf("%d of %d cases disagree; the first, shrunk: %v", sum.Disagreeing(), n, reg.Diffs)
	}
	if sum.Accepted < n/4 || sum.Refused < n/4 {
		t.Errorf("the generator should accept and refuse often: %d accepted, %d refused of %d", sum.Accepted, sum.Refused, n)
	}
}

// TestRegressions replays every regression file: each was a disagreement once (see its
// Diffs) and must agree now.
func TestRegressions(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "regressions", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no regression files: %v", err)
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			reg, err := ReadRegression(f)
			if err != nil {
				t.Fatal(err)
			}
			c, err := reg.Case()
			if err != nil {
				t.Fatal(err)
			}
			if r := Run(&c); len(r.Diffs) > 0 {
				t.Errorf("disagrees again: %v", r.Diffs)
			}
		})
	}
}

// TestGeneratorDeterministic: a case is a function of (seed, index).
func TestGeneratorDeterministic(t *testing.T) {
	a, b := NewGenerator(3), NewGenerator(3)
	for i := range uint64(200) {
		ca, cb := a.Case(i), b.Case(1000-i)
		cb = b.Case(i)
		if ra, rb := Run(&ca), Run(&cb); ca.World.Now != cb.World.Now || ca.World.Request.InstanceType != cb.World.Request.InstanceType ||
			len(ca.Faults) != len(cb.Faults) || ra.Accepted != rb.Accepted {
			t.Fatalf("case %d differs between two generators of one seed", i)
		}
	}
}

// TestGeneratorMix: about half the cases carry no fault, the rest one or several.
func TestGeneratorMix(t *testing.T) {
	g := NewGenerator(1)
	var counts [4]int
	for i := range uint64(10000) {
		counts[min(len(g.Case(i).Faults), 3)]++
	}
	if counts[0] < 4000 || counts[1] < 2500 || counts[2]+counts[3] < 1000 {
		t.Errorf("fault mix 0/1/2/3+: %v", counts)
	}
}

// TestSharedCatalogUntouched: a case whose faults leave the catalog alone shares its pooled
// catalog; the faults must then really leave it alone.
func TestSharedCatalogUntouched(t *testing.T) {
	g := NewGenerator(5)
	var before []model.CatalogData
	for _, p := range g.pool {
		before = append(before, fuzz.World{Catalog: p.data}.Clone().Catalog)
	}
	shared := 0
	for i := range uint64(5000) {
		c := g.Case(i)
		if len(c.Faults) > 0 && c.Facts.Catalog == c.baseCat {
			shared++
		}
	}
	for i, p := range g.pool {
		if !reflect.DeepEqual(before[i], p.data) {
			t.Fatalf("pooled catalog %d was changed by a fault", i)
		}
	}
	if shared == 0 {
		t.Error("no faulted case shared its catalog")
	}
}

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
