// Package exact is respec's exact integer arithmetic: signed integers held in 128 bits
// inline (spilling to math/big beyond), division rounded by a mode, the powers of ten, a digit
// counter and the allocation-free fast paths over shopspring decimals that model and pricing
// share. Every operation is exact; nothing here has state.
package exact

import (
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// Int is an exact signed integer. A value that fits a signed 128-bit integer is held inline
// (hi:lo, two's complement) and costs no allocation; a larger one spills to b. Every
// operation is exact: on overflow it recomputes with math/big. Values are immutable: b is
// never changed after it is built.
type Int struct {
	lo uint64
	hi uint64
	b  *big.Int
}

// xi returns v as an Int.
func Of(v int64) Int { return Int{lo: uint64(v), hi: uint64(v >> 63)} }

// xu returns v as an Int.
func OfUint(v uint64) Int { return Int{lo: v} }

// pow10 holds 10^0 … 10^19, the powers of ten that fit a uint64. Read-only.
var pow10 = [20]uint64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

func (x Int) Sign() int {
	if x.b != nil {
		return x.b.Sign()
	}
	if int64(x.hi) < 0 {
		return -1
	}
	if x.hi == 0 && x.lo == 0 {
		return 0
	}
	return 1
}

// abs128 returns |x| as an unsigned 128-bit value and whether x is negative (x inline).
func (x Int) abs128() (hi, lo uint64, neg bool) {
	if int64(x.hi) >= 0 {
		return x.hi, x.lo, false
	}
	lo, b := bits.Sub64(0, x.lo, 0)
	hi, _ = bits.Sub64(0, x.hi, b)
	return hi, lo, true
}

// from128 returns the signed value of magnitude hi:lo, negated when neg, if it fits.
func from128(hi, lo uint64, neg bool) (Int, bool) {
	if !neg {
		if hi>>63 != 0 {
			return Int{}, false
		}
		return Int{lo: lo, hi: hi}, true
	}
	if hi>>63 != 0 && (hi != 1<<63 || lo != 0) {
		return Int{}, false
	}
	lo, b := bits.Sub64(0, lo, 0)
	hi, _ = bits.Sub64(0, hi, b)
	return Int{lo: lo, hi: hi}, true
}

// int64Val returns x as an int64 when it fits.
func (x Int) Int64() (int64, bool) {
	if x.b != nil {
		if x.b.IsInt64() {
			return x.b.Int64(), true
		}
		return 0, false
	}
	if x.hi == uint64(int64(x.lo)>>63) {
		return int64(x.lo), true
	}
	return 0, false
}

// Uint63 returns x as a machine word when it is held inline and 0 ≤ x < 2^63: Int64's answer
// for a non-negative value, in a test small enough to inline. A spilled value gives false
// (FromBig and Of hold every value that fits an int64 inline).
func (x Int) Uint63() (uint64, bool) {
	return x.lo, x.b == nil && x.hi == 0 && int64(x.lo) >= 0
}

// bigv returns x as a *big.Int. For a spilled value it is x's own: do not change it.
func (x Int) Big() *big.Int {
	if x.b != nil {
		return x.b
	}
	hi, lo, neg := x.abs128()
	z := new(big.Int).SetUint64(hi)
	z.Lsh(z, 64)
	z.Add(z, new(big.Int).SetUint64(lo))
	if neg {
		z.Neg(z)
	}
	return z
}

// fromBig returns z as an Int, inline when it fits an int64. z must not be changed after.
func FromBig(z *big.Int) Int {
	if z.IsInt64() {
		return Of(z.Int64())
	}
	return Int{b: z}
}

func Add(x, y Int) Int {
	if x.b == nil && y.b == nil {
		lo, c := bits.Add64(x.lo, y.lo, 0)
		hi, _ := bits.Add64(x.hi, y.hi, c)
		// Overflow iff x and y have the same sign and the sum's sign differs.
		if ((x.hi^hi)&(y.hi^hi))>>63 == 0 {
			return Int{lo: lo, hi: hi}
		}
	}
	return FromBig(new(big.Int).Add(x.Big(), y.Big()))
}

func Sub(x, y Int) Int {
	if x.b == nil && y.b == nil {
		lo, c := bits.Sub64(x.lo, y.lo, 0)
		hi, _ := bits.Sub64(x.hi, y.hi, c)
		// Overflow iff x and y have different signs and the difference's sign is not x's.
		if ((x.hi^y.hi)&(x.hi^hi))>>63 == 0 {
			return Int{lo: lo, hi: hi}
		}
	}
	return FromBig(new(big.Int).Sub(x.Big(), y.Big()))
}

func Mul(x, y Int) Int {
	if x.hi|y.hi == 0 && x.b == nil && y.b == nil {
		// Two values in [0, 2^64), the common case: one multiplication.
		if hi, lo := bits.Mul64(x.lo, y.lo); hi>>63 == 0 {
			return Int{lo: lo, hi: hi}
		}
	}
	if x.b == nil && y.b == nil {
		xh, xl, xn := x.abs128()
		yh, yl, yn := y.abs128()
		var hi, lo uint64
		ok := true
		switch {
		case xh == 0 && yh == 0:
			hi, lo = bits.Mul64(xl, yl)
		case xh == 0 || yh == 0:
			if xh != 0 {
				xh, xl, yh, yl = yh, yl, xh, xl
			}
			// xl × (yh:yl) with xh == 0.
			h1, l1 := bits.Mul64(xl, yl)
			h2, l2 := bits.Mul64(xl, yh)
			var c uint64
			hi, c = bits.Add64(l2, h1, 0)
			lo = l1
			ok = h2 == 0 && c == 0
		default:
			ok = false
		}
		if ok {
			if r, fits := from128(hi, lo, xn != yn); fits {
				return r
			}
		}
	}
	return FromBig(new(big.Int).Mul(x.Big(), y.Big()))
}

// mulPow10 returns x·10^k, k ≥ 0.
func MulPow10(x Int, k int32) Int {
	for k > 19 {
		x = Mul(x, OfUint(pow10[19]))
		k -= 19
	}
	if k == 0 {
		return x
	}
	return Mul(x, OfUint(pow10[k]))
}

func Cmp(x, y Int) int {
	if x.b == nil && y.b == nil {
		switch {
		case int64(x.hi) < int64(y.hi):
			return -1
		case int64(x.hi) > int64(y.hi):
			return 1
		case x.lo < y.lo:
			return -1
		case x.lo > y.lo:
			return 1
		}
		return 0
	}
	return x.Big().Cmp(y.Big())
}

// Mode is a rounding mode.
type Mode uint8

// The rounding modes.
const (
	HalfUp   Mode = iota // half away from zero
	HalfEven             // half to even
	Down                 // toward zero
	Up                   // away from zero
)

// remainderSign is the sign of the remainder r·10^k + low of a division (0 ≤ r, low).
func remainderSign(r, low uint64) int {
	if r != 0 || low != 0 {
		return 1
	}
	return 0
}

// halfSign is the sign of the remainder r·10^k + low of a division by d·10^k, against half
// the divisor (0 ≤ r < d, 0 ≤ low < 10^k): 1 above, 0 at, -1 below.
func halfSign(r, d, low uint64) int {
	switch rest := d - r; {
	case r > rest:
		return 1
	case r < rest:
		return -1
	case low != 0:
		return 1
	}
	return 0
}

// bump reports whether a magnitude truncated with remainder r (0 ≤ r < d) must be increased
// by one under mode. rs is the sign of r, half the sign of r − (d − r) (above, at or below
// the half), odd whether the truncated magnitude is odd.
func bump(mode Mode, rs, half int, odd bool) bool {
	if rs == 0 {
		return false
	}
	switch mode {
	case Up:
		return true
	case HalfUp:
		return half >= 0
	case HalfEven:
		return half > 0 || (half == 0 && odd)
	}
	return false
}

// roundq returns the coefficient c such that c·10^-p is n/d rounded to p decimals by mode
// (modes act on the magnitude, so they are symmetric around zero). d must be positive and
// p non-negative.
func Quo(n, d Int, p int32, mode Mode) Int {
	if n.b == nil && d.b == nil && d.hi == 0 && d.lo != 0 {
		if c, ok := quo128(n, d.lo, p, mode); ok {
			return c
		}
	}
	return quoBig(n.Big(), d.Big(), p, mode)
}

func quo128(n Int, dv uint64, p int32, mode Mode) (Int, bool) {
	h, l, neg := n.abs128()
	ch := h / dv
	r := h % dv
	cl, r := bits.Div64(r, l, dv)
	for left := p; left > 0; {
		k := min(left, 19)
		left -= k
		pw := pow10[k]
		// c = c·10^k, checking overflow.
		h1, l1 := bits.Mul64(cl, pw)
		h2, l2 := bits.Mul64(ch, pw)
		nh, c := bits.Add64(l2, h1, 0)
		if h2 != 0 || c != 0 {
			return Int{}, false
		}
		ch, cl = nh, l1
		// The next k digits: r·10^k / d, which is below 10^k since r < d.
		rh, rl := bits.Mul64(r, pw)
		var f uint64
		f, r = bits.Div64(rh, rl, dv)
		cl, c = bits.Add64(cl, f, 0)
		ch, c = bits.Add64(ch, 0, c)
		if c != 0 {
			return Int{}, false
		}
	}
	if bump(mode, remainderSign(r, 0), halfSign(r, dv, 0), cl&1 == 1) {
		var c uint64
		cl, c = bits.Add64(cl, 1, 0)
		ch, c = bits.Add64(ch, 0, c)
		if c != 0 {
			return Int{}, false
		}
	}
	return from128(ch, cl, neg)
}

func quoBig(n, d *big.Int, p int32, mode Mode) Int {
	num := new(big.Int).Abs(n)
	if p > 0 {
		num.Mul(num, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(p)), nil))
	}
	q, r := new(big.Int).QuoRem(num, d, new(big.Int))
	rest := new(big.Int).Sub(d, r)
	if bump(mode, r.Sign(), r.Cmp(rest), q.Bit(0) == 1) {
		q.Add(q, big.NewInt(1))
	}
	if n.Sign() < 0 {
		q.Neg(q)
	}
	return FromBig(q)
}

