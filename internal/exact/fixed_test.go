package exact

import (
	"math"
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// two128 is 2^128, the first magnitude the fixed-point functions do not hold.
var two128 = new(big.Int).Lsh(big.NewInt(1), 128)

// genMagnitude draws a magnitude hi:lo of 0 to 128 bits, the edges of each word among them.
func genMagnitude(t *rapid.T, name string) (hi, lo uint64) {
	word := func(n string) uint64 {
		return rapid.OneOf(rapid.Uint64Range(0, 1e6), rapid.Uint64(),
			rapid.SampledFrom([]uint64{0, 1, 1<<63 - 1, 1 << 63, math.MaxUint64})).Draw(t, n)
	}
	switch rapid.IntRange(0, 2).Draw(t, name+"Width") {
	case 0:
		return 0, word(name + "Lo")
	case 1:
		return rapid.Uint64Range(0, 1e6).Draw(t, name+"Hi"), word(name + "Lo")
	}
	return word(name + "Hi"), word(name + "Lo")
}

// magnitudeBig is hi:lo in math/big.
func magnitudeBig(hi, lo uint64) *big.Int {
	z := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
	return z.Or(z, new(big.Int).SetUint64(lo))
}

// roundedBig is n ÷ d rounded to an integer by mode, by the tests' reference rounding.
func roundedBig(n, d *big.Int, mode Mode) *big.Int { return refRound(n, d, 0, mode) }

// TestMul128MatchesBig: the product, and whether it fits 128 bits, as math/big has them.
func TestMul128MatchesBig(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		hi, lo := genMagnitude(t, "x")
		m := rapid.OneOf(rapid.Uint64Range(0, 1e6), rapid.Uint64(), rapid.SampledFrom([]uint64{0, 1, 10, math.MaxUint64})).Draw(t, "m")
		want := new(big.Int).Mul(magnitudeBig(hi, lo), new(big.Int).SetUint64(m))
		rh, rl, ok := Mul128(hi, lo, m)
		if wantOK := want.Cmp(two128) < 0; ok != wantOK {
			t.Fatalf("Mul128(%d:%d, %d) fits %v, want %v", hi, lo, m, ok, wantOK)
		}
		if ok && magnitudeBig(rh, rl).Cmp(want) != 0 {
			t.Fatalf("Mul128(%d:%d, %d) = %v, want %v", hi, lo, m, magnitudeBig(rh, rl), want)
		}
	})
}

// TestQuoPow10MatchesBig: (hi:lo)·10^k ÷ d rounded by every mode, as math/big has it, and an
// answer exactly when the numerator fits 128 bits (k ≥ 0) or the divisor 64 (k < 0).
func TestQuoPow10MatchesBig(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		hi, lo := genMagnitude(t, "n")
		k := rapid.OneOf(rapid.Int32Range(-3, 3), rapid.Int32Range(-45, 45)).Draw(t, "k")
		d := rapid.OneOf(rapid.Uint64Range(1, 1000), rapid.Uint64Range(1, math.MaxUint64), rapid.SampledFrom([]uint64{1, 2, 720, math.MaxUint64})).Draw(t, "d")
		mode := Mode(rapid.IntRange(0, 3).Draw(t, "mode"))
		n, den := magnitudeBig(hi, lo), new(big.Int).SetUint64(d)
		pow := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(max(k, -k))), nil)
		wantOK := true
		if k >= 0 {
			n.Mul(n, pow)
			wantOK = n.Cmp(two128) < 0
		} else {
			den.Mul(den, pow)
			wantOK = den.BitLen() <= 64
		}
		qh, ql, ok := QuoPow10(hi, lo, k, d, mode)
		if ok != wantOK {
			t.Fatalf("QuoPow10(%d:%d, %d, %d) answered %v, want %v", hi, lo, k, d, ok, wantOK)
		}
		if want := roundedBig(n, den, mode); ok && magnitudeBig(qh, ql).Cmp(want) != 0 {
			t.Fatalf("QuoPow10(%d:%d, %d, %d, %d) = %v, want %v", hi, lo, k, d, mode, magnitudeBig(qh, ql), want)
		}
	})
}

