package model

import (
	"errors"
	"fmt"

	"github.com/shopspring/decimal"
)

// Reasons an order cannot be priced, as Order.Check reports them with the field at fault.
var (
	ErrOrderKind     = errors.New("is not Purchase, Renewal, Upgrade or Downgrade")
	ErrOrderEnd      = errors.New("must be after Start")
	ErrOrderDiscount = errors.New("must not be more than 1 (0 means not recorded: no discount)")
)

// CheckTerm reports the first fault of o's kind and times, as the field at fault ("Kind" or
// "End") and the reason (ErrOrderKind, ErrOrderEnd): an unknown kind, an end not after the
// start. It is the part of Check that concerns no amount. A CancelledAt before the start is
// valid: a downgrade cancels every order in force, a renewal paid ahead (not yet started)
// included, at the moment of the change.
func (o *Order) CheckTerm() (field string, err error) {
	switch o.Kind {
	case OrderPurchase, OrderRenewal, OrderUpgrade, OrderDowngrade:
	default:
		return "Kind", ErrOrderKind
	}
	if !o.End.After(o.Start) {
		return "End", ErrOrderEnd
	}
	return "", nil
}

// Check reports the first reason o cannot be priced, as the field at fault and the reason:
// CheckTerm's faults, then an amount that is negative or not a sane decimal (CheckDecimal's
// errors), then a Discount above 1 (ErrOrderDiscount). Discount may be zero, meaning "not
// recorded" (no discount). This is the one statement of an order's validity: Validate,
// pricing and the scenario reader all report from it.
func (o *Order) Check() (field string, err error) {
	if field, err := o.CheckTerm(); err != nil {
		return field, err
	}
	amounts := [...]struct {
		field string
		d     decimal.Decimal
	}{{"ListPrice", o.ListPrice}, {"CashPaid", o.CashPaid}, {"VoucherPaid", o.VoucherPaid}, {"Discount", o.Discount}}
	for _, a := range amounts {
		if err := CheckDecimal(a.d, false); err != nil {
			return a.field, err
		}
	}
	if CmpDecimal(o.Discount, one) > 0 {
		return "Discount", ErrOrderDiscount
	}
	return "", nil
}

// Validate reports the first reason o cannot be priced (see Check) as one message naming
// the order: an unknown kind, an end not after the start, or an amount that is negative or not a sane decimal (CheckDecimal). Discount may be zero,
// meaning "not recorded" (no discount); otherwise it must be in (0, 1].
func (o *Order) Validate() error {
	field, err := o.Check()
	if err == nil {
		return nil
	}
	const stamp = "2006-01-02T15:04:05Z07:00"
	switch err {
	case ErrOrderKind:
		return fmt.Errorf("order %s: unknown kind %q", o.OrderID, o.Kind)
	case ErrOrderEnd:
		return fmt.Errorf("order %s: End %s is not after Start %s", o.OrderID, o.End.Format(stamp), o.Start.Format(stamp))
	case ErrOrderDiscount:
		return fmt.Errorf("order %s: Discount %s is more than 1", o.OrderID, o.Discount)
	}
	return fmt.Errorf("order %s: %s %v", o.OrderID, field, err)
}

// one is the decimal 1. Read-only.
var one = decimal.New(1, 0)
