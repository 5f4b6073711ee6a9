package pricing

import (
	"errors"
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/respec-dev/respec/internal/exact"
	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// genCoef draws a coefficient: mostly money-like ones, else small negative ones, any int64,
// the edges of int64 and of 18 digits, or (sometimes) one beyond an int64.
func genCoef(t *rapid.T, name string) exact.Int {
	if rapid.IntRange(0, 19).Draw(t, name+"Big") == 0 {
		c := new(big.Int).Lsh(big.NewInt(rapid.Int64Range(1, 1e6).Draw(t, name+"High")), 64)
		return exact.FromBig(c.Add(c, big.NewInt(rapid.Int64Range(0, math.MaxInt64).Draw(t, name+"Low"))))
	}
	return exact.Of(rapid.OneOf(
		rapid.Int64Range(0, 1e7), rapid.Int64Range(0, 1e7), rapid.Int64Range(0, 1e7), rapid.Int64Range(0, 1e7),
		rapid.Int64Range(-1e6, 1e7),
		rapid.Int64(),
		rapid.SampledFrom([]int64{0, 1, 9, 10, 1e18 - 1, 1e18, math.MaxInt64, math.MinInt64, -1}),
	).Draw(t, name))
}

// genAmt draws an amount with an exponent from −30 to 30 (mostly money-like ones).
func genAmt(t *rapid.T, name string) amt {
	exp := rapid.OneOf(rapid.Int32Range(-4, 2), rapid.Int32Range(-4, 2), rapid.Int32Range(-30, 30)).Draw(t, name+"Exp")
	return amt{c: genCoef(t, name), exp: exp}
}

// genUpgradeQuote draws what an upgrade is priced from, far beyond any catalog's amounts:
// negative, zero, spilled and huge coefficients, exponents that scale past 128 bits, every
// rounding mode and number of places, hours up to an int64's.
func genUpgradeQuote(t *rapid.T) upgradeQuote {
	modes := []exact.Mode{exact.HalfUp, exact.HalfEven, exact.Down, exact.Up}
	return upgradeQuote{
		pol:   policy{places: rapid.Int32Range(0, maxCurrencyPlaces).Draw(t, "places"), mode: rapid.SampledFrom(modes).Draw(t, "mode")},
		hours: rapid.OneOf(rapid.Int64Range(0, 900_000), rapid.Int64Range(0, 900_000), rapid.Int64Range(0, math.MaxInt64), rapid.SampledFrom([]int64{0, 1, 719, 720, 721})).Draw(t, "hours"),
		mf:    genAmt(t, "from"),
		mt:    genAmt(t, "to"),
		disc:  genDiscount(t),
	}
}

// genDiscount draws a discount factor: half the time one in (0, 1] as catalogs have, else any
// amount genAmt draws.
func genDiscount(t *rapid.T) amt {
	if rapid.Bool().Draw(t, "factor") {
		places := rapid.IntRange(0, 6).Draw(t, "discPlaces")
		return amt{c: exact.Of(rapid.Int64Range(1, pow10i(places)).Draw(t, "disc")), exp: -int32(places)}
	}
	return genAmt(t, "disc")
}

// sameDecimal reports whether a and b are the same decimal: the same coefficient at the same
// exponent, which is what every answer prints.
func sameDecimal(a, b decimal.Decimal) bool {
	return a.Exponent() == b.Exponent() && a.Coefficient().Cmp(b.Coefficient()) == 0
}

// sameQuote fails t unless got and want have the same amounts, decimal by decimal.
func sameQuote(t *rapid.T, got, want *Quote) {
	t.Helper()
	for _, f := range []struct {
		name      string
		got, want decimal.Decimal
	}{
		{"OriginalPrice", got.OriginalPrice, want.OriginalPrice}, {"DiscountPrice", got.DiscountPrice, want.DiscountPrice},
		{"TradePrice", got.TradePrice, want.TradePrice}, {"Exact", got.Exact, want.Exact},
	} {
		if !sameDecimal(f.got, f.want) {
			t.Fatalf("%s = %s (%se%d), want %s (%se%d)", f.name, f.got, f.got.Coefficient(), f.got.Exponent(),
				f.want, f.want.Coefficient(), f.want.Exponent())
		}
	}
}

// TestPriceFixedIsPriceExact holds the fixed-point quote to the exact one: wherever priceFixed
// answers, it sets the same four decimals priceExact sets, on amounts far beyond a catalog's.
func TestPriceFixedIsPriceExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := genUpgradeQuote(t)
		var fixed, general Quote
		if !in.priceFixed(&fixed, nil) {
			if fixed != (Quote{}) {
				t.Fatalf("priceFixed gave up having set %+v", fixed)
			}
			return
		}
		in.priceExact(&general, nil)
		sameQuote(t, &fixed, &general)
	})
}

