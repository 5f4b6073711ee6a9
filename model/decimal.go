package model

import (
	"errors"

	"github.com/shopspring/decimal"
)

// Bounds on every decimal that enters respec from outside (prices, balances, amounts paid,
// discounts). shopspring/decimal parses "1e100000000" instantly but then computes with it for
// minutes, so values are checked at the edge, before any arithmetic.
const (
	// MaxDecimalDigits is the most significant digits accepted.
	MaxDecimalDigits = 30
	// MaxDecimalExponent bounds the exponent: accepted values lie within 10^±MaxDecimalExponent
	// (after normalising trailing zeros).
	MaxDecimalExponent = 15
)

// Errors of CheckDecimal.
var (
	ErrDecimalNegative  = errors.New("must not be negative")
	ErrDecimalTooLarge  = errors.New("is out of range (more than 30 digits or beyond 1e15)")
	ErrDecimalPrecision = errors.New("has more than 15 decimal places")
)

// CheckDecimal reports whether d is a sane amount: at most MaxDecimalDigits significant
// digits, magnitude below 10^MaxDecimalExponent, at most MaxDecimalExponent decimal places,
// and not negative unless allowNegative. It runs in time bounded by the digit count of d.
func CheckDecimal(d decimal.Decimal, allowNegative bool) error {
	if !allowNegative && d.IsNegative() {
		return ErrDecimalNegative
	}
	exp := int64(d.Exponent())
	if d.IsZero() {
		// A zero is harmless in itself, but adding "0e100000000" to any other amount first
		// scales that amount by 10^100000000: the exponent is bounded for zeros too.
		if exp > MaxDecimalExponent || exp < -MaxDecimalExponent {
			return ErrDecimalTooLarge
		}
		return nil
	}
	digits := int64(numDigits(d))
	// The value has digits+exp digits before the point.
	if digits+exp > MaxDecimalExponent {
		return ErrDecimalTooLarge
	}
	if exp < -MaxDecimalExponent {
		// Trailing zeros may make the exponent look smaller than the value needs.
		s := d.Coefficient().String()
		trailing := int64(0)
		for i := len(s) - 1; i >= 0 && s[i] == '0'; i-- {
			trailing++
		}
		if exp+trailing < -MaxDecimalExponent {
			return ErrDecimalPrecision
		}
	}
	// Here digits <= MaxDecimalExponent - exp <= 2*MaxDecimalExponent = MaxDecimalDigits, up to
	// trailing zeros.
	return nil
}

// pow10 holds 10^0 … 10^18, the powers of ten that fit an int64. Read-only.
var pow10 = [19]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// aligned returns a's and b's coefficients scaled to the smaller of their exponents, and that
// exponent, when both fit an int64; ok is false otherwise.
func aligned(a, b decimal.Decimal) (ac, bc int64, exp int32, ok bool) {
	if numDigits(a) > 18 || numDigits(b) > 18 {
		return 0, 0, 0, false
	}
	ac, bc = a.CoefficientInt64(), b.CoefficientInt64()
	ae, be := a.Exponent(), b.Exponent()
	scale := func(c int64, k int32) (int64, bool) {
		if c == 0 {
			return 0, true
		}
		if k > 18 {
			return 0, false
		}
		p := pow10[k]
		r := c * p
		if r/p != c {
			return 0, false
		}
		return r, true
	}
	switch {
	case ae > be:
		ac, ok = scale(ac, ae-be)
		return ac, bc, be, ok
	case be > ae:
		bc, ok = scale(bc, be-ae)
		return ac, bc, ae, ok
	}
	return ac, bc, ae, true
}

// CmpDecimal compares a and b like a.Cmp(b), without math/big when both fit 18 digits at a
// common exponent (the common case for money), which decimal.Cmp's rescaling makes slow.
func CmpDecimal(a, b decimal.Decimal) int {
	if ac, bc, _, ok := aligned(a, b); ok {
		switch {
		case ac < bc:
			return -1
		case ac > bc:
			return 1
		}
		return 0
	}
	return a.Cmp(b)
}

// SubDecimal returns a − b like a.Sub(b), without math/big's rescaling when both fit 18
// digits at a common exponent.
func SubDecimal(a, b decimal.Decimal) decimal.Decimal {
	if ac, bc, exp, ok := aligned(a, b); ok {
		if r := ac - bc; (ac >= 0) == (bc >= 0) || (r >= 0) == (ac >= 0) {
			return decimal.New(r, exp)
		}
	}
	return a.Sub(b)
}

// numDigits counts the digits of d's coefficient exactly. decimal.NumDigits estimates them
// with a float logarithm, which is one short at powers of ten (log10(1e15) is
// 14.999999999999998); its estimate only picks the path here. No allocation below 10^17.
func numDigits(d decimal.Decimal) int {
	if est := d.NumDigits(); est <= 17 {
		c := d.CoefficientInt64()
		if c < 0 {
			c = -c
		}
		n := 1
		for c >= 10 {
			c /= 10
			n++
		}
		return n
	}
	s := d.Coefficient().String()
	if s[0] == '-' {
		return len(s) - 1
	}
	return len(s)
}
