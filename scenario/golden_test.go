package scenario

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/respec-dev/respec/model"
)

var updateDecodeGolden = flag.Bool("update-decode", false, "rewrite "+decodeGoldenFile)

// decodeGoldenFile holds the reference answers of Decode: for each document, its exact
// decoded value or its error path and reason. They were recorded from the token reader the
// direct reader replaced, and every reading since must give them again: rewrite them
// (-update-decode) only where an answer is meant to change, and say so in CHANGELOG.md.
const decodeGoldenFile = "testdata/decode.golden.jsonl"

// decodeRecord is one line of decodeGoldenFile.
type decodeRecord struct {
	// Name says where the document comes from: file:<path>, edge/<n>, limit/<name> or
	// generated/<n>.
	Name string `json:"name"`
	// Input or Input64 (base64, when not valid UTF-8) is the document, for the generated
	// and edge documents; the others are read from their file or built by limitDocs.
	Input   *string `json:"input,omitempty"`
	Input64 string  `json:"input64,omitempty"`
	// Path and Reason are the error's; Decoded is dumpScenario of the scenario read.
	Path    string `json:"path,omitempty"`
	Reason  string `json:"reason,omitempty"`
	Decoded string `json:"decoded,omitempty"`
}

// decodeCase is one document of the golden set.
type decodeCase struct {
	name   string
	doc    []byte
	inline bool // the document is kept in the golden file
}

// generatedDocs is how many generated documents the golden set holds.
const generatedDocs = 300

// newDecodeCases builds the golden set's documents: the examples, the fuzz seed corpus, the
// edges, the limits and (only when the goldens are rewritten) a generated set of valid
// scenarios and of documents one to three changes from one.
func newDecodeCases(t testing.TB) []decodeCase {
	var cases []decodeCase
	add := func(prefix string, docs map[string][]byte, inline bool) {
		names := make([]string, 0, len(docs))
		for n := range docs {
			names = append(names, n)
		}
		slices.Sort(names)
		for _, n := range names {
			cases = append(cases, decodeCase{prefix + n, docs[n], inline})
		}
	}
	add("file:", pinnedDocs(t), false)
	add("file:", fuzzCorpus(t), false)
	for i, doc := range edgeDocs() {
		cases = append(cases, decodeCase{"edge/" + strconv.Itoa(i), []byte(doc), true})
	}
	limits := map[string][]byte{}
	for n, doc := range limitDocs() {
		limits[n] = []byte(doc)
	}
	add("limit/", limits, false)
	return cases
}

// generatedCases draws the generated documents, deterministically.
func generatedCases(t testing.TB, seeds [][]byte) []decodeCase {
	gen := rapid.Custom(func(t *rapid.T) []byte {
		var doc []byte
		if rapid.Bool().Draw(t, "generated") {
			var err error
			if doc, err = Encode(genScenario().Draw(t, "scenario")); err != nil {
				t.Fatal(err)
			}
		} else {
			doc = rapid.SampledFrom(seeds).Draw(t, "seed")
		}
		for range rapid.IntRange(0, 3).Draw(t, "changes") {
			doc = mutate(t, doc)
		}
		return doc
	})
	var cases []decodeCase
	for i := range generatedDocs {
		cases = append(cases, decodeCase{"generated/" + strconv.Itoa(i), gen.Example(i), true})
	}
	return cases
}

// readDecodeGolden returns the golden records and the cases they name, documents included.
func readDecodeGolden(t testing.TB) ([]decodeRecord, []decodeCase) {
	t.Helper()
	b, err := os.ReadFile(decodeGoldenFile)
	if err != nil {
		t.Fatal(err)
	}
	byName := map[string][]byte{}
	for _, c := range newDecodeCases(t) {
		byName[c.name] = c.doc
	}
	var recs []decodeRecord
	var cases []decodeCase
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var r decodeRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("%s: %v", decodeGoldenFile, err)
		}
		c := decodeCase{name: r.Name}
		switch {
		case r.Input != nil:
			c.doc, c.inline = []byte(*r.Input), true
		case r.Input64 != "":
			if c.doc, err = base64.StdEncoding.DecodeString(r.Input64); err != nil {
				t.Fatalf("%s: %v", r.Name, err)
			}
			c.inline = true
		default:
			doc, ok := byName[r.Name]
			if !ok {
				t.Fatalf("%s: %s names no document (rerun with -update-decode?)", decodeGoldenFile, r.Name)
			}
			c.doc = doc
		}
		recs = append(recs, r)
		cases = append(cases, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return recs, cases
}

// answer is what decode makes of doc, as a golden record.
func answer(c decodeCase, decode func([]byte) (Scenario, error)) (decodeRecord, error) {
	r := decodeRecord{Name: c.name}
	if c.inline {
		if utf8.Valid(c.doc) {
			s := string(c.doc)
			r.Input = &s
		} else {
			r.Input64 = base64.StdEncoding.EncodeToString(c.doc)
		}
	}
	s, err := decode(c.doc)
	if err != nil {
		var se *Error
		if !errors.As(err, &se) {
			return r, err
		}
		r.Path, r.Reason = se.Path, se.Reason
		return r, nil
	}
	r.Decoded = dumpScenario(s)
	return r, nil
}

