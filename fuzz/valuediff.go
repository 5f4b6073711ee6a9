package fuzz

import (
	"fmt"
	"reflect"
	"strings"

	"github.com/respec-dev/respec/model"
)

// maxDifferences is how many differences valueDiff lists at most.
const maxDifferences = 10

// valueDiff lists where a and b (of one type) differ by value, one difference a line with
// its path, or returns "" when they are equal: a value whose type has an Equal method is
// compared with it (decimals, times), a built catalog by identity (its data is compared on
// its own), everything else field by field, element by element and key by key (nil and
// empty differ). It is what the checks report a failure with, without go-cmp (see
// totality.go).
func valueDiff(a, b any) string {
	var out []string
	diffValues(reflect.ValueOf(a), reflect.ValueOf(b), "", &out)
	return strings.Join(out, "\n")
}

// catalogPointer is the type compared by identity.
var catalogPointer = reflect.TypeFor[*model.Catalog]()

func diffValues(a, b reflect.Value, path string, out *[]string) {
	if len(*out) >= maxDifferences || compared(a, b, path, out) {
		return
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			noteIf(a.IsNil() != b.IsNil(), a, b, path, out)
			return
		}
		diffValues(a.Elem(), b.Elem(), path, out)
	case reflect.Struct:
		for i := range a.NumField() {
			diffValues(a.Field(i), b.Field(i), path+"."+a.Type().Field(i).Name, out)
		}
	case reflect.Slice, reflect.Array:
		diffSequences(a, b, path, out)
	case reflect.Map:
		diffMaps(a, b, path, out)
	case reflect.Func, reflect.Chan, reflect.UnsafePointer:
		noteIf(a.Pointer() != b.Pointer(), a, b, path, out)
	default:
		noteIf(!sameScalar(a, b), a, b, path, out)
	}
}

// compared compares a and b when they are not two values of one type to walk: missing or of
// different types, a built catalog (by identity) or a type with an Equal method. It reports
// whether it did.
func compared(a, b reflect.Value, path string, out *[]string) bool {
	if !a.IsValid() || !b.IsValid() || a.Type() != b.Type() {
		noteIf(a.IsValid() || b.IsValid(), a, b, path, out)
		return true
	}
	t := a.Type()
	if t == catalogPointer {
		noteIf(a.Pointer() != b.Pointer(), a, b, path, out)
		return true
	}
	eq, ok := equalMethod(t)
	if !ok || !a.CanInterface() || !b.CanInterface() {
		return false
	}
	noteIf(!eq.Func.Call([]reflect.Value{a, b})[0].Bool(), a, b, path, out)
	return true
}

// equalMethod returns t's method Equal(t) bool, which valueDiff compares a t with, if it has
// one.
func equalMethod(t reflect.Type) (reflect.Method, bool) {
	eq, ok := t.MethodByName("Equal")
	if !ok || eq.Type.NumIn() != 2 || eq.Type.In(1) != t || eq.Type.NumOut() != 1 || eq.Type.Out(0).Kind() != reflect.Bool {
		return reflect.Method{}, false
	}
	return eq, true
}

// diffSequences compares two slices or arrays element by element (nil and empty differ).
func diffSequences(a, b reflect.Value, path string, out *[]string) {
	if a.Kind() == reflect.Slice && a.IsNil() != b.IsNil() || a.Len() != b.Len() {
		noteIf(true, a, b, path, out)
		return
	}
	for i := range a.Len() {
		diffValues(a.Index(i), b.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
	}
}

// diffMaps compares two maps key by key (nil and empty differ).
func diffMaps(a, b reflect.Value, path string, out *[]string) {
	if a.IsNil() != b.IsNil() {
		noteIf(true, a, b, path, out)
		return
	}
	for _, k := range a.MapKeys() {
		diffValues(a.MapIndex(k), b.MapIndex(k), fmt.Sprintf("%s[%v]", path, show(k)), out)
	}
	for _, k := range b.MapKeys() {
		if !a.MapIndex(k).IsValid() {
			diffValues(reflect.Value{}, b.MapIndex(k), fmt.Sprintf("%s[%v]", path, show(k)), out)
		}
	}
}

// noteIf records that a and b differ at path when differ is true.
func noteIf(differ bool, a, b reflect.Value, path string, out *[]string) {
	if differ {
		*out = append(*out, fmt.Sprintf("%s: %v != %v", pathOr(path), show(a), show(b)))
	}
}

// sameScalar compares two values of one basic kind (unexported fields included).
func sameScalar(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.Bool:
		return a.Bool() == b.Bool()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return a.Uint() == b.Uint()
	case reflect.Float32, reflect.Float64:
		return a.Float() == b.Float()
	case reflect.Complex64, reflect.Complex128:
		return a.Complex() == b.Complex()
	case reflect.String:
		return a.String() == b.String()
	}
	panic(fmt.Sprintf("fuzz: valueDiff: cannot compare a %s", a.Type()))
}

func pathOr(path string) string {
	if path == "" {
		return "(the value)"
	}
	return path
}

// show formats v for a difference.
func show(v reflect.Value) string {
	if !v.IsValid() {
		return "(none)"
	}
	if v.CanInterface() {
		return fmt.Sprintf("%+v", v.Interface())
	}
	return fmt.Sprintf("%+v", v)
}
