package fuzz

import (
	"maps"
	"net/url"
	"slices"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// ScalePrices multiplies every amount of money in w by k: the catalog's list prices, the
// orders' list price, cash and voucher, the unpaid orders' amounts and the balance.
// Discount factors and everything else are unchanged.
func ScalePrices(w *World, k decimal.Decimal) {
	types := slices.Clone(w.Catalog.Types)
	for i := range types {
		if types[i].MonthlyPrice == nil {
			continue
		}
		m := make(map[string]decimal.Decimal, len(types[i].MonthlyPrice))
		for r, p := range types[i].MonthlyPrice {
			m[r] = p.Mul(k)
		}
		types[i].MonthlyPrice = m
	}
	w.Catalog.Types = types
	in := &w.Facts.Instance
	in.Orders = slices.Clone(in.Orders)
	for i := range in.Orders {
		o := &in.Orders[i]
		o.ListPrice, o.CashPaid, o.VoucherPaid = o.ListPrice.Mul(k), o.CashPaid.Mul(k), o.VoucherPaid.Mul(k)
	}
	in.UnpaidOrders = slices.Clone(in.UnpaidOrders)
	for i := range in.UnpaidOrders {
		in.UnpaidOrders[i].Amount = in.UnpaidOrders[i].Amount.Mul(k)
	}
	w.Facts.Account.Balance = w.Facts.Account.Balance.Mul(k)
}

// WithFaults applies faults to w in order, the wire faults to the returned Wire (nil when
// there is none) and the facts faults to a copy of w (a fault that does not apply leaves it as
// it was); w itself is unchanged.
func WithFaults(w World, faults []Fault) WildWorld { return withFaults(w, faults, nil) }

// withFaults applies faults to w in order: a wire fault joins the returned Wire, a facts
// fault breaks w where it can (a fault that does not apply leaves w as it was). keepsCatalog,
// when not nil, tells for each fault whether it is known to leave the catalog alone: its
// world is then copied without the catalog, which it keeps sharing with w.
func withFaults(w World, faults []Fault, keepsCatalog []bool) WildWorld {
	var wires []func(url.Values)
	var broken *World // the copy a mutator breaks, made once, at the first facts fault
	for k, f := range faults {
		if f.Wire != nil {
			wires = append(wires, f.Wire)
			continue
		}
		if broken == nil {
			broken = new(World)
		}
		if keepsCatalog != nil && keepsCatalog[k] {
			*broken = w.cloneSharingCatalog()
		} else {
			*broken = w.Clone()
		}
		if breaks(broken, f.Break) {
			w = *broken
		}
	}
	ww := WildWorld{World: w}
	if len(wires) > 0 {
		ww.Wire = func(v url.Values) {
			for _, f := range wires {
				f(v)
			}
		}
	}
	return ww
}

// WildWorld is a drawn world and the change to its request's wire form (nil for none).
type WildWorld struct {
	World
	Wire func(url.Values)
}

// TryBreak applies a mutator that may need a part of the world another one removed; it
// reports false, leaving w as it was, when the mutator panicked. The mutator works on a copy
// of w deep enough that a failed mutator leaves no trace in the caller's slices.
func TryBreak(w *World, brk func(*World)) bool {
	c := w.Clone()
	if !breaks(&c, brk) {
		return false
	}
	*w = c
	return true
}

// breaks runs brk on w and reports false when it panicked.
func breaks(w *World, brk func(*World)) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	brk(w)
	return true
}

// cloneSharingCatalog is Clone with the catalog's data shared with w: for a mutator known
// not to change it.
func (w World) cloneSharingCatalog() World {
	cat := w.Catalog
	w.Catalog = model.CatalogData{}
	c := w.Clone()
	c.Catalog = cat
	return c
}

// Clone returns a copy of w that shares no slice, map or pointer a mutator changes.
func (w World) Clone() World {
	c := w
	c.Catalog = cloneCatalogData(w.Catalog)
	c.Request.Disks = slices.Clone(w.Request.Disks)
	c.Facts.Instance = c.Facts.Instance.Clone()
	c.Facts.Account = c.Facts.Account.Clone()
	if w.Facts.Idempotency != nil {
		c.Facts.Idempotency = make(model.Ledger, len(w.Facts.Idempotency))
		for k, v := range w.Facts.Idempotency {
			c.Facts.Idempotency[k] = v
		}
	}
	pol := &c.Facts.Policy
	pol.UpgradeStatuses = slices.Clone(pol.UpgradeStatuses)
	pol.DowngradeStatuses = slices.Clone(pol.DowngradeStatuses)
	return c
}

// cloneCatalogData returns a deep copy of d: no slice or map of the copy is shared with d.
// Nil slices and maps stay nil.
func cloneCatalogData(d model.CatalogData) model.CatalogData {
	d.Types = cloneEach(d.Types, func(ty *model.InstanceType) {
		ty.MonthlyPrice = maps.Clone(ty.MonthlyPrice)
		ty.Stock = maps.Clone(ty.Stock)
		ty.SupportedDiskCategories = slices.Clone(ty.SupportedDiskCategories)
		ty.OSTypes = slices.Clone(ty.OSTypes)
		ty.RealPriceRegions = slices.Clone(ty.RealPriceRegions)
	})
	d.Regions = slices.Clone(d.Regions)
	d.FamilyChanges = cloneEach(d.FamilyChanges, func(fc *model.FamilyChange) {
		fc.FromFamilies, fc.ToFamilies = slices.Clone(fc.FromFamilies), slices.Clone(fc.ToFamilies)
		fc.ToInstanceTypes = slices.Clone(fc.ToInstanceTypes)
	})
	d.TicketFamilyChanges = cloneEach(d.TicketFamilyChanges, func(tc *model.TicketChange) {
		tc.FromFamilies, tc.ToFamilies = slices.Clone(tc.FromFamilies), slices.Clone(tc.ToFamilies)
	})
	d.Discounts = slices.Clone(d.Discounts)
	return d
}

// cloneEach returns a copy of s (nil stays nil) with deep applied to each element of the
// copy, to copy what the element shares.
func cloneEach[T any](s []T, deep func(*T)) []T {
	s = slices.Clone(s)
	for i := range s {
		deep(&s[i])
	}
	return s
}
