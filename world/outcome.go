package world

import (
	"errors"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

// Caller is who makes a request: an account, as its main identity (RAMUser "") or as one of
// its RAM users.
type Caller struct {
	AccountID string
	RAMUser   string
}

// Outcome is what one operation did.
type Outcome struct {
	// Operation is the API or console action (APIModifyPrepayInstanceSpec, APIStartInstance, …).
	Operation string
	At        time.Time
	AccountID string
	// InstanceID is the instance the request named.
	InstanceID string
	// Err is nil when the operation was accepted, otherwise a *Refusal.
	Err error
	// Plan is the accepted ModifyPrepayInstanceSpec plan (Replayed for a ClientToken replay).
	Plan *rules.Plan
	// OrderID is the order the operation created or acted on, if any.
	OrderID string
	// Charged is what left the account's balance; RefundedToBalance what was credited to it;
	// RefundedElsewhere what a downgrade refunded to cards or PayPal (not the balance).
	Charged, RefundedToBalance, RefundedElsewhere decimal.Decimal
	// BalanceAfter is the account's balance after the operation.
	BalanceAfter decimal.Decimal
}

// Accepted reports whether the operation was accepted.
func (o *Outcome) Accepted() bool { return o.Err == nil }

// Code returns the refusal's code, "" when accepted.
func (o *Outcome) Code() string {
	if r, ok := o.Err.(*Refusal); ok {
		return r.Code
	}
	return ""
}

// Refusal is a refused request: its code and HTTP status, the rule that refused it and the
// evidence (the fact and the limit). API is the documented ECS error when there is one; it
// makes errors.Is(refusal, errcodes.ID) work.
type Refusal struct {
	Code       string
	HTTPStatus int
	Message    string
	Rule       string
	Evidence   string
	API        *errcodes.Error
}

// Error returns the code, the rule and the evidence.
func (r *Refusal) Error() string {
	s := r.Code + " (" + r.Rule + ")"
	if r.Message != "" {
		s += ": " + r.Message
	}
	if r.Evidence != "" {
		s += " [" + r.Evidence + "]"
	}
	return s
}

// Unwrap returns the documented API error, if any.
func (r *Refusal) Unwrap() error {
	if r.API == nil {
		return nil
	}
	return r.API
}

func apiRefusal(rule, evidence string, e *errcodes.Error) *Refusal {
	return &Refusal{Code: e.Code(), HTTPStatus: e.HTTPStatus(), Message: e.Message(), Rule: rule, Evidence: evidence, API: e}
}

// Codes of refusals that are not ModifyPrepayInstanceSpec errors. Their names follow the ECS
// and billing APIs' own (RenewInstance's NotEnoughBalance); the world decides them because the
// documents of respec's scope do not list them.
const (
	// CodeNotEnoughBalance: the balance does not cover a renewal or an order's payment (403).
	CodeNotEnoughBalance = "InvalidAccountStatus.NotEnoughBalance"
	// CodeOrderNotFound: the instance has no unpaid order with that OrderId (404).
	CodeOrderNotFound = "InvalidOrderId.NotFound"
	// CodeOrderAbnormal: an abnormal order can only be cancelled, not paid (403).
	CodeOrderAbnormal = "InvalidOrder.Abnormal"
	// CodeInvalidPeriod: a renewal's months are outside 1 to Limits.MaxRenewMonths (400).
	CodeInvalidPeriod = "InvalidPeriod"
)

// asAPIError returns the *errcodes.Error inside err (model's parser returns its refusals
// that way); anything else becomes an InternalError carrying err's text.
func asAPIError(err error) *errcodes.Error {
	var e *errcodes.Error
	if errors.As(err, &e) {
		return e
	}
	return errcodes.New(errcodes.InternalError, err.Error())
}
