package reference

import (
	"math/big"
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// rat returns d as an exact fraction.
func rat(d decimal.Decimal) *big.Rat { return d.Rat() }

func ri(n int64) *big.Rat { return new(big.Rat).SetInt64(n) }

func add(a, b *big.Rat) *big.Rat { return new(big.Rat).Add(a, b) }
func sub(a, b *big.Rat) *big.Rat { return new(big.Rat).Sub(a, b) }
func mul(a, b *big.Rat) *big.Rat { return new(big.Rat).Mul(a, b) }
func quo(a, b *big.Rat) *big.Rat { return new(big.Rat).Quo(a, b) }

func minRat(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) <= 0 {
		return a
	}
	return b
}

func maxRat(a, b *big.Rat) *big.Rat {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}

// Round rounds r to places decimals by mode (model.RoundDown, RoundUp, RoundHalfUp,
// RoundHalfEven) and returns it as an exact fraction.
func Round(r *big.Rat, places int32, mode string) *big.Rat {
	if r.IsInt() {
		return r
	}
	scale := pow10(places)
	num := new(big.Int).Mul(r.Num(), scale)
	q, m := new(big.Int).QuoRem(num, r.Denom(), new(big.Int)) // q truncated toward zero
	if m.Sign() != 0 {
		away := false
		twice := new(big.Int).Abs(m)
		twice.Lsh(twice, 1)
		c := twice.Cmp(r.Denom())
		switch mode {
		case model.RoundUp:
			away = true
		case model.RoundHalfUp:
			away = c >= 0
		case model.RoundHalfEven:
			away = c > 0 || c == 0 && q.Bit(0) == 1
		}
		if away {
			q.Add(q, big.NewInt(int64(r.Sign())))
		}
	}
	return new(big.Rat).SetFrac(q, scale)
}

// powers10 holds 10^0 … 10^30, read only.
var powers10 = func() []*big.Int {
	out := make([]*big.Int, 31)
	for i := range out {
		out[i] = new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(i)), nil)
	}
	return out
}()

