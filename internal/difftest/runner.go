package difftest

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Summary is what a run of many cases found.
type Summary struct {
	Seed                        uint64
	Start, Cases                uint64
	Workers                     int
	Unparsed, Accepted, Refused uint64
	// Disagreements counts the disagreeing cases by kind (the first differing field).
	Disagreements map[string]uint64
	// First is the disagreeing case of the lowest index, if any.
	First   *Case
	Elapsed time.Duration
	// CPU is the process's user and system time over the run (0 where not available): on a
	// shared machine the cases per CPU-second are the rate of one core.
	CPU time.Duration
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Disagreeing is the number of cases that disagreed.
func (s *Summary) Disagreeing() uint64 {
	var n uint64
	for _, v := range s.Disagreements {
		n += v
	}
	return n
}

// PerSecond is the rate of the run.
func (s *Summary) PerSecond() float64 { return float64(s.Cases) / s.Elapsed.Seconds() }

// String is the summary for people.
func (s *Summary) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "seed %d, cases %d..%d: %d cases in %s with %d workers, %.0f cases/s\n",
		s.Seed, s.Start, s.Start+s.Cases-1, s.Cases, s.Elapsed.Round(time.Millisecond), s.Workers, s.PerSecond())
	fmt.Fprintf(&b, "accepted %d, refused %d, wire form refused by the parser %d (exception %s)\n",
		s.Accepted, s.Refused, s.Unparsed, ParseRefusals)
	if s.CPU > 0 {
		fmt.Fprintf(&b, "CPU time %s: %.0f cases per CPU-second (one core)\n", s.CPU.Round(time.Millisecond), float64(s.Cases)/s.CPU.Seconds())
	}
	fmt.Fprintf(&b, "100,000,000 cases at this rate: %s\n", time.Duration(1e8/s.PerSecond()*1e9).Round(time.Second))
	fmt.Fprintf(&b, "disagreements: %d\n", s.Disagreeing())
	for _, k := range slices.Sorted(maps.Keys(s.Disagreements)) {
		fmt.Fprintf(&b, "  %-40s %d\n", k, s.Disagreements[k])
	}
	fmt.Fprintf(&b, "exceptions in force: %s\n", strings.Join(Exceptions(), ", "))
	return b.String()
}

// RunCases runs cases start … start+n−1 of stream seed through both engines on workers
// goroutines, printing progress to progress (nil: none) every interval.
func RunCases(seed, start, n uint64, workers int, progress io.Writer, interval time.Duration) Summary {
	rs := &runState{sum: Summary{Seed: seed, Start: start, Cases: n, Workers: workers, Disagreements: map[string]uint64{}},
		begin: time.Now()}
	cpu0 := cpuTime()
	stop := make(chan struct{})
	if progress != nil {
		go rs.report(progress, interval, stop)
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(rs.work)
	}
	wg.Wait()
	close(stop)
	sum := rs.sum
	sum.Elapsed, sum.CPU = time.Since(rs.begin), cpuTime()-cpu0
	sum.Unparsed, sum.Accepted, sum.Refused = rs.unparsed.Load(), rs.accepted.Load(), rs.refused.Load()
	return sum
}

// chunk is how many cases a worker takes at a time.
const chunk = 4096

// runState is a run of many cases shared by its workers: the next case to take, the counts,
// and the summary's disagreements under mu.
type runState struct {
	next, done, unparsed, accepted, refused atomic.Uint64
	mu                                      sync.Mutex
	sum                                     Summary
	begin                                   time.Time
}

// report prints the run's progress every interval until stop is closed.
func (rs *runState) report(progress io.Writer, interval time.Duration, stop <-chan struct{}) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			rs.progress(progress)
		}
	}
}

// progress prints one line of progress.
func (rs *runState) progress(progress io.Writer) {
	n := rs.sum.Cases
	d := rs.done.Load()
	rs.mu.Lock()
	bad := rs.sum.Disagreeing()
	rs.mu.Unlock()
	el := time.Since(rs.begin)
	fmt.Fprintf(progress, "%d/%d cases (%.1f%%), %.0f/s, %d disagreements, %s left\n", d, n, 100*float64(d)/float64(n),
		float64(d)/el.Seconds(), bad, time.Duration(float64(n-d)/(float64(d)/el.Seconds())*1e9).Round(time.Second))
}

// work takes chunks of cases until none is left, runs them with a generator of its own and
// adds its counts to the run's.
func (rs *runState) work() {
	g := NewGenerator(rs.sum.Seed)
	var counts [3]uint64 // unparsed, accepted, refused
	n := rs.sum.Cases
	for {
		lo := rs.next.Add(chunk) - chunk
		if lo >= n {
			break
		}
		hi := min(lo+chunk, n)
		for i := lo; i < hi; i++ {
			rs.one(g, rs.sum.Start+i, &counts)
		}
		rs.done.Add(hi - lo)
	}
	rs.unparsed.Add(counts[0])
	rs.accepted.Add(counts[1])
	rs.refused.Add(counts[2])
}

// one runs case i, counts it and records a disagreement.
func (rs *runState) one(g *Generator, i uint64, counts *[3]uint64) {
	c := g.Case(i)
	r := Run(&c)
	switch {
	case !r.Parsed:
		counts[0]++
	case r.Accepted:
		counts[1]++
	default:
		counts[2]++
	}
	if r.Kind != "" {
		rs.disagree(&c, r.Kind)
	}
}

// disagree records disagreeing case c of kind kind, keeping the one of the lowest index.
func (rs *runState) disagree(c *Case, kind string) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	rs.sum.Disagreements[kind]++
	if rs.sum.First == nil || c.Index < rs.sum.First.Index {
		rs.sum.First = c
	}
}

// GenerateOnly draws cases start … start+n−1 of stream seed on one goroutine without deciding
// them, and returns the wall and CPU time it took: the generator's own rate.
func GenerateOnly(seed, start, n uint64) (wall, cpu time.Duration) {
	g := NewGenerator(seed)
	begin, cpu0 := time.Now(), cpuTime()
	faults := 0
	for i := start; i < start+n; i++ {
		c := g.Case(i)
		faults += len(c.Faults)
	}
	if faults < 0 {
		panic("unreachable")
	}
	return time.Since(begin), cpuTime() - cpu0
}
