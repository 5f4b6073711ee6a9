// Package fuzz holds respec's verification machinery: a deterministic baseline world that
// every rule accepts, single-fault mutators that break exactly one documented rule each, the
// totality check (CheckDecision) and the fuzz targets (in the test files) that hold the engine
// to its specification. It does not import rapid, so that the fuzz targets' test binary (whose
// coverage counters the fuzzer scans after every execution) stays small: the rapid generators
// of consistent worlds are in fuzz/gen, the rapid properties and the account state machine in
// fuzz/props.
package fuzz

import (
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// World is one complete input of the engine: the moment, the request and the facts, with the
// catalog kept as data so that a mutator can change it.
type World struct {
	Now     time.Time
	Request model.Request
	Facts   model.Facts
	Catalog model.CatalogData
}

// Build returns the facts with the catalog built from w.Catalog. It panics if the catalog
// data is invalid, which for the worlds of this package is a bug in the package.
func (w *World) Build() model.Facts {
	cat, err := model.NewCatalog(w.Catalog)
	if err != nil {
		panic("fuzz: invalid world catalog: " + err.Error())
	}
	f := w.Facts
	f.Catalog = cat
	return f
}

// The baseline's names.
const (
	BaseRegion    = "cn-hangzhou"
	BaseZone      = "cn-hangzhou-h"
	BaseInstance  = "i-bp1base0000000001"
	BaseType      = "ecs.g6.xlarge"
	BaseUpgrade   = "ecs.g6.2xlarge"
	BaseDowngrade = "ecs.g6.large"
)

// BaseNow is the baseline's moment.
var BaseNow = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// essd is the disk category set of types that take only ESSD.
var essdOnly = []string{model.DiskCloudESSD}
var allDisks = []string{model.DiskCloudESSD, model.DiskCloudSSD, model.DiskCloudEfficiency}

func price(p string) map[string]decimal.Decimal {
	return map[string]decimal.Decimal{BaseRegion: dec(p), "cn-beijing": dec(p)}
}

// BaseCatalog returns a small catalog with every kind of type the rules tell apart. Its
// prices are illustrative.
func BaseCatalog() model.CatalogData {
	g6 := func(id string, cpu int, mem float64, p string) model.InstanceType {
		return model.InstanceType{InstanceTypeID: id, Family: "ecs.g6", FamilyLevel: model.LevelEnterprise, CPU: cpu, MemoryGiB: mem,
			EniQuantity: 3, EniPrivateIPv4PerEni: 10, EniIPv6PerEni: 10, IPv6Supported: true, PrimaryEniQueueNumber: 4,
			MaximumQueueNumberPerEni: 8, TotalEniQueueQuantity: 16, DiskQuantity: 16, IoOptimized: true,
			SupportedDiskCategories: allDisks, NestedVirtualizationSupported: true, OnlineModificationSupported: true,
			MonthlyPrice: price(p)}
	}
	g7 := func(id string, cpu int, mem float64, p string) model.InstanceType {
		t := g6(id, cpu, mem, p)
		t.Family = "ecs.g7"
		t.SupportedDiskCategories = essdOnly
		t.NvmeSupport = "required"
		return t
	}
	return model.CatalogData{
		Regions:            []string{BaseRegion, "cn-beijing"},
		Currency:           "CNY",
		PricesIllustrative: true,
		Types: []model.InstanceType{
			g6("ecs.g6.large", 2, 8, "300"),
			g6("ecs.g6.xlarge", 4, 16, "600"),
			g6("ecs.g6.2xlarge", 8, 32, "1200"),
			g7("ecs.g7.xlarge", 4, 16, "660"),
			g7("ecs.g7.2xlarge", 8, 32, "1320"),
			{InstanceTypeID: "ecs.t6-c1m2.large", Family: "ecs.t6", FamilyLevel: model.LevelCreditEntry, CPU: 2, MemoryGiB: 4,
				EniQuantity: 2, DiskQuantity: 16, IoOptimized: true, SupportedDiskCategories: allDisks,
				MonthlyPrice: price("90")},
			{InstanceTypeID: "ecs.d1.2xlarge", Family: "ecs.d1", FamilyLevel: model.LevelEnterprise, CPU: 8, MemoryGiB: 32,
				EniQuantity: 3, EniPrivateIPv4PerEni: 10, LocalStorageAmount: 4, IoOptimized: true, MonthlyPrice: price("1500")},
			{InstanceTypeID: "ecs.n1.medium", Family: "ecs.n1", FamilyLevel: model.LevelEnterprise, CPU: 2, MemoryGiB: 4,
				EniQuantity: 2, EniPrivateIPv4PerEni: 6, Offline: true, IoOptimized: false, MonthlyPrice: price("200")},
		},
		FamilyChanges: []model.FamilyChange{
			{FromFamilies: []string{"ecs.g6"}, Changeable: true, ToFamilies: []string{"ecs.g6", "ecs.g7", "ecs.t6"}},
			{FromFamilies: []string{"ecs.g7"}, Changeable: true, ToFamilies: []string{"ecs.g7"}},
			{FromFamilies: []string{"ecs.n1"}, Changeable: true, ToFamilies: []string{"ecs.n1", "ecs.g6"}},
			{FromFamilies: []string{"ecs.d1"}, Changeable: false},
		},
		Discounts: []model.DurationDiscount{{MinMonths: 6, Factor: dec("0.9")}, {MinMonths: 12, Factor: dec("0.85")}},
	}
}

// Baseline returns a world every rule accepts: a Running subscription instance of
// ecs.g6.xlarge bought for a year, asked to upgrade to ecs.g6.2xlarge with AutoPay by the main
// account, under the current policy. Every call returns fresh values; nothing is shared.
func Baseline() World {
	created := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	expires := time.Date(2027, 10, 1, 0, 0, 0, 0, time.UTC)
	return World{
		Now: BaseNow,
		Request: model.Request{
			InstanceID: BaseInstance, RegionID: BaseRegion, InstanceType: BaseUpgrade, AutoPay: true,
		},
		Catalog: BaseCatalog(),
		Facts: model.Facts{
			Policy: model.PolicyCurrent(),
			Instance: model.Instance{
				InstanceID: BaseInstance, RegionID: BaseRegion, ZoneID: BaseZone,
				Status: model.StatusRunning, ChargeType: model.ChargePrePaid, SpotStrategy: model.SpotNone,
				InstanceType: BaseType, CreationTime: created, ExpiredTime: expires,
				OSType: model.OSLinux, NetworkType: model.NetworkVPC,
				Image:      model.Image{ImageID: "aliyun_3_x64_20G_alibase_20260101.vhd"},
				SystemDisk: &model.Disk{DiskID: "d-bp1system000000001", Category: model.DiskCloudESSD, SizeGiB: 40, PerformanceLevel: "PL0"},
				DataDisks:  []model.Disk{{DiskID: "d-bp1data00000000001", Category: model.DiskCloudESSD, SizeGiB: 100}},
				ENIs:       []model.ENI{{ENIID: "eni-bp1primary000001", Primary: true, PrivateIPv4: 2, QueueNumber: 4}},
				Orders: []model.Order{{
					OrderID: "210000000000001", Kind: model.OrderPurchase, InstanceType: BaseType,
					Start: created, End: expires, ListPrice: dec("7200"), CashPaid: dec("6120"), VoucherPaid: dec("0"),
					Discount: dec("0.85"), PaymentMethod: model.PayBalance, PaidAt: created,
				}},
			},
			Account: model.Account{AccountID: "1234567890123456", Balance: dec("10000")},
		},
	}
}

// BaselineDowngrade is Baseline with a Stopped instance asked to downgrade to ecs.g6.large.
func BaselineDowngrade() World {
	w := Baseline()
	w.Facts.Instance.Status = model.StatusStopped
	w.Request.InstanceType = BaseDowngrade
	return w
}
