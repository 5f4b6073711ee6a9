package exact

import (
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// Magnitude128 reads the coefficient of every decimal that fits 128 bits, and refuses the
// others.
func TestMagnitude128(t *testing.T) {
	limit := new(big.Int).Lsh(big.NewInt(1), 128)
	rapid.Check(t, func(t *rapid.T) {
		c, _ := new(big.Int).SetString(rapid.StringMatching(`-?(0|[1-9][0-9]{0,45})`).Draw(t, "c"), 10)
		d := decimal.NewFromBigInt(c, rapid.Int32Range(-30, 30).Draw(t, "exp"))
		hi, lo, neg, ok := Magnitude128(d)
		abs := new(big.Int).Abs(c)
		if fits := abs.Cmp(limit) < 0; ok != fits {
			t.Fatalf("%s: ok %v", c, ok)
		}
		if !ok {
			return
		}
		got := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
		got.Or(got, new(big.Int).SetUint64(lo))
		if got.Cmp(abs) != 0 || neg != (c.Sign() < 0) {
			t.Fatalf("%s: %s, neg %v", c, got, neg)
		}
	})
	var zero decimal.Decimal
	if hi, lo, neg, ok := Magnitude128(zero); hi != 0 || lo != 0 || neg || !ok {
		t.Errorf("the zero Decimal: %d %d %v %v", hi, lo, neg, ok)
	}
}
