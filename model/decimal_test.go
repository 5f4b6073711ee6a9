package model

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestCheckDecimalPowersOfTen(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{
		{"1000000000000000", false}, {"1e15", false}, {"999999999999999", true}, {"999999999999999.999999999999999", true},
		{"100000000000000", true}, {"1e14", true}, {"10000000000000000000", false}, {"0.000000000000001", true},
		{"0.0000000000000001", false}, {"0e100000000", false}, {"0", true}, {"1e100000000", false}, {"-1", false},
	} {
		err := CheckDecimal(decimal.RequireFromString(c.in), false)
		if (err == nil) != c.ok {
			t.Errorf("CheckDecimal(%s) = %v, want ok=%v", c.in, err, c.ok)
		}
	}
}

func TestCmpAndSubDecimalAgreeWithDecimal(t *testing.T) {
	vals := []string{"0", "1", "-1", "1.5", "1.50", "10000", "5571.00", "0.001", "999999999999999999", "1e17", "123456789012345678.9", "-42.125"}
	for _, a := range vals {
		for _, b := range vals {
			x, y := decimal.RequireFromString(a), decimal.RequireFromString(b)
			if got, want := CmpDecimal(x, y), x.Cmp(y); got != want {
				t.Errorf("CmpDecimal(%s, %s) = %d, want %d", a, b, got, want)
			}
			if got, want := SubDecimal(x, y), x.Sub(y); !got.Equal(want) {
				t.Errorf("SubDecimal(%s, %s) = %s, want %s", a, b, got, want)
			}
		}
	}
}
