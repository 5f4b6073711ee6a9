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
	// First the rules, noting in one byte a type whether it is listed, its direction and
	// whether a price is illustrative (pointer-free, so that the collector never scans it);
	// then the targets, allocated once at their final size and filled in place.
	notes := make([]listing, c.cat.Len())
	n := 0
	// The rules marked byDirection are evaluated once per direction (0: not yet, 1: passed,
	// 2: broken), the others once per type.
	var byDir [model.Downgrade + 1]uint8
	for k := range notes {
		r.InstanceType = c.cat.At(k).InstanceTypeID
		c.setTarget(k)
		if !c.passesPerTarget(&byDir) {
			continue
		}
		notes[k] = listingOf(c.dir, c.pricesIllustrative())
		n++
	}
	if n == 0 {
		return nil, nil
	}
	out := make([]Target, n)
	deltas := exact.Slab{Chunk: n} // the coefficients of the price deltas, one allocation
	i := 0
	for k, l := range notes {
		if l == 0 {
			continue
		}
		c.fillTarget(&out[i], k, l, &deltas)
		i++
	}
	return out, nil
}

// passesPerTarget reports whether the target set last (setTarget) breaks none of the rules
// runPerTarget runs, as c.first(0, runPerTarget) < 0 would, but with the rules marked
// byDirection answered from byDir once known for the direction. Only the outcome is asked
// for, so the order of the two runs does not matter. It is called once the independent rules
// have passed: they refuse a request whose instance or current type is not found
// (region.exists, instance.exists, instance.region, facts.current-type), so both are
// resolved, as perDirectionRun and perTypeRun assume.
func (c *evaluation) passesPerTarget(byDir *[model.Downgrade + 1]uint8) bool {
	d := c.dir
	if byDir[d] == 0 {
		byDir[d] = 1
		if c.anyBroken(perDirectionRun[d]) {
			byDir[d] = 2
		}
	}
	return byDir[d] == 1 && !c.anyBroken(perTypeRun[d])
}

// anyBroken reports whether a rule of steps is broken; their needs must be met. A rule whose
// quiet fact holds is not evaluated.
func (c *evaluation) anyBroken(steps []step) bool {
	off := c.skipped()
	for i := range steps {
		if s := &steps[i]; s.unless&off == 0 && s.test(c) {
			return true
		}
	}
	return false
}

// perDirectionRun and perTypeRun split lateRun[runPerTarget], for each direction
// (model.OperatorUnset: the target is the current type), into the rules marked byDirection
// and the others, keeping only those whose needs are met once the independent rules have
// passed: the instance, its current type and the target are then resolved, and the direction
// exactly when it is known. Read-only.
var perDirectionRun, perTypeRun = func() (byDir, byType [model.Downgrade + 1][]step) {
	for d, steps := range lateRun[runPerTarget] {
		have := needInstance | needFrom | needTarget
		if model.OperatorType(d) != model.OperatorUnset {
			have |= needDirection
		}
		for _, s := range steps {
			switch {
			case have&table[s.index].needs != table[s.index].needs:
			case table[s.index].byDirection:
				byDir[d] = append(byDir[d], s)
			default:
				byType[d] = append(byType[d], s)
			}
		}
	}
	return byDir, byType
}()

// fillTarget writes catalog type k, noted l, into tg (zero), field by field: writing the
// pointers one by one costs the collector less than copying a whole Target into the list.
func (c *evaluation) fillTarget(tg *Target, k int, l listing, deltas *exact.Slab) {
	t := c.cat.At(k)
	tg.InstanceType, tg.Family, tg.CPU, tg.MemoryGiB = t.InstanceTypeID, t.Family, t.CPU, t.MemoryGiB
	tg.Operation, tg.Stock, tg.PricesIllustrative = l.dir().String(), t.StockIn(c.inst.ZoneID), l&illustrative != 0
	// A current price means the instance was found, so setTarget priced the target too.
	if c.fromPrice != nil {
		if to := c.cat.PriceAt(k, c.region); to != nil {
			tg.MonthlyPriceDelta = priceDelta(deltas, *to, *c.fromPrice)
		}
	}
}

// listing is what AvailableTargets notes of a catalog type: 0 when it is not listed, else
// listed, with illustrative when a price of the change is illustrative, and the direction in
// the low bits.
type listing uint8

const (
	listed       listing = 1 << 7
	illustrative listing = 1 << 6
	dirBits      listing = illustrative - 1
)

// The direction fits the low bits.
const _ = uint8(dirBits - listing(max(model.Upgrade, model.Downgrade)))

func listingOf(dir model.OperatorType, priceIllustrative bool) listing {
	l := listed | listing(dir)
	if priceIllustrative {
		l |= illustrative
	}
	return l
}

func (l listing) dir() model.OperatorType { return model.OperatorType(l & dirBits) }

// priceDelta returns to − from, its coefficient held in slab when both prices are in integer
// form.
func priceDelta(slab *exact.Slab, to, from model.ListPrice) decimal.Decimal {
	if a, b, e, ok := to.Align(from); ok {
		return slab.Decimal(exact.Sub(exact.Of(a), exact.Of(b)), e)
	}
	if !to.Small || !from.Small {
		return model.SubDecimal(to.Value, from.Value)
	}
	e := min(to.Exp, from.Exp)
	return slab.Decimal(exact.Sub(exact.MulPow10(exact.Of(to.Coef), to.Exp-e), exact.MulPow10(exact.Of(from.Coef), from.Exp-e)), e)
}
