package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/respec-dev/respec/examples"
)

// update rewrites the golden files: go test ./cmd/respec -run Golden -update
var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

const examplesDir = "../../examples"

// golden compares got with testdata/golden/name, or rewrites it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/respec -run Golden -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from the golden file (-want +got):\n%s", name, diff)
	}
}

// exampleOutcomes is every example scenario and the exit status decide gives it; the test
// fails when a scenario file is added without an entry here.
var exampleOutcomes = map[string]int{
	"upgrade-running.json":    exitOK,
	"downgrade-stopped.json":  exitOK,
	"downgrade-running.json":  exitRefused,
	"expired.json":            exitRefused,
	"autopay-false.json":      exitOK,
	"cross-zone-upgrade.json": exitOK,
	"no-stock.json":           exitRefused,
	"replay.json":             exitOK,
}

// exampleCodes is the error code of each refused example.
var exampleCodes = map[string]string{
	"downgrade-running.json": "InvalidStatus.NotStopped",
	"expired.json":           "InvalidInstance.PreInstanceExpired",
	"no-stock.json":          "OperationDenied.NoStock",
}

func TestGoldenDecide(t *testing.T) {
	names, err := examples.Names("*.json")
	if err != nil || len(names) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	seen := map[string]bool{}
	for _, name := range names {
		f := filepath.Join(examplesDir, name) // decide reads the file by its path
		seen[name] = true
		want, ok := exampleOutcomes[name]
		if !ok {
			t.Errorf("%s: no expected outcome in exampleOutcomes", name)
			continue
		}
		base := strings.TrimSuffix(name, ".json")
		t.Run(base, func(t *testing.T) {
			code, out, errOut := runIn(nil, "decide", f)
			if code != want || errOut != "" {
				t.Errorf("decide %s: exit %d, stderr %q; want %d", name, code, errOut, want)
			}
			golden(t, base+".decide.txt", out)
			wantHead := "ACCEPTED"
			if want == exitRefused {
				wantHead = "REFUSED: " + exampleCodes[name] + " "
			}
			if !bytes.HasPrefix(out, []byte(wantHead)) {
				t.Errorf("decide %s starts %q, want %q", name, firstLine(out), wantHead)
			}
			code, out, errOut = runIn(nil, "decide", "--json", f)
			if code != want || errOut != "" {
				t.Errorf("decide --json %s: exit %d, stderr %q; want %d", name, code, errOut, want)
			}
			golden(t, base+".decide.json", out)
		})
	}
	for name := range exampleOutcomes {
		if !seen[name] {
			t.Errorf("example %s is missing from %s", name, examplesDir)
		}
	}
}

// The other commands on one example each.
func TestGoldenCommands(t *testing.T) {
	for _, tc := range []struct {
		golden string
		args   []string
		code   int
	}{
		{"expired.explain.txt", []string{"explain", "expired.json"}, exitRefused},
		{"expired.explain.json", []string{"explain", "--json", "expired.json"}, exitRefused},
		{"no-stock.targets.txt", []string{"targets", "no-stock.json"}, exitOK},
		{"no-stock.targets.json", []string{"targets", "--json", "no-stock.json"}, exitOK},
		{"upgrade-running.quote.txt", []string{"quote", "upgrade-running.json"}, exitOK},
		{"upgrade-running.quote.json", []string{"quote", "--json", "upgrade-running.json"}, exitOK},
		{"downgrade-stopped.quote.json", []string{"quote", "--json", "downgrade-stopped.json"}, exitOK},
		{"fleet.batch.jsonl", []string{"batch", "--summary-json", "fleet.jsonl"}, exitRefused},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			args := append([]string(nil), tc.args...)
			args[len(args)-1] = filepath.Join(examplesDir, args[len(args)-1])
			code, out, errOut := runIn(nil, args...)
			if code != tc.code {
				t.Errorf("%q: exit %d, want %d; stderr %q", tc.args, code, tc.code, errOut)
			}
			golden(t, tc.golden, out)
			if tc.args[0] == "batch" {
				golden(t, tc.golden+".stderr", []byte(errOut))
			} else if errOut != "" {
				t.Errorf("%q: stderr %q", tc.args, errOut)
			}
		})
	}
}

// The example command prints examples/upgrade-running.json, and decide accepts it.
func TestExampleIsUpgradeRunning(t *testing.T) {
	code, out, errOut := runIn(nil, "example")
	if code != 0 || errOut != "" {
		t.Fatalf("example: exit %d, stderr %q", code, errOut)
	}
	file, err := examples.Read("upgrade-running.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, file) {
		t.Error("respec example differs from examples/upgrade-running.json")
	}
	code, out, errOut = runIn(out, "decide", "-")
	if code != exitOK || errOut != "" || !bytes.HasPrefix(out, []byte("ACCEPTED: upgrade ecs.g6.xlarge → ecs.g6.2xlarge\n")) {
		t.Errorf("decide on the example: exit %d, stderr %q, stdout starts %q", code, errOut, firstLine(out))
	}
	if !bytes.Contains(out, []byte("(illustrative prices)")) {
		t.Error("the example's money is not marked illustrative")
	}
	// The same text every time.
	_, again, _ := runIn(nil, "example")
	if !bytes.Equal(again, file) {
		t.Error("example is not the same twice")
	}
}
