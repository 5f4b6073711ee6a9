package exact

import (
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// genBig draws integers around the interesting boundaries: small, near ±2^63, near ±2^127,
// and beyond.
func genBig() *rapid.Generator[*big.Int] {
	return rapid.Custom(func(t *rapid.T) *big.Int {
		bitsN := rapid.SampledFrom([]int{1, 8, 62, 63, 64, 65, 100, 126, 127, 128, 129, 200}).Draw(t, "bits")
		z := new(big.Int)
		for i := 0; i < bitsN; i += 32 {
			z.Lsh(z, 32)
			z.Or(z, big.NewInt(int64(rapid.Uint32().Draw(t, "w"))))
		}
		z.Rsh(z, uint(max(0, z.BitLen()-bitsN)))
		switch rapid.IntRange(0, 3).Draw(t, "tweak") {
		case 1:
			z.Sub(new(big.Int).Lsh(big.NewInt(1), uint(bitsN)), big.NewInt(int64(rapid.IntRange(0, 2).Draw(t, "off"))))
		case 2:
			z.SetInt64(int64(rapid.IntRange(-3, 3).Draw(t, "tiny")))
		}
		if rapid.Bool().Draw(t, "neg") {
			z.Neg(z)
		}
		return z
	})
}

// fromBigAny builds an Int the way the package does: inline when it fits int128.
func fromBigAny(z *big.Int) Int {
	if z.BitLen() < 127 {
		x := Int{}
		a := new(big.Int).Abs(z)
		lo := new(big.Int).And(a, new(big.Int).SetUint64(^uint64(0))).Uint64()
		hi := new(big.Int).Rsh(a, 64).Uint64()
		v, ok := from128(hi, lo, z.Sign() < 0)
		if !ok {
			panic("from128")
		}
		x = v
		return x
	}
	return Int{b: new(big.Int).Set(z)}
}

func TestXintOpsMatchBig(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genBig().Draw(t, "a"), genBig().Draw(t, "b")
		x, y := fromBigAny(a), fromBigAny(b)
		if got := x.Big(); got.Cmp(a) != 0 {
			t.Fatalf("round trip %v -> %v", a, got)
		}
		check := func(op string, got Int, want *big.Int) {
			if got.Big().Cmp(want) != 0 {
				t.Fatalf("%v %s %v = %v, want %v", a, op, b, got.Big(), want)
			}
		}
		check("+", Add(x, y), new(big.Int).Add(a, b))
		check("-", Sub(x, y), new(big.Int).Sub(a, b))
		check("*", Mul(x, y), new(big.Int).Mul(a, b))
		if got, want := Cmp(x, y), a.Cmp(b); got != want {
			t.Fatalf("Cmp(%v, %v) = %d, want %d", a, b, got, want)
		}
		if x.Sign() != a.Sign() {
			t.Fatalf("sign(%v) = %d", a, x.Sign())
		}
		k := int32(rapid.IntRange(0, 45).Draw(t, "k"))
		check("·10^k", MulPow10(x, k), new(big.Int).Mul(a, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)))
	})
}

// refRound rounds n/d (d > 0) to p places with big.Rat arithmetic and explicit rules.
func refRound(n, d *big.Int, p int32, mode Mode) *big.Int {
	r := new(big.Rat).SetFrac(n, d)
	r.Mul(r, new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(p)), nil)))
	neg := r.Sign() < 0
	r.Abs(r)
	q, rem := new(big.Int).QuoRem(r.Num(), r.Denom(), new(big.Int))
	twice := new(big.Int).Lsh(rem, 1)
	c := twice.Cmp(r.Denom())
	inc := false
	if rem.Sign() != 0 {
		switch mode {
		case Up:
			inc = true
		case HalfUp:
			inc = c >= 0
		case HalfEven:
			inc = c > 0 || (c == 0 && q.Bit(0) == 1)
		}
	}
	if inc {
		q.Add(q, big.NewInt(1))
	}
	if neg {
		q.Neg(q)
	}
	return q
}

func TestRoundqMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := genBig().Draw(t, "n")
		dd := genBig().Draw(t, "d")
		dd.Abs(dd)
		if dd.Sign() == 0 {
			dd.SetInt64(1)
		}
		p := int32(rapid.IntRange(0, 30).Draw(t, "p"))
		mode := Mode(rapid.IntRange(0, 3).Draw(t, "mode"))
		if rapid.Bool().Draw(t, "tie") {
			// n/d·10^p = m + 1/2 (+ a nudge of 1/d): an exact half, or just off it.
			dd.SetInt64(2 * rapid.Int64Range(1, 1e9).Draw(t, "halfd"))
			p = 0
			n.SetInt64(rapid.Int64Range(-1e6, 1e6).Draw(t, "m"))
			n.Mul(n, dd)
			n.Add(n, new(big.Int).Rsh(dd, 1))
			n.Add(n, big.NewInt(int64(rapid.IntRange(-1, 1).Draw(t, "nudge"))))
		}
		got := Quo(fromBigAny(n), fromBigAny(dd), p, mode).Big()
		if want := refRound(n, dd, p, mode); got.Cmp(want) != 0 {
			t.Fatalf("Quo(%v/%v, %d, %d) = %v, want %v", n, dd, p, mode, got, want)
		}
	})
}

func TestRoundShiftMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := genBig().Draw(t, "n")
		k := int32(rapid.IntRange(0, 40).Draw(t, "k"))
		mode := Mode(rapid.IntRange(0, 3).Draw(t, "mode"))
		// Exercise exact halves too: n = m·10^k + 5·10^(k-1) (+/- 1).
		if k > 0 && rapid.Bool().Draw(t, "half") {
			h := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k-1)), nil)
			h.Mul(h, big.NewInt(5))
			n.SetInt64(rapid.Int64Range(-1e6, 1e6).Draw(t, "m"))
			n.Mul(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil))
			n.Add(n, h)
			n.Add(n, big.NewInt(int64(rapid.IntRange(-1, 1).Draw(t, "nudge"))))
		}
		dd := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)
		got := Shift(fromBigAny(n), k, mode).Big()
		if want := refRound(n, dd, 0, mode); got.Cmp(want) != 0 {
			t.Fatalf("Shift(%v, %d, %d) = %v, want %v", n, k, mode, got, want)
		}
	})
}

func TestToDec(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := genBig().Draw(t, "n")
		exp := int32(rapid.IntRange(-30, 5).Draw(t, "exp"))
		var s Scratch
		got := s.Decimal(fromBigAny(n), exp)
		if want := decimal.NewFromBigInt(n, exp); !got.Equal(want) {
			t.Fatalf("toDec(%v, %d) = %v, want %v", n, exp, got, want)
		}
	})
}

func TestToDecZeroAllocatesNothing(t *testing.T) {
	var s Scratch
	if n := testing.AllocsPerRun(100, func() { _ = s.Decimal(Int{}, -24) }); n != 0 {
		t.Fatalf("zero: %v allocations", n)
	}
}

