package exact

import (
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func TestDigits(t *testing.T) {
	cases := map[int64]int{0: 1, 9: 1, 10: 2, -10: 2, 999_999: 6, 1e15: 16, 1e18: 19, math.MaxInt64: 19, math.MinInt64: 19}
	for c, want := range cases {
		if got := Digits(c); got != want {
			t.Errorf("Digits(%d) = %d, want %d", c, got, want)
		}
	}
}

func TestNumDigitsMatchesString(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringMatching(`-?[1-9][0-9]{0,40}`).Draw(t, "coef")
		d, _ := decimal.NewFromString(s)
		want := len(s)
		if s[0] == '-' {
			want--
		}
		if got := NumDigits(d); got != want {
			t.Fatalf("NumDigits(%s) = %d, want %d", s, got, want)
		}
	})
}

func TestSmallBoundary(t *testing.T) {
	for _, tc := range []struct {
		d  decimal.Decimal
		ok bool
	}{
		{decimal.New(999_999_999_999_999_999, -15), true},
		{decimal.New(-999_999_999_999_999_999, 15), true},
		{decimal.New(1e18, -15), false},
		{decimal.New(-1e18, 0), false},
		{decimal.New(5, -16), false},
		{decimal.New(5, 16), false},
		{decimal.Decimal{}, false},
	} {
		c, ok := Small(tc.d)
		if ok != tc.ok || ok && c != tc.d.CoefficientInt64() {
			t.Errorf("Small(%s) = %d, %v; want ok %v", tc.d, c, ok, tc.ok)
		}
	}
}

// TestSmallAgreesWithComparison: the in-place read of the coefficient answers as the
// comparison with the bounds does, on coefficients around 10^18 and any exponent.
func TestSmallAgreesWithComparison(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.OneOf(rapid.Int64(), rapid.Int64Range(-1e18-5, -1e18+5), rapid.Int64Range(1e18-5, 1e18+5), rapid.Just(int64(0))).Draw(t, "c")
		e := int32(rapid.IntRange(-20, 20).Draw(t, "e"))
		d := decimal.New(c, e)
		wantOK := e >= -15 && e <= 15 && c != 0 && c < 1e18 && c > -1e18
		got, ok := Small(d)
		if ok != wantOK || ok && got != c {
			t.Fatalf("Small(%de%d) = %d, %v; want %v", c, e, got, ok, wantOK)
		}
	})
}
