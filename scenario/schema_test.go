package scenario

import (
	"flag"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/fleet/plan"
	"github.com/respec-dev/respec/model"
)

var updateSchema = flag.Bool("update-schema", false, "rewrite "+schemaFile)

// schemaFile is the scenario schema for readers, written from the rows.
const schemaFile = "SCHEMA.md"

// documentFields returns every field a scenario document can hold, by struct.
func documentFields() map[reflect.Type][]int {
	out := map[reflect.Type][]int{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			walk(t.Elem())
			return
		}
		if t.Kind() != reflect.Struct || t == reflect.TypeFor[decimal.Decimal]() || t == reflect.TypeFor[time.Time]() {
			return
		}
		if _, done := out[t]; done {
			return
		}
		out[t] = []int{}
		for _, f := range newStructInfo(t).fields {
			out[t] = append(out[t], f.index)
			walk(t.Field(f.index).Type)
		}
	}
	for _, root := range documentRoots() {
		walk(root)
	}
	return out
}

// documentRoots are the documents the rows describe: a scenario, a world file, a plan
// document and a plan line.
func documentRoots() []reflect.Type {
	return []reflect.Type{reflect.TypeFor[Scenario](), reflect.TypeFor[World](), reflect.TypeFor[plan.Plan]()}
}

// TestSchemaRows: every field a document can hold has exactly one row, and each row's
// columns fit its field's type.
func TestSchemaRows(t *testing.T) {
	fields := documentFields()
	seen := map[reflect.Type]map[int]bool{}
	for _, r := range schemaRows() {
		f := r.owner.Field(r.index)
		name := r.owner.Name() + "." + f.Name
		if seen[r.owner][r.index] {
			t.Errorf("%s has two rows", name)
		}
		if seen[r.owner] == nil {
			seen[r.owner] = map[int]bool{}
		}
		seen[r.owner][r.index] = true
		if _, ok := fields[r.owner]; !ok {
			t.Errorf("%s: no document holds %s", name, r.owner.Name())
		}
		if r.doc == "" {
			t.Errorf("%s: no doc line", name)
		}
		ft := f.Type
		for ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if r.cap != 0 && ft.Kind() != reflect.Slice && ft.Kind() != reflect.Map {
			t.Errorf("%s: a cap on a %s", name, ft)
		}
		if (r.lo != 0 || r.hi != 0) && (ft.Kind() < reflect.Int || ft.Kind() > reflect.Int64 || r.lo > r.hi) {
			t.Errorf("%s: range %d..%d on a %s", name, r.lo, r.hi, ft)
		}
		if r.enum != nil && (ft.Kind() != reflect.String || typeEnums[ft] != nil) {
			t.Errorf("%s: values on a %s", name, ft)
		}
		if r.unit && ft != reflect.TypeFor[decimal.Decimal]() {
			t.Errorf("%s: at most one on a %s", name, ft)
		}
	}
	for st, idx := range fields {
		for _, i := range idx {
			if !seen[st][i] {
				t.Errorf("%s.%s has no row in schemaRows (add one: see scenario_schema.go)", st.Name(), st.Field(i).Name)
			}
		}
	}
}

// TestScenarioNodes: every value a document holds has a reader, and no struct has more fields
// than the reader's seen-mask holds.
func TestScenarioNodes(t *testing.T) {
	for st, idx := range documentFields() {
		if len(idx) > 64 {
			t.Errorf("%s has %d fields, more than 64", st.Name(), len(idx))
		}
	}
	seen := map[*node]bool{}
	var walk func(n *node, at string)
	walk = func(n *node, at string) {
		if seen[n] {
			return
		}
		seen[n] = true
		if n.kind == nodeUnsupported {
			t.Errorf("%s: no reader for %s", at, n.typ)
		}
		if n.elem != nil {
			walk(n.elem, at+"[]")
		}
		for _, f := range n.fields {
			walk(f.node, at+"."+f.name)
		}
	}
	for _, ds := range []*docSchema{scenarioDoc(), worldDoc()} {
		for _, f := range ds.fields {
			walk(f.node, f.key)
		}
	}
	for _, n := range planNodes() {
		walk(n, "plan")
	}
}

