package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/respec-dev/respec/errcodes"
)

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "respec: no command given (run 'respec -h' for the list)\n"},
		{[]string{"bogus"}, "respec: unknown command \"bogus\" (run 'respec -h' for the list)\n"},
		{[]string{"Codes"}, "respec: unknown command \"Codes\" (run 'respec -h' for the list)\n"},
		{[]string{""}, "respec: unknown command \"\" (run 'respec -h' for the list)\n"},
	} {
		code, out, errOut := runArgs(tc.args...)
		if code != 2 || out != "" || errOut != tc.want {
			t.Errorf("respec %q: exit %d, stdout %q, stderr %q; want 2, \"\", %q", tc.args, code, out, errOut, tc.want)
		}
	}
}

func TestHelpListsCommands(t *testing.T) {
	for _, h := range [][]string{{"-h"}, {"--help"}, {"-help"}, {"help"}} {
		code, out, errOut := runArgs(h...)
		if code != 0 || errOut != "" {
			t.Errorf("respec %s: exit %d, stderr %q", h, code, errOut)
		}
		if !strings.HasPrefix(out, "Usage: respec <command> [arguments]\n") {
			t.Errorf("respec %s: stdout %q", h, out)
		}
		for _, c := range commandTable() {
			line := regexp.MustCompile(`(?m)^  ` + regexp.QuoteMeta(c.name) + ` +` + regexp.QuoteMeta(c.summary) + `$`)
			if !line.MatchString(out) {
				t.Errorf("respec %s does not list %s", h, c.name)
			}
		}
	}
}

// The command table: one entry per name, each complete.
func TestCommandTable(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range commandTable() {
		if seen[c.name] {
			t.Errorf("%s is in the table twice", c.name)
		}
		seen[c.name] = true
		if c.summary == "" || c.help == "" || c.run == nil {
			t.Errorf("%s: summary %q, help %d bytes, run set %v", c.name, c.summary, len(c.help), c.run != nil)
		}
		if lookup(c.name) == nil || lookup(c.name).name != c.name {
			t.Errorf("lookup(%q) does not find it", c.name)
		}
	}
	want := []string{"example", "import", "decide", "explain", "targets", "quote", "batch", "simulate", "validate", "serve", "codes", "help", "version", "completion", "man"}
	if diff := cmp.Diff(want, commandNames()); diff != "" {
		t.Errorf("commands (-want +got):\n%s", diff)
	}
	if lookup("Decide") != nil || lookup("") != nil {
		t.Error("lookup is not exact")
	}
}

// "codes --json" lists every entry of the catalog, every API's, in order, with every field.
func TestCodesJSON(t *testing.T) {
	code, out, errOut := runArgs("codes", "--json")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var got []map[string]any
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("not a JSON array: %v\n%s", err, out)
	}
	var want []map[string]any
	seed := 0
	apis := map[string]int{}
	for _, e := range errcodes.AllAPIs() {
		want = append(want, map[string]any{
			"HttpStatus": float64(e.HTTPStatus), "Code": e.Code, "Message": e.Message,
			"RetryClass": e.Retry.String(), "Api": e.API, "Condition": e.Condition, "InSeed": e.InSeed,
		})
		apis[e.API]++
		if e.InSeed {
			seed++
		}
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("codes --json (-want +got):\n%s", diff)
	}
	if len(got) != errcodes.Count+14 || seed != 77 || apis[errcodes.APIModifyPrepayInstanceSpec] != 77 || apis[""] != 5 ||
		apis[errcodes.APIDescribeResourcesModification] != 8 || apis[errcodes.APIDescribeInstanceModificationPrice] != 5 {
		t.Errorf("%d entries, %d in the seed, by API %v; want %d, 77", len(got), seed, apis, errcodes.Count+14)
	}
	// --api lists one API's: ModifyPrepayInstanceSpec's is errcodes.All.
	_, mod, _ := runArgs("codes", "--json", "--api", errcodes.APIModifyPrepayInstanceSpec)
	var modGot []map[string]any
	if err := json.Unmarshal([]byte(mod), &modGot); err != nil || !cmp.Equal(modGot, want[:errcodes.Count]) {
		t.Errorf("codes --json --api ModifyPrepayInstanceSpec: %v, %d entries, want the first %d", err, len(modGot), errcodes.Count)
	}
	// Single-dash flag and raw characters: the output is for people too.
	code2, out2, _ := runArgs("codes", "-json")
	if code2 != 0 || out2 != out {
		t.Error("codes -json differs from codes --json")
	}
	if strings.Contains(out, `\u0026`) || !strings.Contains(out, `"InSeed": false`) {
		t.Error("JSON output escapes HTML or lacks InSeed false")
	}
}

