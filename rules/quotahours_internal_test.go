package rules

import (
	"math"
	"strconv"
	"testing"
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/pricing"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestQuotaVCPUHoursIsRefundVCPUHours holds the quota's count taken from the refund
// (quotaVCPUHours) to refundVCPUHours, counted again, on downgrades priced by pricing: CPU
// counts from 0 to beyond 2^62 (where the refund saturates at math.MaxInt64 and the count
// is taken again), expiries from before the clock to the end of pricing's bound.
func TestQuotaVCPUHoursIsRefundVCPUHours(t *testing.T) {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	price := func(p int64) map[string]decimal.Decimal {
		return map[string]decimal.Decimal{"r": decimal.NewFromInt(p)}
	}
	cat, err := model.NewCatalog(model.CatalogData{Regions: []string{"r"}, Currency: "CNY", Types: []model.InstanceType{
		{InstanceTypeID: "big", Family: "f", CPU: 4, MonthlyPrice: price(600)}, {InstanceTypeID: "small", Family: "f", CPU: 2, MonthlyPrice: price(300)}}})
	if err != nil {
		t.Fatal(err)
	}
	pol := model.PolicyCurrent()
	rapid.Check(t, func(t *rapid.T) {
		from, _ := cat.Type("big")
		to, _ := cat.Type("small")
		f, tt := *from, *to
		f.CPU = rapid.OneOf(rapid.IntRange(0, 1<<16), rapid.IntRange(0, math.MaxInt)).Draw(t, "fromCPU")
		tt.CPU = rapid.OneOf(rapid.IntRange(0, 1<<16), rapid.IntRange(0, math.MaxInt)).Draw(t, "toCPU")
		expiry := now.Add(time.Duration(rapid.Int64Range(-1e6, 100*366*24*3600).Draw(t, "expirySec")) * time.Second)
		inst := model.Instance{RegionID: "r", ExpiredTime: expiry, Orders: []model.Order{{OrderID: "1", Kind: model.OrderPurchase,
			Start: now.Add(-time.Hour), End: expiry.Add(time.Hour), ListPrice: decimal.NewFromInt(600), CashPaid: decimal.NewFromInt(600)}}}
		c := &evaluation{now: now, inst: &inst, from: &f, to: &tt}
		r, err := pricing.Downgrade(now, &inst, &f, &tt, cat, &pol)
		if err != nil {
			t.Skip(err)
		}
		if got, want := quotaVCPUHours(c, &r), c.refundVCPUHours(); got != want {
			t.Fatalf("quotaVCPUHours = %d, refundVCPUHours %d (refund's %d)", got, want, r.RefundedVCPUHours)
		}
	})
}

// TestQuotaVCPUHoursSaturated: a refund saturated at math.MaxInt64 is counted again (the
// product wraps there as refundVCPUHours computes it); one below is the refund's own count.
func TestQuotaVCPUHoursSaturated(t *testing.T) {
	if strconv.IntSize < 64 {
		t.Skip("a 32-bit CPU count cannot saturate the refund's vCPU·hours")
	}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	// 2^62 + 1 vCPUs (written so that 32-bit builds compile).
	c := &evaluation{now: now, inst: &model.Instance{ExpiredTime: now.Add(2 * time.Hour)},
		from: &model.InstanceType{CPU: math.MaxInt/2 + 2}, to: &model.InstanceType{CPU: 1}}
	if got, want := quotaVCPUHours(c, &pricing.Refund{RefundedVCPUHours: math.MaxInt64}), int64(math.MinInt64); got != want {
		t.Errorf("saturated: %d, want %d (counted again)", got, want)
	}
	if got, want := quotaVCPUHours(c, &pricing.Refund{RefundedVCPUHours: math.MaxInt64 - 1}), int64(math.MaxInt64-1); got != want {
		t.Errorf("below saturation: %d, want %d (the refund's)", got, want)
	}
}
