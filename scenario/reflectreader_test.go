package scenario

import (
	"encoding"
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/respec-dev/respec/internal/exact"
	"github.com/respec-dev/respec/model"
)

// This file keeps the reader as it was before it wrote fields at their offsets: the same walk
// of the schema's nodes through reflect.Value (each field found by its key, never by the key
// expected), the reference the offset reader is held to. Its functions are the old ones, on
// refDec, with the readers dispatched by kind (refReaders) instead of through node.read.

// refDec is the reflection reader: the lexer and the unchanged checks of bdec, with the
// methods that set values through reflect.Value.
type refDec struct{ bdec }

// refReaders are the reflection readers of each kind.
var refReaders [nodeKinds]func(d *refDec, n *node, v reflect.Value) bool

func init() {
	refReaders = [nodeKinds]func(d *refDec, n *node, v reflect.Value) bool{
		nodeUnsupported: refReadUnsupported, nodeString: refReadString, nodeBool: refReadBool,
		nodeInt: refReadInt, nodeFloat: refReadFloat, nodeDecimal: refReadDecimal, nodeTime: refReadTime,
		nodeText: refReadText, nodeStruct: refReadStruct, nodePointer: refReadPointer,
		nodeSlice: refReadSlice, nodeMap: refReadMap,
	}
}

// refDecode is Decode through the reflection reader.
func refDecode(b []byte) (Scenario, error) {
	if len(b) > model.MaxScenarioBytes {
		return Scenario{}, &Error{Reason: "larger than " + strconv.Itoa(model.MaxScenarioBytes>>20) + " MiB"}
	}
	if !utf8.Valid(b) {
		return Scenario{}, &Error{Reason: "not valid UTF-8 (byte " + strconv.Itoa(firstInvalidRune(b)) + ")"}
	}
	r := &struct {
		d  refDec
		sc Scenario
	}{d: refDec{bdec{s: string(b), coefs: exact.Slab{Chunk: amountsPerBlock}}}}
	if !r.d.document(scenarioDoc(), reflect.ValueOf(&r.sc).Elem()) {
		return Scenario{}, r.d.err(b)
	}
	return r.sc, nil
}

// refDecodeWorld is DecodeWorld through the reflection reader.
func refDecodeWorld(b []byte) (World, error) {
	if len(b) > MaxWorldBytes {
		return World{}, &Error{Reason: "larger than " + strconv.Itoa(MaxWorldBytes>>20) + " MiB"}
	}
	if !utf8.Valid(b) {
		return World{}, &Error{Reason: "not valid UTF-8"}
	}
	d := &refDec{bdec{s: string(b)}}
	w := new(World)
	if !d.document(worldDoc(), reflect.ValueOf(w).Elem()) {
		return World{}, d.err(b)
	}
	return *w, nil
}

// refCheckOrder is checkOrder on a reflect.Value (the only struct with a check).
func refCheckOrder(v reflect.Value) (field, reason string) {
	return checkOrder(unsafe.Pointer(v.UnsafeAddr()))
}

// document reads a document's top-level object into v (the document struct, addressable).
func (d *refDec) document(ds *docSchema, v reflect.Value) bool {
	d.ws()
	if d.peek() != '{' {
		return d.refuse(ds.notObject)
	}
	var seen uint64
	d.expect = ds.after(-1)
	ok := d.members(func(key string) bool {
		return d.topMember(ds, v, key, &seen) || d.in(pathKey(key))
	})
	if !ok {
		return false
	}
	d.ws()
	if d.i != len(d.s) {
		return d.fail(ds.trailing)
	}
	return d.complete(ds, v, seen)
}

// topMember reads the top-level member key; seen records the keys read so far.
func (d *refDec) topMember(ds *docSchema, v reflect.Value, key string, seen *uint64) bool {
	i := ds.index(key)
	if i < 0 {
		return d.fail(ds.unknown)
	}
	if !d.once(i, seen) || !d.colon() || !d.topValue(&ds.fields[i], v.FieldByIndex(ds.fields[i].index)) {
		return false
	}
	d.expect = ds.after(i)
	return true
}

