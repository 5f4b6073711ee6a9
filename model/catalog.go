package model

import (
	"fmt"
	"slices"

	"github.com/shopspring/decimal"
)

// StockStatus is a type's stock in a zone (DescribeResourcesModification's StatusCategory).
type StockStatus string

// Stock statuses: DescribeResourcesModification's four StatusCategory values.
const (
	// WithStock: the type is available in the zone.
	WithStock StockStatus = "WithStock"
	// ClosedWithStock: stock is close to the low-water mark; the type is still available
	// (the documents advise preferring a WithStock type). A change to it is accepted with a
	// warning.
	ClosedWithStock StockStatus = "ClosedWithStock"
	// WithoutStock: sold out for now (to be replenished). A change to it is refused.
	WithoutStock StockStatus = "WithoutStock"
	// ClosedWithoutStock: sold out and not replenished. A change to it is refused.
	ClosedWithoutStock StockStatus = "ClosedWithoutStock"
)

// NotOffered is what StockIn returns for a zone in which the type is not offered at all. It
// is not a StatusCategory (a resource combination that does not exist has no stock status)
// and is never written in a Stock map.
const NotOffered StockStatus = ""

// StockStatuses returns the four StatusCategory values, in the documents' order. The slice
// is a fresh copy.
func StockStatuses() []StockStatus {
	return []StockStatus{WithStock, ClosedWithStock, WithoutStock, ClosedWithoutStock}
}

// Available reports whether a change to a type of stock s can be accepted: WithStock and
// ClosedWithStock are available, WithoutStock and ClosedWithoutStock are not (NotOffered is
// not either).
func (s StockStatus) Available() bool { return s == WithStock || s == ClosedWithStock }

