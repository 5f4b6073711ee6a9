package pricing

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// refundOrError is a refund as text (refundText) or its error's text.
func refundOrError(r *Refund, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	return refundText(*r)
}

// pricedAt returns t with its list price in inst's region as model.Catalog.PriceOf gives it.
func pricedAt(c *model.Catalog, inst *model.Instance, t *model.InstanceType) Priced {
	p, ok := c.PriceOf(t, inst.RegionID)
	if !ok {
		return Priced{Type: t}
	}
	return Priced{Type: t, Price: &p}
}

// faultAmount replaces one of o's amounts by an order amount of any kind: tame, beyond
// CheckDecimal's bounds, negative, a discount above 1 or a zero of any exponent.
func faultAmount(t *rapid.T, o *model.Order) {
	fields := []*decimal.Decimal{&o.ListPrice, &o.CashPaid, &o.VoucherPaid, &o.Discount}
	*fields[rapid.IntRange(0, len(fields)-1).Draw(t, "faultField")] = genOrderAmount(t, "fault")
}

// TestRefundMemoryIsRefund: RefundMemory.DowngradeRefund gives DowngradeRefund's refund or
// error, to the byte, whatever the memory read: each order's own reading, none, readings of
// fewer or more orders than the instance has, the reading of another order, and a reading
// taken again after its order turned faulty (which then stands for no order), on orders of
// which some have faulty or hostile amounts; a nil RefundMemory too.
func TestRefundMemoryIsRefund(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := genCompactScenario(t)
		orders := s.inst.Orders
		var m *RefundMemory
		if rapid.IntRange(0, 9).Draw(t, "memory") > 0 {
			m = new(RefundMemory)
		}
		n := rapid.IntRange(0, len(orders)+1).Draw(t, "readings")
		early := make([]bool, len(orders))
		for i := range min(n, len(orders)) {
			early[i] = rapid.Bool().Draw(t, "readBeforeFault")
			if early[i] {
				m.Read(i, &orders[i])
			}
		}
		changed := make([]bool, len(orders))
		for i := range orders {
			if rapid.IntRange(0, 4).Draw(t, "faulty") == 0 {
				faultAmount(t, &orders[i])
				changed[i] = true
			}
		}
		for i := range n {
			// A reading of an order that changed since must be taken again (or replaced).
			stale := i < len(orders) && early[i] && changed[i]
			switch rapid.IntRange(0, 2).Draw(t, "reading") {
			case 0:
				if i < len(orders) {
					m.Read(i, &orders[i])
				}
			case 2:
				if stale {
					m.Read(i, &orders[i])
				}
			case 1:
				if len(orders) > 0 {
					m.Read(i, &orders[rapid.IntRange(0, len(orders)-1).Draw(t, "other")])
				}
			}
		}
		c := s.catalog(t)
		from, _ := c.Type(s.from)
		to, _ := c.Type(s.to)
		want := refundOrError(DowngradeRefund(s.now, &s.inst, from, to, c, &s.pol))
		got := refundOrError(m.DowngradeRefundPriced(s.now, &s.inst, pricedAt(c, &s.inst, from), pricedAt(c, &s.inst, to), c, &s.pol))
		if got != want {
			t.Fatalf("with the readings:\n%s\nwithout:\n%s", got, want)
		}
	})
}

// oneOrder is an instance of ecs.g6.xlarge with one purchase of 600 paid for March 2026, and a
// clock in it.
func oneOrder() (*model.Instance, time.Time) {
	o := purchase(at("2026-03-01T00:00:00Z"), at("2026-04-01T00:00:00Z"), "600", "600")
	inst := &model.Instance{RegionID: region, InstanceType: "ecs.g6.xlarge", ExpiredTime: o.End, Orders: []model.Order{o}}
	return inst, at("2026-03-10T08:30:00Z")
}

