package sdkserve_test

import (
	"os"
	"strings"
	"testing"
)

// snippet returns the lines of the Example between the snippet markers, one tab of indent
// removed: the text the README shows.
func snippet(t *testing.T) string {
	t.Helper()
	src, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(src), "\t// snippet: begin\n")
	body, _, ok2 := strings.Cut(rest, "\t// snippet: end\n")
	if !ok || !ok2 {
		t.Fatal("example_test.go has no snippet markers")
	}
	var out []string
	for _, line := range strings.Split(strings.TrimSuffix(body, "\n"), "\n") {
		out = append(out, strings.TrimPrefix(line, "\t"))
	}
	return strings.Join(out, "\n") + "\n"
}

// The README's snippet is the Example's, which compiles and runs (go test runs Example).
func TestReadmeSnippet(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := snippet(t); !strings.Contains(string(readme), "```go\n"+want+"```\n") {
		t.Errorf("README.md does not hold the Example's snippet as a go block:\n%s", want)
	}
}
