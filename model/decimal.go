package model

import (
	"errors"
	"strings"

	"github.com/respec-dev/respec/internal/exact"
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
	if c, ok := exact.Small(d); ok {
		// The common case, its coefficient read in place: not zero, at most 18 digits, an
		// exponent within ±15, so only the sign and the magnitude are left to check.
		switch {
		case c < 0 && !allowNegative:
			return ErrDecimalNegative
		case int64(exact.Digits(c))+int64(d.Exponent()) > MaxDecimalExponent:
			return ErrDecimalTooLarge
		}
		return nil
	}
	return checkDecimal(d, allowNegative)
}

// CheckZeroExponent is CheckDecimal's answer for a zero of exponent exp. A zero is harmless in
// itself, but adding "0e100000000" to any other amount first scales that amount by
// 10^100000000: the exponent is bounded for zeros too (ErrDecimalTooLarge beyond ±15).
func CheckZeroExponent(exp int64) error {
	if exp > MaxDecimalExponent || exp < -MaxDecimalExponent {
		return ErrDecimalTooLarge
	}
	return nil
}

// checkDecimal is CheckDecimal for any decimal (the general path).
func checkDecimal(d decimal.Decimal, allowNegative bool) error {
	if !allowNegative && d.IsNegative() {
		return ErrDecimalNegative
	}
	exp := int64(d.Exponent())
	if d.IsZero() {
		return CheckZeroExponent(exp)
	}
	digits := int64(exact.NumDigits(d))
	// The value has digits+exp digits before the point.
	if digits+exp > MaxDecimalExponent {
		return ErrDecimalTooLarge
	}
	if exp < -MaxDecimalExponent {
		// Trailing zeros may make the exponent look smaller than the value needs.
		s := d.Coefficient().String()
		trailing := int64(len(s) - len(strings.TrimRight(s, "0")))
		if exp+trailing < -MaxDecimalExponent {
			return ErrDecimalPrecision
		}
	}
	// Here digits <= MaxDecimalExponent - exp <= 2*MaxDecimalExponent = MaxDecimalDigits, up to
	// trailing zeros.
	return nil
}

// CmpDecimal compares a and b like a.Cmp(b), without math/big when both fit 18 digits at a
// common exponent (the common case for money), which decimal.Cmp's rescaling makes slow.
func CmpDecimal(a, b decimal.Decimal) int {
	if ac, bc, _, ok := exact.Aligned(a, b); ok {
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
	if ac, bc, exp, ok := exact.Aligned(a, b); ok {
		// ac − bc overflows exactly when ac and bc differ in sign and r differs from ac
		// (Hacker's Delight, 2-13): both xors then have the sign bit set.
		if r := ac - bc; (ac^bc)&(ac^r) >= 0 {
			return decimal.New(r, exp)
		}
	}
	return a.Sub(b)
}
