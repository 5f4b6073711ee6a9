package scenario

import (
	"encoding"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/internal/exact"
	"github.com/respec-dev/respec/model"
)

// This file reads a scenario straight from its bytes, in one pass and without json.Decoder.
// It checks, in document order, what the schema asks (unknown and repeated keys, caps,
// ranges, enumerations, CheckDecimal, orders, the catalog) and stops at the first problem.
// The path of the problem is built only then, while the reader unwinds: each level adds its
// segment, so a valid document pays nothing for it. JSON syntax errors are worded by
// encoding/json's tokenizer (syntaxReason), as they always have been.
//
// The order of the checks is the tokenizer's: a value is judged once its first token is
// whole, a key is judged before its colon (in the policy object, after its value's first
// token), a list's cap once the entry beyond it has its first token, and the enumerations of
// the fields left out once the object is closed.

// Decode reads one scenario (see Scenario for the schema). It never panics and does
// work bounded by the input: input over model.MaxScenarioBytes is refused before parsing, lists and
// maps are capped while they are read, and every amount passes CheckDecimal before it is
// stored. Errors are *Error.
func Decode(b []byte) (Scenario, error) {
	if err := checkDocument(b); err != nil {
		return Scenario{}, err
	}
	// The reader and the scenario it fills take one allocation.
	r := &struct {
		d  bdec
		sc Scenario
	}{}
	if err := r.d.scenario(b, string(b), &r.sc); err != nil { // one copy, shared by the strings
		return Scenario{}, err
	}
	return r.sc, nil
}

// DecodeInto is Decode writing the scenario into *dst, which it overwrites whole: nothing
// *dst held before is kept or shared (its slices and maps are not reused), so a caller
// reading scenario after scenario can keep one Scenario for them all, and Decode's
// allocation of one shrinks to the reader's. On error *dst is the zero Scenario.
func DecodeInto(dst *Scenario, b []byte) error {
	return decodeInto(dst, b, string(b)) // one copy of the input: the scenario's strings share it
}

// DecodeIntoShared is DecodeInto without the copy of b that the scenario's strings share:
// they share b itself. b must not change while *dst, or anything taken from it (a
// Prepared, a decision, a string), is in use; a caller that reuses b's bytes for the next
// document (as batch's chunks do) must copy what it keeps past that. It saves an allocation
// of the size of b a document.
func DecodeIntoShared(dst *Scenario, b []byte) error {
	return decodeInto(dst, b, unsafe.String(unsafe.SliceData(b), len(b)))
}

// decodeInto is DecodeInto reading s, the bytes of b as a string that the scenario's
// strings share.
func decodeInto(dst *Scenario, b []byte, s string) error {
	*dst = Scenario{}
	if err := checkDocument(b); err != nil {
		return err
	}
	if err := new(bdec).scenario(b, s, dst); err != nil {
		*dst = Scenario{}
		return err
	}
	return nil
}

// checkDocument refuses a document over model.MaxScenarioBytes or not valid UTF-8, before
// anything is read.
func checkDocument(b []byte) error {
	if len(b) > model.MaxScenarioBytes {
		return &Error{Reason: "larger than " + strconv.Itoa(model.MaxScenarioBytes>>20) + " MiB"}
	}
	if !utf8.Valid(b) {
		return &Error{Reason: "not valid UTF-8 (byte " + strconv.Itoa(firstInvalidRune(b)) + ")"}
	}
	return nil
}

// scenario reads the document b, which checkDocument passed, into *dst (a zero Scenario),
// with d a zero reader; s holds b's bytes (a copy, or b itself), which the scenario's strings
// share.
func (d *bdec) scenario(b []byte, s string, dst *Scenario) error {
	*d = bdec{s: s, coefs: exact.Slab{Chunk: amountsPerBlock}}
	if !d.document(scenarioDoc(), unsafe.Pointer(dst)) {
		return d.err(b)
	}
	return nil
}

// amountsPerBlock is the number of amounts whose coefficients Decode allocates at once (the
// examples hold 8 to 14).
const amountsPerBlock = 16