// InstanceType is one catalog entry. The JSON names are DescribeInstanceTypes' where one
// exists. A limit of 0 means "not published": respec does not check it.
type InstanceType struct {
	// InstanceTypeID is the type's ID (ecs.g6.xlarge).
	InstanceTypeID string `json:"InstanceTypeId"`
	// Family is the type's family, with the "ecs." prefix (ecs.g6).
	Family string `json:"InstanceTypeFamily"`
	// FamilyLevel is one of the Level names ("" = not published).
	FamilyLevel string `json:"InstanceFamilyLevel,omitempty"`
	// Generation is the family's generation (ecs-3).
	Generation string `json:"Generation,omitempty"`
	// CPUArch is the CPU architecture (X86, ARM).
	CPUArch string `json:"CpuArchitecture,omitempty"`
	// CPU counts the vCPUs.
	CPU int `json:"CpuCoreCount"`
	// MemoryGiB is the memory size.
	MemoryGiB float64 `json:"MemorySize"`
	// ENI limits.
	// EniQuantity is the most ENIs the type takes.
	EniQuantity int `json:"EniQuantity,omitempty"`
	// EniPrivateIPv4PerEni is the most private IPv4 addresses of one ENI.
	EniPrivateIPv4PerEni int `json:"EniPrivateIpAddressQuantity,omitempty"`
	// EniIPv6PerEni is the most IPv6 addresses of one ENI.
	EniIPv6PerEni int `json:"EniIpv6AddressQuantity,omitempty"`
	// PrimaryEniQueueNumber is the primary ENI's default queue number.
	PrimaryEniQueueNumber int `json:"PrimaryEniQueueNumber,omitempty"`
	// SecondaryEniQueueNumber is a secondary ENI's default queue number.
	SecondaryEniQueueNumber int `json:"SecondaryEniQueueNumber,omitempty"`
	// MaximumQueueNumberPerEni is the most queues of one ENI.
	MaximumQueueNumberPerEni int `json:"MaximumQueueNumberPerEni,omitempty"`
	// TotalEniQueueQuantity is the most queues of all the type's ENIs together.
	TotalEniQueueQuantity int `json:"TotalEniQueueQuantity,omitempty"`
	// IPv6Supported: the type takes IPv6 addresses.
	IPv6Supported bool `json:"Ipv6Supported,omitempty"`
	// DiskQuantity is the most data disks the type takes; 0 means the policy's default.
	DiskQuantity int `json:"DiskQuantity,omitempty"`
	// LocalStorageAmount counts the local disks the type comes with.
	LocalStorageAmount int `json:"LocalStorageAmount,omitempty"`
	// NvmeSupport is "required", "supported" or "unsupported" ("" = not published, treated
	// as unsupported).
	NvmeSupport string `json:"NvmeSupport,omitempty"`
	// IoOptimized: the type is I/O optimized.
	IoOptimized bool `json:"IoOptimized,omitempty"`
	// SupportedDiskCategories lists the cloud disk categories the type takes; empty means not
	// published (every category accepted).
	SupportedDiskCategories []string `json:"SupportedDiskCategories,omitempty"`
	// OSTypes lists the OS types the type runs; empty means every OS type.
	OSTypes []string `json:"OSTypes,omitempty"`
	// Offline: the type is no longer on sale (retired).
	Offline bool `json:"Offline,omitempty"`
	// RequiresAuthorization: only accounts authorized for the type may use it.
	RequiresAuthorization bool `json:"RequiresAuthorization,omitempty"`
	// NestedVirtualizationSupported: the type supports CpuOptions.NestedVirtualization.
	NestedVirtualizationSupported bool `json:"NestedVirtualizationSupported,omitempty"`
	// OnlineModificationSupported: the type's CPU topology allows an online change.
	OnlineModificationSupported bool `json:"OnlineModificationSupported,omitempty"`
	// MonthlyPrice is the subscription list price per month, by region.
	MonthlyPrice map[string]decimal.Decimal `json:"MonthlyPrice,omitempty"`
	// RealPriceRegions lists the regions whose MonthlyPrice is a real list price (from a
	// price overlay or DescribePrice) in a catalog whose PricesIllustrative is set; every
	// other price of such a catalog is illustrative. See Catalog.PriceIllustrative.
	RealPriceRegions []string `json:"RealPriceRegions,omitempty"`
	// Stock by zone: the zones the type is offered in, each with its StatusCategory. A nil
	// map (JSON null or absent) means "offered, with stock, in every zone"; otherwise a zone
	// that is not listed does not offer the type at all (the resource combination does not
	// exist, InvalidResourceType.NotSupported), so {} means "offered nowhere". The JSON form
	// keeps the difference (no omitempty).
	Stock map[string]StockStatus `json:"Stock"`
}

// Family levels (DescribeInstanceTypes' InstanceFamilyLevel).
const (
	// LevelEnterprise is an enterprise-level family (dedicated resources).
	LevelEnterprise = "EnterpriseLevel"
	// LevelEntry is an entry-level (shared) family.
	LevelEntry = "EntryLevel"
	// LevelCreditEntry is a burstable family that earns CPU credits.
	LevelCreditEntry = "CreditEntryLevel"
)

// NVMe reports whether the type presents NVMe disks ("required" or "supported").
func (t *InstanceType) NVMe() bool {
	return t.NvmeSupport == "required" || t.NvmeSupport == "supported"
}

// StockIn returns the type's stock status in zone, or NotOffered when the type is not
// offered in zone at all.
func (t *InstanceType) StockIn(zone string) StockStatus {
	if t.Stock == nil {
		return WithStock
	}
	if s, ok := t.Stock[zone]; ok {
		return s
	}
	return NotOffered
}

// OfferedIn reports whether the type is offered in zone (whatever its stock there).
func (t *InstanceType) OfferedIn(zone string) bool { return t.StockIn(zone) != NotOffered }

// TakesDisk reports whether the type accepts a cloud disk of category.
func (t *InstanceType) TakesDisk(category string) bool {
	return len(t.SupportedDiskCategories) == 0 || slices.Contains(t.SupportedDiskCategories, category)
}

