package scenario

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/respec-dev/respec/model"
)

// jsonSchemaFile is the scenario's JSON Schema, checked in at the repository's root.
const jsonSchemaFile = "../schema/scenario.schema.json"

// TestJSONSchemaFile: schema/scenario.schema.json is JSONSchema() (go test ./scenario
// -update-schema rewrites it, with SCHEMA.md).
func TestJSONSchemaFile(t *testing.T) {
	got := JSONSchema()
	if *updateSchema {
		if err := os.WriteFile(jsonSchemaFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(jsonSchemaFile)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("%s is not current (rerun with -update-schema) (-file +rows):\n%s", jsonSchemaFile, d)
	}
}

// TestJSONSchemaOtherFormat: a format with other top-level members (as the world file will
// have) gets its schema from the same writer, sharing the structs' definitions: here one of
// an account and an instance.
func TestJSONSchemaOtherFormat(t *testing.T) {
	f := documentFormat{id: "urn:test", title: "test", doc: "a test format",
		top: []topMember{member[model.Facts]("Account"), member[model.Facts]("Instance")}}
	var got struct {
		Properties map[string]struct {
			AnyOf []map[string]string `json:"anyOf"`
		} `json:"properties"`
		Required   []string                  `json:"required"`
		Additional bool                      `json:"additionalProperties"`
		Defs       map[string]map[string]any `json:"$defs"`
	}
	if err := json.Unmarshal(jsonSchema(f), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Properties) != 2 || got.Properties["account"].AnyOf[0]["$ref"] != "#/$defs/Account" ||
		got.Properties["instance"].AnyOf[0]["$ref"] != "#/$defs/Instance" || got.Additional {
		t.Errorf("properties %v, additionalProperties %v", got.Properties, got.Additional)
	}
	var scen struct {
		Defs map[string]map[string]any `json:"$defs"`
	}
	if err := json.Unmarshal(JSONSchema(), &scen); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Account", "Instance", "Order", "Disk", "Quotas"} {
		if d := cmp.Diff(scen.Defs[name], got.Defs[name]); d != "" || got.Defs[name] == nil {
			t.Errorf("$defs/%s differs from the scenario's (-scenario +test):\n%s", name, d)
		}
	}
	if _, ok := got.Defs["PolicyOverride"]; ok {
		t.Error("a format without a policy has its definition")
	}
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