// firstInvalidRune returns the offset of the first byte of b that is not valid UTF-8.
func firstInvalidRune(b []byte) int {
	off := 0
	for off < len(b) {
		r, n := utf8.DecodeRune(b[off:])
		if r == utf8.RuneError && n <= 1 {
			break
		}
		off += n
	}
	return off
}

// docField is one top-level key of a document (a scenario, a world file).
type docField struct {
	key  string
	node *node
	// index is the path of the Go field it is read into, from the document struct, and off
	// that field's offset from the document struct's start (the reader writes there).
	index []int
	off   uintptr
	// required: the document must give it.
	required bool
	// policy: read as a policy (a preset name or an object), PolicyCurrent when absent.
	policy bool
	// catalog: the catalog data, which must also pass NewCatalog.
	catalog bool
	// notNull, when set, is the reason for null (a required object).
	notNull string
}

// docSchema is how to read a document's top-level object. Read-only once built.
type docSchema struct {
	// fields are the top-level keys, in output order (at most 64, the seen-mask's bits).
	fields []docField
	// notObject, trailing and unknown are the reasons for a document that is not an object,
	// for data after it, and for an unknown key.
	notObject, trailing, unknown string
}

// scenarioDoc is how to read a scenario: its keys are scenarioKeys, the facts' among them.
var scenarioDoc = sync.OnceValue(func() *docSchema {
	return newDocSchema(reflect.TypeFor[Scenario](), scenarioKeys(), "scenario", "scenario")
})

// worldDoc is how to read a world file: its keys are its rows'.
var worldDoc = sync.OnceValue(func() *docSchema {
	return newDocSchema(reflect.TypeFor[World](), worldKeys(), "world file", "world")
})

// newDocSchema builds the schema of the document struct t with the top-level keys keys. A
// key is a row of t, or the JSON name of a field of a field of t whose row's key is "-" (the
// scenario's facts).
func newDocSchema(t reflect.Type, keys []string, what, object string) *docSchema {
	ds := &docSchema{
		notObject: "a " + what + " must be a JSON object",
		trailing:  "unexpected data after the " + object + " object",
		unknown:   "unknown field (the fields are " + strings.Join(keys, ", ") + ")",
	}
	structs := map[reflect.Type]*node{}
	for _, k := range keys {
		index, r := topRow(t, k)
		f := docField{key: k, index: index, off: fieldOffset(t, index), required: r.required, policy: k == "policy", catalog: k == "catalog"}
		ft := t.FieldByIndex(index).Type
		if f.policy && ft != reflect.TypeFor[model.Policy]() || f.catalog && ft != reflect.TypeFor[*model.CatalogData]() {
			panic("scenario schema: " + k + " is read as a model.Policy or *model.CatalogData, not a " + ft.String()) // topValue and defaultField rely on it
		}
		f.node = buildNode(ft, r, structs)
		if f.required && f.node.kind == nodeMap {
			f.notNull = "must be an object of strings"
		}
		ds.fields = append(ds.fields, f)
	}
	return ds
}

// fieldOffset returns the offset from the start of the struct t of the field at the path index
// (through structs held by value).
func fieldOffset(t reflect.Type, index []int) uintptr {
	var off uintptr
	for _, i := range index {
		f := t.Field(i)
		off, t = off+f.Offset, f.Type
	}
	return off
}

// topRow returns the field path and the row of the top-level key k of the document struct t.
func topRow(t reflect.Type, k string) ([]int, *fieldRow) {
	for _, r := range schemaRows() {
		switch {
		case r.owner != t:
		case r.key == k:
			return []int{r.index}, rowOf(t, r.index)
		case r.key == "-":
			if index, inner := innerRow(t.Field(r.index).Type, k); inner != nil {
				return []int{r.index, index}, inner
			}
		}
	}
	panic("scenario schema: no row for the top-level key " + k)
}

// innerRow returns the index and the row of the field of the struct t whose JSON name is k,
// or nil.
func innerRow(t reflect.Type, k string) (int, *fieldRow) {
	i, ok := structInfoOf(t).byName[k]
	if !ok {
		return 0, nil
	}
	index := structInfoOf(t).fields[i].index
	return index, rowOf(t, index)
}

