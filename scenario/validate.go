package scenario

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/respec-dev/respec/model"
)

// This file checks a scenario document against the schema and reports every problem at once,
// where Decode stops at the first: the same walk of the schema's nodes, with the same reasons
// and paths, that goes on past a problem. A value is judged by the reader itself (bdec.value
// on its bytes), so its reasons are Decode's word for word; the walker adds what only a walk
// can give: the keys of every object (unknown, repeated, missing), every entry of a list or
// map up to its cap. Relations within a value (an order's End after its Start, a catalog
// NewCatalog accepts) are judged once the value is otherwise sound.

// maxIssues is the most problems Validate lists; beyond it a last issue says so.
const maxIssues = 100

// Issues are the problems of one scenario document, in document order, in the manner of
// cel-go's Issues: Err is nil when there are none.
type Issues struct {
	list []*Error
}

// Errors returns the problems, each a *Error with its JSON path and reason; nil when there
// are none. The slice is the caller's.
func (is *Issues) Errors() []*Error {
	if is == nil || len(is.list) == 0 {
		return nil
	}
	return append([]*Error(nil), is.list...)
}

// Err returns nil when the document is valid, else an error joining every problem
// (errors.As finds the first *Error).
func (is *Issues) Err() error {
	if is == nil || len(is.list) == 0 {
		return nil
	}
	errs := make([]error, len(is.list))
	for i, e := range is.list {
		errs[i] = e
	}
	return errors.Join(errs...)
}

// String returns the problems, one "path: reason" a line ("" when there are none).
func (is *Issues) String() string {
	if is == nil {
		return ""
	}
	var b strings.Builder
	for _, e := range is.list {
		if e.Path != "" {
			b.WriteString(e.Path + ": ")
		}
		b.WriteString(e.Reason + "\n")
	}
	return b.String()
}

// Validate checks doc against the scenario schema and returns every problem (at most
// maxIssues, then one that says more were found). A document Validate finds no problem in is
// one Decode accepts, and Decode's error is always among the problems of one it refuses. A
// document too large, not UTF-8 or not JSON has one problem, Decode's. Work and memory are
// bounded by the input, like Decode's.
func Validate(doc []byte) *Issues {
	is := &Issues{}
	if !walkable(doc) {
		is.addDecode(doc)
		return is
	}
	w := &walker{bdec: bdec{s: string(doc)}, is: is}
	w.scenario(scenarioDoc())
	if len(is.list) == 0 {
		// The walk found nothing: Decode has the last word (a check the walk does not make).
		is.addDecode(doc)
	}
	return is
}

// walkable reports whether doc is within the size cap, UTF-8 and JSON: what the walk needs.
func walkable(doc []byte) bool {
	return len(doc) <= model.MaxScenarioBytes && utf8.Valid(doc) && json.Valid(doc)
}

// addDecode records Decode's problem with doc, if any.
func (is *Issues) addDecode(doc []byte) {
	if _, err := Decode(doc); err != nil {
		is.add(err)
	}
}

// add records err, a *Error.
func (is *Issues) add(err error) {
	var e *Error
	if !errors.As(err, &e) {
		e = &Error{Reason: err.Error()}
	}
	is.list = append(is.list, e)
}

// walker walks a document that is valid JSON (so every read succeeds and nesting is at most
// encoding/json's 10,000 levels) along the schema's nodes.
type walker struct {
	bdec
	is   *Issues
	full bool
}

// issue records a problem at path.
func (w *walker) issue(path, reason string) {
	switch {
	case w.full:
		return
	case len(w.is.list) == maxIssues:
		w.full = true
		w.is.list = append(w.is.list, &Error{Reason: "more than " + strconv.Itoa(maxIssues) + " problems: the rest are not listed"})
		return
	}
	w.is.list = append(w.is.list, &Error{Path: path, Reason: reason})
}

// count is how many problems are recorded so far.
func (w *walker) count() int { return len(w.is.list) }

