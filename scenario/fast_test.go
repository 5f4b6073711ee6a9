package scenario

import (
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"pgregory.net/rapid"

	"github.com/respec-dev/respec/model"
)

// fastContainers place a struct's members in a scenario: the struct's type and the document
// around its members.
var fastContainers = []struct {
	typ  reflect.Type
	wrap func(members string) string
}{
	{reflect.TypeFor[model.Instance](), func(m string) string { return `"instance":{` + m + `}` }},
	{reflect.TypeFor[model.Order](), func(m string) string { return `"instance":{"Status":"Running","Orders":[{` + m + `}]}` }},
	{reflect.TypeFor[model.Disk](), func(m string) string { return `"instance":{"Status":"Running","SystemDisk":{` + m + `}}` }},
	{reflect.TypeFor[model.Account](), func(m string) string { return `"account":{` + m + `}` }},
	{reflect.TypeFor[model.Throttle](), func(m string) string { return `"throttle":{` + m + `}` }},
	{reflect.TypeFor[model.QuotaUse](), func(m string) string { return `"account":{"Quotas":{"RefundedVcpu":[{` + m + `}]}}` }},
	{reflect.TypeFor[model.Policy](), func(m string) string { return `"policy":{` + m + `}` }},
	{reflect.TypeFor[model.InstanceType](), func(m string) string {
		return `"catalog":{"InstanceTypes":[{"InstanceTypeId":"a","InstanceTypeFamily":"f",` + m + `}]}`
	}},
}

// fastValues draws a value for a member of node n: mostly one its kind accepts (so that the
// members after it are read too), else any of wideValues.
func fastValues(n *node) *rapid.Generator[string] {
	return rapid.OneOf(fitting(n), fitting(n), fitting(n), wideValues(n))
}

// fitting draws a value the kind of n usually accepts.
func fitting(n *node) *rapid.Generator[string] {
	quote := func(s string) string { return `"` + s + `"` }
	switch n.kind {
	case nodeString:
		if n.enum != nil {
			return rapid.Map(rapid.SampledFrom(n.enum), quote)
		}
		return rapid.Map(rapid.StringMatching(`[a-z0-9.-]{0,12}`), quote)
	case nodeTime:
		return rapid.SampledFrom([]string{`"2026-01-01T00:00:00Z"`, `"2026-03-01T10:00:00Z"`, `"2027-01-01T00:00:00Z"`})
	case nodeDecimal:
		return rapid.Map(rapid.StringMatching(`(0|[1-9][0-9]{0,5})(\.[0-9]{1,3})?`), quote)
	case nodeBool:
		return rapid.SampledFrom([]string{"true", "false"})
	case nodeInt:
		return rapid.Map(rapid.Int64Range(max(n.lo, 0), min(n.hi, 1_000_000)), func(x int64) string { return strconv.FormatInt(x, 10) })
	case nodeText:
		return rapid.Just(`"5m"`)
	case nodeFloat:
		return rapid.Just(`1.5`)
	}
	return rapid.Just(`null`)
}

// wideValues draws any value for a member of node n: numbers of every shape (signs, leading
// zeros, fractions, exponents, up to 22 digits: around int64's limits and the 18 digits the
// fast path reads), the same quoted, times in and out of the Z form, strings with escapes,
// the literals and their prefixes, and the values of n's enumeration.
func wideValues(n *node) *rapid.Generator[string] {
	number := rapid.StringMatching(`-?(0|[1-9][0-9]{0,21}|0[0-9]{1,3})(\.[0-9]{0,5})?([eE][+-]?[0-9]{1,10})?`)
	gens := []*rapid.Generator[string]{
		number,
		rapid.Map(number, func(s string) string { return `"` + s + `"` }),
		rapid.StringMatching(`"[0-9]{4}-[01][0-9]-[0-3][0-9][Tt ][0-2][0-9]:[0-6][0-9]:[0-6][0-9](Z|z|[+-][0-9]{2}:[0-9]{2}|\.[0-9]{1,12}Z)"`),
		rapid.SampledFrom([]string{
			`true`, `false`, `null`, `tru`, `fals`, `falsey`, `""`, `"x"`, `"a\"b"`, `"\u0041"`, `"a\\b"`, "\"a\tb\"", `"`,
			`{}`, `[]`, `1e100000000`, `"1e100000000"`, `"0e100000000"`, `9223372036854775807`, `9223372036854775808`,
			`999999999999999999`, `1000000000000000000`, `1000000`, `1000001`, `1000000000`, `1000000001`, `-0`, `0`, `00`, `01`,
			`-1`, `1.0`, `1e0`, `"1"`, `"1.5"`, `"0"`, `"0.85"`, `"1.000"`, `"1.0001"`, `"` + strings.Repeat("9", 65) + `"`,
			`"2026-02-29T00:00:00Z"`, `"2024-02-29T00:00:00Z"`, `"2026-01-01T24:00:00Z"`, `"0000-01-01T00:00:00Z"`,
		}),
	}
	if len(n.enum) > 0 {
		gens = append(gens, rapid.Map(rapid.SampledFrom(n.enum), func(s string) string { return `"` + s + `"` }))
	}
	switch n.kind {
	case nodeInt: // where the fast path must give up, and its edges
		gens = append(gens, number, rapid.SampledFrom([]string{`01`, `00`, `007`, `1.5`, `1.`, `1e3`, `1E3`, `1e`, `-1`, `-0`, `0`,
			`999999999999999999`, `9999999999999999999`, `1000000`, `1000001`, `1000000000`, `1000000001`, `1440`, `1441`}))
	case nodeBool:
		gens = append(gens, rapid.SampledFrom([]string{`true`, `false`, `tru`, `fals`, `t`, `f`, `True`, `"true"`, `0`}))
	}
	return rapid.OneOf(gens...)
}

