package model

import (
	"cmp"
	"slices"
	"unsafe"

	"github.com/respec-dev/respec/internal/exact"
	"github.com/shopspring/decimal"
)

// ListPrice is a type's monthly list price in one region (or a discount factor), resolved when
// the catalog is built.
type ListPrice struct {
	// Value is the price as the catalog states it (InstanceType.MonthlyPrice[region]).
	Value decimal.Decimal
	// Coef and Exp give the same value as Coef·10^Exp, trailing zeros removed from Coef, when
	// Small is set (the coefficient fits 18 digits and the exponent lies within ±15): the
	// integer form the money arithmetic works in.
	Coef  int64
	Exp   int32
	Small bool
	// Illustrative: the price is illustrative (Catalog.PriceIllustrative).
	Illustrative bool
}

// resolved is what NewCatalog works out once so that a decision looks nothing up by name:
// every list price by type and region index, and the family-change rules by family index.
type resolved struct {
	// regionIdx maps each region to its index; regionNames[i] is region i (the catalog's
	// regions in order, each once).
	regionIdx   map[string]int
	regionNames []string
	// prices[t*len(regions)+r] is type t's price in region r; priced says it exists.
	prices []ListPrice
	priced []bool
	// family[t] is the index of type t's family; families are numbered in order of first
	// appearance in the type list.
	family []int32
	// reach[f] is how a type of family f may change: its rule resolved to indices.
	reach []familyReach
	// discounts[i] is the factor of the catalog's i-th duration discount.
	discounts []ListPrice
}

// familyReach is one source family's change rule resolved to indices.
type familyReach struct {
	// ruled: a FamilyChange names the family; unchangeable: one declares it not changeable.
	ruled, unchangeable bool
	// families and tickets are the family indices the family may change to, sorted: by its
	// rules (or only itself, unruled) and by a support ticket. types are the type indices
	// its rules name (ToInstanceTypes), sorted.
	families, tickets, types []int32
	// near has bit f set for each family f below 64 among families and tickets: the families
	// reached by family rule or ticket, read in one test for the first 64 families.
	near uint64
}

// reachesFamily reports whether the family may change to family f, by its rules or by a
// ticket.
func (fr *familyReach) reachesFamily(f int32) bool {
	if f < 64 {
		return fr.near>>f&1 != 0
	}
	return has(fr.families, f) || has(fr.tickets, f)
}

// resolve builds c.res from c's types, regions, family changes and ticket changes.
func (c *Catalog) resolve() {
	r := &c.res
	r.regionIdx = make(map[string]int, len(c.data.Regions))
	for _, reg := range c.data.Regions {
		if _, dup := r.regionIdx[reg]; !dup {
			r.regionIdx[reg] = len(r.regionIdx)
			r.regionNames = append(r.regionNames, reg)
		}
	}
	nr, nt := len(r.regionIdx), len(c.data.Types)
	r.prices, r.priced = make([]ListPrice, nt*nr), make([]bool, nt*nr)
	families := map[string]int32{}
	r.family = make([]int32, nt)
	for i := range c.data.Types {
		t := &c.data.Types[i]
		f, ok := families[t.Family]
		if !ok {
			f = int32(len(families))
			families[t.Family] = f
		}
		r.family[i] = f
		for reg, ri := range r.regionIdx {
			if v, ok := t.MonthlyPrice[reg]; ok {
				r.prices[i*nr+ri] = resolvePrice(v, c.data.PricesIllustrative && !slices.Contains(t.RealPriceRegions, reg))
				r.priced[i*nr+ri] = true
			}
		}
	}
	r.discounts = make([]ListPrice, len(c.data.Discounts))
	for i, d := range c.data.Discounts {
		r.discounts[i] = resolvePrice(d.Factor, false)
	}
	r.reach = make([]familyReach, len(families))
	for name, f := range families {
		r.reach[f] = c.resolveFamily(name, f, families)
	}
}

// resolveFamily resolves the change rules of the family name (index f) to indices.
func (c *Catalog) resolveFamily(name string, f int32, families map[string]int32) familyReach {
	var fr familyReach
	indices := func(names map[string]bool, idx func(string) (int32, bool)) []int32 {
		var out []int32
		for n := range names {
			if i, ok := idx(n); ok {
				out = append(out, i)
			}
		}
		slices.Sort(out)
		return out
	}
	family := func(n string) (int32, bool) { i, ok := families[n]; return i, ok }
	typ := func(id string) (int32, bool) { i, ok := c.byID[id]; return int32(i), ok }
	fr.tickets = indices(c.tickets[name], family)
	rule, ok := c.rules[name]
	switch {
	case !ok:
		fr.families = []int32{f}
	case !rule.changeable:
		fr.ruled, fr.unchangeable = true, true
	default:
		fr.ruled = true
		fr.families = indices(rule.toFamilies, family)
		fr.types = indices(rule.toTypes, typ)
	}
	for _, to := range slices.Concat(fr.families, fr.tickets) {
		if to < 64 {
			fr.near |= 1 << to
		}
	}
	return fr
}

// resolvePrice returns v as a ListPrice, in integer form when it fits.
func resolvePrice(v decimal.Decimal, illustrative bool) ListPrice {
	p := ListPrice{Value: v, Illustrative: illustrative}
	e := v.Exponent()
	co, ok := exact.Small(v)
	if !ok {
		return p
	}
	for co%10 == 0 {
		co /= 10
		e++
	}
	if e <= 15 {
		p.Coef, p.Exp, p.Small = co, e, true
	}
	return p
}

