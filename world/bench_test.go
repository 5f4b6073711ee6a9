package world

import (
	"testing"
	"time"

	"github.com/respec-dev/respec/fuzz"
)

// benchPlan is a fixed, varied plan of n timed requests over w's instances: upgrades (with and
// without a ClientToken), stops and downgrades, starts and reboots, 20 ms apart, touching
// every account. It is built from a multiply-xorshift sequence so it is the same every run.
func benchPlan(start time.Time, accounts, perAccount, n int) []op {
	ops := make([]op, 0, n)
	x := uint64(0x9E3779B97F4A7C15)
	next := func() uint64 { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x }
	types := []string{fuzz.BaseUpgrade, fuzz.BaseDowngrade, "ecs.g7.2xlarge", fuzz.BaseType}
	for k := range n {
		now := start.Add(time.Duration(k) * 20 * time.Millisecond)
		a, i := int(next()%uint64(accounts)), int(next()%uint64(perAccount))
		ii := inst(a, i)
		switch r := next() % 10; {
		case r < 5:
			in := modify(a, i, types[next()%uint64(len(types))])
			if r == 0 {
				in.Params["ClientToken"] = "bench-" + ii.InstanceID
			}
			ops = append(ops, op{"modify", func(w World) (World, Outcome, error) { return w.ModifyPrepayInstanceSpec(now, in) }})
		case r < 7:
			ops = append(ops, op{"stop", func(w World) (World, Outcome, error) { return w.StopInstance(now, ii) }})
		case r < 9:
			ops = append(ops, op{"start", func(w World) (World, Outcome, error) { return w.StartInstance(now, ii) }})
		default:
			ops = append(ops, op{"reboot", func(w World) (World, Outcome, error) { return w.RebootInstance(now, ii) }})
		}
	}
	return ops
}

// BenchmarkWorld10kInstances: a world of 10,000 instances on 50 accounts, 10,000 timed
// requests per iteration, each from the same starting world (worlds are values). One op is
// the whole plan; requests/s and allocations per request are reported too.
func BenchmarkWorld10kInstances(b *testing.B) {
	const accounts, perAccount, n = 50, 200, 10000
	w0 := testWorld(b, accounts, perAccount, "1000000", Limits{PerAPI: map[string]int{APIModifyPrepayInstanceSpec: 1000}})
	plan := benchPlan(t0, accounts, perAccount, n)
	accepted := 0
	b.ReportAllocs()
	for b.Loop() {
		w := w0
		accepted = 0
		for _, o := range plan {
			var out Outcome
			var err error
			if w, out, err = o.do(w); err != nil {
				b.Fatal(err)
			}
			if out.Err == nil {
				accepted++
			}
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "requests/s")
	b.ReportMetric(float64(accepted), "accepted/op")
}

// TestBenchPlanIsVaried keeps the benchmark honest: its plan is accepted often and refused
// for several reasons.
func TestBenchPlanIsVaried(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 10,000-instance world")
	}
	w := testWorld(t, 50, 200, "1000000", Limits{PerAPI: map[string]int{APIModifyPrepayInstanceSpec: 1000}})
	codes := map[string]int{}
	for _, o := range benchPlan(t0, 50, 200, 10000) {
		var out Outcome
		var err error
		if w, out, err = o.do(w); err != nil {
			t.Fatal(err)
		}
		k := o.name + " " + out.Code()
		if out.Plan != nil {
			k += out.Plan.Operation
		}
		codes[k]++
	}
	t.Log(codes)
	for _, k := range []string{"modify upgrade", "modify downgrade", "stop ", "start ", "reboot ", "modify InvalidStatus.NotStopped"} {
		if codes[k] < 50 {
			t.Errorf("%q: %d outcomes, want at least 50 (%v)", k, codes[k], codes)
		}
	}
}

// TestCostDoesNotGrowWithTheWorld: one upgrade allocates about as much in a world of 10,000
// instances as in one of 10 (the persistent maps copy a path, not the world).
func TestCostDoesNotGrowWithTheWorld(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 10,000-instance world")
	}
	allocs := func(w World) float64 {
		in := modify(0, 1, fuzz.BaseUpgrade)
		return testing.AllocsPerRun(50, func() {
			if _, o, err := w.ModifyPrepayInstanceSpec(t0, in); err != nil || o.Err != nil {
				t.Fatal(err, o.Err)
			}
		})
	}
	small := allocs(testWorld(t, 1, 10, "1000000", Limits{}))
	large := allocs(testWorld(t, 50, 200, "1000000", Limits{}))
	t.Logf("allocations of one upgrade: %v in a world of 10 instances, %v in one of 10,000", small, large)
	if large > small+16 { // a few more levels of the tries; a copy of the world would be thousands
		t.Fatalf("one upgrade allocates %v times in a world of 10,000 instances, %v in one of 10", large, small)
	}
}