// TestPriceFixedTakesCatalogAmounts: priceFixed answers for every catalog-like amount (list
// prices below 10^7 with up to 4 decimals, a discount factor in (0, 1] with up to 4, any
// policy, up to 100 years), so that the common quote never takes the general path.
func TestPriceFixedTakesCatalogAmounts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		places := rapid.Int32Range(0, 4).Draw(t, "pricePlaces")
		price := func(name string) amt {
			return amt{c: exact.Of(rapid.Int64Range(0, 1e7).Draw(t, name)), exp: -places}
		}
		in := upgradeQuote{
			pol:   policy{places: rapid.Int32Range(0, maxCurrencyPlaces).Draw(t, "places"), mode: exact.Mode(rapid.IntRange(0, 3).Draw(t, "mode"))},
			hours: rapid.Int64Range(0, 100*366*24).Draw(t, "hours"),
			mf:    price("from"), mt: price("to"),
		}
		discPlaces := rapid.IntRange(0, 4).Draw(t, "discPlaces")
		in.disc = amt{c: exact.Of(rapid.Int64Range(1, pow10i(discPlaces)).Draw(t, "disc")), exp: -int32(discPlaces)}
		var q Quote
		if !in.priceFixed(&q, nil) {
			t.Fatalf("priceFixed gave up on %+v", in)
		}
	})
}

// TestPriceFixedEdges prices by hand the edges where the fixed path must give up or answer
// nothing.
func TestPriceFixedEdges(t *testing.T) {
	one := amt{c: exact.Of(1)}
	at := func(c int64, exp int32) amt { return amt{c: exact.Of(c), exp: exp} }
	pol := policy{places: 2, mode: exact.HalfUp}
	for _, tc := range []struct {
		name   string
		in     upgradeQuote
		ok     bool
		trade  string // the TradePrice set, "" for none
		exactT string
	}{
		{"a month of 300 -> 600", upgradeQuote{pol: pol, hours: 720, mf: at(3, 2), mt: at(6, 2), disc: one}, true, "300", "300"},
		{"an hour of 720 more, at 0.85", upgradeQuote{pol: pol, hours: 1, mf: at(0, 0), mt: at(72, 1), disc: at(85, -2)}, true, "0.85", "0.85"},
		{"a third of a cent, rounded", upgradeQuote{pol: pol, hours: 1, mf: at(0, 0), mt: at(24, -1), disc: one}, true, "0", "0.003333333333333333333333"},
		{"not dearer", upgradeQuote{pol: pol, hours: 720, mf: at(6, 2), mt: at(6, 2), disc: one}, true, "", ""},
		{"no hour", upgradeQuote{pol: pol, hours: 0, mf: at(3, 2), mt: at(6, 2), disc: one}, true, "", ""},
		{"a negative price", upgradeQuote{pol: pol, hours: 1, mf: at(-1, 0), mt: at(6, 2), disc: one}, false, "", ""},
		{"a negative target", upgradeQuote{pol: pol, hours: 1, mf: at(0, 0), mt: at(-1, 0), disc: one}, false, "", ""},
		{"a zero discount", upgradeQuote{pol: pol, hours: 1, mf: at(0, 0), mt: at(6, 2), disc: at(0, 0)}, false, "", ""},
		{"a negative discount", upgradeQuote{pol: pol, hours: 1, mf: at(0, 0), mt: at(6, 2), disc: at(-1, 0)}, false, "", ""},
		{"a spilled price", upgradeQuote{pol: pol, hours: 1, mf: at(0, 0), mt: amt{c: exact.FromBig(new(big.Int).Lsh(big.NewInt(1), 70))}, disc: one}, false, "", ""},
		{"a spilled discount", upgradeQuote{pol: pol, hours: 1, mf: at(0, 0), mt: at(1, 0), disc: amt{c: exact.FromBig(new(big.Int).Lsh(big.NewInt(1), 70))}}, false, "", ""},
		{"prices that do not align", upgradeQuote{pol: pol, hours: 1, mf: at(1, -15), mt: at(1, 15), disc: one}, false, "", ""},
		{"a product past 128 bits", upgradeQuote{pol: pol, hours: math.MaxInt64, mf: at(0, 0), mt: at(math.MaxInt64, 0), disc: at(math.MaxInt64, 0)}, false, "", ""},
		{"a numerator past 128 bits", upgradeQuote{pol: pol, hours: 1 << 40, mf: at(0, 0), mt: at(1<<40, 0), disc: one}, false, "", ""},
		{"a divisor past 64 bits", upgradeQuote{pol: policy{places: 0, mode: exact.HalfUp}, hours: 1, mf: at(0, 0), mt: at(1, -15), disc: at(1, -15)}, false, "", ""},
	} {
		var q Quote
		ok := tc.in.priceFixed(&q, nil)
		if ok != tc.ok {
			t.Errorf("%s: priceFixed answered %v, want %v", tc.name, ok, tc.ok)
			continue
		}
		if !ok {
			continue
		}
		if got := q.TradePrice.String(); tc.trade != "" && got != tc.trade || tc.trade == "" && !q.TradePrice.Equal(decimal.Decimal{}) {
			t.Errorf("%s: TradePrice %s, want %q", tc.name, got, tc.trade)
		}
		if tc.exactT != "" && q.Exact.String() != tc.exactT || tc.exactT == "" && q.Exact != (decimal.Decimal{}) {
			t.Errorf("%s: Exact %s, want %q", tc.name, q.Exact, tc.exactT)
		}
	}
}