// Scratch holds the buffer toDec uses to hand a 128-bit coefficient to decimal, which copies
// it. One Scratch serves a whole Upgrade or Downgrade call.
type Scratch struct {
	z big.Int
	w [4]big.Word
}

// toDec returns the decimal x·10^exp. Zero is the zero Decimal, which allocates nothing.
func (s *Scratch) Decimal(x Int, exp int32) decimal.Decimal {
	if x.b != nil {
		return decimal.NewFromBigInt(x.b, exp)
	}
	if v, ok := x.Int64(); ok {
		if v == 0 {
			return decimal.Decimal{}
		}
		return decimal.New(v, exp)
	}
	hi, lo, neg := x.abs128()
	if bits.UintSize == 64 {
		s.w[0], s.w[1] = big.Word(lo), big.Word(hi)
		s.z.SetBits(s.w[:2])
	} else {
		s.w[0], s.w[1], s.w[2], s.w[3] = big.Word(lo), big.Word(lo>>32), big.Word(hi), big.Word(hi>>32)
		s.z.SetBits(s.w[:])
	}
	if neg {
		s.z.Neg(&s.z)
	}
	return decimal.NewFromBigInt(&s.z, exp)
}

// roundShift returns x ÷ 10^k rounded to an integer by mode (k ≥ 0): it is
// Quo(x, 10^k, 0, mode) without a divisor wider than 64 bits.
func Shift(x Int, k int32, mode Mode) Int {
	if x.b != nil || k > 38 {
		return quoBig(x.Big(), MulPow10(OfUint(1), k).Big(), 0, mode)
	}
	if k <= 19 {
		return Quo(x, OfUint(pow10[k]), 0, mode)
	}
	h, l, neg := x.abs128()
	// x = q1·10^k1 + r1, then q1 = q2·10^k2 + r2, with k2 = 19 the last step; the remainder
	// of the whole division is r2·10^k1 + r1.
	k1 := k - 19
	p1 := pow10[k1]
	qh := h / p1
	ql, r1 := bits.Div64(h%p1, l, p1)
	p2 := pow10[19]
	q2h := qh / p2
	q2l, r2 := bits.Div64(qh%p2, ql, p2)
	if bump(mode, remainderSign(r2, r1), halfSign(r2, p2, r1), q2l&1 == 1) {
		var c uint64
		q2l, c = bits.Add64(q2l, 1, 0)
		q2h += c
	}
	v, _ := from128(q2h, q2l, neg) // |q| < |x| fits
	return v
}
