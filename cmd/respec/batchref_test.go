package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strconv"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/model"
)

// This file keeps batch's pipeline as it was before lines travelled in chunks and each
// worker reused its scenario and Input: one channel hand-off per line, a fresh scenario a
// line (loadScenarioWith). TestPropertyBatchIsTheLinePipeline holds batch to it.

// refDecideLine decides one line of a batch.
func refDecideLine(n int, line []byte, strict bool, def *model.Catalog) (batchLine, string) {
	s, err := loadScenarioWith(line, def)
	if err == nil && strict {
		err = s.strictCheck()
	}
	if err != nil {
		l := batchLine{Line: n, Outcome: outcomeUsage, UsageError: "line " + strconv.Itoa(n) + ": " + err.Error()}
		if s != nil {
			l.InstanceID = s.requestInstanceID()
		}
		return l, ""
	}
	o := s.decide()
	if o.err != nil {
		body := s.refusalJSON(o.err).Body
		d := s.refusalDetail(o.err)
		return batchLine{Line: n, InstanceID: s.requestInstanceID(), Outcome: o.err.Code(), HTTPStatus: o.err.HTTPStatus(),
			Error: &body, Refusal: &d}, s.cat.Currency()
	}
	return batchLine{Line: n, InstanceID: s.requestInstanceID(), Outcome: outcomeAccepted, HTTPStatus: 200,
		Plan: o.plan, money: s.money()}, s.cat.Currency()
}

// refJob is one non-blank input line; seq orders the output, n is the line number.
type refJob struct {
	seq, n  int
	line    []byte
	tooLong bool
	strict  bool
}

// refResult is one decided line, encoded, with what the summary needs.
type refResult struct {
	seq      int
	out      []byte
	line     batchLine
	currency string
	err      error
}

// refDecideJob decides and encodes j, appending its output line to out (an empty buffer).
func refDecideJob(j refJob, def *model.Catalog, out []byte) refResult {
	var l batchLine
	currency := ""
	if j.tooLong {
		l = batchLine{Line: j.n, Outcome: outcomeUsage,
			UsageError: "line " + strconv.Itoa(j.n) + ": longer than " + strconv.Itoa(maxBatchLine>>20) + " MiB"}
	} else {
		l, currency = refDecideLine(j.n, j.line, j.strict, def)
	}
	out, err := encodeBatchLine(out, &l)
	return refResult{seq: j.seq, out: out, line: l, currency: currency, err: err}
}

// refCopies recycles the buffers of the lines in flight. Batch keeps two: one for the
// copies of the input lines (a job's line is copied out of the reader's buffer into a buffer
// taken from here, and given back once the line is decided: nothing a decision holds refers
// to it, Decode copies what it keeps), one for the encoded output lines (given back once
// written). At most a window of lines is in flight, so a window of buffers serves a whole
// batch; a buffer longer than refMaxRecycledLine is left to the garbage collector, so that one
// long line does not stay held.
type refCopies chan []byte

// refMaxRecycledLine is the longest buffer refCopies keeps.
const refMaxRecycledLine = 64 << 10

// copyOf returns a copy of line, in a recycled buffer when one is free.
func (lc refCopies) copyOf(line []byte) []byte {
	select {
	case b := <-lc:
		return append(b[:0], line...)
	default:
		return bytes.Clone(line)
	}
}

// empty returns an empty buffer, a recycled one when one is free.
func (lc refCopies) empty() []byte {
	select {
	case b := <-lc:
		return b[:0]
	default:
		return make([]byte, 0, refNewLineBuffer)
	}
}

// refNewLineBuffer is the capacity of a new output buffer: an accepted upgrade's line, and
// most others, fit it.
const refNewLineBuffer = 2 << 10

// release gives back the buffer of a decided line.
func (lc refCopies) release(b []byte) {
	if b == nil || cap(b) > refMaxRecycledLine {
		return
	}
	select {
	case lc <- b:
	default:
	}
}