// index returns the index of the top-level key k, or -1.
func (ds *docSchema) index(k string) int {
	for i := range ds.fields {
		if ds.fields[i].key == k {
			return i
		}
	}
	return -1
}

// document reads a document's top-level object into the document struct at p.
func (d *bdec) document(ds *docSchema, p unsafe.Pointer) bool {
	d.ws()
	if d.peek() != '{' {
		return d.refuse(ds.notObject)
	}
	var sr structReading
	d.expect = ds.after(-1)
	ok := d.members(func(key string) bool {
		return d.topMember(ds, p, key, &sr) || d.in(pathKey(key))
	})
	if !ok {
		return false
	}
	d.ws()
	if d.i != len(d.s) {
		return d.fail(ds.trailing)
	}
	return d.complete(ds, p, sr.seen)
}

// topMember reads the top-level member key into the document struct at p; sr records the
// keys read so far.
func (d *bdec) topMember(ds *docSchema, p unsafe.Pointer, key string, sr *structReading) bool {
	i := sr.next // the key expected, when it came
	if !d.hit {
		i = ds.index(key)
	}
	if i < 0 {
		return d.fail(ds.unknown)
	}
	if !d.once(i, &sr.seen) || !d.colon() || !d.topValue(&ds.fields[i], unsafe.Add(p, ds.fields[i].off)) {
		return false
	}
	sr.next = i + 1
	d.expect = ds.after(i)
	return true
}

// after returns the key after the top-level key i (the first for -1), or "".
func (ds *docSchema) after(i int) string {
	if i+1 < len(ds.fields) {
		return ds.fields[i+1].key
	}
	return ""
}

// topValue reads the value of the top-level key f into its field, at fp.
func (d *bdec) topValue(f *docField, fp unsafe.Pointer) bool {
	switch {
	case f.policy:
		return d.policy(f.node, (*model.Policy)(fp))
	case f.notNull != "" && d.peek() == 'n':
		return d.refuse(f.notNull)
	}
	return d.value(f.node, fp)
}

// once records the field i as given, refusing it when seen already has it.
func (d *bdec) once(i int, seen *uint64) bool {
	if *seen&(1<<i) != 0 {
		return d.fail("given more than once")
	}
	*seen |= 1 << i
	return true
}

// missing returns the required keys not among seen, in order (nil when none is missing).
func (ds *docSchema) missing(seen uint64) []string {
	var keys []string
	for i := range ds.fields {
		if f := &ds.fields[i]; f.required && seen&(1<<i) == 0 {
			keys = append(keys, f.key)
		}
	}
	return keys
}

// complete checks the document at p once read: the required keys, then the catalog; a
// policy left out is PolicyCurrent.
func (d *bdec) complete(ds *docSchema, p unsafe.Pointer, seen uint64) bool {
	if missing := ds.missing(seen); missing != nil {
		return d.failIn(missing[0], "required")
	}
	return d.defaults(ds, p, seen)
}

// defaults gives the document at p the policy left out, and checks its catalog.
func (d *bdec) defaults(ds *docSchema, p unsafe.Pointer, seen uint64) bool {
	for i := range ds.fields {
		if !d.defaultField(&ds.fields[i], unsafe.Add(p, ds.fields[i].off), seen&(1<<i) != 0) {
			return false
		}
	}
	return true
}

// defaultField gives the top-level field f (at fp, given or not) its default, or checks it.
func (d *bdec) defaultField(f *docField, fp unsafe.Pointer, given bool) bool {
	switch {
	case f.policy && !given:
		*(*model.Policy)(fp) = model.PolicyCurrent()
	case f.catalog && !validCatalog(*(**model.CatalogData)(fp), &d.f.reason):
		return d.in(f.key)
	}
	return true
}

// validCatalog reports whether data is nil or passes NewCatalog; reason is set when not.
func validCatalog(data *model.CatalogData, reason *string) bool {
	if data == nil {
		return true
	}
	if _, err := model.NewCatalog(*data); err != nil {
		*reason = strings.TrimPrefix(err.Error(), "catalog: ")
		return false
	}
	return true
}

