package exact

import (
	"math/big"
	"testing"

	"pgregory.net/rapid"
)

// genWord draws a uint64 around the interesting boundaries: 0, 1, small, near 2^63 and 2^64.
func genWord(t *rapid.T, name string) uint64 {
	switch rapid.IntRange(0, 4).Draw(t, name+"Kind") {
	case 0:
		return uint64(rapid.IntRange(0, 3).Draw(t, name+"Tiny"))
	case 1:
		return 1<<63 - uint64(rapid.IntRange(-2, 2).Draw(t, name+"Near63"))
	case 2:
		return ^uint64(0) - uint64(rapid.IntRange(0, 2).Draw(t, name+"Near64"))
	case 3:
		return rapid.Uint64Range(0, 1e12).Draw(t, name+"Small")
	}
	return rapid.Uint64().Draw(t, name)
}

// TestMulUint: MulUint is the product when it fits an int64, and says so exactly then.
func TestMulUint(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genWord(t, "a"), genWord(t, "b")
		got, ok := MulUint(a, b)
		want := new(big.Int).Mul(new(big.Int).SetUint64(a), new(big.Int).SetUint64(b))
		if fits := want.BitLen() <= 63; ok != fits || (ok && got != want.Uint64()) {
			t.Fatalf("MulUint(%d, %d) = %d, %v; want %v (fits %v)", a, b, got, ok, want, fits)
		}
	})
}

// TestPow10Uint: 10^k for k in [0, 19], nothing outside.
func TestPow10Uint(t *testing.T) {
	for k := int32(-2); k <= 21; k++ {
		got, ok := Pow10Uint(k)
		want := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(max(k, 0))), nil)
		if fits := k >= 0 && k <= 19; ok != fits || (ok && got != want.Uint64()) {
			t.Errorf("Pow10Uint(%d) = %d, %v", k, got, ok)
		}
	}
}

// TestQuoWideIsQuo: QuoWide is Quo for every mode, numerator (one word or the product of
// two, up to 2^126), divisor and number of digits, and gives up exactly when the quotient
// does not fit 128 bits inline.
func TestQuoWideIsQuo(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := WideOf(genWord(t, "n") >> 1)
		if rapid.Bool().Draw(t, "product") {
			n = WideMul(genWord(t, "a")>>1, genWord(t, "b")>>1)
		}
		d := max(1, genWord(t, "d"))
		p := int32(rapid.IntRange(0, 38).Draw(t, "p"))
		mode := Mode(rapid.IntRange(0, 3).Draw(t, "mode"))
		nb := new(big.Int).Lsh(new(big.Int).SetUint64(n.hi), 64)
		nb.Or(nb, new(big.Int).SetUint64(n.lo))
		want := Quo(fromBigAny(nb), OfUint(d), p, mode)
		got, ok := QuoWide(n, d, p, mode)
		if fits := want.Big().BitLen() <= 127; ok != fits || (ok && Cmp(got, want) != 0) || got.b != nil {
			t.Fatalf("QuoWide(%v, %d, %d, %d) = %v, %v; Quo %v", nb, d, p, mode, got.Big(), ok, want.Big())
		}
	})
}

// TestPow10Wide: the table's entries are the powers of ten.
func TestPow10Wide(t *testing.T) {
	for k, w := range pow10Wide {
		want := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)
		got := new(big.Int).Lsh(new(big.Int).SetUint64(w.hi), 64)
		got.Or(got, new(big.Int).SetUint64(w.lo))
		if got.Cmp(want) != 0 {
			t.Errorf("pow10Wide[%d] = %v", k, got)
		}
	}
}

// TestQuoRemPow10: QuoRemPow10 is Shift rounding down and its remainder, for every
// non-negative x (inline or spilled) and every k.
func TestQuoRemPow10(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xb := new(big.Int).Abs(genBig().Draw(t, "x"))
		x := fromBigAny(xb)
		k := int32(rapid.IntRange(0, 45).Draw(t, "k"))
		q, r := QuoRemPow10(x, k)
		p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)
		wq, wr := new(big.Int).QuoRem(xb, p, new(big.Int))
		if q.Big().Cmp(wq) != 0 || r.Big().Cmp(wr) != 0 {
			t.Fatalf("QuoRemPow10(%v, %d) = %v, %v; want %v, %v", xb, k, q.Big(), r.Big(), wq, wr)
		}
	})
}

