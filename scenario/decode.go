package scenario

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

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

// Reasons of the scenario errors.
const (
	reasonTimeString = "must be an RFC 3339 time string such as \"2026-01-02T15:04:05Z\""
	reasonTime       = "must be an RFC 3339 time such as \"2026-01-02T15:04:05Z\""
	reasonTimeYears  = "must lie within years 0000–9999 in UTC"
	reasonDecimal    = "must be a decimal such as \"12.50\""
	reasonDiscount   = "a discount factor must not exceed 1"
)

// scenarioTime reads an RFC 3339 time (the content of a JSON string) as an instant in UTC;
// reason is "" when s is accepted.
func scenarioTime(s string) (time.Time, string) {
	if len(s) > maxScenarioString {
		return time.Time{}, reasonTimeString
	}
	tm, err := time.ParseInLocation(time.RFC3339, s, time.UTC)
	if err != nil {
		return time.Time{}, reasonTime
	}
	if tm = tm.UTC(); tm.Year() < 0 || tm.Year() > 9999 {
		return time.Time{}, reasonTimeYears
	}
	return tm, ""
}

// scenarioAmount reads an amount: s is the content of a JSON string or a JSON number as
// written. A zero is normalised to 0; discount bounds the amount by 1. reason is "" when s is
// accepted.
func scenarioAmount(s string, discount bool) (decimal.Decimal, string) {
	if len(s) > maxScenarioString {
		return decimal.Decimal{}, "decimal longer than " + strconv.Itoa(maxScenarioString) + " characters"
	}
	dv, ok := plainDecimal(s)
	if !ok {
		var err error
		if dv, err = decimal.NewFromString(s); err != nil {
			return decimal.Decimal{}, reasonDecimal
		}
	}
	if dv.IsZero() {
		// "0e100000000" is zero: normalise it before CheckDecimal, which bounds a zero's
		// exponent too (arithmetic with it would rescale the other operand).
		dv = decimal.New(0, 0)
	}
	if err := model.CheckDecimal(dv, false); err != nil {
		return decimal.Decimal{}, "decimal " + err.Error()
	}
	if discount && model.CmpDecimal(dv, unit) > 0 {
		return decimal.Decimal{}, reasonDiscount
	}
	return dv, ""
}

// unit is the decimal 1, the most a discount factor may be. Read-only.
var unit = decimal.New(1, 0)

// plainDecimal reads s of the form -?digits(.digits)? with at most 18 characters besides the
// point into the decimal decimal.NewFromString returns for it, without its intermediate
// string; ok is false for any other s, which is left to decimal.NewFromString.
func plainDecimal(s string) (d decimal.Decimal, ok bool) {
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		i, neg = 1, true
	}
	var c int64
	var exp int32
	digits, point := 0, false
	for ; i < len(s); i++ {
		switch ch := s[i]; {
		case '0' <= ch && ch <= '9':
			c = c*10 + int64(ch-'0')
			digits++
			if point {
				exp--
			}
		case ch == '.' && !point && digits > 0:
			point = true
		default:
			return decimal.Decimal{}, false
		}
	}
	if point {
		if exp == 0 || len(s)-1 > 18 {
			return decimal.Decimal{}, false
		}
	} else if digits == 0 || len(s) > 18 {
		return decimal.Decimal{}, false
	}
	if neg {
		c = -c
	}
	return decimal.New(c, exp), true
}

// scenarioInt reads an integer (a JSON number as written) from lo to hi.
func scenarioInt(n string, lo, hi int64) (int64, bool) {
	if len(n) > maxScenarioString {
		return 0, false
	}
	x, err := strconv.ParseInt(n, 10, 64)
	return x, err == nil && x >= lo && x <= hi
}

// scenarioFloat reads a number (a JSON number as written) from 0 to maxScenarioFloat.
func scenarioFloat(n string) (float64, bool) {
	if len(n) > maxScenarioString {
		return 0, false
	}
	f, err := strconv.ParseFloat(n, 64)
	return f, err == nil && !math.IsNaN(f) && f >= 0 && f <= maxScenarioFloat
}

