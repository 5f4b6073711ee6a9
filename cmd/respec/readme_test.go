package main

import (
	"bytes"
	"crypto/sha256"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readmePath is the README, whose examples the tests here run.
const readmePath = "../../README.md"

// readReadme returns the README.
func readReadme(t *testing.T) []byte {
	t.Helper()
	readme, err := os.ReadFile(readmePath)
	if err != nil {
		t.Fatal(err)
	}
	return readme
}

// TestReadmeShowsTheRealExampleOutput keeps the README's first output block equal to what
// `respec example | respec decide -` prints.
func TestReadmeShowsTheRealExampleOutput(t *testing.T) {
	var scenario, out, errOut bytes.Buffer
	if code := run([]string{"example"}, strings.NewReader(""), &scenario, &errOut); code != 0 {
		t.Fatalf("example: exit %d: %s", code, errOut.String())
	}
	if code := run([]string{"decide", "-"}, &scenario, &out, &errOut); code != 0 {
		t.Fatalf("decide: exit %d: %s", code, errOut.String())
	}
	readme := readReadme(t)
	if !bytes.Contains(readme, bytes.TrimRight(out.Bytes(), "\n")) {
		t.Errorf("README.md does not show the current output of the example:\n%s", out.String())
	}
}

// The README's CLI table has a row for every command of the table, with its usage line.
func TestReadmeListsEveryCommand(t *testing.T) {
	readme := readReadme(t)
	for _, c := range commandTable() {
		row := "| `" + strings.ReplaceAll(c.usageLine(), "|", `\|`) + "` |"
		if !bytes.Contains(readme, []byte(row)) {
			t.Errorf("README.md has no row %s", row)
		}
	}
}

// LICENSE is the Apache License 2.0, verbatim: the text apache.org publishes as LICENSE-2.0.txt.
func TestLicenseIsApache2(t *testing.T) {
	b, err := os.ReadFile("../../LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	const want = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"
	if got := fmt.Sprintf("%x", sha256.Sum256(b)); got != want {
		t.Errorf("LICENSE has SHA-256 %s, want %s (the standard Apache-2.0 text)", got, want)
	}
	if !bytes.Contains(b, []byte("Apache License\n                           Version 2.0, January 2004\n")) {
		t.Error("LICENSE does not start as the Apache License 2.0")
	}
}

var updateReadmeImport = flag.Bool("update-readme-import", false, "rewrite the README's import decision block")

// between returns what lies between the line holding start and the line holding end.
func between(t *testing.T, doc []byte, start, end string) (from, to int) {
	t.Helper()
	i := bytes.Index(doc, []byte(start))
	j := bytes.Index(doc, []byte(end))
	if i < 0 || j < i {
		t.Fatalf("README.md lacks the markers %q ... %q", start, end)
	}
	i += bytes.IndexByte(doc[i:], '\n') + 1
	return i, j
}

// TestReadmeImport runs the README's two commands, from DescribeInstances output to a
// decision, as written (instances.json being the fixture), and holds the README's defaults and
// decision equal to what they print. -update-readme-import rewrites the decision block.
func TestReadmeImport(t *testing.T) {
	readme := readReadme(t)
	from, to := between(t, readme, "<!-- import commands", "<!-- end of import commands -->")
	var commands [][]string
	for _, line := range strings.Split(string(readme[from:to]), "\n") {
		if strings.HasPrefix(line, "respec ") {
			commands = append(commands, strings.Fields(strings.TrimPrefix(line, "respec ")))
		}
	}
	if len(commands) != 2 {
		t.Fatalf("the README shows %d respec commands, want 2: %q", len(commands), commands)
	}
	dir := t.TempDir()
	files := map[string]string{
		"instances.json": "../../importer/testdata/describe-instance.json",
		"scenario.json":  filepath.Join(dir, "scenario.json"),
	}
	var outs, errs []string
	for _, args := range commands {
		var redirect string
		var argv []string
		for k := 0; k < len(args); k++ {
			switch {
			case args[k] == ">" && k+1 < len(args):
				redirect = files[args[k+1]]
				k++
			case files[args[k]] != "":
				argv = append(argv, files[args[k]])
			default:
				argv = append(argv, args[k])
			}
		}
		var out, errOut bytes.Buffer
		if code := run(argv, strings.NewReader(""), &out, &errOut); code != exitOK {
			t.Fatalf("respec %s: exit %d: %s", strings.Join(args, " "), code, errOut.String())
		}
		if redirect != "" {
			if err := os.WriteFile(redirect, out.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			out.Reset()
		}
		outs = append(outs, out.String())
		errs = append(errs, errOut.String())
	}
	// The defaults import reports are the README's, line for line.
	for _, line := range strings.Split(strings.TrimSpace(errs[0]), "\n") {
		if !bytes.Contains(readme, []byte(line+"\n")) {
			t.Errorf("README.md does not show the default %q", line)
		}
	}
	if !strings.Contains(errs[0], "respec import: default: orders: no order list") || errs[1] != "" {
		t.Errorf("stderr: import %q, decide %q", errs[0], errs[1])
	}
	decision := strings.TrimRight(outs[1], "\n")
	if !strings.HasPrefix(decision, "ACCEPTED: upgrade ecs.g6.xlarge → ecs.g6.2xlarge\n") || !strings.Contains(decision, "TradePrice       4377.80 CNY (illustrative prices)") {
		t.Errorf("decision:\n%s", decision)
	}
	from, to = between(t, readme, "<!-- import decision", "<!-- end of import decision -->")
	want := "```\n" + decision + "\n```\n"
	if *updateReadmeImport {
		updated := append(append(append([]byte{}, readme[:from]...), want...), readme[to:]...)
		if err := os.WriteFile(readmePath, updated, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if got := string(readme[from:to]); got != want {
		t.Errorf("README.md's import decision is not what decide prints (rerun with -update-readme-import):\n%s", outs[1])
	}
}
