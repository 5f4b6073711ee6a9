package model

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Validate reports the first reason o cannot be priced: an unknown kind, an end not after
// the start, or an amount that is negative or not a sane decimal (CheckDecimal). Discount
// may be zero, meaning "not recorded" (no discount); otherwise it must be in (0, 1]. A
// CancelledAt before the start is valid: a downgrade cancels every order in force, a renewal
// paid ahead (not yet started) included, at the moment of the change.
func (o *Order) Validate() error {
	switch o.Kind {
	case OrderPurchase, OrderRenewal, OrderUpgrade, OrderDowngrade:
	default:
		return fmt.Errorf("order %s: unknown kind %q", o.OrderID, o.Kind)
	}
	if !o.End.After(o.Start) {
		return fmt.Errorf("order %s: End %s is not after Start %s", o.OrderID, o.End.Format("2006-01-02T15:04:05Z07:00"), o.Start.Format("2006-01-02T15:04:05Z07:00"))
	}
	if err := CheckDecimal(o.ListPrice, false); err != nil {
		return fmt.Errorf("order %s: ListPrice %v", o.OrderID, err)
	}
	if err := CheckDecimal(o.CashPaid, false); err != nil {
		return fmt.Errorf("order %s: CashPaid %v", o.OrderID, err)
	}
	if err := CheckDecimal(o.VoucherPaid, false); err != nil {
		return fmt.Errorf("order %s: VoucherPaid %v", o.OrderID, err)
	}
	if err := CheckDecimal(o.Discount, false); err != nil {
		return fmt.Errorf("order %s: Discount %v", o.OrderID, err)
	}
	if CmpDecimal(o.Discount, one) > 0 {
		return fmt.Errorf("order %s: Discount %s is more than 1", o.OrderID, o.Discount)
	}
	return nil
}

// one is the decimal 1. Read-only.
var one = decimal.New(1, 0)