// TestDecodeScenarioGolden: Decode gives every golden answer again: the same
// scenario, to the decimal's exponent and the time's location, or the same error path and
// reason.
func TestDecodeScenarioGolden(t *testing.T) {
	if *updateDecodeGolden {
		writeDecodeGolden(t)
	}
	recs, cases := readDecodeGolden(t)
	if len(recs) < 400 {
		t.Fatalf("only %d golden documents", len(recs))
	}
	for i, c := range cases {
		got, err := answer(c, Decode)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		want := recs[i]
		if got.Path != want.Path || got.Reason != want.Reason || got.Decoded != want.Decoded {
			t.Errorf("%s: got\n  path %q reason %q\n  %s\nwant\n  path %q reason %q\n  %s\n%s",
				c.name, got.Path, got.Reason, got.Decoded, want.Path, want.Reason, want.Decoded, clip(c.doc))
		}
	}
}

// TestDecodeGoldenComplete: every example, seed corpus entry, edge and limit has its golden
// answer, so a document added to one of them is pinned too.
func TestDecodeGoldenComplete(t *testing.T) {
	_, cases := readDecodeGolden(t)
	have := map[string]bool{}
	for _, c := range cases {
		have[c.name] = true
	}
	for _, c := range newDecodeCases(t) {
		if !have[c.name] {
			t.Errorf("%s has no golden answer in %s (rerun with -update-decode)", c.name, decodeGoldenFile)
		}
	}
}

// writeDecodeGolden rewrites decodeGoldenFile with Decode's answers; the generated
// documents already in the file are kept, so that rewriting changes only answers.
func writeDecodeGolden(t *testing.T) {
	cases := newDecodeCases(t)
	var generated []decodeCase
	if _, err := os.Stat(decodeGoldenFile); err == nil {
		_, old := readDecodeGolden(t)
		for _, c := range old {
			if strings.HasPrefix(c.name, "generated/") {
				generated = append(generated, c)
			}
		}
	}
	if generated == nil {
		var seeds [][]byte
		for _, c := range cases[:len(pinnedDocs(t))] {
			s, err := Decode(c.doc)
			if err != nil {
				t.Fatal(err)
			}
			out, err := Encode(s)
			if err != nil {
				t.Fatal(err)
			}
			seeds = append(seeds, c.doc, out)
		}
		generated = generatedCases(t, seeds)
	}
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	for _, c := range append(cases, generated...) {
		r, err := answer(c, Decode)
		if err != nil {
			t.Fatal(err)
		}
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(decodeGoldenFile, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// dumpScenario writes s exactly and deterministically: decimals as coefficient and
// exponent, times with their location, nil apart from empty, fields at their zero value left
// out, and a policy named after a preset as its fields that differ from the preset's (so that
// a new field, or a new policy knob with a default, changes no golden answer).
func dumpScenario(s Scenario) string {
	var b strings.Builder
	p := s.Policy
	s.Policy = model.Policy{}
	dumpValue(&b, reflect.ValueOf(s))
	b.WriteString(" policy:")
	dumpPolicy(&b, p)
	return b.String()
}

// dumpPolicy writes p as its preset's name and the fields that differ from the preset, or in
// full when its name is no preset's.
func dumpPolicy(b *strings.Builder, p model.Policy) {
	base, ok := model.PolicyByName(p.Name)
	if !ok || p.Name == "" {
		dumpValue(b, reflect.ValueOf(p))
		return
	}
	b.WriteString(strconv.Quote(p.Name) + "{")
	pv, bv := reflect.ValueOf(p), reflect.ValueOf(base)
	n := 0
	for i := range pv.NumField() {
		var x, y strings.Builder
		dumpValue(&x, pv.Field(i))
		dumpValue(&y, bv.Field(i))
		if x.String() == y.String() {
			continue
		}
		if n > 0 {
			b.WriteByte(' ')
		}
		n++
		b.WriteString(pv.Type().Field(i).Name + ":" + x.String())
	}
	b.WriteByte('}')
}

func dumpValue(b *strings.Builder, v reflect.Value) {
	switch v.Type() {
	case reflect.TypeFor[decimal.Decimal]():
		d := v.Interface().(decimal.Decimal)
		b.WriteString(d.Coefficient().String() + "e" + strconv.Itoa(int(d.Exponent())))
		return
	case reflect.TypeFor[time.Time]():
		tm := v.Interface().(time.Time)
		b.WriteString(tm.Format(time.RFC3339Nano) + "@" + tm.Location().String())
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteByte('&')
		dumpValue(b, v.Elem())
	case reflect.Struct:
		b.WriteByte('{')
		n := 0
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if !f.IsExported() || v.Field(i).IsZero() {
				continue
			}
			if n > 0 {
				b.WriteByte(' ')
			}
			n++
			b.WriteString(f.Name + ":")
			dumpValue(b, v.Field(i))
		}
		b.WriteByte('}')
	case reflect.Slice:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		b.WriteByte('[')
		for i := range v.Len() {
			if i > 0 {
				b.WriteByte(' ')
			}
			dumpValue(b, v.Index(i))
		}
		b.WriteByte(']')
	case reflect.Map:
		if v.IsNil() {
			b.WriteString("nil")
			return
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(x, y reflect.Value) int { return strings.Compare(x.String(), y.String()) })
		b.WriteString("map[")
		for i, k := range keys {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strconv.Quote(k.String()) + ":")
			dumpValue(b, v.MapIndex(k))
		}
		b.WriteByte(']')
	case reflect.String:
		b.WriteString(strconv.Quote(v.String()))
	case reflect.Bool:
		b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		b.WriteString(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		b.WriteString(strconv.FormatFloat(v.Float(), 'g', -1, 64))
	default:
		b.WriteString("?" + v.Type().String())
	}
}
