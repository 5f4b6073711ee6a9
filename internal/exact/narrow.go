package exact

import "math/bits"

// MulUint returns a·b when it fits an int64 (both operands non-negative in a uint64); ok is
// false otherwise. It is the product check of the fast paths that hold amounts in machine
// words and hand over to Int when a product could outgrow them.
func MulUint(a, b uint64) (uint64, bool) {
	hi, lo := bits.Mul64(a, b)
	return lo, hi == 0 && lo>>63 == 0
}

// Pow10Uint returns 10^k for 0 ≤ k ≤ 19 (k outside that range: ok false).
func Pow10Uint(k int32) (uint64, bool) {
	if k < 0 || k >= int32(len(pow10)) {
		return 0, false
	}
	return pow10[k], true
}

// Wide is an exact non-negative integer below 2^127 held as hi:lo, the product of two
// values that fit an int64 (WideMul), for QuoWide.
type Wide struct{ hi, lo uint64 }

// WideOf returns v as a Wide (v < 2^63).
func WideOf(v uint64) Wide { return Wide{lo: v} }

// WideMul returns a·b for a, b < 2^63, which always fits a Wide.
func WideMul(a, b uint64) Wide {
	hi, lo := bits.Mul64(a, b)
	return Wide{hi: hi, lo: lo}
}

// QuoWide is Quo(n, d, p, mode) for a non-negative n and a divisor d ≥ 1 that fits a uint64,
// without building Ints: n·10^p is formed in 128 bits when it fits and divided in one step,
// else the digits are produced as Quo produces them. ok is false only when the quotient itself
// does not fit 128 bits (Quo would then spill to math/big); p must be between 0 and 38.
func QuoWide(n Wide, d uint64, p int32, mode Mode) (Int, bool) {
	if n.hi == 0 {
		return QuoWord(n.lo, d, p, mode)
	}
	if hi, lo, ok := mulPow10(n.hi, n.lo, p); ok {
		return quotient128(hi, lo, d, mode)
	}
	return quo128(Int{hi: n.hi, lo: n.lo}, d, p, mode)
}

// QuoWord is QuoWide of the one-word numerator n < 2^63, the common case: n times a power of
// ten of up to two words, in two multiplications.
func QuoWord(n, d uint64, p int32, mode Mode) (Int, bool) {
	pw := pow10Wide[p]
	h1, lo := bits.Mul64(n, pw.lo)
	h2, l2 := bits.Mul64(n, pw.hi)
	hi, c := bits.Add64(h1, l2, 0)
	if h2 != 0 || c != 0 {
		return quo128(Int{lo: n}, d, p, mode)
	}
	return quotient128(hi, lo, d, mode)
}

// quotient128 is hi:lo ÷ d rounded by mode, ok when the quotient is below 2^127 (an Int held
// inline; a numerator from 2^127 up divided by 1, or rounded up across it, is not).
func quotient128(hi, lo, d uint64, mode Mode) (Int, bool) {
	var q Int
	q.hi, q.lo = divRound(hi, lo, d, mode)
	return q, q.hi>>63 == 0
}

// pow10Wide holds 10^0 … 10^38 as hi:lo, the powers of ten below 2^127. Read-only.
var pow10Wide = func() (t [39]Wide) {
	t[0] = Wide{lo: 1}
	for k := 1; k < len(t); k++ {
		h1, l1 := bits.Mul64(t[k-1].lo, 10)
		t[k] = Wide{hi: t[k-1].hi*10 + h1, lo: l1}
	}
	return t
}()

// QuoRemPow10 returns the quotient and remainder of x ÷ 10^k (x ≥ 0, k ≥ 0): q is
// Shift(x, k, Down) and r = x − q·10^k, in one division for an x held inline (below 2^127:
// for k above 19 the quotient by 10^19 fits a word, and so does the remainder of the rest).
func QuoRemPow10(x Int, k int32) (q, r Int) {
	if x.b != nil {
		q = Shift(x, k, Down)
		return q, Sub(x, MulPow10(q, k))
	}
	if k <= 19 {
		d := pow10[k]
		q.hi = x.hi / d
		q.lo, r.lo = bits.Div64(x.hi%d, x.lo, d)
		return q, r
	}
	// x = q1·10^19 + r1, q1 = q·10^(k−19) + r2: r = r2·10^19 + r1. q1 fits a word (x < 2^127,
	// so x.hi < 10^19 and one division takes it); from k = 39 on, 10^(k−19) exceeds any word:
	// q is 0 and r2 is q1.
	q1, r1 := bits.Div64(x.hi, x.lo, pow10[19])
	r2 := q1
	if k <= 38 {
		d := pow10[k-19]
		q.lo, r2 = q1/d, q1%d
	}
	hi, lo := bits.Mul64(r2, pow10[19])
	lo, c := bits.Add64(lo, r1, 0)
	return q, Int{hi: hi + c, lo: lo}
}
