package rules

import (
	"time"

	"github.com/respec-dev/respec/internal/exact"
	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

var timeZero time.Time

// Target is a type the instance can change to now (DescribeResourcesModification's analogue).
type Target struct {
	InstanceType string  `json:"InstanceType"`
	Family       string  `json:"Family"`
	CPU          int     `json:"Cpu"`
	MemoryGiB    float64 `json:"MemoryGiB"`
	// Operation is "upgrade" or "downgrade".
	Operation string            `json:"Operation"`
	Stock     model.StockStatus `json:"StatusCategory"`
	// MonthlyPriceDelta is the target's monthly list price minus the current type's.
	MonthlyPriceDelta decimal.Decimal `json:"MonthlyPriceDelta"`
	// PricesIllustrative: the delta uses an illustrative list price (the current or the
	// target type's, model.Catalog.PriceIllustrative).
	PricesIllustrative bool `json:"PricesIllustrative,omitempty"`
}

// AvailableTargets lists every catalog type the instance could change to now, in catalog
// order, with its stock and monthly price delta. A type is listed exactly when Decide, for the
// same request with that InstanceType and no ClientToken, would accept it — except for stock,
// which is reported instead of refusing. req.InstanceType is ignored; req.OperatorType, when
// given, keeps only that direction (as Decide would refuse the other). When a rule that does
// not depend on the target fails, no type can succeed: the list is empty and the error is
// that rule's.
//
// The work is linear in the catalog's size.
func AvailableTargets(now time.Time, req *model.Request, f *model.Facts) ([]Target, error) {
	if f.Catalog == nil {
		return nil, missingCatalog().Err
	}
	r := *req
	r.ClientToken = ""
	c := newEvaluation(now, &r, f)
	if i := c.first(0, runIndependent); i >= 0 {
		return nil, c.issueAt(i, false).Err
	}
	var deltas exact.Slab // the coefficients of the price deltas, 64 to an allocation
	var out []Target
	for k := 0; k < c.cat.Len(); k++ {
		t := c.cat.At(k)
		r.InstanceType = t.InstanceTypeID
		c.setTarget(k)
		if c.first(0, runPerTarget) >= 0 {
			continue
		}
		tg := Target{InstanceType: t.InstanceTypeID, Family: t.Family, CPU: t.CPU, MemoryGiB: t.MemoryGiB,
			Operation: c.dir.String(), Stock: t.StockIn(c.inst.ZoneID), PricesIllustrative: c.pricesIllustrative()}
		if c.toPrice != nil && c.fromPrice != nil {
			tg.MonthlyPriceDelta = priceDelta(&deltas, *c.toPrice, *c.fromPrice)
		}
		out = append(out, tg)
	}
	return out, nil
}

// priceDelta returns to − from, its coefficient held in slab when both prices are in integer
// form.
func priceDelta(slab *exact.Slab, to, from model.ListPrice) decimal.Decimal {
	if !to.Small || !from.Small {
		return model.SubDecimal(to.Value, from.Value)
	}
	e := min(to.Exp, from.Exp)
	return slab.Decimal(exact.Sub(exact.MulPow10(exact.Of(to.Coef), to.Exp-e), exact.MulPow10(exact.Of(from.Coef), from.Exp-e)), e)
}
