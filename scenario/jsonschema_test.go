package scenario

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
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
