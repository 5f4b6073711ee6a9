package errcodes_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoExportedFunctionReturnsConcreteError keeps every exported function and method of the
// module returning error, never *errcodes.Error: a nil *errcodes.Error returned through an
// error-typed wrapper is a non-nil error (the typed-nil trap). New and Lazy are the
// exceptions: constructors that never return nil.
func TestNoExportedFunctionReturnsConcreteError(t *testing.T) {
	fset := token.NewFileSet()
	checked := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "sdkcheck" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		inErrcodes := f.Name.Name == "errcodes"
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || !fn.Name.IsExported() || fn.Type.Results == nil {
				continue
			}
			if inErrcodes && fn.Recv == nil && (fn.Name.Name == "New" || fn.Name.Name == "Lazy") {
				continue
			}
			checked++
			for _, res := range fn.Type.Results.List {
				star, ok := res.Type.(*ast.StarExpr)
				if !ok {
					continue
				}
				switch x := star.X.(type) {
				case *ast.SelectorExpr:
					if id, ok := x.X.(*ast.Ident); ok && id.Name == "errcodes" && x.Sel.Name == "Error" {
						t.Errorf("%s: %s returns *errcodes.Error; return error", fset.Position(fn.Pos()), fn.Name.Name)
					}
				case *ast.Ident:
					if inErrcodes && x.Name == "Error" {
						t.Errorf("%s: %s returns *Error; return error", fset.Position(fn.Pos()), fn.Name.Name)
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 50 {
		t.Fatalf("only %d exported functions checked: the walk missed the module", checked)
	}
}
