package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/examples"
	"github.com/respec-dev/respec/internal/cpumeter"
	"github.com/respec-dev/respec/model"
)

// decodeLines parses batch output into its lines.
func decodeLines(t *testing.T, out []byte) []map[string]any {
	t.Helper()
	var lines []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("output line %q is not JSON: %v", sc.Text(), err)
		}
		lines = append(lines, m)
	}
	return lines
}

// A malformed line in the middle yields a UsageError line naming it; the others are decided,
// in order; the summary adds up.
func TestBatchMalformedLineInTheMiddle(t *testing.T) {
	up := compact(t, "upgrade-running.json")
	down := compact(t, "downgrade-stopped.json")
	refused := compact(t, "expired.json")
	unpaid := compact(t, "autopay-false.json")
	var in bytes.Buffer
	for _, l := range [][]byte{up, down, []byte(`{"now": "2026-01-01T00:00:00Z", "request": {}, "bogus": 1}`), []byte("not json at all"),
		refused, {}, []byte("   "), unpaid, up} {
		in.Write(l)
		in.WriteString("\r\n")
	}
	in.Write(down) // the last line has no newline
	code, out, errOut := runIn(in.Bytes(), "batch", "--summary-json", "-")
	if code != exitUsage {
		t.Errorf("exit %d, want 2 (a line was unusable)", code)
	}
	lines := decodeLines(t, out)
	if len(lines) != 9 {
		t.Fatalf("%d output lines, want 8 decisions and the summary:\n%s", len(lines), out)
	}
	want := []struct {
		line    float64
		outcome string
	}{{1, "ACCEPTED"}, {2, "ACCEPTED"}, {3, "UsageError"}, {4, "UsageError"}, {5, "InvalidInstance.PreInstanceExpired"},
		{8, "ACCEPTED"}, {9, "ACCEPTED"}, {10, "ACCEPTED"}}
	for i, w := range want {
		l := lines[i]
		if l["Line"] != w.line || l["Outcome"] != w.outcome {
			t.Errorf("output %d: Line %v Outcome %v, want %v %s", i, l["Line"], l["Outcome"], w.line, w.outcome)
		}
		switch w.outcome {
		case "ACCEPTED":
			if l["HttpStatus"] != float64(200) || l["Plan"] == nil || l["Error"] != nil || l["UsageError"] != nil {
				t.Errorf("line %v: %v", w.line, l)
			}
		case "UsageError":
			ue, _ := l["UsageError"].(string)
			if !strings.HasPrefix(ue, "line "+strconv.Itoa(int(w.line))+": scenario: ") || l["Plan"] != nil || l["HttpStatus"] != nil {
				t.Errorf("line %v: %v", w.line, l)
			}
		default:
			e, _ := l["Error"].(map[string]any)
			if l["HttpStatus"] != float64(403) || e == nil || e["Code"] != w.outcome || e["HostId"] != "ecs.cn-hangzhou.aliyuncs.com" {
				t.Errorf("line %v: %v", w.line, l)
			}
		}
	}
	if ue := lines[2]["UsageError"]; ue != `line 3: scenario: bogus: unknown field (the fields are description, now, request, policy, instance, account, idempotency, throttle, serviceUnavailable, catalog)` {
		t.Errorf("line 3: %v", ue)
	}
	// The summary: 2 upgrades paid (4377.80 each), 1 unpaid (4377.80), 2 refunds (2726.10 each).
	var sum struct{ Summary batchSummary }
	last, _ := json.Marshal(lines[8])
	if err := json.Unmarshal(last, &sum); err != nil {
		t.Fatal(err)
	}
	wantSum := batchSummary{Lines: 8, Outcomes: map[string]int{"ACCEPTED": 5, "InvalidInstance.PreInstanceExpired": 1, "UsageError": 2},
		Charges: map[string]string{"CNY": "8755.60"}, UnpaidCharges: map[string]string{"CNY": "4377.80"},
		Refunds: map[string]string{"CNY": "5452.20"}, PricesIllustrative: true}
	if diff := cmp.Diff(wantSum, sum.Summary); diff != "" {
		t.Errorf("summary (-want +got):\n%s", diff)
	}
	wantErr := "respec batch: 8 decisions: 5 ACCEPTED, 1 InvalidInstance.PreInstanceExpired, 2 UsageError; charged 8755.60 CNY; " +
		"unpaid orders 4377.80 CNY; refunded 5452.20 CNY (illustrative prices)\n"
	if errOut != wantErr {
		t.Errorf("stderr %q\nwant   %q", errOut, wantErr)
	}
}

