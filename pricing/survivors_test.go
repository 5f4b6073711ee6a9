package pricing

// Tests for mutants that survived the rest of the suite (testdata/mutation/survivors.txt): each
// pins down an answer that a flipped comparison would alter.

import (
	"testing"

	"github.com/respec-dev/respec/model"
)

// TestOneBasisOwnTypePricedZero: under the one-basis reading a base order whose own type the
// catalog prices at 0 falls back to the order's own daily unit price, as for a type the catalog
// does not price (ownPrice wants a positive price): 600 for 30 days is 20 a day, so the
// ratio is (600 − 300) ÷ 30 ÷ 20 = 0.5, not 0.
func TestOneBasisOwnTypePricedZero(t *testing.T) {
	c := catalogWith(t, nil, itype("ecs.g6.large", 2, "300"), itype("ecs.g6.xlarge", 4, "600"),
		itype("ecs.g6.free", 4, "0"))
	p := withReading(pol(), model.RatioOneBasis)
	for _, own := range []string{"ecs.g6.free", "ecs.g6.gone"} {
		o := purchase(at("2026-01-01T00:00:00Z"), at("2026-01-31T00:00:00Z"), "600", "600")
		o.InstanceType = own
		r := down(t, c, p, "2026-01-10T00:00:00Z", "ecs.g6.xlarge", "ecs.g6.large", o)
		eqDec(t, own+" ratio", r.Orders[0].Ratio, "0.5")
		// refundable = 600 − 20 × 9 days × 1.5 (under a month) = 330; half of it.
		eqDec(t, own+" amount", r.Orders[0].Amount, "165")
		eqDec(t, own+" total", r.Total, "165")
	}
}
