package catalog

import (
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/respec-dev/respec/model"
)

var (
	genFamily = rapid.SampledFrom([]string{"ecs.g7", "ecs.c6", "ecs.g5", "ecs.sn1ne", "ecs.hfc7", "ecs.t5", "ecs.d1", "ecs.i3", "ecs.x", "ecs.g8i"})
	genLevel  = rapid.SampledFrom([]string{model.LevelEnterprise, model.LevelEntry, model.LevelCreditEntry, ""})
	genRegion = rapid.SampledFrom(append(DefaultRegions(), "cn-qingdao"))
)

// genSpec draws a type within Load's bounds.
func genSpec(t *rapid.T, family, level string) priceSpec {
	return priceSpec{
		CPU:       rapid.IntRange(1, maxCPU).Draw(t, "cpu"),
		MemoryGiB: float64(rapid.IntRange(1, 1<<20).Draw(t, "halfGiB")) / 2,
		Family:    family,
		Level:     level,
		LocalGiB:  float64(rapid.IntRange(0, 1<<30).Draw(t, "localGiB")),
		LocalHDD:  rapid.Bool().Draw(t, "hdd"),
	}
}

// Within a family, more vCPU, memory or local storage never costs less, and more vCPU or
// memory always costs more; every price is positive with at most 2 decimals, within the
// bounds model.CheckDecimal accepts.
func TestPriceMonotoneProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		family, level, region := genFamily.Draw(t, "family"), genLevel.Draw(t, "level"), genRegion.Draw(t, "region")
		a := genSpec(t, family, level)
		b := a
		b.CPU += rapid.IntRange(0, 64).Draw(t, "dCPU")
		b.MemoryGiB += float64(rapid.IntRange(0, 512).Draw(t, "dHalfGiB")) / 2
		b.LocalGiB += float64(rapid.IntRange(0, 100000).Draw(t, "dLocal"))
		pa, pb := a.price(region), b.price(region)
		for _, p := range []decimal.Decimal{pa, pb} {
			if !p.IsPositive() || p.Exponent() < -2 {
				t.Fatalf("price %s: want positive with at most 2 decimals", p)
			}
			if err := model.CheckDecimal(p, false); err != nil {
				t.Fatalf("price %s: %v", p, err)
			}
		}
		if pa.GreaterThan(pb) {
			t.Fatalf("%+v costs %s, more than the larger %+v at %s", a, pa, b, pb)
		}
		if (b.CPU > a.CPU || b.MemoryGiB > a.MemoryGiB) && !pa.LessThan(pb) {
			t.Fatalf("%+v costs %s, not less than the larger %+v at %s", a, pa, b, pb)
		}
	})
}

// The price is the documented formula, computed independently here.
func TestPriceFormulaProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		family, level, region := genFamily.Draw(t, "family"), genLevel.Draw(t, "level"), genRegion.Draw(t, "region")
		s := genSpec(t, family, level)
		lf := map[string]string{model.LevelEnterprise: "1", model.LevelEntry: "0.7", model.LevelCreditEntry: "0.5", "": "1"}[level]
		sf := map[string]string{"ecs.g7": "1.1", "ecs.c6": "1.05", "ecs.g5": "1", "ecs.sn1ne": "0.95", "ecs.hfc7": "1.265",
			"ecs.t5": "1", "ecs.d1": "0.95", "ecs.i3": "0.95", "ecs.x": "0.95", "ecs.g8i": "1.1"}[family]
		rf := map[string]string{"ap-southeast-1": "1.2", "us-west-1": "1.25", "eu-central-1": "1.3"}[region]
		if rf == "" {
			rf = "1"
		}
		rate := "0.5"
		if s.LocalHDD {
			rate = "0.02"
		}
		d := decimal.RequireFromString
		compute := d("60").Mul(decimal.NewFromInt(int64(s.CPU))).Add(d("15").Mul(decimal.NewFromFloat(s.MemoryGiB))).Mul(d(lf)).Mul(d(sf))
		want := compute.Add(d(rate).Mul(decimal.NewFromFloat(s.LocalGiB))).Mul(d(rf)).Round(2)
		if got := s.price(region); !got.Equal(want) {
			t.Fatalf("price(%+v, %s) = %s, want %s", s, region, got, want)
		}
	})
}

func TestSeriesFactor(t *testing.T) {
	for fam, want := range map[string]string{
		"ecs.g7": "1.1", "ecs.g8i": "1.1", "ecs.c6a": "1.05", "ecs.re6p-redis": "1.05", "ecs.hfg5": "1",
		"ecs.re4": "0.95", "ecs.sn2ne": "0.95", "ecs.u1": "0.95", "ecs.x": "0.95", "": "0.95",
	} {
		if got := seriesFactor(fam); !got.Equal(decimal.RequireFromString(want)) {
			t.Errorf("seriesFactor(%q) = %s, want %s", fam, got, want)
		}
	}
}

func TestLocalHDD(t *testing.T) {
	for _, tc := range []struct {
		family, category string
		want             bool
	}{
		{"ecs.d1", "local_hdd_pro", true},
		{"ecs.i1", "local_ssd_pro", false},
		{"ecs.d2s", "", true},
		{"ecs.i3", "", false},
		{"ecs.d1", "local_ssd_pro", false},
	} {
		if got := localHDD(tc.family, tc.category); got != tc.want {
			t.Errorf("localHDD(%q, %q) = %v, want %v", tc.family, tc.category, got, tc.want)
		}
	}
}
