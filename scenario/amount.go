package scenario

import (
	"math"
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
	if tm, ok := utcSeconds(s); ok {
		return tm, ""
	}
	tm, err := time.ParseInLocation(time.RFC3339, s, time.UTC)
	if err != nil {
		return time.Time{}, reasonTime
	}
	if tm = tm.UTC(); !yearsInside(s) && (tm.Year() < 0 || tm.Year() > 9999) {
		return time.Time{}, reasonTimeYears
	}
	return tm, ""
}

// utcSeconds reads s of the form "2006-01-02T15:04:05Z", the times a document usually holds,
// as time.ParseInLocation(time.RFC3339, s, time.UTC) does (the same ranges: month 1–12, a day
// of that month, hour 0–23, minute and second 0–59), without its general parser; ok is false
// for any other s, which takes that parser. The year, four digits, is within 0000–9999.
func utcSeconds(s string) (time.Time, bool) {
	if len(s) != len("2006-01-02T15:04:05Z") || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z' {
		return time.Time{}, false
	}
	year, ok1 := fixedDigits(s[0:4])
	month, ok2 := fixedDigits(s[5:7])
	day, ok3 := fixedDigits(s[8:10])
	hour, ok4 := fixedDigits(s[11:13])
	minute, ok5 := fixedDigits(s[14:16])
	sec, ok6 := fixedDigits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || month < 1 || month > 12 || day < 1 || day > daysIn(month, year) ||
		hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, 0, time.UTC), true
}

// fixedDigits reads s, decimal digits only.
func fixedDigits(s string) (int, bool) {
	n := 0
	for i := range len(s) {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// daysIn returns the number of days of month (1–12) in year (Gregorian).
func daysIn(month, year int) int {
	switch {
	case month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0):
		return 29
	case month == 2:
		return 28
	case month == 4 || month == 6 || month == 9 || month == 11:
		return 30
	}
	return 31
}

// yearsInside reports whether the RFC 3339 time s (parsed) names a year from 0001 to 9998, so
// that in UTC (an offset moves it by days at most) it lies within years 0000–9999 without
// asking.
func yearsInside(s string) bool {
	return s[:4] > "0000" && s[:4] < "9999"
}

// scenarioAmount reads an amount: s is the content of a JSON string or a JSON number as
// written. A zero is normalised to 0; discount bounds the amount by 1. reason is "" when s is
// accepted. The coefficient of a plain amount is taken from coefs (one allocation for many
// amounts instead of two each).
func scenarioAmount(s string, discount bool, coefs *exact.Slab) (decimal.Decimal, string) {
	if len(s) > maxScenarioString {
		return decimal.Decimal{}, "decimal longer than " + strconv.Itoa(maxScenarioString) + " characters"
	}
	if coef, exp, ok := plainCoefficient(s); ok && plainSound(coef, exp) {
		return plainAmount(coef, exp, discount, coefs)
	}
	return parsedAmount(s, discount)
}

// plainAmount is the sound plain amount coef·10^exp, its coefficient from coefs.
func plainAmount(coef int64, exp int32, discount bool, coefs *exact.Slab) (decimal.Decimal, string) {
	if discount && !plainAtMostOne(coef, exp) {
		return decimal.Decimal{}, reasonDiscount
	}
	return coefs.Decimal(exact.Of(coef), exp), ""
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
