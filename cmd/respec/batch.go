package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec"
	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
)

const batchAbout = `Reads JSON Lines (FILE, or standard input for "-" or no FILE): one scenario per line, each at
most 4 MiB. Writes one JSON decision per line, in input order, as it goes:

  {"Line": n, "InstanceId": "i-...", "Outcome": "ACCEPTED", "HttpStatus": 200, "Plan": {...}}
  {"Line": n, "InstanceId": "i-...", "Outcome": "<Code>", "HttpStatus": 4xx/5xx,
   "Error": {RequestId, HostId, Code, Message, Recommend}, "Refusal": {Rule, Stage, Evidence, RetryClass}}
  {"Line": n, "Outcome": "UsageError", "UsageError": "line n: <reason>"}

Money in the plan is written as decimal strings with the currency's places ("4377.80").
With --strict, a line whose request has a key respec does not know is a UsageError.

A line that is not a valid scenario (not JSON, invalid per the scenario schema, too long)
gets a UsageError line and the batch goes on. Blank lines are skipped. Line numbers count
every line of the input, from 1. Scenarios without "catalog" share the embedded default
catalog.

At the end a summary goes to standard error: the number of decisions, the count per outcome,
the total charged (upgrades paid at once), the total of unpaid upgrade orders (AutoPay=false)
and the total refunded, per currency. With --summary-json the same summary is also the last
line of standard output, as {"Summary": {...}}.

While it runs, batch shows its progress on standard error (decisions, rate, time elapsed) when
standard error is a terminal, and never when it is not, so pipes and logs stay clean;
--progress and --no-progress override (the last given wins). An input whose first line opens a
JSON document that goes on over several lines (a pretty-printed scenario) is refused with one
hint, before anything is decided.

Exit status: 2 if any line was unusable or the input could not be read (the lines before
are written), else 3 if any request was refused, else 0; 1 when the output cannot be written.`

// maxBatchLine is the longest scenario line batch accepts (the newline excluded).
const maxBatchLine = model.MaxScenarioBytes

// Outcomes other than an error code.
const (
	outcomeAccepted = "ACCEPTED"
	outcomeUsage    = "UsageError"
)

// batchLine is one output line of batch.
type batchLine struct {
	Line int `json:"Line"`
	// InstanceID is the InstanceId the line's request names (absent for an unusable line).
	InstanceID string `json:"InstanceId,omitempty"`
	Outcome    string `json:"Outcome"`
	HTTPStatus int    `json:"HttpStatus,omitempty"`
	// Plan is the accepted plan; its amounts are padded to money's places once the line is
	// encoded (padMoney).
	Plan  *rules.Plan    `json:"Plan,omitempty"`
	Error *errcodes.Body `json:"Error,omitempty"`
	// Refusal is the rule, stage, evidence and retry class of a refusal.
	Refusal    *refusalDetail `json:"Refusal,omitempty"`
	UsageError string         `json:"UsageError,omitempty"`
	// money is how the plan's amounts are written.
	money money
}

// batchSummary is the summary of a batch.
type batchSummary struct {
	// Lines counts the decisions written (blank lines excepted).
	Lines int `json:"Lines"`
	// Outcomes counts the lines per outcome: ACCEPTED, an error code, or UsageError.
	Outcomes map[string]int `json:"Outcomes"`
	// Charges sums, per currency, the TradePrice of accepted upgrades paid at once.
	Charges map[string]string `json:"Charges"`
	// UnpaidCharges sums, per currency, the TradePrice of accepted upgrades created unpaid
	// (AutoPay=false). Abnormal orders (balance too low) are not counted: they are never paid.
	UnpaidCharges map[string]string `json:"UnpaidCharges"`
	// Refunds sums, per currency, the refund totals of accepted downgrades.
	Refunds map[string]string `json:"Refunds"`
	// PricesIllustrative is true when any amount summed came from illustrative prices.
	PricesIllustrative bool `json:"PricesIllustrative,omitempty"`
}

// tally accumulates a batch's summary.
type tally struct {
	lines                    int
	outcomes                 map[string]int
	charges, unpaid, refunds sums
	illustrative             bool
}

