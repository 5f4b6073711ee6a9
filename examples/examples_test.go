package examples

import (
	"bytes"
	"os"
	"path"
	"testing"
)

// The embedded files are the files of this directory, byte for byte, and all of them.
func TestEmbeddedAreTheFiles(t *testing.T) {
	for _, pattern := range []string{"*.json", "*.jsonl"} {
		names, err := Names(pattern)
		if err != nil {
			t.Fatal(err)
		}
		disk, err := os.ReadDir(".")
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, d := range disk {
			if ok, _ := path.Match(pattern, d.Name()); ok {
				n++
			}
		}
		if len(names) != n || n == 0 {
			t.Errorf("%s: %d embedded, %d on disk", pattern, len(names), n)
		}
		for _, name := range names {
			if !bytes.Equal(mustRead(t, Read, name), mustRead(t, os.ReadFile, name)) {
				t.Errorf("%s: the embedded copy differs from the file", name)
			}
		}
	}
	if _, err := Read(Starter); err != nil {
		t.Errorf("the starter %s is not embedded: %v", Starter, err)
	}
}

// mustRead returns file name as read (the embedded copy, or the one on disk), failing the
// test when it cannot be read.
func mustRead(t *testing.T, read func(string) ([]byte, error), name string) []byte {
	t.Helper()
	b, err := read(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
