package schemacheck

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/respec-dev/respec/examples"
	"github.com/respec-dev/respec/scenario"
)

// schemaFile is the checked-in schema.
const schemaFile = "../schema/scenario.schema.json"

// compile compiles the checked-in schema with formats asserted (date-time among them).
func compile(t *testing.T) *jsonschema.Schema {
	t.Helper()
	return compileFile(t, schemaFile, "")
}

// validate returns the validator's verdict on doc: nil when valid.
func validate(sch *jsonschema.Schema, doc []byte) error {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return err
	}
	return sch.Validate(v)
}

// TestSchemaIsGenerated: the checked-in schema files (scenario, world file, plan) are what
// the scenario package writes from its rows (the root module's TestJSONSchemaFile says how to
// rewrite them).
func TestSchemaIsGenerated(t *testing.T) {
	for file, want := range map[string][]byte{
		schemaFile: scenario.JSONSchema(), worldSchemaFile: scenario.WorldJSONSchema(), planSchemaFile: scenario.PlanJSONSchema(),
	} {
		if !bytes.Equal(mustRead(t, os.ReadFile, file), want) {
			t.Errorf("%s is stale: run go test ./scenario -update-schema in the root module", file)
		}
	}
}

// mustRead returns file name as read (from disk, or an embedded example), failing the test
// when it cannot be read.
func mustRead(t testing.TB, read func(string) ([]byte, error), name string) []byte {
	t.Helper()
	b, err := read(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// exampleDocs returns every example scenario: each *.json file, and each line of each
// *.jsonl file.
func exampleDocs(t *testing.T) map[string][]byte {
	t.Helper()
	docs := map[string][]byte{}
	names, err := examples.Names("*.json*")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range names {
		raw := mustRead(t, examples.Read, name)
		if path.Ext(name) == ".json" {
			docs[name] = raw
			continue
		}
		sc := bufio.NewScanner(bytes.NewReader(raw))
		sc.Buffer(nil, 4<<20)
		for n := 1; sc.Scan(); n++ {
			if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
				docs[name+":"+strconv.Itoa(n)] = bytes.Clone(line)
			}
		}
		if err := sc.Err(); err != nil {
			t.Fatal(err)
		}
	}
	if len(docs) < 10 {
		t.Fatalf("only %d example documents", len(docs))
	}
	return docs
}

// TestExamplesAreValid: every example, which the reader accepts, is valid against the schema.
func TestExamplesAreValid(t *testing.T) {
	sch := compile(t)
	for name, doc := range exampleDocs(t) {
		if _, err := scenario.Decode(doc); err != nil {
			t.Errorf("%s: the reader refuses it: %v", name, err)
		}
		if err := validate(sch, doc); err != nil {
			t.Errorf("%s: not valid against the schema: %v", name, err)
		}
	}
}

// goldenRecord is one line of the scenario reader's golden answers.
type goldenRecord struct {
	Name   string  `json:"name"`
	Input  *string `json:"input"`
	Path   string  `json:"path"`
	Reason string  `json:"reason"`
}

// schemaReasons are the reasons of the reader's refusals that a JSON Schema states: the
// golden documents refused with one of them must be refused by the schema too. The others
// (a key given twice, which JSON parsers merge; an order's End before its Start; digit and
// place counts; a catalog NewCatalog refuses; syntax) are the reader's alone.
var schemaReasons = []string{
	"unknown field",
	"must be a string",
	"must be true or false",
	"must be an integer from",
	"must be a number from",
	"must be a decimal string",
	"must be an object",
	"must be a list",
	"must be one of",
	"more than ",
	"required",
	"must be a preset name",
	"unknown preset",
	"a scenario must be a JSON object",
	"must be an RFC 3339 time string",
	"decimal must not be negative",
	"a discount factor must not exceed 1",
}

func schemaReason(reason string) bool {
	for _, r := range schemaReasons {
		if strings.HasPrefix(reason, r) {
			return true
		}
	}
	return false
}

// fractionOrExponent finds a JSON number written with a fraction or an exponent.
var fractionOrExponent = regexp.MustCompile(`[:\[,]\s*-?[0-9]+(\.[0-9]+)?[eE.]`)

// TestGoldenRefusalsAreInvalid: every golden document the reader refuses for a schema reason
// (wrong types, enumerations, caps, ranges, unknown and required keys) is invalid against the
// schema; and every golden document the reader accepts is valid.
func TestGoldenRefusalsAreInvalid(t *testing.T) {
	sch := compile(t)
	raw := mustRead(t, os.ReadFile, "../scenario/testdata/decode.golden.jsonl")
	refused, accepted := 0, 0
	sc := bufio.NewScanner(bytes.NewReader(raw))
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var r goldenRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if r.Input == nil {
			continue // a document kept in a file or built by the reader's tests
		}
		doc := []byte(*r.Input)
		switch {
		case r.Reason == "":
			accepted++
			if err := validate(sch, doc); err != nil {
				t.Errorf("%s: the reader accepts it, the schema refuses it: %v\n%.300s", r.Name, err, doc)
			}
		case strings.HasPrefix(r.Reason, "must be an integer") && fractionOrExponent.Match(doc):
			// 0.0 and 1E2 are integers to JSON Schema; the reader wants digits only.
		case schemaReason(r.Reason):
			refused++
			if err := validate(sch, doc); err == nil {
				t.Errorf("%s: the reader refuses it (%s: %s), the schema accepts it\n%.300s", r.Name, r.Path, r.Reason, doc)
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d refused and %d accepted golden documents checked", refused, accepted)
	if refused < 50 || accepted < 20 {
		t.Errorf("only %d refused and %d accepted golden documents", refused, accepted)
	}
}

// leafLocations returns the instance locations (JSON pointers) of the innermost errors.
func leafLocations(err error) []string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var out []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(e.Causes) == 0 {
			out = append(out, "/"+strings.Join(e.InstanceLocation, "/"))
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return out
}

// refusedAlike checks that the reader refused a document with err at readerPath, and that
// sch refuses the document, doc, at the JSON pointer at.
func refusedAlike(t *testing.T, err error, readerPath string, sch *jsonschema.Schema, doc, at string) {
	t.Helper()
	var se *scenario.Error
	if !errors.As(err, &se) || se.Path != readerPath {
		t.Errorf("the reader: %v, want a refusal at %s", err, readerPath)
	}
	verr := validate(sch, []byte(doc))
	if verr == nil {
		t.Fatalf("the schema accepts it")
	}
	if locs := leafLocations(verr); !slices.Contains(locs, at) {
		t.Errorf("the schema refuses it at %v, want %s:\n%v", locs, at, verr)
	}
}

// TestSchemaRefusals: documents the reader refuses for a schema reason are refused by the
// schema at the same place (the reader's path as a JSON pointer; an unknown key at its
// object).
func TestSchemaRefusals(t *testing.T) {
	sch := compile(t)
	head := `{"now":"2026-01-01T00:00:00Z","request":{}`
	order := `{"OrderId":"o","Kind":"Purchase","Start":"2026-01-01T00:00:00Z","End":"2026-02-01T00:00:00Z"`
	tests := []struct {
		name, doc, readerPath, at string
	}{
		{"status not in the enumeration", head + `,"instance":{"Status":"Runing"}}`, "instance.Status", "/instance/Status"},
		{"status left out", head + `,"instance":{"InstanceId":"i"}}`, "instance.Status", "/instance"},
		{"charge type not in the enumeration", head + `,"instance":{"Status":"Running","InstanceChargeType":"Prepaid"}}`, "instance.InstanceChargeType", "/instance/InstanceChargeType"},
		{"65 data disks", head + `,"instance":{"Status":"Running","DataDisks":[` + strings.TrimSuffix(strings.Repeat(`{},`, 65), ",") + `]}}`, "instance.DataDisks", "/instance/DataDisks"},
		{"count over its range", head + `,"instance":{"Status":"Running","LocalDisks":1000001}}`, "instance.LocalDisks", "/instance/LocalDisks"},
		{"offset below its range", head + `,"policy":{"BillingUTCOffsetMinutes":-1441}}`, "policy.BillingUTCOffsetMinutes", "/policy/BillingUTCOffsetMinutes"},
		{"count as a string", head + `,"instance":{"Status":"Running","Refunds":"1"}}`, "instance.Refunds", "/instance/Refunds"},
		{"bool as a string", head + `,"serviceUnavailable":"true"}`, "serviceUnavailable", "/serviceUnavailable"},
		{"negative balance", head + `,"account":{"Balance":"-0.01"}}`, "account.Balance", "/account/Balance"},
		{"balance as a bool", head + `,"account":{"Balance":true}}`, "account.Balance", "/account/Balance"},
		{"discount over 1", head + `,"instance":{"Status":"Running","Orders":[` + order + `,"Discount":"1.01"}]}}`, "instance.Orders[0].Discount", "/instance/Orders/0/Discount"},
		{"time not RFC 3339", head + `,"instance":{"Status":"Running","ExpiredTime":"2026-02-30T00:00:00Z"}}`, "instance.ExpiredTime", "/instance/ExpiredTime"},
		{"time as a number", head + `,"throttle":{"Minute":1700000000}}`, "throttle.Minute", "/throttle/Minute"},
		{"duration not a duration", head + `,"policy":{"TokenTTL":"a day"}}`, "policy.TokenTTL", "/policy/TokenTTL"},
		{"unknown fact key", head + `,"instance":{"Status":"Running","ExpireTime":"2027-01-01T00:00:00Z"}}`, "instance.ExpireTime", "/instance"},
		{"unknown account key", head + `,"account":{"Balanse":"1"}}`, "account.Balanse", "/account"},
		{"unknown top-level key", head + `,"instances":{}}`, "instances", "/"},
		{"unknown policy key", head + `,"policy":{"Base":"2020","MinGap":"1m"}}`, "policy.MinGap", "/policy"},
		{"unknown preset", head + `,"policy":"2017"}`, "policy", "/policy"},
		{"request value not a string", `{"now":"2026-01-01T00:00:00Z","request":{"AutoPay":true}}`, `request["AutoPay"]`, "/request/AutoPay"},
		{"request null", `{"now":"2026-01-01T00:00:00Z","request":null}`, "request", "/request"},
		{"now left out", `{"request":{}}`, "now", "/"},
		{"stock status", head + `,"catalog":{"Currency":"CNY","InstanceTypes":[{"InstanceTypeId":"ecs.g6.large","Stock":{"z":"Plenty"}}]}}`, `catalog.InstanceTypes[0].Stock["z"]`, "/catalog/InstanceTypes/0/Stock/z"},
		{"a list for an object", head + `,"instance":[]}`, "instance", "/instance"},
		{"an object for a list", head + `,"instance":{"Status":"Running","Orders":{}}}`, "instance.Orders", "/instance/Orders"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := scenario.Decode([]byte(tc.doc))
			refusedAlike(t, err, tc.readerPath, sch, tc.doc, tc.at)
		})
	}
}
