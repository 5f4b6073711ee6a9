package pricing

import (
	"errors"
	"fmt"
)

// ErrNoPrice is matched (errors.Is) by every error reporting that a list price the
// computation needs is missing from the catalog for the region. The rules package maps it to
// OrderCreationFailed.
var ErrNoPrice = errors.New("pricing: no list price")

// ErrBadAmount is matched (errors.Is) by every error reporting an amount, discount, price,
// time span or policy setting that is not sane (see model.CheckDecimal) or is inconsistent.
// The rules package maps it to InternalError.
var ErrBadAmount = errors.New("pricing: bad amount")

// PriceError reports a missing list price: the type InstanceType has no monthly price in
// Region. It matches ErrNoPrice.
type PriceError struct {
	InstanceType string
	Region       string
}

// Error describes the missing price.
func (e *PriceError) Error() string {
	return fmt.Sprintf("pricing: no list price for %s in region %q", e.InstanceType, e.Region)
}

// Is reports whether target is ErrNoPrice.
func (e *PriceError) Is(target error) bool { return target == ErrNoPrice }

// AmountError reports an input that cannot be priced. Order is the order ID (or "#index"
// when the order has no ID) for an order's field, and empty otherwise; Field names the
// field; Err is the cause (for a decimal, one of model.CheckDecimal's errors). It matches
// ErrBadAmount and unwraps to Err.
type AmountError struct {
	Order string
	Field string
	Err   error
}

// Error describes the bad input.
func (e *AmountError) Error() string {
	if e.Order != "" {
		return fmt.Sprintf("pricing: order %s: %s %v", e.Order, e.Field, e.Err)
	}
	return fmt.Sprintf("pricing: %s %v", e.Field, e.Err)
}

// Is reports whether target is ErrBadAmount.
func (e *AmountError) Is(target error) bool { return target == ErrBadAmount }

// Unwrap returns the cause.
func (e *AmountError) Unwrap() error { return e.Err }

func badAmount(field string, err error) error { return &AmountError{Field: field, Err: err} }

func badOrder(id string, index int, field string, err error) error {
	if id == "" {
		id = fmt.Sprintf("#%d", index)
	}
	return &AmountError{Order: id, Field: field, Err: err}
}

// Causes reported inside AmountError.
var (
	errNil      = errors.New("is missing (nil)")
	errMode     = errors.New("is not a known rounding mode (half_up, half_even, down, up)")
	errPlaces   = errors.New("must be between 0 and 15")
	errRule     = errors.New("is not a known refund rule (current, 2022)")
	errFactor   = errors.New("must be at least 1")
	errSpan     = errors.New("is longer than 100 years")
	errMismatch = errors.New("do not match the instance's orders")
	errReading  = errors.New("is not a known ratio reading (printed, one_basis)")
	errTooMany  = errors.New("are more than 1000")
)
