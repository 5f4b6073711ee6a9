package scenario

import (
	"encoding"
	"reflect"
	"strconv"
	"time"
	"unsafe"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/model"
)

// This file builds the reader's nodes: how to read a value of one type held in one field,
// with the caps, ranges and enumerations of the field's schema row.

// nodeKind is how the reader reads a value.
type nodeKind uint8

const (
	nodeUnsupported nodeKind = iota // refused: no scenario field has such a type
	nodeString
	nodeBool
	nodeInt
	nodeFloat
	nodeDecimal
	nodeTime
	nodeText // encoding.TextUnmarshaler from a string (Duration)
	nodeStruct
	nodePointer
	nodeSlice
	nodeMap
	nodeKinds
)

// reader reads a value that is not null into the value of n's type at p (zero).
type reader func(d *bdec, n *node, p unsafe.Pointer) bool

// readers are the readers of each kind. Read-only.
var readers = [nodeKinds]reader{
	nodeUnsupported: readUnsupported,
	nodeString:      readString,
	nodeBool:        readBool,
	nodeInt:         readInt,
	nodeFloat:       readFloat,
	nodeDecimal:     readDecimal,
	nodeTime:        readTime,
	nodeText:        readText,
	nodeStruct:      readStruct,
	nodePointer:     readPointer,
	nodeSlice:       readSlice,
	nodeMap:         readMap,
}

// wrongTypes are the reasons for a value of the wrong JSON type, by kind (the kinds not
// listed word theirs in wrongTypeOf). Read-only.
var wrongTypes = [nodeKinds]string{
	nodeString:  "must be a string",
	nodeText:    "must be a string",
	nodeBool:    "must be true or false",
	nodeFloat:   "must be a number from 0 to 1000000",
	nodeDecimal: "must be a decimal string such as \"12.50\"",
	nodeTime:    reasonTimeString,
	nodeStruct:  "must be an object",
	nodeMap:     "must be an object",
	nodeSlice:   "must be a list",
}

// opens are the bytes that open the objects and lists of each kind. Read-only.
var opens = [nodeKinds]byte{nodeStruct: '{', nodeMap: '{', nodeSlice: '['}

// node is how to read a value of one type held in one field: the field decides caps, ranges
// and enumerations.
type node struct {
	kind nodeKind
	typ  reflect.Type
	// read reads the value when it is not null (readers[kind]).
	read reader
	// nullable: null is accepted and means the zero value (pointers, structs, lists, maps).
	nullable bool
	// wrong is the reason for a value of the wrong JSON type.
	wrong string
	// open is the byte that opens an object or list (0 for other values).
	open byte
	// elem is the node of the value a pointer points to, or of a list's or map's entries.
	elem *node
	// fields are a struct's fields, in the order of its JSON fields.
	fields []nodeField
	// enum lists the values a string may take (nil: any).
	enum []string
	// lo and hi bound an integer.
	lo, hi int64
	// limit is the most entries of a list or map.
	limit int
	// size is the size in bytes of an integer, or of a list's entry.
	size uintptr
	// discount bounds a decimal by 1.
	discount bool
	// enumFields lists the fields of a struct with an enumeration: one left out must still
	// be allowed its zero value ("" for a required one is not).
	enumFields []int
	// check judges the relations between the fields of the struct at p once read (nil:
	// none); it returns the field at fault ("" for the whole) and the reason, or "" and "".
	check func(p unsafe.Pointer) (field, reason string)
}

// nodeField is one field of a struct node.
type nodeField struct {
	// name is the field's JSON name, and keyColon its key and a colon as written plainly
	// (`"name":`), which the fast path matches at once.
	name, keyColon string
	// index is the Go field's index in its struct, and off its offset from the struct's start.
	index int
	off   uintptr
	// node reads the field's value.
	node *node
}

// nodeTypes are the types read whole, whatever their kind. Read-only.
var (
	decimalType = reflect.TypeFor[decimal.Decimal]()
	timeType    = reflect.TypeFor[time.Time]()
	orderType   = reflect.TypeFor[model.Order]()
	textType    = reflect.TypeFor[encoding.TextUnmarshaler]()
)

// buildNode returns how to read a value of type t held in the field r (nil in lists and
// maps): decimals, times and text unmarshalers first, then by kind. structs holds the struct
// nodes built so far (a struct type has one node wherever it appears).
func buildNode(t reflect.Type, r *fieldRow, structs map[reflect.Type]*node) *node {
	n := &node{typ: t}
	switch {
	case readWhole(t):
		scalarNode(n, r)
	case t.Kind() == reflect.Struct:
		return structNode(t, structs)
	case t.Kind() == reflect.Pointer:
		n.kind, n.elem = nodePointer, buildNode(t.Elem(), r, structs)
	case t.Kind() == reflect.Slice:
		n.kind, n.limit, n.size, n.elem = nodeSlice, r.listCap(), t.Elem().Size(), buildNode(t.Elem(), nil, structs)
	case t.Kind() == reflect.Map:
		n.kind, n.limit, n.elem = mapKind(t), r.listCap(), buildNode(t.Elem(), nil, structs)
	default:
		scalarNode(n, r)
	}
	return finishNode(n)
}

