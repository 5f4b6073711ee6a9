package rules

import (
	"bytes"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/respec-dev/respec/model"
)

var updateWalk = flag.Bool("update-walk", false, "rewrite walk_gen.go from the rule table")

// walkGenFile is the generated walk's file, and walkGenCommand the command that writes it.
const (
	walkGenFile    = "walk_gen.go"
	walkGenCommand = "go test ./rules -run TestWalkGenCurrent -update-walk"
)

// directionNames are the names of the directions of change in package model, for the written
// walk's guards.
var directionNames = map[model.OperatorType]string{model.Upgrade: "model.Upgrade", model.Downgrade: "model.Downgrade"}

// bothDirections returns the steps of the runs of both directions of runs (quietRun[runAll]
// or lateRun[runAll]), once each, in table order.
func bothDirections(runs [model.Downgrade + 1][]step) []step {
	var out []step
	for _, d := range []model.OperatorType{model.Upgrade, model.Downgrade} {
		for _, s := range runs[d] {
			if !slices.ContainsFunc(out, func(o step) bool { return o.index == s.index }) {
				out = append(out, s)
			}
		}
	}
	slices.SortFunc(out, func(a, b step) int { return int(a.index) - int(b.index) })
	return out
}

// TestWalkGenCurrent holds walk_gen.go to the rule table: the file must be exactly what the
// generator writes today from checks.go's rows and the run orders (quietRun). The table stays
// the one statement of every rule; the file is derived from it, and any edit of a rule's test
// that is not regenerated fails here.
func TestWalkGenCurrent(t *testing.T) {
	want, err := generateWalk("checks.go")
	if err != nil {
		t.Fatal(err)
	}
	if *updateWalk {
		if err := os.WriteFile(walkGenFile, want, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got, err := os.ReadFile(walkGenFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("%s is out of date; run %s", walkGenFile, walkGenCommand)
	}
}

// generateWalk writes the straight-line walks of quietRun[runAll] from the table in the file
// src: for each step, in order, the rule's own test, copied from its row (the expression of a
// test that is one return statement, else the function literal called in place), so that
// the compiler calls or inlines each directly.
func generateWalk(src string) ([]byte, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, src, nil, 0)
	if err != nil {
		return nil, err
	}
	rows, err := tableRows(file)
	if err != nil {
		return nil, err
	}
	if len(rows) != len(table) {
		return nil, fmt.Errorf("%s has %d rows, the table %d", src, len(rows), len(table))
	}
	g := walkGen{fset: fset, imports: fileImports(file), funcs: map[string]*ast.FuncDecl{}}
	for _, d := range file.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
			g.funcs[fd.Name.Name] = fd
		}
	}
	var body bytes.Buffer
	body.WriteString("\n// quietWalk is firstOf(quietRun[runAll][c.dir], 0) written out from the table, for both\n")
	body.WriteString("// directions at once (a rule that concerns one direction guarded by it): the index of the\n")
	body.WriteString("// first rule of the run whose test holds, or -1. It is valid when the direction is known\n")
	body.WriteString("// (every need is then met).\n")
	body.WriteString("func (c *evaluation) quietWalk() int {\n")
	for _, s := range bothDirections(quietRun[runAll]) {
		r := &table[s.index]
		cond, err := g.stepTest(rows[s.index], int(s.index))
		if err != nil {
			return nil, fmt.Errorf("rule %s: %w", r.name, err)
		}
		if r.only != 0 {
			cond = "c.dir == " + directionNames[r.only] + " && " + operandOfAnd(cond)
		}
		fmt.Fprintf(&body, "\t// %s\n\tif %s {\n\t\treturn %d\n\t}\n", r.name, cond, s.index)
	}
	body.WriteString("\treturn -1\n}\n")
	body.WriteString("\n// lateWalk is firstOf(lateRun[runAll][c.dir], c.skipped()) written out from the table, for\n")
	body.WriteString("// both directions at once (a rule that concerns one direction guarded by it, and a rule with a\n")
	body.WriteString("// quiet fact by the fact's not holding): the index of the first rule of the run whose test\n")
	body.WriteString("// holds, or -1. It is valid when the direction is known (every need is then met, and with it\n")
	body.WriteString("// instanceFound, whose rules are left out); where every quiet fact holds it is quietWalk's\n")
	body.WriteString("// answer.\n")
	body.WriteString("func (c *evaluation) lateWalk() int {\n")
	for _, s := range bothDirections(lateRun[runAll]) {
		r := &table[s.index]
		if r.quiet == instanceFound {
			// instanceFound holds whenever every need is met (quietFacts sets it from
			// needInstance): its rules are never evaluated where the walk is valid.
			continue
		}
		cond, err := g.stepTest(rows[s.index], int(s.index))
		if err != nil {
			return nil, fmt.Errorf("rule %s: %w", r.name, err)
		}
		var guards []string
		if r.only != 0 {
			guards = append(guards, "c.dir == "+directionNames[r.only])
		}
		if r.quiet != 0 {
			name, ok := quietNames[r.quiet]
			if !ok {
				return nil, fmt.Errorf("rule %s: quiet fact %b has no name", r.name, r.quiet)
			}
			guards = append(guards, "c.quiet&"+name+" == 0")
		}
		if len(guards) > 0 {
			cond = strings.Join(guards, " && ") + " && " + operandOfAnd(cond)
		}
		fmt.Fprintf(&body, "\t// %s\n\tif %s {\n\t\treturn %d\n\t}\n", r.name, cond, s.index)
	}
	body.WriteString("\treturn -1\n}\n")
	if err := g.gateWalk(&body, rows); err != nil {
		return nil, err
	}
	used, err := usedImports(body.Bytes(), g.imports)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "// Code generated by `%s`; DO NOT EDIT.\n\npackage rules\n\nimport (\n", walkGenCommand)
	// The standard library's first, then the others, as goimports groups them.
	for _, std := range []bool{true, false} {
		if !std {
			b.WriteString("\n")
		}
		for _, path := range used {
			if isStd(path) == std {
				fmt.Fprintf(&b, "\t%q\n", path)
			}
		}
	}
	b.WriteString(")\n")
	b.Write(body.Bytes())
	return format.Source(b.Bytes())
}