// RunsOS reports whether the type runs osType.
func (t *InstanceType) RunsOS(osType string) bool {
	return len(t.OSTypes) == 0 || slices.Contains(t.OSTypes, osType)
}

// FamilyChange is one rule of which families may change to which (the 2021 doc page).
type FamilyChange struct {
	// FromFamilies are the families the rule applies to.
	FromFamilies []string `json:"FromFamilies"`
	// Changeable false: types of these families cannot change at all.
	Changeable bool `json:"Changeable"`
	// ToFamilies are the families they may change to.
	ToFamilies []string `json:"ToFamilies,omitempty"`
	// ToInstanceTypes are further single types they may change to.
	ToInstanceTypes []string `json:"ToInstanceTypes,omitempty"`
	// Group names the doc page's group of families the rule belongs to.
	Group string `json:"Group,omitempty"`
	// Note is the doc page's words the rule transcribes.
	Note string `json:"Note,omitempty"`
}

// TicketChange lists family changes that are possible only through a support ticket and
// cannot be reversed afterwards (the 2021 doc page's notes: g6 to g6e or g7, hfc6 to hfc7, …).
// A type of a family in FromFamilies may change to a family in ToFamilies only when the
// account has the ticket (Account.TicketedFamilyChanges), even where a FamilyChange lists the
// target family.
type TicketChange struct {
	// FromFamilies are the families changed from.
	FromFamilies []string `json:"FromFamilies"`
	// ToFamilies are the families changed to by ticket only.
	ToFamilies []string `json:"ToFamilies"`
	// Note is the documents' words the entry transcribes.
	Note string `json:"Note,omitempty"`
}

// DurationDiscount is a subscription discount: Factor applies to durations of at least
// MinMonths months (1 = no discount). The best discount for a duration is the lowest Factor
// among the entries whose MinMonths it reaches.
type DurationDiscount struct {
	// MinMonths is the shortest duration the discount applies to.
	MinMonths int `json:"MinMonths"`
	// Factor multiplies the list price, in (0, 1].
	Factor decimal.Decimal `json:"Factor"`
}

// CatalogData is a catalog as it is written: the JSON form.
type CatalogData struct {
	// Regions are the regions the catalog covers.
	Regions []string `json:"Regions"`
	// Currency is the currency of every price (CNY, USD).
	Currency string `json:"Currency"`
	// PricesIllustrative marks the list prices as not real Alibaba Cloud prices, except
	// those a type lists in its RealPriceRegions.
	PricesIllustrative bool `json:"PricesIllustrative,omitempty"`
	// Types are the instance types.
	Types []InstanceType `json:"InstanceTypes"`
	// FamilyChanges are the rules of which families may change to which.
	FamilyChanges []FamilyChange `json:"FamilyChanges,omitempty"`
	// TicketFamilyChanges are the changes that need a support ticket.
	TicketFamilyChanges []TicketChange `json:"TicketFamilyChanges,omitempty"`
	// Discounts are the subscription discounts by duration.
	Discounts []DurationDiscount `json:"Discounts,omitempty"`
}

// Catalog is a validated, indexed, read-only CatalogData. Build it with NewCatalog and share
// it between any number of Facts.
type Catalog struct {
	data    CatalogData
	byID    map[string]int
	regions map[string]bool
	// rules maps a source family to its change rule; a family absent from rules may change
	// only within itself.
	rules map[string]*familyRule
	// tickets maps a source family to the target families it reaches only by a ticket.
	tickets map[string]map[string]bool
	// res is the same catalog resolved to indices (resolved.go).
	res resolved
}

type familyRule struct {
	changeable bool
	toFamilies map[string]bool
	toTypes    map[string]bool
}

