// Package scenario is respec's document format: one question put to respec (the moment, the
// request exactly as it arrives, and the facts) as a JSON document. It is the first phase of
// three, each in its own package, in the manner of cel-go:
//
//	Decode   bytes → Scenario            (this package: the schema, the reader, the writer)
//	Prepare  Scenario → Prepared         (this package: the request parsed, the facts built)
//	Decide   Prepared → Plan or error    (package rules)
//
// The schema is stated once, in the rows of schema.go, tied to the fields of the model's
// structs: the reader takes its caps, ranges and enumerations from them, and SCHEMA.md is
// written from them, and so are the JSON Schemas of the scenario, the world file and the plan
// (JSONSchema, WorldJSONSchema, PlanJSONSchema, checked in as schema/scenario.schema.json,
// world.schema.json and plan.schema.json). Validate (ValidateWorld, ValidatePlan) walks a
// document along the same schema and reports every problem at once, where Decode (DecodeWorld,
// DecodePlan) stops at the first; KindOf tells the three formats apart.
//
// The reader's files, from the bytes up: lex.go (whitespace, strings, numbers, the members of
// an object, the failure and its path), amount.go (times, amounts, integers), nodes.go (how
// to read a value of each field, built from the rows), decode.go (documents, values, lists,
// maps, the policy). encode.go writes a scenario; world.go and plan.go read world files and
// plans with the same reader.
package scenario
