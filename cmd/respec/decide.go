package main

import (
	"bytes"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/pricing"
	"github.com/respec-dev/respec/rules"
)

const decideAbout = `Reads one scenario (JSON; FILE, or standard input for "-" or no FILE) and answers what
ModifyPrepayInstanceSpec would do with its request: ACCEPTED with the plan, or REFUSED with
the API's error. A scenario without "catalog" uses the embedded default catalog, whose prices
are illustrative.

Exit status: 0 accepted, 3 refused, 2 unusable input, 1 output error.`

// runDecide implements "respec decide [--json] [FILE|-]".
func runDecide(c *call) int { return c.answer(decideReply) }

// decideReply is the plan or the refusal, as JSON (--json) or text.
func decideReply(s *scenario, asJSON bool) reply {
	o := s.decide()
	return reply{refused: o.err != nil}.render(asJSON, func() any { return s.decisionOf(o) }, func() []byte { return s.describe(o) })
}

// retryAdvices is one sentence per retry class: what a caller does about the error.
var retryAdvices = map[errcodes.RetryClass]string{
	errcodes.RetryAsIs:      "send the same request again after a back-off; nothing in it needs to change.",
	errcodes.WaitThenRetry:  "wait for the instance or its order in progress to settle, then send the request again.",
	errcodes.FixThenRetry:   "fix the precondition first (stop the instance, renew, pay the order, unassociate the EIP...), then send the request again.",
	errcodes.TryAnotherType: "this target type cannot be had now: choose another one ('respec targets' lists them).",
	errcodes.Final:          "the request cannot succeed as it stands: sending it again gives the same error; change the request.",
}

// retryAdvice is what a caller does about an error of retry class c.
func retryAdvice(c errcodes.RetryClass) string {
	if a, ok := retryAdvices[c]; ok {
		return a
	}
	return "no advice for this error."
}

// describe returns the outcome for people.
func (s *scenario) describe(o outcome) []byte {
	var b bytes.Buffer
	if o.err != nil {
		s.describeRefusal(&b, o.err)
	} else {
		s.describePlan(&b, o.plan)
	}
	return trimTrailingSpace(b.Bytes())
}

// requestSummary says what the request asks, as far as it can be read: "downgrade
// ecs.g6.2xlarge → ecs.g6.xlarge".
func (s *scenario) requestSummary() string {
	target := s.requestTarget()
	inst := &s.facts.Instance
	from := s.fromType()
	if from == "" || inst.InstanceID != s.sc.Request[model.ParamInstanceID] {
		return "change " + quoteID(s.sc.Request[model.ParamInstanceID]) + " to " + target
	}
	return fmt.Sprintf("%s %s → %s (%s, %s)", s.direction(from, target), clean(from), target, clean(inst.InstanceID), inst.Status)
}

// requestTarget is the request's InstanceType, cleaned, or "(no InstanceType)".
func (s *scenario) requestTarget() string {
	if t := s.sc.Request[model.ParamInstanceType]; t != "" {
		return clean(t)
	}
	return "(no InstanceType)"
}

// direction names a change from one type of the catalog to another (upgrade, downgrade), else
// "change".
func (s *scenario) direction(from, to string) string {
	ft, okf := s.cat.Type(from)
	tt, okt := s.cat.Type(to)
	if okf && okt && from != to {
		return rules.Direction(ft, tt, s.facts.Instance.RegionID).String()
	}
	return "change"
}

// describeRefusal writes refusal e for people: the code, the message, what was asked, the rule
// that refused and what to do.
func (s *scenario) describeRefusal(b *bytes.Buffer, e *errcodes.Error) {
	fmt.Fprintf(b, "REFUSED: %s (HTTP %d)\n", e.Code(), e.HTTPStatus())
	w := s.refusalJSON(e)
	sec := newSection(b, "")
	sec.kv("Message", w.Message)
	sec.kv("Request", s.requestSummary())
	s.describeRule(sec, e)
	sec.kv("What to do", e.Retry().String()+": "+retryAdvice(e.Retry()))
	sec.kv("RequestId", w.RequestID)
	sec.kv("HostId", w.HostID)
	sec.kv("Recommend", w.Recommend)
	sec.end()
}

// describeRule writes the rule that refused with e and its evidence: Decide's error is
// Explain's first issue.
func (s *scenario) describeRule(sec *section, e *errcodes.Error) {
	if s.reqErr != nil {
		sec.kv("Rule", "request parameters (the request is malformed)")
		return
	}
	if is := rules.Explain(s.sc.Now, s.req, s.facts); len(is) > 0 && is[0].Err != nil && is[0].Err.ID == e.ID {
		sec.kv("Rule", is[0].Rule+" (stage: "+is[0].Stage.String()+")")
		sec.kvIf("Evidence", is[0].Evidence)
	}
}

