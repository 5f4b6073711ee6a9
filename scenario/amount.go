package scenario

import (
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/internal/exact"
	"github.com/respec-dev/respec/model"
)

// This file reads the scalar values of a document: times, amounts, integers and floats.

// Reasons of the scenario errors.
const (
	reasonTimeString = "must be an RFC 3339 time string such as \"2026-01-02T15:04:05Z\""
	reasonTime       = "must be an RFC 3339 time such as \"2026-01-02T15:04:05Z\""
	reasonTimeYears  = "must lie within years 0000–9999 in UTC"
	reasonDecimal    = "must be a decimal such as \"12.50\""
	reasonDiscount   = "a discount factor must not exceed 1"
)

// scenarioTime reads an RFC 3339 time (the content of a JSON string) as an instant in UTC;
// reason is "" when s is accepted.
func scenarioTime(s string) (time.Time, string) {
	if len(s) > maxScenarioString {
		return time.Time{}, reasonTimeString
	}
	if tm, ok := utcSecond(s); ok {
		return tm, ""
	}
	return parsedTime(s)
}

// parsedTime reads an RFC 3339 time through time.ParseInLocation.
func parsedTime(s string) (time.Time, string) {
	tm, err := time.ParseInLocation(time.RFC3339, s, time.UTC)
	if err != nil {
		return time.Time{}, reasonTime
	}
	if tm = tm.UTC(); tm.Year() < 0 || tm.Year() > 9999 {
		return time.Time{}, reasonTimeYears
	}
	return tm, ""
}

// utcSecondShape is the form of the times documents mostly hold: a whole second in UTC, each
// 0 a digit.
const utcSecondShape = "0000-00-00T00:00:00Z"

// utcSecond reads s of the form utcSecondShape as time.ParseInLocation(time.RFC3339, s,
// time.UTC) does, without its general parser; ok is false for any other s and for a date or
// clock out of range, which are left to time.ParseInLocation.
func utcSecond(s string) (time.Time, bool) {
	if !sameShape(s, utcSecondShape) {
		return time.Time{}, false
	}
	at := [6]int{digitsValue(s[0:4]), digitsValue(s[5:7]), digitsValue(s[8:10]), digitsValue(s[11:13]), digitsValue(s[14:16]), digitsValue(s[17:19])}
	most := [6]int{9999, 12, daysIn(at[1], at[0]), 23, 59, 59}
	least := [6]int{0, 1, 1, 0, 0, 0}
	for i := range at {
		if at[i] < least[i] || at[i] > most[i] {
			return time.Time{}, false
		}
	}
	return time.Date(at[0], time.Month(at[1]), at[2], at[3], at[4], at[5], 0, time.UTC), true
}

// sameShape reports whether s has the form shape, where each 0 stands for a digit.
func sameShape(s, shape string) bool {
	if len(s) != len(shape) {
		return false
	}
	for i := range len(s) {
		if !shapeByte(s[i], shape[i]) {
			return false
		}
	}
	return true
}

// shapeByte reports whether c is want, or a digit where want is 0.
func shapeByte(c, want byte) bool {
	if want == '0' {
		return isDigit(c)
	}
	return c == want
}

// digitsValue is the value of the decimal digits s.
func digitsValue(s string) int { return int(withDigits(0, s)) }

