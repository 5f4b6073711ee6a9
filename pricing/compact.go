package pricing

import (
	"time"

	"github.com/respec-dev/respec/internal/exact"
	"github.com/respec-dev/respec/model"
)

// The compact path computes a refund with no upgrade layer in force on machine words: every
// amount an integer at the downgrade's scale S = 10^P that fits an int64, every product
// checked, every figure one division of a 128-bit numerator by a 64-bit divisor. It is the
// general path (prepare, baseRatios, refundOrder) with each fraction reduced by the factors
// its numerator and denominator share, which leaves its rounding unchanged:
//
//	daily unit price  L / (S·dur)                  = L·10^(24−P) / dur
//	consumed fee      nc / (S³·dur)                = nc·10^(24−3P) / dur
//	refundable        nr / (S³·dur)                = nr·10^(24−3P) / dur
//	ratio (printed)   D·S·dur / (30S·L)            = D·dur / (30·L)
//	ratio (one basis) D·30S / (30S·own)            = D / own
//	amount            nr·rn / (S³·dur·rd)          = nr·rnum·10^(24−3P) / (dur·rden)
//
// with L, C the order's list price and cash at S, nc = L·usage·discount·factor (factor S when
// it does not apply), nr = C·S²·dur − nc, D the daily gap's numerator (monthly prices at S,
// from − to) and rnum/rden the reduced ratio. Where a value does not fit (P above 8, an
// amount or product beyond an int64, a quotient beyond 128 bits) the compact path gives up
// before it has built anything and the general path prices the refund.

// compactMaxPlaces is the most decimals the compact path takes: S³ must divide 10^MaxPlaces.
const compactMaxPlaces = MaxPlaces / 3

// compactScale is what every order of a compact refund shares.
type compactScale struct {
	P, k1, k3 int32  // the scale's decimals; MaxPlaces − P and MaxPlaces − 3P
	S, S2     uint64 // 10^P and 10^2P
	factor    uint64 // the under-a-month factor at S (factorOK: when it fits)
	factorOK  bool
	gap       uint64 // D, the daily gap's numerator, when positive (else 0: no ratio)
}

// compactFigures are one order's figures at 10^MaxPlaces: what refundOrder computes.
type compactFigures struct {
	daily, consumed, refundable, ratio, amount exact.Int
	// ratioOne: the ratio is 1 (ratio unset); ratioSet: the ratio was computed (an active
	// base order with a positive gap and daily price).
	ratioOne, ratioSet bool
}

// word returns a at scale 10^P as a machine word, when it fits an int64.
func (a amt) word(P int32) (uint64, bool) {
	c, ok := a.c.Uint63()
	if !ok {
		return 0, false
	}
	p, ok := exact.Pow10Uint(P + a.exp)
	if !ok {
		return 0, false
	}
	return exact.MulUint(c, p)
}

// newCompactScale returns the shared part of a compact refund at P decimals, from the
// monthly prices of the current and the target type; ok is false when the compact path
// cannot take it.
func newCompactScale(mf, mt amt, rule *refundRule, P int32) (compactScale, bool) {
	if P > compactMaxPlaces {
		return compactScale{}, false
	}
	k := compactScale{P: P, k1: MaxPlaces - P, k3: MaxPlaces - 3*P}
	k.S, _ = exact.Pow10Uint(P)
	k.S2, _ = exact.Pow10Uint(2 * P)
	MF, ok1 := mf.word(P)
	MT, ok2 := mt.word(P)
	if !rule.is2022 {
		// P counts the factor's decimals only when some order is under a month.
		k.factor, k.factorOK = rule.factor.word(P)
	}
	if MF > MT {
		k.gap = MF - MT
	}
	return k, ok1 && ok2
}

// mul3 returns a·b·c when every partial product fits an int64.
func mul3(a, b, c uint64) (uint64, bool) {
	ab, ok1 := exact.MulUint(a, b)
	abc, ok2 := exact.MulUint(ab, c)
	return abc, ok1 && ok2
}

// figures computes order w's figures (see the formulas above) into f, which is zero; ok is
// false when a value does not fit.
func (k *compactScale) figures(f *compactFigures, w *ow) (ok bool) {
	L, nc, cs, ok := k.numerators(w)
	if !ok {
		return false
	}
	dur := uint64(w.dur)
	nr := int64(cs) - int64(nc) // both below 2^63: no overflow
	var ok1, ok2, ok3 bool
	f.daily, ok1 = quoWord(L, dur, k.k1)
	f.consumed, ok2 = quoWord(nc, dur, k.k3)
	f.refundable, ok3 = quoWord(absInt64(nr), dur, k.k3)
	if nr < 0 {
		f.refundable = exact.Sub(exact.Int{}, f.refundable)
	}
	if !(ok1 && ok2 && ok3) {
		return false
	}
	if w.upgrade || !w.active {
		return true
	}
	return k.ratioAndAmount(f, w, L, nr)
}

// quoWord is n·10^p ÷ d rounded half-up, exact.QuoWord;
// a zero numerator (the consumed fee of an order not started, a zero price) is zero at once.
func quoWord(n, d uint64, p int32) (exact.Int, bool) {
	if n == 0 {
		return exact.Int{}, true
	}
	return exact.QuoWord(n, d, p, exact.HalfUp)
}