// TestQuoWideEdges: half-even ties (the parity of the quotient decides), and products that
// leave 127 bits by a carry between the words or by the top bit alone, in the one-word and
// the two-word multiplications: the quotient does not fit, so ok is false.
func TestQuoWideEdges(t *testing.T) {
	for _, tc := range []struct {
		n    Wide
		d    uint64
		p    int32
		mode Mode
		want uint64 // when ok
		ok   bool
	}{
		{WideOf(5), 2, 0, HalfEven, 2, true},                   // 2.5 → 2
		{WideOf(7), 2, 0, HalfEven, 4, true},                   // 3.5 → 4
		{WideOf(25), 10, 0, HalfUp, 3, true},                   // 2.5 → 3
		{WideOf(3.6e18), 1, 20, HalfUp, 0, false},              // 3.6·10^38: a carry into 2^128
		{WideOf(2e18), 1, 20, HalfUp, 0, false},                // 2·10^38: the top bit
		{Wide{hi: 1, lo: ^uint64(0)}, 1, 19, HalfUp, 0, false}, // (2^65 − 1)·10^19: a carry
		{Wide{hi: 1}, 1, 19, HalfUp, 0, false},                 // 2^64·10^19: the top bit
	} {
		got, ok := QuoWide(tc.n, tc.d, tc.p, tc.mode)
		if ok != tc.ok || (ok && (got.hi != 0 || got.lo != tc.want)) {
			t.Errorf("QuoWide(%v, %d, %d, %d) = %v, %v; want %d, %v", tc.n, tc.d, tc.p, tc.mode, got.Big(), ok, tc.want, tc.ok)
		}
	}
}

// TestQuoRemPow10Carries: remainders past one word, whose two parts carry into the high word
// (k from 20 to 38, x from just above 10^19 to just above 2^127), and k from 39 to 45, where
// the quotient is 0 and the remainder x itself.
func TestQuoRemPow10Carries(t *testing.T) {
	carries := 0
	for bitsN := 64; bitsN <= 127; bitsN++ {
		for _, off := range []int64{-1, 0, 12345678901} {
			xb := new(big.Int).Add(new(big.Int).Lsh(big.NewInt(1), uint(bitsN)), big.NewInt(off))
			for k := int32(20); k <= 45; k++ {
				q, r := QuoRemPow10(fromBigAny(xb), k)
				p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)
				wq, wr := new(big.Int).QuoRem(xb, p, new(big.Int))
				if q.Big().Cmp(wq) != 0 || r.Big().Cmp(wr) != 0 {
					t.Fatalf("QuoRemPow10(%v, %d) = %v, %v; want %v, %v", xb, k, q.Big(), r.Big(), wq, wr)
				}
				if r.hi != 0 && new(big.Int).Rsh(wr, 64).Sign() > 0 {
					carries++
				}
			}
		}
	}
	if carries == 0 {
		t.Fatal("no remainder past one word")
	}
}

// TestQuoWideGrid: QuoWide is Quo over a grid of one-word numerators (every bit length, at
// and around the powers of two), every number of digits and divisors from 1 to 2^64 − 1, in
// every mode: products that overflow in each of the ways the one-word multiplication tests.
func TestQuoWideGrid(t *testing.T) {
	for bitsN := uint(1); bitsN <= 63; bitsN++ {
		for _, off := range []int64{-1, 0, 1} {
			n := uint64(1)<<bitsN + uint64(off)
			if n>>63 != 0 {
				continue
			}
			for p := int32(0); p <= 38; p++ {
				for _, d := range []uint64{1, 3, 1e19 - 1, ^uint64(0)} {
					for mode := HalfUp; mode <= Up; mode++ {
						want := Quo(OfUint(n), OfUint(d), p, mode)
						got, ok := QuoWide(WideOf(n), d, p, mode)
						if fits := want.Big().BitLen() <= 127; ok != fits || (ok && Cmp(got, want) != 0) {
							t.Fatalf("QuoWide(%d, %d, %d, %d) = %v, %v; Quo %v", n, d, p, mode, got.Big(), ok, want.Big())
						}
					}
				}
			}
		}
	}
}