// mismatch reports a value of the wrong JSON type for n, once its first token is whole.
func (d *bdec) mismatch(n *node) bool {
	return d.refuse(n.wrong)
}

// refuse records reason for the value that comes next, once its first token is whole.
func (d *bdec) refuse(reason string) bool {
	return d.token() && d.fail(reason)
}

// value reads one value into the value of n's type at p (zero). The nodes give each reader
// only values of their own type: p points to a field or entry of the type n was built for.
func (d *bdec) value(n *node, p unsafe.Pointer) bool {
	if d.peek() == 'n' {
		return d.null(n, p)
	}
	return n.read(d, n, p)
}

// null reads null: the zero value where n accepts it.
func (d *bdec) null(n *node, p unsafe.Pointer) bool {
	if !d.literal("null") {
		return d.syntaxError(true)
	}
	if !n.nullable {
		return d.fail(n.wrong)
	}
	reflect.NewAt(n.typ, p).Elem().SetZero()
	return true
}

// quoted reads a JSON string where n wants one.
func (d *bdec) quoted(n *node) (string, bool) {
	if d.peek() != '"' {
		return "", d.mismatch(n)
	}
	s, ok := d.str()
	return s, ok || d.syntaxError(true)
}

// numeral reads a JSON number, as written, where n wants one.
func (d *bdec) numeral(n *node) (string, bool) {
	if !startsNumber(d.peek()) {
		return "", d.mismatch(n)
	}
	num, ok := d.number()
	return num, ok || d.syntaxError(true)
}

// opens reports whether the object or list n wants opens next.
func (d *bdec) opens(n *node) bool {
	return d.peek() == n.open || d.mismatch(n)
}

// The readers below read a value that is not null into the value of n's type at p.

func readUnsupported(d *bdec, n *node, _ unsafe.Pointer) bool { return d.mismatch(n) }

func readString(d *bdec, n *node, p unsafe.Pointer) bool {
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
	*(*string)(p) = s
	return true
}

func readBool(d *bdec, n *node, p unsafe.Pointer) bool {
	if c := d.peek(); c != 't' && c != 'f' {
		return d.mismatch(n)
	}
	b, ok := d.boolean()
	*(*bool)(p) = b
	return ok || d.syntaxError(true)
}

func readInt(d *bdec, n *node, p unsafe.Pointer) bool {
	num, ok := d.numeral(n)
	if !ok {
		return false
	}
	x, ok := scenarioInt(num, n.lo, n.hi)
	setInt(p, n.size, x)
	return ok || d.fail(n.wrong)
}

// setInt stores x in the integer of size bytes (4 or 8) at p.
func setInt(p unsafe.Pointer, size uintptr, x int64) {
	if size == 4 {
		*(*int32)(p) = int32(x)
		return
	}
	*(*int64)(p) = x
}

func readFloat(d *bdec, n *node, p unsafe.Pointer) bool {
	num, ok := d.numeral(n)
	if !ok {
		return false
	}
	f, ok := scenarioFloat(num)
	*(*float64)(p) = f
	return ok || d.fail(n.wrong)
}

func readDecimal(d *bdec, n *node, p unsafe.Pointer) bool {
	dv, ok := d.amount(n)
	*(*decimal.Decimal)(p) = dv
	return ok
}

func readTime(d *bdec, n *node, p unsafe.Pointer) bool {
	s, ok := d.quoted(n)
	if !ok {
		return false
	}
	tm, reason := scenarioTime(s)
	*(*time.Time)(p) = tm
	return reason == "" || d.fail(reason)
}

func readText(d *bdec, n *node, p unsafe.Pointer) bool {
	s, ok := d.quoted(n)
	if !ok {
		return false
	}
	if err := reflect.NewAt(n.typ, p).Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
		return d.fail(err.Error())
	}
	return true
}

func readStruct(d *bdec, n *node, p unsafe.Pointer) bool {
	return d.opens(n) && d.object(n, p)
}

func readPointer(d *bdec, n *node, p unsafe.Pointer) bool {
	e := reflect.New(n.elem.typ).UnsafePointer()
	if !n.elem.read(d, n.elem, e) {
		return false
	}
	*(*unsafe.Pointer)(p) = e
	return true
}

