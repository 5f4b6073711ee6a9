package model

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Validate reports the first reason o cannot be priced: an unknown kind, an end not after
// the start, or an amount that is negative or not a sane decimal (CheckDecimal). Discount
// may be zero, meaning "not recorded" (no discount); otherwise it must be in (0, 1].
func (o *Order) Validate() error {
	switch o.Kind {
	case OrderPurchase, OrderRenewal, OrderUpgrade:
	default:
		return fmt.Errorf("order %s: unknown kind %q", o.OrderID, o.Kind)
	}
	if !o.End.After(o.Start) {
		return fmt.Errorf("order %s: End %s is not after Start %s", o.OrderID, o.End.Format("2006-01-02T15:04:05Z07:00"), o.Start.Format("2006-01-02T15:04:05Z07:00"))
	}
	for _, a := range [...]struct {
		name string
		v    decimal.Decimal
	}{{"ListPrice", o.ListPrice}, {"CashPaid", o.CashPaid}, {"VoucherPaid", o.VoucherPaid}, {"Discount", o.Discount}} {
		if err := CheckDecimal(a.v, false); err != nil {
			return fmt.Errorf("order %s: %s %v", o.OrderID, a.name, err)
		}
	}
	if o.Discount.GreaterThan(decimal.NewFromInt(1)) {
		return fmt.Errorf("order %s: Discount %s is more than 1", o.OrderID, o.Discount)
	}
	return nil
}