// refReadJobs reads the lines of in and sends each non-blank one to jobs, after taking a slot,
// until the end of in or until done is closed. It returns an error reading in, or the
// prettyError of an input that opens with a multi-line JSON document.
func refReadJobs(in io.Reader, strict bool, jobs chan<- refJob, slots chan<- struct{}, done <-chan struct{}, copies refCopies) error {
	lr := newLineReader(in, maxBatchLine)
	for n, seq := 1, 0; ; n++ {
		line, tooLong, err := lr.next()
		switch {
		case err == io.EOF:
			return nil
		case err != nil:
			return &readError{line: n, err: err}
		case !tooLong && len(bytes.TrimSpace(line)) == 0:
			continue
		case seq == 0 && !tooLong && looksPretty(line):
			return &prettyError{line: n}
		}
		select {
		case slots <- struct{}{}:
		case <-done:
			return nil
		}
		select {
		case jobs <- refJob{seq: seq, n: n, line: copies.copyOf(line), tooLong: tooLong, strict: strict}:
		case <-done:
			return nil
		}
		seq++
	}
}

// refBatchWith is batch with def as the catalog of the scenarios without "catalog".
func refBatchWith(in io.Reader, out io.Writer, workers int, strict bool, prog *progress, def *model.Catalog) (*tally, error) {
	workers = max(1, workers)
	window := 4 * workers
	jobs := make(chan refJob, window)
	results := make(chan refResult, window)
	slots := make(chan struct{}, window) // one per line read and not yet written
	done := make(chan struct{})          // closed when the writer gives up
	var readErr error                    // written by the reader before it closes jobs
	copies := make(refCopies, window+workers)
	outs := make(refCopies, window+workers)

	go func() {
		defer close(jobs)
		readErr = refReadJobs(in, strict, jobs, slots, done, copies)
	}()
	refStartDeciders(workers, jobs, results, done, def, copies, outs)

	w := bufio.NewWriterSize(out, 64<<10)
	t := newTally()
	if err := refWriteInOrder(w, results, slots, done, t, prog, outs); err != nil {
		return t, err
	}
	if err := w.Flush(); err != nil {
		return t, err
	}
	return t, readErr
}

// refStartDeciders starts workers goroutines that decide the jobs into results until jobs is
// closed or done is, giving the jobs' lines back to copies and encoding into buffers of outs;
// results is closed when they have all stopped.
func refStartDeciders(workers int, jobs <-chan refJob, results chan<- refResult, done <-chan struct{}, def *model.Catalog, copies, outs refCopies) {
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				r := refDecideJob(j, def, outs.empty())
				copies.release(j.line)
				select {
				case results <- r:
				case <-done:
					return
				}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
}

// refWriteInOrder writes the results to w in input order, freeing a slot, counting each line on t
// and prog and giving its buffer back to outs as it is written. On the first error (a line's,
// or w's) it closes done, drains results until the reader and the deciders have stopped, and
// returns that error.
func refWriteInOrder(w io.Writer, results <-chan refResult, slots <-chan struct{}, done chan<- struct{}, t *tally, prog *progress, outs refCopies) error {
	pending := make(map[int]refResult, cap(slots))
	next := 0
	var werr error
	for r := range results {
		if werr != nil {
			continue // drain until the reader and workers have stopped
		}
		pending[r.seq] = r
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-slots
			if werr = p.err; werr == nil {
				_, werr = w.Write(p.out)
			}
			if werr != nil {
				close(done)
				break
			}
			outs.release(p.out)
			t.count(countOf(&p.line, p.currency))
			prog.add()
		}
	}
	return werr
}

// batchRun is what a batch gave: the bytes its writer took, its summary and its error.
type batchRun struct {
	Out     string
	Summary batchSummary
	Err     string
}

// runPipeline runs a batch over in (read in pieces of the given sizes, failing at its end with
// readErr when it is not nil) into a writer that fails once it has taken failAfter bytes
// (never when failAfter is negative), with run as the pipeline.
func runPipeline(in []byte, pieces []int, readErr error, failAfter int,
	run func(io.Reader, io.Writer) (*tally, error)) batchRun {
	w := &failingWriter{left: failAfter}
	t, err := run(&pieceReader{data: in, pieces: pieces, err: readErr}, w)
	r := batchRun{Out: w.buf.String(), Summary: t.summary()}
	if err != nil {
		r.Err = err.Error()
	}
	return r
}

// pieceReader reads data in pieces of the sizes given (cycling; whole when there are none),
// then returns err (io.EOF when nil).
type pieceReader struct {
	data   []byte
	pieces []int
	i      int
	err    error
}

func (r *pieceReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		return 0, io.EOF
	}
	n := len(p)
	if len(r.pieces) > 0 {
		n = min(n, r.pieces[r.i%len(r.pieces)])
		r.i++
	}
	n = copy(p, r.data[:min(n, len(r.data))])
	r.data = r.data[n:]
	return n, nil
}