func pow10(n int32) *big.Int {
	if n >= 0 && int(n) < len(powers10) {
		return powers10[n]
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// ceilDiv returns ⌈d ÷ unit⌉ for d > 0, else 0.
func ceilDiv(d, unit time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	return int64((d + unit - 1) / unit)
}

// monthly returns the monthly list price of type id in region, or nil.
func (s *state) monthly(id, region string) *big.Rat {
	t := s.typ(id)
	if t == nil {
		return nil
	}
	p, ok := t.MonthlyPrice[region]
	if !ok {
		return nil
	}
	return rat(p)
}

// discount is the catalog's best factor for months whole months.
func (s *state) discount(months int64) *big.Rat {
	best := ri(1)
	for _, d := range s.cat.Discounts {
		if months >= int64(d.MinMonths) && rat(d.Factor).Cmp(best) < 0 {
			best = rat(d.Factor)
		}
	}
	return best
}

// charge prices the upgrade (the README's Money: the charge).
func (s *state) charge() *Charge {
	until := s.in.ExpiredTime
	if s.req.HasEndTime() {
		until = s.req.EndTime
	}
	hours := ceilDiv(until.Sub(s.now), time.Hour)
	factor := s.discount(hours / 720)
	gap := sub(s.monthly(s.to.InstanceTypeID, s.req.RegionID), s.monthly(s.from.InstanceTypeID, s.req.RegionID))
	gap = maxRat(gap, ri(0))
	original := quo(mul(gap, ri(hours)), ri(30*24))
	trade := mul(original, factor)
	c := &Charge{
		OriginalPrice:  Round(original, s.pol.CurrencyPlaces, s.pol.ChargeRounding),
		TradePrice:     Round(trade, s.pol.CurrencyPlaces, s.pol.ChargeRounding),
		Exact:          trade,
		Hours:          hours,
		DiscountFactor: factor,
		Currency:       s.cat.Currency,
		AutoPay:        s.req.AutoPay,
		BalanceBefore:  rat(s.acc.Balance),
	}
	c.DiscountPrice = sub(c.OriginalPrice, c.TradePrice)
	c.BalanceAfter = c.BalanceBefore
	switch {
	case !s.req.AutoPay:
		c.OrderStatus = "Unpaid"
	case c.BalanceBefore.Cmp(c.TradePrice) >= 0:
		c.OrderStatus = "Paid"
		c.BalanceAfter = sub(c.BalanceBefore, c.TradePrice)
	default:
		c.OrderStatus = "Abnormal"
	}
	return c
}

// refundedVCPUHours is (from CPU − to CPU) × the started hours to expiry, 0 when not positive.
func (s *state) refundedVCPUHours() int64 {
	v := int64(s.from.CPU-s.to.CPU) * ceilDiv(s.in.ExpiredTime.Sub(s.now), time.Hour)
	return max(v, 0)
}

// days2022 counts an order in 30-day months: 30 × whole calendar months (read on wall clocks
// at the billing offset, a month from the 31st ending on the last day of a shorter month)
// plus the whole days left over, at least 1.
func (s *state) days2022(start, end time.Time) int64 {
	zone := time.FixedZone("billing", s.pol.BillingUTCOffsetMinutes*60)
	a, b := start.In(zone), end.In(zone)
	months := 0
	for {
		next := addMonthsClamped(a, months+1)
		if next.After(b) {
			break
		}
		months++
	}
	left := int64(b.Sub(addMonthsClamped(a, months)) / (24 * time.Hour))
	return max(30*int64(months)+left, 1)
}

// addMonthsClamped adds n calendar months to t, clamping the day to the month's last day.
func addMonthsClamped(t time.Time, n int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(n), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	return first.AddDate(0, 0, min(d, last)-1)
}

// inForce: the order has not ended and no downgrade cancelled it.
func (s *state) inForce(o *model.Order) bool {
	cancelled := !o.CancelledAt.IsZero() && !o.CancelledAt.After(s.now)
	return o.End.After(s.now) && !cancelled
}

// refund prices the downgrade (the README's Money: the refund, and pricing's documentation),
// in the brief's phases: each order's duration and daily unit price; the price difference
// ratio, first of the running upgrade orders layer by layer, then of the other orders in
// force; each order's usage, consumed fee, online refundable, amount and destination; the
// total, rounded once and capped by the cash paid; each order's share of it.
func (s *state) refund() *Refund {
	r := &Refund{Currency: s.cat.Currency, RatioReading: s.pol.RatioReading, RefundedVCPUHours: s.refundedVCPUHours()}
	if r.RatioReading == "" {
		r.RatioReading = model.RatioPrinted
	}
	d := sub(s.daily(s.from.InstanceTypeID), s.daily(s.to.InstanceTypeID))
	dur, unit := s.unitPrices()
	ratio, taken := s.upgradeLayers(d, unit)
	s.otherRatios(d, unit, ratio, taken)
	for i := range s.in.Orders {
		r.Orders = append(r.Orders, s.orderRefund(&s.in.Orders[i], dur[i], unit[i], ratio[i]))
	}
	s.total(r)
	s.shares(r)
	return r
}

// daily is the daily list price of type id in the instance's region (the monthly price ÷
// 30), or nil.
func (s *state) daily(id string) *big.Rat {
	if p := s.monthly(id, s.in.RegionID); p != nil {
		return quo(p, ri(30))
	}
	return nil
}

// unitPrices returns each order's duration in days and its daily unit price (list price ÷
// duration).
func (s *state) unitPrices() ([]int64, []*big.Rat) {
	orders := s.in.Orders
	dur := make([]int64, len(orders))
	unit := make([]*big.Rat, len(orders))
	for i := range orders {
		o := &orders[i]
		dur[i] = s.durationDays(o)
		unit[i] = quo(rat(o.ListPrice), ri(dur[i]))
	}
	return dur, unit
}

// durationDays is order o's duration in days: in 30-day months under the 2022 rule, else
// whole days rounded down, at least 1.
func (s *state) durationDays(o *model.Order) int64 {
	if s.pol.RefundRule == model.Refund2022 {
		return s.days2022(o.Start, o.End)
	}
	return max(int64(o.End.Sub(o.Start)/(24*time.Hour)), 1)
}

// upgradeLayers gives the running upgrade orders, newest first (by Start; on a tie the later
// one), their ratio: each takes what is left of the daily difference d, up to its width (its
// daily price minus the one before it, else its daily unit price). It returns the ratios and
// the part of d each layer took, nil for the other orders.
func (s *state) upgradeLayers(d *big.Rat, unit []*big.Rat) (ratio, taken []*big.Rat) {
	orders := s.in.Orders
	ratio = make([]*big.Rat, len(orders))
	taken = make([]*big.Rat, len(orders))
	left := maxRat(d, ri(0))
	for pick := s.nextLayer(ratio); pick >= 0; pick = s.nextLayer(ratio) {
		width := s.layerWidth(&orders[pick], unit[pick])
		a := minRat(left, width)
		taken[pick] = a
		left = sub(left, a)
		ratio[pick] = ri(0)
		if width.Sign() > 0 {
			ratio[pick] = quo(a, width)
		}
	}
	return ratio, taken
}

// nextLayer is the newest running upgrade order without a ratio yet, or -1.
func (s *state) nextLayer(ratio []*big.Rat) int {
	orders := s.in.Orders
	pick := -1
	for i := range orders {
		o := &orders[i]
		if o.Kind != model.OrderUpgrade || !s.inForce(o) || ratio[i] != nil {
			continue
		}
		if pick < 0 || !o.Start.Before(orders[pick].Start) {
			pick = i
		}
	}
	return pick
}

// layerWidth is upgrade order o's daily price difference: its type's daily price minus the
// previous type's when both are known and it is positive, else its daily unit price.
func (s *state) layerWidth(o *model.Order, unit *big.Rat) *big.Rat {
	p, q := s.daily(o.InstanceType), s.daily(o.PreviousInstanceType)
	if p != nil && q != nil && sub(p, q).Sign() > 0 {
		return sub(p, q)
	}
	return unit
}

// otherRatios gives each other order in force its ratio when d is positive: what is left of
// d after the layers that overlap its period, over its basis, at most 1.
func (s *state) otherRatios(d *big.Rat, unit, ratio, taken []*big.Rat) {
	for i := range s.in.Orders {
		o := &s.in.Orders[i]
		if ratio[i] != nil || !s.inForce(o) || d.Sign() <= 0 {
			continue
		}
		rest := maxRat(sub(d, s.overlapping(o, taken)), ri(0))
		base := s.ratioBasis(o, unit[i])
		ratio[i] = ri(0)
		if base.Sign() != 0 {
			ratio[i] = minRat(ri(1), quo(rest, base))
		}
	}
}

// overlapping is the part of the difference taken by the layers whose period overlaps
// order o's.
func (s *state) overlapping(o *model.Order, taken []*big.Rat) *big.Rat {
	sum := ri(0)
	for j, other := range s.in.Orders {
		if taken[j] != nil && other.Start.Before(o.End) && o.Start.Before(other.End) {
			sum = add(sum, taken[j])
		}
	}
	return sum
}

// ratioBasis is the daily price a ratio divides by: the order's daily unit price, or under
// the one-basis reading its type's daily list price when known.
func (s *state) ratioBasis(o *model.Order, unit *big.Rat) *big.Rat {
	if s.pol.RatioReading != model.RatioOneBasis {
		return unit
	}
	if p := s.daily(o.InstanceType); p != nil {
		return p
	}
	return unit
}

// orderRefund is order o's part: its usage days, consumed fee, online refundable, amount
// (the refundable, not below 0, times the ratio; 0 without one), the vouchers withheld and the
// destination.
func (s *state) orderRefund(o *model.Order, dur int64, unit, ratio *big.Rat) OrderRefund {
	or := OrderRefund{OrderID: o.OrderID, Kind: o.Kind, DurationDays: dur, DailyUnitPrice: unit,
		Ratio: ri(0), Amount: ri(0), ConsumedFee: ri(0), VoucherWithheld: ri(0)}
	or.UsageDays = s.usageDays(o)
	or.ConsumedFee = s.consumedFee(o, unit, or.UsageDays)
	or.OnlineRefundable = sub(rat(o.CashPaid), or.ConsumedFee)
	if ratio != nil {
		or.Ratio = ratio
		or.Amount = mul(maxRat(or.OnlineRefundable, ri(0)), ratio)
	}
	if or.Amount.Sign() > 0 {
		or.VoucherWithheld = rat(o.VoucherPaid)
	}
	or.Destination = destination(o.PaymentMethod, o.PaidAt, s.now)
	return or
}

// usageDays is the days from order o's start to now, every started day whole and at least 1;
// 0 for an order not started yet.
func (s *state) usageDays(o *model.Order) int64 {
	started := s.now.Sub(o.Start)
	if started < 0 {
		return 0
	}
	return max(ceilDiv(started, 24*time.Hour), 1)
}

// consumedFee is the daily unit price × the usage days × a discount: the order's own under
// the 2022 rule (none when 0), else the catalog's for the usage's whole months and the
// under-month factor for less than 30 days.
func (s *state) consumedFee(o *model.Order, unit *big.Rat, usage int64) *big.Rat {
	fee := mul(unit, ri(usage))
	if s.pol.RefundRule == model.Refund2022 {
		disc := rat(o.Discount)
		if disc.Sign() == 0 {
			disc = ri(1)
		}
		return mul(fee, disc)
	}
	fee = mul(fee, s.discount(usage/30))
	if usage > 0 && usage < 30 {
		fee = mul(fee, rat(s.pol.UnderMonthFactor))
	}
	return fee
}

// total sums the orders' amounts (each rounded at 24 places), the cash paid and the
// vouchers withheld, and sets the refund's total: the sum rounded once by the policy, at
// most the cash paid (rounded down), not below 0.
func (s *state) total(r *Refund) {
	exact, cash, vouchers := ri(0), ri(0), ri(0)
	for i := range r.Orders {
		exact = add(exact, Round(r.Orders[i].Amount, 24, model.RoundHalfUp))
		cash = add(cash, rat(s.in.Orders[i].CashPaid))
		vouchers = add(vouchers, r.Orders[i].VoucherWithheld)
	}
	places := s.pol.CurrencyPlaces
	r.Exact = exact
	r.VoucherWithheld = vouchers
	r.Total = maxRat(minRat(Round(exact, places, s.pol.RefundRounding), Round(cash, places, model.RoundDown)), ri(0))
}

// shares splits the total among the orders: each order's amount rounded down, the missing
// units of the last place to the largest remainders, the earlier order first on a tie.
func (s *state) shares(r *Refund) {
	places := s.pol.CurrencyPlaces
	unitCent := new(big.Rat).SetFrac(big.NewInt(1), pow10(places))
	sum := ri(0)
	rem := make([]*big.Rat, len(r.Orders))
	for i := range r.Orders {
		a := Round(r.Orders[i].Amount, 24, model.RoundHalfUp)
		r.Orders[i].Refunded = Round(a, places, model.RoundDown)
		rem[i] = sub(a, r.Orders[i].Refunded)
		sum = add(sum, r.Orders[i].Refunded)
	}
	for best := largest(rem); sum.Cmp(r.Total) < 0 && best >= 0; best = largest(rem) {
		r.Orders[best].Refunded = add(r.Orders[best].Refunded, unitCent)
		rem[best] = nil
		sum = add(sum, unitCent)
	}
}

// largest is the index of the largest remainder still unserved (the earlier on a tie), or -1.
func largest(rem []*big.Rat) int {
	best := -1
	for i := range rem {
		if rem[i] != nil && (best < 0 || rem[i].Cmp(rem[best]) > 0) {
			best = i
		}
	}
	return best
}

// destination: a credit card within 150 days of payment, PayPal within 180, else the balance.
func destination(method string, paidAt, now time.Time) string {
	age := now.Sub(paidAt)
	switch {
	case method == model.PayCreditCard && age <= 150*24*time.Hour:
		return model.PayCreditCard
	case method == model.PayPal && age <= 180*24*time.Hour:
		return model.PayPal
	}
	return model.PayBalance
}
