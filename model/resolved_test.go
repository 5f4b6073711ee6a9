package model_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// checkResolved holds every indexed answer of c to the by-name answer it stands for.
func checkResolved(t interface {
	Fatalf(string, ...any)
	Fatal(...any)
}, c *model.Catalog) {
	d := c.Data()
	for i := range c.Len() {
		from := c.At(i)
		if j, ok := c.Lookup(from.InstanceTypeID); !ok || j != i || c.IndexOf(from) != i {
			t.Fatalf("type %d (%s): Lookup %d %v, IndexOf %d", i, from.InstanceTypeID, j, ok, c.IndexOf(from))
		}
		if c.FamilyChangeableAt(i) != c.FamilyChangeable(from.Family) {
			t.Fatalf("FamilyChangeableAt(%s) differs", from.InstanceTypeID)
		}
		for _, region := range d.Regions {
			if c.RegionIndex(region) < 0 {
				t.Fatalf("region %s has no index", region)
			}
			pp := c.PriceAt(i, c.RegionIndex(region))
			ok := pp != nil
			var p model.ListPrice
			if ok {
				p = *pp
			}
			v, want := from.MonthlyPrice[region]
			if ok != want || ok && (!p.Value.Equal(v) || p.Illustrative != c.PriceIllustrative(from.InstanceTypeID, region)) ||
				p.Small && !decimal.New(p.Coef, p.Exp).Equal(v) {
				t.Fatalf("PriceAt(%s, %s) = %+v %v, want %v %v", from.InstanceTypeID, region, p, ok, v, want)
			}
		}
		tickets := false
		for k := range c.Len() {
			to := c.At(k)
			if c.ReachableAt(i, k) != c.Reachable(from.Family, to) || c.TicketOnlyAt(i, k) != c.TicketOnly(from.Family, to.Family) {
				t.Fatalf("%s -> %s: ReachableAt %v, TicketOnlyAt %v", from.InstanceTypeID, to.InstanceTypeID, c.ReachableAt(i, k), c.TicketOnlyAt(i, k))
			}
			tickets = tickets || c.TicketOnly(from.Family, to.Family)
		}
		// TicketChangesAt: a ticket-only change to the family of some type.
		if c.TicketChangesAt(i) != tickets {
			t.Fatalf("TicketChangesAt(%s) = %v", from.InstanceTypeID, c.TicketChangesAt(i))
		}
	}
	if c.RegionIndex("xx-nowhere-1") != -1 || c.IndexOf(&model.InstanceType{}) != -1 || c.IndexOf(nil) != -1 {
		t.Fatal("an unknown region or a type not of the catalog has an index")
	}
}

func TestResolvedEmbeddedCatalog(t *testing.T) { checkResolved(t, catalog.Default()) }

// TestResolvedCatalogs: random catalogs of a few families, rules (changeable or not, to
// families and to types), tickets and prices.
func TestResolvedCatalogs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fams := []string{"f1", "f2", "f3", "f4"}
		regions := []string{"r1", "r2"}
		d := model.CatalogData{Regions: regions, Currency: "CNY", PricesIllustrative: rapid.Bool().Draw(t, "illustrative")}
		n := rapid.IntRange(1, 12).Draw(t, "types")
		for i := range n {
			ty := model.InstanceType{InstanceTypeID: fmt.Sprintf("t%d", i), Family: rapid.SampledFrom(fams).Draw(t, "family"), CPU: 2}
			ty.MonthlyPrice = map[string]decimal.Decimal{}
			for _, r := range regions {
				if rapid.Bool().Draw(t, "priced") {
					ty.MonthlyPrice[r] = decimal.New(rapid.Int64Range(0, 1e12).Draw(t, "coef"), int32(rapid.IntRange(-9, 0).Draw(t, "exp")))
				}
			}
			if rapid.Bool().Draw(t, "real") {
				ty.RealPriceRegions = []string{rapid.SampledFrom(regions).Draw(t, "realRegion")}
			}
			d.Types = append(d.Types, ty)
		}
		for range rapid.IntRange(0, 4).Draw(t, "rules") {
			d.FamilyChanges = append(d.FamilyChanges, model.FamilyChange{
				FromFamilies:    rapid.SliceOfN(rapid.SampledFrom(fams), 1, 2).Draw(t, "from"),
				Changeable:      rapid.Float64().Draw(t, "changeable") < 0.8,
				ToFamilies:      rapid.SliceOfN(rapid.SampledFrom(append(fams, "f9")), 0, 3).Draw(t, "to"),
				ToInstanceTypes: rapid.SliceOfN(rapid.SampledFrom([]string{"t0", "t1", "t5", "tx"}), 0, 2).Draw(t, "toTypes"),
			})
		}
		for range rapid.IntRange(0, 2).Draw(t, "tickets") {
			d.TicketFamilyChanges = append(d.TicketFamilyChanges, model.TicketChange{
				FromFamilies: rapid.SliceOfN(rapid.SampledFrom(fams), 1, 2).Draw(t, "tfrom"),
				ToFamilies:   rapid.SliceOfN(rapid.SampledFrom(fams), 1, 2).Draw(t, "tto"),
			})
		}
		c, err := model.NewCatalog(d)
		if err != nil {
			t.Fatal(err)
		}
		checkResolved(t, c)
	})
}

