package scenario

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"
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
	gen := rapid.Custom(func(t *rapid.T) []byte { return drawChangedDoc(t, seeds) })
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
