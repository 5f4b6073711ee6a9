package pricing

import (
	"testing"

	"github.com/respec-dev/respec/internal/exact"
	"pgregory.net/rapid"
)

// TestCashLimitIsQuo: cashLimit is Quo(cash, 10^P, places, Down), the general division it
// stands for, for cash of any size (zero, negative, one word, beyond 128 bits), P and places
// from 0 to 40 on either side of each other.
func TestCashLimitIsQuo(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cash := exact.MulPow10(exact.Of(rapid.Int64().Draw(t, "cash")), int32(rapid.IntRange(0, 30).Draw(t, "cashExp")))
		P, places := int32(rapid.IntRange(0, 40).Draw(t, "P")), int32(rapid.IntRange(0, 40).Draw(t, "places"))
		want := exact.Quo(cash, exact.MulPow10(exact.OfUint(1), P), places, exact.Down)
		if got := cashLimit(cash, P, places); exact.Cmp(got, want) != 0 {
			t.Fatalf("cashLimit(%s, %d, %d) = %s, want %s", cash.Big(), P, places, got.Big(), want.Big())
		}
	})
}

// TestCashLimitEdges: the limit of 3060 paid at P = 0 and 2 places is 306000 cents; of
// 12.345 (12345 at P = 3) at 2 places, 1234, not rounded up; at P = places it is the cash.
func TestCashLimitEdges(t *testing.T) {
	for _, tc := range []struct {
		cash      int64
		P, places int32
		want      int64
	}{{3060, 0, 2, 306000}, {12345, 3, 2, 1234}, {12345, 2, 2, 12345}, {19, 1, 0, 1}, {0, 5, 2, 0}} {
		if got := cashLimit(exact.Of(tc.cash), tc.P, tc.places); exact.Cmp(got, exact.Of(tc.want)) != 0 {
			t.Errorf("cashLimit(%d, %d, %d) = %s, want %d", tc.cash, tc.P, tc.places, got.Big(), tc.want)
		}
	}
}
