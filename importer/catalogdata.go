package importer

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/model"
)

// The catalog: DescribeInstanceTypes, the stock and DescribePrice applied over the base.

// baseCatalog is Input.Base, or the embedded catalog.
func (im *importer) baseCatalog() *model.Catalog {
	if im.in.Base != nil {
		return im.in.Base
	}
	return catalog.Default()
}

// catalog builds the scenario's catalog from Base and the types, stock and prices, or nil when
// none of them is given.
func (im *importer) catalog() (*model.CatalogData, error) {
	if !im.in.catalogGiven() {
		return nil, nil
	}
	d := *im.baseCatalog().Data()
	d.Types = slices.Clone(d.Types)
	d.Regions = slices.Clone(d.Regions)
	index := typeIndex(d.Types)
	for _, apply := range []func(*model.CatalogData, map[string]int) error{im.applyTypes, im.applyStock, im.applyPrices} {
		if err := apply(&d, index); err != nil {
			return nil, err
		}
	}
	return &d, nil
}

// typeIndex maps each type's ID to its place in types.
func typeIndex(types []model.InstanceType) map[string]int {
	index := make(map[string]int, len(types))
	for i := range types {
		index[types[i].InstanceTypeID] = i
	}
	return index
}

// applyTypes applies DescribeInstanceTypes' types over d: each type's published limits, a
// type the catalog lacks added.
func (im *importer) applyTypes(d *model.CatalogData, index map[string]int) error {
	c := counter{input: "types", noun: "instance types"}
	return eachEntry("types", im.in.Types, (*describeInstanceTypes).list, func(t *instanceTypeShape) error {
		if err := c.count(); err != nil {
			return err
		}
		return im.applyType(d, index, t)
	})
}

// applyType applies the type t over d.
func (im *importer) applyType(d *model.CatalogData, index map[string]int, t *instanceTypeShape) error {
	if t.InstanceTypeID == "" || t.InstanceTypeFamily == "" {
		return inputErr("types", "an instance type without InstanceTypeId or InstanceTypeFamily")
	}
	mem, err := t.memoryGiB()
	if err != nil {
		return err
	}
	mt := im.typeOf(d, index, t.InstanceTypeID)
	mt.Family, mt.FamilyLevel, mt.CPUArch = t.InstanceTypeFamily, t.InstanceFamilyLevel, t.CPUArchitecture
	mt.CPU, mt.MemoryGiB = t.CPUCoreCount, mem
	mt.EniQuantity, mt.EniPrivateIPv4PerEni, mt.EniIPv6PerEni = t.EniQuantity, t.EniPrivateIPAddressQuantity, t.EniIPv6AddressQuantity
	mt.IPv6Supported = t.EniIPv6AddressQuantity > 0
	mt.PrimaryEniQueueNumber, mt.SecondaryEniQueueNumber = t.PrimaryEniQueueNumber, t.SecondaryEniQueueNumber
	mt.MaximumQueueNumberPerEni, mt.TotalEniQueueQuantity = t.MaximumQueueNumberPerEni, t.TotalEniQueueQuantity
	mt.DiskQuantity, mt.LocalStorageAmount, mt.NvmeSupport = t.DiskQuantity, t.LocalStorageAmount, t.NvmeSupport
	return nil
}

// memoryGiB reads the type's MemorySize (0 when not given).
func (t *instanceTypeShape) memoryGiB() (float64, error) {
	if t.MemorySize == "" {
		return 0, nil
	}
	mem, err := strconv.ParseFloat(string(t.MemorySize), 64)
	if err != nil || mem < 0 || mem > 1e6 {
		return 0, inputErr("types", "%s.MemorySize: %q is not a size in GiB", t.InstanceTypeID, t.MemorySize)
	}
	return mem, nil
}

// typeOf returns d's type id, added (with an issue) when d lacks it.
func (im *importer) typeOf(d *model.CatalogData, index map[string]int, id string) *model.InstanceType {
	k, ok := index[id]
	if !ok {
		d.Types = append(d.Types, model.InstanceType{InstanceTypeID: id})
		k = len(d.Types) - 1
		index[id] = k
		im.issue("types", "%s is not in the catalog: added, with no list price unless --prices gives one, offered with stock everywhere unless the stock says otherwise", id)
	}
	return &d.Types[k]
}

