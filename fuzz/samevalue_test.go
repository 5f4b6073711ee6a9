package fuzz

import (
	"math/rand/v2"
	"reflect"
	"testing"
	"time"
	"unsafe"

	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

// TestSamePlansFollowsValueDiff holds samePlans, the fast path of samePlan, to valueDiff, its
// general path: over the plans of the accepted worlds of wideDecideCorpus, each decided twice
// (two equal plans that share no memory), with one leaf of the second changed in a way that
// keeps its value (a decimal rescaled, a zero negated, a time in another zone) or changes it
// (a decimal moved by its last digit, negated, scaled by 10^40; a time moved by a nanosecond;
// a string, a number or a bool changed; a pointer made nil; a slice cut, nil made empty and
// back), samePlans says equal exactly when valueDiff finds no difference.
func TestSamePlansFollowsValueDiff(t *testing.T) {
	same := samePlans()
	if same == nil {
		t.Fatal("samePlans cannot follow rules.Plan")
	}
	r := rand.New(rand.NewPCG(14, 2))
	checked, equal := 0, 0
	for _, data := range wideDecideCorpus(t) {
		ww, _ := decodeWorld(data)
		a, err := Decide(ww.World, ww.Wire)
		if err != nil {
			continue
		}
		n := len(planLeaves(reflect.ValueOf(&a).Elem(), nil))
		for leaf := -1; leaf < n; leaf++ {
			b, _ := Decide(ww.World, ww.Wire)
			if leaf >= 0 {
				changeLeaf(planLeaves(reflect.ValueOf(&b).Elem(), nil)[leaf], r)
			}
			want := valueDiff(a, b) == ""
			if got := same(unsafe.Pointer(&a), unsafe.Pointer(&b)); got != want {
				t.Fatalf("input %v, leaf %d: samePlans %v, valueDiff %q", data, leaf, got, valueDiff(a, b))
			}
			checked++
			if want {
				equal++
			}
		}
	}
	t.Logf("%d pairs checked, %d equal", checked, equal)
	if checked < 1000 || equal < checked/10 || equal > checked*9/10 {
		t.Fatalf("%d pairs checked, %d equal: too few, or too one-sided", checked, equal)
	}
}

// planLeaves appends to out the values of v that changeLeaf changes: decimals, times,
// strings, bools, integers, pointers and slices (the last two also walked into).
func planLeaves(v reflect.Value, out []reflect.Value) []reflect.Value {
	switch t := v.Type(); {
	case t == reflect.TypeFor[decimal.Decimal](), t == reflect.TypeFor[time.Time]():
		return append(out, v)
	case v.Kind() == reflect.Pointer:
		out = append(out, v)
		if !v.IsNil() {
			out = planLeaves(v.Elem(), out)
		}
		return out
	case v.Kind() == reflect.Slice:
		out = append(out, v)
		for i := range v.Len() {
			out = planLeaves(v.Index(i), out)
		}
		return out
	case v.Kind() == reflect.Struct:
		for i := range v.NumField() {
			out = planLeaves(v.Field(i), out)
		}
		return out
	}
	return append(out, v)
}

// changeLeaf changes v in one of the ways TestSamePlansFollowsValueDiff names, drawn by r.
func changeLeaf(v reflect.Value, r *rand.Rand) {
	switch x := v.Interface().(type) {
	case decimal.Decimal:
		v.Set(reflect.ValueOf([]decimal.Decimal{
			x.Mul(decimal.New(10, -1)), // the same value, another scale
			x.Add(decimal.New(1, x.Exponent())),
			x.Neg(),
			x.Mul(decimal.New(1, 40)),
			decimal.New(0, -3),
		}[r.IntN(5)]))
	case time.Time:
		v.Set(reflect.ValueOf([]time.Time{x.In(time.FixedZone("UTC+8", 8*3600)), x.Add(time.Nanosecond)}[r.IntN(2)]))
	default:
		changeKind(v, r)
	}
}

// changeKind changes a value of a basic kind, a pointer or a slice.
func changeKind(v reflect.Value, r *rand.Rand) {
	switch v.Kind() {
	case reflect.String:
		v.SetString([]string{v.String() + "x", "", v.String()}[r.IntN(3)])
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(v.Int() + 1 - 2*int64(r.IntN(2)))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(v.Uint() + 1)
	case reflect.Pointer:
		v.Set(reflect.Zero(v.Type()))
	case reflect.Slice:
		switch {
		case v.IsNil():
			v.Set(reflect.MakeSlice(v.Type(), 0, 0))
		case v.Len() == 0:
			v.Set(reflect.Zero(v.Type()))
		default:
			v.Set(v.Slice(0, v.Len()-r.IntN(2)))
		}
	}
}

// TestSamePlanUnchanged: samePlan, its fast path aside, is reflect.DeepEqual or valueDiff,
// as before it had one: an unchanged answer on plans that differ and plans that do not.
func TestSamePlanUnchanged(t *testing.T) {
	a := rules.Plan{ToType: "x", Charge: &rules.Charge{}}
	b := a
	b.Charge = &rules.Charge{}
	b.Charge.TradePrice = decimal.New(10, -1)
	a.Charge.TradePrice = decimal.New(1, 0)
	if !samePlan(&a, &b) {
		t.Error("1 and 1.0: different")
	}
	b.ToType = "y"
	if samePlan(&a, &b) {
		t.Error("x and y: the same")
	}
}

// equalByName is a type with its own Equal method, which valueDiff calls and samePlans
// cannot follow.
type equalByName struct{ Name string }

func (e equalByName) Equal(o equalByName) bool { return e.Name == o.Name }

// recursiveList is a recursive type.
type recursiveList struct{ Next *recursiveList }

// TestSameValueOfGivesUp: sameValueOf returns nil (samePlan then falls back on valueDiff)
// where it cannot follow valueDiff, and a comparer where it can.
func TestSameValueOfGivesUp(t *testing.T) {
	for _, c := range []struct {
		t       reflect.Type
		follows bool
	}{
		{reflect.TypeFor[struct{ A, B string }](), true},
		{reflect.TypeFor[struct{ A, b string }](), false},
		{reflect.TypeFor[struct{ D []*decimal.Decimal }](), true},
		{reflect.TypeFor[map[string]int](), false},
		{reflect.TypeFor[struct{ M map[string]int }](), false},
		{reflect.TypeFor[[]float64](), false},
		{reflect.TypeFor[*any](), false},
		{reflect.TypeFor[[2]int](), false},
		{reflect.TypeFor[equalByName](), false},
		{reflect.TypeFor[*recursiveList](), false},
	} {
		if got := sameValueOf(c.t, map[reflect.Type]bool{}) != nil; got != c.follows {
			t.Errorf("%s: follows %v, want %v", c.t, got, c.follows)
		}
	}
}

// TestSameValueOfCatalogByIdentity: a built catalog is the same only as itself, as in
// valueDiff, not as another catalog built from the same data.
func TestSameValueOfCatalogByIdentity(t *testing.T) {
	type holder struct{ Catalog *model.Catalog }
	same := sameValueOf(reflect.TypeFor[holder](), map[reflect.Type]bool{})
	w := Baseline()
	a, b := holder{w.Build().Catalog}, holder{w.Build().Catalog}
	for _, c := range []struct {
		x, y holder
		want bool
	}{{a, a, true}, {a, b, false}, {holder{}, holder{}, true}, {a, holder{}, false}} {
		if got := same(unsafe.Pointer(&c.x), unsafe.Pointer(&c.y)); got != c.want || got != (valueDiff(c.x, c.y) == "") {
			t.Errorf("%p and %p: same %v, want %v (valueDiff %q)", c.x.Catalog, c.y.Catalog, got, c.want, valueDiff(c.x, c.y))
		}
	}
}
