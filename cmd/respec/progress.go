package main

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// isTerminal reports whether f is a terminal, with the standard library only: a character
// device other than the null device (so "respec batch </dev/null" and "2>/dev/null" do not
// count as a person at a terminal).
func isTerminal(f *os.File) bool {
	if f == nil {
		return false
	}
	st, err := f.Stat()
	if err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return false
	}
	null, err := os.Stat(os.DevNull)
	return err != nil || !os.SameFile(st, null)
}

// progressMode is when batch shows its progress.
type progressMode int

const (
	progressAuto progressMode = iota // when standard error is a terminal
	progressOn                       // always (--progress)
	progressOff                      // never (--no-progress)
)

// show says whether progress is shown with standard error a terminal or not.
func (m progressMode) show(stderrTerminal bool) bool {
	return m == progressOn || m == progressAuto && stderrTerminal
}

// progressFlag is --progress or --no-progress: a boolean flag that sets the mode to set (or,
// given false, to the other one). The last of the two on the command line wins.
type progressFlag struct {
	mode *progressMode
	set  progressMode
}

func (f progressFlag) String() string   { return "" }
func (f progressFlag) IsBoolFlag() bool { return true }

func (f progressFlag) Set(v string) error {
	b, err := strconv.ParseBool(v)
	if err != nil {
		return err
	}
	switch {
	case b:
		*f.mode = f.set
	case f.set == progressOn:
		*f.mode = progressOff
	default:
		*f.mode = progressOn
	}
	return nil
}

// defaultProgressEvery is how often the progress line is rewritten.
const defaultProgressEvery = 500 * time.Millisecond

// progress rewrites one line on a terminal with the count of lines done, the rate and the time
// elapsed. A nil *progress counts nothing and shows nothing.
type progress struct {
	w     io.Writer
	start time.Time
	n     atomic.Int64
	stop  chan struct{}
	wg    sync.WaitGroup
	width int // of the last line written, to blank it out
	// line words a report from the count done and the time elapsed.
	line func(n int64, elapsed time.Duration) string
}

// startProgress starts reporting batch's decisions on w every interval.
func startProgress(w io.Writer, every time.Duration) *progress {
	return startProgressWith(w, every, progressLine)
}

// startProgressWith starts reporting on w every interval, each report worded by line.
func startProgressWith(w io.Writer, every time.Duration, line func(n int64, elapsed time.Duration) string) *progress {
	if every <= 0 {
		every = defaultProgressEvery
	}
	p := &progress{w: w, start: time.Now(), stop: make(chan struct{}), line: line}
	p.wg.Add(1)
	go p.run(every)
	return p
}

// run rewrites the line every interval until finish stops it.
func (p *progress) run(every time.Duration) {
	defer p.wg.Done()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case now := <-t.C:
			p.show(now)
		}
	}
}

// show rewrites the line with the report at now.
func (p *progress) show(now time.Time) {
	line := p.line(p.n.Load(), now.Sub(p.start))
	fmt.Fprintf(p.w, "\r%-*s", p.width, line)
	p.width = max(p.width, len(line))
}

// add counts one line done.
func (p *progress) add() {
	if p != nil {
		p.n.Add(1)
	}
}

// finish stops the reports and blanks the progress line, so that what follows starts on a
// clean line.
func (p *progress) finish() {
	if p == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
	if p.width > 0 {
		fmt.Fprint(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
	}
}

// progressLine is one progress report: "respec batch: 1200 decisions, 600/s, 2s elapsed".
func progressLine(n int64, elapsed time.Duration) string {
	rate := "-"
	if s := elapsed.Seconds(); s > 0 {
		rate = strconv.FormatInt(int64(float64(n)/s+0.5), 10)
	}
	return fmt.Sprintf("respec batch: %s, %s/s, %s elapsed", plural(int(n), "decision", "decisions"), rate,
		elapsed.Truncate(100*time.Millisecond))
}
