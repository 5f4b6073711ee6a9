package scenario

import (
	"bytes"
	"encoding"
	"encoding/json"
	"reflect"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/fleet/plan"
	"github.com/respec-dev/respec/model"
)

// This file writes a document format's JSON Schema (draft 2020-12) from the schema's rows:
// every key with its type, whether it is required, its default, its cap (maxItems,
// maxProperties), its range (minimum, maximum), its values (enum) and its doc line
// (description); decimals as strings with a pattern (or numbers), times as strings with
// format date-time, durations as Go duration strings, and additionalProperties false in
// every object whose keys the reader checks. Each struct is one entry of $defs, named after
// its Go type, so formats that hold the same structs (the scenario, the world file: accounts
// and instances over time) share their definitions. A format is a documentFormat: its
// document struct, whose rows are its top-level members (a row added to the table is a member
// with no other edit), written by the same jsonSchema.
//
// What the schema cannot say, the reader still checks: a key given twice (JSON parsers keep
// one), an integer written with a fraction or an exponent (0.0, 1E2: JSON Schema's integer
// takes them), an order's End after its Start, CheckDecimal's digit and place counts, the
// magnitude of a decimal string, years 0000–9999 in UTC, and a catalog NewCatalog accepts.

// documentFormat is one document format as jsonSchema writes it. Its top-level members are
// the rows of root, in the table's order (a row keyed "-" stands for the rows of its
// field's struct, as the scenario's facts do), so a row added to the table for root is a
// member of the schema with nothing else to edit.
type documentFormat struct {
	// id is the schema's $id; title and doc its title and description.
	id, title, doc string
	// root is the document's struct, whose rows are the top-level members.
	root reflect.Type
	// types replaces the schema of a type wherever it appears (the policy's two forms).
	types map[reflect.Type]func(g *schemaWriter) jsonObject
}

// policyForms is the types entry of a format whose documents hold a policy.
func policyForms() map[reflect.Type]func(g *schemaWriter) jsonObject {
	return map[reflect.Type]func(g *schemaWriter) jsonObject{reflect.TypeFor[model.Policy](): policySchema}
}

// regenerate is the sentence every schema's description ends with.
const regenerate = " Written from the rows of scenario/schema.go; do not edit (go test ./scenario -update-schema)."

// scenarioFormat is the scenario document's format.
func scenarioFormat() documentFormat {
	return documentFormat{
		id:    "https://github.com/respec-dev/respec/schema/scenario.schema.json",
		title: "respec scenario",
		doc: "One question put to respec: the moment, the request of ModifyPrepayInstanceSpec exactly as it arrives, " +
			"and the facts." + regenerate,
		root:  reflect.TypeFor[Scenario](),
		types: policyForms(),
	}
}

// worldFormat is the world file's format (World): what respec simulate and respec serve read.
func worldFormat() documentFormat {
	return documentFormat{
		id:    "https://github.com/respec-dev/respec/schema/world.schema.json",
		title: "respec world",
		doc: "A world file: the accounts, each with its RAM users, used ClientTokens, throttle counts and the instances it owns, " +
			"at one moment, over a catalog, under a policy and limits (respec simulate WORLD PLAN, respec serve --world). " +
			"Unique IDs and tokens not after now are checked by the reader, not here." + regenerate,
		root:  reflect.TypeFor[World](),
		types: policyForms(),
	}
}

// planFormat is the plan document's format (plan.Plan). A JSON Lines plan's lines are each
// a request, the schema's $defs/Request.
func planFormat() documentFormat {
	return documentFormat{
		id:    "https://github.com/respec-dev/respec/schema/plan.schema.json",
		title: "respec fleet plan",
		doc: "A fleet plan document: timed requests, resize rules and orchestration options (respec simulate WORLD PLAN). " +
			"A plan written as JSON Lines holds one request a line, each valid against #/$defs/Request. " +
			"What needs the world (instances, accounts, moments) is checked by the reader, not here." + regenerate,
		root: reflect.TypeFor[plan.Plan](),
	}
}