// TestQuoRoundingMatchesBig: (hi:lo) ÷ d (k = 0) rounded by every mode, as math/big has it,
// at halves and at the largest quotients.
func TestQuoRoundingMatchesBig(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		hi, lo := genMagnitude(t, "n")
		d := rapid.OneOf(rapid.Uint64Range(1, 10), rapid.Uint64Range(1, math.MaxUint64), rapid.SampledFrom([]uint64{1, 2, math.MaxUint64})).Draw(t, "d")
		mode := Mode(rapid.IntRange(0, 3).Draw(t, "mode"))
		qh, ql, ok := QuoPow10(hi, lo, 0, d, mode)
		if want := roundedBig(magnitudeBig(hi, lo), new(big.Int).SetUint64(d), mode); !ok || magnitudeBig(qh, ql).Cmp(want) != 0 {
			t.Fatalf("QuoPow10(%d:%d, 0, %d, %d) = %v, %v; want %v", hi, lo, d, mode, magnitudeBig(qh, ql), ok, want)
		}
	})
}

// TestQuoRoundingEdges: the rounding of each mode at a remainder below, at and above half the
// divisor, of an even and an odd quotient, and the carry from the low word into the high one.
func TestQuoRoundingEdges(t *testing.T) {
	for _, tc := range []struct {
		hi, lo, d uint64
		mode      Mode
		wantHi    uint64
		wantLo    uint64
	}{
		{0, 25, 10, HalfUp, 0, 3}, {0, 25, 10, HalfEven, 0, 2}, {0, 35, 10, HalfEven, 0, 4},
		{0, 24, 10, HalfUp, 0, 2}, {0, 26, 10, HalfEven, 0, 3}, {0, 21, 10, Up, 0, 3},
		{0, 29, 10, Down, 0, 2}, {0, 20, 10, Up, 0, 2}, {0, 20, 10, HalfUp, 0, 2},
		{1, math.MaxUint64, 2, HalfUp, 1, 0}, {3, math.MaxUint64, 2, Up, 2, 0},
		{math.MaxUint64, math.MaxUint64, 1, Up, math.MaxUint64, math.MaxUint64},
		{0, 7, 1, HalfEven, 0, 7},
	} {
		h, l, ok := QuoPow10(tc.hi, tc.lo, 0, tc.d, tc.mode)
		if !ok || h != tc.wantHi || l != tc.wantLo {
			t.Errorf("QuoPow10(%d:%d, 0, %d, %d) = %d:%d, %v; want %d:%d", tc.hi, tc.lo, tc.d, tc.mode, h, l, ok, tc.wantHi, tc.wantLo)
		}
	}
}

// TestQuoPow10Edges: the steps of 19 powers of ten, the largest divisor a negative k leaves in
// 64 bits and the first that does not.
func TestQuoPow10Edges(t *testing.T) {
	for _, tc := range []struct {
		name   string
		hi, lo uint64
		k      int32
		d      uint64
		ok     bool
		want   string
	}{
		{"10^19 in one step", 0, 1, 19, 1, true, "10000000000000000000"},
		{"10^20 in two", 0, 1, 20, 1, true, "100000000000000000000"},
		{"10^38", 0, 1, 38, 1, true, "100000000000000000000000000000000000000"},
		{"10^39 does not fit", 0, 1, 39, 1, false, ""},
		{"3·10^38 fits", 0, 3, 38, 1, true, "300000000000000000000000000000000000000"},
		{"4·10^38 does not", 0, 4, 38, 1, false, ""},
		{"÷10^19", 0, 5e18, -19, 1, true, "1"},
		{"÷10^20 does not fit a word", 0, 1, -20, 1, false, ""},
		{"÷2·10^19 does not fit a word", 0, 1, -19, 2, false, ""},
		{"÷720·10^16 fits", 0, 72e17, -16, 720, true, "1"},
		{"÷720·10^17 does not", 0, 1, -17, 720, false, ""},
		{"k = 0", 0, 1441, 0, 720, true, "2"},
	} {
		qh, ql, ok := QuoPow10(tc.hi, tc.lo, tc.k, tc.d, HalfUp)
		if ok != tc.ok || ok && magnitudeBig(qh, ql).String() != tc.want {
			t.Errorf("%s: QuoPow10 = %v, %v; want %s, %v", tc.name, magnitudeBig(qh, ql), ok, tc.want, tc.ok)
		}
	}
}