// stockOf reads a StatusCategory, or derives it from the older Status (Available, SoldOut).
func stockOf(status, category string) (model.StockStatus, bool) {
	if category != "" {
		s := model.StockStatus(category)
		return s, slices.Contains(model.StockStatuses(), s)
	}
	switch status {
	case "Available":
		return model.WithStock, true
	case "SoldOut":
		return model.WithoutStock, true
	}
	return "", false
}

// stockReader collects the stock of the types the stock lists, by type and zone.
type stockReader struct {
	im    *importer
	index map[string]int
	fresh map[int]map[string]model.StockStatus
	counter
}

// applyStock applies the stock over d: a type the stock lists is offered only in the zones it
// lists it in (with their StatusCategory); the others keep the catalog's stock.
func (im *importer) applyStock(d *model.CatalogData, index map[string]int) error {
	r := stockReader{im: im, index: index, fresh: map[int]map[string]model.StockStatus{}, counter: counter{input: "stock", noun: "resources"}}
	if err := eachEntry("stock", im.in.Stock, (*availableZones).list, r.zone); err != nil {
		return err
	}
	for k, m := range r.fresh {
		d.Types[k].Stock = m
	}
	if len(r.fresh) > 0 {
		im.issue("stock", "a type the stock lists is offered only in the zones it lists it in; the %d types it does not list keep the catalog's stock", len(d.Types)-len(r.fresh))
	}
	return nil
}

// zone reads a zone's instance types.
func (r *stockReader) zone(z *zoneShape) error {
	if z.ZoneID == "" || z.AvailableResources == nil {
		return nil
	}
	return eachOf(z.AvailableResources.AvailableResource, func(res *resourceShape) error { return r.resource(z.ZoneID, res) })
}

// resource reads the instance types of a zone's resource list (one of Type InstanceType,
// or of no Type).
func (r *stockReader) resource(zone string, res *resourceShape) error {
	if res.Type != "" && res.Type != "InstanceType" || res.SupportedResources == nil {
		return nil
	}
	return eachOf(res.SupportedResources.SupportedResource, func(sr *supportedShape) error { return r.supported(zone, sr) })
}

// supported records the stock of the instance type sr in zone.
func (r *stockReader) supported(zone string, sr *supportedShape) error {
	if err := r.count(); err != nil {
		return err
	}
	k, ok := r.index[sr.Value]
	if !ok {
		r.im.issue("stock", "%s is not in the catalog: its stock is not used", sr.Value)
		return nil
	}
	st, ok := stockOf(sr.Status, sr.StatusCategory)
	if !ok {
		return inputErr("stock", "%s in %s: StatusCategory %q is not one of WithStock, ClosedWithStock, WithoutStock, ClosedWithoutStock", sr.Value, zone, sr.StatusCategory)
	}
	if r.fresh[k] == nil {
		r.fresh[k] = map[string]model.StockStatus{}
	}
	r.fresh[k][zone] = st
	return nil
}

// applyPrices sets the monthly prices the DescribePrice calls give: a price per month or year
// is the list price, marked real; one per week or hour is converted (setConverted); a region
// priced joins the catalog's regions.
func (im *importer) applyPrices(d *model.CatalogData, index map[string]int) error {
	if im.in.Prices == nil {
		return nil
	}
	ps, err := pricedCalls(im.in.Prices)
	if err != nil {
		return err
	}
	pr := priceSetter{im: im, d: d, index: index, touched: map[int]bool{}}
	for i := range ps {
		if err := pr.read(&ps[i], fmt.Sprintf("[%d]", i)); err != nil {
			return err
		}
	}
	for _, p := range pr.converted {
		im.setConverted(d, &d.Types[index[p.typ]], p)
	}
	return nil
}

// pricedCalls reads --prices: the DescribePrice calls, at most MaxItems.
func pricedCalls(b []byte) ([]pricedCall, error) {
	ps, err := pages[pricedCall]("prices", b)
	if err == nil && len(ps) > MaxItems {
		return nil, inputErr("prices", "more than %d prices", MaxItems)
	}
	return ps, err
}

// priceSetter sets the prices of DescribePrice calls in d's types: those per month or year
// at once, those per week or hour (converted) kept for after.
type priceSetter struct {
	im        *importer
	d         *model.CatalogData
	index     map[string]int
	touched   map[int]bool
	converted []price
}

