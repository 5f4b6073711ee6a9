package fuzz

import (
	"reflect"
	"sync"
	"time"
	"unsafe"

	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

// sameValueOf returns a function that reports whether two values of type t are equal the way
// valueDiff compares them (decimals and times by their Equal method, a built catalog by
// identity, everything else field by field, element by element, nil and empty apart), built
// once from t without reflection at the time of the comparison. It returns nil where it
// cannot follow valueDiff: a map, an interface, a func or a channel, a type with another Equal
// method, a struct with an unexported field (valueDiff walks those instead of calling their
// Equal), a recursive type. The caller then falls back on valueDiff itself.
func sameValueOf(t reflect.Type, building map[reflect.Type]bool) identicalFunc {
	if f, ok := sameLeaves[t]; ok {
		return f
	}
	if _, ok := equalMethod(t); ok || building[t] {
		return nil
	}
	building[t] = true
	defer delete(building, t)
	switch t.Kind() {
	case reflect.Pointer:
		return samePointer(sameValueOf(t.Elem(), building))
	case reflect.Slice:
		return sameSlice(sameValueOf(t.Elem(), building), t.Elem().Size())
	case reflect.Struct:
		return sameStruct(t, building)
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.String:
		return sameScalarOf(t)
	}
	return nil
}

// sameLeaves are the types sameValueOf compares as valueDiff does without walking them.
var sameLeaves = map[reflect.Type]identicalFunc{
	reflect.TypeFor[decimal.Decimal](): func(a, b unsafe.Pointer) bool {
		return (*decimal.Decimal)(a).Equal(*(*decimal.Decimal)(b))
	},
	reflect.TypeFor[time.Time](): func(a, b unsafe.Pointer) bool {
		return (*time.Time)(a).Equal(*(*time.Time)(b))
	},
	catalogPointer: func(a, b unsafe.Pointer) bool {
		return *(**model.Catalog)(a) == *(**model.Catalog)(b)
	},
}

// samePointer compares two pointers by what they point to (elem), nil only with nil.
func samePointer(elem identicalFunc) identicalFunc {
	if elem == nil {
		return nil
	}
	return func(a, b unsafe.Pointer) bool {
		pa, pb := *(*unsafe.Pointer)(a), *(*unsafe.Pointer)(b)
		if pa == nil || pb == nil {
			return pa == pb
		}
		return elem(pa, pb)
	}
}

// sameSlice compares two slices element by element (elem, elements step bytes apart; nil:
// they cannot be compared); nil and empty differ.
func sameSlice(elem identicalFunc, step uintptr) identicalFunc {
	if elem == nil {
		return nil
	}
	return eachElement(elem, step)
}

// sameStruct compares two structs field by field; nil when a field is unexported or cannot
// be compared.
func sameStruct(t reflect.Type, building map[reflect.Type]bool) identicalFunc {
	type field struct {
		at uintptr
		eq identicalFunc
	}
	fields := make([]field, t.NumField())
	for i := range fields {
		fl := t.Field(i)
		eq := sameValueOf(fl.Type, building)
		if !fl.IsExported() || eq == nil {
			return nil
		}
		fields[i] = field{fl.Offset, eq}
	}
	return func(a, b unsafe.Pointer) bool {
		for _, f := range fields {
			if !f.eq(unsafe.Add(a, f.at), unsafe.Add(b, f.at)) {
				return false
			}
		}
		return true
	}
}

// sameScalarOf compares two values of a basic kind other than a float or a complex, as
// sameScalar does: a string by its contents, any other by its bytes (the same bytes are the
// same value for a bool and an integer).
func sameScalarOf(t reflect.Type) identicalFunc {
	if t.Kind() == reflect.String {
		return func(a, b unsafe.Pointer) bool { return *(*string)(a) == *(*string)(b) }
	}
	n := t.Size()
	return func(a, b unsafe.Pointer) bool { return sameBytes(a, b, n) }
}

// samePlans is sameValueOf of rules.Plan, built once (nil if the plan's type cannot be
// followed).
var samePlans = sync.OnceValue(func() identicalFunc {
	return sameValueOf(reflect.TypeFor[rules.Plan](), map[reflect.Type]bool{})
})
