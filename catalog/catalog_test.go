package catalog

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/model"
)

func TestDefaultCounts(t *testing.T) {
	c := Default()
	if got := c.Len(); got != 429 {
		t.Fatalf("Default().Len() = %d, want 429", got)
	}
	families := map[string]int{}
	for i := range c.Len() {
		families[c.At(i).Family]++
	}
	if len(families) != 62 {
		t.Fatalf("Default() has %d families, want 62", len(families))
	}
	if got := len(c.Data().FamilyChanges); got != 41 {
		t.Errorf("Default() has %d family-change rules, want 41", got)
	}
	if c.Currency() != "CNY" {
		t.Errorf("Currency() = %q, want CNY", c.Currency())
	}
	if !c.PricesIllustrative() {
		t.Error("PricesIllustrative() = false, want true")
	}
	if diff := cmp.Diff(DefaultRegions(), c.Data().Regions); diff != "" {
		t.Errorf("regions (-want +got):\n%s", diff)
	}
	for _, r := range DefaultRegions() {
		if !c.HasRegion(r) {
			t.Errorf("HasRegion(%q) = false", r)
		}
	}
	if c.HasRegion("cn-qingdao") {
		t.Error("HasRegion(cn-qingdao) = true, want false")
	}
}

func TestDefaultSamePointer(t *testing.T) {
	first, second := Default(), Default()
	if first != second {
		t.Fatal("Default() returned two different catalogs")
	}
}

func TestEveryTypePricedInEveryRegion(t *testing.T) {
	c := Default()
	for i := range c.Len() {
		ty := c.At(i)
		if len(ty.MonthlyPrice) != len(DefaultRegions()) {
			t.Errorf("%s is priced in %d regions, want %d", ty.InstanceTypeID, len(ty.MonthlyPrice), len(DefaultRegions()))
		}
		for _, r := range DefaultRegions() {
			p, ok := ty.MonthlyPrice[r]
			if !ok || !p.IsPositive() {
				t.Errorf("%s in %s: price %v (present %v), want positive", ty.InstanceTypeID, r, p, ok)
			}
			if p.Exponent() < -2 {
				t.Errorf("%s in %s: price %s has more than 2 decimals", ty.InstanceTypeID, r, p)
			}
		}
	}
}

// Within a family, a type with more vCPUs costs strictly more, and a type at least as large in
// vCPU, memory and local storage never costs less.
func TestPricesMonotoneWithinFamily(t *testing.T) {
	c := Default()
	local := localStorage(t)
	for i := range c.Len() {
		a := c.At(i)
		for j := range c.Len() {
			b := c.At(j)
			if i == j || a.Family != b.Family {
				continue
			}
			for _, r := range DefaultRegions() {
				pa, pb := a.MonthlyPrice[r], b.MonthlyPrice[r]
				if a.CPU < b.CPU && !pa.LessThan(pb) {
					t.Errorf("%s: %s (%d vCPU) costs %s, %s (%d vCPU) costs %s", r, a.InstanceTypeID, a.CPU, pa, b.InstanceTypeID, b.CPU, pb)
				}
				if a.CPU <= b.CPU && a.MemoryGiB <= b.MemoryGiB && local[a.InstanceTypeID] <= local[b.InstanceTypeID] && pa.GreaterThan(pb) {
					t.Errorf("%s: %s costs %s, more than the larger %s at %s", r, a.InstanceTypeID, pa, b.InstanceTypeID, pb)
				}
			}
		}
	}
}

// localStorage reads the total local storage of each type from the embedded data.
func localStorage(t *testing.T) map[string]float64 {
	t.Helper()
	var rows []row
	if err := json.Unmarshal([]byte(typesJSON), &rows); err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, r := range rows {
		out[r.InstanceTypeID] = float64(r.LocalStorageAmount) * r.LocalStorageCapacity
	}
	return out
}

