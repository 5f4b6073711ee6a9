package jsonw

import (
	"bytes"
	"math/big"
	"testing"
	"time"

	"github.com/respec-dev/respec/internal/jsonw/jsonwtest"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// Strings are written byte for byte as encoding/json writes them, whatever their bytes
// (control characters, quotes, backslashes, invalid UTF-8, U+2028, "<&>").
func TestStringIsEncodingJSON(t *testing.T) {
	str := rapid.OneOf(
		jsonwtest.Strings(),
		// long plain runs with a rare special, at any offset of the eight-byte words
		rapid.StringOf(rapid.SampledFrom([]rune{'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', 'a', '"', '\n', 'é', '\u2028', 0x7f, 0x1f, '\\'})),
	)
	rapid.Check(t, func(t *rapid.T) {
		s := str.Draw(t, "s")
		if got, want := String([]byte("x"), s), append([]byte("x"), jsonwtest.EncodingJSON(t, s)...); !bytes.Equal(got, want) {
			t.Fatalf("String(%q) = %q, want %q", s, got, want)
		}
		if got, want := Field([]byte("x"), ',', "Key", s), append([]byte(`x,"Key":`), jsonwtest.EncodingJSON(t, s)...); !bytes.Equal(got, want) {
			t.Fatalf("Field(%q) = %q, want %q", s, got, want)
		}
	})
}

// decimalGen draws decimals of every shape: small and huge coefficients of either sign, zero
// with any exponent, exponents inside and outside DecimalText's fast range.
var decimalGen = rapid.Custom(func(t *rapid.T) decimal.Decimal {
	exp := rapid.Int32Range(-80, 80).Draw(t, "exp")
	switch rapid.IntRange(0, 3).Draw(t, "shape") {
	case 0:
		return decimal.New(rapid.Int64().Draw(t, "c"), exp)
	case 1:
		return decimal.New(rapid.Int64Range(-1e6, 1e6).Draw(t, "c"), rapid.Int32Range(-8, 3).Draw(t, "e"))
	case 2:
		return decimal.New(0, exp)
	}
	c, _ := new(big.Int).SetString(rapid.StringMatching(`-?[1-9][0-9]{0,40}`).Draw(t, "big"), 10)
	return decimal.NewFromBigInt(c, exp)
})

// DecimalText writes what decimal.Decimal's String returns, so a quoted DecimalText is what
// its MarshalJSON writes.
func TestDecimalTextIsString(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		d := decimalGen.Draw(t, "d")
		if got, want := DecimalText(nil, d), d.String(); string(got) != want {
			t.Fatalf("DecimalText(%s·10^%d) = %q, want %q", d.Coefficient(), d.Exponent(), got, want)
		}
		quoted := append(append([]byte{'"'}, DecimalText(nil, d)...), '"')
		if want := jsonwtest.EncodingJSON(t, d); !bytes.Equal(quoted, want) {
			t.Fatalf("quoted %q, encoding/json %q", quoted, want)
		}
	})
	var zero decimal.Decimal
	if got := DecimalText(nil, zero); string(got) != "0" {
		t.Errorf("the zero Decimal: %q", got)
	}
	for _, c := range []struct {
		d    decimal.Decimal
		want string
	}{
		{decimal.New(437780, -2), "4377.8"}, {decimal.New(-5, -3), "-0.005"}, {decimal.New(12, 2), "1200"},
		{decimal.New(100, -2), "1"}, {decimal.New(-120, -1), "-12"}, {decimal.New(0, -5), "0"},
	} {
		if got := DecimalText(nil, c.d); string(got) != c.want {
			t.Errorf("DecimalText(%v) = %q, want %q", c.d, got, c.want)
		}
	}
}

// Time writes what time.Time's MarshalJSON writes, for the UTC times it takes; it refuses
// the others.
func TestTimeIsMarshalJSON(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tm := time.Unix(rapid.Int64Range(-70e9, 260e9).Draw(t, "sec"), rapid.Int64Range(0, 999_999_999).Draw(t, "ns")*int64(rapid.SampledFrom([]int{0, 1}).Draw(t, "frac")))
		if rapid.Bool().Draw(t, "utc") {
			tm = tm.UTC()
		}
		got, ok := Time([]byte("x"), tm)
		want, err := tm.MarshalJSON()
		switch {
		case tm.Location() != time.UTC || tm.Year() < 0 || tm.Year() > 9999:
			if ok || !bytes.Equal(got, []byte("x")) {
				t.Fatalf("Time(%v) = %q, %v; want it refused", tm, got, ok)
			}
		case !ok || err != nil || !bytes.Equal(got, append([]byte("x"), want...)):
			t.Fatalf("Time(%v) = %q, %v; MarshalJSON %q, %v", tm, got, ok, want, err)
		}
	})
}

// The edges of the years Time writes, a leap day of year 0 and the last nanosecond before
// 1970 among them.
func TestTimeEdges(t *testing.T) {
	for _, s := range []string{"0000-01-01T00:00:00Z", "0000-02-29T23:59:59.5Z", "0000-03-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
		"1970-01-01T00:00:00Z", "2000-02-29T12:00:00.12Z", "2100-03-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z"} {
		tm, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := Time(nil, tm.UTC())
		if want := `"` + s + `"`; !ok || string(got) != want {
			t.Errorf("Time(%s) = %s, %v; want %s", s, got, ok, want)
		}
	}
	for _, tm := range []time.Time{time.Date(-1, 12, 31, 23, 59, 59, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)} {
		if got, ok := Time([]byte("x"), tm); ok || string(got) != "x" {
			t.Errorf("Time(%v) = %q, %v; want it refused", tm, got, ok)
		}
	}
}

func TestBoolAndInt(t *testing.T) {
	if got := string(Int(Bool(Bool(nil, true), false), -42)); got != "truefalse-42" {
		t.Errorf("got %q", got)
	}
	if got := string(Key([]byte("{"), ',', "A")); got != `{,"A":` {
		t.Errorf("Key: %q", got)
	}
}
