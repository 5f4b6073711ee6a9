package main

import (
	"bytes"
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
