package fleet

import (
	"testing"

	"github.com/shopspring/decimal"
)

// BenchmarkHeadline500 runs the headline plan (500 resizes on one account, with the summary
// and the attribution of every refusal) on the 500-instance world.
func BenchmarkHeadline500(b *testing.B) {
	charge, refund := unitMoney(b)
	balance := charge.Mul(decimal.NewFromInt(100)).Sub(refund.Mul(decimal.NewFromInt(3))).Add(charge.Div(decimal.NewFromInt(2))).Truncate(2)
	w := headlineWorld(b, balance)
	p := headlinePlan()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(w, p); err != nil {
			b.Fatal(err)
		}
	}
}
