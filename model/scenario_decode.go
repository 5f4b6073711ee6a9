package model

import (
	"encoding"
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/shopspring/decimal"
)

// This file reads a scenario straight from its bytes, in one pass and without json.Decoder:
// the common case, a valid scenario. It applies every check of the token reader in
// scenario.go (unknown and repeated keys, caps, ranges, enumerations, CheckDecimal, orders,
// the catalog) but reports none: when anything is wrong it gives up and DecodeScenario reads
// the document again with the token reader, which names the problem. So a scenario read here
// is exactly the one the token reader would return, and every error comes from one place.

// Reasons shared by both readers.
const (
	reasonTimeString = "must be an RFC 3339 time string such as \"2026-01-02T15:04:05Z\""
	reasonTime       = "must be an RFC 3339 time such as \"2026-01-02T15:04:05Z\""
	reasonTimeYears  = "must lie within years 0000–9999 in UTC"
	reasonDecimal    = "must be a decimal such as \"12.50\""
	reasonDiscount   = "a discount factor must not exceed 1"
)

// discountKey is the one amount bounded above (by 1).
const discountKey = "Order.Discount"

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
	if err := CheckDecimal(dv, false); err != nil {
		return decimal.Decimal{}, "decimal " + err.Error()
	}
	if discount && CmpDecimal(dv, one) > 0 {
		return decimal.Decimal{}, reasonDiscount
	}
	return dv, ""
}

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

// nodeKind is how the direct reader reads a value.
type nodeKind uint8

const (
	nodeUnsupported nodeKind = iota // left to the token reader
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

// node is how to read a value of one type held in one field: the field ("Type.Field", or
// "" in lists and maps) decides caps, ranges and enumerations, as in the token reader.
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
	request, instance, account, idempotency, throttle, catalog, policy *node
}

var scenarioNodes = sync.OnceValue(func() *scenarioSchema {
	structs := map[reflect.Type]*node{}
	field := func(name string) reflect.Type {
		f, _ := reflect.TypeFor[Scenario]().FieldByName(name)
		return f.Type
	}
	facts := func(name string) reflect.Type {
		f, _ := reflect.TypeFor[Facts]().FieldByName(name)
		return f.Type
	}
	return &scenarioSchema{
		request:     newNode(field("Request"), "Scenario.Request", structs),
		instance:    newNode(facts("Instance"), "", structs),
		account:     newNode(facts("Account"), "", structs),
		idempotency: newNode(facts("Idempotency"), "Facts.Idempotency", structs),
		throttle:    newNode(facts("Throttle"), "", structs),
		catalog:     newNode(field("CatalogData"), "", structs),
		policy:      newNode(reflect.TypeFor[Policy](), "", structs),
	}
})