// NewCatalog validates d and indexes it. It reports the first problem found: a duplicate or
// empty type ID, a type without family, a negative limit, a price that is not a sane decimal
// (see CheckDecimal), a stock status that is not one of the four StatusCategory values, a
// discount outside (0, 1]. d is not retained by reference for slices
// the caller may change later: the catalog keeps its own copy of the type list. The list
// prices, discounts and family-change rules are resolved to integers and indices here, once
// (resolved.go): the decisions read those, so a MonthlyPrice map changed after NewCatalog does
// not change the catalog's prices.
func NewCatalog(d CatalogData) (*Catalog, error) {
	c := &Catalog{
		byID:    make(map[string]int, len(d.Types)),
		regions: make(map[string]bool, len(d.Regions)),
		rules:   make(map[string]*familyRule),
	}
	c.data = d
	c.data.Types = slices.Clone(d.Types)
	c.data.Regions = slices.Clone(d.Regions)
	c.data.FamilyChanges = slices.Clone(d.FamilyChanges)
	c.data.Discounts = slices.Clone(d.Discounts)
	c.data.TicketFamilyChanges = slices.Clone(d.TicketFamilyChanges)
	for _, r := range d.Regions {
		c.regions[r] = true
	}
	for i := range c.data.Types {
		if err := c.addType(i); err != nil {
			return nil, err
		}
	}
	if err := checkDiscounts(d.Discounts); err != nil {
		return nil, err
	}
	for _, fc := range d.FamilyChanges {
		c.addFamilyChange(fc)
	}
	for _, tc := range d.TicketFamilyChanges {
		c.addTicketChange(tc)
	}
	c.resolve()
	return c, nil
}

// addType checks the catalog's i-th type and indexes it.
func (c *Catalog) addType(i int) error {
	t := &c.data.Types[i]
	if t.InstanceTypeID == "" {
		return fmt.Errorf("catalog: type %d has no InstanceTypeId", i)
	}
	if t.Family == "" {
		return fmt.Errorf("catalog: type %s has no InstanceTypeFamily", t.InstanceTypeID)
	}
	if _, dup := c.byID[t.InstanceTypeID]; dup {
		return fmt.Errorf("catalog: type %s is listed twice", t.InstanceTypeID)
	}
	if err := checkTypeValues(t); err != nil {
		return err
	}
	c.byID[t.InstanceTypeID] = i
	return nil
}

// checkTypeValues refuses a type with a negative limit, a price that is not a sane decimal
// or a stock status that is not a StatusCategory.
func checkTypeValues(t *InstanceType) error {
	limits := [...]int{t.CPU, t.EniQuantity, t.EniPrivateIPv4PerEni, t.EniIPv6PerEni, t.DiskQuantity,
		t.PrimaryEniQueueNumber, t.MaximumQueueNumberPerEni, t.TotalEniQueueQuantity, t.LocalStorageAmount}
	if t.MemoryGiB < 0 || slices.ContainsFunc(limits[:], func(v int) bool { return v < 0 }) {
		return fmt.Errorf("catalog: type %s has a negative limit", t.InstanceTypeID)
	}
	for region, p := range t.MonthlyPrice {
		if err := CheckDecimal(p, false); err != nil {
			return fmt.Errorf("catalog: type %s price in %s: %v", t.InstanceTypeID, region, err)
		}
	}
	for zone, st := range t.Stock {
		if !slices.Contains(StockStatuses(), st) {
			return fmt.Errorf("catalog: type %s stock in %s: %q is not a StatusCategory (WithStock, ClosedWithStock, WithoutStock, ClosedWithoutStock)", t.InstanceTypeID, zone, st)
		}
	}
	return nil
}

// checkDiscounts refuses a discount factor outside (0, 1].
func checkDiscounts(ds []DurationDiscount) error {
	for _, dd := range ds {
		if err := CheckDecimal(dd.Factor, false); err != nil || !dd.Factor.IsPositive() || dd.Factor.GreaterThan(decimal.NewFromInt(1)) {
			return fmt.Errorf("catalog: discount factor %s for %d months must be in (0, 1]", dd.Factor, dd.MinMonths)
		}
	}
	return nil
}