// Known prices pin the formula: a change to it must be deliberate.
func TestKnownPrices(t *testing.T) {
	c := Default()
	for _, tc := range []struct {
		id, region, want string
	}{
		// (60×2 + 15×8) × 1.05 = 252
		{"ecs.g6.large", "cn-hangzhou", "252"},
		// (60×2 + 15×8) × 1.10 = 264
		{"ecs.g7.large", "cn-hangzhou", "264"},
		// 264 × 1.30
		{"ecs.g7.large", "eu-central-1", "343.2"},
		// (60×2 + 15×4) × 1.05 × 1.15 = 217.35
		{"ecs.hfc6.large", "cn-hangzhou", "217.35"},
		// (60×1 + 15×0.5) × 0.50 × 1.00 = 33.75 (t5 series 5, credit entry level)
		{"ecs.t5-lc2m1.nano", "cn-hangzhou", "33.75"},
		// (60×1 + 15×1) × 0.70 × 0.95 = 49.875 → 49.88
		{"ecs.xn4.small", "cn-hangzhou", "49.88"},
		// (60×8 + 15×32) × 0.95 + 0.02 × 4 × 5500 = 912 + 440
		{"ecs.d1.2xlarge", "cn-hangzhou", "1352"},
		// (60×4 + 15×16) × 0.95 + 0.50 × 2 × 104 = 456 + 104
		{"ecs.i1.xlarge", "cn-hangzhou", "560"},
		// i3 has no LocalStorageCategory: SSD by family name. (60×4 + 15×32) × 0.95 + 0.50 × 894
		{"ecs.i3.xlarge", "cn-hangzhou", "1131"},
		// d2s has no LocalStorageCategory: HDD by family name. (60×20+15×88)×0.95 + 0.02×8×7300
		{"ecs.d2s.5xlarge", "ap-southeast-1", "4274.4"},
	} {
		ty, ok := c.Type(tc.id)
		if !ok {
			t.Errorf("%s not in the catalog", tc.id)
			continue
		}
		got := ty.MonthlyPrice[tc.region]
		if !got.Equal(decimal.RequireFromString(tc.want)) {
			t.Errorf("%s in %s = %s, want %s", tc.id, tc.region, got, tc.want)
		}
	}
}

func TestFamilyChanges(t *testing.T) {
	c := Default()
	g7, _ := c.Type("ecs.g7.large")
	g6, _ := c.Type("ecs.g6.xlarge")
	d1, _ := c.Type("ecs.d1.2xlarge")
	se1, _ := c.Type("ecs.se1.14xlarge")
	r6, _ := c.Type("ecs.r6.large")
	if !c.Reachable("ecs.g6", g7) {
		t.Error("g6 → g7 not reachable")
	}
	if c.Reachable("ecs.g7", g6) {
		t.Error("g7 → g6 reachable, want not (g7/c7/r7 change only among themselves)")
	}
	if c.FamilyChangeable("ecs.d1") {
		t.Error("d1 is changeable, want not")
	}
	if c.Reachable("ecs.d1", d1) {
		t.Error("d1 → d1 reachable, want not (d1 cannot change at all)")
	}
	if !c.Reachable("ecs.re4", se1) {
		t.Error("re4 → ecs.se1.14xlarge (a single named type) not reachable")
	}
	if c.Reachable("ecs.re4", r6) {
		t.Error("re4 → r6 reachable, want not")
	}
	if !c.FamilyChangeable("ecs.u1") || !c.Reachable("ecs.u1", &model.InstanceType{Family: "ecs.u1"}) {
		t.Error("u1 (named by no rule) should change within itself")
	}
}