// judge runs the reader on the value at start (into a fresh value of n's type), records its
// problem under path, and leaves w after the value.
func (w *walker) judge(n *node, path string, start int, read func(d *bdec, p unsafe.Pointer) bool) {
	d := &bdec{s: w.s, i: start}
	if !read(d, reflect.New(n.typ).UnsafePointer()) {
		w.issue(d.f.pathAfter(path), d.f.reason)
	}
	w.i = start
	w.skip()
}

// skip moves past one value.
func (w *walker) skip() {
	w.ws()
	switch c := w.peek(); c {
	case '{', '[':
		if !w.enter(closerOf(c)) {
			w.skipRest(closerOf(c))
		}
	case '"':
		w.str()
	default:
		if !w.word(c) {
			w.number()
		}
	}
}

// closerOf is the byte that closes the object or list opened by c.
func closerOf(c byte) byte {
	if c == '[' {
		return ']'
	}
	return '}'
}

// eachMember calls member for each key of the object at w (at its '{'), with w at the key's
// value; member must move past the value.
func (w *walker) eachMember(member func(key string)) {
	if w.enter('}') {
		return
	}
	for {
		w.ws()
		key, _ := w.str()
		w.spacedColon()
		member(key)
		if more, _ := w.next('}'); !more {
			return
		}
	}
}

func (w *walker) scenario(ds *docSchema) {
	w.ws()
	if w.peek() != '{' {
		w.issue("", ds.notObject)
		return
	}
	var seen uint64
	catalogAt := -1
	w.eachMember(func(key string) {
		if at := w.topMember(ds, key, &seen); at >= 0 {
			catalogAt = at
		}
	})
	for _, k := range ds.missing(seen) {
		w.issue(k, "required")
	}
	if catalogAt >= 0 {
		w.catalog(ds.fields[ds.index("catalog")].node, catalogAt)
	}
}

// topMember walks the top-level member key; seen records the keys met so far. It returns
// where a catalog with no problem so far starts, or -1.
func (w *walker) topMember(ds *docSchema, key string, seen *uint64) int {
	i := ds.index(key)
	switch {
	case i < 0:
		w.issue(pathKey(key), ds.unknown)
	case *seen&(1<<i) != 0:
		w.issue(pathKey(key), "given more than once")
	default:
		*seen |= 1 << i
		return w.topValue(&ds.fields[i])
	}
	w.skip()
	return -1
}

// topValue walks the value of the top-level key f; it returns where a catalog with no
// problem so far starts, or -1.
func (w *walker) topValue(f *docField) int {
	before, start := w.count(), w.i
	w.topWalk(f)
	if f.catalog && w.count() == before {
		return start
	}
	return -1
}

// topWalk walks the value of the top-level key f.
func (w *walker) topWalk(f *docField) {
	switch {
	case f.policy:
		w.policy(f.node)
	case f.notNull != "" && w.peek() == 'n':
		w.issue(f.key, f.notNull)
		w.skip()
	default:
		w.value(f.node, f.key)
	}
}

// catalog checks a sound catalog with NewCatalog, as Decode does.
func (w *walker) catalog(n *node, start int) {
	var data *model.CatalogData
	d := &bdec{s: w.s, i: start}
	if !d.value(n, unsafe.Pointer(&data)) || data == nil {
		return
	}
	if _, err := model.NewCatalog(*data); err != nil {
		w.issue("catalog", strings.TrimPrefix(err.Error(), "catalog: "))
	}
}

// policy walks "policy": a preset name, or an object of a base and fields.
func (w *walker) policy(n *node) {
	start := w.i
	if w.peek() != '{' {
		w.judge(n, "policy", start, func(d *bdec, _ unsafe.Pointer) bool {
			var p model.Policy
			return d.policy(n, &p)
		})
		return
	}
	var seen uint64
	baseSeen := false
	w.eachMember(func(key string) {
		path := "policy." + pathKey(key)
		if key != "Base" {
			w.member(n, key, path, &seen)
			return
		}
		if reason := w.policyBase(baseSeen); reason != "" {
			w.issue(path, reason)
		}
		baseSeen = true
	})
}