// topRows returns the rows of the document struct t, in the table's order, a row keyed "-"
// replaced by the rows of its field's struct.
func topRows(t reflect.Type) []*fieldRow {
	var out []*fieldRow
	rows := schemaRows()
	for i := range rows {
		r := &rows[i]
		switch {
		case r.owner != t:
		case r.key == "-":
			out = append(out, topRows(t.Field(r.index).Type)...)
		default:
			out = append(out, r)
		}
	}
	return out
}

// JSONSchema returns the JSON Schema (draft 2020-12) of the scenario document, written from
// the schema's rows; schema/scenario.schema.json at the repository's root is this, checked
// in.
func JSONSchema() []byte { return jsonSchema(scenarioFormat()) }

// WorldJSONSchema returns the JSON Schema (draft 2020-12) of the world file (World), written
// from the same rows and sharing the scenario's definitions of the structs both hold;
// schema/world.schema.json is this, checked in.
func WorldJSONSchema() []byte { return jsonSchema(worldFormat()) }

// PlanJSONSchema returns the JSON Schema (draft 2020-12) of the plan document (plan.Plan);
// each line of a JSON Lines plan is valid against its $defs/Request.
// schema/plan.schema.json is this, checked in.
func PlanJSONSchema() []byte { return jsonSchema(planFormat()) }

// jsonObject is a JSON object that keeps its keys in the order they were set.
type jsonObject struct {
	keys []string
	vals map[string]any
}

// obj returns the object of the keys and values kv, in order (kv holds pairs).
func obj(kv ...any) jsonObject {
	var o jsonObject
	for i := 0; i < len(kv); i += 2 {
		o.set(kv[i].(string), kv[i+1])
	}
	return o
}

// set sets key to v, keeping key's place when it is already set.
func (o *jsonObject) set(key string, v any) {
	if o.vals == nil {
		o.vals = map[string]any{}
	}
	if _, ok := o.vals[key]; !ok {
		o.keys = append(o.keys, key)
	}
	o.vals[key] = v
}

