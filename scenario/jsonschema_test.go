package scenario

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/respec-dev/respec/fleet/plan"
)

// jsonSchemaFiles are the formats' JSON Schemas, checked in at the repository's root.
var jsonSchemaFiles = []struct {
	file   string
	schema func() []byte
}{
	{"../schema/scenario.schema.json", JSONSchema},
	{"../schema/world.schema.json", WorldJSONSchema},
	{"../schema/plan.schema.json", PlanJSONSchema},
}

// TestJSONSchemaFile: each file under schema/ is its format's schema (go test ./scenario
// -update-schema rewrites them, with SCHEMA.md).
func TestJSONSchemaFile(t *testing.T) {
	for _, f := range jsonSchemaFiles {
		got := f.schema()
		if *updateSchema {
			if err := os.WriteFile(f.file, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(f.file)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(string(want), string(got)); d != "" {
			t.Errorf("%s is not current (rerun with -update-schema) (-file +rows):\n%s", f.file, d)
		}
	}
}

// schemaShape is the part of a written schema the tests below read.
type schemaShape struct {
	Properties map[string]map[string]any `json:"properties"`
	Required   []string                  `json:"required"`
	Additional bool                      `json:"additionalProperties"`
	Defs       map[string]map[string]any `json:"$defs"`
}

func shapeOf(t *testing.T, schema []byte) schemaShape {
	t.Helper()
	var s schemaShape
	if err := json.Unmarshal(schema, &s); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestJSONSchemaOtherFormats: the world file's schema comes from the same writer and shares
// the scenario's definitions of the structs both hold; the plan's has the request as a
// definition (a JSON Lines plan's line) and no policy.
func TestJSONSchemaOtherFormats(t *testing.T) {
	scen, world, pl := shapeOf(t, JSONSchema()), shapeOf(t, WorldJSONSchema()), shapeOf(t, PlanJSONSchema())
	for _, name := range []string{"Account", "Instance", "Order", "Disk", "Quotas", "Record", "RAMUser", "PolicyOverride", "CatalogData"} {
		if d := cmp.Diff(scen.Defs[name], world.Defs[name]); d != "" || world.Defs[name] == nil {
			t.Errorf("the world's $defs/%s differs from the scenario's (-scenario +world):\n%s", name, d)
		}
	}
	if d := cmp.Diff([]string{"now"}, world.Required); d != "" || world.Additional {
		t.Errorf("world: required (-want +got):\n%s; additionalProperties %v", d, world.Additional)
	}
	if world.Properties["accounts"]["maxItems"] != float64(MaxWorldAccounts) ||
		world.Defs["WorldAccount"]["properties"].(map[string]any)["Instances"].(map[string]any)["maxItems"] != float64(MaxWorldInstances) {
		t.Errorf("world caps: accounts %v, WorldAccount %v", world.Properties["accounts"], world.Defs["WorldAccount"])
	}
	if len(pl.Properties) != 3 || pl.Required != nil || pl.Defs["Request"] == nil || pl.Defs["PolicyOverride"] != nil {
		t.Errorf("plan: properties %v, required %v, $defs %v", pl.Properties, pl.Required, pl.Defs)
	}
	var ops []string
	for _, x := range pl.Defs["Request"]["properties"].(map[string]any)["Operation"].(map[string]any)["enum"].([]any) {
		ops = append(ops, x.(string))
	}
	if d := cmp.Diff(plan.Operations(), ops); d != "" {
		t.Errorf("plan: Operation's enum (-want +got):\n%s", d)
	}
}

// TestJSONSchemaMembersAreRows: a format's top-level members are exactly its root's rows, in
// the table's order, each with its row's description: a row added to the table for World (an
// optional member) is in the world file's schema with nothing else to edit.
func TestJSONSchemaMembersAreRows(t *testing.T) {
	for _, f := range []documentFormat{scenarioFormat(), worldFormat(), planFormat()} {
		var got struct {
			Properties jsonObjectKeys `json:"properties"`
		}
		if err := json.Unmarshal(jsonSchema(f), &got); err != nil {
			t.Fatal(err)
		}
		var want []string
		var descs []string
		for _, r := range topRows(f.root) {
			g := &schemaWriter{}
			want = append(want, g.key(r.owner, r))
			descs = append(descs, r.doc)
		}
		if d := cmp.Diff(want, got.Properties.keys); d != "" {
			t.Errorf("%s: members (-rows +schema):\n%s", f.title, d)
		}
		if d := cmp.Diff(descs, got.Properties.descs); d != "" {
			t.Errorf("%s: descriptions (-rows +schema):\n%s", f.title, d)
		}
	}
}

// jsonObjectKeys reads an object's keys in order, with each member's description.
type jsonObjectKeys struct {
	keys, descs []string
}

func (o *jsonObjectKeys) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if _, err := dec.Token(); err != nil {
		return err
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return err
		}
		var v struct {
			Description string `json:"description"`
		}
		if err := dec.Decode(&v); err != nil {
			return err
		}
		o.keys = append(o.keys, k.(string))
		o.descs = append(o.descs, v.Description)
	}
	return nil
}

// TestJSONSchemaColumns: the schema states the rows' columns: required keys, defaults, caps,
// ranges, enumerations, decimals, times and descriptions.
func TestJSONSchemaColumns(t *testing.T) {
	var s map[string]any
	if err := json.Unmarshal(JSONSchema(), &s); err != nil {
		t.Fatal(err)
	}
	at := func(path ...string) any {
		var v any = s
		for _, p := range path {
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("%v: not an object at %s", path, p)
			}
			v = m[p]
		}
		return v
	}
	checks := []struct {
		path []string
		want any
	}{
		{[]string{"$schema"}, "https://json-schema.org/draft/2020-12/schema"},
		{[]string{"required"}, []any{"now", "request"}},
		{[]string{"additionalProperties"}, false},
		{[]string{"properties", "now", "format"}, "date-time"},
		{[]string{"properties", "policy", "default"}, "current"},
		{[]string{"properties", "request", "maxProperties"}, 4096.0},
		{[]string{"$defs", "Instance", "required"}, []any{"Status"}},
		{[]string{"$defs", "Instance", "additionalProperties"}, false},
		{[]string{"$defs", "Instance", "properties", "Status", "enum"}, []any{"Pending", "Starting", "Running", "Stopping", "Stopped"}},
		{[]string{"$defs", "Instance", "properties", "ExpiredTime", "description"}, "when its subscription expires"},
		{[]string{"$defs", "Instance", "properties", "DataDisks", "maxItems"}, 64.0},
		{[]string{"$defs", "Instance", "properties", "LocalDisks", "maximum"}, 1e6},
		{[]string{"$defs", "Order", "properties", "Discount", "maximum"}, 1.0},
		{[]string{"$defs", "Order", "properties", "CashPaid", "pattern"}, decimalPattern},
		{[]string{"$defs", "Order", "required"}, []any{"Kind"}},
		{[]string{"$defs", "PolicyOverride", "properties", "BillingUTCOffsetMinutes", "minimum"}, -1440.0},
		{[]string{"$defs", "PolicyOverride", "properties", "TokenTTL", "pattern"}, durationPattern},
		{[]string{"$defs", "InstanceType", "properties", "Stock", "maxProperties"}, 1024.0},
	}
	for _, c := range checks {
		if d := cmp.Diff(c.want, at(c.path...)); d != "" {
			t.Errorf("%v (-want +got):\n%s", c.path, d)
		}
	}
}