// billedHoursSub is billedHours as it was, through time.Time.Sub.
func billedHoursSub(now, until time.Time) (int64, bool) {
	d := until.Sub(now)
	if d <= 0 {
		return 0, true
	}
	if d > maxSpan {
		return 0, false
	}
	return ceilUnits(d, time.Hour), true
}

// TestBilledHoursIsSub holds billedHours to the hours through Sub: times anywhere from the
// year −292 billion to +292 billion, spans at and around maxSpan, with and without monotonic
// clock readings on either side.
func TestBilledHoursIsSub(t *testing.T) {
	base := time.Now() // carries a monotonic reading
	rapid.Check(t, func(t *rapid.T) {
		sec := rapid.OneOf(rapid.Int64Range(0, 4e9), rapid.Int64(), rapid.SampledFrom([]int64{math.MaxInt64, math.MinInt64, 1 << 62, -1 << 62, 1<<62 - 1})).Draw(t, "sec")
		now := time.Unix(sec, rapid.Int64Range(0, 999_999_999).Draw(t, "nsec"))
		span := rapid.OneOf(rapid.Int64Range(-1e9, 1e9), rapid.Int64(),
			rapid.Int64Range(maxSpanSeconds-2, maxSpanSeconds+2), rapid.Int64Range(-maxSpanSeconds-2, -maxSpanSeconds+2)).Draw(t, "span")
		until := now.Add(time.Duration(rapid.Int64Range(-999_999_999, 999_999_999).Draw(t, "spanNsec")))
		if s, ok := addSeconds(until, span); ok {
			until = s
		}
		switch rapid.IntRange(0, 3).Draw(t, "monotonic") {
		case 1:
			now = base.Add(now.Sub(time.Unix(0, 0)))
		case 2:
			until = base.Add(until.Sub(time.Unix(0, 0)))
		case 3:
			now, until = base, base.Add(time.Duration(rapid.Int64().Draw(t, "monoSpan")))
		}
		h, ok := billedHours(now, until)
		wh, wok := billedHoursSub(now, until)
		if h != wh || ok != wok {
			t.Fatalf("billedHours(%v, %v) = %d, %v; Sub gives %d, %v", now, until, h, ok, wh, wok)
		}
	})
}

// addSeconds returns t plus sec seconds unless the seconds overflow.
func addSeconds(t time.Time, sec int64) (time.Time, bool) {
	s := t.Unix()
	if sec > 0 && s > math.MaxInt64-sec || sec < 0 && s < math.MinInt64-sec {
		return t, false
	}
	return time.Unix(s+sec, int64(t.Nanosecond())), true
}

