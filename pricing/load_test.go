package pricing

import (
	"errors"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// genDecimal draws decimals from tame amounts to values just inside and outside
// CheckDecimal's bounds.
func genDecimal() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		c, _ := new(big.Int).SetString(rapid.StringMatching(`[1-9][0-9]{0,39}`).Draw(t, "coef"), 10)
		if rapid.Bool().Draw(t, "neg") {
			c.Neg(c)
		}
		if rapid.Bool().Draw(t, "tame") {
			c.SetInt64(rapid.Int64Range(-1e12, 1e12).Draw(t, "small"))
		}
		zeros := rapid.IntRange(0, 20).Draw(t, "zeros")
		c.Mul(c, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(zeros)), nil))
		exp := int32(rapid.IntRange(-40, 20).Draw(t, "exp"))
		return decimal.NewFromBigInt(c, exp)
	})
}

func TestLoadAgreesWithCheckDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := genDecimal().Draw(t, "v")
		neg := rapid.Bool().Draw(t, "allowNeg")
		a, err := load(v, neg)
		want := model.CheckDecimal(v, neg)
		if (err == nil) != (want == nil) || (err != nil && !errors.Is(err, want)) {
			t.Fatalf("load(%s, %v) error %v, CheckDecimal %v", v, neg, err, want)
		}
		if err != nil {
			return
		}
		if got := decimal.NewFromBigInt(a.c.Big(), a.exp); !got.Equal(v) {
			t.Fatalf("load(%s) = %s", v, got)
		}
		if a.exp < 0 && new(big.Int).Rem(a.c.Big(), big.NewInt(10)).Sign() == 0 {
			t.Fatalf("load(%s) kept trailing zeros after the point: %v e%d", v, a.c.Big(), a.exp)
		}
		if want := decimalPlaces(v); a.places() != want {
			t.Fatalf("load(%s) places %d, want %d", v, a.places(), want)
		}
		if a.places() > model.MaxDecimalExponent {
			t.Fatalf("load(%s) places %d", v, a.places())
		}
	})
}

// TestLoadBoundary: 10^15 written with a coefficient of 10^15 is accepted by
// model.CheckDecimal (shopspring's NumDigits counts 15 digits for it) while 1e15 is not; load
// follows CheckDecimal either way and keeps the value.
func TestLoadBoundary(t *testing.T) {
	for _, v := range []decimal.Decimal{decimal.NewFromInt(1e15), decimal.New(1, 15), decimal.NewFromInt(999999999999999), d("1e14"),
		decimal.New(0, 15), decimal.New(0, 16), decimal.New(0, -16)} {
		a, err := load(v, false)
		if want := model.CheckDecimal(v, false); (err == nil) != (want == nil) {
			t.Errorf("load(%s): %v, CheckDecimal: %v", v, err, want)
		}
		if err == nil && !decimal.NewFromBigInt(a.c.Big(), a.exp).Equal(v) {
			t.Errorf("load(%s) = %v·10^%d", v, a.c.Big(), a.exp)
		}
	}
}

func TestLoadFastPathAllocatesNothing(t *testing.T) {
	for _, s := range []string{"0", "175.200", "0.85", "999999999999999", "-12.5", "1e14", "0.000000000000001"} {
		v := d(s)
		if n := testing.AllocsPerRun(100, func() { _, _ = load(v, true) }); n != 0 {
			t.Errorf("load(%s): %v allocations", s, n)
		}
	}
}

// hostile returns decimals that must be refused at once.
func hostile() []decimal.Decimal {
	return []decimal.Decimal{
		decimal.RequireFromString("1e100000000"),
		decimal.RequireFromString("1e-100000000"),
		decimal.RequireFromString(strings.Repeat("9", 10000)),
		decimal.RequireFromString("0." + strings.Repeat("1", 10000)),
		decimal.RequireFromString("1e15"),
		decimal.RequireFromString("-1"),
		decimal.New(1, -16),
		decimal.New(0, 100000000),
	}
}

func TestLoadRefusesHostileQuickly(t *testing.T) {
	for _, v := range hostile() {
		var err error
		if el := took(func() { _, err = load(v, false) }); el > hostileTime {
			t.Errorf("load of a hostile value took %v", el)
		}
		if err == nil {
			t.Errorf("load accepted %.40s", v.String())
		}
	}
}

// decimalPlaces is the number of decimals v needs: its exponent's, less the trailing zeros
// (0 for a zero).
func decimalPlaces(v decimal.Decimal) int32 {
	if v.IsZero() {
		return 0
	}
	e := v.Exponent()
	c := new(big.Int).Set(v.Coefficient())
	r := new(big.Int)
	for e < 0 {
		if new(big.Int).QuoRem(c, big.NewInt(10), r); r.Sign() != 0 {
			break
		}
		c.Quo(c, big.NewInt(10))
		e++
	}
	return max(0, -e)
}

// TestLoadZeroIsCheckDecimal holds load's answer for a zero to model.CheckDecimal's, at every
// exponent around the bound, at the ends of int32 and at random ones, both signs allowed or
// not: the same error (ErrDecimalTooLarge beyond ±MaxDecimalExponent) and else the zero amt.
func TestLoadZeroIsCheckDecimal(t *testing.T) {
	check := func(t interface{ Fatalf(string, ...any) }, d decimal.Decimal, neg bool) {
		a, err := load(d, neg)
		want := model.CheckDecimal(d, neg)
		if !errors.Is(err, want) || (err == nil) != (want == nil) {
			t.Fatalf("load(0e%d, %v) error %v, CheckDecimal %v", d.Exponent(), neg, err, want)
		}
		if a.c.Sign() != 0 || a.exp != 0 {
			t.Fatalf("load(0e%d) = %v e%d, want the zero amt", d.Exponent(), a.c.Big(), a.exp)
		}
	}
	exps := []int32{math.MinInt32, math.MinInt32 + 1, math.MaxInt32 - 1, math.MaxInt32}
	for e := int32(-3 * model.MaxDecimalExponent); e <= 3*model.MaxDecimalExponent; e++ {
		exps = append(exps, e)
	}
	for _, e := range exps {
		for _, neg := range []bool{false, true} {
			check(t, decimal.New(0, e), neg)
		}
	}
	if _, err := load(decimal.New(0, model.MaxDecimalExponent+1), false); !errors.Is(err, model.ErrDecimalTooLarge) {
		t.Fatalf("load(0e16): %v, want ErrDecimalTooLarge", err)
	}
	if _, err := load(decimal.New(0, -model.MaxDecimalExponent-1), false); !errors.Is(err, model.ErrDecimalTooLarge) {
		t.Fatalf("load(0e-16): %v, want ErrDecimalTooLarge", err)
	}
	for _, e := range []int32{model.MaxDecimalExponent, -model.MaxDecimalExponent, 0} {
		if _, err := load(decimal.New(0, e), false); err != nil {
			t.Fatalf("load(0e%d): %v, want nil", e, err)
		}
	}
	check(t, decimal.Decimal{}, false)
	rapid.Check(t, func(rt *rapid.T) {
		check(rt, decimal.New(0, rapid.Int32().Draw(rt, "exp")), rapid.Bool().Draw(rt, "allowNeg"))
	})
}
