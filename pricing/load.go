package pricing

import (
	"math/big"

	"github.com/respec-dev/respec/internal/exact"
	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// amt is a validated decimal: coefficient c and exponent exp, so the value is c·10^exp, with
// no trailing zero in c while exp is negative (so places() counts the decimals the value
// needs).
type amt struct {
	c   exact.Int
	exp int32
}

// places is the number of decimals the amount needs.
func (a amt) places() int32 { return max(0, -a.exp) }

// scaled returns the amount times 10^p as an integer; p must be at least a.places().
func (a amt) scaled(p int32) exact.Int { return exact.MulPow10(a.c, p+a.exp) }

// load validates d as model.CheckDecimal does (negative values only when allowNeg) and
// returns it as an amt. A decimal whose exponent is within ±15, whose coefficient has at
// most 18 digits and whose magnitude is below 10^15 satisfies every bound of CheckDecimal;
// it is accepted without calling CheckDecimal, which allocates; a zero has only its exponent
// bounded (model.CheckZeroExponent). Any other decimal goes through CheckDecimal itself, so
// hostile values (1e100000000, 10,000 digits) are refused in time bounded by CheckDecimal's.
func load(d decimal.Decimal, allowNeg bool) (amt, error) {
	if c, ok := exact.Small(d); ok && (allowNeg || c > 0) {
		ce := d.Exponent()
		for ce < 0 && c%10 == 0 {
			c /= 10
			ce++
		}
		if belowMaxExponent(c, ce) {
			return amt{c: exact.Of(c), exp: ce}, nil
		}
	}
	if d.IsZero() {
		return amt{}, model.CheckZeroExponent(int64(d.Exponent()))
	}
	if err := model.CheckDecimal(d, allowNeg); err != nil {
		return amt{}, err
	}
	e := d.Exponent()
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
	return amt{c: exact.FromBig(c), exp: e}, nil
}

// belowMaxExponent reports whether c·10^e (c ≠ 0, |c| < 10^18) has at most
// model.MaxDecimalExponent digits before the point, digits(c) + e ≤ MaxDecimalExponent, as
// one comparison: |c| < 10^(MaxDecimalExponent − e).
func belowMaxExponent(c int64, e int32) bool {
	lim := model.MaxDecimalExponent - int64(e)
	if lim >= 18 {
		return true
	}
	p, ok := exact.Pow10Uint(int32(lim))
	return ok && lim > 0 && absInt64(c) < p
}

// loadResolved is load(p.Value, false) for a value the catalog resolved: its integer form when
// it has one (the catalog validated it when it was built).
func loadResolved(p model.ListPrice) (amt, error) {
	if p.Small {
		return amt{c: exact.Of(p.Coef), exp: p.Exp}, nil
	}
	return load(p.Value, false)
}
