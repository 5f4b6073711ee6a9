package reference

import (
	"math/big"
	"testing"
	"time"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// The reference is held to the documents' own worked examples, independently of the engine.

func setPrice(w *fuzz.World, id, p string) {
	w.Type(id).MonthlyPrice = map[string]decimal.Decimal{fuzz.BaseRegion: decimal.RequireFromString(p)}
}

func decide(t *testing.T, w fuzz.World) *Plan {
	t.Helper()
	f := w.Build()
	o := Decide(w.Now, &w.Request, &f)
	if o.Plan == nil {
		t.Fatalf("refused: %s %d %s", o.Rule, o.Status, o.Code)
	}
	return o.Plan
}

func wantAmount(t *testing.T, name string, got *big.Rat, want string) {
	t.Helper()
	if w, _ := new(big.Rat).SetString(want); got == nil || got.Cmp(w) != 0 {
		t.Errorf("%s = %v, want %s", name, got, want)
	}
}

// The documents' worked upgrade: USD 120 → 300 a month, 184 days left, factor 0.85 →
// (300 − 120) ÷ 30 × 184 × 0.85 = 938.40 (a catalog whose 0.85 tier starts at 6 months).
func TestDocumentsWorkedUpgrade(t *testing.T) {
	w := fuzz.Baseline()
	w.Catalog.Currency = "USD"
	setPrice(&w, fuzz.BaseType, "120")
	setPrice(&w, fuzz.BaseUpgrade, "300")
	w.Catalog.Discounts = []model.DurationDiscount{{MinMonths: 6, Factor: decimal.RequireFromString("0.85")}}
	w.Facts.Instance.ExpiredTime = w.Now.Add(184 * 24 * time.Hour)
	w.Facts.Instance.Orders[0].End = w.Facts.Instance.ExpiredTime
	p := decide(t, w)
	wantAmount(t, "TradePrice", p.Charge.TradePrice, "938.40")
	wantAmount(t, "OriginalPrice", p.Charge.OriginalPrice, "1104")
	wantAmount(t, "DiscountPrice", p.Charge.DiscountPrice, "165.60")
	if p.Charge.Hours != 184*24 || p.Charge.OrderStatus != "Paid" || p.When != "NextStart" {
		t.Errorf("charge %+v, effect %s", p.Charge, p.When)
	}
}

// The refund rules' printed example: a purchase at 100 a month for 2026 (365 days, list
// price and cash 1200), downgraded to 50 a month after 10 days: ratio 365/720, refund 583.33;
// under the one-basis reading ratio 0.5, refund 575.34.
func TestPrintedRefundExample(t *testing.T) {
	for _, tc := range []struct{ reading, ratio, refund string }{
		{model.RatioPrinted, "365/720", "583.33"},
		{model.RatioOneBasis, "1/2", "575.34"},
	} {
		w := fuzz.BaselineDowngrade()
		setPrice(&w, fuzz.BaseType, "100")
		setPrice(&w, fuzz.BaseDowngrade, "50")
		start, end := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
		in := &w.Facts.Instance
		in.CreationTime, in.ExpiredTime = start, end
		o := &in.Orders[0]
		o.Start, o.End, o.PaidAt = start, end, start
		o.ListPrice, o.CashPaid, o.Discount = decimal.NewFromInt(1200), decimal.NewFromInt(1200), decimal.NewFromInt(1)
		w.Now = start.Add(10 * 24 * time.Hour)
		w.Facts.Policy.RatioReading = tc.reading
		p := decide(t, w)
		or := p.Refund.Orders[0]
		wantAmount(t, tc.reading+" ratio", or.Ratio, tc.ratio)
		wantAmount(t, tc.reading+" consumed", Round(or.ConsumedFee, 2, model.RoundHalfUp), "49.32")
		wantAmount(t, tc.reading+" total", p.Refund.Total, tc.refund)
		wantAmount(t, tc.reading+" share", or.Refunded, tc.refund)
		if or.UsageDays != 10 || or.DurationDays != 365 || p.Downgrades != 1 {
			t.Errorf("%s: %+v", tc.reading, or)
		}
	}
}

func TestRound(t *testing.T) {
	for _, tc := range []struct {
		in, mode, want string
	}{
		{"1.005", model.RoundDown, "1"}, {"1.005", model.RoundUp, "1.01"}, {"1.005", model.RoundHalfUp, "1.01"},
		{"1.005", model.RoundHalfEven, "1"}, {"1.015", model.RoundHalfEven, "1.02"}, {"-1.005", model.RoundHalfUp, "-1.01"},
		{"-1.005", model.RoundDown, "-1"}, {"2/3", model.RoundHalfUp, "0.67"}, {"2/3", model.RoundDown, "0.66"},
	} {
		r, _ := new(big.Rat).SetString(tc.in)
		want, _ := new(big.Rat).SetString(tc.want)
		if got := Round(r, 2, tc.mode); got.Cmp(want) != 0 {
			t.Errorf("Round(%s, 2, %s) = %s, want %s", tc.in, tc.mode, got.FloatString(3), tc.want)
		}
	}
}

// Every rule of the table is reached by its own fault, with the status and code the README
// gives it; one check per row name.
func TestFaultsReachTheirRows(t *testing.T) {
	for _, f := range fuzz.Faults() {
		if f.Break == nil {
			continue
		}
		w := f.Base()
		f.Break(&w)
		fs := w.Build()
		o := Decide(w.Now, &w.Request, &fs)
		if o.Plan != nil || o.Code != f.ID.Code() || o.Status != f.ID.HTTPStatus() {
			t.Errorf("%s: got %d %s (%s), want %d %s", f.Name, o.Status, o.Code, o.Rule, f.ID.HTTPStatus(), f.ID.Code())
		}
	}
}
