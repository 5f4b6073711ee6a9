// Package schemacheck holds respec's JSON Schemas (schema/scenario.schema.json,
// world.schema.json and plan.schema.json, written from the rows of scenario/schema.go) to an
// independent validator, github.com/santhosh-tekuri/jsonschema/v6 (draft 2020-12, formats
// asserted): every example scenario, world file and plan is valid, and documents the readers
// refuse for reasons a schema states (wrong types, values outside an enumeration, caps,
// ranges, unknown keys, required keys) are refused by the schemas too.
//
// It lives in its own module so that the root module keeps its three dependencies. It has no
// API: the checks are its tests, which make no network calls.
package schemacheck