func TestRoundShiftHalves(t *testing.T) {
	e21 := new(big.Int).Exp(big.NewInt(10), big.NewInt(21), nil)
	v := func(tenths, plus int64) Int {
		z := new(big.Int).Mul(big.NewInt(tenths), e21)
		return fromBigAny(z.Add(z, big.NewInt(plus)))
	}
	cases := []struct {
		name                     string
		x                        Int
		halfUp, halfEven, dn, up int64
	}{
		{"0.5", v(5, 0), 1, 0, 0, 1},
		{"0.5+", v(5, 1), 1, 1, 0, 1},
		{"0.5-", v(5, -1), 0, 0, 0, 1},
		{"1.5", v(15, 0), 2, 2, 1, 2},
		{"2.5", v(25, 0), 3, 2, 2, 3},
		{"2.5+", v(25, 1), 3, 3, 2, 3},
		{"-2.5", v(-25, 0), -3, -2, -2, -3},
		{"-2.5-", v(-25, -1), -3, -3, -2, -3},
		{"3", v(30, 0), 3, 3, 3, 3},
		{"0", v(0, 0), 0, 0, 0, 0},
	}
	for _, c := range cases {
		for mode, want := range map[Mode]int64{HalfUp: c.halfUp, HalfEven: c.halfEven, Down: c.dn, Up: c.up} {
			got := Shift(c.x, 22, mode)
			if g, _ := got.Int64(); g != want {
				t.Errorf("%s mode %d: got %d, want %d", c.name, mode, g, want)
			}
			if g, _ := Quo(c.x, MulPow10(OfUint(1), 22), 0, mode).Int64(); g != want {
				t.Errorf("roundq %s mode %d: got %d, want %d", c.name, mode, g, want)
			}
		}
	}
}

func TestRoundqHalves(t *testing.T) {
	cases := []struct {
		n, d                     int64
		halfUp, halfEven, dn, up int64
	}{
		{1, 2, 1, 0, 0, 1},
		{3, 2, 2, 2, 1, 2},
		{5, 2, 3, 2, 2, 3},
		{-5, 2, -3, -2, -2, -3},
		{7, 6, 1, 1, 1, 2},
		{-7, 6, -1, -1, -1, -2},
		{6, 3, 2, 2, 2, 2},
		{0, 7, 0, 0, 0, 0},
	}
	for _, c := range cases {
		for mode, want := range map[Mode]int64{HalfUp: c.halfUp, HalfEven: c.halfEven, Down: c.dn, Up: c.up} {
			if g, _ := Quo(Of(c.n), Of(c.d), 0, mode).Int64(); g != want {
				t.Errorf("%d/%d mode %d: got %d, want %d", c.n, c.d, mode, g, want)
			}
			// The same through the wide path: multiply both by 10^30.
			big100 := Mul(MulPow10(OfUint(1), 30), Of(1))
			if g, _ := Quo(Mul(Of(c.n), big100), Mul(Of(c.d), big100), 0, mode).Int64(); g != want {
				t.Errorf("wide %d/%d mode %d: got %d, want %d", c.n, c.d, mode, g, want)
			}
		}
	}
}

// TestUint63IsInt64: Uint63 is Int64's answer for a non-negative value, false for a negative
// one, and false for a spilled value (FromBig holds every int64 inline), over values of every
// size around 2^63, 2^64 and 2^127, both signs, zero and the spilled forms FromBig builds.
func TestUint63IsInt64(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		z := genBig().Draw(t, "z")
		for _, x := range []Int{fromBigAny(z), FromBig(new(big.Int).Set(z))} {
			c, okInt := x.Int64()
			got, ok := x.Uint63()
			if want := okInt && c >= 0; ok != want || (ok && got != uint64(c)) {
				t.Fatalf("Uint63(%v) = %d, %v; Int64 %d, %v", z, got, ok, c, okInt)
			}
		}
	})
	for _, tc := range []struct {
		x    Int
		want uint64
		ok   bool
	}{
		{Of(0), 0, true},
		{Of(1<<62 + 3), 1<<62 + 3, true},
		{Of(-1), 0, false},
		{OfUint(1 << 63), 0, false},
		{Int{hi: 1}, 0, false},
		{FromBig(new(big.Int).Lsh(big.NewInt(1), 200)), 0, false},
	} {
		if got, ok := tc.x.Uint63(); ok != tc.ok || (ok && got != tc.want) {
			t.Errorf("Uint63(%v) = %d, %v; want %d, %v", tc.x.Big(), got, ok, tc.want, tc.ok)
		}
	}
}