// MarshalJSON writes the object's members in order.
func (o jsonObject) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range o.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		writeJSONString(&b, k)
		b.WriteByte(':')
		v, err := marshalNoEscape(o.vals[k])
		if err != nil {
			return nil, err
		}
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// marshalNoEscape is json.Marshal without HTML escaping.
func marshalNoEscape(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// schemaWriter writes one format's schema; defs collects the structs' definitions.
type schemaWriter struct {
	format documentFormat
	defs   jsonObject
	done   map[reflect.Type]bool
}

// Patterns of the values the reader reads from strings.
const (
	// decimalPattern is a non-negative decimal, as a string: digits with an optional sign,
	// fraction and exponent ("4377.80", "0", "1e3", "+5", "5."), or a negative zero ("-0").
	decimalPattern = `^(\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?|-(0+(\.0*)?|\.0+))$`
	// unitDecimalPattern is a decimal string from 0 to 1, without exponent ("0.85", "1").
	unitDecimalPattern = `^(0*(\.[0-9]+)?|0+\.[0-9]*|0*1(\.0*)?)$`
	// durationPattern is a Go duration string from 0 on ("5m", "24h0m0s", "1.5h").
	durationPattern = `^\+?(0|(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$`
)

// jsonSchema writes the format's schema, indented.
func jsonSchema(f documentFormat) []byte {
	g := &schemaWriter{format: f, done: map[reflect.Type]bool{}}
	props, required := g.members(topRows(f.root))
	root := obj(
		"$schema", "https://json-schema.org/draft/2020-12/schema",
		"$id", f.id,
		"title", f.title,
		"description", f.doc,
		"type", "object",
		"properties", props,
	)
	if len(required) > 0 {
		root.set("required", required)
	}
	root.set("additionalProperties", false)
	root.set("$defs", g.defs)
	out, err := marshalNoEscape(root)
	if err != nil {
		panic("scenario schema: " + err.Error()) // the values are strings, numbers and objects
	}
	var b bytes.Buffer
	if err := json.Indent(&b, out, "", "  "); err != nil {
		panic("scenario schema: " + err.Error())
	}
	b.WriteByte('\n')
	return b.Bytes()
}

// key returns the document key of the row r of owner: its own, or its field's JSON name.
func (g *schemaWriter) key(owner reflect.Type, r *fieldRow) string {
	if r.key != "" {
		return r.key
	}
	name, _, _ := strings.Cut(owner.Field(r.index).Tag.Get("json"), ",")
	if name == "" {
		name = owner.Field(r.index).Name
	}
	return name
}

// field returns the schema of a field of type t with the row r: its value's schema with the
// row's description and default, and null allowed where the reader takes it as absent
// (optional objects, lists and maps).
func (g *schemaWriter) field(t reflect.Type, r *fieldRow) jsonObject {
	s := g.value(t, r)
	if nullable(t) && !r.required {
		s = orNull(s)
	}
	s.set("description", r.doc)
	if r.def != "" {
		s.set("default", r.def)
	}
	return s
}

// nullable reports whether the reader takes null for a value of type t.
func nullable(t reflect.Type) bool {
	if t == reflect.TypeFor[decimal.Decimal]() || t == reflect.TypeFor[time.Time]() || t == reflect.TypeFor[model.Policy]() {
		return false
	}
	switch t.Kind() {
	case reflect.Pointer, reflect.Struct, reflect.Slice, reflect.Map:
		return true
	}
	return false
}

// orNull allows null beside s: in its type list, or beside its reference.
func orNull(s jsonObject) jsonObject {
	switch ty := s.vals["type"].(type) {
	case string:
		s.set("type", []string{ty, "null"})
		return s
	case []string:
		s.set("type", append(ty, "null"))
		return s
	}
	return obj("anyOf", []any{s, obj("type", "null")})
}

// value returns the schema of a value of type t held in the field r (nil in lists and maps),
// in the order the reader decides how to read it (decode.go's buildNode): a type the format
// replaces, a value read from a string, a container, a scalar.
func (g *schemaWriter) value(t reflect.Type, r *fieldRow) jsonObject {
	if w, ok := g.format.types[t]; ok {
		return w(g)
	}
	if s, ok := textValue(t, r); ok {
		return s
	}
	if s, ok := g.container(t, r); ok {
		return s
	}
	if s, ok := scalar(t, r); ok {
		return s
	}
	panic("scenario schema: no JSON Schema for " + t.String())
}

// textValue returns the schema of a value the reader reads from a string of its own syntax
// (decimals, which may also be numbers; times; durations; text-unmarshalled types).
func textValue(t reflect.Type, r *fieldRow) (jsonObject, bool) {
	switch {
	case t == reflect.TypeFor[decimal.Decimal]() && r != nil && r.unit:
		return obj("type", []string{"string", "number"}, "pattern", unitDecimalPattern, "maxLength", maxScenarioString,
			"minimum", 0, "maximum", 1), true
	case t == reflect.TypeFor[decimal.Decimal]():
		return obj("type", []string{"string", "number"}, "pattern", decimalPattern, "maxLength", maxScenarioString,
			"minimum", 0, "exclusiveMaximum", 1e15), true
	case t == reflect.TypeFor[time.Time]():
		return obj("type", "string", "format", "date-time", "maxLength", maxScenarioString), true
	case t == reflect.TypeFor[model.Duration]():
		return obj("type", "string", "pattern", durationPattern, "maxLength", maxScenarioString), true
	case t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()):
		return obj("type", "string"), true
	}
	return jsonObject{}, false
}

// container returns the schema of a pointer (its element's), a struct (a reference to its
// definition), a list or a map (capped by the row).
func (g *schemaWriter) container(t reflect.Type, r *fieldRow) (jsonObject, bool) {
	switch t.Kind() {
	case reflect.Pointer:
		return g.value(t.Elem(), r), true
	case reflect.Struct:
		return obj("$ref", "#/$defs/"+g.define(t)), true
	case reflect.Slice:
		return obj("type", "array", "maxItems", r.listCap(), "items", g.entry(t.Elem())), true
	case reflect.Map:
		return obj("type", "object", "maxProperties", r.listCap(), "additionalProperties", g.entry(t.Elem())), true
	}
	return jsonObject{}, false
}