// read reads the call c (at where in the list) and sets its price, or keeps it for after.
func (s *priceSetter) read(c *pricedCall, where string) error {
	p, err := s.im.readPrice(c, where, s.d.Currency)
	if err != nil {
		return err
	}
	k, ok := s.index[p.typ]
	if !ok {
		s.im.issue("prices", "%s is not in the catalog: its price is not used", p.typ)
		return nil
	}
	if !s.touched[k] {
		s.touched[k] = true
		ownPrices(&s.d.Types[k])
	}
	if !p.period.listed() {
		s.converted = append(s.converted, p)
		return nil
	}
	setRealPrice(s.d, &s.d.Types[k], p.region, p.monthly)
	return nil
}

// price is one DescribePrice call read: the type and region it priced, over what period, and
// the type's monthly price there.
type price struct {
	typ, region string
	period      pricedPeriod
	monthly     decimal.Decimal
}

// readPrice reads the DescribePrice call c (at where in the list): the type and region it
// priced and the type's monthly price there (its instanceType line, else the whole
// OriginalPrice, per month of the period priced), in the catalog's currency.
func (im *importer) readPrice(c *pricedCall, where, currency string) (price, error) {
	p := price{typ: c.Request[model.ParamInstanceType], region: c.Request[model.ParamRegionID]}
	body, err := c.price(where)
	if err != nil {
		return p, err
	}
	if err := p.inCurrency(where, body.Currency, currency); err != nil {
		return p, err
	}
	if p.period, err = pricedPeriodOf(c.Request); err != nil {
		return p, inputErr("prices", "%s: %v", where, err)
	}
	raw, detail := body.typeLine()
	if !detail {
		im.issue("prices", "%s in %s: no instanceType line in DetailInfos: the whole OriginalPrice (disks and bandwidth included) is taken as the type's", p.typ, p.region)
	}
	total, err := amount("prices", where+".OriginalPrice", raw)
	p.monthly = p.period.monthly(total)
	return p, err
}

// inCurrency checks that the price, in priced (empty: not said), is in the catalog's
// currency.
func (p *price) inCurrency(where, priced, currency string) error {
	if priced != "" && priced != currency {
		return inputErr("prices", "%s: %s in %s is priced in %s, the catalog in %s", where, p.typ, p.region, priced, currency)
	}
	return nil
}

// price returns the call's price, when the call names what it priced and its response is
// DescribePrice's.
func (c *pricedCall) price(where string) (*priceShape, error) {
	if c.Request[model.ParamInstanceType] == "" || c.Request[model.ParamRegionID] == "" {
		return nil, inputErr("prices", "%s: the Request must give the InstanceType and RegionId the call priced", where)
	}
	if p := c.body(); p != nil {
		return p, nil
	}
	return nil, inputErr("prices", "%s: no Response.PriceInfo.Price: is this DescribePrice output?", where)
}

// body returns the response's PriceInfo.Price, or nil.
func (c *pricedCall) body() *priceShape {
	if c.Response == nil || c.Response.PriceInfo == nil {
		return nil
	}
	return c.Response.PriceInfo.Price
}

// typeLine returns the instance type's OriginalPrice (its instanceType line of DetailInfos,
// the last when there are several), or the whole OriginalPrice and false when there is none.
func (p *priceShape) typeLine() (raw string, detail bool) {
	raw = string(p.OriginalPrice)
	if p.DetailInfos == nil {
		return raw, false
	}
	for _, di := range p.DetailInfos.DetailInfo {
		if di.Resource == "instanceType" && di.OriginalPrice != "" {
			raw, detail = string(di.OriginalPrice), true
		}
	}
	return raw, detail
}

// setConverted sets t's price p, per week or per hour, converted to a month
// (pricedPeriod.monthly). It is not the monthly list price the catalog holds, so it stays
// illustrative, and it is set only where t has no real price in the region: the prices per
// month or year (real) are set first, whatever the order of the calls, and Base's real
// prices are kept.
func (im *importer) setConverted(d *model.CatalogData, t *model.InstanceType, p price) {
	what := fmt.Sprintf("%s in %s: priced per %s (PriceUnit %s, Period %d)", p.typ, p.region, p.period.noun(), p.period.unit, p.period.n)
	if slices.Contains(t.RealPriceRegions, p.region) {
		im.issue("prices", "%s: not used: the type has a real monthly price there", what)
		return
	}
	t.MonthlyPrice[p.region] = p.monthly
	addRegion(d, p.region)
	im.issue("prices", "%s: taken as %s a month at 30 days of 24 hours; not a monthly list price, so still illustrative (README: DescribePrice per hour or per week)",
		what, p.monthly.String())
}