func readSlice(d *bdec, n *node, p unsafe.Pointer) bool {
	return d.opens(n) && d.slice(n, p)
}

func readMap(d *bdec, n *node, p unsafe.Pointer) bool {
	return d.opens(n) && d.mapping(n, p)
}

// oneOf is the reason for a value outside the enumeration allowed.
func oneOf(allowed []string) string {
	var quoted []string
	for _, a := range allowed {
		if a != "" {
			quoted = append(quoted, a)
		}
	}
	return "must be one of " + strings.Join(quoted, ", ")
}

// amount reads an amount, written as a string or a number.
func (d *bdec) amount(n *node) (decimal.Decimal, bool) {
	var s string
	var ok bool
	switch c := d.peek(); {
	case c == '"':
		s, ok = d.str()
	case startsNumber(c):
		s, ok = d.number()
	default:
		return decimal.Decimal{}, d.mismatch(n)
	}
	if !ok {
		return decimal.Decimal{}, d.syntaxError(true)
	}
	dv, reason := scenarioAmount(s, n.discount, &d.coefs)
	return dv, reason == "" || d.fail(reason)
}

// policy reads "policy": a preset name, or an object of a base and the fields it replaces.
func (d *bdec) policy(n *node, p *model.Policy) bool {
	switch d.peek() {
	case '"':
		return d.policyName(p)
	case '{':
		return d.policyObject(n, p)
	}
	return d.refuse("must be a preset name or an object")
}

// policyName reads a preset's name.
func (d *bdec) policyName(p *model.Policy) bool {
	name, ok := d.str()
	if !ok {
		return d.syntaxError(true)
	}
	if *p, ok = model.PolicyByName(name); !ok {
		return d.fail("unknown preset " + strconv.Quote(pathKey(name)) + " (the presets are " + strings.Join(model.PresetNames(), ", ") + ")")
	}
	return true
}

// policyReading is what the members of a policy object have given so far.
type policyReading struct {
	over     *model.Policy // the fields given
	seen     uint64        // the fields given, by index
	next     int           // the field after the last given
	base     string        // the base preset's name
	baseSeen bool
}

// policyObject reads {"Base": name, <field>: value, ...}.
func (d *bdec) policyObject(n *node, p *model.Policy) bool {
	pr := &policyReading{over: new(model.Policy)}
	ok := d.members(func(key string) bool {
		return d.policyMember(n, pr, key) || d.in("."+pathKey(key))
	})
	if !ok {
		return false
	}
	*p, _ = model.PolicyByName(pr.base)
	pv, over := reflect.ValueOf(p).Elem(), reflect.ValueOf(pr.over).Elem()
	for i, f := range n.fields {
		if pr.seen&(1<<i) != 0 {
			pv.Field(f.index).Set(over.Field(f.index))
		}
	}
	return true
}

// policyMember reads one member of the policy object: its value's first token comes before
// the key is judged.
func (d *bdec) policyMember(n *node, pr *policyReading, key string) bool {
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
	return d.value(f.node, unsafe.Add(unsafe.Pointer(pr.over), f.off))
}

