package main

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"strings"
	"testing"
)

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
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(readme, bytes.TrimRight(out.Bytes(), "\n")) {
		t.Errorf("README.md does not show the current output of the example:\n%s", out.String())
	}
}

// The README's CLI table has a row for every command of the table, with its usage line.
func TestReadmeListsEveryCommand(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
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
