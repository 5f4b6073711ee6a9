// Package jsonw appends JSON exactly as encoding/json writes it with HTML escaping off
// (json.Encoder.SetEscapeHTML(false)): for the answers written field by field, without
// reflection, each held byte for byte to encoding/json by a property test of its own.
package jsonw

import (
	"math/bits"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/internal/exact"
	"github.com/respec-dev/respec/internal/wordscan"
)

// Key appends sep (',' or '{'), the quoted name (a plain ASCII name, written as it is) and a
// colon.
func Key(dst []byte, sep byte, name string) []byte {
	dst = append(dst, sep, '"')
	dst = append(dst, name...)
	return append(dst, '"', ':')
}

// Field appends sep, the quoted name (a plain ASCII name), a colon and the quoted value.
func Field(dst []byte, sep byte, name, value string) []byte {
	return String(Key(dst, sep, name), value)
}

// String appends s as a JSON string, escaped as encoding/json escapes it with HTML escaping
// off: '"' and '\\' escaped, control characters as \b \f \n \r \t or \u00XX, invalid UTF-8 as
// \ufffd, U+2028 and U+2029 as \u2028 and \u2029, everything else as it is.
func String(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		switch { // eight bytes at a time over the bytes written as they are
		case i+8 <= len(s):
			if m := specials(wordscan.Load(s[i:])); m == 0 {
				i += 8
				continue
			} else {
				i += bits.TrailingZeros64(m) / 8
			}
		case len(s) >= 8: // the last eight bytes, those before i shifted out
			if m := specials(wordscan.Load(s[len(s)-8:])) >> (8 * (i + 8 - len(s))); m == 0 {
				i = len(s)
				continue
			} else {
				i += bits.TrailingZeros64(m) / 8
			}
		}
		b := s[i]
		if b >= 0x20 && b != '"' && b != '\\' && b < utf8.RuneSelf {
			i++
			continue
		}
		if b < utf8.RuneSelf {
			dst = appendEscaped(append(dst, s[start:i]...), b)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			switch r {
			case utf8.RuneError:
				dst = append(dst, `\ufffd`...)
			default:
				dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(append(dst, s[start:]...), '"')
}

// specials marks, with the high bit of its byte, each byte of the word x that String may not
// copy as it is: a quote, a backslash, a control character or a byte of a multi-byte rune
// (the classic "has a zero byte" and "has a byte below n" tests). 0: none of the eight is. A
// byte is marked wrongly only above one marked rightly, which String then takes byte by byte:
// a plain byte taken so is copied as it is all the same.
func specials(x uint64) uint64 {
	return wordscan.StringStops(x) | x&wordscan.Highs
}

// appendEscaped appends the JSON escape of the ASCII byte b: a quote, a backslash or a control
// character.
func appendEscaped(dst []byte, b byte) []byte {
	switch b {
	case '"', '\\':
		return append(dst, '\\', b)
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xf])
}

// hexDigits are the lower-case hexadecimal digits encoding/json escapes with.
const hexDigits = "0123456789abcdef"

// Bool appends true or false.
func Bool(dst []byte, b bool) []byte {
	if b {
		return append(dst, "true"...)
	}
	return append(dst, "false"...)
}

// Int appends the decimal form of n.
func Int(dst []byte, n int64) []byte { return strconv.AppendInt(dst, n, 10) }

// DecimalText appends what d.String() returns (what decimal.Decimal's MarshalJSON quotes),
// without its intermediate big.Int and strings when d's coefficient fits 128 bits and its
// exponent is within ±maxFastExponent, through d.String() otherwise.
func DecimalText(dst []byte, d decimal.Decimal) []byte {
	hi, lo, neg, ok := exact.Magnitude128(d)
	exp := int(d.Exponent())
	if !ok || exp < -maxFastExponent || exp > maxFastExponent {
		return append(dst, d.String()...)
	}
	if hi == 0 && lo == 0 {
		return append(dst, '0') // whatever the exponent
	}
	if neg {
		dst = append(dst, '-')
	}
	var buf [40]byte
	digits := appendUint128(buf[:0], hi, lo)
	if exp >= 0 { // the integer c·10^exp
		dst = append(dst, digits...)
		for range exp {
			dst = append(dst, '0')
		}
		return dst
	}
	places := -exp
	lead := 0 // the zeros of the fraction before the digits
	if len(digits) > places {
		dst = append(dst, digits[:len(digits)-places]...)
		digits = digits[len(digits)-places:]
	} else {
		dst = append(dst, '0')
		lead = places - len(digits)
	}
	for len(digits) > 0 && digits[len(digits)-1] == '0' { // the trailing zeros are dropped
		digits = digits[:len(digits)-1]
	}
	if len(digits) == 0 {
		return dst
	}
	dst = append(dst, '.')
	for range lead {
		dst = append(dst, '0')
	}
	return append(dst, digits...)
}

// maxFastExponent bounds the exponents DecimalText writes itself.
const maxFastExponent = 64

// appendUint128 appends the decimal digits of hi:lo.
func appendUint128(dst []byte, hi, lo uint64) []byte {
	if hi == 0 {
		return strconv.AppendUint(dst, lo, 10)
	}
	const e19 = 1e19 // the largest power of ten below 2^64
	qhi, r := hi/e19, hi%e19
	qlo, low := bits.Div64(r, lo, e19)
	dst = appendUint128(dst, qhi, qlo)
	var buf [19]byte
	tail := strconv.AppendUint(buf[:0], low, 10)
	for range 19 - len(tail) {
		dst = append(dst, '0')
	}
	return append(dst, tail...)
}

// Time appends t as time.Time's MarshalJSON writes it (RFC 3339 with the nanoseconds that are
// not zero, quoted), without time's calendar functions. ok is false for a time MarshalJSON
// refuses or that is not in UTC, which this does not write.
func Time(dst []byte, t time.Time) (_ []byte, ok bool) {
	if t.Location() != time.UTC {
		return dst, false
	}
	secs := t.Unix()
	days, rem := secs/86400, secs%86400
	if rem < 0 {
		days, rem = days-1, rem+86400
	}
	year, month, day := civilFromDays(days)
	if year < 0 || year > 9999 {
		return dst, false
	}
	dst = append(dst, '"')
	dst = appendDigits(dst, year/100)
	dst = append(appendDigits(dst, year%100), '-')
	dst = append(appendDigits(dst, month), '-')
	dst = append(appendDigits(dst, day), 'T')
	dst = append(appendDigits(dst, int(rem/3600)), ':')
	dst = append(appendDigits(dst, int(rem/60%60)), ':')
	dst = appendDigits(dst, int(rem%60))
	if ns := t.Nanosecond(); ns != 0 { // RFC3339Nano: the fraction without its trailing zeros
		var frac [9]byte
		for i := 8; i >= 0; i-- {
			frac[i] = byte('0' + ns%10)
			ns /= 10
		}
		n := 9
		for frac[n-1] == '0' {
			n--
		}
		dst = append(append(dst, '.'), frac[:n]...)
	}
	return append(dst, 'Z', '"'), true
}

// appendDigits appends n (0–99) as two digits.
func appendDigits(dst []byte, n int) []byte {
	return append(dst, byte('0'+n/10), byte('0'+n%10))
}

// civilFromDays returns the date days after 1970-01-01 (proleptic Gregorian; Howard Hinnant's
// civil_from_days).
func civilFromDays(days int64) (year, month, day int) {
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097                                  // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // [0, 365]
	mp := (5*doy + 2) / 153                                // [0, 11], from March
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return int(y), int(m), int(d)
}
