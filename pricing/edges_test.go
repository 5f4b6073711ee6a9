package pricing

import (
	"errors"
	"testing"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

func TestAmountErrorText(t *testing.T) {
	cause := errors.New("is negative")
	if got, want := (&AmountError{Order: "o-1", Field: "CashPaid", Err: cause}).Error(), "pricing: order o-1: CashPaid is negative"; got != want {
		t.Errorf("with an order: %q, want %q", got, want)
	}
	if got, want := (&AmountError{Field: "list price", Err: cause}).Error(), "pricing: list price is negative"; got != want {
		t.Errorf("without an order: %q, want %q", got, want)
	}
}

// TestRoundInputExponentEdges: Round takes exponents from -48 to 30 and refuses the rest.
func TestRoundInputExponentEdges(t *testing.T) {
	for _, tc := range []struct {
		d    decimal.Decimal
		want string
		ok   bool
	}{
		{decimal.New(5, -48), "0.00", true},
		{decimal.New(5, -49), "", false},
		{decimal.New(123, -3), "0.12", true},
	} {
		got, err := Round(tc.d, 2, model.RoundDown)
		if (err == nil) != tc.ok || (tc.ok && got.StringFixed(2) != tc.want) {
			t.Errorf("Round(%s) = %s, %v", tc.d, got, err)
		}
		if !tc.ok && !errors.Is(err, ErrBadAmount) {
			t.Errorf("Round(%s): error %v does not match ErrBadAmount", tc.d, err)
		}
	}
}