// newNode follows the token reader's value: decimals, times and text unmarshalers first,
// then by kind.
func newNode(t reflect.Type, key string, structs map[reflect.Type]*node) *node {
	n := &node{typ: t}
	switch {
	case t == reflect.TypeFor[decimal.Decimal]():
		n.kind, n.discount = nodeDecimal, key == discountKey
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
		n.kind, n.elem = nodePointer, newNode(t.Elem(), key, structs)
	case reflect.Struct:
		return structNode(t, structs)
	case reflect.Slice:
		n.kind, n.limit, n.elem = nodeSlice, listCap(key), newNode(t.Elem(), "", structs)
	case reflect.Map:
		if t.Key().Kind() == reflect.String {
			n.kind, n.limit, n.elem = nodeMap, listCap(key), newNode(t.Elem(), "", structs)
		}
	case reflect.String:
		n.kind, n.enum = nodeString, enumOf(key, t)
	case reflect.Bool:
		n.kind = nodeBool
	case reflect.Int, reflect.Int32, reflect.Int64:
		n.kind = nodeInt
		n.lo, n.hi = intRange(key, t.Kind())
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
		return n // more than the seen-mask holds: the token reader reads it
	}
	n.kind = nodeStruct
	for i, f := range si.fields {
		fn := newNode(t.Field(f.index).Type, f.key, structs)
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

// bdec reads JSON from s. Its methods return false at anything wrong, leaving the reason to
// the token reader.
type bdec struct {
	s string
	i int
}

// decodeScenarioBytes reads b (valid UTF-8, at most MaxScenarioBytes) directly; ok is false
// when the scenario is refused.
func decodeScenarioBytes(b []byte) (Scenario, bool) {
	// One copy of the input: the scenario's strings share it.
	d := &bdec{s: string(b)}
	sc := new(Scenario)
	if !d.scenario(sc, scenarioNodes()) {
		return Scenario{}, false
	}
	return *sc, true
}

func (d *bdec) scenario(sc *Scenario, sch *scenarioSchema) bool {
	var seen uint16
	policySet := false
	ok := d.members(func(key string) bool {
		i := scenarioKeyIndex(key)
		if i < 0 || seen&(1<<i) != 0 {
			return false
		}
		seen |= 1 << i
		switch key {
		case "description":
			s, ok := d.str()
			sc.Description = s
			return ok
		case "now":
			s, ok := d.str()
			if !ok {
				return false
			}
			tm, reason := scenarioTime(s)
			sc.Now = tm
			return reason == ""
		case "request":
			return d.peek() == '{' && d.value(sch.request, reflect.ValueOf(&sc.Request).Elem())
		case "policy":
			policySet = true
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
			b, ok := d.boolean()
			sc.Facts.ServiceUnavailable = b
			return ok
		case "catalog":
			return d.value(sch.catalog, reflect.ValueOf(&sc.CatalogData).Elem())
		}
		return false
	})
	if !ok {
		return false
	}
	d.ws()
	if d.i != len(d.s) || seen&(1<<1) == 0 || seen&(1<<2) == 0 { // "now" and "request" are required
		return false
	}
	if !policySet {
		sc.Policy = PolicyCurrent()
	}
	if sc.CatalogData != nil {
		if _, err := NewCatalog(*sc.CatalogData); err != nil {
			return false
		}
	}
	return true
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

// members reads an object, calling member for each key with d at its value.
func (d *bdec) members(member func(key string) bool) bool {
	d.ws()
	if !d.eat('{') {
		return false
	}
	d.ws()
	if d.eat('}') {
		return true
	}
	for {
		d.ws()
		key, ok := d.str()
		if !ok {
			return false
		}
		d.ws()
		if !d.eat(':') {
			return false
		}
		d.ws()
		if !member(key) {
			return false
		}
		d.ws()
		if d.eat(',') {
			continue
		}
		return d.eat('}')
	}
}

// policy reads "policy": a preset name, or an object of a base and the fields it replaces.
func (d *bdec) policy(n *node, p *Policy) bool {
	d.ws()
	if d.peek() == '"' {
		name, ok := d.str()
		if !ok {
			return false
		}
		*p, ok = PolicyByName(name)
		return ok
	}
	if n.kind != nodeStruct {
		return false
	}
	var over Policy
	ov := reflect.ValueOf(&over).Elem()
	var seen uint64
	base, baseSeen, next := "", false, 0
	ok := d.members(func(key string) bool {
		if key == "Base" {
			if baseSeen {
				return false
			}
			baseSeen = true
			s, ok := d.str()
			if _, known := PolicyByName(s); !ok || !known {
				return false
			}
			base = s
			return true
		}
		return d.member(n, ov, key, &seen, &next)
	})
	if !ok {
		return false
	}
	*p, _ = PolicyByName(base)
	pv := reflect.ValueOf(p).Elem()
	for i, f := range n.fields {
		if seen&(1<<i) != 0 {
			pv.Field(f.index).Set(ov.Field(f.index))
		}
	}
	return true
}

// value reads one value into v (addressable, zero).
func (d *bdec) value(n *node, v reflect.Value) bool {
	d.ws()
	if d.peek() == 'n' {
		if !d.literal("null") {
			return false
		}
		switch n.kind {
		case nodePointer, nodeStruct, nodeSlice, nodeMap:
			v.SetZero()
			return true
		}
		return false
	}
	switch n.kind {
	case nodeString:
		s, ok := d.str()
		if !ok || n.enum != nil && !slices.Contains(n.enum, s) {
			return false
		}
		v.SetString(s)
	case nodeBool:
		b, ok := d.boolean()
		if !ok {
			return false
		}
		v.SetBool(b)
	case nodeInt:
		num, ok := d.number()
		if !ok {
			return false
		}
		x, ok := scenarioInt(num, n.lo, n.hi)
		if !ok {
			return false
		}
		v.SetInt(x)
	case nodeFloat:
		num, ok := d.number()
		if !ok {
			return false
		}
		f, ok := scenarioFloat(num)
		if !ok {
			return false
		}
		v.SetFloat(f)
	case nodeDecimal:
		dv, ok := d.amount(n)
		if !ok {
			return false
		}
		*v.Addr().Interface().(*decimal.Decimal) = dv
	case nodeTime:
		s, ok := d.str()
		if !ok {
			return false
		}
		tm, reason := scenarioTime(s)
		if reason != "" {
			return false
		}
		*v.Addr().Interface().(*time.Time) = tm
	case nodeText:
		s, ok := d.str()
		if !ok {
			return false
		}
		return v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)) == nil
	case nodeStruct:
		return d.peek() == '{' && d.object(n, v)
	case nodePointer:
		p := reflect.New(n.elem.typ)
		if !d.value(n.elem, p.Elem()) {
			return false
		}
		v.Set(p)
	case nodeSlice:
		return d.peek() == '[' && d.slice(n, v)
	case nodeMap:
		return d.peek() == '{' && d.mapping(n, v)
	default:
		return false
	}
	return true
}

// amount reads an amount, written as a string or a number.
func (d *bdec) amount(n *node) (decimal.Decimal, bool) {
	var s string
	var ok bool
	if d.peek() == '"' {
		s, ok = d.str()
	} else {
		s, ok = d.number()
	}
	if !ok {
		return decimal.Decimal{}, false
	}
	dv, reason := scenarioAmount(s, n.discount)
	return dv, reason == ""
}

// member reads the value of the field named key into the struct v that n describes. seen and
// next record the fields read so far: a field given twice, or unknown, refuses the document.
func (d *bdec) member(n *node, v reflect.Value, key string, seen *uint64, next *int) bool {
	i := n.field(key, *next)
	if i < 0 || *seen&(1<<i) != 0 {
		return false
	}
	*seen |= 1 << i
	*next = i + 1
	f := &n.fields[i]
	return d.value(f.node, v.Field(f.index))
}

// object reads the fields of a struct, then checks what the token reader checks once an
// object is read: enumerations of the fields left out, and relations between fields.
func (d *bdec) object(n *node, v reflect.Value) bool {
	var seen uint64
	next := 0
	ok := d.members(func(key string) bool {
		return d.member(n, v, key, &seen, &next)
	})
	if !ok {
		return false
	}
	for _, i := range n.enumFields {
		if f := &n.fields[i]; seen&(1<<i) == 0 && !slices.Contains(f.node.enum, v.Field(f.index).String()) {
			return false
		}
	}
	_, reason := checkStruct(v)
	return reason == ""
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
		if i >= n.limit {
			return false
		}
		v.Grow(1)
		v.SetLen(i + 1)
		if !d.value(n.elem, v.Index(i)) {
			return false
		}
		d.ws()
		if d.eat(',') {
			continue
		}
		return d.eat(']')
	}
}

