package model

import (
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestCheckDecimalFastPath holds CheckDecimal's in-place path (a small coefficient and
// exponent) to the general path on generated decimals, small and not.
func TestCheckDecimalFastPath(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.OneOf(rapid.Int64Range(-1e6, 1e6), rapid.Int64(), rapid.SampledFrom([]int64{0, 1, -1, 1e15, 1e16 - 1, 1e17, 1e18 - 1, -1e18 + 1})).Draw(t, "c")
		d := decimal.New(c, int32(rapid.IntRange(-20, 20).Draw(t, "exp")))
		neg := rapid.Bool().Draw(t, "allowNegative")
		if got, want := CheckDecimal(d, neg), checkDecimal(d, neg); got != want {
			t.Fatalf("CheckDecimal(%s, %v) = %v, the general path %v", d, neg, got, want)
		}
	})
}