// topValue reads the value of the top-level key f into fv.
func (d *refDec) topValue(f *docField, fv reflect.Value) bool {
	switch {
	case f.policy:
		return d.policy(f.node, refAt[model.Policy](fv))
	case f.notNull != "" && d.peek() == 'n':
		return d.refuse(f.notNull)
	}
	return d.value(f.node, fv)
}

// complete checks a document once read: the required keys, then the catalog; a policy left
// out is PolicyCurrent.
func (d *refDec) complete(ds *docSchema, v reflect.Value, seen uint64) bool {
	if missing := ds.missing(seen); missing != nil {
		return d.failIn(missing[0], "required")
	}
	return d.defaults(ds, v, seen)
}

// defaults gives a document the policy left out, and checks its catalog.
func (d *refDec) defaults(ds *docSchema, v reflect.Value, seen uint64) bool {
	for i := range ds.fields {
		if !d.defaultField(&ds.fields[i], v.FieldByIndex(ds.fields[i].index), seen&(1<<i) != 0) {
			return false
		}
	}
	return true
}

// defaultField gives the top-level field f (fv, given or not) its default, or checks it.
func (d *refDec) defaultField(f *docField, fv reflect.Value, given bool) bool {
	switch {
	case f.policy && !given:
		*refAt[model.Policy](fv) = model.PolicyCurrent()
	case f.catalog && !validCatalog(*refAt[*model.CatalogData](fv), &d.f.reason):
		return d.in(f.key)
	}
	return true
}

// at returns the address of v, addressable and of type T, as a *T: v.Addr().Interface().(*T)
// without the look-up of the pointer type and the boxing (the reader's hot path). The nodes
// give each reader only values of its own type.
func refAt[T any](v reflect.Value) *T { return (*T)(unsafe.Pointer(v.UnsafeAddr())) }

// value reads one value into v (addressable, zero).
func (d *refDec) value(n *node, v reflect.Value) bool {
	if d.peek() == 'n' {
		return d.null(n, v)
	}
	return refReaders[n.kind](d, n, v)
}

// null reads null: the zero value where n accepts it.
func (d *refDec) null(n *node, v reflect.Value) bool {
	if !d.literal("null") {
		return d.syntaxError(true)
	}
	if !n.nullable {
		return d.fail(n.wrong)
	}
	v.SetZero()
	return true
}
func refReadUnsupported(d *refDec, n *node, _ reflect.Value) bool { return d.mismatch(n) }
func refReadString(d *refDec, n *node, v reflect.Value) bool {
	if d.peek() != '"' { // quoted, by hand: the hottest path
		return d.mismatch(n)
	}
	s, ok := d.str()
	if !ok {
		return d.syntaxError(true)
	}
	if n.enum != nil && !slices.Contains(n.enum, s) {
		return d.fail(oneOf(n.enum))
	}
	v.SetString(s)
	return true
}
func refReadBool(d *refDec, n *node, v reflect.Value) bool {
	if c := d.peek(); c != 't' && c != 'f' {
		return d.mismatch(n)
	}
	b, ok := d.boolean()
	v.SetBool(b)
	return ok || d.syntaxError(true)
}
func refReadInt(d *refDec, n *node, v reflect.Value) bool {
	num, ok := d.numeral(n)
	if !ok {
		return false
	}
	x, ok := scenarioInt(num, n.lo, n.hi)
	v.SetInt(x)
	return ok || d.fail(n.wrong)
}
func refReadFloat(d *refDec, n *node, v reflect.Value) bool {
	num, ok := d.numeral(n)
	if !ok {
		return false
	}
	f, ok := scenarioFloat(num)
	v.SetFloat(f)
	return ok || d.fail(n.wrong)
}
func refReadDecimal(d *refDec, n *node, v reflect.Value) bool {
	dv, ok := d.amount(n)
	*refAt[decimal.Decimal](v) = dv
	return ok
}
func refReadTime(d *refDec, n *node, v reflect.Value) bool {
	s, ok := d.quoted(n)
	if !ok {
		return false
	}
	tm, reason := scenarioTime(s)
	*refAt[time.Time](v) = tm
	return reason == "" || d.fail(reason)
}
func refReadText(d *refDec, n *node, v reflect.Value) bool {
	s, ok := d.quoted(n)
	if !ok {
		return false
	}
	if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
		return d.fail(err.Error())
	}
	return true
}
func refReadStruct(d *refDec, n *node, v reflect.Value) bool {
	return d.opens(n) && d.object(n, v)
}
func refReadPointer(d *refDec, n *node, v reflect.Value) bool {
	p := reflect.New(n.elem.typ)
	if !refReaders[n.elem.kind](d, n.elem, p.Elem()) {
		return false
	}
	v.Set(p)
	return true
}
func refReadSlice(d *refDec, n *node, v reflect.Value) bool {
	return d.opens(n) && d.slice(n, v)
}
func refReadMap(d *refDec, n *node, v reflect.Value) bool {
	return d.opens(n) && d.mapping(n, v)
}