// TestWallSpanMonotonic: a span between two times that both carry a monotonic reading is left
// to Sub (which reads those), one with at most one reading is the wall clock's.
func TestWallSpanMonotonic(t *testing.T) {
	now := time.Now()
	until := now.Add(90 * time.Minute)
	if _, ok := wallSpan(now, until); ok {
		t.Errorf("wallSpan of two monotonic times answered")
	}
	for _, tc := range [][2]time.Time{{now.Round(0), until}, {now, until.Round(0)}, {now.Round(0), until.Round(0)}} {
		if d, ok := wallSpan(tc[0], tc[1]); !ok || d != 90*time.Minute {
			t.Errorf("wallSpan(%v, %v) = %v, %v; want 1h30m0s, true", tc[0], tc[1], d, ok)
		}
	}
	edge := time.Unix(1<<40, 0)
	for _, tc := range []struct {
		name      string
		now, unt  time.Time
		ok        bool
		wantDelta time.Duration
	}{
		{"exactly maxSpan", edge, edge.Add(maxSpan), true, maxSpan},
		{"a second past maxSpan", edge, edge.Add(maxSpan + time.Second), false, 0},
		{"exactly −maxSpan", edge.Add(maxSpan), edge, true, -maxSpan},
		{"a second before −maxSpan", edge.Add(maxSpan + time.Second), edge, false, 0},
		{"a Unix second of 2^62", time.Unix(1<<62, 0), time.Unix(1<<62, 0), false, 0},
		{"a Unix second of 2^62 − 1", time.Unix(1<<62-1, 0), time.Unix(1<<62-1, 5), true, 5},
		{"a Unix second of −2^62", time.Unix(-1<<62, 0), time.Unix(-1<<62, 0), false, 0},
		{"a Unix second of −2^62 + 1", time.Unix(-1<<62+1, 5), time.Unix(-1<<62+1, 0), true, -5},
		{"until at 2^62", time.Unix(0, 0), time.Unix(1<<62, 0), false, 0},
		{"until at −2^62", time.Unix(0, 0), time.Unix(-1<<62, 0), false, 0},
		{"until at 2^62, a second after now", time.Unix(1<<62-1, 0), time.Unix(1<<62, 0), false, 0},
		{"now at 2^62, a second after until", time.Unix(1<<62, 0), time.Unix(1<<62-1, 0), false, 0},
		{"until at −2^62, a second before now", time.Unix(-1<<62+1, 0), time.Unix(-1<<62, 0), false, 0},
		{"now at −2^62, a second before until", time.Unix(-1<<62, 0), time.Unix(-1<<62+1, 0), false, 0},
	} {
		d, ok := wallSpan(tc.now, tc.unt)
		if ok != tc.ok || ok && d != tc.wantDelta {
			t.Errorf("%s: wallSpan = %v, %v; want %v, %v", tc.name, d, ok, tc.wantDelta, tc.ok)
		}
	}
}

// TestUpgradePricedIsUpgrade: UpgradePriced, given the prices Catalog.PriceOf gives, answers
// what Upgrade answers: the same quote, or the same error, with or without a Memory.
func TestUpgradePricedIsUpgrade(t *testing.T) {
	c := testCatalog(t)
	foreign := itype("ecs.foreign", 2, "450.5")
	types := []*model.InstanceType{&foreign}
	for _, id := range []string{"ecs.g6.large", "ecs.g6.xlarge", "ecs.g6.2xlarge", "ecs.g6.nopr"} {
		types = append(types, typ(t, c, id))
	}
	rapid.Check(t, func(t *rapid.T) {
		from, to := rapid.SampledFrom(types).Draw(t, "from"), rapid.SampledFrom(types).Draw(t, "to")
		reg := rapid.SampledFrom([]string{region, "cn-beijing"}).Draw(t, "region")
		now := at("2026-03-10T08:30:00Z")
		until := now.Add(time.Duration(rapid.Int64Range(-1e15, 1e18).Draw(t, "span")))
		p := pol()
		p.CurrencyPlaces = rapid.Int32Range(0, 3).Draw(t, "places")
		want, wantErr := Upgrade(now, until, reg, from, to, c, p)
		priced := func(it *model.InstanceType) Priced {
			lp, ok := c.PriceOf(it, reg)
			if !ok {
				return Priced{Type: it}
			}
			return Priced{Type: it, Price: &lp}
		}
		var m *Memory
		if rapid.Bool().Draw(t, "memory") {
			m = new(Memory)
		}
		got := Quote{OriginalPrice: d("1"), Currency: "stale"}
		err := m.UpgradePriced(&got, now, until, reg, priced(from), priced(to), c, p)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("UpgradePriced error %v, Upgrade's %v", err, wantErr)
		}
		if err != nil && got != (Quote{}) {
			t.Fatalf("UpgradePriced left %+v on an error", got)
		}
		if errors.Is(wantErr, ErrNoPrice) != errors.Is(err, ErrNoPrice) {
			t.Fatalf("UpgradePriced error %v, Upgrade's %v", err, wantErr)
		}
		sameQuote(t, &got, &want)
		if got.Currency != want.Currency || got.Hours != want.Hours || !sameDecimal(got.DiscountFactor, want.DiscountFactor) {
			t.Fatalf("UpgradePriced %+v, Upgrade %+v", got, want)
		}
	})
}

