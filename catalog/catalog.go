// Package catalog is respec's embedded default catalog of ECS instance types, and a loader for
// catalogs written in the same format.
//
// The instance types (429 types in 62 families) and the family-change rules (41 rules) are
// transcribed from Alibaba Cloud's public ECS documentation as of mid-2021; data/SOURCES.md
// gives the provenance of every field (see Sources). That documentation publishes no prices,
// no stock and no per-type support for online changes or nested virtualization, so respec adds
// them by the deterministic rules below. Every added value is ILLUSTRATIVE: it is made up for
// examples and tests, and none of it is Alibaba Cloud data.
//
// # Prices: illustrative, NOT Alibaba Cloud prices
//
// Every type gets a monthly subscription list price in CNY in every region:
//
//	price = round2(region × (level × series × hf × (60 × vCPU + 15 × GiB) + disk × local GiB))
//
// where:
//
//   - level is 1.00 for EnterpriseLevel (and a missing level), 0.70 for EntryLevel (shared),
//     0.50 for CreditEntryLevel (burstable);
//   - series is by the first digit of the family name: 7 or higher 1.10, 6 1.05, 5 1.00,
//     4 or lower (or no digit) 0.95;
//   - hf is 1.15 for the high clock speed families (names starting with "hf"), else 1.00;
//   - disk × local GiB prices local storage (disks × GiB per disk) at 0.02 CNY per GiB of
//     local HDD and 0.50 CNY per GiB of local SSD: HDD when LocalStorageCategory names an HDD
//     or, when it is absent, for the big data families (names starting with "d"); else SSD;
//   - region is 1.00 in cn-hangzhou, cn-shanghai, cn-beijing and cn-shenzhen, 1.20 in
//     ap-southeast-1, 1.25 in us-west-1, 1.30 in eu-central-1, and 1.00 in any other region;
//   - round2 rounds half away from zero to 2 decimals, once, at the end.
//
// All coefficients are positive, so within a family a type with more vCPUs, memory or local
// storage never costs less, and one more vCPU always costs more. The catalog's
// PricesIllustrative flag is set whenever a price comes from this formula. A price overlay
// (WithPrices) replaces some of them with real prices and marks those real
// (InstanceType.RealPriceRegions); the others stay illustrative.
//
// # Stock: illustrative
//
// Every type has stock in every zone (a nil Stock map), except the types of the families
// ecs.r7 and ecs.hfc7, whose Stock is {cn-hangzhou-h: WithStock, cn-hangzhou-i: WithoutStock,
// cn-hangzhou-j: ClosedWithStock, cn-hangzhou-k: ClosedWithoutStock}: they are accepted in
// cn-hangzhou-h, accepted with a warning in cn-hangzhou-j (low stock), refused with
// OperationDenied.NoStock in cn-hangzhou-i and cn-hangzhou-k (sold out), and not offered at
// all in any zone not listed (every zone outside cn-hangzhou included), which is refused with
// InvalidResourceType.NotSupported.
//
// # Capabilities: illustrative
//
// NestedVirtualizationSupported is set for ecs.g7, ecs.c7 and ecs.r7;
// OnlineModificationSupported for ecs.g7, ecs.c7, ecs.r7, ecs.g6, ecs.c6 and ecs.r6. The 2021
// documentation publishes neither per type.
//
// # Discounts: illustrative
//
// Subscriptions of at least 12 months get 0.85, at least 24 months 0.70, at least 36 months
// 0.50; shorter ones get no discount.
//
// # Ticket-only changes: transcribed
//
// The family-change notes that say an upgrade needs a support ticket and cannot be reversed
// (g6/c6/r6 to g6e/c6e/r6e and the 7th generation, g5/c5/r5/ic5 to g6e/c6e/r6e, hfc6/hfg6/hfr6
// to hfc7/hfg7/hfr7) become the catalog's TicketFamilyChanges; see tickets.go.
//
// # Retired types
//
// The 2021 data has no retired flag, and nothing in it says a listed family is off sale, so
// every type is on sale (Offline false). Options.OfflineFamilies marks families as retired.
package catalog

import (
	"bytes"
	_ "embed" // the default catalog's data
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/model"
)

var (
	//go:embed data/ecs-instance-types.json
	typesJSON string
	//go:embed data/ecs-family-changes.json
	changesJSON string
	//go:embed data/SOURCES.md
	sourcesMD string
)

// Currency is the currency of the illustrative prices.
const Currency = "CNY"

// Sources returns data/SOURCES.md verbatim: where every value of the embedded instance types
// and family-change rules comes from.
func Sources() string { return sourcesMD }