// sums are exact decimal sums per currency, with the most decimal places of any summand.
type sums map[string]*sum

type sum struct {
	total  decimal.Decimal
	places int32
}

// add adds d to the sum of currency. A new currency's key is a copy: currency may share the
// bytes of a batch line, which are reused for the lines after it.
func (s sums) add(currency string, d decimal.Decimal) {
	x, ok := s[currency]
	if !ok {
		x = &sum{}
		s[strings.Clone(currency)] = x
	}
	x.total = x.total.Add(d)
	x.places = max(x.places, -d.Exponent())
}

func (s sums) strings() map[string]string {
	out := make(map[string]string, len(s))
	for c, x := range s {
		out[c] = x.total.StringFixed(x.places)
	}
	return out
}

func newTally() *tally {
	return &tally{outcomes: map[string]int{}, charges: sums{}, unpaid: sums{}, refunds: sums{}}
}

// lineCount is what the summary counts of a decided line: its outcome and, for a plan that
// charges or refunds (a replayed one excepted), the amount, which sums it goes to, in which
// currency, and whether its prices are illustrative. It holds nothing of the decision, which
// can go once its line is encoded; its currency may share the line's bytes (sums.add copies
// a currency it keeps).
type lineCount struct {
	outcome      string
	into         sumKind
	currency     string
	amount       decimal.Decimal
	illustrative bool
}

// sumKind says which of a tally's sums an amount goes to.
type sumKind int8

const (
	sumNone sumKind = iota
	sumCharges
	sumUnpaid
	sumRefunds
)

// countOf returns what the summary counts of l, whose scenario's catalog has currency.
func countOf(l *batchLine, currency string) lineCount {
	c := lineCount{outcome: l.Outcome}
	p := l.Plan
	if p == nil || p.Replayed {
		return c
	}
	switch {
	case p.Charge != nil && p.Charge.OrderStatus == rules.OrderPaid:
		c.into, c.amount = sumCharges, p.Charge.TradePrice
	case p.Charge != nil && p.Charge.OrderStatus == rules.OrderUnpaid:
		c.into, c.amount = sumUnpaid, p.Charge.TradePrice
	case p.Refund != nil:
		c.into, c.amount = sumRefunds, p.Refund.Total
	default:
		return c
	}
	c.currency, c.illustrative = currency, p.PricesIllustrative
	return c
}

// count counts one written line.
func (t *tally) count(c lineCount) {
	t.lines++
	t.outcomes[c.outcome]++
	switch c.into {
	case sumCharges:
		t.charges.add(c.currency, c.amount)
	case sumUnpaid:
		t.unpaid.add(c.currency, c.amount)
	case sumRefunds:
		t.refunds.add(c.currency, c.amount)
	default:
		return
	}
	t.illustrative = t.illustrative || c.illustrative
}

func (t *tally) summary() batchSummary {
	return batchSummary{Lines: t.lines, Outcomes: t.outcomes, Charges: t.charges.strings(),
		UnpaidCharges: t.unpaid.strings(), Refunds: t.refunds.strings(), PricesIllustrative: t.illustrative}
}

// text returns the summary for people, on one line.
func (s batchSummary) text() string {
	var b strings.Builder
	b.WriteString("respec batch: " + plural(s.Lines, "decision", "decisions"))
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range s.Outcomes {
			if !yield(k) {
				return
			}
		}
	})
	// ACCEPTED first, then the error codes, then UsageError.
	slices.SortStableFunc(keys, func(a, b string) int { return rank(a) - rank(b) })
	for i, k := range keys {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Itoa(s.Outcomes[k]) + " " + k)
	}
	money := func(label string, m map[string]string) {
		cs := slices.Sorted(func(yield func(string) bool) {
			for k := range m {
				if !yield(k) {
					return
				}
			}
		})
		parts := make([]string, 0, len(cs))
		for _, c := range cs {
			parts = append(parts, strings.TrimSpace(m[c]+" "+c))
		}
		if len(parts) == 0 {
			parts = append(parts, "0")
		}
		b.WriteString("; " + label + " " + strings.Join(parts, " + "))
	}
	money("charged", s.Charges)
	money("unpaid orders", s.UnpaidCharges)
	money("refunded", s.Refunds)
	if s.PricesIllustrative {
		b.WriteString(" (illustrative prices)")
	}
	return b.String()
}

