package fuzz

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/scenario"
)

// FuzzDecide holds the totality property (TestTotalityAndDeterminism) to worlds decoded
// from the fuzzer's bytes by decodeWorld: one of the accepted base worlds, a few cheap
// variations and up to three faults of the fault table. A failure is a panic, a non-catalog
// error, a changed input, two different answers to one input, Decide and Explain disagreeing
// or a broken money invariant. A crash found this way becomes a regression test: its input
// stays in testdata/fuzz/FuzzDecide, which go test replays. The seeds are every fault on its
// own base world (TestFuzzDecideSeeds checks that each decodes to its fault's entry) and the
// files of testdata/fuzz/FuzzDecide.
func FuzzDecide(f *testing.F) {
	for i := range Faults() {
		f.Add(faultSeed(i))
	}
	f.Fuzz(func(t *testing.T, data []byte) { onGrownStack(t, decideBytes, data) })
}

// onGrownStack runs body(data) on bodyGoroutine and reports its outcome on t as if it had
// run on t's own goroutine: a failed check as t.Fatalf with the check's message, a panic as a
// panic with the body's stack. The fuzzer calls its target on a new goroutine for every
// input, which starts with a small stack; FuzzDecide's body needs about 32 KB of it (World
// and Facts values are large), so on a new goroutine every execution copied its stack four
// times as it grew (an eighth of a fuzzing worker's time). bodyGoroutine's stack stays grown.
// Coverage is counted the same: the counters are global, and the body runs while the target
// waits for it.
func onGrownStack(t Fataler, body func(Fataler, []byte), data []byte) {
	t.Helper()
	out := bodyGoroutine().run(body, data)
	switch {
	case out.failed:
		t.Fatalf("%s", out.msg)
	case out.panicked:
		panic(fmt.Sprintf("%v\n\non bodyGoroutine:\n%s", out.value, out.stack))
	}
}

// bodyRunner is a goroutine that runs the bodies sent to it, one at a time.
type bodyRunner struct {
	mu  sync.Mutex // one body in flight: each caller receives its own outcome
	in  chan bodyCall
	out chan bodyOutcome
}

// bodyCall is one body to run on its input.
type bodyCall struct {
	body func(Fataler, []byte)
	data []byte
}

// bodyOutcome is how a body ended: passed, failed a check (msg), or panicked (value, with
// the goroutine's stack).
type bodyOutcome struct {
	failed, panicked bool
	msg              string
	value            any
	stack            []byte
}

// bodyGoroutine is the bodyRunner of the process, started at its first use.
var bodyGoroutine = sync.OnceValue(func() *bodyRunner {
	r := &bodyRunner{in: make(chan bodyCall), out: make(chan bodyOutcome)}
	go func() {
		for c := range r.in {
			r.out <- runBody(c)
		}
	}()
	return r
})

// run runs body(data) on r's goroutine and returns its outcome.
func (r *bodyRunner) run(body func(Fataler, []byte), data []byte) bodyOutcome {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.in <- bodyCall{body, data}
	return <-r.out
}

// runBody runs c with a recorder, which stops the body at its first failed check.
func runBody(c bodyCall) (out bodyOutcome) {
	defer func() {
		if x := recover(); x != nil {
			if fl, ok := x.(failure); ok {
				out.failed, out.msg = true, fl.msg
				return
			}
			out.panicked, out.value, out.stack = true, x, debug.Stack()
		}
	}()
	c.body(recorder{}, c.data)
	return out
}

// decideBytes is FuzzDecide's body: the world data decodes to, prepared the way every
// scenario is (the request through its wire form and the parser), held to the totality
// property.
func decideBytes(t Fataler, data []byte) {
	{
		ww, cat := decodeWorld(data)
		s := ww.Scenario(ww.Wire)
		if cat != nil {
			s.CatalogData = nil // the base's catalog, built once
		}
		p, err := scenario.Prepare(&s, cat)
		if err != nil {
			t.Fatalf("decoded world: %v", err)
		}
		if p.RequestError != nil {
			CheckDecision(t, ww.Now, nil, nil, p.RequestError)
			return
		}
		CheckDecision(t, ww.Now, &p.Request, &p.Facts, nil)
	}
}

// byteReader hands out the fuzzer's bytes one at a time; past the end every byte is 0, so
// every input decodes, and a zero byte always means "leave this as it is".
type byteReader struct{ b []byte }

