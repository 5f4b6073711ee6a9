package pricing

import (
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
	return upgrade(now, until, region, from, to, cat, p, nil)
}

// Memory holds the decimals of one quote, so that a caller building a larger answer can hold
// them in its own allocation. The zero Memory is ready to use; one Memory serves one quote,
// and it must not be copied after that.
type Memory struct{ a exact.Arena }

// Upgrade is the package's Upgrade, the quote's decimals held in m.
func (m *Memory) Upgrade(now, until time.Time, region string, from, to *model.InstanceType, cat *model.Catalog, p *model.Policy) (Quote, error) {
	return upgrade(now, until, region, from, to, cat, p, &m.a)
}

// upgrade is Upgrade with the quote's decimals in s (nil: a new Arena).
func upgrade(now, until time.Time, region string, from, to *model.InstanceType, cat *model.Catalog, p *model.Policy, s *exact.Arena) (Quote, error) {
	in, err := upgradeInputs(now, until, region, from, to, cat, p)
	if err != nil {
		return Quote{}, err
	}
	q := Quote{Currency: cat.Currency(), Hours: in.hours, DiscountFactor: in.discD}
	in.price(&q, s)
	return q, nil
}

// upgradeQuote is what an upgrade is priced from, validated.
type upgradeQuote struct {
	pol          policy
	hours        int64
	mf, mt, disc amt // the two monthly list prices and the discount factor
	discD        decimal.Decimal
}

// upgradeInputs validates Upgrade's arguments and loads the amounts it prices from.
func upgradeInputs(now, until time.Time, region string, from, to *model.InstanceType, cat *model.Catalog, p *model.Policy) (upgradeQuote, error) {
	var in upgradeQuote
	if err := checkTypesAndCatalog(from, to, cat); err != nil {
		return in, err
	}
	var err error
	if in.pol, err = chargePolicy(p); err != nil {
		return in, err
	}
	hours, ok := billedHours(now, until)
	if !ok {
		return in, badAmount("time to "+until.UTC().Format(time.RFC3339), errSpan)
	}
	in.hours = hours
	r := cat.RegionIndex(region)
	if in.mf, err = monthlyIn(cat, from, region, r); err != nil {
		return in, err
	}
	if in.mt, err = monthlyIn(cat, to, region, r); err != nil {
		return in, err
	}
	in.discD, in.disc, err = discountFor(cat, int(hours/720))
	return in, err
}

// price sets q's amounts, their decimals held in s (nil: a new Arena). A target that is not
// dearer, or no billed hour, costs 0.
func (in *upgradeQuote) price(q *Quote, s *exact.Arena) {
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
	orig := exact.Quo(n1, d1, in.pol.places, in.pol.mode)
	trade := exact.Quo(n2, d2, in.pol.places, in.pol.mode)
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
	q.Exact = s.Decimal(exact.Quo(n2, d2, MaxPlaces, exact.HalfUp), -MaxPlaces)
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
	ok := false
	if cat != nil {
		p, ok = cat.PriceOfIn(t, r, region)
	} else {
		p.Value, ok = t.MonthlyPrice[region]
	}
	if !ok {
		return amt{}, &PriceError{InstanceType: t.InstanceTypeID, Region: region}
	}
	a, err := loadResolved(p)
	if err != nil {
		return amt{}, badAmount("monthly price of "+t.InstanceTypeID+" in "+region, err)
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

// cmpAmt compares two amounts.
func cmpAmt(a, b amt) int {
	e := min(a.exp, b.exp)
	return exact.Cmp(exact.MulPow10(a.c, a.exp-e), exact.MulPow10(b.c, b.exp-e))
}