// describePlan writes an accepted plan for people: the head, the money, when it takes effect,
// the cross-zone consequences, the quota use and the lists.
func (s *scenario) describePlan(b *bytes.Buffer, p *rules.Plan) {
	m := s.money()
	m.illustrative = p.PricesIllustrative
	if p.Replayed {
		describeReplay(b, p)
		return
	}
	s.describeHead(b, p)
	if ch := p.Charge; ch != nil {
		s.describeCharge(b, m, p, ch)
	}
	if r := p.Refund; r != nil {
		describeRefund(b, m, r)
	}
	describeEffect(b, p)
	if c := p.Cross; c != nil {
		describeCross(b, c)
	}
	describeQuota(b, p.Quota)
	describeList(b, "Preconditions", p.Preconditions)
	describeList(b, "Warnings", p.Warnings)
}

// describeReplay writes a plan replayed for a ClientToken already seen.
func describeReplay(b *bytes.Buffer, p *rules.Plan) {
	fmt.Fprintf(b, "ACCEPTED (replay): %s → %s\n", quoteID(p.InstanceID), clean(p.ToType))
	sec := newSection(b, "")
	sec.kv("ClientToken", p.ClientToken)
	sec.kv("RequestId", p.RequestID)
	sec.kv("OrderId", p.OrderID)
	sec.kv("Accepted at", rfc(p.DecidedAt))
	sec.kv("Effect", p.Effect.Description)
	sec.end()
}

// describeHead writes the plan's first line and the instance and request it is about.
func (s *scenario) describeHead(b *bytes.Buffer, p *rules.Plan) {
	fmt.Fprintf(b, "ACCEPTED: %s %s → %s\n", p.Operation, clean(p.FromType), clean(p.ToType))
	sec := newSection(b, "")
	sec.kv("Instance", fmt.Sprintf("%s (%s, zone %s, %s)", p.InstanceID, p.RegionID, clean(p.ZoneID), s.facts.Instance.Status))
	sec.kv("RequestId", p.RequestID)
	sec.kv("OrderId", p.OrderID)
	sec.kv("Decided at", rfc(p.DecidedAt))
	if p.Temporary {
		sec.kv("Temporary", "until "+rfc(p.Until)+", then back to "+p.FromType)
	}
	sec.end()
}

// orderStatusNotes says what each status of an upgrade's order means for the payer.
var orderStatusNotes = map[string]string{
	rules.OrderPaid:     " (AutoPay=true: paid at once from the balance)",
	rules.OrderUnpaid:   " (AutoPay=false: pay it in the console; nothing is charged until then)",
	rules.OrderAbnormal: " (AutoPay=true but the balance is too low: the order can only be cancelled)",
}

// describeCharge writes an upgrade's charge.
func (s *scenario) describeCharge(b *bytes.Buffer, m money, p *rules.Plan, ch *rules.Charge) {
	sec := newSection(b, "Charge"+m.mark())
	describePrices(sec, m, ch)
	until := s.facts.Instance.ExpiredTime
	if p.Temporary {
		until = p.Until
	}
	sec.kv("Billed hours", fmt.Sprintf("%d (from now to %s; a started hour counts whole)", ch.Hours, rfc(until)))
	factor := ch.DiscountFactor.String()
	if ch.DiscountFactor.Equal(decimal.NewFromInt(1)) {
		factor += " (no discount for the remaining time)"
	}
	sec.kv("Discount factor", factor)
	sec.kv("Order", ch.OrderStatus+orderStatusNotes[ch.OrderStatus])
	sec.kv("Balance", m.num(ch.BalanceBefore)+" → "+m.num(ch.BalanceAfter)+m.unit())
	sec.end()
}

// describePrices writes an upgrade's three prices, lined up.
func describePrices(sec *section, m money, ch *rules.Charge) {
	nums := padLeft(m.num(ch.OriginalPrice), m.num(ch.DiscountPrice), m.num(ch.TradePrice))
	sec.kv("OriginalPrice", nums[0]+m.unit())
	sec.kv("DiscountPrice", nums[1]+m.unit())
	sec.kv("TradePrice", nums[2]+m.unit())
}

