package model

import (
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestListPriceCmpAndAlign holds Cmp to the decimals' own comparison and Align to the values,
// over coefficients of up to 18 digits and exponents of ±15: aligning then fits 64 bits or
// not (Cmp's 128-bit path).
func TestListPriceCmpAndAlign(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		price := func(name string) ListPrice {
			c := rapid.Int64Range(-999_999_999_999_999_999, 999_999_999_999_999_999).Draw(t, name+".coef")
			e := rapid.Int32Range(-15, 15).Draw(t, name+".exp")
			return resolvePrice(decimal.New(c, e), false)
		}
		p, q := price("p"), price("q")
		if got, want := p.Cmp(q), p.Value.Cmp(q.Value); got != want {
			t.Fatalf("Cmp(%s, %s) = %d, want %d", p.Value, q.Value, got, want)
		}
		a, b, e, ok := p.Align(q)
		if !ok {
			return
		}
		if !decimal.New(a, e).Equal(p.Value) || !decimal.New(b, e).Equal(q.Value) {
			t.Fatalf("Align(%s, %s) = %d, %d, %d", p.Value, q.Value, a, b, e)
		}
	})
}

// TestListPriceAlignCases: equal and different exponents, a scaled coefficient that does not
// fit 64 bits, and a price not in integer form.
func TestListPriceAlignCases(t *testing.T) {
	small := func(c int64, e int32) ListPrice { return resolvePrice(decimal.New(c, e), false) }
	type res struct {
		a, b int64
		e    int32
		ok   bool
	}
	for _, tc := range []struct {
		name string
		p, q ListPrice
		want res
	}{
		{"same exponent", small(12, -1), small(3, -1), res{12, 3, -1, true}},
		{"p scaled", small(5, 2), small(7, 0), res{500, 7, 0, true}},
		{"q scaled", small(7, -2), small(5, 1), res{7, 5000, -2, true}},
		{"too large", small(9e17, 15), small(1, -15), res{}},
		{"not small", ListPrice{Value: decimal.New(1, 20)}, small(1, 0), res{}},
		{"not small q", small(1, 0), ListPrice{Value: decimal.New(1, 20)}, res{}},
	} {
		a, b, e, ok := tc.p.Align(tc.q)
		if got := (res{a, b, e, ok}); got != tc.want {
			t.Errorf("%s: Align = %+v, want %+v", tc.name, got, tc.want)
		}
		if got, want := tc.p.Cmp(tc.q), tc.p.Value.Cmp(tc.q.Value); got != want {
			t.Errorf("%s: Cmp = %d, want %d", tc.name, got, want)
		}
	}
}

// TestListPriceCmpSameExponent holds Cmp's shortcut for two prices in integer form at one
// exponent to the decimals' own comparison, with the edges where it must not be taken: an
// exponent beyond ±15 or a coefficient of 19 digits (not in integer form), negative values,
// zero, equal values written with different exponents.
func TestListPriceCmpSameExponent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		coef := rapid.OneOf(rapid.Int64Range(-1000, 1000), rapid.Int64(), rapid.SampledFrom([]int64{0, 1, -1, 10, 1e18, -1e18}))
		e := rapid.Int32Range(-20, 20).Draw(t, "exp")
		p := resolvePrice(decimal.New(coef.Draw(t, "p"), e), false)
		qe := e
		if rapid.Bool().Draw(t, "otherExp") {
			qe = rapid.Int32Range(-20, 20).Draw(t, "qexp")
		}
		q := resolvePrice(decimal.New(coef.Draw(t, "q"), qe), false)
		if got, want := p.Cmp(q), p.Value.Cmp(q.Value); got != want {
			t.Fatalf("Cmp(%s, %s) = %d, want %d (small %v %v, exp %d %d)", p.Value, q.Value, got, want, p.Small, q.Small, p.Exp, q.Exp)
		}
	})
}
