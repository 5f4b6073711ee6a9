package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestFilesCurrent: the committed world.json and plan.json are what the program writes (run
// "go run ./examples/fleet500" from the repository root after changing it).
func TestFilesCurrent(t *testing.T) {
	dir := t.TempDir()
	if err := generate(dir); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"world.json", planFile} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what the program writes: run go run ./examples/fleet500", name)
		}
	}
}