// genFactor draws a discount factor in (0, 1]: 1, a few decimals, up to 15 of them, with
// trailing zeros or without, or one written with 18 decimals (not in integer form).
func genFactor(t *rapid.T, name string) decimal.Decimal {
	switch rapid.IntRange(0, 7).Draw(t, name+"Kind") {
	case 0:
		return decimal.New(1, 0)
	case 1:
		return decimal.New(rapid.Int64Range(1, 9).Draw(t, name+"Tenths")*1e17, -18)
	}
	places := rapid.IntRange(0, 15).Draw(t, name+"Places")
	c := rapid.Int64Range(1, pow10i(places)).Draw(t, name)
	return decimal.New(c*pow10i(rapid.IntRange(0, 2).Draw(t, name+"Zeros")), -int32(places)-int32(rapid.IntRange(0, 2).Draw(t, name+"Shift")))
}

// TestLoadListedIsLoadAmounts holds the integer loading of a common catalog's amounts to
// the general one: the same prices and the same discount (the lowest factor the months reach,
// the first of equal ones), on catalogs whose discounts may repeat, tie, or not be in
// integer form, and prices that may not be either.
func TestLoadListedIsLoadAmounts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var ds []model.DurationDiscount
		for i := range rapid.IntRange(0, 4).Draw(t, "discounts") {
			f := genFactor(t, "factor")
			if i > 0 && rapid.IntRange(0, 3).Draw(t, "tie") == 0 {
				f = ds[i-1].Factor.Shift(0) // the same value, perhaps another representation
			}
			ds = append(ds, model.DurationDiscount{MinMonths: rapid.IntRange(0, 12).Draw(t, "minMonths"), Factor: f})
		}
		price := func(name string) string {
			switch rapid.IntRange(0, 9).Draw(t, name+"Wide") {
			case 0:
				return "123456789012345.678901234567"
			case 1:
				return "300.0000000000000000000"
			}
			return decimal.New(rapid.Int64Range(0, 1e9).Draw(t, name), -rapid.Int32Range(0, 4).Draw(t, name+"Places")).String()
		}
		c, err := model.NewCatalog(model.CatalogData{Regions: []string{region}, Currency: "CNY", Discounts: ds,
			Types: []model.InstanceType{itype("ecs.a", 2, price("from")), itype("ecs.b", 4, price("to"))}})
		if err != nil {
			t.Skip(err)
		}
		priced := func(id string) Priced {
			it, _ := c.Type(id)
			lp, _ := c.PriceOf(it, region)
			return Priced{Type: it, Price: &lp}
		}
		from, to := priced("ecs.a"), priced("ecs.b")
		hours := rapid.Int64Range(0, 15*720).Draw(t, "hours")
		listed, general := upgradeQuote{hours: hours}, upgradeQuote{hours: hours}
		if !listed.loadListed(from, to, c) {
			if listed != (upgradeQuote{hours: hours}) {
				t.Fatalf("loadListed gave up having loaded %+v", listed)
			}
			return
		}
		if err := general.loadAmounts(from, to, region, c); err != nil {
			t.Fatalf("loadAmounts: %v", err)
		}
		for _, a := range [][2]amt{{listed.mf, general.mf}, {listed.mt, general.mt}, {listed.disc, general.disc}} {
			if a[0].exp != a[1].exp || exact.Cmp(a[0].c, a[1].c) != 0 {
				t.Fatalf("loadListed %+v, loadAmounts %+v", listed, general)
			}
		}
		if !sameDecimal(listed.discD, general.discD) {
			t.Fatalf("discount factor %s, want %s", listed.discD, general.discD)
		}
	})
}