// monthDays are the days of each month of a common year. Read-only.
var monthDays = [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// daysIn returns the days of month (1 to 12; 0 for any other) of year.
func daysIn(month, year int) int {
	if month < 1 || month > 12 {
		return 0
	}
	if month == 2 && leap(year) {
		return 29
	}
	return monthDays[month]
}

// leap reports whether year is a leap year of the proleptic Gregorian calendar.
func leap(year int) bool {
	return year%4 == 0 && (year%100 != 0 || year%400 == 0)
}

// scenarioAmount reads an amount: s is the content of a JSON string or a JSON number as
// written. A zero is normalised to 0; discount bounds the amount by 1. reason is "" when s is
// accepted. The amount's coefficient is taken from c.
func scenarioAmount(s string, discount bool, c *coefficients) (decimal.Decimal, string) {
	if len(s) > maxScenarioString {
		return decimal.Decimal{}, "decimal longer than " + strconv.Itoa(maxScenarioString) + " characters"
	}
	if coef, exp, ok := plainCoefficient(s); ok && plainSound(coef, exp) {
		return plainAmount(coef, exp, discount, c)
	}
	return parsedAmount(s, discount)
}

// plainAmount is the sound plain amount coef·10^exp, its coefficient taken from c.
func plainAmount(coef int64, exp int32, discount bool, c *coefficients) (decimal.Decimal, string) {
	if discount && !plainAtMostOne(coef, exp) {
		return decimal.Decimal{}, reasonDiscount
	}
	return c.decimal(coef, exp), ""
}

// plainSound reports whether the plain amount coef·10^exp (exp ≤ 0) is positive and passes
// model.CheckDecimal, without building it: the amounts a document usually holds. Any other
// amount takes parsedAmount, which words the reason.
func plainSound(coef int64, exp int32) bool {
	return coef > 0 && exp >= -model.MaxDecimalExponent && exact.Digits(coef)+int(exp) <= model.MaxDecimalExponent
}

// plainAtMostOne reports whether the plain amount coef·10^exp (0 ≤ -exp ≤ 18) is at most 1.
func plainAtMostOne(coef int64, exp int32) bool {
	one := int64(1)
	for range -exp {
		one *= 10
	}
	return coef <= one
}

// parsedAmount reads an amount through decimal.NewFromString and model.CheckDecimal.
func parsedAmount(s string, discount bool) (decimal.Decimal, string) {
	dv, ok := parseDecimal(s)
	if !ok {
		return decimal.Decimal{}, reasonDecimal
	}
	if err := model.CheckDecimal(dv, false); err != nil {
		return decimal.Decimal{}, "decimal " + err.Error()
	}
	if discount && model.CmpDecimal(dv, unit) > 0 {
		return decimal.Decimal{}, reasonDiscount
	}
	return dv, ""
}

// parseDecimal reads s as a decimal, a zero normalised to 0.
func parseDecimal(s string) (decimal.Decimal, bool) {
	dv, ok := plainDecimal(s)
	if !ok {
		var err error
		if dv, err = decimal.NewFromString(s); err != nil {
			return decimal.Decimal{}, false
		}
	}
	if dv.IsZero() {
		// "0e100000000" is zero: normalise it before CheckDecimal, which bounds a zero's
		// exponent too (arithmetic with it would rescale the other operand).
		dv = decimal.New(0, 0)
	}
	return dv, true
}

// unit is the decimal 1, the most a discount factor may be. Read-only.
var unit = decimal.New(1, 0)

// plainDecimal reads s of the form -?digits(.digits)? with at most 18 characters besides the
// point into the decimal decimal.NewFromString returns for it, without its intermediate
// string; ok is false for any other s, which is left to decimal.NewFromString.
func plainDecimal(s string) (d decimal.Decimal, ok bool) {
	c, exp, ok := plainCoefficient(s)
	if !ok {
		return decimal.Decimal{}, false
	}
	return decimal.New(c, exp), true
}

// plainCoefficient reads s as plainDecimal does, into its coefficient and exponent.
func plainCoefficient(s string) (c int64, exp int32, ok bool) {
	body, neg := strings.CutPrefix(s, "-")
	whole, frac, point := strings.Cut(body, ".")
	if !plainDigits(whole, frac, point) || len(s)-len(body)+len(whole)+len(frac) > 18 {
		return 0, 0, false
	}
	c = withDigits(withDigits(0, whole), frac)
	if neg {
		c = -c
	}
	return c, -int32(len(frac)), true
}

// plainDigits reports whether whole and frac, the parts of a plain amount before and after
// its point, are digits: some before the point, and some after it when there is one.
func plainDigits(whole, frac string, point bool) bool {
	return whole != "" && digitsEnd(whole, 0) == len(whole) && digitsEnd(frac, 0) == len(frac) && (frac != "" || !point)
}

// withDigits returns c with the decimal digits appended.
func withDigits(c int64, digits string) int64 {
	for i := range len(digits) {
		c = c*10 + int64(digits[i]-'0')
	}
	return c
}

// scenarioInt reads an integer (a JSON number as written) from lo to hi.
func scenarioInt(n string, lo, hi int64) (int64, bool) {
	if len(n) > maxScenarioString {
		return 0, false
	}
	x, err := strconv.ParseInt(n, 10, 64)
	return x, err == nil && x >= lo && x <= hi
}

// scenarioFloat reads a number (a JSON number as written) from 0 to maxScenarioFloat.
func scenarioFloat(n string) (float64, bool) {
	if len(n) > maxScenarioString {
		return 0, false
	}
	f, err := strconv.ParseFloat(n, 64)
	return f, err == nil && !math.IsNaN(f) && f >= 0 && f <= maxScenarioFloat
}

// coefficientBlock is how many amounts' coefficients one allocation holds.
const coefficientBlock = 16

// coefficients hands out the coefficients of a document's amounts from blocks of
// coefficientBlock, so that amounts cost one allocation per block rather than two each
// (decimal.New allocates a big.Int and its words). Each slot is given to one amount and never
// written again (exact.DecimalIn); the zero value is ready to use.
type coefficients struct {
	free []coefficientSlot
}

type coefficientSlot struct {
	z big.Int
	w [4]big.Word
}

// decimal returns the decimal c·10^exp (c not zero).
func (cs *coefficients) decimal(c int64, exp int32) decimal.Decimal {
	if len(cs.free) == 0 {
		cs.free = make([]coefficientSlot, coefficientBlock)
	}
	s := &cs.free[0]
	cs.free = cs.free[1:]
	return exact.DecimalIn(&s.z, &s.w, exact.Of(c), exp)
}