// Lookup returns the index (the position in catalog order, for At) of the type named id.
func (c *Catalog) Lookup(id string) (int, bool) {
	i, ok := c.byID[id]
	return i, ok
}

// IndexOf returns the index of t when t is one of the catalog's own types (a pointer from At,
// Type or Lookup), else -1.
func (c *Catalog) IndexOf(t *InstanceType) int {
	ts := c.data.Types
	if t == nil || len(ts) == 0 {
		return -1
	}
	off := uintptr(unsafe.Pointer(t)) - uintptr(unsafe.Pointer(&ts[0]))
	i := int(off / unsafe.Sizeof(ts[0]))
	if off%unsafe.Sizeof(ts[0]) != 0 || i < 0 || i >= len(ts) || &ts[i] != t {
		return -1
	}
	return i
}

// regionScanMax is the most regions RegionIndex finds by comparing names in turn, which is
// cheaper than hashing the name for a few: a map look-up costs about 105 instructions, a name
// compare a handful (a different length) to some 20 (the same).
const regionScanMax = 8

// RegionIndex returns the index of region among the catalog's regions, or -1 when the
// catalog has no such region.
func (c *Catalog) RegionIndex(region string) int {
	if names := c.res.regionNames; len(names) <= regionScanMax {
		return slices.Index(names, region)
	}
	if i, ok := c.res.regionIdx[region]; ok {
		return i
	}
	return -1
}

// PriceAt returns the monthly list price of type index t in region index r, resolved when
// the catalog was built, or nil when the type states no price there. The ListPrice is the
// catalog's own: do not change it.
func (c *Catalog) PriceAt(t, r int) *ListPrice {
	k := t*len(c.res.regionIdx) + r
	if !c.res.priced[k] {
		return nil
	}
	return &c.res.prices[k]
}

// PriceOf returns the monthly list price of t in region: the resolved one when t is one of
// the catalog's types and region one of its regions, else from t's own MonthlyPrice (not in
// integer form, and not illustrative).
func (c *Catalog) PriceOf(t *InstanceType, region string) (ListPrice, bool) {
	return c.PriceOfIn(t, c.RegionIndex(region), region)
}

// PriceOfIn is PriceOf for a caller that holds the region's index r (RegionIndex(region)):
// the region is not looked up again.
func (c *Catalog) PriceOfIn(t *InstanceType, r int, region string) (ListPrice, bool) {
	if i := c.IndexOf(t); i >= 0 && r >= 0 {
		if p := c.PriceAt(i, r); p != nil {
			return *p, true
		}
		return ListPrice{}, false
	}
	v, ok := t.MonthlyPrice[region]
	return ListPrice{Value: v}, ok
}

// DiscountAt returns the factor of the catalog's i-th duration discount (Data().Discounts[i])
// in the form of a ListPrice (integer form when it fits; never illustrative).
func (c *Catalog) DiscountAt(i int) ListPrice { return c.res.discounts[i] }

// FamilyChangeableAt is FamilyChangeable for the family of type index t.
func (c *Catalog) FamilyChangeableAt(t int) bool {
	return !c.res.reach[c.res.family[t]].unchangeable
}

// ReachableAt is Reachable for types index from and to: whether a type of from's family may
// change to the type to, a ticket-only change included.
func (c *Catalog) ReachableAt(from, to int) bool {
	fr := &c.res.reach[c.res.family[from]]
	if fr.unchangeable {
		return false
	}
	return fr.reachesFamily(c.res.family[to]) || has(fr.types, int32(to))
}

// TicketChangesAt reports whether the family of type index t has a ticket-only change to
// any family: when it has none, TicketOnlyAt(t, to) is false for every to.
func (c *Catalog) TicketChangesAt(t int) bool {
	return len(c.res.reach[c.res.family[t]].tickets) > 0
}

// TicketOnlyAt is TicketOnly for the families of types index from and to.
func (c *Catalog) TicketOnlyAt(from, to int) bool {
	return has(c.res.reach[c.res.family[from]].tickets, c.res.family[to])
}

// has reports whether the sorted list s holds v.
func has(s []int32, v int32) bool {
	if len(s) <= 8 {
		return slices.Contains(s, v)
	}
	_, ok := slices.BinarySearch(s, v)
	return ok
}

// Cmp compares p and q like p.Value.Cmp(q.Value), in integers when both are Small.
func (p ListPrice) Cmp(q ListPrice) int {
	if p.Small && q.Small && p.Exp == q.Exp {
		return cmp.Compare(p.Coef, q.Coef)
	}
	if a, b, _, ok := p.Align(q); ok {
		return cmp.Compare(a, b)
	}
	if p.Small && q.Small {
		e := min(p.Exp, q.Exp)
		return exact.Cmp(exact.MulPow10(exact.Of(p.Coef), p.Exp-e), exact.MulPow10(exact.Of(q.Coef), q.Exp-e))
	}
	return CmpDecimal(p.Value, q.Value)
}

// Align returns p's and q's coefficients at the smaller of their exponents, and that
// exponent (p = a·10^exp, q = b·10^exp), when both are Small and both scaled coefficients fit
// an int64; ok is false otherwise.
func (p ListPrice) Align(q ListPrice) (a, b int64, exp int32, ok bool) {
	if !p.Small || !q.Small {
		return 0, 0, 0, false
	}
	return exact.AlignedInt64(p.Coef, p.Exp, q.Coef, q.Exp)
}
