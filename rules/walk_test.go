package rules_test

import (
	"errors"
	"net/url"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/fuzz/gen"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestWalkMatchesNaiveWalk holds Explain's walk of the table (the gate rules run first, the
// rules after idempotency resolved once and walked by direction, a rule whose quiet fact holds
// not evaluated) to the plainest walk of the table on generated worlds, valid and faulty: the
// same rules, in the same order, and Decide's error is the first one's.
func TestWalkMatchesNaiveWalk(t *testing.T) {
	if bad := rules.OnlyRulesNeedDirection(); len(bad) > 0 {
		t.Fatalf("rules concerning one direction evaluated before it is known: %v", bad)
	}
	fs := fuzz.Faults()
	rapid.Check(t, func(t *rapid.T) {
		w, req, f := faultyWorld(t, fs, 3)
		var got []string
		for _, is := range rules.Explain(w.Now, &req, &f) {
			got = append(got, is.Rule)
		}
		want := rules.NaiveRuleWalk(w.Now, &req, &f)
		if !slices.Equal(got, want) && !(len(want) == 0 && len(got) == 1 && got[0] == "money.compute") {
			t.Fatalf("Explain names %v; the naive walk %v", got, want)
		}
	})
}

// faultyWorld draws a generated world, or the world of one of fs with up to most-1 more
// faults of the facts on top (each breaks one rule of the table), and prepares its request
// and facts; it skips the check when the faults do not compose or the parser refuses the
// request.
func faultyWorld(t *rapid.T, fs []fuzz.Fault, most int) (fuzz.World, model.Request, model.Facts) {
	var w fuzz.World
	picked := rapid.SliceOfNDistinct(rapid.IntRange(0, len(fs)-1), 0, most, rapid.ID).Draw(t, "faults")
	if len(picked) == 0 {
		w = gen.World().Draw(t, "world")
	} else {
		w = fs[picked[0]].Base()
	}
	for _, i := range picked {
		if fs[i].Break != nil && !fuzz.TryBreak(&w, fs[i].Break) {
			t.Skip("faults that do not compose")
		}
	}
	req, f, err := fuzz.Prepare(w, nil)
	if err != nil {
		t.Skip("request refused by the parser")
	}
	return w, req, f
}

// TestWrittenWalkMatchesTable holds the generated walks (walk_gen.go) to the runs they are
// written from (the quiet runs, the late runs with what the evaluation skips, the leading gate
// rules), walked through the table's rows, on generated worlds valid and faulty: the same
// first broken rule, or none. TestWalkGenCurrent holds the file to the table's source.
func TestWrittenWalkMatchesTable(t *testing.T) {
	fs := fuzz.Faults()
	// Every fault alone first: each breaks one rule, so each rule of the runs is reached.
	broke, lateBroke, gates := 0, 0, 0
	for _, fault := range fs {
		w := fault.Base()
		if fault.Break != nil {
			fault.Break(&w)
		}
		req, f, err := fuzz.Prepare(w, fault.Wire)
		if err != nil {
			continue
		}
		written, walked, ok := rules.QuietWalks(w.Now, &req, &f)
		if ok && written != walked {
			t.Errorf("%s: the written walk stops at rule %d; the table's run at %d", fault.Name, written, walked)
		}
		if ok && written >= 0 {
			broke++
		}
		written, walked, quiet, ok := rules.LateWalks(w.Now, &req, &f)
		if ok && written != walked {
			t.Errorf("%s: the written late walk stops at rule %d; the table's run at %d", fault.Name, written, walked)
		}
		if ok && !quiet && written >= 0 {
			lateBroke++
		}
		written, walked = rules.GateWalks(w.Now, &req, &f)
		if written != walked {
			t.Errorf("%s: the written gates stop at rule %d; the table's at %d", fault.Name, written, walked)
		}
		if written >= 0 {
			gates++
		}
	}
	if broke < 30 || lateBroke < 20 || gates < 4 {
		t.Errorf("only %d faults break a rule of the written quiet walk, %d one of the late walk with a quiet fact failing, %d a gate rule", broke, lateBroke, gates)
	}
	rapid.Check(t, func(t *rapid.T) {
		w, req, f := faultyWorld(t, fs, 3)
		if written, walked := rules.GateWalks(w.Now, &req, &f); written != walked {
			t.Fatalf("the written gates stop at rule %d; the table's at %d", written, walked)
		}
		if written, walked, _, ok := rules.LateWalks(w.Now, &req, &f); ok && written != walked {
			t.Fatalf("the written late walk stops at rule %d; the table's run at %d", written, walked)
		}
		written, walked, ok := rules.QuietWalks(w.Now, &req, &f)
		if !ok {
			t.Skip("no direction: the written walk does not apply")
		}
		if written != walked {
			t.Fatalf("the written walk stops at rule %d; the table's run at %d", written, walked)
		}
	})
}

// samePlan compares plans field by field, a decimal by its value and its exponent (its
// printed form).
var samePlan = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.String() == b.String() })