// pricedRefund is m.DowngradeRefundPriced with from and to priced as c prices them in inst's
// region, under pol(), as text (refundOrError).
func pricedRefund(m *RefundMemory, now time.Time, inst *model.Instance, from, to *model.InstanceType, c *model.Catalog) string {
	return refundOrError(m.DowngradeRefundPriced(now, inst, pricedAt(c, inst, from), pricedAt(c, inst, to), c, pol()))
}

// TestReadingIsUsed: the refund takes an order's amounts from its reading and does not read
// the order again: a reading of 600 paid stands for the order even after its CashPaid was
// changed (which a caller must not do), the reading of a faulty order stands for none, and
// Read answers as CheckOrder does.
func TestReadingIsUsed(t *testing.T) {
	c := testCatalog(t)
	from, to := typ(t, c, "ecs.g6.xlarge"), typ(t, c, "ecs.g6.large")
	inst, now := oneOrder()
	var m RefundMemory
	if field, err := m.Read(0, &inst.Orders[0]); field != "" || err != nil {
		t.Fatalf("Read: %q %v", field, err)
	}
	want := refundOrError(DowngradeRefund(now, inst, from, to, c, pol()))
	inst.Orders[0].CashPaid = d("1")
	if got := pricedRefund(&m, now, inst, from, to, c); got != want {
		t.Fatalf("the reading was not used:\n%s\nwant:\n%s", got, want)
	}
	inst.Orders[0].CashPaid = d("-1")
	var again RefundMemory
	again.Read(0, &inst.Orders[0])
	inst.Orders[0].CashPaid = d("600")
	if got := pricedRefund(&again, now, inst, from, to, c); got != want {
		t.Fatalf("a reading of another order's state was used:\n%s\nwant:\n%s", got, want)
	}
	inst.Orders[0].CashPaid = d("-1")
	if field, err := m.Read(0, &inst.Orders[0]); field != "CashPaid" || err != model.ErrDecimalNegative {
		t.Fatalf("Read of a negative CashPaid: %q %v", field, err)
	}
	if got := pricedRefund(&m, now, inst, from, to, c); !strings.HasPrefix(got, "error: ") {
		t.Fatalf("the reading of a faulty order priced it: %s", got)
	}
}

// TestPricedRefundErrors: DowngradeRefundPriced refuses what DowngradeRefund refuses, with the
// same error: a type not priced in the region (ecs.g6.nopr, as from and as to), a nil type, a
// nil instance and a nil catalog; a nil RefundMemory answers as a new one.
func TestPricedRefundErrors(t *testing.T) {
	c := testCatalog(t)
	xl, nopr := typ(t, c, "ecs.g6.xlarge"), typ(t, c, "ecs.g6.nopr")
	inst, now := oneOrder()
	for _, tc := range []struct {
		name     string
		inst     *model.Instance
		from, to *model.InstanceType
		cat      *model.Catalog
	}{
		{"from unpriced", inst, nopr, xl, c},
		{"to unpriced", inst, xl, nopr, c},
		{"nil from", inst, nil, xl, c},
		{"nil to", inst, xl, nil, c},
		{"nil instance", nil, xl, nopr, c},
		{"nil catalog", inst, xl, nopr, nil},
	} {
		_, want := DowngradeRefund(now, tc.inst, tc.from, tc.to, tc.cat, pol())
		from, to := Priced{Type: tc.from}, Priced{Type: tc.to}
		if tc.cat != nil && tc.inst != nil && tc.from != nil && tc.to != nil {
			from, to = pricedAt(tc.cat, tc.inst, tc.from), pricedAt(tc.cat, tc.inst, tc.to)
		}
		var m *RefundMemory
		r, got := m.DowngradeRefundPriced(now, tc.inst, from, to, tc.cat, pol())
		if want == nil || got == nil || got.Error() != want.Error() || r != nil {
			t.Errorf("%s: %v, %v; DowngradeRefund: %v", tc.name, r, got, want)
		}
	}
	if _, err := DowngradeRefund(now, inst, nopr, xl, c, pol()); !errors.Is(err, ErrNoPrice) {
		t.Errorf("unpriced from: %v, want ErrNoPrice", err)
	}
}
