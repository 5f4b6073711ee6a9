package rules

import (
	"testing"

	"github.com/respec-dev/respec/internal/exact"
	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// TestPriceDelta: the delta of two list prices in every form: integer form at one exponent
// or two, integer form whose alignment does not fit 64 bits, and a price not in integer form.
func TestPriceDelta(t *testing.T) {
	small := func(c int64, e int32) model.ListPrice {
		return model.ListPrice{Value: decimal.New(c, e), Coef: c, Exp: e, Small: true}
	}
	big := func(c int64, e int32) model.ListPrice { return model.ListPrice{Value: decimal.New(c, e)} }
	for _, tc := range []struct {
		name     string
		to, from model.ListPrice
		want     string
	}{
		{"same exponent", small(125, -1), small(25, -1), "10"},
		{"two exponents", small(3, 2), small(125, -1), "287.5"},
		{"a downgrade", small(1, 0), small(3, 1), "-29"},
		{"alignment beyond 64 bits", small(9e17, 15), small(1, -15), "899999999999999999999999999999999.999999999999999"},
		{"not in integer form", big(1, 20), small(1, 0), "99999999999999999999"},
		{"from not in integer form", small(1, 0), big(1, 20), "-99999999999999999999"},
	} {
		var slab exact.Slab
		got := priceDelta(&slab, tc.to, tc.from)
		if got.String() != tc.want || !got.Equal(tc.to.Value.Sub(tc.from.Value)) {
			t.Errorf("%s: priceDelta = %s, want %s", tc.name, got, tc.want)
		}
	}
}
