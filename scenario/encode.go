package scenario

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/model"
)

// Encode writes s as indented JSON such that Decode returns s again (with times
// in UTC, and a nil Request as an empty map). It refuses a scenario Decode would
// refuse: strings that are not valid UTF-8, values out of range, an invalid policy or catalog.
// Output that would exceed model.MaxScenarioBytes is written without indentation, and refused if it
// still does (fields left out of a document are written out in full, so a document near the
// cap can grow).
// A policy equal to its preset is written as the preset's name; otherwise as {"Base": ...}
// with the fields that differ from the base.
func Encode(s Scenario) ([]byte, error) {
	if s.Request == nil {
		s.Request = map[string]string{}
	}
	e := &senc{}
	if err := e.document(scenarioDoc(), reflect.ValueOf(s)); err != nil {
		return nil, err
	}
	out, err := layout(e.b.Bytes())
	if err != nil {
		return nil, err
	}
	if _, err := Decode(out); err != nil {
		return nil, err
	}
	return out, nil
}

// layout indents the compact document doc, or leaves it compact when indented it would
// exceed model.MaxScenarioBytes; it refuses a document over the cap either way.
func layout(doc []byte) ([]byte, error) {
	var out bytes.Buffer
	if err := json.Indent(&out, doc, "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	if out.Len() > model.MaxScenarioBytes {
		// Near the cap, indentation (or defaults written out) may push a scenario over it.
		out.Reset()
		out.Write(doc)
		out.WriteByte('\n')
	}
	if out.Len() > model.MaxScenarioBytes {
		return nil, &Error{Reason: "encoding larger than " + strconv.Itoa(model.MaxScenarioBytes>>20) + " MiB"}
	}
	return out.Bytes(), nil
}

// senc writes the model's types as JSON, mirroring the reader.
type senc struct {
	b    bytes.Buffer
	path []string
}

// document writes the document v (a document struct) compactly: its required keys and policy
// always, the others when not zero.
func (e *senc) document(ds *docSchema, v reflect.Value) error {
	e.b.WriteByte('{')
	n := 0
	for i := range ds.fields {
		f := &ds.fields[i]
		fv := v.FieldByIndex(f.index)
		if f.omitted(fv) {
			continue
		}
		e.comma(n)
		n++
		e.key(f.key)
		if err := e.topValue(f, fv); err != nil {
			return &Error{Path: f.key + strings.Join(e.path, ""), Reason: err.Error()}
		}
	}
	e.b.WriteByte('}')
	return nil
}

// omitted reports whether the top-level field f is left out with the value v: a key neither
// required nor the policy, when zero.
func (f *docField) omitted(v reflect.Value) bool {
	return !f.required && !f.policy && v.IsZero()
}

// comma writes the comma before the entry i of an object or list (none before the first).
func (e *senc) comma(i int) {
	if i > 0 {
		e.b.WriteByte(',')
	}
}

// topValue writes the value of the top-level key f.
func (e *senc) topValue(f *docField, v reflect.Value) error {
	if f.policy {
		return e.policy(v.Interface().(model.Policy))
	}
	return e.value(v)
}

// str writes s as a JSON string, without escaping <, > and & (scenarios are not HTML).
func (e *senc) str(s string) {
	writeJSONString(&e.b, s)
}

// key writes a key and its colon.
func (e *senc) key(k string) {
	e.str(k)
	e.b.WriteByte(':')
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)       // a string always encodes
	b.Truncate(b.Len() - 1) // Encode's newline
}

// value writes v: decimals, times and text marshalers first, then by kind.
func (e *senc) value(v reflect.Value) error {
	if writesWhole(v.Type()) {
		return e.whole(v)
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map:
		return e.reference(v)
	case reflect.Struct:
		return e.object(v)
	}
	return e.scalar(v)
}

// writesWhole reports whether a value of type t is written as one JSON string whatever its
// kind: a decimal, a time, or (not through a pointer) an encoding.TextMarshaler.
func writesWhole(t reflect.Type) bool {
	return t == decimalType || t == timeType || t.Kind() != reflect.Pointer && t.Implements(reflect.TypeFor[encoding.TextMarshaler]())
}

// whole writes a decimal, a time or a text marshaler.
func (e *senc) whole(v reflect.Value) error {
	switch x := v.Interface().(type) {
	case decimal.Decimal:
		return e.decimal(x)
	case time.Time:
		return e.time(x)
	}
	return e.marshaled(v.Interface().(encoding.TextMarshaler))
}

// decimal writes an amount, keeping its places as written ("1402.50" stays "1402.50").
func (e *senc) decimal(dv decimal.Decimal) error {
	if dv.IsZero() {
		e.str("0")
		return nil
	}
	if err := model.CheckDecimal(dv, false); err != nil {
		return errors.New("decimal " + err.Error())
	}
	if exp := dv.Exponent(); exp > 0 {
		// "1e3" reads back with exponent 3; "1000" would read back as exponent 0.
		e.str(dv.Coefficient().String() + "e" + strconv.Itoa(int(exp)))
	} else {
		e.str(dv.StringFixed(-exp))
	}
	return nil
}