// addFamilyChange adds the rule fc to each of its source families. A family named by two
// rules may go wherever either allows; a family declared unchangeable stays unchangeable.
func (c *Catalog) addFamilyChange(fc FamilyChange) {
	for _, f := range fc.FromFamilies {
		r, ok := c.rules[f]
		if !ok {
			r = &familyRule{changeable: true, toFamilies: map[string]bool{}, toTypes: map[string]bool{}}
			c.rules[f] = r
		}
		r.changeable = r.changeable && fc.Changeable
		for _, to := range fc.ToFamilies {
			r.toFamilies[to] = true
		}
		for _, to := range fc.ToInstanceTypes {
			r.toTypes[to] = true
		}
	}
}

// addTicketChange records the target families each source family of tc reaches by a ticket.
func (c *Catalog) addTicketChange(tc TicketChange) {
	for _, from := range tc.FromFamilies {
		if c.tickets == nil {
			c.tickets = map[string]map[string]bool{}
		}
		if c.tickets[from] == nil {
			c.tickets[from] = map[string]bool{}
		}
		for _, to := range tc.ToFamilies {
			c.tickets[from][to] = true
		}
	}
}

// Data returns the catalog's data. The slices are the catalog's own: do not change them.
func (c *Catalog) Data() *CatalogData { return &c.data }

// Len returns the number of types.
func (c *Catalog) Len() int { return len(c.data.Types) }

// At returns the i-th type, in catalog order.
func (c *Catalog) At(i int) *InstanceType { return &c.data.Types[i] }

// Type returns the type named id.
func (c *Catalog) Type(id string) (*InstanceType, bool) {
	i, ok := c.byID[id]
	if !ok {
		return nil, false
	}
	return &c.data.Types[i], true
}

// HasRegion reports whether region is one of the catalog's regions.
func (c *Catalog) HasRegion(region string) bool { return c.regions[region] }

// Currency returns the currency of the list prices.
func (c *Catalog) Currency() string { return c.data.Currency }

// PricesIllustrative reports whether the catalog's prices are illustrative rather than real,
// save those its types list in RealPriceRegions: whether any price may be illustrative. Ask
// PriceIllustrative about one price.
func (c *Catalog) PricesIllustrative() bool { return c.data.PricesIllustrative }

// PriceIllustrative reports whether the monthly list price of type id in region is
// illustrative: the catalog's prices are (PricesIllustrative) and the type does not list
// region among its RealPriceRegions. A type the catalog does not hold has no price, so none
// of it is illustrative.
func (c *Catalog) PriceIllustrative(id, region string) bool {
	if !c.data.PricesIllustrative {
		return false
	}
	t, ok := c.Type(id)
	if !ok {
		return false
	}
	return !slices.Contains(t.RealPriceRegions, region)
}

// FamilyChangeable reports whether types of family may change at all.
func (c *Catalog) FamilyChangeable(family string) bool {
	r, ok := c.rules[family]
	return !ok || r.changeable
}

// Reachable reports whether a type of family from may change to target, a ticket-only change
// included (see TicketOnly). A family no rule names may change only within itself.
func (c *Catalog) Reachable(from string, target *InstanceType) bool {
	r, ok := c.rules[from]
	if !ok {
		return target.Family == from || c.TicketOnly(from, target.Family)
	}
	if !r.changeable {
		return false
	}
	return r.toFamilies[target.Family] || r.toTypes[target.InstanceTypeID] || c.TicketOnly(from, target.Family)
}

// TicketOnly reports whether the change from family from to family to needs a support ticket.
func (c *Catalog) TicketOnly(from, to string) bool { return c.tickets[from][to] }

// Discount returns the best discount factor for a duration of months whole months: the
// lowest factor among the entries it reaches, or 1 when none applies.
func (c *Catalog) Discount(months int) decimal.Decimal {
	best := decimal.NewFromInt(1)
	for _, d := range c.data.Discounts {
		if months >= d.MinMonths && d.Factor.LessThan(best) {
			best = d.Factor
		}
	}
	return best
}