// failingWriter keeps what it is given until it has taken left bytes, then fails (never when
// left is negative).
type failingWriter struct {
	buf  bytes.Buffer
	left int
}

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.left < 0 {
		return w.buf.Write(p)
	}
	n := min(len(p), w.left)
	w.buf.Write(p[:n])
	w.left -= n
	if n < len(p) {
		return n, errors.New("disk full")
	}
	return n, nil
}

// batchPool is the lines the property draws from: every example scenario (accepted, refused,
// one with its own catalog), one with an unknown request key (a UsageError with --strict),
// lines that are not scenarios (malformed JSON, invalid UTF-8, an unknown field, a cut
// scenario), blank lines and the opening of a pretty-printed document.
func batchPool(t testing.TB) [][]byte {
	var pool [][]byte
	for _, name := range []string{"autopay-false.json", "cross-zone-upgrade.json", "downgrade-running.json", "downgrade-stopped.json",
		"expired.json", "no-stock.json", "replay.json", "upgrade-running.json"} {
		pool = append(pool, compact(t, name))
	}
	up := compact(t, "upgrade-running.json")
	pool = append(pool,
		bytes.Replace(up, []byte(`"request":{`), []byte(`"request":{"Bogus":"1",`), 1),
		up[:len(up)/2], []byte("not json at all"), []byte(`{"now": "2026-01-01T00:00:00Z", "request": {}, "bogus": 1}`),
		[]byte("{\"now\":\"\xff\"}"), []byte(""), []byte("   "), []byte("\t"), []byte("{"), []byte(`{"a":`))
	return pool
}

// batch writes the same bytes, the same summary and the same error as the pipeline it
// replaced (one hand-off a line, a fresh scenario a line), whatever the lines (scenarios,
// lines that are not, blank lines, a pretty-printed opening, a line over the limit, CRLF, no
// final newline), the number of workers, --strict, the pieces the input arrives in (so that
// chunks are handed on part full), a failing input and a failing output.
func TestPropertyBatchIsTheLinePipeline(t *testing.T) {
	pool := batchPool(t)
	long := bytes.Repeat([]byte("x"), maxBatchLine+1)
	def := catalog.Default()
	rapid.Check(t, func(t *rapid.T) {
		picks := rapid.SliceOfN(rapid.IntRange(0, len(pool)-1), 0, 160).Draw(t, "lines")
		longAt := -1 // one case in four has one line over the limit
		if rapid.IntRange(0, 3).Draw(t, "long") == 0 {
			longAt = rapid.IntRange(0, len(picks)).Draw(t, "long line at")
		}
		crlf := rapid.Bool().Draw(t, "crlf")
		var in bytes.Buffer
		for i := 0; i <= len(picks); i++ {
			line := long
			switch {
			case i == longAt:
			case i == len(picks):
				continue
			default:
				line = pool[picks[i]]
			}
			in.Write(line)
			if crlf {
				in.WriteByte('\r')
			}
			in.WriteByte('\n')
		}
		if rapid.Bool().Draw(t, "no final newline") && in.Len() > 0 {
			in.Truncate(bytes.LastIndexByte(bytes.TrimSuffix(in.Bytes(), []byte("\n")), '\n') + 1)
			in.Write(pool[0])
		}
		pieces := rapid.SliceOfN(rapid.IntRange(1, 5000), 0, 4).Draw(t, "pieces")
		var readErr error
		if rapid.Bool().Draw(t, "read error") {
			readErr = errors.New("device gone")
		}
		failAfter := rapid.IntRange(-1, in.Len()*2).Draw(t, "fail after")
		strict := rapid.Bool().Draw(t, "strict")
		workers := rapid.IntRange(1, 4).Draw(t, "workers")
		want := runPipeline(in.Bytes(), pieces, readErr, failAfter, func(r io.Reader, w io.Writer) (*tally, error) {
			return refBatchWith(r, w, 1, strict, nil, def)
		})
		got := runPipeline(in.Bytes(), pieces, readErr, failAfter, func(r io.Reader, w io.Writer) (*tally, error) {
			return batchWith(r, w, workers, strict, nil, def)
		})
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("%d workers (-line pipeline +batch):\n%s", workers, diff)
		}
	})
}
