package pricing

import (
	"errors"

	"github.com/respec-dev/respec/internal/exact"
	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// MaxPlaces is the most decimal places Round accepts and the precision of every unrounded
// ("exact") amount pricing reports.
const MaxPlaces = 24

// maxCurrencyPlaces bounds Policy.CurrencyPlaces.
const maxCurrencyPlaces = 15

var (
	errRoundInput  = errors.New("is out of range for rounding (exponent below -48 or above 30, or more than 60 digits)")
	errRoundPlaces = errors.New("must be between 0 and 24")
)

// Round returns d rounded to places decimals (0 ≤ places ≤ MaxPlaces) by mode, one of
// model.RoundHalfUp (half away from zero), model.RoundHalfEven (half to even), model.RoundDown
// (toward zero) and model.RoundUp (away from zero). A d that already has at most places
// decimals is returned unchanged. Amounts pricing rounds internally are rounded by the same
// rule, from their exact value. An unknown mode, places out of range or a d beyond any amount
// pricing produces (see errRoundInput) yields an error matching ErrBadAmount.
func Round(d decimal.Decimal, places int32, mode string) (decimal.Decimal, error) {
	m, ok := parseMode(mode)
	if !ok {
		return decimal.Decimal{}, badAmount("rounding mode "+quote(mode), errMode)
	}
	if places < 0 || places > MaxPlaces {
		return decimal.Decimal{}, badAmount("places", errRoundPlaces)
	}
	e := d.Exponent()
	if d.IsZero() || e >= -places {
		return d, nil
	}
	if e < -48 || e > 30 {
		return decimal.Decimal{}, badAmount("value", errRoundInput)
	}
	c := d.Coefficient()
	if c.BitLen() > 200 {
		return decimal.Decimal{}, badAmount("value", errRoundInput)
	}
	var s exact.Scratch
	q := exact.Quo(exact.FromBig(c), exact.MulPow10(exact.OfUint(1), -e-places), 0, m)
	return s.Decimal(q, -places), nil
}

func quote(s string) string {
	if len(s) > 32 {
		s = s[:32] + "…"
	}
	return "\"" + s + "\""
}

// policy is the part of model.Policy pricing uses, checked.
type policy struct {
	places int32
	mode   exact.Mode
}

func chargePolicy(p *model.Policy) (policy, error) {
	if p == nil {
		return policy{}, badAmount("policy", errNil)
	}
	return checkPolicy(p.CurrencyPlaces, p.ChargeRounding, "policy ChargeRounding")
}

func checkPolicy(places int32, mode, field string) (policy, error) {
	if places < 0 || places > maxCurrencyPlaces {
		return policy{}, badAmount("policy CurrencyPlaces", errPlaces)
	}
	m, ok := parseMode(mode)
	if !ok {
		return policy{}, badAmount(field+" "+quote(mode), errMode)
	}
	return policy{places: places, mode: m}, nil
}

func parseMode(s string) (exact.Mode, bool) {
	switch s {
	case model.RoundHalfUp:
		return exact.HalfUp, true
	case model.RoundHalfEven:
		return exact.HalfEven, true
	case model.RoundDown:
		return exact.Down, true
	case model.RoundUp:
		return exact.Up, true
	}
	return 0, false
}