// TestSchemaDoc: SCHEMA.md is the rows, written out.
func TestSchemaDoc(t *testing.T) {
	got := schemaDoc()
	if *updateSchema {
		if err := os.WriteFile(schemaFile, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s is not current (rerun with -update-schema) (-file +rows):\n%s", schemaFile, d)
	}
}

// schemaDoc writes the rows as markdown, one table per struct.
func schemaDoc() string {
	var b strings.Builder
	b.WriteString("# The scenario schema\n\n")
	b.WriteString("Generated from `schemaRows` in `scenario_schema.go` by `go test -run TestSchemaDoc -update-schema`;\n")
	b.WriteString("do not edit. The rules that hold for every value (times, amounts, null, unknown and repeated\n")
	b.WriteString("keys, errors) are in the doc comment of `Scenario`.\n")
	b.WriteString("\nThe same reader reads a world file (from `## World` on: `DecodeWorld`, doc comment of `World`) and\n")
	b.WriteString("a plan file (from `## Plan` on: a plan document, or JSON Lines of `Request`: `DecodePlan`, doc\n")
	b.WriteString("comment of `PlanFile`), with the same rules.\n")
	var owner reflect.Type
	for _, r := range schemaRows() {
		if r.owner != owner {
			owner = r.owner
			b.WriteString("\n## " + owner.Name() + "\n\n")
			b.WriteString("| Key | Type | Required / default | Limits | Meaning |\n|---|---|---|---|---|\n")
		}
		f := owner.Field(r.index)
		key := r.key
		if key == "" {
			key, _, _ = strings.Cut(f.Tag.Get("json"), ",")
			if key == "" {
				key = f.Name
			}
		}
		if key == "-" {
			key = "—"
		} else {
			key = "`" + key + "`"
		}
		b.WriteString("| " + key + " | " + jsonType(f.Type) + " | " + requirement(r, f.Type) + " | " + limits(r, f.Type) + " | " + r.doc + " |\n")
	}
	return b.String()
}

func jsonType(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[decimal.Decimal]():
		return "amount"
	case reflect.TypeFor[time.Time]():
		return "time"
	case reflect.TypeFor[model.Duration]():
		return "duration"
	case reflect.TypeFor[model.Policy]():
		return "preset name, or object (Policy)"
	}
	switch t.Kind() {
	case reflect.Pointer:
		return jsonType(t.Elem())
	case reflect.Struct:
		return "object (" + t.Name() + ")"
	case reflect.Slice:
		return "list of " + jsonType(t.Elem())
	case reflect.Map:
		return "object of " + jsonType(t.Elem())
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Float64:
		return "number"
	}
	return "integer"
}

func requirement(r fieldRow, t reflect.Type) string {
	switch {
	case r.required:
		return "required"
	case r.def != "":
		return "default `" + r.def + "`"
	}
	if e := r.enumOf(t); e != nil && !containsEmpty(e) {
		return "required"
	}
	return ""
}

func limits(r fieldRow, t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	var parts []string
	switch {
	case t == reflect.TypeFor[decimal.Decimal]():
		if r.unit {
			parts = append(parts, "0 to 1")
		}
	case t.Kind() == reflect.Slice || t.Kind() == reflect.Map:
		parts = append(parts, "at most "+strconv.Itoa(r.listCap())+" entries")
		if e := typeEnums[t.Elem()]; e != nil {
			parts = append(parts, "each one of "+quoted(e))
		}
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64 && t != reflect.TypeFor[model.Duration]():
		lo, hi := r.intRange(t.Kind())
		parts = append(parts, strconv.FormatInt(lo, 10)+" to "+strconv.FormatInt(hi, 10))
	case t.Kind() == reflect.Float64:
		parts = append(parts, "0 to 1000000")
	case t.Kind() == reflect.String:
		if e := r.enumOf(t); e != nil {
			parts = append(parts, "one of "+quoted(e))
		}
	}
	return strings.Join(parts, "; ")
}

func quoted(e []string) string {
	var q []string
	for _, v := range e {
		if v != "" {
			q = append(q, "`"+v+"`")
		}
	}
	return strings.Join(q, ", ")
}

// TestScenarioKeysRows: the top-level keys the reader knows are the keys of the top-level
// rows (Scenario's and Facts').
func TestScenarioKeysRows(t *testing.T) {
	var fromRows []string
	for _, r := range schemaRows() {
		if r.owner != reflect.TypeFor[Scenario]() && r.owner != reflect.TypeFor[model.Facts]() {
			continue
		}
		key := r.key
		if key == "" {
			key, _, _ = strings.Cut(r.owner.Field(r.index).Tag.Get("json"), ",")
		}
		if key != "-" {
			fromRows = append(fromRows, key)
		}
	}
	keys := scenarioKeys()
	slices.Sort(fromRows)
	slices.Sort(keys)
	if d := cmp.Diff(keys, fromRows); d != "" {
		t.Errorf("scenarioKeys and the top-level rows differ (-keys +rows):\n%s", d)
	}
	for i, k := range scenarioKeys() {
		if got := scenarioDoc().index(k); got != i {
			t.Errorf("index(%q) = %d, want %d", k, got, i)
		}
	}
}