// policy reads "policy": a preset name, or an object of a base and the fields it replaces.
func (d *refDec) policy(n *node, p *model.Policy) bool {
	switch d.peek() {
	case '"':
		return d.policyName(p)
	case '{':
		return d.policyObject(n, p)
	}
	return d.refuse("must be a preset name or an object")
}

// refPolicyReading is what the members of a policy object have given so far.
type refPolicyReading struct {
	over     reflect.Value // the fields given, in a Policy
	seen     uint64        // the fields given, by index
	next     int           // the field after the last given
	base     string        // the base preset's name
	baseSeen bool
}

// policyObject reads {"Base": name, <field>: value, ...}.
func (d *refDec) policyObject(n *node, p *model.Policy) bool {
	var over model.Policy
	pr := &refPolicyReading{over: reflect.ValueOf(&over).Elem()}
	ok := d.members(func(key string) bool {
		return d.policyMember(n, pr, key) || d.in("."+pathKey(key))
	})
	if !ok {
		return false
	}
	*p, _ = model.PolicyByName(pr.base)
	pv := reflect.ValueOf(p).Elem()
	for i, f := range n.fields {
		if pr.seen&(1<<i) != 0 {
			pv.Field(f.index).Set(pr.over.Field(f.index))
		}
	}
	return true
}

// policyMember reads one member of the policy object: its value's first token comes before
// the key is judged.
func (d *refDec) policyMember(n *node, pr *refPolicyReading, key string) bool {
	if !d.colon() {
		return false
	}
	if key == "Base" {
		return d.policyBase(pr)
	}
	i := n.field(key, pr.next)
	switch {
	case i < 0:
		return d.refuse(n.unknownField(key))
	case pr.seen&(1<<i) != 0:
		return d.refuse("given more than once")
	}
	pr.seen |= 1 << i
	pr.next = i + 1
	f := &n.fields[i]
	return d.value(f.node, pr.over.Field(f.index))
}

// member reads the value of the field named key into the struct v that n describes.
func (d *refDec) member(n *node, v reflect.Value, key string, sr *structReading) bool {
	i := n.field(key, sr.next)
	if i < 0 {
		return d.fail(n.unknownField(key))
	}
	if !d.once(i, &sr.seen) || !d.colon() {
		return false
	}
	sr.next = i + 1
	f := &n.fields[i]
	if !d.value(f.node, v.Field(f.index)) {
		return false
	}
	d.expect = n.after(i)
	return true
}

// object reads the fields of a struct, then checks the enumerations of the fields left out
// and the relations between fields.
func (d *refDec) object(n *node, v reflect.Value) bool {
	var sr structReading
	d.expect = n.after(-1)
	ok := d.members(func(key string) bool {
		return d.member(n, v, key, &sr) || d.in("."+pathKey(key))
	})
	return ok && d.leftOut(n, v, sr.seen) && d.related(n, v)
}