// TestPropertyFastPathIsTheGeneralPath: a struct's member read by the fast path is read as
// the reflection reader reads it, and a member the fast path gives up on (a sign, a leading
// zero, a fraction or an exponent, more than 18 digits, a value out of range, an escape, a
// space, a key out of order or repeated, the wrong type) gets the same answer: for every
// scalar field of the structs the examples hold, with the field expected next or not.
// (fastInt's lower bound, which no field's range reaches, is tested by TestFastIntRange.)
func TestPropertyFastPathIsTheGeneralPath(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.SampledFrom(fastContainers).Draw(t, "container")
		n := structNode(c.typ, map[reflect.Type]*node{})
		// Members mostly in the struct's order from some field on, so that each is the one
		// expected next; sometimes any field.
		i := rapid.SampledFrom([]int{0, 0, rapid.IntRange(0, len(n.fields)-1).Draw(t, "start")}).Draw(t, "first")
		var members []string
		for range rapid.IntRange(1, 6).Draw(t, "members") {
			if rapid.IntRange(0, 5).Draw(t, "jump") == 0 {
				i = rapid.IntRange(0, len(n.fields)-1).Draw(t, "field")
			}
			f := n.fields[i%len(n.fields)]
			colon := rapid.SampledFrom([]string{":", ":", ":", ": ", " :", ":\n  "}).Draw(t, "colon")
			members = append(members, `"`+f.name+`"`+colon+fastValues(f.node).Draw(t, "value"))
			i++
		}
		doc := []byte(`{"now":"2026-01-01T00:00:00Z","request":{},` + c.wrap(strings.Join(members, ",")) + `}`)
		got, gotErr := Decode(doc)
		want, wantErr := refDecode(doc)
		sameAnswer(t, doc, got, gotErr, want, wantErr)
	})
}

// TestFastIntRange: fastInt gives up on an integer outside its node's range at either end,
// and reads one at either end.
func TestFastIntRange(t *testing.T) {
	n := &node{kind: nodeInt, lo: 5, hi: 10, size: 8}
	wide := &node{kind: nodeInt, lo: math.MinInt64, hi: math.MaxInt64, size: 8}
	for _, c := range []struct {
		n    *node
		s    string
		want bool
	}{
		{n, "4", false}, {n, "5", true}, {n, "10", true}, {n, "11", false}, {n, "0", false},
		// 18 digits are read; 19 are left to the general path (they may overflow).
		{wide, "0", true}, {wide, "00", false}, {wide, "7", true}, {wide, "999999999999999999", true}, {wide, "9999999999999999999", false}, {wide, "1000000000000000000", false},
	} {
		var x int64
		end, ok := fastInt(`{"k":`+c.s+",", 5, c.n, unsafe.Pointer(&x)) // at an offset, as in a document
		if ok != c.want || ok && (end != 5+len(c.s) || strconv.FormatInt(x, 10) != c.s) {
			t.Errorf("fastInt(%q) = %d, %v (x %d); want ok %v", c.s, end, ok, x, c.want)
		}
	}
}

