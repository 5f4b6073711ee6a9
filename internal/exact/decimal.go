package exact

import (
	"math/bits"
	"unsafe"

	"github.com/shopspring/decimal"
)

// Digits returns the number of decimal digits of c's magnitude (1 for 0).
func Digits(c int64) int {
	u := uint64(c)
	if c < 0 {
		u = -u
	}
	n := 1
	for u >= 10 {
		u /= 10
		n++
	}
	return n
}

// NumDigits counts the digits of d's coefficient exactly. decimal.NumDigits estimates them
// with a float logarithm, which is one short at powers of ten (log10(1e15) is
// 14.999999999999998); its estimate only picks the path here. No allocation below 10^17.
func NumDigits(d decimal.Decimal) int {
	if c, ok := Small(d); ok {
		return Digits(c) // no logarithm either
	}
	if est := d.NumDigits(); est <= 17 {
		return Digits(d.CoefficientInt64())
	}
	s := d.Coefficient().String()
	if s[0] == '-' {
		return len(s) - 1
	}
	return len(s)
}

// Aligned returns a's and b's coefficients scaled to the smaller of their exponents, and that
// exponent, when both fit an int64; ok is false otherwise.
func Aligned(a, b decimal.Decimal) (ac, bc int64, exp int32, ok bool) {
	var okA, okB bool
	if ac, okA = Small(a); !okA {
		// Zero, or a coefficient or an exponent Small does not take.
		if ac, okA = coefficient18(a); !okA {
			return 0, 0, 0, false
		}
	}
	if bc, okB = Small(b); !okB {
		if bc, okB = coefficient18(b); !okB {
			return 0, 0, 0, false
		}
	}
	return AlignedInt64(ac, a.Exponent(), bc, b.Exponent())
}

// coefficient18 returns d's coefficient when it has at most 18 digits.
func coefficient18(d decimal.Decimal) (int64, bool) {
	if !fits18(d) {
		return 0, false
	}
	return d.CoefficientInt64(), true
}

// AlignedInt64 is Aligned for the decimals ac·10^ae and bc·10^be.
func AlignedInt64(ac int64, ae int32, bc int64, be int32) (a, b int64, exp int32, ok bool) {
	switch {
	case ae > be:
		ac, ok = scaleInt64(ac, ae-be)
		return ac, bc, be, ok
	case be > ae:
		bc, ok = scaleInt64(bc, be-ae)
		return ac, bc, ae, ok
	}
	return ac, bc, ae, true
}

// fits18 reports whether d's coefficient has at most 18 digits.
func fits18(d decimal.Decimal) bool { return NumDigits(d) <= 18 }

// scaleInt64 returns c·10^k (k ≥ 0) when it fits an int64, told by the high word of the
// 128-bit product (the unsigned one less 10^k when c is negative, which makes it signed): the
// product fits exactly when that word is the sign of its low word, so no division checks it.
func scaleInt64(c int64, k int32) (int64, bool) {
	if c == 0 {
		return 0, true
	}
	if k > 18 {
		return 0, false
	}
	p := pow10[k]
	hi, lo := bits.Mul64(uint64(c), p)
	if c < 0 {
		hi -= p
	}
	if int64(hi) != int64(lo)>>63 {
		return 0, false
	}
	return int64(lo), true
}

// smallBound[e+15] is 10^18·10^e and smallNegBound its negation: a decimal with exponent e
// strictly between them has a coefficient that fits an int64, which Cmp tells without
// allocating (equal exponents compare the coefficients directly). Read-only.
var smallBound, smallNegBound = func() (pos, neg [31]decimal.Decimal) {
	for e := int32(-15); e <= 15; e++ {
		pos[e+15] = decimal.New(1e18, e)
		neg[e+15] = decimal.New(-1e18, e)
	}
	return
}()

// Small returns d's coefficient when d ≠ 0 has an exponent within ±15 and a coefficient of
// at most 18 digits (|d| < 10^18·10^exponent), telling so without allocating.
func Small(d decimal.Decimal) (int64, bool) {
	e := d.Exponent()
	if e < -15 || e > 15 {
		return 0, false
	}
	if decimalLayoutOK {
		// The coefficient read in place (see decimalLayout): no comparison of decimals.
		v := (*decimalLayout)(unsafe.Pointer(&d)).value
		if v == nil || !v.IsInt64() {
			return 0, false
		}
		c := v.Int64()
		if c == 0 || c >= 1e18 || c <= -1e18 {
			return 0, false
		}
		return c, true
	}
	if d.Sign() == 0 {
		return 0, false
	}
	if d.Sign() > 0 && d.Cmp(smallBound[e+15]) >= 0 || d.Sign() < 0 && d.Cmp(smallNegBound[e+15]) <= 0 {
		return 0, false
	}
	return d.CoefficientInt64(), true
}

// Magnitude128 returns the magnitude of d's coefficient as hi:lo and its sign, read in place
// without allocating, when it fits 128 bits; ok is false when it does not, or when the
// decimal package's layout is not the one mirrored here. The zero Decimal is 0.
func Magnitude128(d decimal.Decimal) (hi, lo uint64, neg, ok bool) {
	if !decimalLayoutOK {
		return 0, 0, false, false
	}
	v := (*decimalLayout)(unsafe.Pointer(&d)).value
	if v == nil {
		return 0, 0, false, true
	}
	ws := v.Bits()
	if len(ws)*bits.UintSize > 128 {
		return 0, 0, false, false
	}
	if bits.UintSize == 64 {
		if len(ws) == 2 {
			hi = uint64(ws[1])
		}
		if len(ws) > 0 {
			lo = uint64(ws[0])
		}
	} else {
		for i := len(ws) - 1; i >= 0; i-- { // 32-bit words, the most significant first
			hi = hi<<32 | lo>>32
			lo = lo<<32 | uint64(ws[i])
		}
	}
	return hi, lo, v.Sign() < 0, true
}