// TestLoadListedGivesUp: a price or a reached discount not in integer form, or a missing
// price, leaves the loading to loadAmounts; a discount not reached does not.
func TestLoadListedGivesUp(t *testing.T) {
	wideFactor := d("0.800000000000000000") // 18 decimals: not in integer form
	c := catalogWith(t, []model.DurationDiscount{{MinMonths: 6, Factor: d("0.9")}, {MinMonths: 12, Factor: wideFactor}},
		itype("ecs.a", 2, "300"), itype("ecs.b", 4, "600"), itype("ecs.w", 4, "123456789012345.678901234567"))
	priced := func(id string) Priced {
		it, _ := c.Type(id)
		if lp, ok := c.PriceOf(it, region); ok {
			return Priced{Type: it, Price: &lp}
		}
		return Priced{Type: it}
	}
	for _, tc := range []struct {
		name     string
		from, to string
		hours    int64
		ok       bool
		disc     string
	}{
		{"no discount reached", "ecs.a", "ecs.b", 6*720 - 1, true, "1"},
		{"the first reached", "ecs.a", "ecs.b", 6 * 720, true, "0.9"},
		{"a wide factor reached", "ecs.a", "ecs.b", 12 * 720, false, ""},
		{"a wide target price", "ecs.a", "ecs.w", 1, false, ""},
		{"a wide own price", "ecs.w", "ecs.b", 1, false, ""},
		{"no price", "ecs.a", "ecs.b", 1, false, ""},
	} {
		from, to := priced(tc.from), priced(tc.to)
		if tc.name == "no price" {
			to.Price = nil
		}
		in := upgradeQuote{hours: tc.hours}
		if ok := in.loadListed(from, to, c); ok != tc.ok || ok && in.discD.String() != tc.disc {
			t.Errorf("%s: loadListed %v, discount %s; want %v, %s", tc.name, ok, in.discD, tc.ok, tc.disc)
		}
	}
}

// TestCmpAmtIsScaledCmp holds cmpAmt's int64 comparison to the comparison of the two amounts
// scaled to a common exponent in exact integers, on amounts far beyond a catalog's.
func TestCmpAmtIsScaledCmp(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b := genAmt(t, "a"), genAmt(t, "b")
		if rapid.Bool().Draw(t, "near") {
			b = amt{c: exact.Add(exact.MulPow10(a.c, 1), exact.Of(rapid.Int64Range(-1, 1).Draw(t, "nudge"))), exp: a.exp - 1}
		}
		e := min(a.exp, b.exp)
		want := exact.Cmp(exact.MulPow10(a.c, a.exp-e), exact.MulPow10(b.c, b.exp-e))
		if got := cmpAmt(a, b); got != want {
			t.Fatalf("cmpAmt(%v, %v) = %d, want %d", a.c.Big(), b.c.Big(), got, want)
		}
	})
}

// TestUpgradeLateralAllocatesNothing: a change between two types of the same price costs 0
// and, without a Memory, takes no memory for decimals it does not build.
func TestUpgradeLateralAllocatesNothing(t *testing.T) {
	c := catalogWith(t, nil, itype("ecs.a", 2, "300"), itype("ecs.b", 2, "300"))
	from, to := typ(t, c, "ecs.a"), typ(t, c, "ecs.b")
	now, until, p := at("2026-03-10T08:30:00Z"), at("2026-04-01T00:00:00Z"), pol()
	var q Quote
	n := testing.AllocsPerRun(100, func() { q, _ = Upgrade(now, until, region, from, to, c, p) })
	if n != 0 || !q.TradePrice.IsZero() || q.Hours != 520 {
		t.Errorf("lateral change: %v allocations, TradePrice %s, %d hours; want 0, 0, 520", n, q.TradePrice, q.Hours)
	}
}