func TestIllustrativeFlagsAndStock(t *testing.T) {
	c := Default()
	for i := range c.Len() {
		ty := c.At(i)
		wantNested := slices.Contains([]string{"ecs.g7", "ecs.c7", "ecs.r7"}, ty.Family)
		wantOnline := wantNested || slices.Contains([]string{"ecs.g6", "ecs.c6", "ecs.r6"}, ty.Family)
		if ty.NestedVirtualizationSupported != wantNested {
			t.Errorf("%s NestedVirtualizationSupported = %v, want %v", ty.InstanceTypeID, ty.NestedVirtualizationSupported, wantNested)
		}
		if ty.OnlineModificationSupported != wantOnline {
			t.Errorf("%s OnlineModificationSupported = %v, want %v", ty.InstanceTypeID, ty.OnlineModificationSupported, wantOnline)
		}
		if ty.Offline || ty.RequiresAuthorization {
			t.Errorf("%s Offline=%v RequiresAuthorization=%v, want both false", ty.InstanceTypeID, ty.Offline, ty.RequiresAuthorization)
		}
		limited := slices.Contains(StockLimitedFamilies(), ty.Family)
		if !limited {
			if ty.Stock != nil {
				t.Errorf("%s has a stock map, want nil", ty.InstanceTypeID)
			}
			if ty.StockIn(StockZoneWithout) != model.WithStock {
				t.Errorf("%s in %s: %s, want WithStock", ty.InstanceTypeID, StockZoneWithout, ty.StockIn(StockZoneWithout))
			}
			continue
		}
		for zone, want := range map[string]model.StockStatus{
			StockZoneWith:          model.WithStock,
			StockZoneWithout:       model.WithoutStock,
			StockZoneClosed:        model.ClosedWithStock,
			StockZoneClosedWithout: model.ClosedWithoutStock,
			"cn-shanghai-l":        model.NotOffered,
		} {
			if got := ty.StockIn(zone); got != want {
				t.Errorf("%s in %s: %s, want %s", ty.InstanceTypeID, zone, got, want)
			}
		}
	}
	r7, _ := c.Type("ecs.r7.large")
	if r7.StockIn("cn-hangzhou-i") != model.WithoutStock {
		t.Error("ecs.r7.large should be WithoutStock in cn-hangzhou-i")
	}
}

func TestDiscounts(t *testing.T) {
	c := Default()
	for _, tc := range []struct {
		months int
		want   string
	}{{1, "1"}, {6, "1"}, {11, "1"}, {12, "0.85"}, {23, "0.85"}, {24, "0.7"}, {36, "0.5"}, {60, "0.5"}} {
		if got := c.Discount(tc.months); !got.Equal(decimal.RequireFromString(tc.want)) {
			t.Errorf("Discount(%d) = %s, want %s", tc.months, got, tc.want)
		}
	}
}

// Every field of the shared data that model.InstanceType has is carried over unchanged.
func TestFieldsMapped(t *testing.T) {
	c := Default()
	g7, _ := c.Type("ecs.g7.xlarge")
	want := model.InstanceType{
		InstanceTypeID: "ecs.g7.xlarge", Family: "ecs.g7", FamilyLevel: model.LevelEnterprise,
		CPUArch: "X86", CPU: 4, MemoryGiB: 16, EniQuantity: 4, EniPrivateIPv4PerEni: 15,
		EniIPv6PerEni: 15, PrimaryEniQueueNumber: 4, SecondaryEniQueueNumber: 4,
		MaximumQueueNumberPerEni: 4, TotalEniQueueQuantity: 16, IPv6Supported: true,
		DiskQuantity: 17, NvmeSupport: "unsupported", IoOptimized: true,
		SupportedDiskCategories:       []string{"cloud_essd"},
		NestedVirtualizationSupported: true, OnlineModificationSupported: true,
		MonthlyPrice: g7.MonthlyPrice,
	}
	if diff := cmp.Diff(want, *g7); diff != "" {
		t.Errorf("ecs.g7.xlarge (-want +got):\n%s", diff)
	}
	d1, _ := c.Type("ecs.d1ne.2xlarge")
	if d1.Generation != "ecs-3" || d1.LocalStorageAmount != 4 || d1.IPv6Supported != true {
		t.Errorf("ecs.d1ne.2xlarge = %+v", *d1)
	}
	d1only, _ := c.Type("ecs.d1.2xlarge")
	if d1only.IPv6Supported {
		t.Error("ecs.d1.2xlarge Ipv6Supported = true; the data omits it (not documented)")
	}
}