// usedImports returns the paths, sorted, of the imports (by the name they are used under) that
// the declarations in body use.
func usedImports(body []byte, imports map[string]string) ([]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "", append([]byte("package rules\n"), body...), 0)
	if err != nil {
		return nil, err
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && imports[x.Name] != "" {
				used[imports[x.Name]] = true
			}
		}
		return true
	})
	return slices.Sorted(maps.Keys(used)), nil
}

// isStd reports whether path is the standard library's (its first element has no dot).
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// walkGen is the state of one generation: the source's positions, imports (by the name they
// are used under) and functions.
type walkGen struct {
	fset    *token.FileSet
	imports map[string]string
	// funcs are the file's functions (not methods), by name.
	funcs map[string]*ast.FuncDecl
}

// fileImports maps the names file's imports are used under to their paths.
func fileImports(file *ast.File) map[string]string {
	m := map[string]string{}
	for _, im := range file.Imports {
		path, _ := strconv.Unquote(im.Path.Value)
		name := path[strings.LastIndex(path, "/")+1:]
		if im.Name != nil {
			name = im.Name.Name
		}
		m[name] = path
	}
	return m
}

// gateWalk writes firstGate, the walk of the table's leading gate rules, from their rows.
func (g *walkGen) gateWalk(b *bytes.Buffer, rows []ast.Expr) error {
	b.WriteString("\n// firstGate returns the index of the first of the table's leading gate rules (gated) that\n")
	b.WriteString("// now, req and f break, or -1: their tests written out from the table.\n")
	b.WriteString("func firstGate(now time.Time, req *model.Request, f *model.Facts) int {\n")
	for i := range gated {
		cond, err := g.gateTest(rows[i], i)
		if err != nil {
			return fmt.Errorf("rule %s: %w", table[i].name, err)
		}
		fmt.Fprintf(b, "\t// %s\n\tif %s {\n\t\treturn %d\n\t}\n", table[i].name, cond, i)
	}
	b.WriteString("\treturn -1\n}\n")
	return nil
}

// gateTest returns the Go condition that is gate rule i's test of now, req and f, from its
// row: the row's function literal called in place (with the arguments of a row built by a
// function in place of its parameters), else a call of the row's gate.
func (g *walkGen) gateTest(row ast.Expr, i int) (string, error) {
	fn, ok := (*ast.FuncLit)(nil), false
	switch row := row.(type) {
	case *ast.CallExpr:
		fn, ok = g.builtLiteral(row, "gate")
	case *ast.CompositeLit:
		for _, e := range row.Elts {
			if kv, isKV := e.(*ast.KeyValueExpr); isKV && kv.Key.(*ast.Ident).Name == "gate" {
				fn, ok = kv.Value.(*ast.FuncLit)
			}
		}
	}
	if !ok {
		return fmt.Sprintf("table[%d].gate(now, req, f)", i), nil
	}
	s, err := g.node(fn)
	return "(" + s + ")(now, req, f)", err
}

// operandOfAnd returns the condition cond as an operand of &&: parenthesized when it binds
// more loosely (an ||).
func operandOfAnd(cond string) string {
	if e, err := parser.ParseExpr(cond); err == nil {
		if be, ok := e.(*ast.BinaryExpr); ok && be.Op.Precedence() < token.LAND.Precedence() {
			return "(" + cond + ")"
		}
	}
	return cond
}

// tableRows returns the elements of the composite literal of var table in file.
func tableRows(file *ast.File) ([]ast.Expr, error) {
	for _, d := range file.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, sp := range g.Specs {
			v := sp.(*ast.ValueSpec)
			if len(v.Names) == 1 && v.Names[0].Name == "table" && len(v.Values) == 1 {
				if lit, ok := v.Values[0].(*ast.CompositeLit); ok {
					return lit.Elts, nil
				}
			}
		}
	}
	return nil, fmt.Errorf("no var table = [...]rule{...}")
}