// time writes a time in UTC.
func (e *senc) time(tm time.Time) error {
	tm = tm.UTC()
	if y := tm.Year(); y < 0 || y > 9999 {
		return errors.New("time outside years 0–9999")
	}
	e.str(tm.Format(time.RFC3339Nano))
	return nil
}

// marshaled writes a text marshaler's text.
func (e *senc) marshaled(m encoding.TextMarshaler) error {
	b, err := m.MarshalText()
	if err != nil {
		return err
	}
	e.str(string(b))
	return nil
}

// reference writes a pointer, a list or a map: null when nil.
func (e *senc) reference(v reflect.Value) error {
	switch {
	case v.IsNil():
		e.b.WriteString("null")
		return nil
	case v.Kind() == reflect.Pointer:
		return e.value(v.Elem())
	case v.Kind() == reflect.Slice:
		return e.list(v)
	}
	return e.mapping(v)
}

// within writes v with seg added to the path of any error.
func (e *senc) within(seg string, v reflect.Value) error {
	e.path = append(e.path, seg)
	if err := e.value(v); err != nil {
		return err
	}
	e.path = e.path[:len(e.path)-1]
	return nil
}

// object writes a struct's JSON fields, leaving out the zero ones tagged omitempty or
// omitzero.
func (e *senc) object(v reflect.Value) error {
	e.b.WriteByte('{')
	n := 0
	for _, f := range structInfoOf(v.Type()).fields {
		fv := v.Field(f.index)
		if f.omit && fv.IsZero() {
			continue
		}
		e.comma(n)
		n++
		e.key(f.name)
		if err := e.within("."+f.name, fv); err != nil {
			return err
		}
	}
	e.b.WriteByte('}')
	return nil
}

// list writes a slice's entries.
func (e *senc) list(v reflect.Value) error {
	e.b.WriteByte('[')
	for i := range v.Len() {
		e.comma(i)
		if err := e.within("["+strconv.Itoa(i)+"]", v.Index(i)); err != nil {
			return err
		}
	}
	e.b.WriteByte(']')
	return nil
}

// mapping writes a map's entries in the order of their keys.
func (e *senc) mapping(v reflect.Value) error {
	keys := v.MapKeys()
	slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
	e.b.WriteByte('{')
	for i, k := range keys {
		e.comma(i)
		if !utf8.ValidString(k.String()) {
			return errors.New("map key is not valid UTF-8")
		}
		e.key(k.String())
		if err := e.within(mapSeg(k.String()), v.MapIndex(k)); err != nil {
			return err
		}
	}
	e.b.WriteByte('}')
	return nil
}

// scalar writes a string, a boolean or a number.
func (e *senc) scalar(v reflect.Value) error {
	switch v.Kind() {
	case reflect.String:
		return e.text(v.String())
	case reflect.Bool:
		e.b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int32, reflect.Int64:
		e.b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Float64:
		return e.float(v.Float())
	default:
		return errors.New("cannot be encoded (unsupported type " + v.Type().String() + ")")
	}
	return nil
}

// text writes a string of valid UTF-8.
func (e *senc) text(s string) error {
	if !utf8.ValidString(s) {
		return errors.New("string is not valid UTF-8")
	}
	e.str(s)
	return nil
}

// float writes a finite number.
func (e *senc) float(f float64) error {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return errors.New("number is not finite")
	}
	e.b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	return nil
}

// policy writes p as its preset's name when it equals the preset, else as an object of the
// fields that differ from the base preset.
func (e *senc) policy(p model.Policy) error {
	base := model.PresetCurrent
	if _, ok := model.PolicyByName(p.Name); ok && p.Name != "" {
		base = p.Name
	}
	bp, _ := model.PolicyByName(base)
	diff, err := e.policyDiff(reflect.ValueOf(p), reflect.ValueOf(bp))
	if err != nil {
		return err
	}
	if len(diff) == 0 {
		e.str(base)
		return nil
	}
	e.b.WriteString(`{"Base":`)
	e.str(base)
	e.b.Write(diff)
	e.b.WriteByte('}')
	return nil
}

// policyDiff writes ,"Field":value for each field of the policy pv that differs from the
// base bv.
func (e *senc) policyDiff(pv, bv reflect.Value) ([]byte, error) {
	var diff bytes.Buffer
	for _, f := range structInfoOf(pv.Type()).fields {
		got, err := encoded(pv.Field(f.index))
		if err != nil {
			e.path = append(e.path, "."+f.name)
			return nil, err
		}
		ref, err := encoded(bv.Field(f.index))
		if err != nil {
			return nil, err
		}
		if bytes.Equal(got, ref) {
			continue
		}
		diff.WriteByte(',')
		writeJSONString(&diff, f.name)
		diff.WriteByte(':')
		diff.Write(got)
	}
	return diff.Bytes(), nil
}

// encoded returns v written as JSON.
func encoded(v reflect.Value) ([]byte, error) {
	e := &senc{}
	err := e.value(v)
	return e.b.Bytes(), err
}
