package fuzz

import (
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sync"
	"time"
	"unsafe"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// decisionInputs is a deep copy of everything a decision reads: the moment, the request, the
// facts (the policy included, the catalog by its pointer) and the catalog's data. Taken
// before a decision (CaptureInputs) and compared after (unchanged), it shows any change the
// decision made to what it was given, behind pointers, in slices and in maps included.
type decisionInputs struct {
	Now     time.Time
	Req     model.Request
	Facts   model.Facts
	Catalog model.CatalogData
}

// CapturedInputs is a decisionInputs taken before a decision and room for the inputs as they
// are after it, so that comparing them allocates nothing more.
type CapturedInputs struct {
	before, after decisionInputs
}

// CaptureInputs copies the inputs of a decision. The data of a catalog registered by
// registerCatalog is its copy taken when it was built; any other catalog's data is copied now.
func CaptureInputs(now time.Time, req *model.Request, f *model.Facts) *CapturedInputs {
	c := &CapturedInputs{before: decisionInputs{Now: now, Req: copyRequest(*req), Facts: copyFacts(*f)}}
	if f.Catalog != nil {
		pristineMu.RLock()
		d, ok := pristineCatalogs[f.Catalog]
		pristineMu.RUnlock()
		if ok {
			c.before.Catalog = d
		} else {
			c.before.Catalog = cloneCatalogData(*f.Catalog.Data())
		}
	}
	return c
}

// copyRequest returns a deep copy of r (TestCaptureCopiesEverything checks it).
func copyRequest(r model.Request) model.Request {
	r.Disks = slices.Clone(r.Disks)
	r.Unknown = slices.Clone(r.Unknown)
	return r
}

// copyFacts returns a deep copy of f, the built catalog apart (shared and checked by its
// data). TestCaptureCopiesEverything checks it.
func copyFacts(f model.Facts) model.Facts {
	f.Instance = f.Instance.Clone()
	f.Account = f.Account.Clone()
	f.Policy.UpgradeStatuses = slices.Clone(f.Policy.UpgradeStatuses)
	f.Policy.DowngradeStatuses = slices.Clone(f.Policy.DowngradeStatuses)
	f.Idempotency = maps.Clone(f.Idempotency)
	return f
}

// current is the inputs as they are now, sharing their memory: what CaptureInputs' copy is
// compared with.
func current(now time.Time, req *model.Request, f *model.Facts) decisionInputs {
	in := decisionInputs{Now: now, Req: *req, Facts: *f}
	if f.Catalog != nil {
		in.Catalog = *f.Catalog.Data()
	}
	return in
}

// Unchanged reports whether the inputs are still exactly the ones captured: every byte of
// every value reached through them the same (identical), with no formatting.
func (c *CapturedInputs) Unchanged(now time.Time, req *model.Request, f *model.Facts) bool {
	c.after = current(now, req, f)
	return identicalInputs()(unsafe.Pointer(&c.before), unsafe.Pointer(&c.after))
}

// identicalInputs compares two decisionInputs.
var identicalInputs = sync.OnceValue(func() identicalFunc { return identicalOf(reflect.TypeFor[decisionInputs]()) })

// Diff describes how the inputs differ from the captured ones; it is only formatted once
// unchanged has said they do.
func (c *CapturedInputs) Diff(now time.Time, req *model.Request, f *model.Facts) string {
	d := valueDiff(c.before, current(now, req, f))
	if d == "" {
		return "(the same values in a different representation)"
	}
	return d
}

// pristineCatalogs maps a catalog built once and shared by many decisions (the fuzz
// decoder's base catalogs) to a copy of its data taken when it was built, so that a decision
// is compared with the catalog as built without copying it again every time.
var (
	pristineMu       sync.RWMutex
	pristineCatalogs = map[*model.Catalog]model.CatalogData{}
)

// registerCatalog records c's data as it is now; see pristineCatalogs.
func registerCatalog(c *model.Catalog) {
	pristineMu.Lock()
	defer pristineMu.Unlock()
	pristineCatalogs[c] = cloneCatalogData(*c.Data())
}

// opaqueTypes are compared (and copied) as plain values, their pointers included: decimals
// and times are never changed in place, and a built catalog is shared and checked by its
// data.
var opaqueTypes = map[reflect.Type]bool{
	reflect.TypeFor[decimal.Decimal](): true,
	reflect.TypeFor[time.Time]():       true,
	reflect.TypeFor[*model.Catalog]():  true,
	reflect.TypeFor[*time.Location]():  true,
}

// isFlat reports whether t holds no pointer, slice, map or interface outside opaqueTypes (a
// string's header apart), so that its bytes are all there is to compare.
func isFlat(t reflect.Type) bool {
	switch {
	case opaqueTypes[t]:
		return true
	case t.Kind() == reflect.Struct:
		for i := range t.NumField() {
			if !isFlat(t.Field(i).Type) {
				return false
			}
		}
		return true
	case t.Kind() == reflect.Array:
		return isFlat(t.Elem())
	case t.Kind() == reflect.Pointer, t.Kind() == reflect.Slice, t.Kind() == reflect.Map,
		t.Kind() == reflect.Interface, t.Kind() == reflect.Func, t.Kind() == reflect.Chan,
		t.Kind() == reflect.UnsafePointer:
		return false
	}
	return true
}

// identicalFunc reports whether the two values of one type at a and b are identical: the
// same bytes, pointers, slices and maps followed (two pointers to identical values are
// identical, and so are a slice and its deep copy; nil and empty differ).
type identicalFunc func(a, b unsafe.Pointer) bool

// identicalMu guards identicalFuncs, which caches identicalOf.
var (
	identicalMu    sync.Mutex
	identicalFuncs = map[reflect.Type]identicalFunc{}
)

// identicalOf returns the identicalFunc of t, built once: bytes compared in one go where a
// type is flat (strings by their header, so that a string replaced by an equal one at another
// address shows too), pointers, slices and maps followed.
func identicalOf(t reflect.Type) identicalFunc {
	identicalMu.Lock()
	defer identicalMu.Unlock()
	return buildIdentical(t, map[reflect.Type]bool{})
}

// sliceHeader is the memory layout of every slice.
type sliceHeader struct {
	data     unsafe.Pointer
	len, cap int
}

func sameBytes(a, b unsafe.Pointer, n uintptr) bool {
	return n == 0 || unsafe.String((*byte)(a), n) == unsafe.String((*byte)(b), n)
}

func buildIdentical(t reflect.Type, building map[reflect.Type]bool) identicalFunc {
	if f, ok := identicalFuncs[t]; ok {
		return f
	}
	if building[t] {
		panic(fmt.Sprintf("fuzz: identical: recursive type %s", t))
	}
	building[t] = true
	var f identicalFunc
	switch {
	case isFlat(t):
		f = identicalSpans(flatSpans(t, 0, nil))
	case t.Kind() == reflect.Pointer:
		elem := buildIdentical(t.Elem(), building)
		f = func(a, b unsafe.Pointer) bool {
			pa, pb := *(*unsafe.Pointer)(a), *(*unsafe.Pointer)(b)
			return pa == pb || pa != nil && pb != nil && elem(pa, pb)
		}
	case t.Kind() == reflect.Slice:
		f = identicalSlice(t, building)
	case t.Kind() == reflect.Map:
		f = identicalMap(t, building)
	case t.Kind() == reflect.Struct:
		f = identicalStruct(t, building)
	case t.Kind() == reflect.Array:
		elem, n, step := buildIdentical(t.Elem(), building), t.Len(), t.Elem().Size()
		f = func(a, b unsafe.Pointer) bool {
			for i := range uintptr(n) {
				if !elem(unsafe.Add(a, i*step), unsafe.Add(b, i*step)) {
					return false
				}
			}
			return true
		}
	default:
		panic(fmt.Sprintf("fuzz: identical: cannot compare a %s", t))
	}
	identicalFuncs[t] = f
	delete(building, t)
	return f
}

func identicalSlice(t reflect.Type, building map[reflect.Type]bool) identicalFunc {
	step := t.Elem().Size()
	if isFlat(t.Elem()) {
		if sp := flatSpans(t.Elem(), 0, nil); len(sp) == 1 && sp[0] == (span{0, step}) {
			// No padding: the elements are compared as one run of bytes.
			return func(a, b unsafe.Pointer) bool {
				sa, sb := (*sliceHeader)(a), (*sliceHeader)(b)
				return sa.len == sb.len && (sa.data == nil) == (sb.data == nil) &&
					(sa.data == sb.data || sameBytes(sa.data, sb.data, uintptr(sa.len)*step))
			}
		}
	}
	return eachElement(buildIdentical(t.Elem(), building), step)
}

// eachElement compares two slices element by element (elem, elements step bytes apart); nil
// and empty differ.
func eachElement(elem identicalFunc, step uintptr) identicalFunc {
	return func(a, b unsafe.Pointer) bool {
		sa, sb := (*sliceHeader)(a), (*sliceHeader)(b)
		if sa.len != sb.len || (sa.data == nil) != (sb.data == nil) {
			return false
		}
		for i := range uintptr(sa.len) {
			if !elem(unsafe.Add(sa.data, i*step), unsafe.Add(sb.data, i*step)) {
				return false
			}
		}
		return true
	}
}

// span is a run of bytes, [from, to), within a value.
type span struct{ from, to uintptr }

// flatSpans appends to out the runs of bytes that hold the fields of flat type t placed at
// offset at, padding left out (a copy made field by field does not copy it), adjacent runs
// merged.
func flatSpans(t reflect.Type, at uintptr, out []span) []span {
	switch {
	case t.Kind() == reflect.Struct:
		for i := range t.NumField() {
			out = flatSpans(t.Field(i).Type, at+t.Field(i).Offset, out)
		}
		return out
	case t.Kind() == reflect.Array:
		for i := range uintptr(t.Len()) {
			out = flatSpans(t.Elem(), at+i*t.Elem().Size(), out)
		}
		return out
	case t.Size() == 0:
		return out
	}
	if n := len(out); n > 0 && out[n-1].to == at {
		out[n-1].to = at + t.Size()
		return out
	}
	return append(out, span{at, at + t.Size()})
}

// identicalSpans compares the bytes of spans.
func identicalSpans(spans []span) identicalFunc {
	return func(a, b unsafe.Pointer) bool {
		for _, s := range spans {
			if !sameBytes(unsafe.Add(a, s.from), unsafe.Add(b, s.from), s.to-s.from) {
				return false
			}
		}
		return true
	}
}

// identicalStruct compares the flat fields as runs of bytes and follows the other fields.
func identicalStruct(t reflect.Type, building map[reflect.Type]bool) identicalFunc {
	type deep struct {
		at uintptr
		eq identicalFunc
	}
	var flat []span
	var deeps []deep
	for i := range t.NumField() {
		fl := t.Field(i)
		if isFlat(fl.Type) {
			flat = flatSpans(fl.Type, fl.Offset, flat)
		} else {
			deeps = append(deeps, deep{fl.Offset, buildIdentical(fl.Type, building)})
		}
	}
	flatEq := identicalSpans(flat)
	return func(a, b unsafe.Pointer) bool {
		if !flatEq(a, b) {
			return false
		}
		for _, d := range deeps {
			if !d.eq(unsafe.Add(a, d.at), unsafe.Add(b, d.at)) {
				return false
			}
		}
		return true
	}
}

// identicalMap compares two maps key by key: the maps of the inputs (the catalog's prices and
// stock, the idempotency ledger) without reflection, any other through it.
func identicalMap(t reflect.Type, building map[reflect.Type]bool) identicalFunc {
	if f, ok := typedMaps[t]; ok {
		return f
	}
	elem := buildIdentical(t.Elem(), building)
	return func(a, b unsafe.Pointer) bool {
		ma, mb := reflect.NewAt(t, a).Elem(), reflect.NewAt(t, b).Elem()
		if ma.IsNil() != mb.IsNil() || ma.Len() != mb.Len() {
			return false
		}
		if ma.UnsafePointer() == mb.UnsafePointer() || ma.Len() == 0 {
			return true
		}
		va, vb := reflect.New(t.Elem()).Elem(), reflect.New(t.Elem()).Elem()
		for it := ma.MapRange(); it.Next(); {
			v := mb.MapIndex(it.Key())
			if !v.IsValid() {
				return false
			}
			va.SetIterValue(it)
			vb.Set(v)
			if !elem(va.Addr().UnsafePointer(), vb.Addr().UnsafePointer()) {
				return false
			}
		}
		return true
	}
}

// typedMaps holds the identicalFuncs of the maps the inputs hold, written without reflection.
var typedMaps = map[reflect.Type]identicalFunc{
	reflect.TypeFor[map[string]decimal.Decimal]():   identicalMapOf[map[string]decimal.Decimal](),
	reflect.TypeFor[map[string]model.StockStatus](): identicalMapOf[map[string]model.StockStatus](),
	reflect.TypeFor[model.Ledger]():                 identicalMapOf[model.Ledger](),
}

// identicalMapOf compares maps of type M whose values are flat: == on a value compares its
// bytes (a decimal's or a time's pointer included) or, for a string, its contents.
func identicalMapOf[M ~map[K]V, K, V comparable]() identicalFunc {
	return func(a, b unsafe.Pointer) bool {
		ma, mb := *(*M)(a), *(*M)(b)
		if (ma == nil) != (mb == nil) || len(ma) != len(mb) {
			return false
		}
		for k, va := range ma {
			if vb, ok := mb[k]; !ok || va != vb {
				return false
			}
		}
		return true
	}
}
