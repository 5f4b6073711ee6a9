package pricing

import (
	"math/big"
	"math/bits"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// xint is an exact signed integer. A value that fits a signed 128-bit integer is held inline
// (hi:lo, two's complement) and costs no allocation; a larger one spills to b. Every
// operation is exact: on overflow it recomputes with math/big. Values are immutable: b is
// never changed after it is built.
type xint struct {
	lo uint64
	hi uint64
	b  *big.Int
}

// xi returns v as an xint.
func xi(v int64) xint { return xint{lo: uint64(v), hi: uint64(v >> 63)} }

// xu returns v as an xint.
func xu(v uint64) xint { return xint{lo: v} }

// pow10u holds 10^0 … 10^19, the powers of ten that fit a uint64. Read-only.
var pow10u = [20]uint64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10,
	1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

func (x xint) sign() int {
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
func (x xint) abs128() (hi, lo uint64, neg bool) {
	if int64(x.hi) >= 0 {
		return x.hi, x.lo, false
	}
	lo, b := bits.Sub64(0, x.lo, 0)
	hi, _ = bits.Sub64(0, x.hi, b)
	return hi, lo, true
}

// from128 returns the signed value of magnitude hi:lo, negated when neg, if it fits.
func from128(hi, lo uint64, neg bool) (xint, bool) {
	if !neg {
		if hi>>63 != 0 {
			return xint{}, false
		}
		return xint{lo: lo, hi: hi}, true
	}
	if hi>>63 != 0 && (hi != 1<<63 || lo != 0) {
		return xint{}, false
	}
	lo, b := bits.Sub64(0, lo, 0)
	hi, _ = bits.Sub64(0, hi, b)
	return xint{lo: lo, hi: hi}, true
}

// int64Val returns x as an int64 when it fits.
func (x xint) int64Val() (int64, bool) {
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

// bigv returns x as a *big.Int. For a spilled value it is x's own: do not change it.
func (x xint) bigv() *big.Int {
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

// fromBig returns z as an xint, inline when it fits an int64. z must not be changed after.
func fromBig(z *big.Int) xint {
	if z.IsInt64() {
		return xi(z.Int64())
	}
	return xint{b: z}
}

func add(x, y xint) xint {
	if x.b == nil && y.b == nil {
		lo, c := bits.Add64(x.lo, y.lo, 0)
		hi, _ := bits.Add64(x.hi, y.hi, c)
		// Overflow iff x and y have the same sign and the sum's sign differs.
		if ((x.hi^hi)&(y.hi^hi))>>63 == 0 {
			return xint{lo: lo, hi: hi}
		}
	}
	return fromBig(new(big.Int).Add(x.bigv(), y.bigv()))
}

func sub(x, y xint) xint {
	if x.b == nil && y.b == nil {
		lo, c := bits.Sub64(x.lo, y.lo, 0)
		hi, _ := bits.Sub64(x.hi, y.hi, c)
		// Overflow iff x and y have different signs and the difference's sign is not x's.
		if ((x.hi^y.hi)&(x.hi^hi))>>63 == 0 {
			return xint{lo: lo, hi: hi}
		}
	}
	return fromBig(new(big.Int).Sub(x.bigv(), y.bigv()))
}

func mul(x, y xint) xint {
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
	return fromBig(new(big.Int).Mul(x.bigv(), y.bigv()))
}

// mulPow10 returns x·10^k, k ≥ 0.
func mulPow10(x xint, k int32) xint {
	for k > 19 {
		x = mul(x, xu(pow10u[19]))
		k -= 19
	}
	if k == 0 {
		return x
	}
	return mul(x, xu(pow10u[k]))
}

func xcmp(x, y xint) int {
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
	return x.bigv().Cmp(y.bigv())
}

// rmode is a rounding mode.
type rmode uint8

// The rounding modes, as model names them.
const (
	rHalfUp   rmode = iota // half away from zero
	rHalfEven              // half to even
	rDown                  // toward zero
	rUp                    // away from zero
)

func parseMode(s string) (rmode, bool) {
	switch s {
	case model.RoundHalfUp:
		return rHalfUp, true
	case model.RoundHalfEven:
		return rHalfEven, true
	case model.RoundDown:
		return rDown, true
	case model.RoundUp:
		return rUp, true
	}
	return 0, false
}

// bump reports whether a magnitude truncated with remainder r (0 ≤ r < d) must be increased
// by one under mode. rs is the sign of r, half the sign of r − (d − r) (above, at or below
// the half), odd whether the truncated magnitude is odd.
func bump(mode rmode, rs, half int, odd bool) bool {
	if rs == 0 {
		return false
	}
	switch mode {
	case rUp:
		return true
	case rHalfUp:
		return half >= 0
	case rHalfEven:
		return half > 0 || (half == 0 && odd)
	}
	return false
}

// roundq returns the coefficient c such that c·10^-p is n/d rounded to p decimals by mode
// (modes act on the magnitude, so they are symmetric around zero). d must be positive and
// p non-negative.
func roundq(n, d xint, p int32, mode rmode) xint {
	if n.b == nil && d.b == nil && d.hi == 0 && d.lo != 0 {
		if c, ok := roundq128(n, d.lo, p, mode); ok {
			return c
		}
	}
	return roundqBig(n.bigv(), d.bigv(), p, mode)
}

func roundq128(n xint, dv uint64, p int32, mode rmode) (xint, bool) {
	h, l, neg := n.abs128()
	ch := h / dv
	r := h % dv
	cl, r := bits.Div64(r, l, dv)
	for left := p; left > 0; {
		k := min(left, 19)
		left -= k
		pw := pow10u[k]
		// c = c·10^k, checking overflow.
		h1, l1 := bits.Mul64(cl, pw)
		h2, l2 := bits.Mul64(ch, pw)
		nh, c := bits.Add64(l2, h1, 0)
		if h2 != 0 || c != 0 {
			return xint{}, false
		}
		ch, cl = nh, l1
		// The next k digits: r·10^k / d, which is below 10^k since r < d.
		rh, rl := bits.Mul64(r, pw)
		var f uint64
		f, r = bits.Div64(rh, rl, dv)
		cl, c = bits.Add64(cl, f, 0)
		ch, c = bits.Add64(ch, 0, c)
		if c != 0 {
			return xint{}, false
		}
	}
	rs := 0
	if r != 0 {
		rs = 1
	}
	half := 0
	if rest := dv - r; r > rest {
		half = 1
	} else if r < rest {
		half = -1
	}
	if bump(mode, rs, half, cl&1 == 1) {
		var c uint64
		cl, c = bits.Add64(cl, 1, 0)
		ch, c = bits.Add64(ch, 0, c)
		if c != 0 {
			return xint{}, false
		}
	}
	return from128(ch, cl, neg)
}

func roundqBig(n, d *big.Int, p int32, mode rmode) xint {
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
	return fromBig(q)
}

// scratch holds the buffer toDec uses to hand a 128-bit coefficient to decimal, which copies
// it. One scratch serves a whole Upgrade or Downgrade call.
type scratch struct {
	z big.Int
	w [4]big.Word
}

// toDec returns the decimal x·10^exp. Zero is the zero Decimal, which allocates nothing.
func (s *scratch) toDec(x xint, exp int32) decimal.Decimal {
	if x.b != nil {
		return decimal.NewFromBigInt(x.b, exp)
	}
	if v, ok := x.int64Val(); ok {
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
// roundq(x, 10^k, 0, mode) without a divisor wider than 64 bits.
func roundShift(x xint, k int32, mode rmode) xint {
	if x.b != nil || k > 38 {
		return roundqBig(x.bigv(), mulPow10(xu(1), k).bigv(), 0, mode)
	}
	if k <= 19 {
		return roundq(x, xu(pow10u[k]), 0, mode)
	}
	h, l, neg := x.abs128()
	// x = q1·10^k1 + r1, then q1 = q2·10^k2 + r2, with k2 = 19 the last step; the remainder
	// of the whole division is r2·10^k1 + r1.
	k1 := k - 19
	p1 := pow10u[k1]
	qh := h / p1
	ql, r1 := bits.Div64(h%p1, l, p1)
	p2 := pow10u[19]
	q2h := qh / p2
	q2l, r2 := bits.Div64(qh%p2, ql, p2)
	rs := 0
	if r2 != 0 || r1 != 0 {
		rs = 1
	}
	half := 0
	if rest := p2 - r2; r2 > rest {
		half = 1
	} else if r2 < rest {
		half = -1
	} else if r1 != 0 {
		half = 1
	}
	if bump(mode, rs, half, q2l&1 == 1) {
		var c uint64
		q2l, c = bits.Add64(q2l, 1, 0)
		q2h += c
	}
	v, _ := from128(q2h, q2l, neg) // |q| < |x| fits
	return v
}