// TestOfMagnitude: hi:lo as an Int, inline below 2^127 and spilled from there.
func TestOfMagnitude(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		hi, lo := genMagnitude(t, "x")
		x := OfMagnitude(hi, lo)
		if x.Big().Cmp(magnitudeBig(hi, lo)) != 0 {
			t.Fatalf("OfMagnitude(%d:%d) = %v", hi, lo, x.Big())
		}
		if spilled := x.b != nil; spilled != (hi>>63 != 0) {
			t.Fatalf("OfMagnitude(%d:%d) spilled %v", hi, lo, spilled)
		}
	})
	for _, hi := range []uint64{1<<63 - 1, 1 << 63} {
		if got, want := OfMagnitude(hi, 5).Big(), magnitudeBig(hi, 5); got.Cmp(want) != 0 {
			t.Errorf("OfMagnitude(%d:5) = %v, want %v", hi, got, want)
		}
	}
}

// TestArenaZeroNeedsNoSlot: zero is the zero Decimal, taking neither a slot nor an
// allocation, whether the arena is full or not; a full arena still builds every other value.
func TestArenaZeroNeedsNoSlot(t *testing.T) {
	var a Arena
	if d := a.Decimal(Int{}, -2); d != (decimal.Decimal{}) || a.n != 0 {
		t.Fatalf("zero: %v (%d slots)", d, a.n)
	}
	for i := range ArenaSize {
		a.Decimal(Of(int64(i+1)), 0)
	}
	if n := testing.AllocsPerRun(100, func() { sinkDec = a.Decimal(Int{}, -2) }); n != 0 || sinkDec != (decimal.Decimal{}) {
		t.Errorf("zero in a full arena: %v, %v allocations", sinkDec, n)
	}
	if d := a.Decimal(Of(-123), -2); d.String() != "-1.23" {
		t.Errorf("a full arena's decimal: %v, want -1.23", d)
	}
	var z big.Int
	var w Words
	if d := DecimalIn(&z, &w, Int{}, 3); d != (decimal.Decimal{}) {
		t.Errorf("DecimalIn of zero: %v", d)
	}
	if d := DecimalIn(&z, &w, Of(-5), -1); d.String() != "-0.5" || d.Coefficient().Cmp(big.NewInt(-5)) != 0 {
		t.Errorf("DecimalIn(-5, -1) = %v", d)
	}
}

// TestSubInMatchesDecimal: a − b as decimal computes it, at the smaller exponent, wherever
// SubIn answers; it declines exactly when the coefficients do not align in int64s, the
// difference is zero, or it overflows an int64.
func TestSubInMatchesDecimal(t *testing.T) {
	gen := func(t *rapid.T, name string) decimal.Decimal {
		c := rapid.OneOf(rapid.Int64Range(-1e6, 1e6), rapid.Int64(),
			rapid.SampledFrom([]int64{0, 1, -1, 1e18 - 1, -1e18 + 1, math.MaxInt64 / 100, math.MinInt64 / 100})).Draw(t, name)
		return decimal.New(c, rapid.Int32Range(-6, 6).Draw(t, name+"Exp"))
	}
	rapid.Check(t, func(t *rapid.T) {
		a, b := gen(t, "a"), gen(t, "b")
		if rapid.Bool().Draw(t, "same") {
			b = a
		}
		var z big.Int
		var w Words
		got, ok := SubIn(&z, &w, a, b)
		ac, bc, exp, aligned := Aligned(a, b)
		diff := new(big.Int).Sub(big.NewInt(ac), big.NewInt(bc))
		wantOK := aligned && diff.Sign() != 0 && diff.IsInt64()
		if ok != wantOK {
			t.Fatalf("SubIn(%s, %s) answered %v, want %v", a, b, ok, wantOK)
		}
		if ok && (got.Exponent() != exp || got.Coefficient().Cmp(diff) != 0 || !got.Equal(a.Sub(b))) {
			t.Fatalf("SubIn(%s, %s) = %se%d, want %se%d", a, b, got.Coefficient(), got.Exponent(), diff, exp)
		}
	})
}