// fastEdges are the values TestFastPathEdges gives each field: where the fast path must give
// up (a leading zero, a fraction or an exponent after digits, 19 digits, a sign, a prefix of
// a literal, an escape, a space) and the edges of what it reads.
var fastEdges = []string{
	`01`, `00`, `007`, `0`, `-0`, `-1`, `1.5`, `1.`, `1e3`, `1E3`, `1e`, `1000000`, `1000001`, `1000000000`, `1000000001`,
	`999999999999999999`, `9999999999999999999`, `1440`, `1441`, `true`, `false`, `tru`, `fals`, `falsey`, `null`,
	`""`, `"x"`, `"a\"b"`, `"\u0041"`, `" x"`, `"0"`, `"1"`, `"1.5"`, `"0.85"`, `"1.000"`, `"1.0001"`, `"-1"`, `"1e3"`,
	`"1e100000000"`, `"0e100000000"`, `"` + strings.Repeat("9", 64) + `"`, `"` + strings.Repeat("9", 65) + `"`,
	`"2026-01-01T00:00:00Z"`, `"2026-02-29T00:00:00Z"`, `"2026-01-01T00:00:00+08:00"`, `"2026-01-01t00:00:00z"`,
	`{}`, `[]`, `"Running"`, `"PrePaid"`, `"Purchase"`, `"balance"`, `"5m"`,
}

// TestFastPathEdges: each scalar field of each struct of fastContainers, given after the
// fields before it (so that the fast path expects it) with each of fastEdges, written with
// and without a space after the colon, or with its key's quotes replaced, doubled or empty,
// and an empty key after the last field, get the reflection reader's answer.
func TestFastPathEdges(t *testing.T) {
	for _, c := range fastContainers {
		n := structNode(c.typ, map[reflect.Type]*node{})
		before := ""
		for _, f := range n.fields {
			for _, v := range fastEdges {
				for _, colon := range []string{":", ": "} {
					doc := []byte(`{"now":"2026-01-01T00:00:00Z","request":{},` + c.wrap(before+`"`+f.name+`"`+colon+v) + `}`)
					got, gotErr := Decode(doc)
					want, wantErr := refDecode(doc)
					if msg := answerDiff(got, gotErr, want, wantErr); msg != "" {
						t.Errorf("%s\n%s", msg, doc)
					}
				}
			}
			// The key written otherwise: its quotes replaced, doubled, or empty.
			for _, key := range []string{`x` + f.name + `"`, `"` + f.name + `x`, `"` + f.name + `""`, `""`, `"` + f.name + `"`} {
				doc := []byte(`{"now":"2026-01-01T00:00:00Z","request":{},` + c.wrap(before+key+`:`+fitting(f.node).Example(0)) + `}`)
				got, gotErr := Decode(doc)
				want, wantErr := refDecode(doc)
				if msg := answerDiff(got, gotErr, want, wantErr); msg != "" {
					t.Errorf("%s\n%s", msg, doc)
				}
			}
			before += `"` + f.name + `":` + fitting(f.node).Example(0) + `,`
		}
		// An empty key after the last field, when no key is expected.
		doc := []byte(`{"now":"2026-01-01T00:00:00Z","request":{},` + c.wrap(before+`"":1`) + `}`)
		got, gotErr := Decode(doc)
		want, wantErr := refDecode(doc)
		if msg := answerDiff(got, gotErr, want, wantErr); msg != "" {
			t.Errorf("%s\n%s", msg, doc)
		}
	}
}

// TestExpectedKeyNeedsItsQuotes: the key expected next, written without its opening quote,
// is malformed JSON, and without its closing quote another key.
func TestExpectedKeyNeedsItsQuotes(t *testing.T) {
	for doc, want := range map[string]Error{
		`{"now":"2026-01-01T00:00:00Z","request":{},"throttle":{xMinute":"2026-01-01T00:00:00Z"}}`: {Path: "throttle", Reason: "invalid JSON at byte 55: invalid character 'x'"},
		`{"now":"2026-01-01T00:00:00Z","request":{},"throttle":{"Minutex:"2026-01-01T00:00:00Z"}}`: {Path: "throttle.Minutex:", Reason: `unknown field (did you mean "Minute"?)`},
	} {
		_, err := Decode([]byte(doc))
		var se *Error
		if !errors.As(err, &se) || *se != want {
			t.Errorf("%s: %v, want %v", doc, err, &want)
		}
	}
}