// DefaultRegions returns the regions of the default catalog, in order. The slice is a fresh
// copy.
func DefaultRegions() []string {
	return []string{"cn-hangzhou", "cn-shanghai", "cn-beijing", "cn-shenzhen", "ap-southeast-1", "us-west-1", "eu-central-1"}
}

// Options adjust Load. The zero Options give the default catalog's settings.
type Options struct {
	// Regions of the catalog; nil means DefaultRegions. Every type is priced in each.
	Regions []string
	// Currency of the prices; "" means Currency (CNY).
	Currency string
	// Discounts by subscription length; nil means IllustrativeDiscounts. An empty, non-nil
	// slice means no discounts.
	Discounts []model.DurationDiscount
	// OfflineFamilies lists families whose types are marked retired (Offline).
	OfflineFamilies []string
}

var defaultCatalog = sync.OnceValue(func() *model.Catalog {
	c, err := Load([]byte(typesJSON), []byte(changesJSON), Options{})
	if err != nil {
		// The embedded data is checked by the package's tests; this cannot happen in a
		// released build.
		panic("catalog: embedded data is invalid: " + err.Error())
	}
	return c
})

// Default returns the embedded default catalog (built once, shared, read-only). It is the same
// *model.Catalog on every call.
func Default() *model.Catalog { return defaultCatalog() }

// DefaultData returns a fresh copy of the data behind Default (callers may modify it): no
// slice or map in it is shared with Default or with another call's result.
func DefaultData() model.CatalogData {
	d, err := LoadData([]byte(typesJSON), []byte(changesJSON), Options{})
	if err != nil {
		panic("catalog: embedded data is invalid: " + err.Error())
	}
	return d
}

// Load builds a catalog from instance-type and family-change JSON in the shared data's format.
// See LoadData.
func Load(typesJSON, changesJSON []byte, opts Options) (*model.Catalog, error) {
	d, err := build(typesJSON, changesJSON, opts)
	if err != nil {
		return nil, err
	}
	return model.NewCatalog(d)
}

// LoadData is Load without the indexing: it returns the validated catalog data, fresh, for the
// caller to adjust and pass to model.NewCatalog.
//
// typesJSON is a JSON array of instance types named as DescribeInstanceTypes names them (the
// format of data/ecs-instance-types.json); fields model.InstanceType lacks are ignored, except
// LocalStorageCapacity and LocalStorageCategory, which feed the illustrative price. changesJSON
// is a JSON array of model.FamilyChange; empty input means no rules. Values a row already
// carries (MonthlyPrice for a region, a Stock map, true capability flags, Offline) are kept;
// the illustrative rules of the package documentation fill in the rest.
//
// It reports an error for malformed JSON, an empty type list, a type without ID or family, a
// type without vCPUs or memory, negative local storage, and anything model.NewCatalog rejects.
func LoadData(typesJSON, changesJSON []byte, opts Options) (model.CatalogData, error) {
	d, err := build(typesJSON, changesJSON, opts)
	if err != nil {
		return model.CatalogData{}, err
	}
	if _, err := model.NewCatalog(d); err != nil {
		return model.CatalogData{}, err
	}
	return d, nil
}

// Bounds far above any real instance type; beyond them a row is rejected rather than priced.
const (
	maxCPU          = 100_000
	maxMemoryGiB    = 100_000_000
	maxLocalDisks   = 10_000
	maxLocalDiskGiB = 1_000_000
)

// row is one instance type as the data writes it: the model's fields plus the local-storage
// details the illustrative price uses.
type row struct {
	model.InstanceType
	LocalStorageCapacity float64 `json:"LocalStorageCapacity"`
	LocalStorageCategory string  `json:"LocalStorageCategory"`
}

func build(typesJSON, changesJSON []byte, opts Options) (model.CatalogData, error) {
	rows, changes, err := parseRows(typesJSON, changesJSON)
	if err != nil {
		return model.CatalogData{}, err
	}
	d := newData(opts, changes, len(rows))
	for i := range rows {
		r := &rows[i]
		if err := r.check(i); err != nil {
			return model.CatalogData{}, err
		}
		d.Types = append(d.Types, r.complete(&d, opts))
	}
	return d, nil
}

// parseRows reads the instance types (at least one) and the family changes (none when
// changesJSON is blank).
func parseRows(typesJSON, changesJSON []byte) ([]row, []model.FamilyChange, error) {
	var rows []row
	if err := json.Unmarshal(typesJSON, &rows); err != nil {
		return nil, nil, fmt.Errorf("catalog: instance types: %w", err)
	}
	if len(rows) == 0 {
		return nil, nil, errors.New("catalog: instance types: the list is empty")
	}
	var changes []model.FamilyChange
	if len(bytes.TrimSpace(changesJSON)) > 0 {
		if err := json.Unmarshal(changesJSON, &changes); err != nil {
			return nil, nil, fmt.Errorf("catalog: family changes: %w", err)
		}
	}
	return rows, changes, nil
}

