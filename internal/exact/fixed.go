package exact

import (
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// This file is the arithmetic of the money fast paths: unsigned 128-bit fixed point (a
// magnitude hi:lo, multiplied by a word or a power of ten and divided by a word with one
// rounding) and the difference of two decimals in int64s, each reporting when its result
// would not fit so that the caller takes the general path (Int, Quo, decimal) instead.

// Mul128 returns (hi:lo)·m, and whether it fits 128 bits.
func Mul128(hi, lo, m uint64) (rh, rl uint64, ok bool) {
	h1, l1 := bits.Mul64(lo, m)
	h2, l2 := bits.Mul64(hi, m)
	rh, c := bits.Add64(l2, h1, 0)
	return rh, l1, h2 == 0 && c == 0
}

// QuoPow10 returns (hi:lo)·10^k ÷ d rounded to an integer by mode, for d > 0, and whether
// every step fits: the numerator in 128 bits when k ≥ 0, the divisor d·10^-k in 64 when
// k < 0. It is Quo(hi:lo·10^k, d, 0, mode) without math/big. The rounded quotient always
// fits: it exceeds the truncated one only when the remainder is not zero, so d > 1.
func QuoPow10(hi, lo uint64, k int32, d uint64, mode Mode) (qh, ql uint64, ok bool) {
	if k < 0 {
		if k < -19 {
			return 0, 0, false
		}
		h, l := bits.Mul64(d, pow10[-k])
		if h != 0 {
			return 0, 0, false
		}
		d = l
	}
	if hi, lo, ok = mulPow10(hi, lo, k); !ok {
		return 0, 0, false
	}
	qh, ql = divRound(hi, lo, d, mode)
	return qh, ql, true
}

// mulPow10 returns (hi:lo)·10^k, and whether it fits 128 bits: 10^19 at a time (k ≤ 0: hi:lo
// itself).
func mulPow10(hi, lo uint64, k int32) (uint64, uint64, bool) {
	for ; k > 0; k -= 19 {
		var ok bool
		if hi, lo, ok = Mul128(hi, lo, pow10[min(k, 19)]); !ok {
			return 0, 0, false
		}
	}
	return hi, lo, true
}

// divRound returns (hi:lo) ÷ d rounded to an integer by mode, for d > 0. The rounded quotient
// always fits 128 bits: it exceeds the truncated one only when the remainder is not zero, so
// when d > 1. A high word below d (the usual one, 0) leaves a one-word quotient: one division.
func divRound(hi, lo, d uint64, mode Mode) (qh, ql uint64) {
	var r uint64
	if hi < d {
		ql, r = bits.Div64(hi, lo, d)
	} else {
		qh = hi / d
		ql, r = bits.Div64(hi%d, lo, d)
	}
	if bump(mode, remainderSign(r, 0), halfSign(r, d, 0), ql&1 == 1) {
		var c uint64
		ql, c = bits.Add64(ql, 1, 0)
		qh += c
	}
	return qh, ql
}

// OfMagnitude returns the non-negative integer hi:lo as an Int: inline below 2^127, as Int
// holds it, else in math/big.
func OfMagnitude(hi, lo uint64) Int {
	if hi>>63 == 0 {
		return Int{lo: lo, hi: hi}
	}
	return Int{b: bigMagnitude(hi, lo)}
}

// bigMagnitude returns hi:lo as a *big.Int.
func bigMagnitude(hi, lo uint64) *big.Int {
	z := new(big.Int).SetUint64(hi)
	z.Lsh(z, 64)
	return z.Or(z, new(big.Int).SetUint64(lo))
}

// SubIn returns a − b at the smaller of their exponents, its coefficient held in z and w as
// DecimalIn holds it, when both coefficients fit an int64 there (Aligned), the difference
// neither overflows nor is zero, and decimals are laid out as mirrored here; ok is false
// otherwise, and the caller subtracts by its general path.
func SubIn(z *big.Int, w *Words, a, b decimal.Decimal) (decimal.Decimal, bool) {
	ac, bc, exp, ok := Aligned(a, b)
	r := ac - bc
	// ac − bc overflows exactly when ac and bc differ in sign and r differs from ac
	// (Hacker's Delight, 2-13): both xors then have the sign bit set.
	if !ok || r == 0 || (ac^bc)&(ac^r) < 0 || !decimalLayoutOK {
		return decimal.Decimal{}, false
	}
	return DecimalIn(z, w, Of(r), exp), true
}
