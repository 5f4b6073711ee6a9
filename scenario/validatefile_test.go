package scenario

import (
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

const testWorld = `{"now": "2026-09-14T02:30:00Z", "accounts": [{"Account": {"AccountId": "1234", "Balance": "100"},
 "Instances": [{"InstanceId": "i-1", "Status": "Running", "InstanceType": "ecs.g6.xlarge"}]}]}`

// TestKindOf: the first key that only one format has decides; the files of examples/fleet500
// are a world and a plan.
func TestKindOf(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want Kind
	}{
		{testWorld, KindWorld},
		{`{"description": "x", "now": "2026-09-14T02:30:00Z", "limits": {}}`, KindWorld},
		{`{"now": "2026-09-14T02:30:00Z", "request": {}}`, KindScenario},
		{`{"Rules": []}`, KindPlan},
		{`{}`, KindPlan},
		{`{"At": "2026-09-14T02:30:00Z", "Operation": "StopInstance", "InstanceId": "i-1"}` + "\n{\"At\": 1}", KindPlan},
		{`{"now": "2026-09-14T02:30:00Z"}`, KindScenario},
		{`[1, 2]`, KindScenario},
		{`{"now": `, KindScenario},
	} {
		if got := KindOf([]byte(tc.doc)); got != tc.want {
			t.Errorf("%.60s: %v, want %v", tc.doc, got, tc.want)
		}
	}
	for file, want := range map[string]Kind{"../examples/fleet500/world.json": KindWorld, "../examples/fleet500/plan.json": KindPlan, "../examples/upgrade-running.json": KindScenario} {
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if got := KindOf(b); got != want {
			t.Errorf("%s: %v, want %v", file, got, want)
		}
	}
}

// problems returns "path: reason" per issue.
func problems(is *Issues) []string {
	var out []string
	for _, e := range is.Errors() {
		out = append(out, e.Path+": "+e.Reason)
	}
	return out
}

// TestValidateWorld: every problem at once, with the reader's paths and reasons; DecodeWorld's
// error is among them; a valid world has none.
func TestValidateWorld(t *testing.T) {
	if is := ValidateWorld([]byte(testWorld)); is.Err() != nil {
		t.Fatalf("valid world: %v", is.Err())
	}
	bad := strings.NewReplacer(`"Running"`, `"Runing"`, `"Balance": "100"`, `"Balance": "-1", "Balanse": "1"`,
		`"now": "2026-09-14T02:30:00Z", `, `"policy": "2017", "limits": {"MaxRenewMonths": 1201}, "acounts": 1, `).Replace(testWorld)
	want := []string{
		`policy: unknown preset "2017" (the presets are current, 2020, 2019, 2018-09, 2018)`,
		"limits.MaxRenewMonths: must be an integer from 0 to 1200",
		"acounts: unknown field (the fields are description, now, policy, limits, catalog, accounts)",
		"accounts[0].Account.Balance: decimal must not be negative",
		`accounts[0].Account.Balanse: unknown field (did you mean "Balance"?)`,
		"accounts[0].Instances[0].Status: must be one of Pending, Starting, Running, Stopping, Stopped",
		"now: required",
	}
	is := ValidateWorld([]byte(bad))
	if d := cmp.Diff(want, problems(is)); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
	_, err := DecodeWorld([]byte(bad))
	var first *Error
	if !errors.As(err, &first) || !strings.Contains(is.String(), first.Path+": "+first.Reason) {
		t.Errorf("DecodeWorld's error %v is not among the problems", err)
	}
	for _, doc := range []string{`[]`, `{"now": `, `{"now": "2026-09-14T02:30:00Z"} x`} {
		is := ValidateWorld([]byte(doc))
		_, err := DecodeWorld([]byte(doc))
		if len(is.Errors()) != 1 || err == nil || is.Errors()[0].Error() != err.Error() {
			t.Errorf("%s: %v, DecodeWorld %v", doc, is.Err(), err)
		}
	}
}