// readWhole reports whether a value of type t is read from one JSON scalar whatever its
// kind: a decimal, a time, or (not through a pointer) an encoding.TextUnmarshaler.
func readWhole(t reflect.Type) bool {
	return t == decimalType || t == timeType || t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(textType)
}

// mapKind is nodeMap for a map with string keys, else nodeUnsupported.
func mapKind(t reflect.Type) nodeKind {
	if t.Key().Kind() == reflect.String {
		return nodeMap
	}
	return nodeUnsupported
}

// scalarNode fills in the node n of a value that holds no other value.
func scalarNode(n *node, r *fieldRow) {
	t := n.typ
	switch {
	case t == decimalType:
		n.kind, n.discount = nodeDecimal, r != nil && r.unit
	case t == timeType:
		n.kind = nodeTime
	case reflect.PointerTo(t).Implements(textType):
		n.kind = nodeText
	case scalarKinds[t.Kind()] == nodeInt:
		n.kind, n.size = nodeInt, t.Size()
		n.lo, n.hi = r.intRange(t.Kind())
	default:
		n.kind = scalarKinds[t.Kind()]
		n.enum = r.enumOf(t)
	}
}

// scalarKinds are the nodes of the scalar Go kinds a document holds. Read-only.
var scalarKinds = map[reflect.Kind]nodeKind{
	reflect.String: nodeString, reflect.Bool: nodeBool, reflect.Float64: nodeFloat,
	reflect.Int: nodeInt, reflect.Int32: nodeInt, reflect.Int64: nodeInt,
}

// finishNode sets what follows from n's kind: its reader, whether null is accepted, and
// its wrong-type reason.
func finishNode(n *node) *node {
	n.read, n.open = readers[n.kind], opens[n.kind]
	n.nullable = n.kind >= nodeStruct
	n.wrong = wrongTypeOf(n)
	if n.kind != nodeString {
		n.enum = nil
	}
	return n
}

// wrongTypeOf is the reason for a value of the wrong JSON type for n.
func wrongTypeOf(n *node) string {
	switch n.kind {
	case nodeInt:
		return "must be an integer from " + strconv.FormatInt(n.lo, 10) + " to " + strconv.FormatInt(n.hi, 10)
	case nodePointer:
		return n.elem.wrong
	case nodeUnsupported:
		return "cannot be decoded (unsupported type " + n.typ.String() + ")"
	}
	return wrongTypes[n.kind]
}

func structNode(t reflect.Type, structs map[reflect.Type]*node) *node {
	if n, ok := structs[t]; ok {
		return n
	}
	n := &node{typ: t}
	structs[t] = n
	si := structInfoOf(t)
	if len(si.fields) <= 64 { // the seen-mask holds 64 (TestScenarioNodes keeps it so)
		n.kind = nodeStruct
	}
	finishNode(n)
	if n.kind == nodeStruct {
		structFields(n, si, structs)
	}
	return n
}

// structFields builds the fields of the struct node n.
func structFields(n *node, si *structInfo, structs map[reflect.Type]*node) {
	t := n.typ
	for i, f := range si.fields {
		sf := t.Field(f.index)
		fn := buildNode(sf.Type, rowOf(t, f.index), structs)
		n.fields = append(n.fields, nodeField{name: f.name, keyColon: `"` + f.name + `":`, index: f.index, off: sf.Offset, node: fn})
		if fn.enum != nil {
			n.enumFields = append(n.enumFields, i)
		}
	}
	if t == orderType {
		n.check = checkOrder
	}
}

// checkOrder checks the order at p once read: End after Start, then Order.Validate.
func checkOrder(p unsafe.Pointer) (field, reason string) {
	o := (*model.Order)(p)
	if !o.End.After(o.Start) {
		return "End", "must be after Start"
	}
	if err := o.Validate(); err != nil {
		return "", err.Error()
	}
	return "", ""
}

// through returns the node that reads a value starting with c: a pointer's element, unless
// the value is null.
func (n *node) through(c byte) *node {
	if n.kind == nodePointer && c != 'n' {
		return n.elem
	}
	return n
}

// field returns the index of the field named name, looking from from on (fields tend to come
// in order), or -1.
func (n *node) field(name string, from int) int {
	if i := n.fieldIn(name, from, len(n.fields)); i >= 0 {
		return i
	}
	return n.fieldIn(name, 0, min(from, len(n.fields)))
}

// fieldIn returns the index of the field named name from lo to hi (excluded), or -1.
func (n *node) fieldIn(name string, lo, hi int) int {
	for i := lo; i < hi; i++ {
		if n.fields[i].name == name {
			return i
		}
	}
	return -1
}

// after returns the name of the field after the field i of the struct n (the first for -1),
// or "".
func (n *node) after(i int) string {
	if i+1 < len(n.fields) {
		return n.fields[i+1].name
	}
	return ""
}

// unknownField is the reason for a key the struct n has no field for.
// It names the closest known key (closestKey) when one is near.
func (n *node) unknownField(name string) string {
	return unknownFieldReason(name, n.fieldNames())
}

// fieldNames returns the keys of the struct n, in order.
func (n *node) fieldNames() []string {
	names := make([]string, len(n.fields))
	for i, f := range n.fields {
		names[i] = f.name
	}
	return names
}