// scalar returns the schema of a string (with its enumeration), a boolean, an integer (in
// its range) or a number.
func scalar(t reflect.Type, r *fieldRow) (jsonObject, bool) {
	switch t.Kind() {
	case reflect.String:
		s := obj("type", "string")
		if e := r.enumOf(t); e != nil {
			s.set("enum", e)
		}
		return s, true
	case reflect.Bool:
		return obj("type", "boolean"), true
	case reflect.Int, reflect.Int32, reflect.Int64:
		lo, hi := r.intRange(t.Kind())
		return obj("type", "integer", "minimum", lo, "maximum", hi), true
	case reflect.Float64:
		return obj("type", "number", "minimum", 0, "maximum", maxScenarioFloat), true
	}
	return jsonObject{}, false
}

// entry returns the schema of an entry of a list or map: null is taken as the zero value
// where the reader takes it (objects, lists, maps).
func (g *schemaWriter) entry(t reflect.Type) jsonObject {
	s := g.value(t, nil)
	if nullable(t) {
		s = orNull(s)
	}
	return s
}

// define adds the definition of the struct t to $defs (once) and returns its name.
func (g *schemaWriter) define(t reflect.Type) string {
	name := t.Name()
	if g.done[t] {
		return name
	}
	g.done[t] = true
	g.defs.set(name, nil) // its place, in the order first met
	g.defs.set(name, g.object(t, nil))
	return name
}

// object returns the schema of the struct t: a property per field, the fields whose
// enumeration lacks "" required, and no other key; extra is added first (the policy's Base).
func (g *schemaWriter) object(t reflect.Type, extra *jsonObject) jsonObject {
	props := jsonObject{}
	if extra != nil {
		for _, k := range extra.keys {
			props.set(k, extra.vals[k])
		}
	}
	var rows []*fieldRow
	for _, f := range structInfoOf(t).fields {
		rows = append(rows, rowOf(t, f.index))
	}
	own, required := g.members(rows)
	for _, k := range own.keys {
		props.set(k, own.vals[k])
	}
	s := obj("type", "object", "properties", props)
	if len(required) > 0 {
		s.set("required", required)
	}
	s.set("additionalProperties", false)
	return s
}

// members returns the properties of the fields of the rows rs, in order, and the keys of
// those required: a row marked required, or a string whose enumeration lacks "".
func (g *schemaWriter) members(rs []*fieldRow) (props jsonObject, required []string) {
	for _, r := range rs {
		key, ft := g.key(r.owner, r), r.owner.Field(r.index).Type
		props.set(key, g.field(ft, r))
		if e := r.enumOf(ft); r.required || (e != nil && ft.Kind() == reflect.String && !containsEmpty(e)) {
			required = append(required, key)
		}
	}
	return props, required
}

// policyPresets are the names "policy" and its "Base" take ("" is "current").
var policyPresets = append([]string{""}, model.PresetNames()...)

// policySchema is "policy": a preset's name, or an object of a base and the fields it
// replaces.
func policySchema(g *schemaWriter) jsonObject {
	name := "PolicyOverride"
	if !g.done[reflect.TypeFor[model.Policy]()] {
		g.done[reflect.TypeFor[model.Policy]()] = true
		base := obj("Base", obj("type", "string", "enum", policyPresets, "default", model.PresetCurrent,
			"description", "the preset the fields given replace fields of"))
		o := g.object(reflect.TypeFor[model.Policy](), &base)
		// A field left out keeps the base's value: none is required.
		delete(o.vals, "required")
		o.keys = without(o.keys, "required")
		g.defs.set(name, o)
	}
	return obj("anyOf", []any{
		obj("type", "string", "enum", policyPresets),
		obj("$ref", "#/$defs/"+name),
	})
}

// without returns keys without k.
func without(keys []string, k string) []string {
	var out []string
	for _, x := range keys {
		if x != k {
			out = append(out, x)
		}
	}
	return out
}
