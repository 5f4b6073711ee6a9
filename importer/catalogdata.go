package importer

import (
	"fmt"
	"maps"
	"slices"
	"strconv"

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
	in := im.in
	if in.Types == nil && in.Stock == nil && in.Prices == nil {
		return nil, nil
	}
	d := *im.baseCatalog().Data()
	d.Types = slices.Clone(d.Types)
	d.Regions = slices.Clone(d.Regions)
	index := map[string]int{}
	for i := range d.Types {
		index[d.Types[i].InstanceTypeID] = i
	}
	if err := im.applyTypes(&d, index); err != nil {
		return nil, err
	}
	if err := im.applyStock(&d, index); err != nil {
		return nil, err
	}
	if err := im.applyPrices(&d, index); err != nil {
		return nil, err
	}
	return &d, nil
}

func (im *importer) applyTypes(d *model.CatalogData, index map[string]int) error {
	if im.in.Types == nil {
		return nil
	}
	ps, err := pages[describeInstanceTypes]("types", im.in.Types)
	if err != nil {
		return err
	}
	n := 0
	for _, p := range ps {
		if p.InstanceTypes == nil {
			return inputErr("types", "no InstanceTypes.InstanceType list: is this DescribeInstanceTypes output?")
		}
		for _, t := range p.InstanceTypes.InstanceType {
			if n++; n > MaxItems {
				return inputErr("types", "more than %d instance types", MaxItems)
			}
			if t.InstanceTypeID == "" || t.InstanceTypeFamily == "" {
				return inputErr("types", "an instance type without InstanceTypeId or InstanceTypeFamily")
			}
			var mem float64
			if t.MemorySize != "" {
				if mem, err = strconv.ParseFloat(string(t.MemorySize), 64); err != nil || mem < 0 || mem > 1e6 {
					return inputErr("types", "%s.MemorySize: %q is not a size in GiB", t.InstanceTypeID, t.MemorySize)
				}
			}
			k, ok := index[t.InstanceTypeID]
			if !ok {
				d.Types = append(d.Types, model.InstanceType{InstanceTypeID: t.InstanceTypeID})
				k = len(d.Types) - 1
				index[t.InstanceTypeID] = k
				im.issue("types", "%s is not in the catalog: added, with no list price unless --prices gives one, offered with stock everywhere unless the stock says otherwise", t.InstanceTypeID)
			}
			mt := &d.Types[k]
			mt.Family, mt.FamilyLevel, mt.CPUArch = t.InstanceTypeFamily, t.InstanceFamilyLevel, t.CPUArchitecture
			mt.CPU, mt.MemoryGiB = t.CPUCoreCount, mem
			mt.EniQuantity, mt.EniPrivateIPv4PerEni, mt.EniIPv6PerEni = t.EniQuantity, t.EniPrivateIPAddressQuantity, t.EniIPv6AddressQuantity
			mt.IPv6Supported = t.EniIPv6AddressQuantity > 0
			mt.PrimaryEniQueueNumber, mt.SecondaryEniQueueNumber = t.PrimaryEniQueueNumber, t.SecondaryEniQueueNumber
			mt.MaximumQueueNumberPerEni, mt.TotalEniQueueQuantity = t.MaximumQueueNumberPerEni, t.TotalEniQueueQuantity
			mt.DiskQuantity, mt.LocalStorageAmount, mt.NvmeSupport = t.DiskQuantity, t.LocalStorageAmount, t.NvmeSupport
		}
	}
	return nil
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

func (im *importer) applyStock(d *model.CatalogData, index map[string]int) error {
	if im.in.Stock == nil {
		return nil
	}
	ps, err := pages[availableZones]("stock", im.in.Stock)
	if err != nil {
		return err
	}
	fresh := map[int]map[string]model.StockStatus{}
	n := 0
	for _, p := range ps {
		if p.AvailableZones == nil {
			return inputErr("stock", "no AvailableZones.AvailableZone list: is this DescribeAvailableResource or DescribeResourcesModification output?")
		}
		for _, z := range p.AvailableZones.AvailableZone {
			if z.ZoneID == "" || z.AvailableResources == nil {
				continue
			}
			for _, r := range z.AvailableResources.AvailableResource {
				if r.Type != "" && r.Type != "InstanceType" || r.SupportedResources == nil {
					continue
				}
				for _, sr := range r.SupportedResources.SupportedResource {
					if n++; n > MaxItems {
						return inputErr("stock", "more than %d resources", MaxItems)
					}
					k, ok := index[sr.Value]
					if !ok {
						im.issue("stock", "%s is not in the catalog: its stock is not used", sr.Value)
						continue
					}
					st, ok := stockOf(sr.Status, sr.StatusCategory)
					if !ok {
						return inputErr("stock", "%s in %s: StatusCategory %q is not one of WithStock, ClosedWithStock, WithoutStock, ClosedWithoutStock", sr.Value, z.ZoneID, sr.StatusCategory)
					}
					if fresh[k] == nil {
						fresh[k] = map[string]model.StockStatus{}
					}
					fresh[k][z.ZoneID] = st
				}
			}
		}
	}
	for k, m := range fresh {
		d.Types[k].Stock = m
	}
	if len(fresh) > 0 {
		im.issue("stock", "a type the stock lists is offered only in the zones it lists it in; the %d types it does not list keep the catalog's stock", len(d.Types)-len(fresh))
	}
	return nil
}

// applyPrices sets the monthly prices the DescribePrice calls give, each marked real; a
// region priced joins the catalog's regions.
func (im *importer) applyPrices(d *model.CatalogData, index map[string]int) error {
	if im.in.Prices == nil {
		return nil
	}
	ps, err := pages[pricedCall]("prices", im.in.Prices)
	if err != nil {
		return err
	}
	if len(ps) > MaxItems {
		return inputErr("prices", "more than %d prices", MaxItems)
	}
	touched := map[int]bool{}
	for i := range ps {
		typ, region, monthly, err := im.monthlyPrice(&ps[i], fmt.Sprintf("[%d]", i), d.Currency)
		if err != nil {
			return err
		}
		k, ok := index[typ]
		if !ok {
			im.issue("prices", "%s is not in the catalog: its price is not used", typ)
			continue
		}
		if !touched[k] {
			touched[k] = true
			ownPrices(&d.Types[k])
		}
		setRealPrice(d, &d.Types[k], region, monthly)
	}
	return nil
}

// monthlyPrice reads the DescribePrice call c (at where in the list): the type and region it
// priced and the type's monthly list price there (its instanceType line, else the whole
// OriginalPrice), in the catalog's currency.
func (im *importer) monthlyPrice(c *pricedCall, where, currency string) (typ, region string, monthly decimal.Decimal, err error) {
	typ, region = c.Request[model.ParamInstanceType], c.Request[model.ParamRegionID]
	if typ == "" || region == "" {
		return typ, region, monthly, inputErr("prices", "%s: the Request must give the InstanceType and RegionId the call priced", where)
	}
	if c.Response == nil || c.Response.PriceInfo == nil || c.Response.PriceInfo.Price == nil {
		return typ, region, monthly, inputErr("prices", "%s: no Response.PriceInfo.Price: is this DescribePrice output?", where)
	}
	p := c.Response.PriceInfo.Price
	if p.Currency != "" && p.Currency != currency {
		return typ, region, monthly, inputErr("prices", "%s: %s in %s is priced in %s, the catalog in %s", where, typ, region, p.Currency, currency)
	}
	months, err := pricedMonths(c.Request)
	if err != nil {
		return typ, region, monthly, inputErr("prices", "%s: %v", where, err)
	}
	raw, detail := string(p.OriginalPrice), false
	if p.DetailInfos != nil {
		for _, di := range p.DetailInfos.DetailInfo {
			if di.Resource == "instanceType" && di.OriginalPrice != "" {
				raw, detail = string(di.OriginalPrice), true
			}
		}
	}
	if !detail {
		im.issue("prices", "%s in %s: no instanceType line in DetailInfos: the whole OriginalPrice (disks and bandwidth included) is taken as the type's", typ, region)
	}
	total, err := amount("prices", where+".OriginalPrice", raw)
	if err != nil || months <= 1 {
		return typ, region, total, err
	}
	return typ, region, total.DivRound(decimal.NewFromInt(int64(months)), 6), nil
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
	if !slices.Contains(d.Regions, region) {
		d.Regions = append(d.Regions, region)
	}
}

// pricedMonths returns how many months a DescribePrice call priced: Period (default 1) of
// PriceUnit Month (the default) or Year.
func pricedMonths(req map[string]string) (int, error) {
	period := 1
	if s := req["Period"]; s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 60 {
			return 0, fmt.Errorf("the Period %q is not a number of units from 1 to 60", s)
		}
		period = n
	}
	switch unit := req["PriceUnit"]; unit {
	case "", "Month":
		return period, nil
	case "Year":
		return 12 * period, nil
	default:
		return 0, fmt.Errorf("the PriceUnit %q is not a subscription price (Month or Year)", unit)
	}
}
