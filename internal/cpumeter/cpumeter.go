// Package cpumeter reports a benchmark's CPU time per iteration (the cpu-ns/op metric: user
// and system time of every thread of the process, the garbage collector's included), which
// unlike ns/op does not grow when other work on a shared machine takes the CPU away. For
// benchmarks only.
package cpumeter

import (
	"testing"
	"time"
)

// Meter counts the iterations of a benchmark loop and reports, at its end, the process's CPU
// time per iteration: write the loop as for m := cpumeter.Start(); m.Loop(b); { ... }.
type Meter struct {
	start time.Duration
	n     int64
}

// Start starts measuring.
func Start() *Meter { return &Meter{start: processCPU()} }

// Loop is b.Loop, counting the iterations; when it returns false it reports cpu-ns/op (not
// where the process's CPU time cannot be read).
func (m *Meter) Loop(b *testing.B) bool {
	if b.Loop() {
		m.n++
		return true
	}
	if end := processCPU(); m.n > 0 && end > 0 {
		b.ReportMetric(float64(end-m.start)/float64(m.n), "cpu-ns/op")
	}
	return false
}