// The summary's sums are exact decimal sums of the decisions' amounts.
func TestBatchSumsMatchDecisions(t *testing.T) {
	code, out, _ := runIn(nil, "batch", "../../examples/fleet.jsonl")
	if code != exitRefused {
		t.Fatalf("fleet: exit %d", code)
	}
	paid, unpaid, refunds := decimal.Zero, decimal.Zero, decimal.Zero
	n := 0
	for i, l := range decodeLines(t, out) {
		n++
		if l["Line"] != float64(i+1) {
			t.Errorf("output %d is line %v", i, l["Line"])
		}
		p, _ := l["Plan"].(map[string]any)
		if p == nil {
			continue
		}
		if ch, ok := p["Charge"].(map[string]any); ok {
			tp := decimal.RequireFromString(ch["TradePrice"].(string))
			switch ch["OrderStatus"] {
			case "Paid":
				paid = paid.Add(tp)
			case "Unpaid":
				unpaid = unpaid.Add(tp)
			}
		}
		if r, ok := p["Refund"].(map[string]any); ok {
			refunds = refunds.Add(decimal.RequireFromString(r["Total"].(string)))
		}
	}
	if n != 12 {
		t.Errorf("%d lines, want 12", n)
	}
	var buf bytes.Buffer
	tl, err := batch(strings.NewReader(string(readExample(t, "fleet.jsonl"))), &buf, 2, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := tl.summary()
	for _, c := range []struct {
		name      string
		got, want string
	}{{"charges", s.Charges["CNY"], paid.StringFixed(2)}, {"unpaid", s.UnpaidCharges["CNY"], unpaid.StringFixed(2)},
		{"refunds", s.Refunds["CNY"], refunds.StringFixed(2)}} {
		if c.got != c.want {
			t.Errorf("%s: summary %s, sum of lines %s", c.name, c.got, c.want)
		}
	}
	if !paid.IsPositive() || !unpaid.IsPositive() || !refunds.IsPositive() {
		t.Errorf("the fleet should have all three kinds: %s %s %s", paid, unpaid, refunds)
	}
	if s.Lines != 12 || s.Outcomes["ACCEPTED"] != 5 {
		t.Errorf("summary %+v", s)
	}
}

// A line over the limit is an error for that line; the next line is decided.
func TestBatchLongLine(t *testing.T) {
	up := compact(t, "upgrade-running.json")
	var in bytes.Buffer
	in.Write(up)
	in.WriteByte('\n')
	in.WriteString(`{"description": "`)
	in.Write(bytes.Repeat([]byte("x"), maxBatchLine))
	in.WriteString("\"}\n")
	in.Write(up)
	in.WriteByte('\n')
	code, out, _ := runIn(in.Bytes(), "batch")
	lines := decodeLines(t, out)
	if code != exitUsage || len(lines) != 3 {
		t.Fatalf("exit %d, %d lines", code, len(lines))
	}
	if lines[1]["UsageError"] != "line 2: longer than 4 MiB" || lines[2]["Outcome"] != "ACCEPTED" || lines[2]["Line"] != float64(3) {
		t.Errorf("lines %v / %v", lines[1], lines[2]["Outcome"])
	}
}

// The line reader: exact limits, CR LF, a last line without newline, empty input.
func TestLineReader(t *testing.T) {
	read := func(in string, max int) []string {
		lr := newLineReader(strings.NewReader(in), max)
		var got []string
		for {
			l, long, err := lr.next()
			if err == io.EOF {
				return got
			}
			if err != nil {
				t.Fatal(err)
			}
			if long {
				got = append(got, "<long>")
			} else {
				got = append(got, string(l))
			}
		}
	}
	for _, tc := range []struct {
		in   string
		max  int
		want []string
	}{
		{"", 5, nil},
		{"\n", 5, []string{""}},
		{"abc", 5, []string{"abc"}},
		{"abcde\nabcdef\nab\r\n", 5, []string{"abcde", "<long>", "ab"}},
		{"abcde\r\n", 5, []string{"abcde"}},
		{"abcdef\r\n", 5, []string{"<long>"}},
		{"abcdefgh", 5, []string{"<long>"}},
		{strings.Repeat("y", 200<<10) + "\nz\n", 100, []string{"<long>", "z"}},
		{strings.Repeat("y", 200<<10) + "\nz\n", 300 << 10, []string{strings.Repeat("y", 200<<10), "z"}},
	} {
		got := read(tc.in, tc.max)
		if !cmp.Equal(got, tc.want) {
			if len(tc.in) > 40 {
				tc.in = tc.in[:40] + "..."
			}
			t.Errorf("read(%q, %d) = %.60q, want %.60q", tc.in, tc.max, got, tc.want)
		}
	}
}

func TestBatchUsage(t *testing.T) {
	if code, _, errOut := runIn(nil, "batch", "/nonexistent/fleet.jsonl"); code != exitUsage ||
		errOut != "respec batch: /nonexistent/fleet.jsonl: no such file or directory\n" {
		t.Errorf("missing file: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := runIn(nil, "batch", "testdata"); code != exitUsage || errOut != "respec batch: testdata: is a directory\n" {
		t.Errorf("directory: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := runIn(nil, "batch", "a", "b"); code != exitUsage || !strings.HasPrefix(errOut, "respec batch: one input at most") {
		t.Errorf("two inputs: exit %d, stderr %q", code, errOut)
	}
	if code, _, errOut := runIn(nil, "batch", "-h"); code != exitOK || !strings.HasPrefix(errOut, "Usage: respec batch") {
		t.Errorf("-h: exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := runIn(nil, "batch", "--bogus"); code != exitUsage {
		t.Errorf("--bogus: exit %d", code)
	}
	// Empty input: no decisions, exit 0, what was expected, and a summary all the same.
	code, out, errOut := runIn(nil, "batch", "--json", "--summary-json")
	if code != exitOK || string(out) != `{"Summary":{"Lines":0,"Outcomes":{},"Charges":{},"UnpaidCharges":{},"Refunds":{}}}`+"\n" ||
		errOut != "respec batch: standard input has no scenarios: expected JSON Lines, one scenario per line ('respec example' prints one; put it on one line with 'jq -c .')\n"+
			"respec batch: 0 decisions; charged 0; unpaid orders 0; refunded 0\n" {
		t.Errorf("empty: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	// All accepted: exit 0.
	if code, _, _ := runIn(append(compact(t, "upgrade-running.json"), '\n'), "batch"); code != exitOK {
		t.Errorf("one accepted line: exit %d", code)
	}
}

// errReader fails after its data.
type errReader struct{ data io.Reader }

func (r errReader) Read(p []byte) (int, error) {
	n, err := r.data.Read(p)
	if err == io.EOF {
		return n, errors.New("device gone")
	}
	return n, err
}

func TestBatchReadError(t *testing.T) {
	var out, errOut bytes.Buffer
	in := errReader{bytes.NewReader(append(compact(t, "upgrade-running.json"), '\n'))}
	code := run([]string{"batch"}, in, &out, &errOut)
	if code != exitUsage || errOut.String() != "respec batch: reading line 2: device gone\n" || !strings.HasPrefix(out.String(), `{"Line":1,`) {
		t.Errorf("exit %d, stderr %q, stdout %.40q", code, errOut.String(), out.String())
	}
}

// fleetGen is an io.Reader producing n lines, cycling through the given scenario lines.
type fleetGen struct {
	lines [][]byte
	n, i  int
	cur   []byte
	// every, when positive, calls tick after every lines produced.
	every int
	tick  func()
}

func (g *fleetGen) Read(p []byte) (int, error) {
	total := 0
	for len(p) > 0 {
		if len(g.cur) == 0 {
			if g.i == g.n {
				if total == 0 {
					return 0, io.EOF
				}
				return total, nil
			}
			g.cur = g.lines[g.i%len(g.lines)]
			g.i++
			if g.every > 0 && g.i%g.every == 0 {
				g.tick()
			}
		}
		k := copy(p, g.cur)
		p, g.cur, total = p[k:], g.cur[k:], total+k
	}
	return total, nil
}

// checkWriter checks the batch output as it streams by: line numbers in order, and counts
// outcomes, without keeping the output.
type checkWriter struct {
	t        *testing.T
	next     int
	lastLine int
	partial  []byte
	outcomes map[string]int
}

func (w *checkWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			w.partial = append(w.partial, p...)
			break
		}
		line := append(w.partial, p[:i]...)
		w.partial = w.partial[:0]
		p = p[i+1:]
		w.next++
		// {"Line":<n>,["InstanceId":"...",]"Outcome":"<outcome>",...: line numbers strictly
		// increase (blank input lines have no output line).
		const p1, p2 = `{"Line":`, `,"Outcome":"`
		i1 := bytes.Index(line, []byte(p2))
		if !bytes.HasPrefix(line, []byte(p1)) || i1 < 0 {
			w.t.Fatalf("output line %d starts %.80q", w.next, line)
		}
		num := line[len(p1):i1]
		if j := bytes.IndexByte(num, ','); j >= 0 {
			num = num[:j]
		}
		n, err := strconv.Atoi(string(num))
		if err != nil || n <= w.lastLine {
			w.t.Fatalf("output line %d is input line %q after %d", w.next, line[len(p1):i1], w.lastLine)
		}
		w.lastLine = n
		rest := line[i1+len(p2):]
		w.outcomes[string(rest[:bytes.IndexByte(rest, '"')])]++
	}
	return n, nil
}

func fleetLines(t testing.TB) [][]byte {
	var lines [][]byte
	for _, l := range bytes.Split(bytes.TrimSpace(readExample(t, "fleet.jsonl")), []byte("\n")) {
		lines = append(lines, append(l, '\n'))
	}
	lines = append(lines, []byte("{\"not\": \"a scenario\"}\n"))
	return lines
}

// streamLines is size lines: the 13 of fleetLines, a blank line, then small scenarios about an
// instance the facts do not describe (quick to decode, refused with
// InvalidInstanceId.NotFound), so that 100,000 lines stream through in a few seconds.
func streamLines(t testing.TB, size int) [][]byte {
	lines := fleetLines(t)
	lines = append(lines, []byte("  \n"))
	for i := len(lines); i < size; i++ {
		lines = append(lines, []byte(`{"now":"2026-09-14T02:30:00Z","request":{"InstanceId":"i-bp1small`+strconv.Itoa(1000+i)+
			`","RegionId":"cn-hangzhou","InstanceType":"ecs.g6.large"}}`+"\n"))
	}
	return lines
}

// 100,000 lines stream through in order with memory bounded independently of their number.
func TestBatchStreamsWithBoundedMemory(t *testing.T) {
	n := 100_000
	if testing.Short() {
		n = 10_000
	}
	lines := streamLines(t, 400)
	runtime.GC() // the peak is this batch's, not that of what the tests before it left
	var peak uint64
	var ms runtime.MemStats
	sample := func() {
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
	}
	gen := &fleetGen{lines: lines, n: n, every: 5000, tick: sample}
	w := &checkWriter{t: t, outcomes: map[string]int{}}
	start := time.Now()
	var errOut bytes.Buffer
	code := run([]string{"batch"}, gen, w, &errOut)
	elapsed := time.Since(start)
	if code != exitUsage {
		t.Errorf("exit %d, want 2 (one line in 400 is not a scenario)", code)
	}
	cycles := n / len(lines)
	if want := n - cycles; w.next != want {
		t.Fatalf("%d output lines, want %d (one line in 400 is blank)", w.next, want)
	}
	if w.outcomes["ACCEPTED"] != 5*cycles || w.outcomes["UsageError"] != cycles || w.outcomes["OperationDenied.NoStock"] != cycles ||
		w.outcomes["InvalidInstanceId.NotFound"] != (len(lines)-14)*cycles {
		t.Errorf("outcomes %v", w.outcomes)
	}
	const limit = 24 << 20 // about 4 times what it uses
	if peak > limit {
		t.Errorf("peak heap in use %d MiB > %d MiB", peak>>20, limit>>20)
	}
	if !strings.HasPrefix(errOut.String(), "respec batch: "+strconv.Itoa(n-cycles)+" decisions: "+strconv.Itoa(5*cycles)+" ACCEPTED, ") {
		t.Errorf("summary %q", errOut.String())
	}
	t.Logf("%d lines in %v (%.0f lines/s), peak heap in use %.1f MiB", n, elapsed, float64(n)/elapsed.Seconds(), float64(peak)/(1<<20))
}

// The output is the same, in the same order, whatever the number of workers.
func TestBatchWorkersKeepOrder(t *testing.T) {
	lines := streamLines(t, 100)
	var in bytes.Buffer
	for i := 0; i < 3; i++ {
		for _, l := range lines {
			in.Write(l)
		}
	}
	code1, out1, err1 := runIn(in.Bytes(), "batch", "--workers", "1", "--summary-json")
	code4, out4, err4 := runIn(in.Bytes(), "batch", "--workers", "4", "--summary-json")
	if code1 != exitUsage || code4 != code1 || err1 != err4 {
		t.Errorf("exit %d / %d, stderr %q / %q", code1, code4, err1, err4)
	}
	if !bytes.Equal(out1, out4) {
		t.Error("--workers 4 writes other output than --workers 1")
	}
	if n := bytes.Count(out1, []byte("\n")); n != 3*99+1 {
		t.Errorf("%d lines", n)
	}
	if code, _, errOut := runIn(nil, "batch", "--workers", "0"); code != exitUsage || errOut != "respec batch: --workers must be from 1 to 256, not 0 (run 'respec batch -h' for usage)\n" {
		t.Errorf("--workers 0: exit %d, stderr %q", code, errOut)
	}
}

// BenchmarkBatch measures batch throughput over 10,000 lines of the fleet examples.
func BenchmarkBatch(b *testing.B) {
	lines := fleetLines(b)
	const n = 10_000
	for b.Loop() {
		gen := &fleetGen{lines: lines, n: n}
		if _, err := batch(gen, io.Discard, runtime.GOMAXPROCS(0), false, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "scenarios/s")
}

// BenchmarkBatchExample measures batch throughput with 2 workers over 10,000 copies of the
// embedded example (respec example), each on one line.
func BenchmarkBatchExample(b *testing.B) { benchBatchExample(b, 2) }

// BenchmarkBatchExampleOneWorker is BenchmarkBatchExample with one worker.
func BenchmarkBatchExampleOneWorker(b *testing.B) { benchBatchExample(b, 1) }

// benchBatchExample measures batch throughput with workers workers over 10,000 copies of the
// embedded example, in scenarios a second and in CPU time (cpu-ns/op, for 10,000 scenarios).
func benchBatchExample(b *testing.B, workers int) {
	line := append(compact(b, examples.Starter), '\n')
	const n = 10_000
	for m := cpumeter.Start(); m.Loop(b); {
		gen := &fleetGen{lines: [][]byte{line}, n: n}
		if _, err := batch(gen, io.Discard, workers, false, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "scenarios/s")
}

// BenchmarkBatchLine measures one line of BenchmarkBatchExample on its own, in one goroutine:
// decode, prepare, decide and encode the embedded example (what a worker does per line, the
// reading, the channels and the writing excepted).
func BenchmarkBatchLine(b *testing.B) {
	c := new(batchChunk)
	c.add(1, compact(b, examples.Starter), false)
	d := &decider{def: catalog.Default()} // one a worker, as batch has
	var out []byte                        // recycled, as batch recycles its output buffers
	b.ReportAllocs()
	for m := cpumeter.Start(); m.Loop(b); {
		var r batchResult
		out, r = d.job(out[:0], c, c.jobs[0])
		if r.err != nil || r.count.outcome != outcomeAccepted {
			b.Fatal(r.err, r.count.outcome)
		}
	}
}

// decideOne decides line as line 1 of a batch with the catalog def, returning its output
// line, encoded, and the line before encoding.
func decideOne(t testing.TB, def *model.Catalog, line []byte) ([]byte, batchLine) {
	l, _ := (&decider{def: def}).line(1, line)
	out, err := encodeBatchLine(nil, &l)
	if err != nil {
		t.Fatal(err)
	}
	return out, l
}

// BenchmarkBatchOneWorker is BenchmarkBatch with one worker.
func BenchmarkBatchOneWorker(b *testing.B) {
	lines := fleetLines(b)
	const n = 2_000
	for b.Loop() {
		gen := &fleetGen{lines: lines, n: n}
		if _, err := batch(gen, io.Discard, 1, false, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "scenarios/s")
}

// A line is decided as soon as it comes, not once its chunk is full: with the input waiting
// after each line, each is counted before the next is sent.
func TestBatchDecidesLinesAsTheyCome(t *testing.T) {
	r, w := io.Pipe()
	prog := &progress{}
	done := make(chan error, 1)
	go func() {
		_, err := batch(r, io.Discard, 2, false, prog)
		done <- err
	}()
	line := append(compact(t, "upgrade-running.json"), '\n')
	for i := range 3 {
		if _, err := w.Write(line); err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(10 * time.Second)
		for prog.n.Load() != int64(i+1) {
			if time.Now().After(deadline) {
				t.Fatalf("line %d not decided 10 s after it came (%d decided)", i+1, prog.n.Load())
			}
			time.Sleep(time.Millisecond)
		}
	}
	w.Close()
	if err := <-done; err != nil || prog.n.Load() != 3 {
		t.Errorf("err %v, %d decided", err, prog.n.Load())
	}
}

// A chunk is full at its chunkLines-th line, or once its lines hold chunkBytes bytes, not
// before.
func TestBatchChunkFull(t *testing.T) {
	c := new(batchChunk)
	for i := 1; i < chunkLines; i++ {
		if c.add(i, []byte("x"), false) {
			t.Fatalf("full at line %d of %d", i, chunkLines)
		}
	}
	if !c.add(chunkLines, nil, true) {
		t.Errorf("not full at line %d", chunkLines)
	}
	c.reset()
	if c.add(1, make([]byte, chunkBytes-1), false) {
		t.Errorf("full at %d bytes", chunkBytes-1)
	}
	if !c.add(2, []byte("x"), false) || len(c.in) != chunkBytes || len(c.jobs) != 2 || c.jobs[1] != (batchJob{n: 2, start: chunkBytes - 1, end: chunkBytes}) {
		t.Errorf("at %d bytes: %d bytes, jobs %v", chunkBytes, len(c.in), c.jobs[1:])
	}
}

// A chunk keeps a buffer up to maxRecycledChunk bytes once written, and leaves a larger one.
func TestBatchChunkRecycles(t *testing.T) {
	if b := recycled(make([]byte, 5, maxRecycledChunk)); b == nil || len(b) != 0 || cap(b) != maxRecycledChunk {
		t.Errorf("a buffer of %d bytes: %d, cap %d", maxRecycledChunk, len(b), cap(b))
	}
	if b := recycled(make([]byte, 5, maxRecycledChunk+1)); b != nil {
		t.Errorf("a buffer of %d bytes kept", maxRecycledChunk+1)
	}
}

// A batch line's strings share its chunk's bytes, which later lines overwrite: the summary
// keeps its own copy of a scenario catalog's currency. One USD line comes first, then enough
// CNY lines to recycle every chunk several times.
func TestBatchSummaryOwnsItsCurrencies(t *testing.T) {
	usd := bytes.Replace(compact(t, "cross-zone-upgrade.json"), []byte(`"Currency":"CNY"`), []byte(`"Currency":"USD"`), 1)
	cny := compact(t, examples.Starter)
	var in bytes.Buffer
	in.Write(append(usd, '\n'))
	for range 2000 {
		in.Write(append(cny, '\n'))
	}
	tl, err := batch(&in, io.Discard, 2, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := tl.charges.strings()
	want := map[string]string{"USD": "324.12", "CNY": "8755600.00"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("charges (-want +got):\n%s", d)
	}
}