// leftOut checks that the fields with an enumeration left out of an object may be.
func (d *refDec) leftOut(n *node, v reflect.Value, seen uint64) bool {
	for _, i := range n.enumFields {
		if f := &n.fields[i]; seen&(1<<i) == 0 && !slices.Contains(f.node.enum, v.Field(f.index).String()) {
			return d.failIn("."+f.name, oneOf(f.node.enum))
		}
	}
	return true
}

// related checks the relations between the fields of a struct once read.
func (d *refDec) related(n *node, v reflect.Value) bool {
	if n.check == nil {
		return true
	}
	field, reason := refCheckOrder(v)
	switch {
	case reason == "":
		return true
	case field != "":
		return d.failIn("."+field, reason)
	}
	return d.fail(reason)
}

// slice reads a list; [] is an empty, non-nil slice.
func (d *refDec) slice(n *node, v reflect.Value) bool {
	if d.enter(']') {
		v.Set(reflect.MakeSlice(n.typ, 0, 0))
		return true
	}
	for i := 0; ; i++ {
		d.ws()
		if !d.entryFits(n, i) {
			return false
		}
		v.Grow(1)
		v.SetLen(i + 1)
		if !d.value(n.elem, v.Index(i)) {
			return d.badListEntry(i)
		}
		d.ws() // next, by hand: a list's entries are a hot path
		if !d.eat(',') {
			return d.eat(']') || d.syntaxError(false)
		}
	}
}

// mapping reads an object into a map with string keys; {} is an empty, non-nil map.
func (d *refDec) mapping(n *node, v reflect.Value) bool {
	switch m := v.Addr().Interface().(type) {
	case *map[string]string:
		return refStringMap(d, n, m)
	case *map[string]model.StockStatus:
		return refStringMap(d, n, m)
	case *map[string]decimal.Decimal:
		return d.amountMap(n, m)
	}
	return d.anyMap(n, v)
}

// amountMap reads a map of amounts.
func (d *refDec) amountMap(n *node, m *map[string]decimal.Decimal) bool {
	if n.elem.kind != nodeDecimal {
		return d.anyMap(n, reflect.ValueOf(m).Elem())
	}
	return typedMap(&d.bdec, n, m, (*bdec).amount)
}

// refStringMap reads a map of strings.
func refStringMap[V ~string](d *refDec, n *node, m *map[string]V) bool {
	if n.elem.kind != nodeString {
		return d.anyMap(n, reflect.ValueOf(m).Elem())
	}
	return typedMap(&d.bdec, n, m, mapString[V])
}

// anyMap reads a map of any other values through reflection.
func (d *refDec) anyMap(n *node, v reflect.Value) bool {
	m := reflect.MakeMap(n.typ)
	v.Set(m)
	kt, et := n.typ.Key(), n.typ.Elem()
	return d.members(func(key string) bool {
		k := reflect.ValueOf(key).Convert(kt)
		if !d.entry(n, key, m.MapIndex(k).IsValid(), m.Len()) {
			return false
		}
		e := reflect.New(et).Elem()
		if !d.value(n.elem, e) {
			return d.in(mapSeg(key))
		}
		m.SetMapIndex(k, e)
		return true
	})
}

// policyBase reads the value of "Base".
func (d *refDec) policyBase(pr *refPolicyReading) bool {
	s, isString, ok := d.baseToken()
	if !ok {
		return false
	}
	if pr.baseSeen {
		return d.fail("given more than once")
	}
	pr.baseSeen = true
	if _, known := model.PolicyByName(s); !isString || !known {
		return d.fail(presetNameReason())
	}
	pr.base = s
	return true
}

// refDecodePlanDocument is decodePlanDocument through the reflection reader.
func refDecodePlanDocument(s string) (PlanFile, error) {
	d := &refDec{bdec{s: s}}
	var pf PlanFile
	d.ws()
	if !d.value(planNodes()[0], reflect.ValueOf(&pf.Plan).Elem()) {
		return PlanFile{}, trimDot(d.err([]byte(s)))
	}
	d.ws()
	if d.i != len(d.s) {
		return PlanFile{}, &Error{Reason: "unexpected data after the plan document (a plan is one document or JSON Lines of requests)"}
	}
	return pf, nil
}

