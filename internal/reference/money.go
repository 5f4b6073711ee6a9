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

// refund prices the downgrade (the README's Money: the refund, and pricing's documentation).
func (s *state) refund() *Refund {
	r := &Refund{Currency: s.cat.Currency, RatioReading: s.pol.RatioReading, RefundedVCPUHours: s.refundedVCPUHours()}
	if r.RatioReading == "" {
		r.RatioReading = model.RatioPrinted
	}
	daily := func(id string) *big.Rat {
		if p := s.monthly(id, s.in.RegionID); p != nil {
			return quo(p, ri(30))
		}
		return nil
	}
	d := sub(daily(s.from.InstanceTypeID), daily(s.to.InstanceTypeID))
	orders := s.in.Orders
	n := len(orders)
	dur := make([]int64, n)
	unit := make([]*big.Rat, n)
	for i := range orders {
		o := &orders[i]
		if s.pol.RefundRule == model.Refund2022 {
			dur[i] = s.days2022(o.Start, o.End)
		} else {
			dur[i] = max(int64(o.End.Sub(o.Start)/(24*time.Hour)), 1)
		}
		unit[i] = quo(rat(o.ListPrice), ri(dur[i]))
	}
	// The layers: running upgrade orders, newest first (by Start; on a tie the later one).
	ratio := make([]*big.Rat, n)
	left := maxRat(d, ri(0))
	taken := make([]*big.Rat, n) // D a layer took
	for {
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
		if pick < 0 {
			break
		}
		o := &orders[pick]
		width := unit[pick]
		if p, q := daily(o.InstanceType), daily(o.PreviousInstanceType); p != nil && q != nil && sub(p, q).Sign() > 0 {
			width = sub(p, q)
		}
		a := minRat(left, width)
		taken[pick] = a
		left = sub(left, a)
		if width.Sign() > 0 {
			ratio[pick] = quo(a, width)
		} else {
			ratio[pick] = ri(0)
		}
	}
	for i := range orders {
		o := &orders[i]
		if ratio[i] != nil || !s.inForce(o) || d.Sign() <= 0 {
			continue
		}
		// What is left of D after the layers that overlap this order's period.
		rest := d
		for j := range orders {
			if taken[j] != nil && orders[j].Start.Before(o.End) && o.Start.Before(orders[j].End) {
				rest = sub(rest, taken[j])
			}
		}
		rest = maxRat(rest, ri(0))
		base := unit[i]
		if s.pol.RatioReading == model.RatioOneBasis {
			if p := daily(o.InstanceType); p != nil {
				base = p
			}
		}
		if base.Sign() == 0 {
			ratio[i] = ri(0)
		} else {
			ratio[i] = minRat(ri(1), quo(rest, base))
		}
	}
	exact, cash, vouchers := ri(0), ri(0), ri(0)
	places := s.pol.CurrencyPlaces
	for i := range orders {
		o := &orders[i]
		or := OrderRefund{OrderID: o.OrderID, Kind: o.Kind, DurationDays: dur[i], DailyUnitPrice: unit[i],
			Ratio: ri(0), Amount: ri(0), ConsumedFee: ri(0), VoucherWithheld: ri(0)}
		if started := s.now.Sub(o.Start); started >= 0 {
			or.UsageDays = max(ceilDiv(started, 24*time.Hour), 1)
		}
		if s.pol.RefundRule == model.Refund2022 {
			disc := rat(o.Discount)
			if disc.Sign() == 0 {
				disc = ri(1)
			}
			or.ConsumedFee = mul(mul(unit[i], ri(or.UsageDays)), disc)
		} else {
			or.ConsumedFee = mul(mul(unit[i], ri(or.UsageDays)), s.discount(or.UsageDays/30))
			if or.UsageDays > 0 && or.UsageDays < 30 {
				or.ConsumedFee = mul(or.ConsumedFee, rat(s.pol.UnderMonthFactor))
			}
		}
		or.OnlineRefundable = sub(rat(o.CashPaid), or.ConsumedFee)
		if ratio[i] != nil {
			or.Ratio = ratio[i]
			or.Amount = mul(maxRat(or.OnlineRefundable, ri(0)), ratio[i])
		}
		if or.Amount.Sign() > 0 {
			or.VoucherWithheld = rat(o.VoucherPaid)
		}
		or.Destination = destination(o.PaymentMethod, o.PaidAt, s.now)
		exact = add(exact, Round(or.Amount, 24, model.RoundHalfUp))
		cash = add(cash, rat(o.CashPaid))
		vouchers = add(vouchers, or.VoucherWithheld)
		r.Orders = append(r.Orders, or)
	}
	r.Exact = exact
	r.VoucherWithheld = vouchers
	r.Total = maxRat(minRat(Round(exact, places, s.pol.RefundRounding), Round(cash, places, model.RoundDown)), ri(0))
	// Shares: each order's amount rounded down, the missing units of the last place to the
	// largest remainders, the earlier order first on a tie.
	unitCent := new(big.Rat).SetFrac(big.NewInt(1), pow10(places))
	sum := ri(0)
	rem := make([]*big.Rat, n)
	for i := range r.Orders {
		a := Round(r.Orders[i].Amount, 24, model.RoundHalfUp)
		r.Orders[i].Refunded = Round(a, places, model.RoundDown)
		rem[i] = sub(a, r.Orders[i].Refunded)
		sum = add(sum, r.Orders[i].Refunded)
	}
	for sum.Cmp(r.Total) < 0 {
		best := -1
		for i := range rem {
			if rem[i] != nil && (best < 0 || rem[i].Cmp(rem[best]) > 0) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		r.Orders[best].Refunded = add(r.Orders[best].Refunded, unitCent)
		rem[best] = nil
		sum = add(sum, unitCent)
	}
	return r
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