// QuoWide by 1 (QuoWord's multiplication on one word, mulPow10's on two) is hi:lo·10^p
// exactly, ok exactly when the product is below 2^127.
func TestQuoWideByOneIsProduct(t *testing.T) {
	limit := new(big.Int).Lsh(big.NewInt(1), 127)
	rapid.Check(t, func(t *rapid.T) {
		// A Wide is below 2^127; a one-word numerator below 2^63.
		hi := genWord(t, "hi") >> rapid.IntRange(1, 64).Draw(t, "shift")
		lo := genWord(t, "lo")
		if hi == 0 {
			lo >>= 1
		}
		p := int32(rapid.IntRange(0, 38).Draw(t, "p"))
		want := new(big.Int).Lsh(new(big.Int).SetUint64(hi), 64)
		want.Or(want, new(big.Int).SetUint64(lo))
		want.Mul(want, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(p)), nil))
		got, ok := QuoWide(Wide{hi: hi, lo: lo}, 1, p, Down)
		if wantOK := want.Cmp(limit) < 0; ok != wantOK {
			t.Fatalf("QuoWide(%d:%d, 1, %d): ok %v, want %v", hi, lo, p, ok, wantOK)
		}
		if ok && got.Big().Cmp(want) != 0 {
			t.Fatalf("QuoWide(%d:%d, 1, %d) = %v, want %v", hi, lo, p, got.Big(), want)
		}
	})
}

// TestQuoRemPow10AtTheTop: by 10^38 the quotient of an inline value is 1 from 10^38 up (x
// reaches 2^127 − 1 ≈ 1.7·10^38), the one k above 19 where the word quotient q1 ÷ 10^19 is
// not 0; by 10^39 it is 0 and the remainder x itself.
func TestQuoRemPow10AtTheTop(t *testing.T) {
	top := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), 127), big.NewInt(1))
	e38 := new(big.Int).Exp(big.NewInt(10), big.NewInt(38), nil)
	for _, tc := range []struct {
		x      *big.Int
		k      int32
		wq, wr *big.Int
	}{
		{e38, 38, big.NewInt(1), big.NewInt(0)},
		{top, 38, big.NewInt(1), new(big.Int).Sub(top, e38)},
		{new(big.Int).Sub(e38, big.NewInt(1)), 38, big.NewInt(0), new(big.Int).Sub(e38, big.NewInt(1))},
		{top, 39, big.NewInt(0), top},
	} {
		// Held inline, as the package holds every value below 2^127 (fromBigAny spills from 2^126).
		x := Int{hi: new(big.Int).Rsh(tc.x, 64).Uint64(), lo: tc.x.Uint64()}
		q, r := QuoRemPow10(x, tc.k)
		if q.Big().Cmp(tc.wq) != 0 || r.Big().Cmp(tc.wr) != 0 {
			t.Errorf("QuoRemPow10(%v, %d) = %v, %v; want %v, %v", tc.x, tc.k, q.Big(), r.Big(), tc.wq, tc.wr)
		}
	}
}

// TestQuoRemPow10TopBit holds QuoRemPow10 to math/big on the inline values of 127 bits,
// which fromBigAny (and so TestQuoRemPow10) spills, by every k.
func TestQuoRemPow10TopBit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		x := Int{hi: rapid.Uint64Range(1<<62, 1<<63-1).Draw(t, "hi"), lo: rapid.Uint64().Draw(t, "lo")}
		k := int32(rapid.IntRange(0, 45).Draw(t, "k"))
		xb := x.Big()
		q, r := QuoRemPow10(x, k)
		p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)
		wq, wr := new(big.Int).QuoRem(xb, p, new(big.Int))
		if q.Big().Cmp(wq) != 0 || r.Big().Cmp(wr) != 0 {
			t.Fatalf("QuoRemPow10(%v, %d) = %v, %v; want %v, %v", xb, k, q.Big(), r.Big(), wq, wr)
		}
	})
}