func rank(outcome string) int {
	switch outcome {
	case outcomeAccepted:
		return 0
	case outcomeUsage:
		return 2
	}
	return 1
}

// lineReader reads lines of at most max bytes (the newline and a final "\r" excluded) with
// memory bounded by max, whatever the input.
type lineReader struct {
	r   *bufio.Reader
	max int
	buf []byte
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// next returns the next line. tooLong is set when the line exceeded max: its content was
// discarded. At the end of the input next returns io.EOF (a last line without a newline is
// still returned first).
func (lr *lineReader) next() (line []byte, tooLong bool, err error) {
	lr.buf = lr.buf[:0]
	got := false
	for {
		frag, err := lr.r.ReadSlice('\n')
		got = got || len(frag) > 0
		if !tooLong {
			if len(lr.buf)+len(frag) > lr.max+2 { // room for "\r\n"
				tooLong = true
				lr.buf = lr.buf[:0]
			} else {
				lr.buf = append(lr.buf, frag...)
			}
		}
		switch {
		case err == nil:
			return lr.finish(tooLong)
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case err == io.EOF && got:
			return lr.finish(tooLong)
		default:
			return nil, false, err
		}
	}
}

func (lr *lineReader) finish(tooLong bool) ([]byte, bool, error) {
	if tooLong {
		return nil, true, nil
	}
	line := bytes.TrimSuffix(lr.buf, []byte("\n"))
	line = bytes.TrimSuffix(line, []byte("\r"))
	if len(line) > lr.max {
		return nil, true, nil
	}
	return line, false, nil
}

// decider is one worker's: the catalog of the scenarios without "catalog", whether the batch
// is strict, and the scenario and Input each of its lines is loaded into. A line is decided
// and encoded before the next is loaded, and nothing a decision holds refers to them (the
// plan and the refusal have their own memory), so one of each serves every line the worker
// decides. The strings share the line's bytes in its chunk (respec.LoadIntoShared), which
// stay as they are until the chunk's output lines are written and counted.
type decider struct {
	def    *model.Catalog
	strict bool
	s      scenario
	in     respec.Input
}

// line decides line n of a batch, whose bytes are line; it returns the output line and the
// currency of the scenario's catalog ("" for an unusable line).
func (d *decider) line(n int, line []byte) (batchLine, string) {
	err := d.s.loadShared(&d.in, line, d.def)
	if err == nil && d.strict {
		err = d.s.strictCheck()
	}
	if err != nil {
		l := batchLine{Line: n, Outcome: outcomeUsage, UsageError: "line " + strconv.Itoa(n) + ": " + err.Error()}
		if d.s.sc != nil {
			l.InstanceID = d.s.requestInstanceID()
		}
		return l, ""
	}
	s := &d.s
	o := s.decide()
	if o.err != nil {
		body := s.refusalJSON(o.err).Body
		detail := s.refusalDetail(o.err)
		return batchLine{Line: n, InstanceID: s.requestInstanceID(), Outcome: o.err.Code(), HTTPStatus: o.err.HTTPStatus(),
			Error: &body, Refusal: &detail}, s.cat.Currency()
	}
	return batchLine{Line: n, InstanceID: s.requestInstanceID(), Outcome: outcomeAccepted, HTTPStatus: 200,
		Plan: o.plan, money: s.money()}, s.cat.Currency()
}

// job decides j, a line of c, and appends its output line to out; the result's end is
// where the output line ends in the returned buffer.
func (d *decider) job(out []byte, c *batchChunk, j batchJob) ([]byte, batchResult) {
	var l batchLine
	currency := ""
	if j.tooLong {
		l = batchLine{Line: j.n, Outcome: outcomeUsage,
			UsageError: "line " + strconv.Itoa(j.n) + ": longer than " + strconv.Itoa(maxBatchLine>>20) + " MiB"}
	} else {
		l, currency = d.line(j.n, c.in[j.start:j.end])
	}
	out, err := encodeBatchLine(out, &l)
	return out, batchResult{count: countOf(&l, currency), end: len(out), err: err}
}

// chunk decides the lines of c in order into c.out and c.results, stopping after a line
// that could not be encoded (the writer stops there).
func (d *decider) chunk(c *batchChunk) {
	for _, j := range c.jobs {
		var r batchResult
		c.out, r = d.job(c.out, c, j)
		c.results = append(c.results, r)
		if r.err != nil {
			return
		}
	}
}

// readError is a failure to read the input (exit status 2: the input is unusable).
type readError struct {
	line int
	err  error
}

func (e *readError) Error() string {
	return "reading line " + strconv.Itoa(e.line) + ": " + e.err.Error()
}

func (e *readError) Unwrap() error { return e.err }

// prettyError is an input whose first line begins a JSON document that goes on over several
// lines (a pretty-printed scenario): batch says so once instead of one UsageError per line.
type prettyError struct{ line int }

func (e *prettyError) Error() string {
	return "line " + strconv.Itoa(e.line) + " begins a JSON document that goes on over several lines (a pretty-printed scenario?): " +
		"batch reads JSON Lines, one whole scenario per line; decide one scenario with 'respec decide FILE', " +
		"or put it on one line with 'jq -c . FILE | respec batch'"
}

// looksPretty reports whether line, the first non-blank line of a batch, is the opening of a
// multi-line JSON document: it starts an object or array, is not valid JSON by itself, and
// ends where a pretty-printer breaks the line (after "{", "[", "," or ":").
func looksPretty(line []byte) bool {
	t := bytes.TrimSpace(line)
	if len(t) == 0 || t[0] != '{' && t[0] != '[' || json.Valid(t) {
		return false
	}
	switch t[len(t)-1] {
	case '{', '[', ',', ':':
		return true
	}
	return false
}

// Lines go from the reader to the workers, and on to the writer, in chunks of consecutive
// lines: one hand-off each way and one buffer of each kind for up to chunkLines lines, rather
// than for every line.
const (
	// chunkLines is the most lines a chunk holds.
	chunkLines = 64
	// chunkBytes is the size of its lines' bytes at which a chunk is handed on however few
	// lines it holds, so that a chunk holds at most chunkBytes plus one line.
	chunkBytes = 64 << 10
	// maxRecycledChunk is the largest buffer a chunk keeps once written: a chunk whose lines
	// or output grew beyond it (a long line) leaves that buffer to the garbage collector, so
	// that one long line does not stay held.
	maxRecycledChunk = 256 << 10
)

// batchChunk is a run of consecutive non-blank input lines: their bytes and line numbers as
// read, then their output lines and results as decided. Chunks are recycled: a batch makes
// its window of them and passes them round (free, read, decided, written, free again).
type batchChunk struct {
	// seq orders the chunks (0, 1, 2, ... in input order).
	seq int
	// in holds the lines' bytes one after another, jobs where each is.
	in   []byte
	jobs []batchJob
	// out holds the encoded output lines one after another, results one per line decided.
	out     []byte
	results []batchResult
}

// batchJob is one non-blank input line of a chunk: its line number and its bytes,
// in[start:end] of the chunk (nothing kept when it is tooLong).
type batchJob struct {
	n          int
	start, end int
	tooLong    bool
}

// batchResult is one decided line: what the summary counts of it, and where its output line
// ends in the chunk's out (it starts where the line before it ends); err is set for a line
// that could not be encoded.
type batchResult struct {
	count lineCount
	end   int
	err   error
}

// add appends line n to c (its bytes unless tooLong) and reports whether c is then full.
func (c *batchChunk) add(n int, line []byte, tooLong bool) (full bool) {
	start := len(c.in)
	if !tooLong {
		c.in = append(c.in, line...)
	}
	c.jobs = append(c.jobs, batchJob{n: n, start: start, end: len(c.in), tooLong: tooLong})
	return len(c.jobs) == chunkLines || len(c.in) >= chunkBytes
}

// reset empties c for its next lines, keeping its buffers unless one outgrew
// maxRecycledChunk.
func (c *batchChunk) reset() *batchChunk {
	c.in, c.out = recycled(c.in), recycled(c.out)
	c.jobs = c.jobs[:0]
	clear(c.results) // what they hold goes
	c.results = c.results[:0]
	return c
}

// recycled returns b emptied, or nil when it is longer than maxRecycledChunk.
func recycled(b []byte) []byte {
	if cap(b) > maxRecycledChunk {
		return nil
	}
	return b[:0]
}

// chunkReader reads the lines of a batch into chunks and hands each on to jobs.
type chunkReader struct {
	lr   *lineReader
	jobs chan<- *batchChunk
	free <-chan *batchChunk
	done <-chan struct{}
	// cur is the chunk being filled (nil before its first line), seq the next chunk's number.
	cur *batchChunk
	seq int
}

// readChunks reads the lines of in and hands the non-blank ones to jobs in chunks taken from
// free, until the end of in or until done is closed. A chunk is handed on once full, and as
// soon as no more input is buffered (the next read may wait for it), so that a slow input's
// lines are decided as they come. It returns an error reading in (the lines before it are
// handed on), or the prettyError of an input that opens with a multi-line JSON document.
func readChunks(in io.Reader, jobs chan<- *batchChunk, free <-chan *batchChunk, done <-chan struct{}) error {
	cr := &chunkReader{lr: newLineReader(in, maxBatchLine), jobs: jobs, free: free, done: done}
	first := true // no non-blank line read yet
	for n := 1; ; n++ {
		line, tooLong, err := cr.lr.next()
		switch {
		case err == io.EOF:
			cr.handOn()
			return nil
		case err != nil:
			cr.handOn()
			return &readError{line: n, err: err}
		case !tooLong && len(bytes.TrimSpace(line)) == 0:
		case first && !tooLong && looksPretty(line):
			return &prettyError{line: n}
		default:
			first = false
			if !cr.add(n, line, tooLong) {
				return nil
			}
		}
		if cr.lr.r.Buffered() == 0 && !cr.handOn() {
			return nil
		}
	}
}

// add adds line n to the chunk being filled, taking a free chunk first when there is none,
// and hands the chunk on once full. It returns false when done is closed.
func (cr *chunkReader) add(n int, line []byte, tooLong bool) bool {
	if cr.cur == nil {
		select {
		case cr.cur = <-cr.free:
		case <-cr.done:
			return false
		}
		cr.cur.seq = cr.seq
		cr.seq++
	}
	return !cr.cur.add(n, line, tooLong) || cr.handOn()
}

// handOn sends the chunk being filled, if any, to jobs. It returns false when done is closed.
func (cr *chunkReader) handOn() bool {
	if cr.cur == nil {
		return true
	}
	select {
	case cr.jobs <- cr.cur:
		cr.cur = nil
		return true
	case <-cr.done:
		return false
	}
}

// batch decides every line of in with workers goroutines, counting each on prog (which may be
// nil), writing one line per decision to out in input order; it returns the tally, or an
// error reading in or writing out (the lines before it are written). The lines travel in
// chunks (up to chunkLines lines, or chunkBytes plus one line) and at most 4 × workers chunks
// are in flight at once, so memory is bounded by that many chunks, whatever the length of
// the input.
func batch(in io.Reader, out io.Writer, workers int, strict bool, prog *progress) (*tally, error) {
	return batchWith(in, out, workers, strict, prog, catalog.Default())
}

// batchWith is batch with def as the catalog of the scenarios without "catalog".
func batchWith(in io.Reader, out io.Writer, workers int, strict bool, prog *progress, def *model.Catalog) (*tally, error) {
	workers = max(1, workers)
	window := 4 * workers
	jobs := make(chan *batchChunk, window)
	results := make(chan *batchChunk, window)
	free := make(chan *batchChunk, window) // the chunks not in flight
	for range window {
		free <- new(batchChunk)
	}
	done := make(chan struct{}) // closed when the writer gives up
	var readErr error           // written by the reader before it closes jobs

	go func() {
		defer close(jobs)
		readErr = readChunks(in, jobs, free, done)
	}()
	startDeciders(workers, jobs, results, done, def, strict)

	w := bufio.NewWriterSize(out, 64<<10)
	t := newTally()
	if err := writeInOrder(w, results, free, done, t, prog); err != nil {
		return t, err
	}
	if err := w.Flush(); err != nil {
		return t, err
	}
	return t, readErr
}

// startDeciders starts workers goroutines, each with its own decider, that decide the chunks
// of jobs into results until jobs is closed or done is; results is closed when they have all
// stopped.
func startDeciders(workers int, jobs <-chan *batchChunk, results chan<- *batchChunk, done <-chan struct{}, def *model.Catalog, strict bool) {
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := &decider{def: def, strict: strict}
			for c := range jobs {
				d.chunk(c)
				select {
				case results <- c:
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

// writeInOrder writes the chunks of results to w in input order, giving each back to free once
// written. On the first error (a line's, or w's) it closes done, drains results until the
// reader and the deciders have stopped, and returns that error.
func writeInOrder(w io.Writer, results <-chan *batchChunk, free chan<- *batchChunk, done chan<- struct{}, t *tally, prog *progress) error {
	pending := make(map[int]*batchChunk, cap(free))
	next := 0
	var werr error
	for c := range results {
		if werr != nil {
			continue // drain until the reader and workers have stopped
		}
		pending[c.seq] = c
		for {
			p, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if werr = writeChunk(w, p, t, prog); werr != nil {
				close(done)
				break
			}
			free <- p.reset() // never waits: free has room for every chunk
		}
	}
	return werr
}

// writeChunk writes the output lines of c to w one by one, counting each on t and prog, and
// stops at the first error: a line's that could not be encoded, or w's.
func writeChunk(w io.Writer, c *batchChunk, t *tally, prog *progress) error {
	start := 0
	for i := range c.results {
		r := &c.results[i]
		if r.err != nil {
			return r.err
		}
		if _, err := w.Write(c.out[start:r.end]); err != nil {
			return err
		}
		start = r.end
		t.count(r.count)
		prog.add()
	}
	return nil
}

// runBatch implements "respec batch [--strict] [--summary-json] [--workers N] [--progress|--no-progress] [FILE|-]".
func runBatch(c *call) int {
	stdout, stderr := c.stdout, c.stderr
	if w := c.opts.workers; w < 1 || w > 256 {
		return c.usageErr("--workers must be from 1 to 256, not %d", w)
	}
	r, name, err := c.openInput("scenarios (JSON Lines, one per line)")
	if err != nil {
		fmt.Fprintln(stderr, "respec batch:", err)
		return exitUsage
	}
	defer r.Close()
	var prog *progress
	if c.opts.progress.show(c.stderrTerminal) {
		prog = startProgress(stderr, c.progressEvery)
	}
	def, ok := c.defaultCatalog()
	if !ok {
		return exitUsage
	}
	t, err := batchWith(r, stdout, c.opts.workers, c.opts.strict, prog, def)
	prog.finish()
	if err != nil {
		fmt.Fprintln(stderr, "respec batch:", err)
		var re *readError
		var pe *prettyError
		if errors.As(err, &re) || errors.As(err, &pe) {
			return exitUsage
		}
		return exitFail
	}
	if t.lines == 0 {
		fmt.Fprintf(stderr, "respec batch: %s has no scenarios: expected JSON Lines, one scenario per line ('respec example' prints one; put it on one line with 'jq -c .')\n", displayName(name))
	}
	sum := t.summary()
	fmt.Fprintln(stderr, sum.text())
	if c.opts.summaryJSON {
		b, err := marshal(struct {
			Summary batchSummary `json:"Summary"`
		}{sum}, false)
		if err != nil || !write("batch", stdout, stderr, b) {
			return exitFail
		}
	}
	switch {
	case t.outcomes[outcomeUsage] > 0:
		return exitUsage
	case t.lines > t.outcomes[outcomeAccepted]:
		return exitRefused
	}
	return exitOK
}