// readerFaults are the faults faultyDoc splices into a document, besides mutate's: bytes that
// are not UTF-8, deep nesting (up to and beyond encoding/json's 10,000 levels), a value of
// each JSON type, keys given twice, and amounts and times at and beyond their caps.
var readerFaults = []string{
	"\xff", "\xc3", "\xe2\x82", "\xed\xa0\x80", "\x00",
	strings.Repeat("[", 64), strings.Repeat("[", 10001), strings.Repeat(`{"a":`, 300), strings.Repeat("[", 20) + strings.Repeat("]", 20),
	`"DiskId":"d","DiskId":"d",`, `"Status":"Running","Status":"Running",`, `"now":"2026-01-01T00:00:00Z",`,
	`"` + strings.Repeat("9", 64) + `"`, `"` + strings.Repeat("9", 65) + `"`, `1e100000000`, `"1e100000000"`, `-0.0`, `"-1"`,
	`"0.` + strings.Repeat("0", 62) + `"`, `"0.` + strings.Repeat("0", 63) + `"`, `99999999999999999999`, `-1`, `1.5e3`,
	`"2026-01-01T00:00:00.` + strings.Repeat("0", 40) + `Z"`, `"0000-01-01T00:00:00+01:00"`, `"9999-12-31T23:59:59-01:00"`,
	`{"Base":"2019","Base":"2019"}`, `{"Base":1}`, `{"RefundRule":"x"}`, `{"TokenTTL":"87601h"}`, `{"Name":"n","Base":"2018"}`,
	`[]`, `{}`, `null`, `true`, `"x"`, `0`, `[{}]`, `[null]`, `{"":null}`,
}

// faultyDoc draws a document as drawChangedDoc does, and sometimes splices one of
// readerFaults into it.
func faultyDoc(t *rapid.T, seeds [][]byte) []byte {
	doc := drawChangedDoc(t, seeds)
	if rapid.IntRange(0, 2).Draw(t, "fault") == 0 {
		at := rapid.IntRange(0, len(doc)).Draw(t, "faultAt")
		cut := rapid.IntRange(0, min(4, len(doc)-at)).Draw(t, "faultCut")
		fault := rapid.SampledFrom(readerFaults).Draw(t, "faultBytes")
		doc = slices.Concat(doc[:at], []byte(fault), doc[at+cut:])
	}
	return doc
}

// readerSeeds are the documents the reader properties start from: the pinned examples, as
// written and as Encode writes them (indented), the documents at the caps and the fuzz seed
// corpus.
func readerSeeds(t *testing.T) [][]byte {
	seeds := pinnedAndEncoded(t)
	for _, doc := range limitDocs() {
		seeds = append(seeds, []byte(doc))
	}
	for _, doc := range fuzzCorpus(t) {
		seeds = append(seeds, doc)
	}
	return seeds
}

// sameAnswer fails t unless the two readings of doc agree (answerDiff).
func sameAnswer[V any](t *rapid.T, doc []byte, got V, gotErr error, want V, wantErr error) {
	if msg := answerDiff(got, gotErr, want, wantErr); msg != "" {
		t.Fatalf("%s\n%s", msg, clip(doc))
	}
}

// answerDiff says how two readings differ ("" when they agree): the same *Error (path and
// reason), or values equal to the decimal's exponent, the time's location, and nil against
// empty.
func answerDiff[V any](got V, gotErr error, want V, wantErr error) string {
	var ge, we *Error
	switch {
	case (gotErr == nil) != (wantErr == nil):
		return fmt.Sprintf("error %v, the reflection reader's %v", gotErr, wantErr)
	case gotErr != nil && (!errors.As(gotErr, &ge) || !errors.As(wantErr, &we) || *ge != *we):
		return fmt.Sprintf("error %#v, the reflection reader's %#v", gotErr, wantErr)
	case gotErr == nil:
		if diff := cmp.Diff(want, got, exactScenario); diff != "" {
			return "read otherwise than the reflection reader (-reflection +offsets):\n" + diff
		}
	}
	return ""
}

