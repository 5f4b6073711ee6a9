package catalog

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/model"
)

// The illustrative price formula's coefficients (see the package documentation). None of them
// is an Alibaba Cloud price.
var (
	ratePerVCPU     = decimal.NewFromInt(60)
	ratePerGiB      = decimal.NewFromInt(15)
	ratePerLocalHDD = decimal.New(2, -2)  // 0.02 CNY per GiB of local HDD per month
	ratePerLocalSSD = decimal.New(50, -2) // 0.50 CNY per GiB of local SSD per month
	hfFactor        = decimal.New(115, -2)
)

// priceSpec is what the illustrative price of a type depends on.
type priceSpec struct {
	CPU       int
	MemoryGiB float64
	Family    string
	Level     string
	// LocalGiB is the total local storage: disks × GiB per disk.
	LocalGiB float64
	LocalHDD bool
}

// price returns the illustrative monthly list price in region, rounded half away from zero to
// 2 decimals. The spec must be within Load's bounds.
func (s priceSpec) price(region string) decimal.Decimal {
	compute := ratePerVCPU.Mul(decimal.NewFromInt(int64(s.CPU))).
		Add(ratePerGiB.Mul(decimal.NewFromFloat(s.MemoryGiB)))
	compute = compute.Mul(levelFactor(s.Level)).Mul(seriesFactor(s.Family))
	if isHighClockSpeed(s.Family) {
		compute = compute.Mul(hfFactor)
	}
	rate := ratePerLocalSSD
	if s.LocalHDD {
		rate = ratePerLocalHDD
	}
	storage := rate.Mul(decimal.NewFromFloat(s.LocalGiB))
	return compute.Add(storage).Mul(RegionFactor(region)).Round(2)
}

// levelFactor is the price factor of a family level.
func levelFactor(level string) decimal.Decimal {
	switch level {
	case model.LevelEntry:
		return decimal.New(70, -2)
	case model.LevelCreditEntry:
		return decimal.New(50, -2)
	}
	return decimal.NewFromInt(1)
}

// seriesFactor is the price factor of the first digit of a family's name ("ecs.g7" → 7).
func seriesFactor(family string) decimal.Decimal {
	name := strings.TrimPrefix(family, "ecs.")
	i := strings.IndexAny(name, "0123456789")
	if i < 0 {
		return decimal.New(95, -2)
	}
	switch digit := name[i]; {
	case digit >= '7':
		return decimal.New(110, -2)
	case digit == '6':
		return decimal.New(105, -2)
	case digit == '5':
		return decimal.NewFromInt(1)
	}
	return decimal.New(95, -2)
}

// isHighClockSpeed reports whether family is one of the high clock speed families (hfc, hfg,
// hfr).
func isHighClockSpeed(family string) bool {
	return strings.HasPrefix(strings.TrimPrefix(family, "ecs."), "hf")
}

// localHDD reports whether a type's local disks are HDDs: by LocalStorageCategory when the data
// gives it (local_hdd_pro), else for the big data families (names starting with "d", which the
// documentation describes as having local HDDs).
func localHDD(family, category string) bool {
	if category != "" {
		return strings.Contains(category, "hdd")
	}
	return strings.HasPrefix(strings.TrimPrefix(family, "ecs."), "d")
}

// RegionFactor returns the illustrative price factor of region: 1.00 in the four mainland
// China regions of the default catalog, 1.20 in ap-southeast-1, 1.25 in us-west-1, 1.30 in
// eu-central-1, and 1.00 in any other region.
func RegionFactor(region string) decimal.Decimal {
	switch region {
	case "ap-southeast-1":
		return decimal.New(120, -2)
	case "us-west-1":
		return decimal.New(125, -2)
	case "eu-central-1":
		return decimal.New(130, -2)
	}
	return decimal.NewFromInt(1)
}

// Families with explicit, illustrative stock, and the zones of their stock map.
const (
	// StockZoneWith is a zone where the stock-limited families have stock.
	StockZoneWith = "cn-hangzhou-h"
	// StockZoneWithout is a zone where the stock-limited families have no stock.
	StockZoneWithout = "cn-hangzhou-i"
	// StockZoneClosed is a zone where the stock-limited families are ClosedWithStock (low
	// stock: accepted with a warning).
	StockZoneClosed = "cn-hangzhou-j"
	// StockZoneClosedWithout is a zone where the stock-limited families are
	// ClosedWithoutStock (sold out, not replenished).
	StockZoneClosedWithout = "cn-hangzhou-k"
)

// StockLimitedFamilies returns the families whose types carry an explicit stock map (the
// others have stock everywhere): they are offered only in the four StockZone* zones. The slice is a fresh copy.
func StockLimitedFamilies() []string { return []string{"ecs.r7", "ecs.hfc7"} }

// illustrativeStock returns the stock map of a type of family: nil (stock everywhere) for most
// families, a fresh explicit map for the stock-limited ones.
func illustrativeStock(family string) map[string]model.StockStatus {
	switch family {
	case "ecs.r7", "ecs.hfc7":
		return map[string]model.StockStatus{
			StockZoneWith:          model.WithStock,
			StockZoneWithout:       model.WithoutStock,
			StockZoneClosed:        model.ClosedWithStock,
			StockZoneClosedWithout: model.ClosedWithoutStock,
		}
	}
	return nil
}

// nestedVirtualization reports the illustrative rule for NestedVirtualizationSupported.
func nestedVirtualization(family string) bool {
	switch family {
	case "ecs.g7", "ecs.c7", "ecs.r7":
		return true
	}
	return false
}

// onlineModification reports the illustrative rule for OnlineModificationSupported.
func onlineModification(family string) bool {
	switch family {
	case "ecs.g7", "ecs.c7", "ecs.r7", "ecs.g6", "ecs.c6", "ecs.r6":
		return true
	}
	return false
}

// IllustrativeDiscounts returns the default catalog's discounts, fresh: 0.85 from 12 months,
// 0.70 from 24 months, 0.50 from 36 months. They are illustrative, not Alibaba Cloud's.
func IllustrativeDiscounts() []model.DurationDiscount {
	return []model.DurationDiscount{
		{MinMonths: 12, Factor: decimal.New(85, -2)},
		{MinMonths: 24, Factor: decimal.New(70, -2)},
		{MinMonths: 36, Factor: decimal.New(50, -2)},
	}
}
