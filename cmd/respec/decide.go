package main

import (
	"bytes"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
)

const decideAbout = `Reads one scenario (JSON; FILE, or standard input for "-" or no FILE) and answers what
ModifyPrepayInstanceSpec would do with its request: ACCEPTED with the plan, or REFUSED with
the API's error. A scenario without "catalog" uses the embedded default catalog, whose prices
are illustrative.

Exit status: 0 accepted, 3 refused, 2 unusable input, 1 output error.`

// runDecide implements "respec decide [--json] [FILE|-]".
func runDecide(c *call) int {
	s := c.load()
	if s == nil {
		return exitUsage
	}
	asJSON, stdout, stderr := c.opts.json, c.stdout, c.stderr
	o := s.decide()
	var out []byte
	var err error
	switch {
	case asJSON:
		out, err = marshal(s.decisionOf(o), true)
	default:
		out = s.describe(o)
	}
	if err != nil || !write("decide", stdout, stderr, out) {
		if err != nil {
			fmt.Fprintln(stderr, "respec decide:", err)
		}
		return exitFail
	}
	if o.err != nil {
		return exitRefused
	}
	return exitOK
}

// retryAdvice is one sentence per retry class: what a caller does about the error.
func retryAdvice(c errcodes.RetryClass) string {
	switch c {
	case errcodes.RetryAsIs:
		return "send the same request again after a back-off; nothing in it needs to change."
	case errcodes.WaitThenRetry:
		return "wait for the instance or its order in progress to settle, then send the request again."
	case errcodes.FixThenRetry:
		return "fix the precondition first (stop the instance, renew, pay the order, unassociate the EIP...), then send the request again."
	case errcodes.TryAnotherType:
		return "this target type cannot be had now: choose another one ('respec targets' lists them)."
	case errcodes.Final:
		return "the request cannot succeed as it stands: sending it again gives the same error; change the request."
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
	target := s.sc.Request[model.ParamInstanceType]
	inst := &s.facts.Instance
	from := inst.InstanceType
	if inst.PendingInstanceType != "" {
		from = inst.PendingInstanceType
	}
	if target == "" {
		target = "(no InstanceType)"
	} else {
		target = clean(target)
	}
	if from == "" || inst.InstanceID != s.sc.Request[model.ParamInstanceID] {
		return "change " + quoteID(s.sc.Request[model.ParamInstanceID]) + " to " + target
	}
	dir := "change"
	ft, okf := s.cat.Type(from)
	tt, okt := s.cat.Type(target)
	if okf && okt && from != target {
		dir = rules.Direction(ft, tt, inst.RegionID).String()
	}
	return fmt.Sprintf("%s %s → %s (%s, %s)", dir, clean(from), target, clean(inst.InstanceID), inst.Status)
}

func (s *scenario) describeRefusal(b *bytes.Buffer, e *errcodes.Error) {
	fmt.Fprintf(b, "REFUSED: %s (HTTP %d)\n", e.Code(), e.HTTPStatus())
	w := s.refusalJSON(e)
	sec := newSection(b, "")
	sec.kv("Message", w.Message)
	sec.kv("Request", s.requestSummary())
	if s.reqErr == nil {
		// Decide's error is Explain's first issue: show its rule and evidence.
		if is := rules.Explain(s.sc.Now, &s.req, &s.facts); len(is) > 0 && is[0].Err != nil && is[0].Err.ID == e.ID {
			sec.kv("Rule", is[0].Rule+" (stage: "+is[0].Stage.String()+")")
			if is[0].Evidence != "" {
				sec.kv("Evidence", is[0].Evidence)
			}
		}
	} else {
		sec.kv("Rule", "request parameters (the request is malformed)")
	}
	sec.kv("What to do", e.Retry().String()+": "+retryAdvice(e.Retry()))
	sec.kv("RequestId", w.RequestID)
	sec.kv("HostId", w.HostID)
	sec.kv("Recommend", w.Recommend)
	sec.end()
}

func (s *scenario) describePlan(b *bytes.Buffer, p *rules.Plan) {
	m := s.money()
	m.illustrative = p.PricesIllustrative
	if p.Replayed {
		fmt.Fprintf(b, "ACCEPTED (replay): %s → %s\n", quoteID(p.InstanceID), clean(p.ToType))
		sec := newSection(b, "")
		sec.kv("ClientToken", p.ClientToken)
		sec.kv("RequestId", p.RequestID)
		sec.kv("OrderId", p.OrderID)
		sec.kv("Accepted at", rfc(p.DecidedAt))
		sec.kv("Effect", p.Effect.Description)
		sec.end()
		return
	}
	fmt.Fprintf(b, "ACCEPTED: %s %s → %s\n", p.Operation, clean(p.FromType), clean(p.ToType))
	sec := newSection(b, "")
	inst := &s.facts.Instance
	sec.kv("Instance", fmt.Sprintf("%s (%s, zone %s, %s)", p.InstanceID, p.RegionID, clean(p.ZoneID), inst.Status))
	sec.kv("RequestId", p.RequestID)
	sec.kv("OrderId", p.OrderID)
	sec.kv("Decided at", rfc(p.DecidedAt))
	if p.Temporary {
		sec.kv("Temporary", "until "+rfc(p.Until)+", then back to "+p.FromType)
	}
	sec.end()

	if ch := p.Charge; ch != nil {
		sec = newSection(b, "Charge"+m.mark())
		nums := padLeft(m.num(ch.OriginalPrice), m.num(ch.DiscountPrice), m.num(ch.TradePrice))
		sec.kv("OriginalPrice", nums[0]+m.unit())
		sec.kv("DiscountPrice", nums[1]+m.unit())
		sec.kv("TradePrice", nums[2]+m.unit())
		until := inst.ExpiredTime
		if p.Temporary {
			until = p.Until
		}
		sec.kv("Billed hours", fmt.Sprintf("%d (from now to %s; a started hour counts whole)", ch.Hours, rfc(until)))
		factor := ch.DiscountFactor.String()
		if ch.DiscountFactor.Equal(decimal.NewFromInt(1)) {
			factor += " (no discount for the remaining time)"
		}
		sec.kv("Discount factor", factor)
		status := ch.OrderStatus
		switch ch.OrderStatus {
		case rules.OrderPaid:
			status += " (AutoPay=true: paid at once from the balance)"
		case rules.OrderUnpaid:
			status += " (AutoPay=false: pay it in the console; nothing is charged until then)"
		case rules.OrderAbnormal:
			status += " (AutoPay=true but the balance is too low: the order can only be cancelled)"
		}
		sec.kv("Order", status)
		sec.kv("Balance", m.num(ch.BalanceBefore)+" → "+m.num(ch.BalanceAfter)+m.unit())
		sec.end()
	}
	if r := p.Refund; r != nil {
		sec = newSection(b, "Refund"+m.mark())
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
			fmt.Fprintf(b, "  Per order, in %s%s; rounded to %d places for display, AMOUNT being each order's share of the total (they add up to it):\n",
				strings.TrimSpace(m.currency), m.mark(), m.places)
			tw := tabwriter.NewWriter(b, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "  ORDER\tKIND\tUSED DAYS\tOF DAYS\tCONSUMED\tREFUNDABLE\tRATIO\tAMOUNT\tVOUCHER\tDESTINATION\t")
			for _, or := range r.Orders {
				fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t\n", clean(or.OrderID), or.Kind, or.UsageDays, or.DurationDays,
					or.ConsumedFee.StringFixed(m.places), or.OnlineRefundable.StringFixed(m.places), or.Ratio.Round(6).String(),
					or.Refunded.StringFixed(m.places), or.VoucherWithheld.StringFixed(m.places), or.Destination)
			}
			_ = tw.Flush()
		}
	}

	sec = newSection(b, "Takes effect")
	when := p.Effect.When
	if !p.Effect.At.IsZero() {
		when += " at " + rfc(p.Effect.At)
	}
	sec.kv("When", when)
	sec.kv("Restart", yesNo(p.Effect.Restart))
	sec.kv("", p.Effect.Description)
	sec.kv("Completes at", rfc(p.CompletesAt)+" (asynchronous; until then a further change gets LastOrderProcessing)")
	sec.end()

	if c := p.Cross; c != nil {
		sec = newSection(b, "Cross-zone migration (MigrateAcrossZone=true)")
		sec.kv("Disk device names change", yesNo(c.DeviceNamesChange)+deviceNote(c.DeviceNamesChange))
		sec.kv("Software licence codes change", yesNo(c.LicenceCodesChange))
		sec.kv("Private IP changes", yesNo(c.PrivateIPChanges)+ipNote(c.PrivateIPChanges))
		sec.end()
	}

	sec = newSection(b, "Quota use")
	if p.Quota.Downgrades == 0 && p.Quota.RefundedVCPUHours == 0 {
		sec.kv("none", "")
	} else {
		sec.kv("Downgrades", fmt.Sprint(p.Quota.Downgrades))
		sec.kv("Refunded vCPU·hours", fmt.Sprint(p.Quota.RefundedVCPUHours))
	}
	sec.end()

	list := func(title string, items []string) {
		if len(items) == 0 {
			return
		}
		b.WriteString("\n" + title + "\n")
		for _, it := range items {
			b.WriteString("  - " + it + "\n")
		}
	}
	list("Preconditions", p.Preconditions)
	list("Warnings", p.Warnings)
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
