package fuzz

import (
	"fmt"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// TestCaptureCopiesEverything: the copies the totality check takes of a decision's inputs
// (copyRequest, copyFacts, cloneCatalogData) share no pointer, slice or map with the
// originals, whatever fields the types gain, and are identical to them; and a change of any
// one field anywhere in the originals (a value, a pointer or slice made nil, a slice made
// longer, a map entry added or changed) makes them differ. The values are filled by
// reflection, every exported field reachable set, so that a field added later is covered
// without a change here.
func TestCaptureCopiesEverything(t *testing.T) {
	checkCopy(t, "Request", copyRequest)
	checkCopy(t, "Facts", func(f model.Facts) model.Facts {
		f.Catalog = nil // the built catalog is shared on purpose: its data is checked apart
		return copyFacts(f)
	})
	checkCopy(t, "CatalogData", cloneCatalogData)
}

func checkCopy[T any](t *testing.T, name string, copyOf func(T) T) {
	t.Helper()
	var orig T
	n := 0
	fill(reflect.ValueOf(&orig).Elem(), &n)
	c := copyOf(orig)
	same := identicalOf(reflect.TypeFor[T]())
	if !same(unsafe.Pointer(&orig), unsafe.Pointer(&c)) {
		t.Fatalf("%s: the copy differs from the original", name)
	}
	shared(t, name, reflect.ValueOf(orig), reflect.ValueOf(c))
	count := 0
	eachChange(reflect.ValueOf(&orig).Elem(), name, func(path string, change, undo func()) {
		count++
		change()
		if same(unsafe.Pointer(&orig), unsafe.Pointer(&c)) {
			t.Errorf("%s changed, not seen", path)
		}
		undo()
		if !same(unsafe.Pointer(&orig), unsafe.Pointer(&c)) {
			t.Fatalf("%s restored, still seen as changed", path)
		}
	})
	if count < 10 {
		t.Fatalf("%s: only %d changes tried", name, count)
	}
}

var (
	decimalType = reflect.TypeFor[decimal.Decimal]()
	timeType    = reflect.TypeFor[time.Time]()
)

// fill sets every exported field reachable from v: scalars to distinct non-zero values,
// pointers to a filled value, slices and maps to one filled element. A built catalog stays
// nil.
func fill(v reflect.Value, n *int) {
	*n++
	switch t := v.Type(); {
	case t == decimalType:
		v.Set(reflect.ValueOf(decimal.New(int64(*n), -2)))
	case t == timeType:
		v.Set(reflect.ValueOf(time.Unix(int64(*n)*3600, 0).UTC()))
	case opaqueTypes[t]:
	case t.Kind() == reflect.String:
		v.SetString(fmt.Sprintf("s%d", *n))
	case t.Kind() == reflect.Bool:
		v.SetBool(true)
	case t.Kind() >= reflect.Int && t.Kind() <= reflect.Int64:
		v.SetInt(int64(*n))
	case t.Kind() >= reflect.Uint && t.Kind() <= reflect.Uint64:
		v.SetUint(uint64(*n))
	case t.Kind() == reflect.Float32 || t.Kind() == reflect.Float64:
		v.SetFloat(float64(*n) + 0.5)
	case t.Kind() == reflect.Pointer:
		v.Set(reflect.New(t.Elem()))
		fill(v.Elem(), n)
	case t.Kind() == reflect.Slice:
		v.Set(reflect.MakeSlice(t, 1, 1))
		fill(v.Index(0), n)
	case t.Kind() == reflect.Map:
		k, e := reflect.New(t.Key()).Elem(), reflect.New(t.Elem()).Elem()
		fill(k, n)
		fill(e, n)
		v.Set(reflect.MakeMap(t))
		v.SetMapIndex(k, e)
	case t.Kind() == reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				fill(v.Field(i), n)
			}
		}
	default:
		panic("fill: " + t.String())
	}
}

// shared reports each pointer, slice or map of a that b holds too.
func shared(t *testing.T, path string, a, b reflect.Value) {
	t.Helper()
	ty := a.Type()
	if opaqueTypes[ty] {
		return
	}
	switch ty.Kind() {
	case reflect.Pointer:
		if !a.IsNil() && a.Pointer() == b.Pointer() {
			t.Errorf("%s: pointer shared", path)
		}
		if !a.IsNil() && !b.IsNil() {
			shared(t, path+".*", a.Elem(), b.Elem())
		}
	case reflect.Slice:
		if a.Len() > 0 && b.Len() > 0 && a.Pointer() == b.Pointer() {
			t.Errorf("%s: slice shared", path)
		}
		for i := range min(a.Len(), b.Len()) {
			shared(t, fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i))
		}
	case reflect.Map:
		if !a.IsNil() && a.Pointer() == b.Pointer() {
			t.Errorf("%s: map shared", path)
		}
		for it := a.MapRange(); it.Next(); {
			if v := b.MapIndex(it.Key()); v.IsValid() {
				shared(t, fmt.Sprintf("%s[%v]", path, it.Key()), it.Value(), v)
			}
		}
	case reflect.Struct:
		for i := range ty.NumField() {
			if ty.Field(i).IsExported() {
				shared(t, path+"."+ty.Field(i).Name, a.Field(i), b.Field(i))
			}
		}
	}
}

