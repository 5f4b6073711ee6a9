package examples_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEveryReadmeGoSnippetIsAnExample holds every Go snippet of the README to the body of an
// Example function somewhere in the repository (nested modules included): each snippet
// compiles and runs as an Example, and a change to either side fails here until the other
// follows. The body is the function's lines up to its "// Output:" comment (or, where the
// Example marks them, the lines between "// snippet: begin" and "// snippet: end"), one tab
// less.
func TestEveryReadmeGoSnippetIsAnExample(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	bodies := exampleBodies(t, "..")
	if len(bodies) == 0 {
		t.Fatal("no Example functions found")
	}
	snippets := goSnippets(string(readme))
	if len(snippets) == 0 {
		t.Fatal("the README has no Go snippet")
	}
	for _, s := range snippets {
		if _, ok := bodies[s]; !ok {
			first, _, _ := strings.Cut(s, "\n")
			t.Errorf("README Go snippet starting %q is not the body of any Example function; make it one (or copy the Example's body into the README)", first)
		}
	}
}

// goSnippets returns the contents of the README's ```go blocks.
func goSnippets(readme string) []string {
	var out []string
	rest := readme
	for {
		_, after, ok := strings.Cut(rest, "```go\n")
		if !ok {
			return out
		}
		block, tail, ok := strings.Cut(after, "```\n")
		if !ok {
			return out
		}
		out = append(out, block)
		rest = tail
	}
}

// exampleBodies returns the bodies of every Example function in the test files under root.
func exampleBodies(t *testing.T, root string) map[string]bool {
	out := map[string]bool{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == ".git" || d.Name() == "testdata") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments)
		if err != nil {
			return err
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Example") || fn.Body == nil {
				continue
			}
			body := string(src[fset.Position(fn.Body.Lbrace).Offset+1 : fset.Position(fn.Body.Rbrace).Offset])
			body = strings.TrimPrefix(body, "\n")
			if i := strings.Index(body, "\t// Output:"); i >= 0 {
				body = body[:i]
			}
			// An Example that sets up more than the README shows marks the shown part.
			if _, shown, ok := strings.Cut(body, "\t// snippet: begin\n"); ok {
				body, _, _ = strings.Cut(shown, "\t// snippet: end\n")
			}
			var b strings.Builder
			for _, l := range strings.SplitAfter(body, "\n") {
				b.WriteString(strings.TrimPrefix(l, "\t"))
			}
			out[b.String()] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
