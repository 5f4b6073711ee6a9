// Package pricing computes the money of an instance type change: the price of an upgrade
// (Upgrade, shaped like DescribeInstanceModificationPrice) and the refund of a downgrade
// (Downgrade), order by order, with where each refund goes (Destination).
//
// The package is pure: no clock, no I/O, no globals that change. Every input decimal is
// checked at entry with the bounds of model.CheckDecimal; inputs are never modified.
//
// # Arithmetic
//
// Every amount is an exact fraction of integers: no floating point, no rounding in between.
// Each figure is rounded once, from its exact value:
//   - the upgrade's OriginalPrice and TradePrice to Policy.CurrencyPlaces by
//     Policy.ChargeRounding (the presets: down, as Alibaba's billing documentation rounds the
//     final fee down to 2 decimal places);
//   - every other figure (the "exact" values, the per-order figures, the ratios) half-up to
//     MaxPlaces (24) decimals;
//   - Refund.Total is Refund.Exact (the sum of the orders' 24-decimal refunds) rounded to
//     Policy.CurrencyPlaces by Policy.RefundRounding;
//   - each order's share of the total (OrderRefund.Refunded) is allotted at CurrencyPlaces so
//     that the shares add up to Total exactly: its Amount rounded down, then one unit of the
//     last place to each of the orders with the largest discarded remainders (the earlier
//     order first on equal remainders) until Total is reached.
//
// Rounding modes (Round): half_up is half away from zero, half_even half to even, down toward
// zero, up away from zero; Round and the internal rounding share one rule. Values are held in
// 128-bit integers and move to math/big when they outgrow them, with the same results; how a
// decimal is written does not matter (1.5 and 1.50 price the same). A zero result is the
// zero decimal.Decimal (it prints "0").
//
// # Decisions
//
// Each line is a choice where the public documentation is silent or ambiguous.
//
// Upgrade:
//   - fee = (monthly list price of the target − of the current type) ÷ 30 ÷ 24 × billed
//     hours × discount factor; the monthly prices are InstanceType.MonthlyPrice[region]
//     (missing: ErrNoPrice).
//   - Billed hours run from now to until (the expiry, or EndTime for a temporary upgrade); a
//     started hour counts whole; until at or before now bills 0 hours.
//   - Discount factor = Catalog.Discount(whole 30-day months of the billed hours, i.e.
//     hours ÷ 720 rounded down): "the best discount for the new specification and the
//     remaining duration" is the best tier the remaining time has fully reached, as a
//     subscription of that length would; a remaining time between two tiers gets the lower
//     one. The documents' worked upgrade (USD 120 → 300 a month, 184 days, factor 0.85 →
//     938.40) is reproduced by a catalog whose 0.85 tier starts at 6 months or less
//     (ExampleUpgrade_documentsWorkedUpgrade). With tiered discounts a longer remaining time
//     can therefore cost less than a slightly shorter one (crossing a tier lowers the factor
//     for all of it).
//   - A target that is not dearer costs 0 (clamped, though rules only prices upgrades).
//   - OriginalPrice = the undiscounted fee rounded; TradePrice = the discounted fee rounded
//     (both from exact values); DiscountPrice = OriginalPrice − TradePrice, so the three
//     always add up. Should rounding ever make it negative (impossible with a discount ≤ 1),
//     DiscountPrice is 0 and TradePrice = OriginalPrice.
//   - Quote.Exact is the unrounded trade price (24 decimals).
//
// Downgrade, current rule (model.RefundCurrent), per order of the instance (Purchase, Renewal,
// Upgrade and the Downgrade orders earlier downgrades generated), then summed:
//   - usage days = (now − order start) in days, every started day counting whole; usage that
//     has started counts at least 1 day (so the very instant of the start is 1 day); an order
//     that has not started (a renewal paid ahead) has 0 usage days.
//   - duration days = (order end − start) in days rounded down (12:00 Jan 1 → 00:00 Feb 2 is
//     31); an order shorter than a day counts 1 day, so that an upgrade placed in the last
//     day before expiry still has a daily price.
//   - daily unit price = ListPrice ÷ duration days.
//   - consumed fee = daily unit price × usage days × Catalog.Discount(usage days ÷ 30,
//     rounded down) × Policy.UnderMonthFactor when 0 < usage days < 30 (1.5; a policy
//     factor below 1 is refused).
//   - online refundable = CashPaid − consumed fee (vouchers never come back; it may be
//     negative, and is reported as is).
//   - order refund = max(0, online refundable) × price-difference ratio; it never exceeds
//     CashPaid (consumed fee ≥ 0, ratio ≤ 1).
//   - An order that has ended (End ≤ now), or that a downgrade cancelled (CancelledAt ≤ now),
//     refunds nothing and takes no part in the ratios: nothing of it remains (what a
//     cancelled order kept is carried by the Downgrade order that replaced it).
//
// Price-difference ratio (both rules). D = daily price of the current type − of the target,
// daily price = monthly list price in the instance's region ÷ 30. D is shared out so that
// one price gap is never refunded twice:
//   - Upgrade orders still running are layers on top of the base orders, taken newest first
//     (by Start; on equal Starts the later order in the list first). Each takes
//     a = min(D left, its width); its ratio is a ÷ width.
//   - A layer's width is the catalog's daily price gap between the order's
//     PreviousInstanceType and InstanceType in the region — "its daily price minus the daily
//     price before that upgrade", on the same price list as D, so that undoing an upgrade
//     consumes exactly its layer. When either type is unpriced (or the gap is not positive)
//     the width is the order's own ListPrice ÷ duration days.
//   - Each base order (Purchase, Renewal, Downgrade; they cover disjoint periods) gets what
//     is left of D after the layers that overlap its period, R; its ratio is min(1, R ÷ its
//     daily price). A renewal bought after an upgrade, at the new price, is not under that
//     upgrade's layer and so gets the whole of D.
//   - The base order's daily price depends on Policy.RatioReading, because the refund-rules
//     page contradicts itself. model.RatioPrinted (the default, the page's worked examples):
//     its daily unit price, ListPrice ÷ duration days, so the ratio moves with the order's
//     length (365/720 = 0.50694444 for a year at 100 a month downgraded to 50).
//     model.RatioOneBasis (the page's formula in words): the catalog's monthly price of the
//     order's own InstanceType in the region ÷ 30, the basis D is on, so a target at a
//     fraction f of the order type's price gives exactly 1 − f; when that type is unpriced
//     the order's daily unit price is used. Under the printed reading an order with a zero
//     list price has ratio 0. Refund.RatioReading names the reading.
//   - This stops an upgrade followed by a downgrade back from refunding both the upgrade and
//     part of the purchase for the same price gap. A D that is not positive refunds nothing.
//
// Downgrade, 2022 rule (model.Refund2022):
//   - No under-a-month factor.
//   - "Daily unit price = monthly price ÷ 30": the order is counted in 30-day months, its
//     duration days being 30 × whole calendar months + the whole days left over (at least
//     1); calendar months are read on wall clocks at Policy.BillingUTCOffsetMinutes, and a
//     month from the 31st ends on the last day of a shorter month. A one-month order is
//     30 days whatever the month, a year 360 days; a 10-day upgrade order is 10 days.
//   - Less than 24 hours counts as one day (usage days as in the current rule).
//   - The discount is the order's own Discount (the original order's duration discount)
//     instead of the usage-duration discount.
//   - Order.Discount 0 means "not recorded" (model.Order.Validate): no discount; above 1 is
//     refused under either rule.
//
// The order a downgrade generates (AfterDowngrade): the refund rules say a downgrade "cancels
// the original order and generates a new order with the new configuration". The orders in
// force get CancelledAt = now; the new Downgrade order runs from now to their latest End, at a
// ListPrice of the new type's monthly price ÷ 30 × its duration days (rounded half up to
// CurrencyPlaces, so its daily unit price is the new type's daily price), with CashPaid = Σ
// (max(0, online refundable) − Refunded) over the cancelled orders rounded down to
// CurrencyPlaces (what the cancelled orders kept), VoucherPaid 0, and the Discount, payment
// method and payment time of the cancelled base order in force. A later downgrade therefore
// prices consumption at the new type's daily price from the first change and takes its ratio
// against the new type.
//
// Totals and destinations:
//   - Refund.Exact = Σ order refunds (24 decimals each); Refund.Total = Exact rounded by
//     RefundRounding to CurrencyPlaces, never above the cash paid for the orders rounded
//     down to CurrencyPlaces, never below 0.
//   - VoucherWithheld of an order is its VoucherPaid when it refunds something, else 0;
//     Refund.VoucherWithheld is their sum.
//   - Destination: a credit card while now − PaidAt ≤ 150 days, PayPal while ≤ 180 days
//     (the day boundaries inclusive, to the nanosecond); otherwise, and for balance or an
//     unknown method, the balance. A payment dated after now counts as within the window.
//   - RefundedVCPUHours = (from CPU − to CPU) × the hours from now to the instance's
//     expiry, a started hour counting whole; 0 when not positive, capped at math.MaxInt64.
//   - Currency is the catalog's.
//
// Refusals (ErrBadAmount, with the order and field named): an amount that fails
// model.CheckDecimal or is negative; an order of unknown Kind, with End not after Start, or
// spanning over 100 years; more than MaxOrders orders; a remaining time over 100 years; a
// negative CPU count; a nil argument; policy settings out of range (CurrencyPlaces outside
// 0–15, an unknown rounding mode, refund rule or ratio reading, UnderMonthFactor below 1, a
// billing offset beyond a day). A CancelledAt before the order's Start is valid (a renewal paid
// ahead that a downgrade cancelled before it began). A missing list price for the current or
// target type is ErrNoPrice.
package pricing
