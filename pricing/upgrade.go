package pricing

import (
	"cmp"
	"math/bits"
	"time"

	"github.com/respec-dev/respec/internal/exact"
	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// Quote is the DescribeInstanceModificationPrice-shaped price of an upgrade.
type Quote struct {
	// OriginalPrice is the list-price difference over the billed hours, rounded by
	// policy.ChargeRounding to policy.CurrencyPlaces.
	OriginalPrice decimal.Decimal
	// DiscountPrice is OriginalPrice − TradePrice, so TradePrice == OriginalPrice −
	// DiscountPrice exactly.
	DiscountPrice decimal.Decimal
	// TradePrice is what is charged: the discounted fee rounded by policy.ChargeRounding.
	TradePrice decimal.Decimal
	// Currency is the catalog's currency.
	Currency string
	// Hours is the number of billed hours (a started hour counts whole).
	Hours int64
	// DiscountFactor is the duration discount applied (1 = none).
	DiscountFactor decimal.Decimal
	// Exact is the unrounded trade price, rounded half-up to MaxPlaces decimals.
	Exact decimal.Decimal
}

// one is the decimal 1. Read-only.
var one = decimal.New(1, 0)

// Upgrade prices a change from -> to over [now, until): until is the instance's expiry, or
// EndTime for a temporary upgrade. The fee is
//
//	fee = (monthly list price of to − monthly list price of from) ÷ 30 ÷ 24 × billed hours × discount
//
// where the monthly list prices are InstanceType.MonthlyPrice[region], billed hours are the
// hours from now to until with a started hour counting whole (0 when until is not after
// now), and discount is cat.Discount(billed hours ÷ 720, rounded down). A target that is not
// dearer costs 0. See the package documentation for the rounding.
//
// Errors: a missing price matches ErrNoPrice; a nil argument, a bad policy setting, a price
// or discount that fails model.CheckDecimal, or more than 100 years to until match
// ErrBadAmount.
func Upgrade(now, until time.Time, region string, from, to *model.InstanceType, cat *model.Catalog, p *model.Policy) (Quote, error) {
	return upgradeLookingUp(now, until, region, from, to, cat, p, nil)
}

// Memory holds the decimals of one quote, so that a caller building a larger answer can hold
// them in its own allocation. The zero Memory is ready to use; one Memory serves one quote,
// and it must not be copied after that.
type Memory struct{ a exact.Arena }

// Upgrade is the package's Upgrade, the quote's decimals held in m.
func (m *Memory) Upgrade(now, until time.Time, region string, from, to *model.InstanceType, cat *model.Catalog, p *model.Policy) (Quote, error) {
	return upgradeLookingUp(now, until, region, from, to, cat, p, &m.a)
}

// Priced is an instance type with its monthly list price in a region as the catalog resolved
// it (model.Catalog.PriceAt or PriceOf, not to be changed); a nil Price: the type states no
// price there.
type Priced struct {
	Type  *model.InstanceType
	Price *model.ListPrice
}

// UpgradePriced is Upgrade for a caller that holds both types' list prices in region (from
// and to as model.Catalog.PriceOf gives them), the quote written to q: the same quote or the
// same error (q then zero), the region and the prices not looked up again. The quote's
// decimals are held in m; a nil m takes new memory for them, as Upgrade does.
func (m *Memory) UpgradePriced(q *Quote, now, until time.Time, region string, from, to Priced, cat *model.Catalog, p *model.Policy) error {
	return upgrade(q, now, until, region, from, to, cat, p, m.arena())
}

// arena returns m's arena, nil for a nil m.
func (m *Memory) arena() *exact.Arena {
	if m == nil {
		return nil
	}
	return &m.a
}

// upgradeLookingUp is Upgrade with the quote's decimals in s (nil: a new Arena), the prices
// looked up in cat.
func upgradeLookingUp(now, until time.Time, region string, from, to *model.InstanceType, cat *model.Catalog, p *model.Policy, s *exact.Arena) (Quote, error) {
	var q Quote
	var fp, tp model.ListPrice
	f, t := Priced{Type: from}, Priced{Type: to}
	if from != nil && to != nil && cat != nil {
		r := cat.RegionIndex(region)
		f, t = pricedIn(cat, from, r, region, &fp), pricedIn(cat, to, r, region, &tp)
	}
	err := upgrade(&q, now, until, region, f, t, cat, p, s)
	return q, err
}

// upgrade sets *q to the quote of from -> to, its decimals in s (nil: a new Arena), or
// returns the error, setting *q to zero.
func upgrade(q *Quote, now, until time.Time, region string, from, to Priced, cat *model.Catalog, p *model.Policy, s *exact.Arena) error {
	*q = Quote{}
	var in upgradeQuote
	if err := in.load(now, until, region, from, to, cat, p); err != nil {
		return err
	}
	q.Currency, q.Hours, q.DiscountFactor = cat.Currency(), in.hours, in.discD
	in.price(q, s)
	return nil
}

// upgradeQuote is what an upgrade is priced from, validated.
type upgradeQuote struct {
	pol          policy
	hours        int64 // billed hours, never negative
	mf, mt, disc amt   // the two monthly list prices and the discount factor
	discD        decimal.Decimal
}

// load validates Upgrade's arguments and loads the amounts it prices from.
func (in *upgradeQuote) load(now, until time.Time, region string, from, to Priced, cat *model.Catalog, p *model.Policy) error {
	if err := checkTypesAndCatalog(from.Type, to.Type, cat); err != nil {
		return err
	}
	var err error
	if in.pol, err = chargePolicy(p); err != nil {
		return err
	}
	hours, ok := billedHours(now, until)
	if !ok {
		return badAmount("time to "+until.UTC().Format(time.RFC3339), errSpan)
	}
	in.hours = hours
	if in.loadListed(from, to, cat) {
		return nil
	}
	return in.loadAmounts(from, to, region, cat)
}

// loadAmounts loads the two list prices and the discount, validated.
func (in *upgradeQuote) loadAmounts(from, to Priced, region string, cat *model.Catalog) error {
	var err error
	if in.mf, err = monthlyOf(from, region); err != nil {
		return err
	}
	if in.mt, err = monthlyOf(to, region); err != nil {
		return err
	}
	in.discD, in.disc, err = discountFor(cat, int(in.hours/720))
	return err
}

// loadListed is loadAmounts for the common catalog: both prices and every discount the billed
// months reach in integer form (model.ListPrice.Small, validated when the catalog was built),
// the lowest factor found by comparing integers. It loads the same amounts; it reports false,
// having loaded nothing, for any other catalog.
func (in *upgradeQuote) loadListed(from, to Priced, cat *model.Catalog) bool {
	f, t := from.Price, to.Price
	if f == nil || t == nil || !f.Small || !t.Small {
		return false
	}
	months := int(in.hours / 720)
	best, bestD := model.ListPrice{Coef: 1, Small: true}, one
	ds := cat.Data().Discounts
	for i := range ds {
		if months < ds[i].MinMonths {
			continue
		}
		p := cat.DiscountAt(i)
		c, b, _, ok := exact.AlignedInt64(p.Coef, p.Exp, best.Coef, best.Exp)
		if !p.Small || !ok {
			return false
		}
		if c < b {
			best, bestD = p, ds[i].Factor
		}
	}
	in.mf, in.mt = amt{c: exact.Of(f.Coef), exp: f.Exp}, amt{c: exact.Of(t.Coef), exp: t.Exp}
	in.disc, in.discD = amt{c: exact.Of(best.Coef), exp: best.Exp}, bestD
	return true
}

// price sets q's amounts, their decimals held in s (nil: a new Arena). A target that is not
// dearer, or no billed hour, costs 0.
func (in *upgradeQuote) price(q *Quote, s *exact.Arena) {
	if !in.priceFixed(q, s) {
		in.priceExact(q, s)
	}
}

// priceExact is price in exact integers of any size.
func (in *upgradeQuote) priceExact(q *Quote, s *exact.Arena) {
	// Every amount is scaled to integers at 10^P, P the most decimals any of them has.
	P := max(in.mf.places(), in.mt.places(), in.disc.places())
	S := exact.MulPow10(exact.OfUint(1), P)
	diff := exact.Sub(in.mt.scaled(P), in.mf.scaled(P))
	if diff.Sign() <= 0 || in.hours == 0 {
		return
	}
	// Original = diff·hours / (720·S); exact trade = diff·hours·discount / (720·S²).
	n1 := exact.Mul(diff, exact.Of(in.hours))
	d1 := exact.Mul(exact.OfUint(720), S)
	n2 := exact.Mul(n1, in.disc.scaled(P))
	d2 := exact.Mul(d1, S)
	in.set(q, s, exact.Quo(n1, d1, in.pol.places, in.pol.mode), exact.Quo(n2, d2, in.pol.places, in.pol.mode),
		exact.Quo(n2, d2, MaxPlaces, exact.HalfUp))
}

// priceFixed is price in 128-bit fixed point, for the common magnitudes: coefficients that fit
// an int64 at a common exponent, a positive discount, and products and quotients that fit 128
// bits. It prices the same fractions as priceExact and rounds them the same way, so it sets
// the same quote. It reports false, having set nothing, when it cannot.
func (in *upgradeQuote) priceFixed(q *Quote, s *exact.Arena) bool {
	f, okF := in.mf.c.Int64()
	t, okT := in.mt.c.Int64()
	d, okD := in.disc.c.Int64()
	if !okF || !okT || !okD || f < 0 || t < 0 || d <= 0 {
		return false
	}
	f, t, e, ok := exact.AlignedInt64(f, in.mf.exp, t, in.mt.exp)
	if !ok {
		return false
	}
	if t <= f || in.hours == 0 {
		return true
	}
	// The original fee is (t − f)·10^e·hours ÷ 720, the exact trade price that times
	// d·10^disc.exp: each rounded, at places decimals, is the quotient of n·10^(exponent +
	// places) by 720.
	nh, nl := bits.Mul64(uint64(t-f), uint64(in.hours))
	dh, dl, okProd := exact.Mul128(nh, nl, uint64(d))
	places, de := in.pol.places, e+in.disc.exp
	oh, ol, okOrig := exact.QuoPow10(nh, nl, e+places, 720, in.pol.mode)
	th, tl, okTrade := exact.QuoPow10(dh, dl, de+places, 720, in.pol.mode)
	xh, xl, okExact := exact.QuoPow10(dh, dl, de+MaxPlaces, 720, exact.HalfUp)
	if !okProd || !okOrig || !okTrade || !okExact {
		return false
	}
	in.set(q, s, exact.OfMagnitude(oh, ol), exact.OfMagnitude(th, tl), exact.OfMagnitude(xh, xl))
	return true
}

// set sets q's amounts from the coefficients of the original and trade prices rounded at the
// policy's places and of the exact trade price at MaxPlaces, their decimals held in s (nil: a
// new Arena). DiscountPrice is the difference of the first two.
func (in *upgradeQuote) set(q *Quote, s *exact.Arena, orig, trade, exactTrade exact.Int) {
	dis := exact.Sub(orig, trade)
	if dis.Sign() < 0 {
		// Cannot happen with a discount ≤ 1 and a monotone rounding; kept as a guard so
		// that DiscountPrice is never negative.
		dis, trade = exact.Int{}, orig
	}
	if s == nil {
		s = new(exact.Arena) // one allocation for the quote's decimals
	}
	exp := -in.pol.places
	q.OriginalPrice = s.Decimal(orig, exp)
	q.TradePrice = q.OriginalPrice // decimals are immutable: share when equal
	if dis.Sign() != 0 {
		q.TradePrice = s.Decimal(trade, exp)
		q.DiscountPrice = s.Decimal(dis, exp)
	}
	q.Exact = s.Decimal(exactTrade, -MaxPlaces)
}

// monthly returns t's monthly list price in region: the catalog's integer form when t is one
// of its types (model.Catalog.PriceOf), else (or without a catalog) t's own price, validated.
func monthly(cat *model.Catalog, t *model.InstanceType, region string) (amt, error) {
	r := -1
	if cat != nil {
		r = cat.RegionIndex(region)
	}
	return monthlyIn(cat, t, region, r)
}

// monthlyIn is monthly for the region of index r in cat (cat.RegionIndex(region)).
func monthlyIn(cat *model.Catalog, t *model.InstanceType, region string, r int) (amt, error) {
	var p model.ListPrice
	return monthlyOf(pricedIn(cat, t, r, region, &p), region)
}

// pricedIn returns t with its list price in the region of index r in cat
// (cat.RegionIndex(region)), else (or without a catalog) from t's own prices; the price is
// copied to p.
func pricedIn(cat *model.Catalog, t *model.InstanceType, r int, region string, p *model.ListPrice) Priced {
	ok := false
	if cat != nil {
		*p, ok = cat.PriceOfIn(t, r, region)
	} else {
		p.Value, ok = t.MonthlyPrice[region]
	}
	if !ok {
		return Priced{Type: t}
	}
	return Priced{Type: t, Price: p}
}

// monthlyOf returns t's monthly list price in region, validated.
func monthlyOf(t Priced, region string) (amt, error) {
	if t.Price == nil {
		return amt{}, &PriceError{InstanceType: t.Type.InstanceTypeID, Region: region}
	}
	a, err := loadResolved(*t.Price)
	if err != nil {
		return amt{}, badAmount("monthly price of "+t.Type.InstanceTypeID+" in "+region, err)
	}
	return a, nil
}

// discountFor returns cat.Discount(months) (the lowest factor among the entries months
// reaches, 1 when none does), without the allocations of decimal comparisons, as the
// catalog's own decimal and as an amt.
func discountFor(cat *model.Catalog, months int) (decimal.Decimal, amt, error) {
	bestD, best := one, amt{c: exact.Of(1)}
	ds := cat.Data().Discounts
	for i := range ds {
		if months < ds[i].MinMonths {
			continue
		}
		a, err := loadResolved(cat.DiscountAt(i))
		if err != nil {
			return decimal.Decimal{}, amt{}, badAmount("catalog discount", err)
		}
		if cmpAmt(a, best) < 0 {
			bestD, best = ds[i].Factor, a
		}
	}
	return bestD, best, nil
}

// cmpAmt compares two amounts: in int64 when both coefficients fit one at a common exponent.
func cmpAmt(a, b amt) int {
	if x, okA := a.c.Int64(); okA {
		if y, okB := b.c.Int64(); okB {
			if x, y, _, ok := exact.AlignedInt64(x, a.exp, y, b.exp); ok {
				return cmp.Compare(x, y)
			}
		}
	}
	e := min(a.exp, b.exp)
	return exact.Cmp(exact.MulPow10(a.c, a.exp-e), exact.MulPow10(b.c, b.exp-e))
}