// TestPropertyReaderIsTheReflectionReader: on valid scenarios of every shape and on
// documents with faults (mutations, bytes that are not UTF-8, deep nesting, wrong types,
// repeated keys, values at and beyond their caps), Decode gives exactly the answer of the
// reflection reader it replaced: the same scenario or the same error.
func TestPropertyReaderIsTheReflectionReader(t *testing.T) {
	seeds := readerSeeds(t)
	rapid.Check(t, func(t *rapid.T) {
		doc := faultyDoc(t, seeds)
		got, gotErr := Decode(doc)
		want, wantErr := refDecode(doc)
		sameAnswer(t, doc, got, gotErr, want, wantErr)
		if gotErr == nil && dumpScenario(got) != dumpScenario(want) {
			t.Fatalf("dumps differ\n%s", clip(doc))
		}
	})
}

// TestPropertyWorldReaderIsTheReflectionReader: DecodeWorld and the plan document reader
// give the answers of the reflection reader on the world and plan examples with faults.
func TestPropertyWorldReaderIsTheReflectionReader(t *testing.T) {
	world, err := os.ReadFile("../examples/fleet500/world.json")
	if err != nil {
		t.Fatal(err)
	}
	planDoc, err := os.ReadFile("../examples/fleet500/plan.json")
	if err != nil {
		t.Fatal(err)
	}
	rapid.Check(t, func(t *rapid.T) {
		doc := faultyDoc(t, [][]byte{world})
		got, gotErr := DecodeWorld(doc)
		want, wantErr := refDecodeWorld(doc)
		sameAnswer(t, doc, got, gotErr, want, wantErr)
		p := faultyDoc(t, [][]byte{planDoc})
		if !utf8.Valid(p) || !isPlanDocument(string(p)) {
			return
		}
		gotPlan, gotErr := decodePlanDocument(string(p))
		wantPlan, wantErr := refDecodePlanDocument(string(p))
		sameAnswer(t, p, gotPlan, gotErr, wantPlan, wantErr)
	})
}

// The reflection reader gives the golden answers too, so that the properties above compare
// against the reader the goldens were recorded from.
func TestReflectionReaderGolden(t *testing.T) {
	recs, cases := readDecodeGolden(t)
	for i, c := range cases {
		got, err := answer(c, refDecode)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got.Path != recs[i].Path || got.Reason != recs[i].Reason || got.Decoded != recs[i].Decoded {
			t.Errorf("%s: the reflection reader answers otherwise than the golden record", c.name)
		}
	}
}

// FuzzReaderIsTheReflectionReader: on any input, Decode and DecodeWorld give the answers of
// the reflection reader (seeded with the examples, the documents at the caps and the
// reader's faults).
func FuzzReaderIsTheReflectionReader(f *testing.F) {
	for _, doc := range pinnedDocs(f) {
		f.Add(doc)
	}
	for _, doc := range limitDocs() {
		f.Add([]byte(doc))
	}
	for _, fault := range readerFaults {
		f.Add([]byte(`{"now":"2026-01-01T00:00:00Z","request":{},"instance":{"Status":"Running","SystemDisk":` + fault + `}}`))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		got, gotErr := Decode(doc)
		want, wantErr := refDecode(doc)
		if msg := answerDiff(got, gotErr, want, wantErr); msg != "" {
			t.Fatalf("%s\n%s", msg, clip(doc))
		}
		gotWorld, gotErr := DecodeWorld(doc)
		wantWorld, wantErr := refDecodeWorld(doc)
		if msg := answerDiff(gotWorld, gotErr, wantWorld, wantErr); msg != "" {
			t.Fatalf("world: %s\n%s", msg, clip(doc))
		}
	})
}