// TestDecideByTable: Decide's usual decision on the stack, ended by the written walk, gives
// every request the answer of the table's walks on the heap (decideByTable), the plan field
// by field and the refusal's code, detail and HTTP status: each fault alone (each rule of the
// walk reached), a remembered ClientToken (replayed, or refused by its other parameters), and
// worlds of up to three faults.
func TestDecideByTable(t *testing.T) {
	agree := func(t interface{ Fatalf(string, ...any) }, name string, w fuzz.World, req model.Request, f model.Facts) {
		p, err := rules.Decide(w.Now, &req, &f)
		q, err2 := rules.DecideByTable(w.Now, &req, &f)
		var e, e2 *errcodes.Error
		if errors.As(err, &e) != errors.As(err2, &e2) || (err != nil) != (err2 != nil) {
			t.Fatalf("%s: Decide %v, by the table %v", name, err, err2)
		}
		if e != nil && (e.Code() != e2.Code() || e.Detail() != e2.Detail() || e.HTTPStatus() != e2.HTTPStatus()) {
			t.Fatalf("%s: Decide %v, by the table %v", name, err, err2)
		}
		if diff := cmp.Diff(q, p, samePlan); diff != "" {
			t.Fatalf("%s: Decide's plan against the table's (-table +Decide):\n%s", name, diff)
		}
	}
	same := func(t *testing.T, name string, w fuzz.World, wire func(url.Values)) {
		if req, f, err := fuzz.Prepare(w, wire); err == nil {
			agree(t, name, w, req, f)
		}
	}
	fs := fuzz.Faults()
	for _, fault := range fs {
		w := fault.Base()
		if fault.Break != nil {
			fault.Break(&w)
		}
		same(t, fault.Name, w, fault.Wire)
	}
	// A request remembered under its ClientToken: the same parameters replay it, others are
	// refused.
	w, _, _, first := tokenUpgrade(t)
	w.Facts.Idempotency = map[string]model.Record{w.Request.ClientToken: {At: w.Now, Fingerprint: first.Fingerprint, RequestID: first.RequestID, OrderID: first.OrderID}}
	same(t, "replay", w, nil)
	other := w
	other.Request.InstanceType = fuzz.BaselineDowngrade().Request.InstanceType
	same(t, "token with other parameters", other, nil)
	if p, err := fuzz.Decide(w, nil); err != nil || !p.Replayed || p.RequestID != first.RequestID {
		t.Errorf("the same request again: %v, replayed %v, RequestId %q (want %q)", err, p.Replayed, p.RequestID, first.RequestID)
	}
	if _, err := fuzz.Decide(other, nil); !errors.Is(err, errcodes.IdempotenceParamNotMatch) {
		t.Errorf("the token with other parameters: %v, want IdempotenceParamNotMatch", err)
	}
	rapid.Check(t, func(t *rapid.T) {
		w, req, f := faultyWorld(t, fs, 3)
		agree(t, "a faulty world", w, req, f)
	})
}