// eachChange calls f with every single change of v it can make and undo: each scalar and
// string changed, a decimal or a time moved, each pointer, slice and map made nil, each slice
// made one longer, each map given one more entry, and each map value changed the same ways.
func eachChange(v reflect.Value, path string, f func(path string, change, undo func())) {
	t := v.Type()
	old := reflect.New(t).Elem()
	old.Set(v)
	set := func(p string, nv reflect.Value) {
		f(p, func() { v.Set(nv) }, func() { v.Set(old) })
	}
	switch {
	case t == decimalType:
		set(path, reflect.ValueOf(old.Interface().(decimal.Decimal).Add(decimal.New(1, -2))))
		return
	case t == timeType:
		set(path, reflect.ValueOf(old.Interface().(time.Time).Add(time.Second)))
		return
	case opaqueTypes[t]:
		return
	}
	switch t.Kind() {
	case reflect.String:
		set(path, reflect.ValueOf(old.String()+"x").Convert(t))
	case reflect.Bool:
		set(path, reflect.ValueOf(!old.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		nv := reflect.New(t).Elem()
		nv.SetInt(old.Int() + 1)
		set(path, nv)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		nv := reflect.New(t).Elem()
		nv.SetUint(old.Uint() + 1)
		set(path, nv)
	case reflect.Float32, reflect.Float64:
		nv := reflect.New(t).Elem()
		nv.SetFloat(old.Float() + 1)
		set(path, nv)
	case reflect.Pointer:
		if !v.IsNil() {
			set(path+" (nil)", reflect.Zero(t))
			eachChange(v.Elem(), path+".*", f)
		}
	case reflect.Slice:
		if !v.IsNil() {
			set(path+" (nil)", reflect.Zero(t))
		}
		set(path+" (longer)", reflect.Append(old, reflect.New(t.Elem()).Elem()))
		for i := range v.Len() {
			eachChange(v.Index(i), fmt.Sprintf("%s[%d]", path, i), f)
		}
	case reflect.Map:
		if v.IsNil() {
			return
		}
		set(path+" (nil)", reflect.Zero(t))
		var keys []reflect.Value
		for it := v.MapRange(); it.Next(); {
			keys = append(keys, it.Key())
		}
		if len(keys) > 0 && t.Key().Kind() == reflect.String {
			extra := reflect.ValueOf(keys[0].String() + "x").Convert(t.Key())
			f(path+" (entry added)", func() { v.SetMapIndex(extra, v.MapIndex(keys[0])) },
				func() { v.SetMapIndex(extra, reflect.Value{}) })
		}
		for _, k := range keys {
			e := reflect.New(t.Elem()).Elem()
			e.Set(v.MapIndex(k))
			eachChange(e, fmt.Sprintf("%s[%v]", path, k), func(p string, change, undo func()) {
				f(p, func() { change(); v.SetMapIndex(k, e) }, func() { undo(); v.SetMapIndex(k, e) })
			})
		}
	case reflect.Struct:
		for i := range t.NumField() {
			if t.Field(i).IsExported() {
				eachChange(v.Field(i), path+"."+t.Field(i).Name, f)
			}
		}
	}
}

// TestCaptureSeesTheCatalog: a change to a catalog's data after the inputs are captured is
// seen, for a catalog registered as built once (compared with its copy from then) and for
// any other (copied with the inputs).
func TestCaptureSeesTheCatalog(t *testing.T) {
	for _, registered := range []bool{false, true} {
		w := Baseline()
		req, f, err := Prepare(w, nil)
		if err != nil {
			t.Fatal(err)
		}
		if registered {
			registerCatalog(f.Catalog)
		}
		in := CaptureInputs(w.Now, &req, &f)
		if !in.Unchanged(w.Now, &req, &f) {
			t.Fatalf("registered %v: unchanged inputs seen as changed", registered)
		}
		d := f.Catalog.Data()
		d.Types[1].MonthlyPrice[BaseRegion] = dec("1")
		if in.Unchanged(w.Now, &req, &f) {
			t.Errorf("registered %v: a catalog price changed, not seen", registered)
		}
	}
}
