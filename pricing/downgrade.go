package pricing

import (
	"math"
	"math/bits"
	"time"

	"github.com/respec-dev/respec/internal/exact"
	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// Refund is the refund of a downgrade.
type Refund struct {
	// Total is what is refunded: Exact rounded by policy.RefundRounding to
	// policy.CurrencyPlaces, never above the cash paid for the orders (rounded down to
	// CurrencyPlaces) and never negative.
	Total decimal.Decimal
	// Exact is the sum of the orders' Amount, unrounded (MaxPlaces decimals).
	Exact decimal.Decimal
	// VoucherWithheld is the sum of VoucherPaid over the orders with a refund: vouchers are
	// never refunded.
	VoucherWithheld decimal.Decimal
	// Currency is the catalog's currency.
	Currency string
	// RatioReading is the reading of the refund rules that priced the price-difference
	// ratios: model.RatioPrinted or model.RatioOneBasis.
	RatioReading string
	// Orders has one entry per order of the instance, in the instance's order.
	Orders []OrderRefund
	// RefundedVCPUHours is (from.CPU − to.CPU) × the hours from now to the instance's expiry
	// (a started hour counts whole); 0 when not positive.
	RefundedVCPUHours int64 `json:"RefundedVcpuHours"`
}

// OrderRefund is one order's part of a Refund. The decimal fields are exact values rounded
// half-up to MaxPlaces decimals; each is computed from the order's exact figures, not from
// the other rounded fields.
type OrderRefund struct {
	// OrderID and Kind are the order's.
	OrderID string `json:"OrderId"`
	Kind    string
	// UsageDays is the days used at the change (every started day counts whole; 0 for an
	// order that has not started).
	UsageDays int64
	// DurationDays is the order's length in days: rounded down (current rule) or counted in
	// 30-day months (2022 rule); at least 1.
	DurationDays int64
	// DailyUnitPrice is ListPrice ÷ DurationDays.
	DailyUnitPrice decimal.Decimal
	// ConsumedFee is DailyUnitPrice × UsageDays × discount (× the under-a-month factor).
	ConsumedFee decimal.Decimal
	// OnlineRefundable is CashPaid − ConsumedFee (may be negative).
	OnlineRefundable decimal.Decimal
	// Ratio is the price-difference ratio in [0, 1].
	Ratio decimal.Decimal
	// Amount is max(0, OnlineRefundable × Ratio): this order's refund, unrounded.
	Amount decimal.Decimal
	// Refunded is this order's share of Refund.Total, at policy.CurrencyPlaces: the shares
	// add up to Total exactly. Each order gets its Amount rounded down, and the cents
	// (units of the last place) still missing go one each to the orders with the largest
	// discarded remainders (the earlier order first on equal remainders).
	Refunded decimal.Decimal
	// VoucherWithheld is the order's VoucherPaid when Amount > 0, else 0.
	VoucherWithheld decimal.Decimal
	// Destination is where this order's refund goes (see Destination).
	Destination string
}

// MaxOrders is the most orders Downgrade accepts for one instance.
const MaxOrders = 1000

// frac is the exact fraction n/d, d > 0.
type frac struct{ n, d exact.Int }

func fsub(a, b frac) frac {
	if exact.Cmp(a.d, b.d) == 0 {
		return frac{exact.Sub(a.n, b.n), a.d}
	}
	return frac{exact.Sub(exact.Mul(a.n, b.d), exact.Mul(b.n, a.d)), exact.Mul(a.d, b.d)}
}

func fcmp(a, b frac) int {
	if exact.Cmp(a.d, b.d) == 0 {
		return exact.Cmp(a.n, b.n)
	}
	return exact.Cmp(exact.Mul(a.n, b.d), exact.Mul(b.n, a.d))
}

// ow is the working state of one order.
type ow struct {
	list, cash, voucher, disc amt // validated amounts; disc is the discount applied
	bandHi, bandLo            amt // catalog monthly prices of an upgrade's new and old type
	band                      bool
	dur, usage                int64
	factor                    bool // the under-a-month factor applies
	active                    bool // End > now: something of the order remains
	upgrade                   bool
	// own: the one-basis reading prices this base order's daily price from the catalog's
	// monthly price ownM of the order's own type.
	own  bool
	ownM amt
	// amount is the order's refund at scale 10^MaxPlaces, then (allot) its share of the
	// total at 10^places; rem is what rounding that share down discarded.
	amount, rem exact.Int
	// The price-difference ratio is 0 (ratioZero), 1 (ratioOne) or else given by rn/rd: for
	// an upgrade layer the ratio itself, for a base order the remainder R of the daily gap
	// (ratio = R ÷ daily unit price). a is the part of the daily gap an upgrade layer takes.
	ratioZero, ratioOne bool
	rn, rd              exact.Int
	a                   frac
}

type refundRule struct {
	policy
	is2022   bool
	oneBasis bool
	reading  string
	factor   amt
	offset   time.Duration
}

func refundPolicy(p *model.Policy) (refundRule, error) {
	if p == nil {
		return refundRule{}, badAmount("policy", errNil)
	}
	pol, err := checkPolicy(p.CurrencyPlaces, p.RefundRounding, "policy RefundRounding")
	if err != nil {
		return refundRule{}, err
	}
	r := refundRule{policy: pol, reading: model.RatioPrinted}
	switch p.RatioReading {
	case model.RatioPrinted, "":
	case model.RatioOneBasis:
		r.oneBasis, r.reading = true, model.RatioOneBasis
	default:
		return refundRule{}, badAmount("policy RatioReading "+quote(p.RatioReading), errReading)
	}
	switch p.RefundRule {
	case model.RefundCurrent:
		f, err := load(p.UnderMonthFactor, false)
		if err != nil {
			return refundRule{}, badAmount("policy UnderMonthFactor", err)
		}
		if f.cmpOne() < 0 {
			return refundRule{}, badAmount("policy UnderMonthFactor", errFactor)
		}
		r.factor = f
	case model.Refund2022:
		r.is2022 = true
		if p.BillingUTCOffsetMinutes < -24*60 || p.BillingUTCOffsetMinutes > 24*60 {
			return refundRule{}, badAmount("policy BillingUTCOffsetMinutes", errSpan)
		}
		r.offset = time.Duration(p.BillingUTCOffsetMinutes) * time.Minute
	default:
		return refundRule{}, badAmount("policy RefundRule "+quote(p.RefundRule), errRule)
	}
	return r, nil
}

// Downgrade computes the refund for changing inst from -> to at now, order by order (see
// the package documentation for every formula and decision). The monthly list prices are
// those of inst.RegionID.
//
// Errors: a missing price of from or to matches ErrNoPrice; a nil argument, a bad policy
// setting, more than MaxOrders orders, or an order with an unknown Kind, an End not after
// its Start, a span over 100 years, an amount that fails model.CheckDecimal or a Discount
// above 1 match ErrBadAmount and name the order and field.
func Downgrade(now time.Time, inst *model.Instance, from, to *model.InstanceType, cat *model.Catalog, p *model.Policy) (Refund, error) {
	return downgrade(now, inst, from, to, cat, p, true)
}

// downgrade is Downgrade by the compact path where it can take the refund when compact is
// set, else always by the general one (the tests hold the two to each other).
func downgrade(now time.Time, inst *model.Instance, from, to *model.InstanceType, cat *model.Catalog, p *model.Policy, compact bool) (Refund, error) {
	var out Refund
	if err := downgradeLookingUp(&out, now, inst, from, to, cat, p, refundOptions{compact: compact}); err != nil {
		return Refund{}, err
	}
	return out, nil
}

// DowngradeRefund is Downgrade with the refund returned by pointer: for an instance of up to
// two orders the Refund, its orders and its decimals are held in one allocation (Downgrade
// takes two, and a caller that keeps the Refund by pointer a third).
func DowngradeRefund(now time.Time, inst *model.Instance, from, to *model.InstanceType, cat *model.Catalog, p *model.Policy) (*Refund, error) {
	var out *Refund
	var m *refundMemory
	if inst != nil && len(inst.Orders) <= len(m.orders) {
		m = new(refundMemory)
		out = &m.r
	} else {
		out = new(Refund)
	}
	if err := downgradeLookingUp(out, now, inst, from, to, cat, p, refundOptions{compact: true, mem: m}); err != nil {
		return nil, err
	}
	return out, nil
}

// RefundMemory is the memory of one downgrade's refund (the Refund, and for up to two orders
// its orders and its decimals) with the readings of the instance's first two orders: a caller
// that checks the orders (Read) before it asks for the refund (DowngradeRefundPriced) reads
// them once, and the refund takes no allocation beyond the RefundMemory. The refund points
// into it: a RefundMemory serves one refund.
type RefundMemory struct {
	// readings are the readings of the instance's first orders (Read).
	readings [2]orderReading
	m        refundMemory
}

// Read reads order o, the instance's order i, as Downgrade reads it and reports the first
// reason it cannot be priced: CheckOrder's answer. The readings of the first two orders are
// kept in m for DowngradeRefundPriced; a nil m keeps none.
func (m *RefundMemory) Read(i int, o *model.Order) (field string, err error) {
	if m != nil && i < len(m.readings) {
		return m.readings[i].read(o)
	}
	var spare orderReading
	return spare.read(o)
}

// DowngradeRefundPriced is DowngradeRefund for a caller that holds both types' list prices in
// the instance's region (from and to as model.Catalog.PriceOf gives them, Price nil where the
// type is not priced there), the refund held in m: the same refund or the same error, the
// region and the prices not looked up again, and the orders m read (Read) taken from their
// readings, not read again (they must not have changed since). An order m has not read (a
// later one, or another instance's) is read and checked as DowngradeRefund does, so the
// answer is the same whatever m read. A nil m takes a RefundMemory of its own.
func (m *RefundMemory) DowngradeRefundPriced(now time.Time, inst *model.Instance, from, to Priced, cat *model.Catalog, p *model.Policy) (*Refund, error) {
	if m == nil {
		m = new(RefundMemory)
	}
	if err := downgradeInto(&m.m.r, now, inst, from, to, cat, p, refundOptions{compact: true, mem: &m.m, readings: m.readings[:]}); err != nil {
		return nil, err
	}
	return &m.m.r, nil
}

// refundMemory is the memory of a refund of up to two orders: the Refund, its orders and the
// coefficients of its decimals.
type refundMemory struct {
	r      Refund
	orders [2]OrderRefund
	slots  [2*decimalsPerOrder + decimalsPerRefund]exact.Slot
}

// refundRun is what pricing one refund shares: the clock, the orders, the monthly prices of
// the two types, the rule, the scale's decimals, the number of upgrade layers in force, the
// currency and the memory of the result (nil: its own). The orders' working state is passed
// apart, so that it stays on the stack.
type refundRun struct {
	now      time.Time
	orders   []model.Order
	mf, mt   amt
	rule     refundRule
	P        int32
	nUp      int
	currency string
	mem      *refundMemory
}

// refundOptions are how one refund is priced: by the compact path where it can take it when
// compact is set (else always by the general one), the refund held in mem (nil: allocated),
// the orders that readings holds (RefundMemory.Read) not read again.
type refundOptions struct {
	compact  bool
	mem      *refundMemory
	readings []orderReading
}

// downgradeLookingUp is downgradeInto with the list prices of from and to in the instance's
// region looked up in cat.
func downgradeLookingUp(out *Refund, now time.Time, inst *model.Instance, from, to *model.InstanceType, cat *model.Catalog, p *model.Policy, opt refundOptions) error {
	if err := checkDowngradeArgs(inst, from, to, cat); err != nil {
		return err
	}
	r := cat.RegionIndex(inst.RegionID)
	var pf, pt model.ListPrice
	return downgradeInto(out, now, inst, pricedIn(cat, from, r, inst.RegionID, &pf), pricedIn(cat, to, r, inst.RegionID, &pt), cat, p, opt)
}

// downgradeInto is Downgrade from and to priced as given, priced as opt says, the refund
// written to out, which is zero, and left so on an error.
func downgradeInto(out *Refund, now time.Time, inst *model.Instance, from, to Priced, cat *model.Catalog, p *model.Policy, opt refundOptions) error {
	if err := checkDowngradeArgs(inst, from.Type, to.Type, cat); err != nil {
		return err
	}
	rule, err := refundPolicy(p)
	if err != nil {
		return err
	}
	mf, mt, hours, err := downgradeBounds(now, inst, from, to)
	if err != nil {
		return err
	}
	run := refundRun{now: now, orders: inst.Orders, mf: mf, mt: mt, rule: rule, currency: cat.Currency(), mem: opt.mem}
	// The working state on the stack for up to four orders; the buffer of two for the most
	// common instances (a purchase and a renewal) is half the memory to zero.
	var ws []ow
	switch n := len(run.orders); {
	case n <= 2:
		var buf [2]ow
		ws = buf[:n]
	case n <= 4:
		var buf [4]ow
		ws = buf[:n]
	default:
		ws = make([]ow, n)
	}
	// Usage and duration of every order, and the scale every amount is held at.
	run.P, run.nUp, err = prepareOrders(ws, now, run.orders, opt.readings, cat, inst.RegionID, &run.rule, max(mf.places(), mt.places()))
	if err != nil {
		return err
	}
	if !opt.compact || !run.compact(out, ws) {
		run.general(out, ws)
	}
	out.RefundedVCPUHours = vcpuHours(from.Type.CPU, to.Type.CPU, hours)
	return nil
}

// general prices the refund of the orders prepared in ws by the general path, into out:
// exact fractions of Ints.
func (run *refundRun) general(out *Refund, ws []ow) {
	orders, P, nUp := run.orders, run.P, run.nUp
	sc := newScales(P)
	// Ratio layers. D: the daily price gap the downgrade removes.
	D := frac{exact.Sub(run.mf.scaled(P), run.mt.scaled(P)), sc.thirtyS}
	allocateUpgrades(orders, ws, nUp, D, sc.S, sc.thirtyS, P)
	baseRatios(orders, ws, nUp, D, sc)
	// Consumed fee, refundable, amount and destination of every order, then the totals.
	var slab exact.Slab
	s := &slab
	run.newRefund(out, s)
	var sum refundSums
	for i := range ws {
		r, w, o := &out.Orders[i], &ws[i], &orders[i]
		sum.count(i, r, w, o, refundOrder(r, w, o, run.now, run.rule, sc, s), P)
	}
	sum.finish(out, orders, ws, &run.rule, P, s)
}

// checkDowngradeArgs refuses a nil instance, instance type or catalog.
func checkDowngradeArgs(inst *model.Instance, from, to *model.InstanceType, cat *model.Catalog) error {
	if inst == nil {
		return badAmount("instance", errNil)
	}
	return checkTypesAndCatalog(from, to, cat)
}

// checkTypesAndCatalog refuses a nil instance type or catalog.
func checkTypesAndCatalog(from, to *model.InstanceType, cat *model.Catalog) error {
	if from == nil || to == nil {
		return badAmount("instance type", errNil)
	}
	if cat == nil {
		return badAmount("catalog", errNil)
	}
	return nil
}

// downgradeBounds returns the monthly list prices of from and to in the instance's region
// (validated) and the billed hours to its expiry, after checking the CPU counts and the
// number of orders.
func downgradeBounds(now time.Time, inst *model.Instance, from, to Priced) (mf, mt amt, hours int64, err error) {
	if mf, err = monthlyOf(from, inst.RegionID); err != nil {
		return amt{}, amt{}, 0, err
	}
	if mt, err = monthlyOf(to, inst.RegionID); err != nil {
		return amt{}, amt{}, 0, err
	}
	hours, ok := billedHours(now, inst.ExpiredTime)
	switch {
	case !ok:
		return amt{}, amt{}, 0, badAmount("time to ExpiredTime", errSpan)
	case from.Type.CPU < 0 || to.Type.CPU < 0:
		return amt{}, amt{}, 0, badAmount("CpuCoreCount", model.ErrDecimalNegative)
	case len(inst.Orders) > MaxOrders:
		return amt{}, amt{}, 0, badAmount("orders", errTooMany)
	}
	return mf, mt, hours, nil
}

// prepareOrders fills ws, one zero entry an order, with the working state of every order (see
// prepare; the amounts of an order readings holds are taken from it) and returns the number
// of decimals P every amount needs (at least minP) and the number of active upgrade orders.
func prepareOrders(ws []ow, now time.Time, orders []model.Order, readings []orderReading, cat *model.Catalog, region string, rule *refundRule, minP int32) (int32, int, error) {
	P, nUp := minP, 0
	for i := range orders {
		w := &ws[i]
		if err := prepare(w, now, &orders[i], i, readings, cat, region, rule); err != nil {
			return 0, 0, err
		}
		P = max(P, w.places(rule))
		if w.upgrade && w.active {
			nUp++
		}
	}
	return P, nUp, nil
}

// places is the number of decimals the order's amounts need.
func (w *ow) places(rule *refundRule) int32 {
	P := max(w.list.places(), w.cash.places(), w.voucher.places(), w.disc.places())
	if w.factor {
		P = max(P, rule.factor.places())
	}
	if w.band {
		P = max(P, w.bandHi.places(), w.bandLo.places())
	}
	if w.own {
		P = max(P, w.ownM.places())
	}
	return P
}

// scales are the fixed-point scales of one downgrade: amounts are integers at S = 10^P.
type scales struct {
	P                  int32
	S, S2, S3, thirtyS exact.Int // 10^P, its square and cube, and 30·10^P
}

func newScales(P int32) scales {
	S := exact.MulPow10(exact.OfUint(1), P)
	S2 := exact.Mul(S, S)
	return scales{P: P, S: S, S2: S2, S3: exact.Mul(S2, S), thirtyS: exact.Mul(exact.OfUint(30), S)}
}

// baseRatios sets the price-difference ratio of every active base order: the remainder R of
// the daily gap D once the upgrade layers overlapping the order have taken theirs, over the
// order's daily price, at most 1.
func baseRatios(orders []model.Order, ws []ow, nUp int, D frac, sc scales) {
	for i := range ws {
		w := &ws[i]
		if w.upgrade || !w.active {
			continue
		}
		R := D
		if nUp > 0 {
			R = lessOverlappingLayers(R, orders, ws, i)
		}
		// The order's daily price bn/bd: its daily unit price L ÷ (S·dur) (printed reading),
		// or its own type's catalog monthly price ÷ 30 (one-basis reading).
		bn, bd := w.list.scaled(sc.P), exact.Mul(sc.S, exact.Of(w.dur))
		if w.own {
			bn, bd = w.ownM.scaled(sc.P), sc.thirtyS
		}
		if R.n.Sign() <= 0 || bn.Sign() == 0 {
			w.ratioZero = true
			continue
		}
		// ratio = R ÷ (bn ÷ bd), at most 1.
		w.rn, w.rd = exact.Mul(R.n, bd), exact.Mul(R.d, bn)
		if exact.Cmp(w.rn, w.rd) >= 0 {
			w.ratioOne = true
		}
	}
}

// lessOverlappingLayers returns R less the part of the daily gap taken by every active
// upgrade order whose span overlaps that of base order i.
func lessOverlappingLayers(R frac, orders []model.Order, ws []ow, i int) frac {
	for j := range ws {
		u := &ws[j]
		if u.upgrade && u.active && u.a.n.Sign() != 0 &&
			orders[j].Start.Before(orders[i].End) && orders[i].Start.Before(orders[j].End) {
			R = fsub(R, u.a)
		}
	}
	return R
}

// decimalsPerOrder and decimalsPerRefund are the most decimals a refund's order and its
// totals build (an order's daily unit price, consumed fee, refundable, ratio, amount and share;
// the refund's exact sum, total and vouchers).
const decimalsPerOrder, decimalsPerRefund = 6, 3

// newRefund sets out to a Refund with a zero entry per order, and slab to hold every decimal
// the refund builds (see memory).
func (run *refundRun) newRefund(out *Refund, slab *exact.Slab) {
	orders, slots := run.memory()
	slab.Chunk = len(slots)
	slab.Give(slots)
	*out = Refund{Currency: run.currency, RatioReading: run.rule.reading, Orders: orders}
}

// memory returns the rows of the refund's orders and the slots of every decimal it builds:
// run's memory when it holds them, else two allocations whatever the number of orders (none
// for no order).
func (run *refundRun) memory() ([]OrderRefund, []exact.Slot) {
	n := len(run.orders)
	if m := run.mem; m != nil && n <= len(m.orders) {
		return m.orders[:n:n], m.slots[:]
	}
	if n == 0 {
		return []OrderRefund{}, nil
	}
	return make([]OrderRefund, n), make([]exact.Slot, decimalsPerOrder*n+decimalsPerRefund)
}

// refundOrder fills r, which is zero, with order o's days, daily unit price, consumed fee,
// refundable amount, ratio, amount and destination, and returns the amount at 10^MaxPlaces
// (zero when nothing is refunded).
func refundOrder(r *OrderRefund, w *ow, o *model.Order, now time.Time, rule refundRule, sc scales, s *exact.Slab) exact.Int {
	L := w.list.scaled(sc.P)
	C := w.cash.scaled(sc.P)
	// consumed = L·u·disc·factor / (S³·dur); refundable = C − consumed.
	nc := exact.Mul(exact.Mul(L, exact.Of(w.usage)), w.disc.scaled(sc.P))
	if w.factor {
		nc = exact.Mul(nc, rule.factor.scaled(sc.P))
	} else {
		nc = exact.Mul(nc, sc.S)
	}
	dc := exact.Mul(sc.S3, exact.Of(w.dur))
	nr := exact.Sub(exact.Mul(exact.Mul(C, sc.S2), exact.Of(w.dur)), nc)
	refundable := exact.Quo(nr, dc, MaxPlaces, exact.HalfUp)
	r.setHeader(w, o, now)
	r.DailyUnitPrice = slabDecimal(s, exact.Quo(L, exact.Mul(sc.S, exact.Of(w.dur)), MaxPlaces, exact.HalfUp), -MaxPlaces)
	r.ConsumedFee = slabDecimal(s, exact.Quo(nc, dc, MaxPlaces, exact.HalfUp), -MaxPlaces)
	r.OnlineRefundable = slabDecimal(s, refundable, -MaxPlaces)
	var amount exact.Int
	switch {
	case w.ratioZero || !w.active:
		w.ratioZero = true
	case w.ratioOne:
		r.Ratio = one
		if nr.Sign() > 0 {
			amount = refundable
			r.Amount = r.OnlineRefundable // the same value: share the decimal
		}
	default:
		// ratio = rn / rd; amount = nr·rn / (dc·rd).
		r.Ratio = slabDecimal(s, exact.Quo(w.rn, w.rd, MaxPlaces, exact.HalfUp), -MaxPlaces)
		if nr.Sign() > 0 {
			amount = exact.Quo(exact.Mul(nr, w.rn), exact.Mul(dc, w.rd), MaxPlaces, exact.HalfUp)
			if amount.Sign() > 0 {
				r.Amount = s.Decimal(amount, -MaxPlaces)
			}
		}
	}
	if amount.Sign() <= 0 {
		r.Amount = decimal.Decimal{}
		return exact.Int{}
	}
	return amount
}

// setHeader sets what of r, which is zero, does not depend on the arithmetic: order o's ID,
// kind, days and destination (field by field: the rest of r is not written twice).
func (r *OrderRefund) setHeader(w *ow, o *model.Order, now time.Time) {
	r.OrderID, r.Kind, r.UsageDays, r.DurationDays = o.OrderID, o.Kind, w.usage, w.dur
	r.Destination = Destination(o.PaymentMethod, o.PaidAt, now)
}

// slabDecimal is s.Decimal(x, exp), the zero decimal for a zero x without asking the slab.
func slabDecimal(s *exact.Slab, x exact.Int, exp int32) decimal.Decimal {
	if x.Sign() == 0 {
		return decimal.Decimal{}
	}
	return s.Decimal(x, exp)
}

// refundSums accumulates the orders' exact amounts, cash paid and withheld vouchers.
type refundSums struct {
	exact, cash, voucher  exact.Int
	nVoucher, lastVoucher int
}

// count counts order i, whose refund is r and whose exact amount is amount; the cash and
// vouchers are summed at 10^P.
func (t *refundSums) count(i int, r *OrderRefund, w *ow, o *model.Order, amount exact.Int, P int32) {
	t.cash = exact.Add(t.cash, w.cash.scaled(P))
	if amount.Sign() <= 0 {
		return
	}
	w.amount = amount
	t.exact = exact.Add(t.exact, amount)
	if w.voucher.c.Sign() != 0 {
		r.VoucherWithheld = o.VoucherPaid
		t.voucher = exact.Add(t.voucher, w.voucher.scaled(P))
		t.nVoucher++
		t.lastVoucher = i
	}
}

// finish sets out's Exact, Total (rounded by policy, capped at the cash paid rounded down,
// never negative), the orders' shares of it and VoucherWithheld; the sums are at 10^P.
func (t *refundSums) finish(out *Refund, orders []model.Order, ws []ow, rule *refundRule, P int32, s *exact.Slab) {
	out.Exact = slabDecimal(s, t.exact, -MaxPlaces)
	total := exact.Shift(t.exact, MaxPlaces-rule.places, rule.mode)
	if limit := cashLimit(t.cash, P, rule.places); exact.Cmp(total, limit) > 0 {
		total = limit
	}
	if total.Sign() < 0 {
		total = exact.Int{}
	}
	out.Total = slabDecimal(s, total, -rule.places)
	allot(out.Orders, ws, total, rule.places, s)
	switch t.nVoucher {
	case 0:
	case 1:
		out.VoucherWithheld = orders[t.lastVoucher].VoucherPaid
	default:
		out.VoucherWithheld = s.Decimal(t.voucher, -P)
	}
}

// cashLimit is what a refund may not exceed: the cash paid (cash, at 10^P) rounded down to
// places decimals, Quo(cash, 10^P, places, Down), as one multiplication or one division by a
// power of ten.
func cashLimit(cash exact.Int, P, places int32) exact.Int {
	if places >= P {
		return exact.MulPow10(cash, places-P)
	}
	return exact.Shift(cash, P-places, exact.Down)
}

// prepare validates order o (index i; its amounts taken from readings when it holds them)
// and fills w, which is zero, with its amounts, days, discount and layer data.
func prepare(w *ow, now time.Time, o *model.Order, i int, readings []orderReading, cat *model.Catalog, region string, rule *refundRule) error {
	r := readingOf(readings, i, o)
	if r == nil { // a reading has passed CheckTerm
		if err := checkTerm(o, i); err != nil {
			return err
		}
	}
	w.upgrade = o.Kind == model.OrderUpgrade
	span := elapsed(o.Start, o.End)
	if span > maxSpan {
		return badOrder(o.OrderID, i, "End", errSpan)
	}
	own, err := w.loadAmounts(o, i, r)
	if err != nil {
		return err
	}
	w.active = o.End.After(now) && !o.Cancelled(now)
	if !now.Before(o.Start) {
		w.usage = max(1, ceilUnits(elapsed(o.Start, now), day))
	}
	if rule.is2022 {
		w.disc = own
		w.dur = months30Days(o.Start.Add(rule.offset).UTC(), o.End.Add(rule.offset).UTC())
	} else {
		w.dur = max(1, int64(span/day))
		if _, w.disc, err = discountFor(cat, int(w.usage/30)); err != nil {
			return err
		}
		w.factor = w.usage > 0 && w.usage < 30
	}
	if w.upgrade {
		w.band, w.bandHi, w.bandLo = upgradeBand(o, cat, region)
	} else if rule.oneBasis {
		w.own, w.ownM = ownPrice(o, cat, region)
	}
	return nil
}

// checkTerm is o.CheckTerm() as an error naming order o (index i), the field and its kind.
func checkTerm(o *model.Order, i int) error {
	field, err := o.CheckTerm()
	if err == nil {
		return nil
	}
	if field == "Kind" {
		field += " " + quote(o.Kind)
	}
	return badOrder(o.OrderID, i, field, err)
}

// readingOf returns the reading of order o (index i) that readings holds, or nil.
func readingOf(readings []orderReading, i int, o *model.Order) *orderReading {
	if i < len(readings) && readings[i].o == o {
		return &readings[i]
	}
	return nil
}

// loadAmounts validates o's list price, cash and voucher paid into w and returns its
// discount: 1 when o records none (zero), never above 1. An error names order o (index i) and
// the field. With o's reading r (nil: none) its amounts are taken from it.
func (w *ow) loadAmounts(o *model.Order, i int, r *orderReading) (amt, error) {
	var a *orderAmounts
	if r != nil {
		a = &r.a
	} else {
		a = new(orderAmounts)
		if field, err := a.read(o); err != nil {
			return amt{}, badOrder(o.OrderID, i, field, err)
		}
	}
	w.list, w.cash, w.voucher = a.list, a.cash, a.voucher
	return a.disc, nil
}

// orderAmounts are an order's amounts, validated; disc is its discount, 1 when it records none.
type orderAmounts struct{ list, cash, voucher, disc amt }

// read validates and reads o's amounts into a, reporting the first fault as Order.Check does
// (after its kind and times): the field at fault and CheckDecimal's error, or
// ErrOrderDiscount for a Discount above 1.
func (a *orderAmounts) read(o *model.Order) (field string, err error) {
	if a.list, err = load(o.ListPrice, false); err != nil {
		return "ListPrice", err
	}
	if a.cash, err = load(o.CashPaid, false); err != nil {
		return "CashPaid", err
	}
	if a.voucher, err = load(o.VoucherPaid, false); err != nil {
		return "VoucherPaid", err
	}
	if a.disc, err = load(o.Discount, false); err != nil {
		return "Discount", err
	}
	if a.disc.cmpOne() > 0 {
		return "Discount", model.ErrOrderDiscount
	}
	if a.disc.c.Sign() == 0 {
		// Zero means "not recorded" (model.Order.Check): no discount.
		a.disc = amt{c: exact.Of(1)}
	}
	return "", nil
}

// cmpOne compares a with 1 as cmpAmt does: for a non-negative coefficient that fits an int64
// by its exponent (c·10^e against 1 is c against 10^−e), else by cmpAmt.
func (a amt) cmpOne() int {
	if c, ok := a.c.Int64(); ok && c >= 0 {
		switch {
		case c == 0:
			return -1
		case a.exp >= 0 && c == 1 && a.exp == 0:
			return 0
		case a.exp >= 0:
			return 1
		}
		if p, ok := exact.Pow10Uint(-a.exp); ok {
			return cmpUint(uint64(c), p)
		}
	}
	return cmpAmt(a, amt{c: exact.Of(1)})
}

// cmpUint compares a and b.
func cmpUint(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// orderReading is one order as the refund reads it, its amounts validated (read). The zero
// orderReading is the reading of no order.
type orderReading struct {
	// o is the order read (nil: none); a its amounts.
	o *model.Order
	a orderAmounts
}

// read reads order o into r as Downgrade reads it and reports the first reason o cannot be
// priced: the same field and error as o.Check() (its amounts read in place, no allocation for
// amounts of up to 18 digits). A faulty order leaves r the reading of no order.
func (r *orderReading) read(o *model.Order) (field string, err error) {
	r.o = nil
	if field, err := o.CheckTerm(); err != nil {
		return field, err
	}
	if field, err := r.a.read(o); err != nil {
		return field, err
	}
	r.o = o
	return "", nil
}

// CheckOrder reports the first reason o cannot be priced: the same field and error as
// o.Check(), found the way Downgrade reads the order, so that a caller that checks the orders
// before asking for a refund reads them as Downgrade will (RefundMemory.Read also keeps what
// it read for the refund).
func CheckOrder(o *model.Order) (field string, err error) {
	var r orderReading
	return r.read(o)
}

// ownPrice returns the catalog's monthly list price in region of a base order's own type,
// when it is priced and positive; otherwise the one-basis reading falls back to the order's
// own daily unit price (the two readings agree when the order's list price is the catalog's).
func ownPrice(o *model.Order, cat *model.Catalog, region string) (bool, amt) {
	t, ok := cat.Type(o.InstanceType)
	if !ok {
		return false, amt{}
	}
	m, err := monthly(cat, t, region)
	if err != nil || m.c.Sign() <= 0 {
		return false, amt{}
	}
	return true, m
}

// allot sets each order's Refunded so that they add up to total (at 10^places): each order's
// amount rounded down, then one unit of the last place to each of the orders with the largest
// discarded remainders, the earlier order first on equal remainders, until total is reached.
// total lies between the sum of the rounded-down amounts and that sum plus the number of
// orders with a remainder (Total rounds the exact sum and is capped at the cash paid rounded
// down, which is at least the sum of the rounded-down amounts), so every extra unit finds an
// order with a remainder and no order gets more than its amount rounded up.
func allot(rs []OrderRefund, ws []ow, total exact.Int, places int32, s *exact.Slab) {
	k := MaxPlaces - places
	left := total
	for i := range ws {
		w := &ws[i]
		if w.amount.Sign() <= 0 {
			continue
		}
		var f exact.Int
		f, w.rem = exact.QuoRemPow10(w.amount, k)
		w.amount = f // from here on: the order's share at 10^places
		left = exact.Sub(left, f)
	}
	// Largest remainders first, by selection: at most one pass per unit handed out, and no
	// allocation.
	for left.Sign() > 0 {
		best := -1
		for i := range ws {
			if ws[i].rem.Sign() > 0 && (best < 0 || exact.Cmp(ws[i].rem, ws[best].rem) > 0) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		ws[best].amount = exact.Add(ws[best].amount, exact.OfUint(1))
		ws[best].rem = exact.Int{}
		left = exact.Sub(left, exact.OfUint(1))
	}
	for i := range ws {
		if ws[i].amount.Sign() > 0 {
			rs[i].Refunded = s.Decimal(ws[i].amount, -places)
		}
	}
}

// upgradeBand returns the current monthly list prices of an upgrade order's new and previous
// types when both are priced in region and the new one is dearer.
func upgradeBand(o *model.Order, cat *model.Catalog, region string) (bool, amt, amt) {
	nt, ok1 := cat.Type(o.InstanceType)
	pt, ok2 := cat.Type(o.PreviousInstanceType)
	if !ok1 || !ok2 {
		return false, amt{}, amt{}
	}
	hi, err1 := monthly(cat, nt, region)
	lo, err2 := monthly(cat, pt, region)
	if err1 != nil || err2 != nil || cmpAmt(hi, lo) <= 0 {
		return false, amt{}, amt{}
	}
	return true, hi, lo
}

// allocateUpgrades shares the daily gap D among the active upgrade orders, newest first
// (by Start; the later order in the list first on ties): each takes a = min(D left, its
// width) and its ratio is a ÷ width.
func allocateUpgrades(orders []model.Order, ws []ow, nUp int, D frac, S, thirtyS exact.Int, P int32) {
	if nUp == 0 {
		return
	}
	var ibuf [4]int
	idx := ibuf[:0]
	if nUp > len(ibuf) {
		idx = make([]int, 0, nUp)
	}
	for i := range ws {
		if ws[i].upgrade && ws[i].active {
			idx = append(idx, i)
		}
	}
	newestFirst(idx, orders)
	left := D
	for _, j := range idx {
		w := &ws[j]
		width := w.layerWidth(S, thirtyS, P)
		if left.n.Sign() <= 0 || width.n.Sign() <= 0 {
			w.ratioZero = true
			continue
		}
		if fcmp(left, width) >= 0 {
			w.ratioOne = true
			w.a = width
			left = fsub(left, width)
			continue
		}
		w.a = left
		if exact.Cmp(left.d, width.d) == 0 {
			w.rn, w.rd = left.n, width.n
		} else {
			w.rn, w.rd = exact.Mul(left.n, width.d), exact.Mul(left.d, width.n)
		}
		left = frac{exact.Int{}, exact.OfUint(1)}
	}
}

// newestFirst sorts the order indexes idx by Start, newest first; equal Starts keep the
// later index first. An insertion sort: no allocation.
func newestFirst(idx []int, orders []model.Order) {
	for k := 1; k < len(idx); k++ {
		for m := k; m > 0; m-- {
			a, b := idx[m-1], idx[m]
			if orders[a].Start.After(orders[b].Start) || (orders[a].Start.Equal(orders[b].Start) && a > b) {
				break
			}
			idx[m-1], idx[m] = b, a
		}
	}
}

// layerWidth is the daily width of an upgrade order's layer: the catalog's price gap
// between its two types ÷ 30 when priced (band), else its own daily list price.
func (w *ow) layerWidth(S, thirtyS exact.Int, P int32) frac {
	if w.band {
		return frac{exact.Sub(w.bandHi.scaled(P), w.bandLo.scaled(P)), thirtyS}
	}
	return frac{w.list.scaled(P), exact.Mul(S, exact.Of(w.dur))}
}

// months30Days counts the span [s, e) (wall clocks in the billing zone) in 30-day months:
// 30 × whole calendar months + the whole days left over, at least 1.
func months30Days(s, e time.Time) int64 {
	m := (e.Year()-s.Year())*12 + int(e.Month()) - int(s.Month())
	if m < 0 {
		m = 0
	}
	for m > 0 && addMonths(s, m).After(e) {
		m--
	}
	rest := e.Sub(addMonths(s, m))
	return max(1, 30*int64(m)+int64(rest/day))
}

// addMonths adds m calendar months to t (UTC), clamping the day to the month's last day
// (Jan 31 + 1 month = Feb 28 or 29).
func addMonths(t time.Time, m int) time.Time {
	y, mo, d := t.Date()
	total := int(mo) - 1 + m
	ny, nm := y+total/12, time.Month(total%12+1)
	if last := time.Date(ny, nm+1, 0, 0, 0, 0, 0, time.UTC).Day(); d > last {
		d = last
	}
	return time.Date(ny, nm, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// vcpuHours returns (fromCPU − toCPU) × hours, 0 when not positive, saturating at
// math.MaxInt64.
func vcpuHours(fromCPU, toCPU int, hours int64) int64 {
	if fromCPU <= toCPU || hours <= 0 {
		return 0
	}
	hi, lo := bits.Mul64(uint64(fromCPU-toCPU), uint64(hours))
	if hi != 0 || lo > math.MaxInt64 {
		return math.MaxInt64
	}
	return int64(lo)
}

// Refund destinations.
const (
	// CardRefundWindow is how long after payment a refund can go back to a credit card.
	CardRefundWindow = 150 * 24 * time.Hour
	// PayPalRefundWindow is how long after payment a refund can go back to PayPal.
	PayPalRefundWindow = 180 * 24 * time.Hour
)

// Destination returns where the refund of an order paid by method at paidAt goes when
// refunded at now: model.PayCreditCard when method is that and now − paidAt ≤ 150 days,
// model.PayPal when method is that and now − paidAt ≤ 180 days, otherwise (and for balance or
// an unknown method) model.PayBalance.
func Destination(method string, paidAt, now time.Time) string {
	switch method {
	case model.PayCreditCard:
		if now.Sub(paidAt) <= CardRefundWindow {
			return model.PayCreditCard
		}
	case model.PayPal:
		if now.Sub(paidAt) <= PayPalRefundWindow {
			return model.PayPal
		}
	}
	return model.PayBalance
}
