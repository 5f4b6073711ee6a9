package scenario

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/model"
)

// This file writes a decoded scenario out exactly, for the decoding goldens.

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

// dumpReference writes a pointer, a list or a map: nil, &value, [entries] or map[entries].
func dumpReference(b *strings.Builder, v reflect.Value) {
	switch {
	case v.IsNil():
		b.WriteString("nil")
	case v.Kind() == reflect.Pointer:
		b.WriteByte('&')
		dumpValue(b, v.Elem())
	case v.Kind() == reflect.Slice:
		dumpEntries(b, "[", v.Len(), func(i int) { dumpValue(b, v.Index(i)) })
	default:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(x, y reflect.Value) int { return strings.Compare(x.String(), y.String()) })
		dumpEntries(b, "map[", len(keys), func(i int) {
			b.WriteString(strconv.Quote(keys[i].String()) + ":")
			dumpValue(b, v.MapIndex(keys[i]))
		})
	}
}

// dumpEntries writes open, then n entries separated by spaces, then ].
func dumpEntries(b *strings.Builder, open string, n int, entry func(i int)) {
	b.WriteString(open)
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		entry(i)
	}
	b.WriteByte(']')
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
	case reflect.Pointer, reflect.Slice, reflect.Map:
		dumpReference(b, v)
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
