package pricing

import (
	"errors"
	"testing"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func TestRoundModes(t *testing.T) {
	cases := []struct {
		in                       string
		places                   int32
		halfUp, halfEven, dn, up string
	}{
		{"0.125", 2, "0.13", "0.12", "0.12", "0.13"},
		{"0.135", 2, "0.14", "0.14", "0.13", "0.14"},
		{"-0.125", 2, "-0.13", "-0.12", "-0.12", "-0.13"},
		{"175.2001", 3, "175.2", "175.2", "175.2", "175.201"},
		{"2.5", 0, "3", "2", "2", "3"},
		{"3.5", 0, "4", "4", "3", "4"},
		{"1.005", 2, "1.01", "1", "1", "1.01"},
		{"1.0049999999999999999999", 2, "1", "1", "1", "1.01"},
		{"7", 2, "7", "7", "7", "7"},
		{"0", 2, "0", "0", "0", "0"},
	}
	for _, c := range cases {
		for mode, want := range map[string]string{
			model.RoundHalfUp: c.halfUp, model.RoundHalfEven: c.halfEven, model.RoundDown: c.dn, model.RoundUp: c.up,
		} {
			got, err := Round(d(c.in), c.places, mode)
			if err != nil {
				t.Fatalf("Round(%s, %d, %s): %v", c.in, c.places, mode, err)
			}
			if !got.Equal(d(want)) {
				t.Errorf("Round(%s, %d, %s) = %s, want %s", c.in, c.places, mode, got, want)
			}
		}
	}
}

func TestRoundErrors(t *testing.T) {
	if _, err := Round(d("1.5"), 2, "banker"); !errors.Is(err, ErrBadAmount) {
		t.Errorf("unknown mode: %v", err)
	}
	if _, err := Round(d("1.5"), 25, model.RoundUp); !errors.Is(err, ErrBadAmount) {
		t.Errorf("places 25: %v", err)
	}
	if _, err := Round(d("1.5"), -1, model.RoundUp); !errors.Is(err, ErrBadAmount) {
		t.Errorf("places -1: %v", err)
	}
	if _, err := Round(decimal.New(1, -100000000), 2, model.RoundUp); !errors.Is(err, ErrBadAmount) {
		t.Errorf("1e-100000000: %v", err)
	}
	// A value already within places is returned as is, however large its exponent.
	if got, err := Round(decimal.New(1, 100000000), 2, model.RoundUp); err != nil || got.Exponent() != 100000000 {
		t.Errorf("1e100000000: %v %v", got.Exponent(), err)
	}
}

// TestRoundMatchesShopspring holds Round to shopspring/decimal's rounding functions, whose
// semantics the modes name: Round (half away from zero), RoundBank, RoundDown (toward zero),
// RoundUp (away from zero).
func TestRoundMatchesShopspring(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := decimal.New(rapid.Int64Range(-1e15, 1e15).Draw(t, "c"), int32(rapid.IntRange(-20, 3).Draw(t, "exp")))
		places := int32(rapid.IntRange(0, 6).Draw(t, "places"))
		for mode, want := range map[string]decimal.Decimal{
			model.RoundHalfUp: v.Round(places), model.RoundHalfEven: v.RoundBank(places),
			model.RoundDown: v.RoundDown(places), model.RoundUp: v.RoundUp(places),
		} {
			got, err := Round(v, places, mode)
			if err != nil || !got.Equal(want) {
				t.Fatalf("Round(%s, %d, %s) = %s, %v; want %s", v, places, mode, got, err, want)
			}
		}
	})
}