// TestValidatePlan: a plan document's problems with their paths (line 0); a JSON Lines
// plan's with their lines, each line checked; a valid plan has none.
func TestValidatePlan(t *testing.T) {
	okLine := `{"At": "2026-09-14T02:30:00Z", "Operation": "StopInstance", "InstanceId": "i-1"}`
	for _, doc := range []string{okLine + "\n\n" + okLine + "\n", `{"Rules": [{"Targets": ["ecs.g6.large"], "Start": "2026-09-14T02:30:00Z"}], "Options": {}}`} {
		if got := ValidatePlan([]byte(doc)); got != nil {
			t.Errorf("valid plan %.40s: %v", doc, got)
		}
	}
	render := func(ls []*LineError) []string {
		var out []string
		for _, l := range ls {
			out = append(out, l.Error())
		}
		return out
	}
	doc := `{"Rules": [{"Targets": ["ecs.g6.large"], "Start": "soon", "Colour": 1}], "Options": {"RetryThrottling": {"Retries": -1}}, "Requests": [{"Operation": "Fly"}]}`
	want := []string{
		`scenario: line 0: Rules[0].Start: must be an RFC 3339 time such as "2026-01-02T15:04:05Z"`,
		"scenario: line 0: Rules[0].Colour: unknown field",
		"scenario: line 0: Options.RetryThrottling.Retries: must be an integer from 0 to 100",
		"scenario: line 0: Requests[0].Operation: must be one of ModifyPrepayInstanceSpec, StartInstance, StopInstance, RebootInstance, RenewInstance, PayOrder, CancelOrder",
	}
	if d := cmp.Diff(want, render(ValidatePlan([]byte(doc)))); d != "" {
		t.Errorf("plan document (-want +got):\n%s", d)
	}
	lines := okLine + "\n" + strings.Replace(okLine, "StopInstance", "Fly", 1) + "\n\n[1]\n" + `{"At": 5, "Months": 1}` + "\n{\"At\": "
	want = []string{
		"scenario: line 2: Operation: must be one of ModifyPrepayInstanceSpec, StartInstance, StopInstance, RebootInstance, RenewInstance, PayOrder, CancelOrder",
		"scenario: line 4: a plan line must be a JSON object (one request)",
		`scenario: line 5: At: must be an RFC 3339 time string such as "2026-01-02T15:04:05Z"`,
		"scenario: line 5: Operation: must be one of ModifyPrepayInstanceSpec, StartInstance, StopInstance, RebootInstance, RenewInstance, PayOrder, CancelOrder",
		"scenario: line 6: At: unexpected end of input",
	}
	if d := cmp.Diff(want, render(ValidatePlan([]byte(lines)))); d != "" {
		t.Errorf("JSON Lines (-want +got):\n%s", d)
	}
}

// TestPropertyValidateWorldAndPlanMatchDecode: on world files and plans one to three changes
// from the examples', ValidateWorld and ValidatePlan find no problem exactly when DecodeWorld
// and DecodePlan accept, and the decoder's error is among their problems.
func TestPropertyValidateWorldAndPlanMatchDecode(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	worlds := [][]byte{[]byte(testWorld), read("../examples/fleet500/world.json")}
	plans := [][]byte{read("../examples/fleet500/plan.json"),
		[]byte(`{"At": "2026-09-14T02:30:00Z", "Operation": "RenewInstance", "InstanceId": "i-1", "Months": 2}` + "\n" +
			`{"At": "2026-09-14T02:31:00Z", "Operation": "ModifyPrepayInstanceSpec", "InstanceId": "i-1", "Targets": ["ecs.g6.large"], "Params": {"AutoPay": "true"}}` + "\n")}
	rapid.Check(t, func(t *rapid.T) {
		isWorld := rapid.Bool().Draw(t, "world")
		seeds := plans
		if isWorld {
			seeds = worlds
		}
		doc := rapid.SampledFrom(seeds).Draw(t, "seed")
		for range rapid.IntRange(1, 3).Draw(t, "changes") {
			doc = mutate(t, doc)
		}
		var err error
		var got []string
		if isWorld {
			_, err = DecodeWorld(doc)
			for _, e := range ValidateWorld(doc).Errors() {
				got = append(got, e.Error())
			}
		} else {
			_, err = DecodePlan(doc)
			for _, e := range ValidatePlan(doc) {
				got = append(got, planProblem(e))
			}
		}
		switch {
		case err == nil && len(got) > 0:
			t.Fatalf("the decoder accepts it, the validator finds %v\n%s", got, clip(doc))
		case err == nil:
		case !slices.Contains(got, decodeProblem(err)):
			t.Fatalf("the decoder refuses it with %v; the validator finds %v\n%s", err, got, clip(doc))
		}
	})
}

// planProblem is a plan problem as DecodePlan words it: a *LineError on a line, an *Error in
// a plan document.
func planProblem(e *LineError) string {
	if e.Line == 0 {
		return e.Err.Error()
	}
	return e.Error()
}

// decodeProblem is the decoder's error as planProblem and Error word it.
func decodeProblem(err error) string { return err.Error() }
