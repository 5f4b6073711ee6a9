package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/respec-dev/respec/model"
)

// TestValidate: every problem of every file at once, with JSON paths; exit 0 when all are
// valid, 2 otherwise; "-" reads standard input; an unreadable file is reported on stderr and
// the others are still checked.
func TestValidate(t *testing.T) {
	dir := t.TempDir()
	write := func(name, doc string) string { return writeFile(t, dir, name, []byte(doc)) }
	bad := `{"now":"2026-01-01T00:00:00Z","request":{"InstanceId":"i-1","AutoPay":false},
"instance":{"Status":"Runing","ExpireTime":"2027-01-01T00:00:00Z","DataDisks":[{"Size":-1}]},
"account":{"Balanse":"10"},"policy":"2017"}`
	badFile := write("bad.json", bad)
	good := write("good.json", string(readExample(t, "upgrade-running.json")))
	missing := filepath.Join(dir, "missing.json")

	wantBad := func(name string) string {
		return strings.Join([]string{
			name + `: request["AutoPay"]: must be a string`,
			name + `: instance.Status: must be one of Pending, Starting, Running, Stopping, Stopped`,
			name + `: instance.ExpireTime: unknown field (did you mean "ExpiredTime"?)`,
			name + `: instance.DataDisks[0].Size: must be an integer from 0 to 1000000`,
			name + `: account.Balanse: unknown field (did you mean "Balance"?)`,
			name + `: policy: unknown preset "2017" (the presets are current, 2020, 2019, 2018-09, 2018)`,
		}, "\n") + "\n"
	}
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout string
		stderr string
	}{
		{"valid", []string{good}, "", exitOK, good + ": valid\n", ""},
		{"every problem", []string{badFile}, "", exitUsage, wantBad(badFile), ""},
		{"several files", []string{good, badFile, good}, "", exitUsage, good + ": valid\n" + wantBad(badFile) + good + ": valid\n", ""},
		{"standard input", []string{"-"}, bad, exitUsage, wantBad("standard input"), ""},
		{"standard input implied", nil, string(readExample(t, "expired.json")), exitOK, "standard input: valid\n", ""},
		{"not JSON", []string{"-"}, "{", exitUsage, "standard input: unexpected end of input\n", ""},
		{"missing file", []string{missing, good}, "", exitUsage, good + ": valid\n", "respec validate: " + missing + ": no such file or directory\n"},
		{"empty input", nil, "", exitUsage, "", "respec validate: standard input is empty: expected a scenario"},
		{"json", []string{"--json", good, badFile}, "", exitUsage,
			`{"File":"` + good + `","Valid":true,"Issues":[]}` + "\n" +
				`{"File":"` + badFile + `","Valid":false,"Issues":[{"Path":"request[\"AutoPay\"]","Reason":"must be a string"},` +
				`{"Path":"instance.Status","Reason":"must be one of Pending, Starting, Running, Stopping, Stopped"},` +
				`{"Path":"instance.ExpireTime","Reason":"unknown field (did you mean \"ExpiredTime\"?)"},` +
				`{"Path":"instance.DataDisks[0].Size","Reason":"must be an integer from 0 to 1000000"},` +
				`{"Path":"account.Balanse","Reason":"unknown field (did you mean \"Balance\"?)"},` +
				`{"Path":"policy","Reason":"unknown preset \"2017\" (the presets are current, 2020, 2019, 2018-09, 2018)"}]}` + "\n", ""},
		{"a control character in a key", []string{"-"}, `{"now":"2026-01-01T00:00:00Z","request":{},"account":{"\u001b[31m":"1"}}`, exitUsage,
			`standard input: "account.\x1b[31m": unknown field` + "\n", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runIn([]byte(tc.stdin), append([]string{"validate"}, tc.args...)...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errOut)
			}
			if d := cmp.Diff(tc.stdout, string(out)); d != "" {
				t.Errorf("stdout (-want +got):\n%s", d)
			}
			if tc.stderr == "" && errOut != "" || !strings.HasPrefix(errOut, tc.stderr) {
				t.Errorf("stderr %q, want prefix %q", errOut, tc.stderr)
			}
		})
	}
}

// TestValidateEveryExample: every example scenario, and the decode errors of decide, agree
// with validate: an example is valid; an invalid scenario's decide error is validate's first
// line.
func TestValidateEveryExample(t *testing.T) {
	for name := range exampleOutcomes {
		code, out, errOut := runIn(readExample(t, name), "validate")
		if code != exitOK || string(out) != "standard input: valid\n" {
			t.Errorf("validate %s: exit %d, %q %q", name, code, out, errOut)
		}
	}
	doc := `{"now":"2026-01-01T00:00:00Z","request":{},"instance":{"Status":"Running","Refunds":-1,"Gpu":1}}`
	_, _, decideErr := runIn([]byte(doc), "decide")
	_, out, _ := runIn([]byte(doc), "validate")
	first, _, _ := strings.Cut(string(out), "\n")
	if want := "respec decide: " + first + "\n"; decideErr != strings.Replace(want, "standard input: ", "standard input: scenario: ", 1) {
		t.Errorf("decide says %q, validate's first line is %q", decideErr, first)
	}
}

