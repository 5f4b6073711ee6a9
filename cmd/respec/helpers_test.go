package main

// The helpers the command tests share: running respec, the examples, files in a test's
// directory, JSON on one line, what an output must contain, simulate's output parsed.

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/respec-dev/respec/examples"
)

// runIn runs respec with args and stdin, returning the exit status, stdout and stderr.
func runIn(stdin []byte, args ...string) (int, []byte, string) {
	var out, errOut bytes.Buffer
	code := run(args, bytes.NewReader(stdin), &out, &errOut)
	return code, out.Bytes(), errOut.String()
}

// runArgs runs respec with args and returns the exit status, stdout and stderr.
func runArgs(args ...string) (int, string, string) {
	code, out, errOut := runIn(nil, args...)
	return code, string(out), errOut
}

// runWith runs respec in env e (streams filled in here) with stdin and returns the exit
// status, stdout and stderr.
func runWith(e env, stdin []byte, args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	e.stdin, e.stdout, e.stderr = bytes.NewReader(stdin), &out, &errOut
	code := runEnv(args, e)
	return code, out.String(), errOut.String()
}

// runOK runs respec with args and stdin and returns its output; the test fails unless it
// exits 0 with nothing on stderr.
func runOK(t *testing.T, stdin []byte, args ...string) string {
	t.Helper()
	code, out, errOut := runIn(stdin, args...)
	if code != exitOK || errOut != "" {
		t.Fatalf("respec %q: exit %d, stderr %q", args, code, errOut)
	}
	return string(out)
}

// containsAll fails the test for each of wants that got, the output of what, lacks.
func containsAll(t *testing.T, what, got string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(got, want) {
			t.Errorf("%s lacks %q:\n%s", what, want, got)
		}
	}
}

func readExample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := examples.Read(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// editExample returns the example with edit applied to its JSON form.
func editExample(t *testing.T, name string, edit func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(readExample(t, name), &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// compact returns an example on one line.
func compact(t testing.TB, name string) []byte {
	t.Helper()
	return compactBytes(t, readExample(t, name))
}

// compactBytes returns JSON document b on one line.
func compactBytes(t testing.TB, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// writeFile writes content to the file name in dir and returns its path.
func writeFile(t testing.TB, dir, name string, content []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, content, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// firstLine returns b up to its first newline.
func firstLine(b []byte) string {
	s, _, _ := strings.Cut(string(b), "\n")
	return s
}

// The headline fleet: 500 instances, a plan of two resize rules.
const (
	headlineWorld = "../../examples/fleet500/world.json"
	headlinePlan  = "../../examples/fleet500/plan.json"
)

// simulated is simulate's JSON output, parsed.
type simulated struct {
	outcomes []outcomeJSON
	summary  summaryJSON
}

// parseSimulate parses simulate's JSON Lines: the outcomes, then the summary.
func parseSimulate(t *testing.T, out []byte) simulated {
	t.Helper()
	lines := bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n"))
	var s simulated
	for i, l := range lines {
		if i == len(lines)-1 {
			var last struct {
				Summary *summaryJSON
			}
			if err := json.Unmarshal(l, &last); err != nil || last.Summary == nil {
				t.Fatalf("last line is not the summary: %s (%v)", l, err)
			}
			s.summary = *last.Summary
			break
		}
		var o outcomeJSON
		if err := json.Unmarshal(l, &o); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		s.outcomes = append(s.outcomes, o)
	}
	return s
}