// policyBase walks the value of the policy's "Base"; seen: a Base came before. It returns
// the problem, or "".
func (w *walker) policyBase(seen bool) string {
	s, isString := "", w.peek() == '"'
	if isString {
		s, _ = w.str()
	} else {
		w.skip()
	}
	if seen {
		return "given more than once"
	}
	if _, known := model.PolicyByName(s); !isString || !known {
		return presetNameReason()
	}
	return ""
}

// member walks the member key of struct node n at path: an unknown key or one given twice
// is an issue; seen records the fields met so far.
func (w *walker) member(n *node, key, path string, seen *uint64) {
	i := n.field(key, 0)
	switch {
	case i < 0:
		w.issue(path, n.unknownField(key))
		w.skip()
	case *seen&(1<<i) != 0:
		w.issue(path, "given more than once")
		w.skip()
	default:
		*seen |= 1 << i
		w.value(n.fields[i].node, path)
	}
}

// value walks one value of node n at path.
func (w *walker) value(n *node, path string) {
	w.ws()
	start := w.i
	c := w.peek()
	n = n.through(c)
	switch {
	case c == 'n' && n.nullable:
		w.skip()
	case c == n.open && c != 0:
		w.container(n, path, start)
	default:
		w.judge(n, path, start, func(d *bdec, p unsafe.Pointer) bool { return d.value(n, p) })
	}
}

// container walks the object or list of node n at path, which starts at start.
func (w *walker) container(n *node, path string, start int) {
	switch n.kind {
	case nodeStruct:
		w.object(n, path, start)
	case nodeSlice:
		w.list(n, path)
	default:
		w.mapping(n, path)
	}
}

// object walks a struct's members, then the enumerations of the fields left out; a struct
// with no problem so far is then read whole, for the relations between its fields.
func (w *walker) object(n *node, path string, start int) {
	before := w.count()
	var seen uint64
	w.eachMember(func(key string) {
		w.member(n, key, path+"."+pathKey(key), &seen)
	})
	for _, i := range n.enumFields {
		if f := &n.fields[i]; seen&(1<<i) == 0 && !containsEmpty(f.node.enum) {
			w.issue(path+"."+f.name, oneOf(f.node.enum))
		}
	}
	if w.count() == before {
		end := w.i
		w.judge(n, path, start, func(d *bdec, p unsafe.Pointer) bool { return d.value(n, p) })
		w.i = end
	}
}

// list walks a list's entries up to its cap.
func (w *walker) list(n *node, path string) {
	if w.enter(']') {
		return
	}
	for i := 0; ; i++ {
		w.ws()
		if i >= n.limit {
			w.issue(path, "more than "+strconv.Itoa(n.limit)+" entries")
			w.skipRest(']')
			return
		}
		w.value(n.elem, path+"["+strconv.Itoa(i)+"]")
		if more, _ := w.next(']'); !more {
			return
		}
	}
}

// skipRest moves past the rest of a list or object whose next entry starts at w, and its
// closer.
func (w *walker) skipRest(closer byte) {
	for {
		w.ws()
		if closer == '}' {
			w.str()
			w.spacedColon()
		}
		w.skip()
		if more, _ := w.next(closer); !more {
			return
		}
	}
}

// mapping walks a map's entries up to its cap.
func (w *walker) mapping(n *node, path string) {
	keys := map[string]bool{}
	stop := false
	w.eachMember(func(key string) {
		switch {
		case stop:
			w.skip()
		case keys[key]:
			w.issue(path+mapSeg(key), "given more than once")
			w.skip()
		case len(keys) >= n.limit:
			w.issue(path, "more than "+strconv.Itoa(n.limit)+" entries")
			stop = true
			w.skip()
		default:
			keys[key] = true
			w.value(n.elem, path+mapSeg(key))
		}
	})
}