// TestValidateWorldAndPlan: a world file and a plan (a document or JSON Lines) are told from
// a scenario by their keys and checked against their own schemas, every problem at once
// (a JSON Lines plan's with their lines); the examples of examples/fleet500 are valid; a
// world sound in every part is checked whole.
func TestValidateWorldAndPlan(t *testing.T) {
	dir := t.TempDir()
	write := func(name, doc string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	world, plan := filepath.Join("..", "..", "examples", "fleet500", "world.json"), filepath.Join("..", "..", "examples", "fleet500", "plan.json")
	badWorld := write("world.json", strings.NewReplacer(`"Running"`, `"Runing"`, `"OSType": "linux"`, `"OSType": "Linux"`).Replace(miniWorld))
	twice := write("twice.json", strings.Replace(miniWorld, `"Instances": [{`, `"Instances": [{"InstanceId": "i-1", "Status": "Stopped"}, {`, 1))
	okLine := `{"At": "2026-09-14T02:30:00Z", "Operation": "StopInstance", "InstanceId": "i-1"}`
	lines := write("plan.jsonl", okLine+"\n"+strings.Replace(okLine, "StopInstance", "Fly", 1)+"\n"+`{"At": "soon", "InstanceId": "i-1", "Operation": "StopInstance"}`+"\n")
	badPlan := write("plan.json", `{"Rules": [{"Targets": [], "Start": "2026-09-14T02:30:00Z", "Interval": "1 second"}], "Options": {"StopStart": "yes"}}`)
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
	}{
		{"examples", []string{world, plan}, exitOK, world + ": valid (world file)\n" + plan + ": valid (plan)\n"},
		{"world", []string{badWorld}, exitUsage,
			badWorld + ": accounts[0].Instances[0].Status: must be one of Pending, Starting, Running, Stopping, Stopped\n" +
				badWorld + ": accounts[0].Instances[0].OSType: must be one of linux, windows\n"},
		{"world whole", []string{twice}, exitUsage, twice + `: accounts[0].Instances[1].InstanceId: "i-1" is given twice (also accounts[0].Instances[0])` + "\n"},
		{"JSON Lines plan", []string{lines}, exitUsage,
			lines + ": line 2: Operation: must be one of ModifyPrepayInstanceSpec, StartInstance, StopInstance, RebootInstance, RenewInstance, PayOrder, CancelOrder\n" +
				lines + `: line 3: At: must be an RFC 3339 time such as "2026-01-02T15:04:05Z"` + "\n"},
		{"plan document", []string{badPlan}, exitUsage,
			badPlan + ": Rules[0].Interval: duration must be a Go duration string between 0 and 10 years, such as \"5m\"\n" +
				badPlan + ": Options.StopStart: must be true or false\n"},
		{"json", []string{"--json", lines, world}, exitUsage,
			`{"File":"` + lines + `","Kind":"plan","Valid":false,"Issues":[{"Line":2,"Path":"Operation","Reason":"must be one of ModifyPrepayInstanceSpec, StartInstance, StopInstance, RebootInstance, RenewInstance, PayOrder, CancelOrder"},` +
				`{"Line":3,"Path":"At","Reason":"must be an RFC 3339 time such as \"2026-01-02T15:04:05Z\""}]}` + "\n" +
				`{"File":"` + world + `","Kind":"world","Valid":true,"Issues":[]}` + "\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runIn(nil, append([]string{"validate"}, tc.args...)...)
			if code != tc.code || errOut != "" {
				t.Errorf("exit %d, want %d (stderr %q)", code, tc.code, errOut)
			}
			if d := cmp.Diff(tc.stdout, string(out)); d != "" {
				t.Errorf("stdout (-want +got):\n%s", d)
			}
		})
	}
}

// TestValidateLargeScenario: a scenario over model.MaxScenarioBytes is refused on standard
// error, as decide refuses it; a world file of the same size is checked.
func TestValidateLargeScenario(t *testing.T) {
	big := `{"now":"2026-01-01T00:00:00Z","request":{},"description":"` + strings.Repeat("x", model.MaxScenarioBytes) + `"}`
	code, out, errOut := runIn([]byte(big), "validate")
	if code != exitUsage || len(out) != 0 || errOut != "respec validate: standard input: larger than 4 MiB\n" {
		t.Errorf("exit %d, stdout %.80q, stderr %q", code, out, errOut)
	}
	world := `{"now":"2026-01-01T00:00:00Z","accounts":[],"description":"` + strings.Repeat("x", model.MaxScenarioBytes) + `"}`
	code, out, errOut = runIn([]byte(world), "validate")
	if code != exitOK || string(out) != "standard input: valid (world file)\n" || errOut != "" {
		t.Errorf("world: exit %d, stdout %.80q, stderr %q", code, out, errOut)
	}
}
