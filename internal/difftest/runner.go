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
	const chunk = 4096
	var next, done, unparsed, accepted, refused atomic.Uint64
	var mu sync.Mutex
	sum := Summary{Seed: seed, Start: start, Cases: n, Workers: workers, Disagreements: map[string]uint64{}}
	begin, cpu0 := time.Now(), cpuTime()
	stop := make(chan struct{})
	if progress != nil {
		go func() {
			t := time.NewTicker(interval)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					d := done.Load()
					mu.Lock()
					bad := sum.Disagreeing()
					mu.Unlock()
					el := time.Since(begin)
					fmt.Fprintf(progress, "%d/%d cases (%.1f%%), %.0f/s, %d disagreements, %s left\n", d, n, 100*float64(d)/float64(n),
						float64(d)/el.Seconds(), bad, time.Duration(float64(n-d)/(float64(d)/el.Seconds())*1e9).Round(time.Second))
				}
			}
		}()
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			g := NewGenerator(seed)
			var un, ac, re uint64
			for {
				lo := next.Add(chunk) - chunk
				if lo >= n {
					break
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					c := g.Case(start + i)
					r := Run(&c)
					switch {
					case !r.Parsed:
						un++
					case r.Accepted:
						ac++
					default:
						re++
					}
					if r.Kind != "" {
						mu.Lock()
						sum.Disagreements[r.Kind]++
						if sum.First == nil || c.Index < sum.First.Index {
							sum.First = &c
						}
						mu.Unlock()
					}
				}
				done.Add(min(lo+chunk, n) - lo)
			}
			unparsed.Add(un)
			accepted.Add(ac)
			refused.Add(re)
		}()
	}
	wg.Wait()
	close(stop)
	sum.Elapsed, sum.CPU = time.Since(begin), cpuTime()-cpu0
	sum.Unparsed, sum.Accepted, sum.Refused = unparsed.Load(), accepted.Load(), refused.Load()
	return sum
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
