package pricing

import (
	"errors"
	"testing"
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

func TestUpgradeWorked(t *testing.T) {
	c := testCatalog(t)
	large, xlarge := typ(t, c, "ecs.g6.large"), typ(t, c, "ecs.g6.xlarge")
	cases := []struct {
		name                         string
		now, until                   string
		hours                        int64
		factor, orig, disc, trade, x string
	}{
		// 2026-03-10T08:30 → 04-01T00:00 is 519.5 h: 520 billed. 300 × 520 / 720 = 216.666…
		{"partial month", "2026-03-10T08:30:00Z", "2026-04-01T00:00:00Z", 520, "1", "216.66", "0", "216.66", "216.666666666666666666666667"},
		// A whole year: 8760 h = 12 months (floor 12.17), discount 0.85. 300 × 8760 / 720 = 3650.
		{"a year", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", 8760, "0.85", "3650", "547.5", "3102.5", "3102.5"},
		// 4320 h = 6 months exactly: 0.9. 300 × 6 = 1800, × 0.9 = 1620.
		{"six months", "2026-01-01T00:00:00Z", "2026-06-30T00:00:00Z", 4320, "0.9", "1800", "180", "1620", "1620"},
		// 4319 h: 5 whole months, no discount. 300 × 4319 / 720 = 1799.5833…
		{"just under six months", "2026-01-01T01:00:00Z", "2026-06-30T00:00:00Z", 4319, "1", "1799.58", "0", "1799.58", "1799.583333333333333333333333"},
		// A started hour counts whole.
		{"one nanosecond", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00.000000001Z", 1, "1", "0.41", "0", "0.41", "0.416666666666666666666667"},
		{"exactly one hour", "2026-01-01T00:00:00Z", "2026-01-01T01:00:00Z", 1, "1", "0.41", "0", "0.41", "0.416666666666666666666667"},
		{"one hour and a second", "2026-01-01T00:00:00Z", "2026-01-01T01:00:01Z", 2, "1", "0.83", "0", "0.83", "0.833333333333333333333333"},
		{"until is now", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", 0, "1", "0", "0", "0", "0"},
		{"until is past", "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z", 0, "1", "0", "0", "0", "0"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q, err := Upgrade(at(tc.now), at(tc.until), region, large, xlarge, c, pol())
			if err != nil {
				t.Fatal(err)
			}
			if q.Hours != tc.hours {
				t.Errorf("Hours = %d, want %d", q.Hours, tc.hours)
			}
			for _, f := range []struct {
				name      string
				got, want decimal.Decimal
			}{
				{"DiscountFactor", q.DiscountFactor, d(tc.factor)}, {"OriginalPrice", q.OriginalPrice, d(tc.orig)},
				{"DiscountPrice", q.DiscountPrice, d(tc.disc)}, {"TradePrice", q.TradePrice, d(tc.trade)},
				{"Exact", q.Exact, d(tc.x)},
			} {
				if !f.got.Equal(f.want) {
					t.Errorf("%s = %s, want %s", f.name, f.got, f.want)
				}
			}
			if q.Currency != "CNY" {
				t.Errorf("Currency = %q", q.Currency)
			}
			if !q.OriginalPrice.Sub(q.DiscountPrice).Equal(q.TradePrice) {
				t.Errorf("Original − Discount ≠ Trade")
			}
		})
	}
}

// TestUpgradeRoundingModes: a gap of 90/month over 1 hour is 0.125 exactly, and 97.2/month
// is 0.135: the rounding mode decides the cent.
func TestUpgradeRoundingModes(t *testing.T) {
	c := catalogWith(t, nil, itype("a", 2, "100"), itype("b", 4, "190"), itype("c", 4, "197.2"))
	now := at("2026-01-01T00:00:00Z")
	for _, tc := range []struct {
		to, mode, want string
	}{
		{"b", model.RoundHalfUp, "0.13"}, {"b", model.RoundHalfEven, "0.12"}, {"b", model.RoundDown, "0.12"}, {"b", model.RoundUp, "0.13"},
		{"c", model.RoundHalfUp, "0.14"}, {"c", model.RoundHalfEven, "0.14"}, {"c", model.RoundDown, "0.13"}, {"c", model.RoundUp, "0.14"},
	} {
		p := pol()
		p.ChargeRounding = tc.mode
		q, err := Upgrade(now, now.Add(time.Hour), region, typ(t, c, "a"), typ(t, c, tc.to), c, p)
		if err != nil {
			t.Fatal(err)
		}
		if !q.TradePrice.Equal(d(tc.want)) || !q.OriginalPrice.Equal(d(tc.want)) {
			t.Errorf("%s %s: trade %s original %s, want %s", tc.to, tc.mode, q.TradePrice, q.OriginalPrice, tc.want)
		}
	}
	// Three places (the price APIs' precision).
	p := pol()
	p.CurrencyPlaces = 3
	q, err := Upgrade(now, now.Add(time.Hour), region, typ(t, c, "a"), typ(t, c, "b"), c, p)
	if err != nil || !q.TradePrice.Equal(d("0.125")) || q.TradePrice.StringFixed(3) != "0.125" {
		t.Errorf("3 places: %s %v", q.TradePrice, err)
	}
}

func TestUpgradeCheaperTargetIsFree(t *testing.T) {
	c := testCatalog(t)
	q, err := Upgrade(at("2026-01-01T00:00:00Z"), at("2026-02-01T00:00:00Z"), region, typ(t, c, "ecs.g6.xlarge"), typ(t, c, "ecs.g6.large"), c, pol())
	if err != nil {
		t.Fatal(err)
	}
	if !q.TradePrice.IsZero() || !q.OriginalPrice.IsZero() || !q.DiscountPrice.IsZero() || !q.Exact.IsZero() || q.Hours != 744 {
		t.Errorf("cheaper target: %+v", q)
	}
}

func TestUpgradeErrors(t *testing.T) {
	c := testCatalog(t)
	large, nopr := typ(t, c, "ecs.g6.large"), typ(t, c, "ecs.g6.nopr")
	now := at("2026-01-01T00:00:00Z")
	until := now.Add(24 * time.Hour)

	_, err := Upgrade(now, until, region, large, nopr, c, pol())
	var pe *PriceError
	if !errors.Is(err, ErrNoPrice) || !errors.As(err, &pe) || pe.InstanceType != "ecs.g6.nopr" || pe.Region != region {
		t.Errorf("missing price: %v", err)
	}
	if _, err := Upgrade(now, until, "eu-central-1", large, typ(t, c, "ecs.g6.xlarge"), c, pol()); !errors.Is(err, ErrNoPrice) || errors.Is(err, ErrBadAmount) {
		t.Errorf("other region: %v", err)
	}

	bad := func(name string, err error) {
		t.Helper()
		if !errors.Is(err, ErrBadAmount) || errors.Is(err, ErrNoPrice) {
			t.Errorf("%s: %v", name, err)
		}
	}
	xl := typ(t, c, "ecs.g6.xlarge")
	_, err = Upgrade(now, until, region, nil, xl, c, pol())
	bad("nil type", err)
	_, err = Upgrade(now, until, region, large, xl, nil, pol())
	bad("nil catalog", err)
	_, err = Upgrade(now, until, region, large, xl, c, nil)
	bad("nil policy", err)
	p := pol()
	p.ChargeRounding = "nearest"
	_, err = Upgrade(now, until, region, large, xl, c, p)
	bad("mode", err)
	p = pol()
	p.CurrencyPlaces = 16
	_, err = Upgrade(now, until, region, large, xl, c, p)
	bad("places", err)
	_, err = Upgrade(now, now.AddDate(101, 0, 0), region, large, xl, c, pol())
	bad("101 years", err)
	_, err = Upgrade(time.Time{}, time.Unix(1<<62, 0), region, large, xl, c, pol())
	bad("far future", err)
	// A price changed after NewCatalog (the maps are shared with the caller) is still checked.
	hostileType := itype("h", 2, "1")
	hostileType.MonthlyPrice[region] = decimal.New(1, 100000000)
	_, err = Upgrade(now, until, region, large, &hostileType, c, pol())
	bad("hostile price", err)
}