func TestDefaultDataIndependent(t *testing.T) {
	a := DefaultData()
	b := DefaultData()
	if diff := cmp.Diff(a, b); diff != "" {
		t.Fatalf("two DefaultData() differ:\n%s", diff)
	}
	if diff := cmp.Diff(*Default().Data(), a); diff != "" {
		t.Fatalf("DefaultData() differs from Default().Data():\n%s", diff)
	}
	before := Default().At(0).MonthlyPrice["cn-hangzhou"]
	id := a.Types[0].InstanceTypeID
	a.Types[0].MonthlyPrice["cn-hangzhou"] = decimal.NewFromInt(1)
	a.Types[0].CPU = 999
	a.Types[0].SupportedDiskCategories[0] = "changed"
	a.Regions[0] = "changed"
	a.Discounts[0].MinMonths = 1
	a.FamilyChanges[0].FromFamilies[0] = "changed"
	for i := range a.Types {
		if a.Types[i].Family == "ecs.r7" {
			a.Types[i].Stock["cn-hangzhou-i"] = model.WithStock
			break
		}
	}
	d := Default()
	got, _ := d.Type(id)
	if !got.MonthlyPrice["cn-hangzhou"].Equal(before) || got.CPU == 999 || got.SupportedDiskCategories[0] == "changed" {
		t.Error("changing DefaultData() changed Default()")
	}
	if d.Data().Regions[0] != "cn-hangzhou" || d.Discount(1).Cmp(decimal.NewFromInt(1)) != 0 || d.FamilyChangeable("changed") != true || d.FamilyChangeable("ecs.re6p") {
		t.Error("changing DefaultData() changed Default()'s regions, discounts or rules")
	}
	if r7, _ := d.Type("ecs.r7.large"); r7.StockIn("cn-hangzhou-i") != model.WithoutStock {
		t.Error("changing DefaultData()'s stock changed Default()")
	}
	if diff := cmp.Diff(b, DefaultData()); diff != "" {
		t.Errorf("changing one DefaultData() changed another:\n%s", diff)
	}
	// Two types of one stock-limited family do not share a map.
	var r7s []model.InstanceType
	for _, ty := range b.Types {
		if ty.Family == "ecs.r7" {
			r7s = append(r7s, ty)
		}
	}
	r7s[0].Stock["cn-hangzhou-i"] = model.WithStock
	if r7s[1].StockIn("cn-hangzhou-i") != model.WithoutStock {
		t.Error("two types share one stock map")
	}
}

// The embedded files are the shared data, byte for byte.
func TestEmbeddedDataIsTheSharedData(t *testing.T) {
	for name, embedded := range map[string]string{
		"data/ecs-instance-types.json": typesJSON,
		"data/ecs-family-changes.json": changesJSON,
		"data/SOURCES.md":              sourcesMD,
	} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != embedded {
			t.Errorf("%s differs from the embedded copy", name)
		}
	}
	if !strings.Contains(Sources(), "No value was interpolated or estimated") {
		t.Error("Sources() is not data/SOURCES.md")
	}
}