// TestSubInEdges: the edges of the overflow test, a zero difference and the allocations.
func TestSubInEdges(t *testing.T) {
	var z big.Int
	var w Words
	for _, tc := range []struct {
		a, b decimal.Decimal
		ok   bool
		want string
	}{
		{decimal.New(10000, 0), decimal.New(85, -2), true, "9999.15"},
		{decimal.New(5, -2), decimal.New(5, -2), false, ""},
		{decimal.New(-1e17, 0), decimal.New(1e17, 0), true, "-200000000000000000"},
		{decimal.New(-5e17, 1), decimal.New(1e17, 0), true, "-5100000000000000000"},
		{decimal.New(-9e17, 0), decimal.New(9e17, 0), true, "-1800000000000000000"},
		{decimal.New(-9e17, 1), decimal.New(9e17, 1), true, "-18000000000000000000"},
		{decimal.New(-9e17, 0), decimal.New(9e17, 1), false, ""}, // 9·10^18 at exponent 0 overflows
		{decimal.New(1, 0), decimal.Decimal{}, true, "1"},
		{decimal.New(1, 15), decimal.New(1, -15), false, ""}, // 10^30 does not align in an int64
	} {
		got, ok := SubIn(&z, &w, tc.a, tc.b)
		if ok != tc.ok || ok && got.String() != tc.want {
			t.Errorf("SubIn(%s, %s) = %s, %v; want %s, %v", tc.a, tc.b, got, ok, tc.want, tc.ok)
		}
	}
	a, b := decimal.New(10000, 0), decimal.New(85, -2)
	if n := testing.AllocsPerRun(100, func() { sinkDec, _ = SubIn(&z, &w, a, b) }); n != 0 {
		t.Errorf("SubIn allocated %v times", n)
	}
}

// TestDivRoundEachSideOfOneWord holds divRound to math/big with the high word just below, at
// and just above the divisor (one division below it, two from it on), and drawn.
func TestDivRoundEachSideOfOneWord(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := rapid.OneOf(rapid.Uint64Range(1, 1000), rapid.Uint64Range(1, math.MaxUint64), rapid.SampledFrom([]uint64{1, 2, 720, math.MaxUint64})).Draw(t, "d")
		hi := rapid.OneOf(rapid.SampledFrom([]uint64{0, d - 1, d, d + 1, math.MaxUint64}), rapid.Uint64()).Draw(t, "hi")
		lo := rapid.OneOf(rapid.Uint64(), rapid.SampledFrom([]uint64{0, 1, d / 2, d/2 + 1, d - 1, math.MaxUint64})).Draw(t, "lo")
		mode := Mode(rapid.IntRange(0, 3).Draw(t, "mode"))
		qh, ql := divRound(hi, lo, d, mode)
		if want := roundedBig(magnitudeBig(hi, lo), new(big.Int).SetUint64(d), mode); magnitudeBig(qh, ql).Cmp(want) != 0 {
			t.Fatalf("divRound(%d:%d, %d, %d) = %v, want %v", hi, lo, d, mode, magnitudeBig(qh, ql), want)
		}
	})
}

// scaleInt64ByDivision is scaleInt64 as first written: the product checked by dividing it back.
func scaleInt64ByDivision(c int64, k int32) (int64, bool) {
	if c == 0 {
		return 0, true
	}
	if k > 18 {
		return 0, false
	}
	p := int64(pow10[k])
	r := c * p
	if r/p != c {
		return 0, false
	}
	return r, true
}

// TestScaleInt64MatchesBig holds scaleInt64 (overflow told by the product's high word) to
// math/big and to the division it replaced, over coefficients at the int64 bounds and at
// each power of ten's limit (MaxInt64 ÷ 10^k and one more, both signs), zero, and exponents to
// 25.
func TestScaleInt64MatchesBig(t *testing.T) {
	limits := []int64{0, 1, -1, math.MaxInt64, math.MinInt64, math.MaxInt64 - 1, math.MinInt64 + 1}
	for k := 0; k <= 18; k++ {
		l := math.MaxInt64 / int64(pow10[k])
		limits = append(limits, l, l+1, -l, -l-1, -l-2, math.MinInt64/int64(pow10[k]))
	}
	check := func(t interface{ Fatalf(string, ...any) }, c int64, k int32) {
		got, ok := scaleInt64(c, k)
		want := new(big.Int).Mul(big.NewInt(c), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil))
		if wantOK := want.IsInt64(); ok != wantOK || ok && got != want.Int64() {
			t.Fatalf("scaleInt64(%d, %d) = %d, %v; want %v, %v", c, k, got, ok, want, wantOK)
		}
		if old, oldOK := scaleInt64ByDivision(c, k); ok != oldOK || old != got {
			t.Fatalf("scaleInt64(%d, %d) = %d, %v; by division %d, %v", c, k, got, ok, old, oldOK)
		}
	}
	for _, c := range limits {
		for k := int32(0); k <= 25; k++ {
			check(t, c, k)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.OneOf(rapid.Int64(), rapid.Int64Range(-1e6, 1e6), rapid.SampledFrom(limits)).Draw(t, "c")
		check(t, c, rapid.Int32Range(0, 25).Draw(t, "k"))
	})
}