func (r *byteReader) next() byte {
	if len(r.b) == 0 {
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// The byte layout decodeWorld reads, in order: the number of faults (mod 4), then one byte
// per fault (its index in the fault table, mod its length); then the base (0 Baseline,
// 1 BaselineDowngrade, 2 Retired, 3 the first fault's own base).

var decodeBases = [...]func() World{Baseline, BaselineDowngrade, Retired}

// builtWorld is a base world built once, with its catalog: decoding copies it instead of
// building it again. Neither is changed after it is built (the mutators work on a clone; the
// catalog's data is shared by the faults that leave it alone, TestDecodeKeepsBaseCatalogs).
type builtWorld struct {
	w   World
	cat *model.Catalog
}

func build(base func() World) builtWorld {
	w := base()
	cat, err := model.NewCatalog(w.Catalog)
	if err != nil {
		panic("fuzz: invalid base catalog: " + err.Error())
	}
	registerCatalog(cat)
	return builtWorld{w, cat}
}

// decodeFaults is the fault table; decodeBuilt holds decodeBases built, faultBuilt every
// fault's base built, and catalogFault tells the faults that change the catalog (of their
// own base or of Baseline): after one of them the catalog is built again; the others share
// the base's. Read-only after init.
var (
	decodeFaults = Faults()
	decodeBuilt  []builtWorld
	faultBuilt   []builtWorld
	catalogFault []bool
)

func init() {
	for _, b := range decodeBases {
		decodeBuilt = append(decodeBuilt, build(b))
	}
	for _, f := range decodeFaults {
		faultBuilt = append(faultBuilt, build(f.Base))
		touches := false
		if f.Break != nil {
			for _, base := range []World{f.Base(), Baseline()} {
				w := base
				if TryBreak(&w, f.Break) && !reflect.DeepEqual(w.Catalog, base.Catalog) {
					touches = true
				}
			}
		}
		catalogFault = append(catalogFault, touches)
	}
}

var decodeStatuses = [...]model.Status{model.StatusRunning, model.StatusStopped, model.StatusPending,
	model.StatusStarting, model.StatusStopping}

var decodeBalances = [...]string{"0", "0.01", "1", "99.995", "600", "1000000"}

var decodePolicies = [...]func() model.Policy{model.PolicyCurrent, model.Policy2020, model.Policy2019,
	model.Policy2018Sep, model.Policy2018}

var decodeOperators = [...]model.OperatorType{model.Upgrade, model.Downgrade}

// decodeWorld builds a world from data without rapid: a base world, the variations (each
// byte 0 keeps the base's value: the clock moved by a signed number of three-hour steps, the
// target type, the status, the balance, AutoPay, the policy, OperatorType), then the faults,
// each applied to the varied world (a mutator that cannot apply to it is skipped).
//
// It also returns the base's built catalog when the world's catalog is still the base's, nil
// when a fault changed it. The world shares the base's slices and maps until a fault clones
// them: treat it as read-only.
func decodeWorld(data []byte) (WildWorld, *model.Catalog) {
	r := byteReader{data}
	faults := decodeFaults
	var chosen []int
	for n := r.next() % 4; n > 0; n-- {
		chosen = append(chosen, int(r.next())%len(faults))
	}
	var base builtWorld
	switch b := int(r.next()) % 4; {
	case b == 3 && len(chosen) > 0:
		base = faultBuilt[chosen[0]]
	case b == 3:
		base = decodeBuilt[0]
	default:
		base = decodeBuilt[b]
	}
	w := base.w
	if b := int8(r.next()); b != 0 {
		w.Now = w.Now.Add(time.Duration(b) * 3 * time.Hour)
	}
	if b := int(r.next()); b != 0 {
		w.Request.InstanceType = w.Catalog.Types[(b-1)%len(w.Catalog.Types)].InstanceTypeID
	}
	if b := int(r.next()); b != 0 {
		w.Facts.Instance.Status = decodeStatuses[(b-1)%len(decodeStatuses)]
	}
	if b := int(r.next()); b != 0 {
		w.Facts.Account.Balance = dec(decodeBalances[(b-1)%len(decodeBalances)])
	}
	if r.next()&1 != 0 {
		w.Request.AutoPay = !w.Request.AutoPay
	}
	if b := int(r.next()); b != 0 {
		w.Facts.Policy = decodePolicies[(b-1)%len(decodePolicies)]()
	}
	if b := int(r.next()); b != 0 {
		w.Request.OperatorType = decodeOperators[(b-1)%len(decodeOperators)]
	}
	picked := make([]Fault, len(chosen))
	keeps := make([]bool, len(chosen))
	for k, i := range chosen {
		picked[k], keeps[k] = faults[i], !catalogFault[i]
	}
	ww := withFaults(w, picked, keeps)
	for _, i := range chosen {
		if catalogFault[i] {
			return ww, nil
		}
	}
	return ww, base.cat
}

// faultSeed is the input that decodes to fault i of the fault table on its own base world.
func faultSeed(i int) []byte { return []byte{1, byte(i), 3} }

// TestFuzzDecideSeeds: the seeds are meaningful. Every fault's seed decodes to a world that
// Decide refuses with that fault's entry; an empty input and each plain base decode to an
// accepted world; and the corpus files decode without a panic.
func TestFuzzDecideSeeds(t *testing.T) {
	faults := Faults()
	if len(faults) > 256 {
		t.Fatalf("%d faults: a seed byte cannot name each", len(faults))
	}
	for i, f := range faults {
		ww, _ := decodeWorld(faultSeed(i))
		_, err := Decide(ww.World, ww.Wire)
		if !errors.Is(err, f.ID) {
			t.Errorf("seed of fault %d (%s): %v, want %s", i, f.Name, err, f.ID.Code())
		}
	}
	for _, data := range [][]byte{nil, {0, 0}, {0, 1}, {0, 2}, {0, 3}} {
		ww, _ := decodeWorld(data)
		if _, err := Decide(ww.World, ww.Wire); err != nil {
			t.Errorf("base %v: %v", data, err)
		}
	}
}

// TestDecodeKeepsBaseCatalogs: decoding never changes a base world's catalog data, which the
// faults that leave the catalog alone share: every fault on every base, under each variation
// byte on its own.
func TestDecodeKeepsBaseCatalogs(t *testing.T) {
	var bases []*builtWorld
	for i := range decodeBuilt {
		bases = append(bases, &decodeBuilt[i])
	}
	for i := range faultBuilt {
		bases = append(bases, &faultBuilt[i])
	}
	copies := make([]model.CatalogData, len(bases))
	for i, b := range bases {
		copies[i] = cloneCatalogData(b.w.Catalog)
	}
	same := identicalOf(reflect.TypeFor[model.CatalogData]())
	for i := range decodeFaults {
		for base := range byte(4) {
			for field := range 7 {
				for v := range byte(9) {
					data := []byte{1, byte(i), base, 0, 0, 0, 0, 0, 0, 0}
					data[3+field] = v
					decodeWorld(data)
				}
			}
		}
		for k, b := range bases {
			if !same(unsafe.Pointer(&b.w.Catalog), unsafe.Pointer(&copies[k])) {
				t.Fatalf("decoding fault %d (%s) changed a base catalog", i, decodeFaults[i].Name)
			}
		}
	}
}

// TestFuzzDecideCorpus: the files of testdata/fuzz/FuzzDecide reach the outcomes their names
// say, so that the fuzzer starts from accepted upgrades and downgrades (paid, unpaid,
// abnormal), a retired type, refusals at several stages and pairs and triples of faults.
func TestFuzzDecideCorpus(t *testing.T) {
	want := map[string]string{
		"upgrade_paid":                         "upgrade Paid",
		"upgrade_unpaid_without_autopay":       "upgrade Unpaid",
		"upgrade_abnormal_without_balance":     "upgrade Abnormal",
		"downgrade_refund":                     "downgrade refund",
		"downgrade_16_days_later":              "downgrade refund",
		"retired_upgrade":                      "upgrade Paid",
		"downgrade_2018_policy_invalid_action": "InvalidAction",
		"downgrade_running_not_stopped":        "InvalidStatus.NotStopped",
		"status_starting":                      "InvalidInstanceStatus",
		"target_offline_three_issues":          "InvalidInstanceType.ValueNotSupported",
		"wire_reboot_time_malformed":           "InvalidRebootTime.MalFormed",
		"two_faults_instance_not_found":        "InvalidInstanceId.NotFound",
		"three_faults_image_not_valid":         "OperationDenied.ImageNotValid",
	}
	files, err := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzDecide", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(want) {
		t.Errorf("%d corpus files, %d outcomes listed", len(files), len(want))
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		ww, _ := decodeWorld(corpusBytes(t, name, string(b)))
		p, err := Decide(ww.World, ww.Wire)
		got := ""
		var e *errcodes.Error
		switch {
		case errors.As(err, &e):
			got = e.Code()
		case err != nil:
			got = err.Error()
		case p.Charge != nil:
			got = fmt.Sprintf("%s %s", p.Direction, p.Charge.OrderStatus)
		default:
			got = fmt.Sprintf("%s refund", p.Direction)
		}
		if w := want[filepath.Base(name)]; got != w {
			t.Errorf("%s: %s, want %s", filepath.Base(name), got, w)
		}
	}
}

// TestOnGrownStackReports: a body run by onGrownStack passes, fails with its check's
// message, or panics with its value, as it would on the test's own goroutine.
func TestOnGrownStackReports(t *testing.T) {
	run := func(body func(Fataler, []byte)) (msg string, panicked any) {
		defer func() { panicked = recover() }()
		return checkFailureOf(func(r Fataler) { onGrownStack(r, body, []byte{7}) }), nil
	}
	if msg, p := run(func(Fataler, []byte) {}); msg != "" || p != nil {
		t.Errorf("a passing body: failure %q, panic %v", msg, p)
	}
	if msg, p := run(func(t Fataler, data []byte) { t.Fatalf("planted %d", data[0]) }); msg != "planted 7" || p != nil {
		t.Errorf("a failing body: failure %q, panic %v, want failure %q", msg, p, "planted 7")
	}
	msg, p := run(func(Fataler, []byte) { panic("planted panic") })
	if s, _ := p.(string); msg != "" || !strings.HasPrefix(s, "planted panic\n") || !strings.Contains(s, "TestOnGrownStackReports") {
		t.Errorf("a panicking body: failure %q, panic %v, want the panic with the body's stack", msg, p)
	}
}