func TestLoadOptions(t *testing.T) {
	c, err := Load([]byte(typesJSON), []byte(changesJSON), Options{
		Regions:         []string{"cn-hangzhou", "eu-central-1"},
		Currency:        "USD",
		Discounts:       []model.DurationDiscount{},
		OfflineFamilies: []string{"ecs.n4"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if c.Currency() != "USD" || c.HasRegion("cn-shanghai") || !c.HasRegion("eu-central-1") {
		t.Errorf("options not applied: currency %s, regions %v", c.Currency(), c.Data().Regions)
	}
	if got := c.Discount(36); !got.Equal(decimal.NewFromInt(1)) {
		t.Errorf("Discount(36) with no discounts = %s, want 1", got)
	}
	n4, _ := c.Type("ecs.n4.small")
	g6, _ := c.Type("ecs.g6.large")
	if !n4.Offline || g6.Offline {
		t.Errorf("Offline: n4 %v, g6 %v; want true, false", n4.Offline, g6.Offline)
	}
	if len(g6.MonthlyPrice) != 2 {
		t.Errorf("g6.large priced in %d regions, want 2", len(g6.MonthlyPrice))
	}
}

// Values a row carries are kept; the rules fill in only what is missing.
func TestLoadKeepsGivenValues(t *testing.T) {
	types := `[{"InstanceTypeId":"ecs.x1.large","InstanceTypeFamily":"ecs.x1","CpuCoreCount":2,"MemorySize":4,
		"MonthlyPrice":{"cn-hangzhou":"100.5"},"Stock":{"cn-hangzhou-b":"WithStock"},"Offline":true,
		"NestedVirtualizationSupported":true,"SomethingElse":42}]`
	c, err := Load([]byte(types), nil, Options{Regions: []string{"cn-hangzhou", "us-west-1"}})
	if err != nil {
		t.Fatal(err)
	}
	x, _ := c.Type("ecs.x1.large")
	if !x.MonthlyPrice["cn-hangzhou"].Equal(decimal.RequireFromString("100.5")) {
		t.Errorf("given price replaced: %s", x.MonthlyPrice["cn-hangzhou"])
	}
	// (60×2 + 15×4) × 0.95 × 1.25 = 213.75
	if !x.MonthlyPrice["us-west-1"].Equal(decimal.RequireFromString("213.75")) {
		t.Errorf("missing price not filled: %s", x.MonthlyPrice["us-west-1"])
	}
	if x.StockIn("cn-hangzhou-b") != model.WithStock || x.StockIn("cn-hangzhou-i") != model.NotOffered {
		t.Error("given stock map not kept")
	}
	if !x.Offline || !x.NestedVirtualizationSupported || x.OnlineModificationSupported {
		t.Errorf("flags: %+v", *x)
	}
	if !c.PricesIllustrative() {
		t.Error("a filled price must mark the catalog illustrative")
	}
	all, err := Load([]byte(`[{"InstanceTypeId":"ecs.x1.large","InstanceTypeFamily":"ecs.x1","CpuCoreCount":2,"MemorySize":4,
		"MonthlyPrice":{"cn-hangzhou":"100.5"}}]`), nil, Options{Regions: []string{"cn-hangzhou"}})
	if err != nil {
		t.Fatal(err)
	}
	if all.PricesIllustrative() {
		t.Error("no price was filled in, yet the catalog is marked illustrative")
	}
}

func TestLoadErrors(t *testing.T) {
	const ok = `{"InstanceTypeId":"ecs.x1.large","InstanceTypeFamily":"ecs.x1","CpuCoreCount":2,"MemorySize":4}`
	for _, tc := range []struct {
		name, types, changes string
		opts                 Options
		want                 string
	}{
		{"not json", `{`, ``, Options{}, "catalog: instance types"},
		{"not an array", `{"a":1}`, ``, Options{}, "catalog: instance types"},
		{"empty", `[]`, ``, Options{}, "the list is empty"},
		{"null", `null`, ``, Options{}, "the list is empty"},
		{"no id", `[{"InstanceTypeFamily":"ecs.x1","CpuCoreCount":2,"MemorySize":4}]`, ``, Options{}, "no InstanceTypeId"},
		{"no family", `[{"InstanceTypeId":"ecs.x1.large","CpuCoreCount":2,"MemorySize":4}]`, ``, Options{}, "no InstanceTypeFamily"},
		{"no cpu", `[{"InstanceTypeId":"a","InstanceTypeFamily":"f","MemorySize":4}]`, ``, Options{}, "CpuCoreCount must be positive"},
		{"negative cpu", `[{"InstanceTypeId":"a","InstanceTypeFamily":"f","CpuCoreCount":-2,"MemorySize":4}]`, ``, Options{}, "CpuCoreCount must be positive"},
		{"huge cpu", `[{"InstanceTypeId":"a","InstanceTypeFamily":"f","CpuCoreCount":2000000000,"MemorySize":4}]`, ``, Options{}, "CpuCoreCount is above"},
		{"cpu overflow", `[{"InstanceTypeId":"a","InstanceTypeFamily":"f","CpuCoreCount":1e30,"MemorySize":4}]`, ``, Options{}, "catalog: instance types"},
		{"no memory", `[{"InstanceTypeId":"a","InstanceTypeFamily":"f","CpuCoreCount":2}]`, ``, Options{}, "MemorySize must be positive"},
		{"huge memory", `[{"InstanceTypeId":"a","InstanceTypeFamily":"f","CpuCoreCount":2,"MemorySize":1e300}]`, ``, Options{}, "MemorySize is above"},
		{"memory overflow", `[{"InstanceTypeId":"a","InstanceTypeFamily":"f","CpuCoreCount":2,"MemorySize":1e400}]`, ``, Options{}, "catalog: instance types"},
		{"negative disks", `[{"InstanceTypeId":"a","InstanceTypeFamily":"f","CpuCoreCount":2,"MemorySize":4,"LocalStorageAmount":-1}]`, ``, Options{}, "must not be negative"},
		{"huge disks", `[{"InstanceTypeId":"a","InstanceTypeFamily":"f","CpuCoreCount":2,"MemorySize":4,"LocalStorageAmount":2,"LocalStorageCapacity":1e308}]`, ``, Options{}, "local storage is above"},
		{"duplicate", `[` + ok + `,` + ok + `]`, ``, Options{}, "listed twice"},
		{"hostile price", `[{"InstanceTypeId":"a","InstanceTypeFamily":"f","CpuCoreCount":2,"MemorySize":4,"MonthlyPrice":{"cn-hangzhou":"1e100000000"}}]`, ``, Options{}, "price in cn-hangzhou"},
		{"bad changes", `[` + ok + `]`, `{`, Options{}, "catalog: family changes"},
		{"bad discount", `[` + ok + `]`, ``, Options{Discounts: []model.DurationDiscount{{MinMonths: 12, Factor: decimal.NewFromInt(2)}}}, "must be in (0, 1]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Load([]byte(tc.types), []byte(tc.changes), tc.opts)
			if err == nil || c != nil {
				t.Fatalf("Load = %v, %v; want an error containing %q", c, err, tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			if _, err := LoadData([]byte(tc.types), []byte(tc.changes), tc.opts); err == nil {
				t.Error("LoadData accepted what Load rejects")
			}
		})
	}
}

// Load never changes the caller's options.
func TestLoadDoesNotMutateOptions(t *testing.T) {
	opts := Options{
		Regions:         []string{"cn-hangzhou"},
		Discounts:       []model.DurationDiscount{{MinMonths: 12, Factor: decimal.RequireFromString("0.9")}},
		OfflineFamilies: []string{"ecs.n4"},
	}
	d, err := LoadData([]byte(typesJSON), []byte(changesJSON), opts)
	if err != nil {
		t.Fatal(err)
	}
	d.Regions[0] = "changed"
	d.Discounts[0].MinMonths = 1
	if opts.Regions[0] != "cn-hangzhou" || opts.Discounts[0].MinMonths != 12 {
		t.Error("the returned data aliases the caller's options")
	}
}

func BenchmarkLoad(b *testing.B) {
	types, changes := []byte(typesJSON), []byte(changesJSON)
	b.SetBytes(int64(len(types) + len(changes)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Load(types, changes, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDefaultData(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_ = DefaultData()
	}
}
