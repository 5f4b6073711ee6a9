package main

import (
	"bytes"
	"fmt"

	"github.com/respec-dev/respec/rules"
)

const quoteAbout = `Reads one scenario (FILE, or standard input for "-" or no FILE) and prices its request the
way DescribeInstanceModificationPrice does: {"PriceInfo": {"Price": {"OriginalPrice",
"DiscountPrice", "TradePrice", "Currency"}}}, plus the billed hours and the discount factor.
The price is the accepted plan's charge, so quote's TradePrice is decide's. Amounts are
decimal strings.

The price API prices upgrades only: for an accepted downgrade, quote says so and gives the
refund total instead ("Refund"); for a replayed request (same ClientToken, same parameters)
there is nothing to price. A refused request is refused with its error, as decide does.

Exit status: 0 priced (or the refund given), 3 refused, 2 unusable input, 1 output error.`

// priceJSON is DescribeInstanceModificationPrice's Price.
type priceJSON struct {
	OriginalPrice string `json:"OriginalPrice"`
	DiscountPrice string `json:"DiscountPrice"`
	TradePrice    string `json:"TradePrice"`
	Currency      string `json:"Currency"`
}

// priceInfoJSON is DescribeInstanceModificationPrice's PriceInfo.
type priceInfoJSON struct {
	Price priceJSON `json:"Price"`
}

// quoteJSON is the output of "quote --json". For an upgrade PriceInfo is set; for a downgrade
// Refund; Note explains what is and is not priced.
type quoteJSON struct {
	RequestID          string         `json:"RequestId"`
	Operation          string         `json:"Operation,omitempty"`
	PriceInfo          *priceInfoJSON `json:"PriceInfo,omitempty"`
	BilledHours        int64          `json:"BilledHours,omitempty"`
	DiscountFactor     string         `json:"DiscountFactor,omitempty"`
	Refund             *refundJSON    `json:"Refund,omitempty"`
	Note               string         `json:"Note,omitempty"`
	PricesIllustrative bool           `json:"PricesIllustrative,omitempty"`
}

// refundJSON is a downgrade's refund in "quote --json".
type refundJSON struct {
	Total           string `json:"Total"`
	VoucherWithheld string `json:"VoucherWithheld"`
	Currency        string `json:"Currency"`
}

const (
	noteDowngrade = "DescribeInstanceModificationPrice prices upgrades only; this is the refund ModifyPrepayInstanceSpec would make for the downgrade."
	noteReplay    = "The same request (ClientToken and parameters) was accepted before; repeating it changes nothing and costs nothing."
)

// quoteOf returns the quote of an accepted plan.
func (s *scenario) quoteOf(p *rules.Plan) quoteJSON {
	q := quoteJSON{RequestID: p.RequestID, Operation: p.Operation, PricesIllustrative: p.PricesIllustrative}
	m := s.money()
	switch {
	case p.Replayed:
		q.Note = noteReplay
	case p.Charge != nil:
		ch := p.Charge
		q.PriceInfo = &priceInfoJSON{Price: priceJSON{OriginalPrice: m.num(ch.OriginalPrice), DiscountPrice: m.num(ch.DiscountPrice),
			TradePrice: m.num(ch.TradePrice), Currency: ch.Currency}}
		q.BilledHours = ch.Hours
		q.DiscountFactor = ch.DiscountFactor.String()
	case p.Refund != nil:
		q.Refund = &refundJSON{Total: m.num(p.Refund.Total), VoucherWithheld: m.num(p.Refund.VoucherWithheld), Currency: p.Refund.Currency}
		q.Note = noteDowngrade
	}
	return q
}

// runQuote implements "respec quote [--json] [FILE|-]".
func runQuote(c *call) int { return c.answer(quoteReply) }

// quoteReply is the price of an accepted request, or the refusal.
func quoteReply(s *scenario, asJSON bool) reply {
	o := s.decide()
	if o.err != nil {
		return s.refusalReply(o.err, asJSON)
	}
	return reply{}.render(asJSON, func() any { return s.quoteOf(o.plan) }, func() []byte { return s.describeQuote(o.plan) })
}

// describeQuote returns the quote of an accepted plan for people.
func (s *scenario) describeQuote(p *rules.Plan) []byte {
	var b bytes.Buffer
	m := s.money()
	m.illustrative = p.PricesIllustrative
	switch {
	case p.Replayed:
		b.WriteString("Nothing to price: " + noteReplay + "\n")
	case p.Charge != nil:
		describeQuoteCharge(&b, m, p)
	case p.Refund != nil:
		describeQuoteRefund(&b, m, p)
	}
	return trimTrailingSpace(b.Bytes())
}

// describeQuoteCharge writes an upgrade's price.
func describeQuoteCharge(b *bytes.Buffer, m money, p *rules.Plan) {
	ch := p.Charge
	fmt.Fprintf(b, "Upgrade %s → %s of %s%s\n", clean(p.FromType), clean(p.ToType), p.InstanceID, m.mark())
	sec := newSection(b, "")
	describePrices(sec, m, ch)
	sec.kv("Billed hours", fmt.Sprint(ch.Hours))
	sec.kv("Discount factor", ch.DiscountFactor.String())
	sec.end()
}

// describeQuoteRefund writes a downgrade's refund, which the price API does not give.
func describeQuoteRefund(b *bytes.Buffer, m money, p *rules.Plan) {
	fmt.Fprintf(b, "Downgrade %s → %s of %s%s\n", clean(p.FromType), clean(p.ToType), p.InstanceID, m.mark())
	b.WriteString(noteDowngrade + "\n")
	sec := newSection(b, "")
	nums := padLeft(m.num(p.Refund.Total), m.num(p.Refund.VoucherWithheld))
	sec.kv("Refund", nums[0]+m.unit())
	sec.kv("Voucher withheld", nums[1]+m.unit())
	sec.end()
}