// describeRefund writes a downgrade's refund and, when there are any, its orders.
func describeRefund(b *bytes.Buffer, m money, r *pricing.Refund) {
	sec := newSection(b, "Refund"+m.mark())
	nums := padLeft(m.num(r.Total), m.num(r.VoucherWithheld), m.num(rules.ToBalance(r)))
	sec.kv("Total", nums[0]+m.unit())
	sec.kv("Voucher withheld", nums[1]+m.unit()+", never refunded")
	toBalance := nums[2] + m.unit()
	if !rules.ToBalance(r).Equal(r.Total) {
		toBalance += ", the rest to the card or PayPal account that paid"
	}
	sec.kv("To the balance", toBalance)
	sec.kv("Ratio reading", ratioReading(r.RatioReading))
	sec.end()
	if len(r.Orders) > 0 {
		describeRefundOrders(b, m, r.Orders)
	}
}

// describeRefundOrders writes the table of each order's share of a refund.
func describeRefundOrders(b *bytes.Buffer, m money, orders []pricing.OrderRefund) {
	fmt.Fprintf(b, "  Per order, in %s%s; rounded to %d places for display, AMOUNT being each order's share of the total (they add up to it):\n",
		strings.TrimSpace(m.currency), m.mark(), m.places)
	tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "  ORDER\tKIND\tUSED DAYS\tOF DAYS\tCONSUMED\tREFUNDABLE\tRATIO\tAMOUNT\tVOUCHER\tDESTINATION\t")
	for _, or := range orders {
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n", clean(or.OrderID), or.Kind, or.UsageDays, or.DurationDays,
			or.ConsumedFee.StringFixed(m.places), or.OnlineRefundable.StringFixed(m.places), or.Ratio.Round(6).String(),
			or.Refunded.StringFixed(m.places), or.VoucherWithheld.StringFixed(m.places), or.Destination)
	}
	_ = tw.Flush()
}

// describeEffect writes when the plan takes effect and what restarts.
func describeEffect(b *bytes.Buffer, p *rules.Plan) {
	sec := newSection(b, "Takes effect")
	when := p.Effect.When
	if !p.Effect.At.IsZero() {
		when += " at " + rfc(p.Effect.At)
	}
	sec.kv("When", when)
	sec.kv("Restart", yesNo(p.Effect.Restart))
	sec.kv("", p.Effect.Description)
	sec.kv("Completes at", rfc(p.CompletesAt)+" (asynchronous; until then a further change gets LastOrderProcessing)")
	sec.end()
}

// describeCross writes what a cross-zone migration changes.
func describeCross(b *bytes.Buffer, c *rules.CrossZoneEffect) {
	sec := newSection(b, "Cross-zone migration (MigrateAcrossZone=true)")
	sec.kv("Disk device names change", yesNo(c.DeviceNamesChange)+deviceNote(c.DeviceNamesChange))
	sec.kv("Software licence codes change", yesNo(c.LicenceCodesChange))
	sec.kv("Private IP changes", yesNo(c.PrivateIPChanges)+ipNote(c.PrivateIPChanges))
	sec.end()
}

// describeQuota writes the plan's use of the downgrade quotas.
func describeQuota(b *bytes.Buffer, q rules.QuotaCount) {
	sec := newSection(b, "Quota use")
	if q.Downgrades == 0 && q.RefundedVCPUHours == 0 {
		sec.kv("none", "")
	} else {
		sec.kv("Downgrades", fmt.Sprint(q.Downgrades))
		sec.kv("Refunded vCPU·hours", fmt.Sprint(q.RefundedVCPUHours))
	}
	sec.end()
}

// describeList writes a titled list, or nothing when it is empty.
func describeList(b *bytes.Buffer, title string, items []string) {
	if len(items) == 0 {
		return
	}
	b.WriteString("\n" + title + "\n")
	for _, it := range items {
		b.WriteString("  - " + it + "\n")
	}
}

func deviceNote(b bool) string {
	if b {
		return " (Linux: basic cloud disks appear as xvda, xvdb...; cloud_efficiency and cloud_ssd as vda, vdb...)"
	}
	return ""
}

func ipNote(b bool) string {
	if b {
		return " (the instance is on the classic network)"
	}
	return ""
}

// ratioReading describes which reading of the refund rules priced the price-difference ratio.
func ratioReading(reading string) string {
	if reading == model.RatioOneBasis {
		return reading + " (the refund rules' formula in words: both daily prices on the catalog's basis)"
	}
	return model.RatioPrinted + " (the refund rules' worked examples: monthly gap ÷ 30 over the order's own daily price)"
}