// TestResolvedManyFamilies: catalogs of up to 90 families, so that family rules and tickets
// reach families both below and above the 64 that familyReach.near holds.
func TestResolvedManyFamilies(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		nf := rapid.IntRange(1, 90).Draw(t, "families")
		fam := func(label string) string { return fmt.Sprintf("f%d", rapid.IntRange(0, nf-1).Draw(t, label)) }
		d := model.CatalogData{Regions: []string{"r1"}, Currency: "CNY"}
		for i := range rapid.IntRange(1, 120).Draw(t, "types") {
			d.Types = append(d.Types, model.InstanceType{InstanceTypeID: fmt.Sprintf("t%d", i), Family: fam("family"), CPU: 2})
		}
		for range rapid.IntRange(0, 6).Draw(t, "rules") {
			fc := model.FamilyChange{FromFamilies: []string{fam("from")}, Changeable: rapid.Float64().Draw(t, "changeable") < 0.9}
			for range rapid.IntRange(0, 12).Draw(t, "to") {
				fc.ToFamilies = append(fc.ToFamilies, fam("toFamily"))
			}
			d.FamilyChanges = append(d.FamilyChanges, fc)
		}
		for range rapid.IntRange(0, 3).Draw(t, "tickets") {
			d.TicketFamilyChanges = append(d.TicketFamilyChanges, model.TicketChange{
				FromFamilies: []string{fam("tfrom")}, ToFamilies: []string{fam("tto"), fam("tto")}})
		}
		c, err := model.NewCatalog(d)
		if err != nil {
			t.Fatal(err)
		}
		checkResolved(t, c)
	})
}

// TestReachableAroundFamily64: the families numbered 63, 64 and 65 (the last one the one-bit
// test holds, the first two it does not), reached by a family rule and by a ticket.
func TestReachableAroundFamily64(t *testing.T) {
	d := model.CatalogData{Regions: []string{"r1"}, Currency: "CNY"}
	for i := range 70 {
		d.Types = append(d.Types, model.InstanceType{InstanceTypeID: fmt.Sprintf("t%d", i), Family: fmt.Sprintf("f%d", i), CPU: 2})
	}
	d.FamilyChanges = []model.FamilyChange{{FromFamilies: []string{"f0"}, Changeable: true, ToFamilies: []string{"f63", "f64", "f65"}}}
	d.TicketFamilyChanges = []model.TicketChange{{FromFamilies: []string{"f1"}, ToFamilies: []string{"f64"}}}
	c, err := model.NewCatalog(d)
	if err != nil {
		t.Fatal(err)
	}
	checkResolved(t, c)
	for _, tc := range []struct {
		from, to int
		want     bool
	}{{0, 62, false}, {0, 63, true}, {0, 64, true}, {0, 65, true}, {0, 66, false}, {1, 63, false}, {1, 64, true}, {1, 1, true}, {1, 65, false}} {
		if got := c.ReachableAt(tc.from, tc.to); got != tc.want {
			t.Errorf("ReachableAt(t%d, t%d) = %v, want %v", tc.from, tc.to, got, tc.want)
		}
	}
}

// TestRegionIndexBothWays: RegionIndex, by name scan for a few regions and by map for more,
// gives each region the index of its first appearance in the catalog's list (duplicates
// counted once), the one its resolved prices are kept under, and -1 for any other name:
// catalogs of 0 to 20 regions, on both sides of the scan's limit.
func TestRegionIndexBothWays(t *testing.T) {
	pool := []string{"", "r", "r1", "r2", "cn-hangzhou", "cn-shanghai", "us-west-1", "eu-central-1", "ap-1", "ap-2", "ap-3", "ap-4", "ap-5", "ap-6", "ap-7", "ap-8", "ap-9", "me-east-1", "x", "cn-hangzhoU"}
	rapid.Check(t, func(t *rapid.T) {
		regions := rapid.SliceOfN(rapid.SampledFrom(pool), 0, 20).Draw(t, "regions")
		ty := model.InstanceType{InstanceTypeID: "t0", Family: "f", CPU: 2, MonthlyPrice: map[string]decimal.Decimal{}}
		var want []string
		for _, r := range regions {
			if !slices.Contains(want, r) {
				ty.MonthlyPrice[r] = decimal.NewFromInt(int64(len(want) + 1))
				want = append(want, r)
			}
		}
		c, err := model.NewCatalog(model.CatalogData{Regions: regions, Currency: "CNY", Types: []model.InstanceType{ty}})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range pool {
			i := c.RegionIndex(q)
			if w := slices.Index(want, q); i != w {
				t.Fatalf("RegionIndex(%q) = %d, want %d (regions %q)", q, i, w, regions)
			}
			if i < 0 {
				continue
			}
			if p := c.PriceAt(0, i); p == nil || !p.Value.Equal(ty.MonthlyPrice[q]) {
				t.Fatalf("PriceAt(0, RegionIndex(%q)) = %v, want %v", q, p, ty.MonthlyPrice[q])
			}
		}
	})
}
