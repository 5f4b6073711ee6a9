package model

import (
	"reflect"
	"testing"

	"github.com/shopspring/decimal"
)

// IsZero looks at every field: setting any one of them makes the policy non-zero.
func TestPolicyIsZeroEveryField(t *testing.T) {
	typ := reflect.TypeFor[Policy]()
	for i := range typ.NumField() {
		var p Policy
		f := reflect.ValueOf(&p).Elem().Field(i)
		switch f.Kind() {
		case reflect.String:
			f.SetString("x")
		case reflect.Bool:
			f.SetBool(true)
		case reflect.Int, reflect.Int32, reflect.Int64:
			f.SetInt(1)
		case reflect.Slice:
			f.Set(reflect.MakeSlice(f.Type(), 0, 0))
		case reflect.Struct:
			f.Set(reflect.ValueOf(decimal.NewFromInt(1)))
		default:
			t.Fatalf("field %s: kind %s not covered by this test", typ.Field(i).Name, f.Kind())
		}
		if p.IsZero() {
			t.Errorf("a Policy with only %s set is IsZero", typ.Field(i).Name)
		}
		if !reflect.ValueOf(p).IsZero() == p.IsZero() {
			t.Errorf("%s: IsZero disagrees with reflect", typ.Field(i).Name)
		}
	}
}
