package exact

import (
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestAlignedFastPath holds Aligned (coefficients read in place when Small takes them) to
// the same alignment from decimal's own coefficients.
func TestAlignedFastPath(t *testing.T) {
	gen := func(t *rapid.T, name string) decimal.Decimal {
		c := rapid.OneOf(rapid.Int64Range(-1e6, 1e6), rapid.Int64(), rapid.SampledFrom([]int64{0, 1e17, 1e18 - 1, -1e18 + 1, 1e18})).Draw(t, name)
		return decimal.New(c, int32(rapid.IntRange(-20, 20).Draw(t, name+"exp")))
	}
	rapid.Check(t, func(t *rapid.T) {
		a, b := gen(t, "a"), gen(t, "b")
		ac, bc, exp, ok := Aligned(a, b)
		wa, oka := coefficient18(a)
		wb, okb := coefficient18(b)
		var wac, wbc int64
		var wexp int32
		wok := oka && okb
		if wok {
			wac, wbc, wexp, wok = AlignedInt64(wa, a.Exponent(), wb, b.Exponent())
		}
		if ok != wok || ok && (ac != wac || bc != wbc || exp != wexp) {
			t.Fatalf("Aligned(%s, %s) = %d, %d, %d, %v; want %d, %d, %d, %v", a, b, ac, bc, exp, ok, wac, wbc, wexp, wok)
		}
		if ok && (decimal.New(ac, exp).Cmp(a) != 0 || decimal.New(bc, exp).Cmp(b) != 0) {
			t.Fatalf("Aligned(%s, %s) = %de%d, %de%d: not the same numbers", a, b, ac, exp, bc, exp)
		}
	})
}