// newData returns the catalog data without types, with opts' regions, currency and
// discounts or their defaults.
func newData(opts Options, changes []model.FamilyChange, nTypes int) model.CatalogData {
	d := model.CatalogData{
		Regions:             slices.Clone(opts.Regions),
		Currency:            opts.Currency,
		Types:               make([]model.InstanceType, 0, nTypes),
		FamilyChanges:       changes,
		TicketFamilyChanges: ticketFamilyChanges(changes),
		Discounts:           slices.Clone(opts.Discounts),
	}
	if opts.Regions == nil {
		d.Regions = DefaultRegions()
	}
	if d.Currency == "" {
		d.Currency = Currency
	}
	if opts.Discounts == nil {
		d.Discounts = IllustrativeDiscounts()
	}
	return d
}

// rowLimits are what a row must not be, in the order they are checked, each with what is
// said of a row that is: after "catalog: type ID".
var rowLimits = []struct {
	broken func(r *row) bool
	why    string
}{
	{func(r *row) bool { return r.Family == "" }, " has no InstanceTypeFamily"},
	{func(r *row) bool { return r.CPU <= 0 }, ": CpuCoreCount must be positive"},
	{func(r *row) bool { return !(r.MemoryGiB > 0) }, ": MemorySize must be positive"},
	{func(r *row) bool { return r.CPU > maxCPU }, fmt.Sprintf(": CpuCoreCount is above %d", maxCPU)},
	{func(r *row) bool { return r.MemoryGiB > maxMemoryGiB }, fmt.Sprintf(": MemorySize is above %g GiB", float64(maxMemoryGiB))},
	{(*row).negativeStorage, ": local storage must not be negative"},
	{(*row).outsizedStorage, fmt.Sprintf(": local storage is above %d disks of %g GiB", maxLocalDisks, float64(maxLocalDiskGiB))},
}

// negativeStorage reports whether the row gives a negative count or size of local disks.
func (r *row) negativeStorage() bool { return r.LocalStorageAmount < 0 || r.LocalStorageCapacity < 0 }

// outsizedStorage reports whether the row's local disks are beyond maxLocalDisks or
// maxLocalDiskGiB.
func (r *row) outsizedStorage() bool {
	return r.LocalStorageAmount > maxLocalDisks || r.LocalStorageCapacity > maxLocalDiskGiB
}

// check refuses row i without ID or family, without vCPUs or memory, or with negative or
// outsized local storage (rowLimits).
func (r *row) check(i int) error {
	if r.InstanceTypeID == "" {
		return fmt.Errorf("catalog: type %d has no InstanceTypeId", i)
	}
	for _, l := range rowLimits {
		if l.broken(r) {
			return fmt.Errorf("catalog: type %s%s", r.InstanceTypeID, l.why)
		}
	}
	return nil
}

// complete returns the row's type with what the row leaves out filled in by the illustrative
// rules: a price in each of d's regions (marking d's prices illustrative), the stock, the
// capability flags, Offline.
func (r *row) complete(d *model.CatalogData, opts Options) model.InstanceType {
	t := r.InstanceType
	if r.fillPrices(&t, d.Regions) {
		d.PricesIllustrative = true
	}
	if t.Stock == nil {
		t.Stock = illustrativeStock(t.Family)
	}
	t.NestedVirtualizationSupported = t.NestedVirtualizationSupported || nestedVirtualization(t.Family)
	t.OnlineModificationSupported = t.OnlineModificationSupported || onlineModification(t.Family)
	t.Offline = t.Offline || slices.Contains(opts.OfflineFamilies, t.Family)
	return t
}

// fillPrices gives t the illustrative price of the row in each of regions it has no price
// in, and reports whether it gave any.
func (r *row) fillPrices(t *model.InstanceType, regions []string) (filled bool) {
	if t.MonthlyPrice == nil {
		t.MonthlyPrice = make(map[string]decimal.Decimal, len(regions))
	}
	spec := r.priceSpec()
	for _, region := range regions {
		if _, ok := t.MonthlyPrice[region]; !ok {
			t.MonthlyPrice[region] = spec.price(region)
			filled = true
		}
	}
	return filled
}

// priceSpec is what the illustrative price of the row depends on.
func (r *row) priceSpec() priceSpec {
	return priceSpec{
		CPU:       r.CPU,
		MemoryGiB: r.MemoryGiB,
		Family:    r.Family,
		Level:     r.FamilyLevel,
		LocalGiB:  float64(r.LocalStorageAmount) * r.LocalStorageCapacity,
		LocalHDD:  localHDD(r.Family, r.LocalStorageCategory),
	}
}
