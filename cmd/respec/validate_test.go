package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
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
			name + `: policy: unknown preset "2017" (the presets are current, 2019, 2018)`,
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
				`{"Path":"policy","Reason":"unknown preset \"2017\" (the presets are current, 2019, 2018)"}]}` + "\n", ""},
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