// stepTest returns the Go condition that is rule i's test of c, from its row: the row's test
// written in place when it is a function literal, else a call of the row's test (a row built
// by a function, or a named test).
func (g *walkGen) stepTest(row ast.Expr, i int) (string, error) {
	if call, ok := row.(*ast.CallExpr); ok {
		if fn, ok := g.builtLiteral(call, "test"); ok {
			return g.literalTest(fn)
		}
		return fmt.Sprintf("table[%d].check()(c)", i), nil
	}
	lit, ok := row.(*ast.CompositeLit)
	if !ok {
		return "", fmt.Errorf("row is neither a literal nor a call")
	}
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			return "", fmt.Errorf("row without field names")
		}
		switch key := kv.Key.(*ast.Ident).Name; key {
		case "gate":
			return fmt.Sprintf("table[%d].gate(c.now, c.req, c.f)", i), nil
		case "test":
			fn, ok := kv.Value.(*ast.FuncLit)
			if !ok {
				return fmt.Sprintf("table[%d].test(c)", i), nil
			}
			return g.literalTest(fn)
		}
	}
	return "", fmt.Errorf("row has neither test nor gate")
}

// literalTest writes the test fn of c: its expression when its body is one return statement
// and its parameter is named c, else fn called in place.
func (g *walkGen) literalTest(fn *ast.FuncLit) (string, error) {
	params := fn.Type.Params.List
	if len(params) == 1 && len(params[0].Names) == 1 && params[0].Names[0].Name == "c" && len(fn.Body.List) == 1 {
		if ret, ok := fn.Body.List[0].(*ast.ReturnStmt); ok && len(ret.Results) == 1 {
			return g.node(ret.Results[0])
		}
	}
	s, err := g.node(fn)
	return "(" + s + ")(c)", err
}

// builtLiteral returns the function literal of field key (test or gate) of a row built by
// call, a call of a function of the file that returns a rule literal with a function literal
// in that field: that literal with the call's arguments, parenthesized, in place of the
// function's parameters. It reports false for any other row (its test is then called
// through the table).
func (g *walkGen) builtLiteral(call *ast.CallExpr, key string) (*ast.FuncLit, bool) {
	name, ok := call.Fun.(*ast.Ident)
	if !ok || g.funcs[name.Name] == nil {
		return nil, false
	}
	fd := g.funcs[name.Name]
	if len(fd.Body.List) != 1 {
		return nil, false
	}
	ret, ok := fd.Body.List[0].(*ast.ReturnStmt)
	if !ok || len(ret.Results) != 1 {
		return nil, false
	}
	lit, ok := ret.Results[0].(*ast.CompositeLit)
	if !ok {
		return nil, false
	}
	var fn *ast.FuncLit
	for _, e := range lit.Elts {
		if kv, ok := e.(*ast.KeyValueExpr); ok && kv.Key.(*ast.Ident).Name == key {
			fn, _ = kv.Value.(*ast.FuncLit)
		}
	}
	if fn == nil {
		return nil, false
	}
	// The arguments, by the parameter they are passed as.
	args := map[string]string{}
	k := 0
	for _, field := range fd.Type.Params.List {
		for _, p := range field.Names {
			if k >= len(call.Args) || call.Ellipsis.IsValid() {
				return nil, false
			}
			a, err := g.node(call.Args[k])
			if err != nil {
				return nil, false
			}
			args[p.Name] = "(" + a + ")"
			k++
		}
	}
	// A copy of the literal, its uses of the parameters (never a field's or a declared
	// name's: the test declares none of the parameters' names) replaced.
	src, err := g.node(fn)
	if err != nil {
		return nil, false
	}
	cp, err := parser.ParseExprFrom(g.fset, "", src, 0)
	if err != nil {
		return nil, false
	}
	shadowed := false
	ast.Inspect(cp, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, func(m ast.Node) bool { substitute(m, args); return true })
			return false
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && args[id.Name] != "" && n.Tok == token.DEFINE {
					shadowed = true
				}
			}
		case *ast.Field:
			for _, id := range n.Names {
				if args[id.Name] != "" {
					shadowed = true
				}
			}
		}
		substitute(n, args)
		return true
	})
	if shadowed {
		return nil, false
	}
	return cp.(*ast.FuncLit), true
}

// substitute writes, in place of an identifier named by args, its argument.
func substitute(n ast.Node, args map[string]string) {
	if id, ok := n.(*ast.Ident); ok && args[id.Name] != "" {
		id.Name = args[id.Name]
	}
}

// node prints n as Go source.
func (g *walkGen) node(n ast.Node) (string, error) {
	var b bytes.Buffer
	err := format.Node(&b, g.fset, n)
	return b.String(), err
}