// numerators returns order w's list price L at S, its consumed fee's numerator
// nc = L·usage·discount·factor and its cash's cs = C·S²·dur (both over S³·dur), when every
// factor and product fits an int64.
func (k *compactScale) numerators(w *ow) (L, nc, cs uint64, ok bool) {
	L, ok1 := w.list.word(k.P)
	C, ok2 := w.cash.word(k.P)
	disc, ok3 := w.disc.word(k.P)
	factor, ok4 := k.S, true
	if w.factor {
		factor, ok4 = k.factor, k.factorOK
	}
	lu, ok5 := mul3(L, uint64(w.usage), disc)
	nc, ok6 := exact.MulUint(lu, factor)
	cs, ok7 := mul3(C, k.S2, uint64(w.dur))
	return L, nc, cs, ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7
}

// absInt64 returns |v| for v > math.MinInt64.
func absInt64(v int64) uint64 {
	if v < 0 {
		return uint64(-v)
	}
	return uint64(v)
}

// ratioAndAmount sets f's ratio and amount for an active base order w of list price L at S
// and refundable numerator nr; ok is false when a value does not fit.
func (k *compactScale) ratioAndAmount(f *compactFigures, w *ow, L uint64, nr int64) bool {
	rnum, rden, ok := k.reducedRatio(w, L)
	if !ok || rnum == 0 || rden == 0 {
		return ok
	}
	f.ratioSet = true
	if rnum >= rden {
		f.ratioOne = true
		if nr > 0 {
			f.amount = f.refundable
		}
		return true
	}
	if f.ratio, ok = exact.QuoWord(rnum, rden, MaxPlaces, exact.HalfUp); !ok {
		return false
	}
	if nr <= 0 {
		return true
	}
	den, ok := exact.MulUint(uint64(w.dur), rden)
	if !ok {
		return false
	}
	f.amount, ok = exact.QuoWide(exact.WideMul(uint64(nr), rnum), den, k.k3, exact.HalfUp)
	return ok
}

// reducedRatio returns the price-difference ratio of active base order w as rnum/rden (0/0
// when it is 0: no gap, or no daily price): D·dur / (30·L) under the printed reading (and
// for a one-basis order whose own type is unpriced), D / own under the one-basis one.
func (k *compactScale) reducedRatio(w *ow, L uint64) (rnum, rden uint64, ok bool) {
	if k.gap == 0 {
		return 0, 0, true
	}
	if w.own {
		own, ok := w.ownM.word(k.P)
		return k.gap, own, ok
	}
	if L == 0 {
		return 0, 0, true
	}
	rnum, ok1 := exact.MulUint(k.gap, uint64(w.dur))
	rden, ok2 := exact.MulUint(30, L)
	return rnum, rden, ok1 && ok2
}

// compact sets out to the refund of the orders prepared in ws by the compact path, when it
// can take it: no upgrade layer in force and every value within its bounds; ok is false, with
// nothing built, when the general path must price the refund.
func (run *refundRun) compact(out *Refund, ws []ow) (ok bool) {
	if run.nUp > 0 {
		return false
	}
	k, ok := newCompactScale(run.mf, run.mt, &run.rule, run.P)
	if !ok {
		return false
	}
	// As downgradeInto's working state: the smaller buffer for up to two orders.
	var fs []compactFigures
	switch n := len(ws); {
	case n <= 2:
		var buf [2]compactFigures
		fs = buf[:n]
	case n <= 4:
		var buf [4]compactFigures
		fs = buf[:n]
	default:
		fs = make([]compactFigures, n)
	}
	for i := range ws {
		if !k.figures(&fs[i], &ws[i]) {
			return false
		}
	}
	orders, slots := run.memory()
	*out = Refund{Currency: run.currency, RatioReading: run.rule.reading, Orders: orders}
	var sum refundSums
	for i := range fs {
		r, w, o := &out.Orders[i], &ws[i], &run.orders[i]
		own := slots[compactSlots*i : compactSlots*(i+1)]
		sum.count(i, r, w, o, fs[i].fill(r, w, o, run.now, own), run.P)
	}
	// The totals and the shares take the slots left.
	var slab exact.Slab
	slab.Chunk = len(slots)
	slab.Give(slots[compactSlots*len(fs):])
	sum.finish(out, run.orders, ws, &run.rule, run.P, &slab)
	return true
}

// compactSlots is the number of slots of the refund's block each order's figures take, one a
// figure (decimalsPerOrder − 1: the share comes later, from a Slab); a zero figure is the zero
// Decimal and leaves its slot unused.
const compactSlots = decimalsPerOrder - 1

// fill sets r, which is zero, from the figures as refundOrder does, their coefficients in the order's
// compactSlots slots s, and returns the amount (zero when nothing is refunded).
func (f *compactFigures) fill(r *OrderRefund, w *ow, o *model.Order, now time.Time, s []exact.Slot) exact.Int {
	s = s[:compactSlots]
	r.setHeader(w, o, now)
	r.DailyUnitPrice = s[0].Decimal(f.daily, -MaxPlaces)
	r.ConsumedFee = s[1].Decimal(f.consumed, -MaxPlaces)
	r.OnlineRefundable = s[2].Decimal(f.refundable, -MaxPlaces)
	switch {
	case f.ratioOne:
		r.Ratio = one
		if f.amount.Sign() > 0 {
			r.Amount = r.OnlineRefundable // the same value: share the decimal
		}
	case f.ratioSet:
		r.Ratio = s[3].Decimal(f.ratio, -MaxPlaces)
		r.Amount = s[4].Decimal(f.amount, -MaxPlaces)
	}
	if f.amount.Sign() <= 0 {
		return exact.Int{}
	}
	return f.amount
}
