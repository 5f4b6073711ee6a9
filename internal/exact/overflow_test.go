package exact

import (
	"math/big"
	"testing"
)

// TestAddSubOverflow128 takes Add and Sub to the edges of the inline 128-bit range, where
// the sum or difference no longer fits and must spill to math/big: rapid's operands stay
// below 2^126 inline, so these edges are tried here.
func TestAddSubOverflow128(t *testing.T) {
	max128 := Int{lo: ^uint64(0), hi: 1<<63 - 1} // 2^127 − 1
	min128 := Int{hi: 1 << 63}                   // −2^127
	one, minusOne := Of(1), Of(-1)
	bmax := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 127), big.NewInt(1))
	bmin := new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), 127))
	for _, tc := range []struct {
		name  string
		got   Int
		want  *big.Int
		spill bool
	}{
		{"max + 1", Add(max128, one), new(big.Int).Add(bmax, big.NewInt(1)), true},
		{"1 + max", Add(one, max128), new(big.Int).Add(bmax, big.NewInt(1)), true},
		{"max + max", Add(max128, max128), new(big.Int).Add(bmax, bmax), true},
		{"min + −1", Add(min128, minusOne), new(big.Int).Sub(bmin, big.NewInt(1)), true},
		{"min + min", Add(min128, min128), new(big.Int).Add(bmin, bmin), true},
		{"max + −1", Add(max128, minusOne), new(big.Int).Sub(bmax, big.NewInt(1)), false},
		{"min + 1", Add(min128, one), new(big.Int).Add(bmin, big.NewInt(1)), false},
		{"max + min", Add(max128, min128), big.NewInt(-1), false},
		{"max − −1", Sub(max128, minusOne), new(big.Int).Add(bmax, big.NewInt(1)), true},
		{"min − 1", Sub(min128, one), new(big.Int).Sub(bmin, big.NewInt(1)), true},
		{"max − min", Sub(max128, min128), new(big.Int).Sub(bmax, bmin), true},
		{"min − max", Sub(min128, max128), new(big.Int).Sub(bmin, bmax), true},
		{"max − 1", Sub(max128, one), new(big.Int).Sub(bmax, big.NewInt(1)), false},
		{"min − min", Sub(min128, min128), new(big.Int), false},
	} {
		if tc.got.Big().Cmp(tc.want) != 0 {
			t.Errorf("%s = %v, want %v", tc.name, tc.got.Big(), tc.want)
		}
		if spilled := tc.got.b != nil; spilled != tc.spill {
			t.Errorf("%s: spilled to math/big %v, want %v", tc.name, spilled, tc.spill)
		}
	}
}