// policyBase reads the value of "Base".
func (d *bdec) policyBase(pr *policyReading) bool {
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

// baseToken reads the first token of "Base"'s value: s is the string when it is one.
func (d *bdec) baseToken() (s string, isString, ok bool) {
	if d.peek() != '"' {
		return "", false, d.token()
	}
	s, ok = d.str()
	return s, true, ok || d.syntaxError(true)
}

// structReading is what the members of an object (a struct, or a document's top level) have
// given so far.
type structReading struct {
	seen uint64 // the fields given, by index
	next int    // the field after the last given: the one expected next
}

// member reads the value of the field named key into the struct n describes, at p.
func (d *bdec) member(n *node, p unsafe.Pointer, key string, sr *structReading) bool {
	i := sr.next // the key expected, when it came
	if !d.hit {
		i = n.field(key, sr.next)
	}
	if i < 0 {
		return d.fail(n.unknownField(key))
	}
	if !d.once(i, &sr.seen) || !d.colon() {
		return false
	}
	sr.next = i + 1
	f := &n.fields[i]
	if !d.value(f.node, unsafe.Add(p, f.off)) {
		return false
	}
	d.expect = n.after(i)
	return true
}

// object reads the fields of the struct at p, then checks the enumerations of the fields left
// out and the relations between fields.
func (d *bdec) object(n *node, p unsafe.Pointer) bool {
	var sr structReading
	d.expect = n.after(-1)
	if !d.enter('}') {
		for more := true; more; {
			d.ws()
			if !d.fastMember(n, p, &sr) && !d.keyedMember(n, p, &sr) {
				return false
			}
			var ok bool
			if more, ok = d.next('}'); !ok {
				return false
			}
		}
	}
	return d.leftOut(n, p, sr.seen) && d.related(n, p)
}

// keyedMember reads a member of the struct at p the general way: its key, then member.
func (d *bdec) keyedMember(n *node, p unsafe.Pointer, sr *structReading) bool {
	key, ok := d.key()
	if !ok {
		return d.syntaxError(false)
	}
	return d.member(n, p, key, sr) || d.in("."+pathKey(key))
}

// leftOut checks that the fields with an enumeration left out of the object at p may be.
func (d *bdec) leftOut(n *node, p unsafe.Pointer, seen uint64) bool {
	for _, i := range n.enumFields {
		if f := &n.fields[i]; seen&(1<<i) == 0 && !slices.Contains(f.node.enum, *(*string)(unsafe.Add(p, f.off))) {
			return d.failIn("."+f.name, oneOf(f.node.enum))
		}
	}
	return true
}

// related checks the relations between the fields of the struct at p once read.
func (d *bdec) related(n *node, p unsafe.Pointer) bool {
	if n.check == nil {
		return true
	}
	field, reason := n.check(p)
	switch {
	case reason == "":
		return true
	case field != "":
		return d.failIn("."+field, reason)
	}
	return d.fail(reason)
}

// sliceHeader is the layout of a slice.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

// slice reads a list into the slice at p; [] is an empty, non-nil slice. Only growing the
// slice goes through reflection (which knows the entries' type).
func (d *bdec) slice(n *node, p unsafe.Pointer) bool {
	if d.enter(']') {
		reflect.NewAt(n.typ, p).Elem().Set(reflect.MakeSlice(n.typ, 0, 0))
		return true
	}
	h := (*sliceHeader)(p)
	for i := 0; ; i++ {
		d.ws()
		if !d.entryFits(n, i) {
			return false
		}
		if i == h.cap {
			reflect.NewAt(n.typ, p).Elem().Grow(growth(i))
		}
		h.len = i + 1
		if !d.value(n.elem, unsafe.Add(h.data, uintptr(i)*n.size)) {
			return d.badListEntry(i)
		}
		d.ws() // next, by hand: a list's entries are a hot path
		if !d.eat(',') {
			return d.eat(']') || d.syntaxError(false)
		}
	}
}

// firstListCap is the room a list's slice is first given: the lists of a scenario mostly hold
// one or two entries (its orders a purchase and a renewal), and room for two at once saves
// growing for the second.
const firstListCap = 2

// growth is the room to add to a list's slice that is full with i entries: firstListCap for
// the first, then one (which grows the slice as append does).
func growth(i int) int {
	if i == 0 {
		return firstListCap
	}
	return 1
}

// entryFits reports whether the entry i of the list n is within its cap; the entry beyond
// the cap is refused once its first token is whole.
func (d *bdec) entryFits(n *node, i int) bool {
	if i < n.limit {
		return true
	}
	if !d.token() {
		d.f.token = false
		return false
	}
	return d.fail("more than " + strconv.Itoa(n.limit) + " entries")
}

// badListEntry adds the entry i to the path of its failure, except a malformed first token,
// which the list reports at its own path.
func (d *bdec) badListEntry(i int) bool {
	if d.f.syntax && d.f.token {
		d.f.token = false
		return false
	}
	return d.in("[" + strconv.Itoa(i) + "]")
}

// entry judges a map's key before its value: the cap, then a repeated key, then the colon.
func (d *bdec) entry(n *node, key string, dup bool, size int) bool {
	if !dup && size < n.limit && d.colon() {
		return true
	}
	return d.badEntry(n, key, dup, size)
}

func (d *bdec) badEntry(n *node, key string, dup bool, size int) bool {
	switch {
	case !dup && size >= n.limit:
		return d.fail("more than " + strconv.Itoa(n.limit) + " entries")
	case dup:
		d.fail("given more than once")
	}
	return d.in(mapSeg(key)) // a repeated key, or no colon after it
}

// The map types read without reflection. Read-only.
var (
	stringMapType = reflect.TypeFor[map[string]string]()
	stockMapType  = reflect.TypeFor[map[string]model.StockStatus]()
	amountMapType = reflect.TypeFor[map[string]decimal.Decimal]()
)

// mapping reads an object into the map with string keys at p; {} is an empty, non-nil map.
func (d *bdec) mapping(n *node, p unsafe.Pointer) bool {
	switch n.typ {
	case stringMapType:
		return stringMap(d, n, (*map[string]string)(p))
	case stockMapType:
		return stringMap(d, n, (*map[string]model.StockStatus)(p))
	case amountMapType:
		return d.amountMap(n, (*map[string]decimal.Decimal)(p))
	}
	return d.anyMap(n, p)
}

// amountMap reads a map of amounts.
func (d *bdec) amountMap(n *node, m *map[string]decimal.Decimal) bool {
	if n.elem.kind != nodeDecimal {
		return d.anyMap(n, unsafe.Pointer(m))
	}
	return typedMap(d, n, m, (*bdec).amount)
}

// stringMap reads a map of strings.
func stringMap[V ~string](d *bdec, n *node, m *map[string]V) bool {
	if n.elem.kind != nodeString {
		return d.anyMap(n, unsafe.Pointer(m))
	}
	return typedMap(d, n, m, mapString[V])
}

// firstKeys is the number of a map's first keys that typedMap also keeps in a list, where a
// repeated key is found faster than by a look-up in the map (a scenario's maps hold a few).
const firstKeys = 8

// typedMap reads a map whose values read reads without reflection.
func typedMap[V any](d *bdec, n *node, m *map[string]V, read func(d *bdec, n *node) (V, bool)) bool {
	*m = map[string]V{}
	var first [firstKeys]string // the map's first keys, in order
	return d.members(func(key string) bool {
		size := len(*m)
		if !d.entry(n, key, given(*m, first[:min(size, firstKeys)], key), size) {
			return false
		}
		x, ok := read(d, n.elem)
		if !ok {
			return d.in(mapSeg(key))
		}
		if size < firstKeys {
			first[size] = key
		}
		(*m)[key] = x
		return true
	})
}

// given reports whether m has the key key; first are m's first keys, in order, which are all
// of them when there are as many.
func given[V any](m map[string]V, first []string, key string) bool {
	if len(first) == len(m) {
		return slices.Contains(first, key)
	}
	_, ok := m[key]
	return ok
}

// mapString reads a string of a map of strings.
func mapString[V ~string](d *bdec, n *node) (V, bool) {
	s, ok := d.quoted(n)
	if ok && n.enum != nil && !slices.Contains(n.enum, s) {
		return "", d.fail(oneOf(n.enum))
	}
	return V(s), ok
}

// anyMap reads a map of any other values, at p, through reflection.
func (d *bdec) anyMap(n *node, p unsafe.Pointer) bool {
	m := reflect.MakeMap(n.typ)
	reflect.NewAt(n.typ, p).Elem().Set(m)
	kt, et := n.typ.Key(), n.typ.Elem()
	return d.members(func(key string) bool {
		k := reflect.ValueOf(key).Convert(kt)
		if !d.entry(n, key, m.MapIndex(k).IsValid(), m.Len()) {
			return false
		}
		e := reflect.New(et)
		if !d.value(n.elem, e.UnsafePointer()) {
			return d.in(mapSeg(key))
		}
		m.SetMapIndex(k, e.Elem())
		return true
	})
}

// presetNameReason is the reason of a policy's Base that is not a preset's name.
func presetNameReason() string {
	names := model.PresetNames()
	return "must be a preset name: " + strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
