package scenario

import (
	"math"
	"strconv"
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
	return parsedTime(s)
}

// parsedTime reads the RFC 3339 time s (at most maxScenarioString bytes) through time's
// general parser.
func parsedTime(s string) (time.Time, string) {
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
	if !zForm(s) {
		return time.Time{}, false
	}
	century, bad1 := twoDigits(s, 0)
	yy, bad2 := twoDigits(s, 2)
	month, bad3 := twoDigits(s, 5)
	day, bad4 := twoDigits(s, 8)
	hour, bad5 := twoDigits(s, 11)
	minute, bad6 := twoDigits(s, 14)
	sec, bad7 := twoDigits(s, 17)
	year := century*100 + yy
	if bad1|bad2|bad3|bad4|bad5|bad6|bad7 != 0 || !validDate(year, month, day) || !validClock(hour, minute, sec) {
		return time.Time{}, false
	}
	days := daysFromCivil(year, month, day)
	return time.Unix(days*86400+int64(hour*3600+minute*60+sec), 0).UTC(), true
}

// zForm reports whether s has the length and the punctuation of "2006-01-02T15:04:05Z".
func zForm(s string) bool {
	return len(s) == len("2006-01-02T15:04:05Z") && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == 'Z'
}

// twoDigits reads the two bytes of s at i as decimal digits; bad is not 0 when either is
// not one.
func twoDigits(s string, i int) (n int, bad byte) {
	hi, lo := s[i]-'0', s[i+1]-'0' // above 9 for any other byte
	return int(hi)*10 + int(lo), hi/10 | lo/10
}

// validDate reports whether month (1–12) and day (of that month) name a day of year.
func validDate(year, month, day int) bool {
	return month >= 1 && month <= 12 && day >= 1 && day <= daysIn(month, year)
}

// validClock reports whether hour, minute and second are within 0–23, 0–59 and 0–59.
func validClock(hour, minute, sec int) bool { return hour <= 23 && minute <= 59 && sec <= 59 }

// daysFromCivil returns the number of days from 1970-01-01 to the date (proleptic Gregorian;
// Howard Hinnant's days_from_civil).
func daysFromCivil(year, month, day int) int64 {
	y := int64(year)
	if month <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400 // [0, 399]
	m := int64(month)
	if m > 2 {
		m -= 3
	} else {
		m += 9
	}
	doy := (153*m+2)/5 + int64(day) - 1    // [0, 365]
	doe := yoe*365 + yoe/4 - yoe/100 + doy // [0, 146096]
	return era*146097 + doe - 719468
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
	if coef, exp, ok := plainCoefficient(s); ok {
		switch {
		case coef == 0:
			return coefs.Zero(), "" // what parsedAmount normalises any zero to, without its two allocations
		case plainSound(coef, exp):
			return plainAmount(coef, exp, discount, coefs)
		}
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

// plainCoefficient reads s as plainDecimal does, into its coefficient and exponent, in one
// pass: an optional "-", digits, and an optional point followed by digits, at most 18
// characters besides the point.
func plainCoefficient(s string) (c int64, exp int32, ok bool) {
	start := 0
	if len(s) > 0 && s[0] == '-' {
		start = 1
	}
	if len(s) > 19 { // 18 characters and a point at most: no overflow below
		return 0, 0, false
	}
	c, point, ok := digitsAndPoint(s, start)
	if !ok {
		return 0, 0, false
	}
	frac, before, chars := 0, len(s)-start, len(s) // the digits after and before the point, the characters besides it
	if point >= 0 {
		frac, chars = len(s)-point-1, len(s)-1
		before = point - start
	}
	if before == 0 || point >= 0 && frac == 0 || chars > 18 {
		return 0, 0, false
	}
	if start == 1 {
		c = -c
	}
	return c, -int32(frac), true
}

// digitsAndPoint reads s from start: digits with at most one point among them, into the
// value of the digits and the point's offset (-1 without one); ok is false for another byte.
func digitsAndPoint(s string, start int) (c int64, point int, ok bool) {
	point = -1
	for i := start; i < len(s); i++ {
		switch ch := s[i]; {
		case isDigit(ch):
			c = c*10 + int64(ch-'0')
		case ch == '.' && point < 0:
			point = i
		default:
			return 0, 0, false
		}
	}
	return c, point, true
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