func TestCodesTable(t *testing.T) {
	code, out, errOut := runArgs("codes", "--api", "ModifyPrepayInstanceSpec")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	all := errcodes.All()
	// Header, one line per entry, a blank line, the note.
	if len(lines) != len(all)+3 {
		t.Fatalf("%d lines, want %d", len(lines), len(all)+3)
	}
	if f := strings.Fields(lines[0]); !cmp.Equal(f, []string{"STATUS", "CODE", "RETRY", "CONDITION"}) {
		t.Errorf("header %q", lines[0])
	}
	for i, e := range all {
		line := lines[i+1]
		f := strings.Fields(line)
		wantCode := e.Code
		if !e.InSeed {
			wantCode += " *"
		}
		if !strings.HasPrefix(line, strconv.Itoa(e.HTTPStatus)+" ") || !strings.Contains(line, " "+wantCode+" ") ||
			!strings.Contains(line, " "+e.Retry.String()+" ") || !strings.HasSuffix(line, " "+e.Condition) {
			t.Errorf("line %d = %q, want status %d, code %s, retry %s, condition %q", i+1, line, e.HTTPStatus, wantCode, e.Retry, e.Condition)
		}
		if len(f) < 4 {
			t.Errorf("line %d has %d fields", i+1, len(f))
		}
	}
	// The columns line up: every code starts at the same offset.
	off := strings.Index(lines[0], "CODE")
	for i, e := range all {
		if got := strings.Index(lines[i+1], e.Code); got != off {
			t.Errorf("line %d: code at %d, want %d", i+1, got, off)
		}
	}
	const note = "81 errors: 77 rows of the API page's error table, plus 4 marked * that the table does not list (the gateway's common MissingParameter, Forbidden.RAM, InvalidAction.NotFound, InvalidVersion)."
	if lines[len(lines)-1] != note {
		t.Errorf("note %q, want %q", lines[len(lines)-1], note)
	}
	// Without --api: ModifyPrepayInstanceSpec's table as it is, then each other API's under its
	// title, every entry of errcodes.AllAPIs once.
	_, every, _ := runArgs("codes")
	rest, ok := strings.CutPrefix(every, out)
	if !ok {
		t.Fatalf("codes does not begin with ModifyPrepayInstanceSpec's table:\n%s", every)
	}
	for _, title := range []string{
		"\nDescribeResourcesModification: 8 errors of this API's own error table\nSTATUS ",
		"\nDescribeInstanceModificationPrice: 5 errors of this API's own error table\nSTATUS ",
		"\ngateway: 1 error of the endpoint (respec serve) for every action",
	} {
		if !strings.Contains(rest, title) {
			t.Errorf("codes lacks %q", title)
		}
	}
	for _, e := range errcodes.AllAPIs()[len(all):] {
		if strings.Count(rest, "  "+e.Code+"  ") != 1 || !strings.Contains(rest, strconv.Itoa(e.HTTPStatus)+"     "+e.Code+" ") {
			t.Errorf("codes lists %s %d not exactly once", e.Code, e.HTTPStatus)
		}
	}
	_, gw, _ := runArgs("codes", "--api", "gateway")
	if !strings.HasPrefix(gw, "gateway: 1 error") || !strings.Contains(gw, "404     InvalidAccessKeyId.NotFound  ") {
		t.Errorf("codes --api gateway:\n%s", gw)
	}
}

func TestCodesUsage(t *testing.T) {
	code, out, errOut := runArgs("codes", "extra")
	if code != 2 || out != "" || errOut != "respec codes: unexpected argument \"extra\" (run 'respec codes -h' for usage)\n" {
		t.Errorf("codes extra: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, errOut = runArgs("codes", "--bogus")
	if code != 2 || out != "" || errOut != "respec codes: flag provided but not defined: -bogus (run 'respec codes -h' for usage)\n" {
		t.Errorf("codes --bogus: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, errOut = runArgs("codes", "--api", "DescribeDisks")
	if code != 2 || out != "" || errOut != "respec codes: --api \"DescribeDisks\": want one of ModifyPrepayInstanceSpec, gateway, DescribeResourcesModification, DescribeInstanceModificationPrice (run 'respec codes -h' for usage)\n" {
		t.Errorf("codes --api DescribeDisks: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, out, errOut = runArgs("codes", "-h")
	if code != 0 || out != "" || !strings.HasPrefix(errOut, "Usage: respec codes [--api NAME] [--json]\n") || !strings.Contains(errOut, "-json") {
		t.Errorf("codes -h: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// failWriter fails every write.
type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestCodesWriteFailure(t *testing.T) {
	for _, args := range [][]string{{"codes"}, {"codes", "--json"}} {
		var errOut bytes.Buffer
		code := run(args, strings.NewReader(""), failWriter{}, &errOut)
		if code != 1 || errOut.String() != "respec codes: disk full\n" {
			t.Errorf("%q to a failing writer: exit %d, stderr %q", args, code, errOut.String())
		}
	}
	var errOut bytes.Buffer
	if code := run([]string{"-h"}, strings.NewReader(""), failWriter{}, &errOut); code != 1 {
		t.Errorf("-h to a failing writer: exit %d", code)
	}
}