// mapping reads an object into a map with string keys; {} is an empty, non-nil map.
func (d *bdec) mapping(n *node, v reflect.Value) bool {
	switch m := v.Addr().Interface().(type) {
	case *map[string]string:
		return stringMap(d, n, m)
	case *map[string]StockStatus:
		return stringMap(d, n, m)
	case *map[string]decimal.Decimal:
		if n.elem.kind == nodeDecimal {
			*m = map[string]decimal.Decimal{}
			return d.members(func(key string) bool {
				if _, dup := (*m)[key]; dup || len(*m) >= n.limit {
					return false
				}
				dv, ok := d.amount(n.elem)
				(*m)[key] = dv
				return ok
			})
		}
	}
	return d.anyMap(n, v)
}

// stringMap reads a map of strings.
func stringMap[V ~string](d *bdec, n *node, m *map[string]V) bool {
	if n.elem.kind != nodeString {
		return false
	}
	*m = map[string]V{}
	return d.members(func(key string) bool {
		if _, dup := (*m)[key]; dup || len(*m) >= n.limit {
			return false
		}
		s, ok := d.str()
		(*m)[key] = V(s)
		return ok && (n.elem.enum == nil || slices.Contains(n.elem.enum, s))
	})
}

// anyMap reads a map of any other values through reflection.
func (d *bdec) anyMap(n *node, v reflect.Value) bool {
	m := reflect.MakeMap(n.typ)
	v.Set(m)
	kt, et := n.typ.Key(), n.typ.Elem()
	return d.members(func(key string) bool {
		k := reflect.ValueOf(key).Convert(kt)
		if m.MapIndex(k).IsValid() || m.Len() >= n.limit {
			return false
		}
		e := reflect.New(et).Elem()
		if !d.value(n.elem, e) {
			return false
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
// unquoted by encoding/json, as the token reader does.
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
