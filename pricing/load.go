package pricing

import (
	"math/big"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// amt is a validated decimal: coefficient c (trailing zeros removed) and exponent exp, so the
// value is c·10^exp.
type amt struct {
	c   xint
	exp int32
}

// places is the number of decimals the amount needs.
func (a amt) places() int32 { return max(0, -a.exp) }

// scaled returns the amount times 10^p as an integer; p must be at least a.places().
func (a amt) scaled(p int32) xint { return mulPow10(a.c, p+a.exp) }

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

// load validates d as model.CheckDecimal does (negative values only when allowNeg) and
// returns it as an amt. A decimal whose exponent is within ±15, whose coefficient has at
// most 18 digits and whose magnitude is below 10^15 satisfies every bound of CheckDecimal;
// it is accepted without calling CheckDecimal, which allocates. Any other decimal goes
// through CheckDecimal itself, so hostile values (1e100000000, 10,000 digits) are refused
// in time bounded by CheckDecimal's.
func load(d decimal.Decimal, allowNeg bool) (amt, error) {
	if d.IsZero() {
		if e := d.Exponent(); e < -model.MaxDecimalExponent || e > model.MaxDecimalExponent {
			// CheckDecimal bounds a zero's exponent too (0e100000000).
			return amt{}, model.CheckDecimal(d, allowNeg)
		}
		return amt{}, nil
	}
	if !allowNeg && d.Sign() < 0 {
		return amt{}, model.ErrDecimalNegative
	}
	e := d.Exponent()
	if e >= -15 && e <= 15 && inSmallBound(d, e) {
		c, ce := d.CoefficientInt64(), e
		for c%10 == 0 {
			c /= 10
			ce++
		}
		if digits(c)+int64(ce) <= model.MaxDecimalExponent {
			return amt{c: xi(c), exp: ce}, nil
		}
	}
	if err := model.CheckDecimal(d, allowNeg); err != nil {
		return amt{}, err
	}
	c := d.Coefficient()
	ten := big.NewInt(10)
	q, r := new(big.Int), new(big.Int)
	for {
		q.QuoRem(c, ten, r)
		if r.Sign() != 0 {
			break
		}
		c, q = q, c
		e++
	}
	return amt{c: fromBig(c), exp: e}, nil
}

// inSmallBound reports whether |d| < 10^18·10^e, e being d's exponent in [-15, 15].
func inSmallBound(d decimal.Decimal, e int32) bool {
	if d.Sign() > 0 {
		return d.Cmp(smallBound[e+15]) < 0
	}
	return d.Cmp(smallNegBound[e+15]) > 0
}

// digits returns the number of decimal digits of c ≠ 0.
func digits(c int64) int64 {
	if c < 0 {
		c = -c
	}
	n := int64(1)
	for c >= 10 {
		c /= 10
		n++
	}
	return n
}