// Decode reads one scenario (see Scenario for the schema). It never panics and does
// work bounded by the input: input over model.MaxScenarioBytes is refused before parsing, lists and
// maps are capped while they are read, and every amount passes CheckDecimal before it is
// stored. Errors are *Error.
func Decode(b []byte) (Scenario, error) {
	if len(b) > model.MaxScenarioBytes {
		return Scenario{}, &Error{Reason: "larger than " + strconv.Itoa(model.MaxScenarioBytes>>20) + " MiB"}
	}
	if !utf8.Valid(b) {
		off := 0
		for off < len(b) {
			r, n := utf8.DecodeRune(b[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return Scenario{}, &Error{Reason: "not valid UTF-8 (byte " + strconv.Itoa(off) + ")"}
	}
	// One copy of the input: the scenario's strings share it.
	d := &bdec{s: string(b)}
	sc := new(Scenario)
	if !d.scenario(sc, scenarioNodes()) {
		return Scenario{}, d.err(b)
	}
	return *sc, nil
}

// nodeKind is how the reader reads a value.
type nodeKind uint8

const (
	nodeUnsupported nodeKind = iota // refused: no scenario field has such a type
	nodeString
	nodeBool
	nodeInt
	nodeFloat
	nodeDecimal
	nodeTime
	nodeText // encoding.TextUnmarshaler from a string (Duration)
	nodeStruct
	nodePointer
	nodeSlice
	nodeMap
)

// node is how to read a value of one type held in one field: the field decides caps, ranges
// and enumerations.
type node struct {
	kind     nodeKind
	typ      reflect.Type
	elem     *node       // pointers, slices, maps
	fields   []nodeField // structs
	enum     []string    // strings: the values allowed (nil: any)
	lo, hi   int64       // integers
	limit    int         // slices and maps: the most entries
	discount bool        // decimals: at most 1
	// enumFields lists the fields of a struct with an enumeration: one left out must still
	// be allowed its zero value ("" for a required one is not).
	enumFields []int
}

type nodeField struct {
	name  string
	index int
	node  *node
}

// scenarioSchema is how to read each top-level value. Read-only once built.
type scenarioSchema struct {
	description, now, request, instance, account, idempotency, throttle, serviceUnavailable, catalog, policy *node
}

var scenarioNodes = sync.OnceValue(func() *scenarioSchema {
	structs := map[reflect.Type]*node{}
	field := func(name string) (reflect.Type, *fieldRow) {
		f, _ := reflect.TypeFor[Scenario]().FieldByName(name)
		return f.Type, rowOf(reflect.TypeFor[Scenario](), f.Index[0])
	}
	facts := func(name string) (reflect.Type, *fieldRow) {
		f, _ := reflect.TypeFor[model.Facts]().FieldByName(name)
		return f.Type, rowOf(reflect.TypeFor[model.Facts](), f.Index[0])
	}
	return &scenarioSchema{
		description:        newNode(structs)(field("Description")),
		now:                newNode(structs)(field("Now")),
		request:            newNode(structs)(field("Request")),
		instance:           newNode(structs)(facts("Instance")),
		account:            newNode(structs)(facts("Account")),
		idempotency:        newNode(structs)(facts("Idempotency")),
		throttle:           newNode(structs)(facts("Throttle")),
		serviceUnavailable: newNode(structs)(facts("ServiceUnavailable")),
		catalog:            newNode(structs)(field("CatalogData")),
		policy:             newNode(structs)(field("Policy")),
	}
})

// newNode returns how to read a value of type t held in the field r (nil in lists and maps):
// decimals, times and text unmarshalers first, then by kind.
func newNode(structs map[reflect.Type]*node) func(t reflect.Type, r *fieldRow) *node {
	return func(t reflect.Type, r *fieldRow) *node { return buildNode(t, r, structs) }
}

func buildNode(t reflect.Type, r *fieldRow, structs map[reflect.Type]*node) *node {
	n := &node{typ: t}
	switch {
	case t == reflect.TypeFor[decimal.Decimal]():
		n.kind, n.discount = nodeDecimal, r != nil && r.unit
		return n
	case t == reflect.TypeFor[time.Time]():
		n.kind = nodeTime
		return n
	case t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()):
		n.kind = nodeText
		return n
	}
	switch t.Kind() {
	case reflect.Pointer:
		n.kind, n.elem = nodePointer, buildNode(t.Elem(), r, structs)
	case reflect.Struct:
		return structNode(t, structs)
	case reflect.Slice:
		n.kind, n.limit, n.elem = nodeSlice, r.listCap(), buildNode(t.Elem(), nil, structs)
	case reflect.Map:
		if t.Key().Kind() == reflect.String {
			n.kind, n.limit, n.elem = nodeMap, r.listCap(), buildNode(t.Elem(), nil, structs)
		}
	case reflect.String:
		n.kind, n.enum = nodeString, r.enumOf(t)
	case reflect.Bool:
		n.kind = nodeBool
	case reflect.Int, reflect.Int32, reflect.Int64:
		n.kind = nodeInt
		n.lo, n.hi = r.intRange(t.Kind())
	case reflect.Float64:
		n.kind = nodeFloat
	}
	return n
}

func structNode(t reflect.Type, structs map[reflect.Type]*node) *node {
	if n, ok := structs[t]; ok {
		return n
	}
	n := &node{typ: t}
	structs[t] = n
	si := structInfoOf(t)
	if len(si.fields) > 64 {
		return n // more than the seen-mask holds (TestScenarioNodes keeps it from happening)
	}
	n.kind = nodeStruct
	for i, f := range si.fields {
		fn := buildNode(t.Field(f.index).Type, rowOf(t, f.index), structs)
		n.fields = append(n.fields, nodeField{name: f.name, index: f.index, node: fn})
		if fn.kind == nodeString && fn.enum != nil {
			n.enumFields = append(n.enumFields, i)
		}
	}
	return n
}

// field returns the index of the field named name, looking from from on (fields tend to come
// in order), or -1.
func (n *node) field(name string, from int) int {
	for i := from; i < len(n.fields); i++ {
		if n.fields[i].name == name {
			return i
		}
	}
	for i := 0; i < from && i < len(n.fields); i++ {
		if n.fields[i].name == name {
			return i
		}
	}
	return -1
}

// unknownField is the reason for a key the struct n has no field for.
// It names the closest known key (closestKey) when one is near.
func (n *node) unknownField(name string) string {
	return unknownFieldReason(name, n.fieldNames())
}

// fieldNames returns the keys of the struct n, in order.
func (n *node) fieldNames() []string {
	names := make([]string, len(n.fields))
	for i, f := range n.fields {
		names[i] = f.name
	}
	return names
}

// wrongType is the reason for a value of the wrong JSON type.
func (n *node) wrongType() string {
	switch n.kind {
	case nodeString, nodeText:
		return "must be a string"
	case nodeBool:
		return "must be true or false"
	case nodeInt:
		return "must be an integer from " + strconv.FormatInt(n.lo, 10) + " to " + strconv.FormatInt(n.hi, 10)
	case nodeFloat:
		return "must be a number from 0 to 1000000"
	case nodeDecimal:
		return "must be a decimal string such as \"12.50\""
	case nodeTime:
		return reasonTimeString
	case nodeStruct, nodeMap:
		return "must be an object"
	case nodeSlice:
		return "must be a list"
	case nodePointer:
		return n.elem.wrongType()
	}
	return "cannot be decoded (unsupported type " + n.typ.String() + ")"
}

// bdec reads JSON from s. Its methods return false at the first problem, which f describes.
type bdec struct {
	s string
	i int
	f failure
}

// failure is the first problem found: its reason and the segments of its path, innermost
// first (each level adds its own while the reader unwinds).
type failure struct {
	path   []string
	reason string
	// syntax: the JSON is malformed here; syntaxReason words it.
	syntax bool
	// token: the malformed JSON is the first token of the value asked for (a list reports
	// that at its own path, as the tokenizer reads an entry's first token before the entry).
	token bool
}

// fail records reason and returns false.
func (d *bdec) fail(reason string) bool {
	d.f.reason = reason
	return false
}

// syntaxError records malformed JSON (in the value's first token when first) and returns
// false.
func (d *bdec) syntaxError(first bool) bool {
	d.f.syntax, d.f.token = true, first
	return false
}

// in adds seg to the path of the failure and returns false.
func (d *bdec) in(seg string) bool {
	d.f.path = append(d.f.path, seg)
	d.f.token = false
	return false
}

// err is the failure as a *Error; b is the document.
func (d *bdec) err(b []byte) error {
	reason := d.f.reason
	if d.f.syntax {
		reason = syntaxReason(b)
	}
	var path strings.Builder
	for i := len(d.f.path) - 1; i >= 0; i-- {
		path.WriteString(d.f.path[i])
	}
	return &Error{Path: path.String(), Reason: reason}
}

// syntaxReason words the first syntax error of b as encoding/json's tokenizer finds it.
func syntaxReason(b []byte) string {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	for {
		if _, err := dec.Token(); err != nil {
			var se *json.SyntaxError
			switch {
			case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
				return "unexpected end of input"
			case errors.As(err, &se):
				return "invalid JSON at byte " + strconv.FormatInt(se.Offset, 10) + ": " + se.Error()
			}
			return "invalid JSON: " + err.Error()
		}
	}
}

// pathKey is a top-level or field path segment's key, clipped.
func pathKey(k string) string {
	if len(k) > 64 {
		k = k[:64] + "..."
	}
	return k
}

// mapSeg is the path segment of a map's key.
func mapSeg(k string) string {
	return "[" + strconv.Quote(pathKey(k)) + "]"
}

func (d *bdec) scenario(sc *Scenario, sch *scenarioSchema) bool {
	d.ws()
	if d.peek() != '{' {
		return d.token() && d.fail("a scenario must be a JSON object")
	}
	var seen uint16
	ok := d.members(func(key string) bool {
		if !d.topMember(sc, sch, key, &seen) {
			return d.in(pathKey(key))
		}
		return true
	})
	if !ok {
		return false
	}
	d.ws()
	if d.i != len(d.s) {
		return d.fail("unexpected data after the scenario object")
	}
	for _, k := range []int{1, 2} { // "now" and "request" are required
		if seen&(1<<k) == 0 {
			d.fail("required")
			return d.in(scenarioKeys()[k])
		}
	}
	if seen&(1<<3) == 0 {
		sc.Policy = model.PolicyCurrent()
	}
	if sc.CatalogData != nil {
		if _, err := model.NewCatalog(*sc.CatalogData); err != nil {
			d.fail(strings.TrimPrefix(err.Error(), "catalog: "))
			return d.in("catalog")
		}
	}
	return true
}

// topMember reads the top-level member key.
func (d *bdec) topMember(sc *Scenario, sch *scenarioSchema, key string, seen *uint16) bool {
	i := scenarioKeyIndex(key)
	if i < 0 {
		return d.fail("unknown field (the fields are " + strings.Join(scenarioKeys(), ", ") + ")")
	}
	if *seen&(1<<i) != 0 {
		return d.fail("given more than once")
	}
	*seen |= 1 << i
	if !d.colon() {
		return false
	}
	switch key {
	case "description":
		return d.value(sch.description, reflect.ValueOf(&sc.Description).Elem())
	case "now":
		return d.value(sch.now, reflect.ValueOf(&sc.Now).Elem())
	case "request":
		if d.peek() == 'n' {
			return d.token() && d.fail("must be an object of strings")
		}
		return d.value(sch.request, reflect.ValueOf(&sc.Request).Elem())
	case "policy":
		return d.policy(sch.policy, &sc.Policy)
	case "instance":
		return d.value(sch.instance, reflect.ValueOf(&sc.Facts.Instance).Elem())
	case "account":
		return d.value(sch.account, reflect.ValueOf(&sc.Facts.Account).Elem())
	case "idempotency":
		return d.value(sch.idempotency, reflect.ValueOf(&sc.Facts.Idempotency).Elem())
	case "throttle":
		return d.value(sch.throttle, reflect.ValueOf(&sc.Facts.Throttle).Elem())
	case "serviceUnavailable":
		return d.value(sch.serviceUnavailable, reflect.ValueOf(&sc.Facts.ServiceUnavailable).Elem())
	}
	return d.value(sch.catalog, reflect.ValueOf(&sc.CatalogData).Elem()) // "catalog"
}

// scenarioKeyIndex returns the index of key in scenarioKeys, or -1.
func scenarioKeyIndex(key string) int {
	switch key {
	case "description":
		return 0
	case "now":
		return 1
	case "request":
		return 2
	case "policy":
		return 3
	case "instance":
		return 4
	case "account":
		return 5
	case "idempotency":
		return 6
	case "throttle":
		return 7
	case "serviceUnavailable":
		return 8
	case "catalog":
		return 9
	}
	return -1
}

// members reads the object that starts at d (at its '{'), calling member for each key; member
// reads the colon and the value.
func (d *bdec) members(member func(key string) bool) bool {
	d.i++ // '{'
	d.ws()
	if d.eat('}') {
		return true
	}
	for {
		d.ws()
		key, ok := d.str()
		if !ok {
			return d.syntaxError(false)
		}
		if !member(key) {
			return false
		}
		d.ws()
		if d.eat(',') {
			continue
		}
		if d.eat('}') {
			return true
		}
		return d.syntaxError(false)
	}
}

// colon reads the colon after a key, and the space after it.
func (d *bdec) colon() bool {
	if d.eat(':') { // the usual "key": value
		d.ws()
		return true
	}
	return d.spacedColon()
}

func (d *bdec) spacedColon() bool {
	d.ws()
	if !d.eat(':') {
		return d.syntaxError(false)
	}
	d.ws()
	return true
}

// token checks that a whole JSON token comes next (a scalar, read, or the opening of an
// object or a list), as the tokenizer does before a value's type is judged.
func (d *bdec) token() bool {
	ok := false
	switch c := d.peek(); {
	case c == '{' || c == '[':
		return true
	case c == '"':
		_, ok = d.str()
	case c == '-' || '0' <= c && c <= '9':
		_, ok = d.number()
	case c == 't':
		ok = d.literal("true")
	case c == 'f':
		ok = d.literal("false")
	case c == 'n':
		ok = d.literal("null")
	}
	if !ok {
		return d.syntaxError(true)
	}
	return true
}

// mismatch reports a value of the wrong JSON type for n, once its first token is whole.
func (d *bdec) mismatch(n *node) bool {
	return d.token() && d.fail(n.wrongType())
}

// policy reads "policy": a preset name, or an object of a base and the fields it replaces.
func (d *bdec) policy(n *node, p *model.Policy) bool {
	switch d.peek() {
	case '"':
		name, ok := d.str()
		if !ok {
			return d.syntaxError(true)
		}
		if *p, ok = model.PolicyByName(name); !ok {
			return d.fail("unknown preset " + strconv.Quote(pathKey(name)) + " (the presets are current, 2019, 2018)")
		}
		return true
	case '{':
	default:
		return d.token() && d.fail("must be a preset name or an object")
	}
	var over model.Policy
	ov := reflect.ValueOf(&over).Elem()
	var seen uint64
	base, baseSeen, next := "", false, 0
	ok := d.members(func(key string) bool {
		if !d.policyMember(n, ov, key, &seen, &next, &base, &baseSeen) {
			return d.in("." + pathKey(key))
		}
		return true
	})
	if !ok {
		return false
	}
	*p, _ = model.PolicyByName(base)
	pv := reflect.ValueOf(p).Elem()
	for i, f := range n.fields {
		if seen&(1<<i) != 0 {
			pv.Field(f.index).Set(ov.Field(f.index))
		}
	}
	return true
}

// policyMember reads one member of the policy object: its value's first token comes before
// the key is judged.
func (d *bdec) policyMember(n *node, ov reflect.Value, key string, seen *uint64, next *int, base *string, baseSeen *bool) bool {
	if !d.colon() {
		return false
	}
	if key == "Base" {
		s, isString := "", d.peek() == '"'
		if isString {
			var ok bool
			if s, ok = d.str(); !ok {
				return d.syntaxError(true)
			}
		} else if !d.token() {
			return false
		}
		if *baseSeen {
			return d.fail("given more than once")
		}
		*baseSeen = true
		if _, known := model.PolicyByName(s); !isString || !known {
			return d.fail("must be a preset name: current, 2019 or 2018")
		}
		*base = s
		return true
	}
	i := n.field(key, *next)
	if i < 0 {
		return d.token() && d.fail(n.unknownField(key))
	}
	if *seen&(1<<i) != 0 {
		return d.token() && d.fail("given more than once")
	}
	*seen |= 1 << i
	*next = i + 1
	f := &n.fields[i]
	return d.value(f.node, ov.Field(f.index))
}

// value reads one value into v (addressable, zero).
func (d *bdec) value(n *node, v reflect.Value) bool {
	c := d.peek()
	if c == 'n' {
		if !d.literal("null") {
			return d.syntaxError(true)
		}
		switch n.kind {
		case nodePointer, nodeStruct, nodeSlice, nodeMap:
			v.SetZero()
			return true
		}
		return d.fail(n.wrongType())
	}
	switch n.kind {
	case nodeString:
		if c != '"' {
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
	case nodeBool:
		if c != 't' && c != 'f' {
			return d.mismatch(n)
		}
		b, ok := d.boolean()
		if !ok {
			return d.syntaxError(true)
		}
		v.SetBool(b)
	case nodeInt:
		if c != '-' && (c < '0' || c > '9') {
			return d.mismatch(n)
		}
		num, ok := d.number()
		if !ok {
			return d.syntaxError(true)
		}
		x, ok := scenarioInt(num, n.lo, n.hi)
		if !ok {
			return d.fail(n.wrongType())
		}
		v.SetInt(x)
	case nodeFloat:
		if c != '-' && (c < '0' || c > '9') {
			return d.mismatch(n)
		}
		num, ok := d.number()
		if !ok {
			return d.syntaxError(true)
		}
		f, ok := scenarioFloat(num)
		if !ok {
			return d.fail(n.wrongType())
		}
		v.SetFloat(f)
	case nodeDecimal:
		dv, ok := d.amount(n)
		if !ok {
			return false
		}
		*v.Addr().Interface().(*decimal.Decimal) = dv
	case nodeTime:
		if c != '"' {
			return d.mismatch(n)
		}
		s, ok := d.str()
		if !ok {
			return d.syntaxError(true)
		}
		tm, reason := scenarioTime(s)
		if reason != "" {
			return d.fail(reason)
		}
		*v.Addr().Interface().(*time.Time) = tm
	case nodeText:
		if c != '"' {
			return d.mismatch(n)
		}
		s, ok := d.str()
		if !ok {
			return d.syntaxError(true)
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			return d.fail(err.Error())
		}
	case nodeStruct:
		if c != '{' {
			return d.mismatch(n)
		}
		return d.object(n, v)
	case nodePointer:
		p := reflect.New(n.elem.typ)
		if !d.value(n.elem, p.Elem()) {
			return false
		}
		v.Set(p)
	case nodeSlice:
		if c != '[' {
			return d.mismatch(n)
		}
		return d.slice(n, v)
	case nodeMap:
		if c != '{' {
			return d.mismatch(n)
		}
		return d.mapping(n, v)
	default:
		return d.mismatch(n)
	}
	return true
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
	case c == '-' || '0' <= c && c <= '9':
		s, ok = d.number()
	default:
		return decimal.Decimal{}, d.mismatch(n)
	}
	if !ok {
		return decimal.Decimal{}, d.syntaxError(true)
	}
	dv, reason := scenarioAmount(s, n.discount)
	if reason != "" {
		return decimal.Decimal{}, d.fail(reason)
	}
	return dv, true
}

// member reads the value of the field named key into the struct v that n describes. seen and
// next record the fields read so far.
func (d *bdec) member(n *node, v reflect.Value, key string, seen *uint64, next *int) bool {
	i := n.field(key, *next)
	if i < 0 {
		return d.fail(n.unknownField(key))
	}
	if *seen&(1<<i) != 0 {
		return d.fail("given more than once")
	}
	*seen |= 1 << i
	*next = i + 1
	if !d.colon() {
		return false
	}
	f := &n.fields[i]
	return d.value(f.node, v.Field(f.index))
}

// object reads the fields of a struct, then checks the enumerations of the fields left out
// and the relations between fields.
func (d *bdec) object(n *node, v reflect.Value) bool {
	var seen uint64
	next := 0
	ok := d.members(func(key string) bool {
		if !d.member(n, v, key, &seen, &next) {
			return d.in("." + pathKey(key))
		}
		return true
	})
	if !ok {
		return false
	}
	for _, i := range n.enumFields {
		if f := &n.fields[i]; seen&(1<<i) == 0 && !slices.Contains(f.node.enum, v.Field(f.index).String()) {
			d.fail(oneOf(f.node.enum))
			return d.in("." + f.name)
		}
	}
	if field, reason := checkStruct(v); reason != "" {
		d.fail(reason)
		if field != "" {
			return d.in("." + field)
		}
		return false
	}
	return true
}

// slice reads a list; [] is an empty, non-nil slice.
func (d *bdec) slice(n *node, v reflect.Value) bool {
	d.i++ // '['
	d.ws()
	if d.eat(']') {
		v.Set(reflect.MakeSlice(n.typ, 0, 0))
		return true
	}
	for i := 0; ; i++ {
		d.ws()
		if i >= n.limit {
			if !d.token() {
				d.f.token = false
				return false
			}
			return d.fail("more than " + strconv.Itoa(n.limit) + " entries")
		}
		v.Grow(1)
		v.SetLen(i + 1)
		if !d.value(n.elem, v.Index(i)) {
			if d.f.syntax && d.f.token {
				d.f.token = false
				return false
			}
			return d.in("[" + strconv.Itoa(i) + "]")
		}
		d.ws()
		if d.eat(',') {
			continue
		}
		if d.eat(']') {
			return true
		}
		return d.syntaxError(false)
	}
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

// mapping reads an object into a map with string keys; {} is an empty, non-nil map.
func (d *bdec) mapping(n *node, v reflect.Value) bool {
	switch m := v.Addr().Interface().(type) {
	case *map[string]string:
		return stringMap(d, n, m)
	case *map[string]model.StockStatus:
		return stringMap(d, n, m)
	case *map[string]decimal.Decimal:
		if n.elem.kind == nodeDecimal {
			*m = map[string]decimal.Decimal{}
			return d.members(func(key string) bool {
				_, dup := (*m)[key]
				if !d.entry(n, key, dup, len(*m)) {
					return false
				}
				dv, ok := d.amount(n.elem)
				if !ok {
					return d.in(mapSeg(key))
				}
				(*m)[key] = dv
				return true
			})
		}
	}
	return d.anyMap(n, v)
}

// stringMap reads a map of strings.
func stringMap[V ~string](d *bdec, n *node, m *map[string]V) bool {
	if n.elem.kind != nodeString {
		return d.anyMap(n, reflect.ValueOf(m).Elem())
	}
	*m = map[string]V{}
	return d.members(func(key string) bool {
		_, dup := (*m)[key]
		if !d.entry(n, key, dup, len(*m)) {
			return false
		}
		if d.peek() != '"' {
			d.mismatch(n.elem)
			return d.in(mapSeg(key))
		}
		s, ok := d.str()
		if !ok {
			d.syntaxError(true)
			return d.in(mapSeg(key))
		}
		if n.elem.enum != nil && !slices.Contains(n.elem.enum, s) {
			d.fail(oneOf(n.elem.enum))
			return d.in(mapSeg(key))
		}
		(*m)[key] = V(s)
		return true
	})
}

// anyMap reads a map of any other values through reflection.
func (d *bdec) anyMap(n *node, v reflect.Value) bool {
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

// ws skips JSON whitespace.
func (d *bdec) ws() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// peek returns the next byte, or 0 at the end.
func (d *bdec) peek() byte {
	if d.i < len(d.s) {
		return d.s[d.i]
	}
	return 0
}

// eat consumes c if it comes next.
func (d *bdec) eat(c byte) bool {
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *bdec) literal(lit string) bool {
	if len(d.s)-d.i >= len(lit) && d.s[d.i:d.i+len(lit)] == lit {
		d.i += len(lit)
		return true
	}
	return false
}

func (d *bdec) boolean() (bool, bool) {
	switch d.peek() {
	case 't':
		return true, d.literal("true")
	case 'f':
		return false, d.literal("false")
	}
	return false, false
}

// str reads a JSON string. Without escapes it is a substring of the input; with them it is
// unquoted by encoding/json, as its tokenizer does.
func (d *bdec) str() (string, bool) {
	if !d.eat('"') {
		return "", false
	}
	rest := d.s[d.i:]
	for j := 0; j < len(rest); j++ {
		switch c := rest[j]; {
		case c == '"':
			d.i += j + 1
			return rest[:j], true
		case c == '\\':
			return d.escaped(d.i - 1)
		case c < 0x20:
			return "", false
		}
	}
	return "", false
}

// escaped reads the string with escapes that starts with the quote at q.
func (d *bdec) escaped(q int) (string, bool) {
	for j := q + 1; j < len(d.s); j++ {
		switch c := d.s[j]; {
		case c == '"':
			var out string
			if json.Unmarshal([]byte(d.s[q:j+1]), &out) != nil {
				return "", false
			}
			d.i = j + 1
			return out, true
		case c == '\\':
			j++ // the escaped byte: encoding/json checks the escape
		case c < 0x20:
			return "", false
		}
	}
	return "", false
}

// number reads a JSON number, returning it as written.
func (d *bdec) number() (string, bool) {
	s, i := d.s, d.i
	start := i
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i < len(s) && s[i] == '0':
		i++
	case i < len(s) && '1' <= s[i] && s[i] <= '9':
		for i++; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		}
	default:
		return "", false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return "", false
		}
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return "", false
		}
		for ; i < len(s) && '0' <= s[i] && s[i] <= '9'; i++ {
		}
	}
	d.i = i
	return s[start:i], true
}