// ownPrices gives t copies of its price map and real-price regions, so that setting a price
// does not write to the catalog it was copied from.
func ownPrices(t *model.InstanceType) {
	t.MonthlyPrice = maps.Clone(t.MonthlyPrice)
	if t.MonthlyPrice == nil {
		t.MonthlyPrice = map[string]decimal.Decimal{}
	}
	t.RealPriceRegions = slices.Clone(t.RealPriceRegions)
}

// setRealPrice sets t's monthly price in region, marks it real and adds region to d's.
func setRealPrice(d *model.CatalogData, t *model.InstanceType, region string, monthly decimal.Decimal) {
	t.MonthlyPrice[region] = monthly
	if !slices.Contains(t.RealPriceRegions, region) {
		t.RealPriceRegions = append(t.RealPriceRegions, region)
		slices.Sort(t.RealPriceRegions)
	}
	addRegion(d, region)
}

// addRegion adds region to d's regions.
func addRegion(d *model.CatalogData, region string) {
	if !slices.Contains(d.Regions, region) {
		d.Regions = append(d.Regions, region)
	}
}

// defaultPriceUnit is the PriceUnit of a DescribePrice call that names none (the API
// reference: "Hour (default)").
const defaultPriceUnit = "Hour"

// pricedPeriod is what a DescribePrice call priced: n units (its Period) of unit (its
// PriceUnit: Month, Year, Week or Hour).
type pricedPeriod struct {
	unit string
	n    int
}

// hoursPerMonth converts a price per week or hour to a month: the documents' billing example
// converts a monthly list price at 30 days a month and prorates by the hour.
const hoursPerMonth = 30 * 24

// unitHours are the hours of a price unit that is not a month or a year.
var unitHours = map[string]int64{"Week": 7 * 24, "Hour": 1}

// pricedPeriodOf returns the period a DescribePrice call priced: Period (default 1, at most
// 60) of PriceUnit Month, Year, Week or Hour. A call that names no PriceUnit priced an hour:
// DescribePrice's documented default is Hour ("Hour（默认）", the API reference's PriceUnit
// row), the pay-as-you-go price.
func pricedPeriodOf(req map[string]string) (pricedPeriod, error) {
	p := pricedPeriod{unit: cmp.Or(req["PriceUnit"], defaultPriceUnit)}
	n, err := periodOf(req["Period"])
	if err != nil {
		return p, err
	}
	p.n = n
	if _, ok := unitHours[p.unit]; !ok && !p.listed() {
		return p, fmt.Errorf("the PriceUnit %q is not one of Month, Year, Week or Hour", p.unit)
	}
	return p, nil
}

// periodOf reads a DescribePrice call's Period: a number of units from 1 to 60, 1 when not
// given.
func periodOf(s string) (int, error) {
	if s == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 60 {
		return 0, fmt.Errorf("the Period %q is not a number of units from 1 to 60", s)
	}
	return n, nil
}

// listed reports whether the period is whole months (Month, Year): its price per month is the
// monthly list price itself.
func (p pricedPeriod) listed() bool { return p.unit == "Month" || p.unit == "Year" }

// noun returns the unit for people: "month", "year", "week", "hour".
func (p pricedPeriod) noun() string { return strings.ToLower(p.unit) }

// monthly returns the price per month of total, the price of the period: total over the
// months of a Month or Year period (exact for one month, else to 6 places); a Week or Hour
// price over its hours, times hoursPerMonth (to 6 places).
func (p pricedPeriod) monthly(total decimal.Decimal) decimal.Decimal {
	months := int64(p.n)
	if p.unit == "Year" {
		months *= 12
	}
	switch {
	case !p.listed():
		return total.Mul(decimal.NewFromInt(hoursPerMonth)).DivRound(decimal.NewFromInt(unitHours[p.unit]*int64(p.n)), 6)
	case months > 1:
		return total.DivRound(decimal.NewFromInt(months), 6)
	}
	return total
}
