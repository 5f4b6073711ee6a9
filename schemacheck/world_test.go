package schemacheck

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/respec-dev/respec/scenario"
)

// The world file's and the plan's checked-in schemas.
const (
	worldSchemaFile = "../schema/world.schema.json"
	planSchemaFile  = "../schema/plan.schema.json"
)

// compileFile compiles the checked-in schema file at ref ("" for its root, or a fragment
// such as "#/$defs/Request"), formats asserted.
func compileFile(t *testing.T, file, ref string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(mustRead(t, os.ReadFile, file)))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	name := filepath.Base(file)
	if err := c.AddResource(name, doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile(name + ref)
	if err != nil {
		t.Fatalf("%s%s does not compile: %v", file, ref, err)
	}
	return sch
}

// repoDocuments returns every world file and plan in the repository, by kind: each *.json and
// *.jsonl file outside schema/ and .git that scenario.KindOf takes for a world or a plan and
// that its reader accepts, and every such file under examples/ whatever the reader says (an
// example the reader refuses fails the test below). Outside examples/, a file the reader
// refuses is not a world or a plan (a golden of batch output, a fuzz input).
func repoDocuments(t *testing.T) map[scenario.Kind]map[string][]byte {
	t.Helper()
	out := map[scenario.Kind]map[string][]byte{scenario.KindWorld: {}, scenario.KindPlan: {}}
	err := filepath.WalkDir("..", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == ".git" || p == filepath.Join("..", "schema")):
			return filepath.SkipDir
		case d.IsDir() || (filepath.Ext(p) != ".json" && filepath.Ext(p) != ".jsonl"):
			return nil
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		k := scenario.KindOf(raw)
		if k != scenario.KindScenario && (strings.HasPrefix(p, filepath.Join("..", "examples")+string(filepath.Separator)) || accepted(k, raw)) {
			out[k][p] = raw
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// accepted reports whether the reader of the world or plan format k accepts raw.
func accepted(k scenario.Kind, raw []byte) bool {
	if k == scenario.KindWorld {
		_, err := scenario.DecodeWorld(raw)
		return err == nil
	}
	_, err := scenario.DecodePlan(raw)
	return err == nil
}

// planDocuments splits a plan file into what the schema validates: a plan document whole,
// or each request line of JSON Lines (against $defs/Request).
func planDocuments(t *testing.T, raw []byte) (doc []byte, lines [][]byte) {
	t.Helper()
	pf, err := scenario.DecodePlan(raw)
	if err != nil {
		t.Fatalf("the reader refuses it: %v", err)
	}
	if pf.Lines == nil {
		return raw, nil
	}
	all := bytes.Split(raw, []byte("\n"))
	for _, n := range pf.Lines {
		lines = append(lines, all[n-1])
	}
	return nil, lines
}

// TestWorldAndPlanExamplesAreValid: every world file and plan in the repository (the reader
// accepts each) is valid against its schema; a JSON Lines plan line by line against
// $defs/Request.
func TestWorldAndPlanExamplesAreValid(t *testing.T) {
	worldSch := compileFile(t, worldSchemaFile, "")
	planSch := compileFile(t, planSchemaFile, "")
	lineSch := compileFile(t, planSchemaFile, "#/$defs/Request")
	docs := repoDocuments(t)
	if len(docs[scenario.KindWorld]) == 0 || len(docs[scenario.KindPlan]) == 0 {
		t.Fatalf("%d worlds and %d plans in the repository", len(docs[scenario.KindWorld]), len(docs[scenario.KindPlan]))
	}
	for name, raw := range docs[scenario.KindWorld] {
		if _, err := scenario.DecodeWorld(raw); err != nil {
			t.Errorf("%s: the reader refuses it: %v", name, err)
		}
		if err := validate(worldSch, raw); err != nil {
			t.Errorf("%s: not valid against the world schema: %v", name, err)
		}
	}
	for name, raw := range docs[scenario.KindPlan] {
		doc, lines := planDocuments(t, raw)
		if doc != nil {
			if err := validate(planSch, doc); err != nil {
				t.Errorf("%s: not valid against the plan schema: %v", name, err)
			}
		}
		for i, line := range lines {
			if err := validate(lineSch, line); err != nil {
				t.Errorf("%s: request %d: not valid against $defs/Request: %v", name, i+1, err)
			}
		}
	}
	for k, m := range docs {
		for name := range m {
			t.Logf("%s: %s", k, name)
		}
	}
}

// TestRequestLines: lines of a JSON Lines plan that the reader accepts are valid requests.
func TestRequestLines(t *testing.T) {
	sch := compileFile(t, planSchemaFile, "#/$defs/Request")
	lines := []string{
		`{"At": "2026-09-14T02:30:00Z", "Operation": "ModifyPrepayInstanceSpec", "InstanceId": "i-1", "Targets": ["ecs.g6.2xlarge"], "Params": {"AutoPay": "false"}}`,
		`{"At": "2026-09-14T02:31:00Z", "Operation": "RenewInstance", "InstanceId": "i-1", "Months": 12, "AccountId": "1234", "RamUser": "ops"}`,
		`{"At": "2026-09-14T02:32:00Z", "Operation": "PayOrder", "InstanceId": "i-1", "OrderId": "o-1"}`,
	}
	if _, err := scenario.DecodePlan([]byte(strings.Join(lines, "\n"))); err != nil {
		t.Fatalf("the reader refuses the plan: %v", err)
	}
	for _, line := range lines {
		if err := validate(sch, []byte(line)); err != nil {
			t.Errorf("%s: %v", line, err)
		}
	}
}

// TestWorldAndPlanRefusals: documents the readers refuse for a reason a schema states are
// refused by the schema at the same place (the reader's path as a JSON pointer; an unknown key
// at its object).
func TestWorldAndPlanRefusals(t *testing.T) {
	world := compileFile(t, worldSchemaFile, "")
	planDoc := compileFile(t, planSchemaFile, "")
	line := compileFile(t, planSchemaFile, "#/$defs/Request")
	inst := `{"InstanceId":"i-1","Status":"Running"}`
	acct := func(inner string) string {
		return `{"now":"2026-09-14T02:30:00Z","accounts":[{"Account":{"AccountId":"1"},"Instances":[` + inner + `]}]}`
	}
	rule := `{"Targets":["ecs.g6.large"],"Start":"2026-09-14T02:30:00Z"`
	tests := []struct {
		name, kind, doc, readerPath, at string
	}{
		{"world: now left out", "world", `{"accounts":[]}`, "now", "/"},
		{"world: unknown top-level key", "world", `{"now":"2026-09-14T02:30:00Z","acounts":[]}`, "acounts", "/"},
		{"world: unknown preset", "world", `{"now":"2026-09-14T02:30:00Z","policy":"2017"}`, "policy", "/policy"},
		{"world: renewal over its range", "world", `{"now":"2026-09-14T02:30:00Z","limits":{"MaxRenewMonths":1201}}`, "limits.MaxRenewMonths", "/limits/MaxRenewMonths"},
		{"world: status not in the enumeration", "world", acct(`{"InstanceId":"i-1","Status":"Runing"}`), "accounts[0].Instances[0].Status", "/accounts/0/Instances/0/Status"},
		{"world: negative balance", "world", `{"now":"2026-09-14T02:30:00Z","accounts":[{"Account":{"AccountId":"1","Balance":"-1"}}]}`, "accounts[0].Account.Balance", "/accounts/0/Account/Balance"},
		{"world: unknown account member", "world", `{"now":"2026-09-14T02:30:00Z","accounts":[{"Account":{"AccountId":"1"},"Instancs":[]}]}`, "accounts[0].Instancs", "/accounts/0"},
		{"world: a count as a string", "world", `{"now":"2026-09-14T02:30:00Z","accounts":[{"Account":{"AccountId":"1"},"Requests":[{"RegionId":"r","Count":"3"}]}]}`, "accounts[0].Requests[0].Count", "/accounts/0/Requests/0/Count"},
		{"world: instances as an object", "world", `{"now":"2026-09-14T02:30:00Z","accounts":[{"Account":{"AccountId":"1"},"Instances":{}}]}`, "accounts[0].Instances", "/accounts/0/Instances"},
		{"world: a token's time not RFC 3339", "world", `{"now":"2026-09-14T02:30:00Z","accounts":[{"Account":{"AccountId":"1"},"Tokens":{"t":{"At":"yesterday"}}}]}`, `accounts[0].Tokens["t"].At`, "/accounts/0/Tokens/t/At"},
		{"world: an instance's unknown key", "world", acct(strings.Replace(inst, `"Status"`, `"ExpireTime":"2027-01-01T00:00:00Z","Status"`, 1)), "accounts[0].Instances[0].ExpireTime", "/accounts/0/Instances/0"},
		{"plan: unknown key", "plan", `{"Rules":[],"Option":{}}`, "Option", "/"},
		{"plan: rule's unknown key", "plan", `{"Rules":[` + rule + `,"Colour":1}]}`, "Rules[0].Colour", "/Rules/0"},
		{"plan: interval not a duration", "plan", `{"Rules":[` + rule + `,"Interval":"1 second"}]}`, "Rules[0].Interval", "/Rules/0/Interval"},
		{"plan: retries over their range", "plan", `{"Options":{"RetryThrottling":{"Retries":101}}}`, "Options.RetryThrottling.Retries", "/Options/RetryThrottling/Retries"},
		{"plan: a bool as a string", "plan", `{"Options":{"StopStart":"yes"}}`, "Options.StopStart", "/Options/StopStart"},
		{"plan: a status not in the enumeration", "plan", `{"Rules":[` + rule + `,"Filter":{"Statuses":["Runing"]}}]}`, "Rules[0].Filter.Statuses[0]", "/Rules/0/Filter/Statuses/0"},
		{"line: operation not in the enumeration", "line", `{"At":"2026-09-14T02:30:00Z","Operation":"Fly","InstanceId":"i-1"}`, "Operation", "/Operation"},
		{"line: operation left out", "line", `{"At":"2026-09-14T02:30:00Z","InstanceId":"i-1"}`, "Operation", "/"},
		{"line: months over their range", "line", `{"At":"2026-09-14T02:30:00Z","Operation":"RenewInstance","InstanceId":"i-1","Months":1201}`, "Months", "/Months"},
		{"line: a parameter not a string", "line", `{"At":"2026-09-14T02:30:00Z","Operation":"StopInstance","InstanceId":"i-1","Params":{"AutoPay":true}}`, `Params["AutoPay"]`, "/Params/AutoPay"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sch, err := world, planErr(tc.doc)
			switch tc.kind {
			case "world":
				_, err = scenario.DecodeWorld([]byte(tc.doc))
			case "plan":
				sch = planDoc
			case "line":
				sch = line
			}
			refusedAlike(t, err, tc.readerPath, sch, tc.doc, tc.at)
		})
	}
}

// planErr returns the plan reader's error on doc (one line's problem as its *scenario.Error).
func planErr(doc string) error {
	_, err := scenario.DecodePlan([]byte(doc))
	return err
}
