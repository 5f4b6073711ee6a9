package difftest

import (
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/internal/reference"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/pricing"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

// Result is one case run through both engines.
type Result struct {
	// Parsed is false when the request's wire form (changed by a wire fault) did not parse:
	// the parser's answer is the same for both engines, which decide only parsed requests.
	Parsed bool
	// Accepted: the engine accepted the request.
	Accepted bool
	// Diffs lists every disagreement, each "field: engine … reference …"; Kind is the
	// first one's field, for the summary.
	Diffs []string
	Kind  string
}

// Run decides c with both engines and compares the outcomes.
func Run(c *Case) Result {
	req, ok := request(c)
	if !ok {
		return Result{}
	}
	res := Result{Parsed: true}
	plan, err := rules.Decide(c.World.Now, &req, &c.Facts)
	ref := reference.Decide(c.World.Now, &req, &c.Facts)
	d := &differ{}
	switch {
	case err != nil:
		compareRefusal(d, c, &req, err, &ref)
	case ref.Plan == nil:
		res.Accepted = true
		d.add("outcome", "engine accepts, reference refuses %s %d %s", ref.Rule, ref.Status, ref.Code)
	default:
		res.Accepted = true
		comparePlan(d, &plan, ref.Plan)
	}
	res.Diffs = d.diffs
	if len(d.diffs) > 0 {
		res.Kind = d.kinds[0]
	}
	return res
}

// request is c's request as both engines see it: through its wire change, if any, and
// parsed again; false when the changed wire form does not parse.
func request(c *Case) (model.Request, bool) {
	req := c.World.Request
	if c.Wire == nil {
		return req, true
	}
	v := req.Values()
	c.Wire(v)
	p, err := model.ParseValues(v)
	return p, err == nil
}

// compareRefusal compares the engine's refusal err of req with the reference's outcome ref:
// a documented error, refused by the same rule with the same status and code.
func compareRefusal(d *differ, c *Case, req *model.Request, err error, ref *reference.Outcome) {
	var e *errcodes.Error
	if !errors.As(err, &e) {
		d.add("error", "engine error %v is not an *errcodes.Error", err)
		return
	}
	rule := ""
	if is := rules.Explain(c.World.Now, req, &c.Facts); len(is) > 0 {
		rule = is[0].Rule
	}
	if ref.Plan != nil {
		d.add("outcome", "engine refuses %s %d %s, reference accepts", rule, e.HTTPStatus(), e.Code())
		return
	}
	d.eq("Rule", rule, ref.Rule)
	d.eq("Status", e.HTTPStatus(), ref.Status)
	d.eq("Code", e.Code(), ref.Code)
}

type differ struct {
	diffs []string
	kinds []string
}

func (d *differ) add(field, format string, args ...any) {
	d.diffs = append(d.diffs, field+": "+fmt.Sprintf(format, args...))
	d.kinds = append(d.kinds, field)
}

func (d *differ) eq(field string, engine, ref any) {
	if engine != ref {
		d.add(field, "engine %v, reference %v", engine, ref)
	}
}

func (d *differ) time(field string, engine, ref time.Time) {
	if !engine.Equal(ref) {
		d.add(field, "engine %v, reference %v", engine, ref)
	}
}

// money compares an engine amount with the reference's exact fraction: they must be equal
// as numbers (however the decimal is written).
func (d *differ) money(field string, engine decimal.Decimal, ref *big.Rat) {
	if ref == nil || engine.Rat().Cmp(ref) != 0 {
		d.add(field, "engine %s, reference %s", engine, ratString(ref))
	}
}

// exact compares one of the engine's unrounded figures, which it reports rounded half up to
// pricing.MaxPlaces (24) decimals, with the reference's exact fraction rounded the same way
// (exception ExactFigures24).
func (d *differ) exact(field string, engine decimal.Decimal, ref *big.Rat) {
	if ref == nil {
		d.add(field, "reference has none")
		return
	}
	d.money(field, engine, reference.Round(ref, exactPlaces, model.RoundHalfUp))
}

func ratString(r *big.Rat) string {
	if r == nil {
		return "<nil>"
	}
	return r.FloatString(26)
}

// comparePlan compares every field of the engine's plan with the reference's, except the
// ones an exception names (exceptions.go).
func comparePlan(d *differ, p *rules.Plan, r *reference.Plan) {
	d.eq("Replayed", p.Replayed, r.Replayed)
	if r.Replayed {
		// A replay is the remembered outcome: its identifiers are the record's.
		d.eq("RequestID", p.RequestID, r.RequestID)
		d.eq("OrderID", p.OrderID, r.OrderID)
		return
	}
	d.eq("Operation", p.Operation, r.Operation)
	d.eq("Direction", p.Direction, r.Direction)
	d.eq("InstanceID", p.InstanceID, r.InstanceID)
	d.eq("RegionID", p.RegionID, r.RegionID)
	d.eq("ZoneID", p.ZoneID, r.ZoneID)
	d.eq("FromType", p.FromType, r.FromType)
	d.eq("ToType", p.ToType, r.ToType)
	d.time("DecidedAt", p.DecidedAt, r.DecidedAt)
	d.eq("ClientToken", p.ClientToken, r.ClientToken)
	d.eq("Temporary", p.Temporary, r.Temporary)
	d.time("Until", p.Until, r.Until)
	d.time("CompletesAt", p.CompletesAt, r.CompletesAt)
	d.eq("PricesIllustrative", p.PricesIllustrative, r.PricesIllustrative)
	d.eq("Effect.When", p.Effect.When, r.When)
	d.time("Effect.At", p.Effect.At, r.At)
	d.eq("Effect.Restart", p.Effect.Restart, r.Restart)
	d.eq("Preconditions", len(p.Preconditions), r.Preconditions)
	d.eq("Quota.Downgrades", p.Quota.Downgrades, r.Downgrades)
	d.eq("Quota.RefundedVCPUHours", p.Quota.RefundedVCPUHours, r.RefundedVCPUHours)
	d.eq("Cross", p.Cross != nil, r.Cross != nil)
	if p.Cross != nil && r.Cross != nil {
		compareCross(d, p.Cross, r.Cross)
	}
	d.eq("Charge", p.Charge != nil, r.Charge != nil)
	if p.Charge != nil && r.Charge != nil {
		compareCharge(d, p.Charge, r.Charge)
	}
	d.eq("Refund", p.Refund != nil, r.Refund != nil)
	if p.Refund != nil && r.Refund != nil {
		compareRefund(d, p.Refund, r.Refund)
	}
}

// compareCross compares what a move across zones changes.
func compareCross(d *differ, c *rules.CrossZoneEffect, rc *reference.Cross) {
	d.eq("Cross.DeviceNamesChange", c.DeviceNamesChange, rc.DeviceNamesChange)
	d.eq("Cross.LicenceCodesChange", c.LicenceCodesChange, rc.LicenceCodesChange)
	d.eq("Cross.PrivateIPChanges", c.PrivateIPChanges, rc.PrivateIPChanges)
}

// compareCharge compares an upgrade's money.
func compareCharge(d *differ, c *rules.Charge, rc *reference.Charge) {
	d.money("Charge.OriginalPrice", c.OriginalPrice, rc.OriginalPrice)
	d.money("Charge.DiscountPrice", c.DiscountPrice, rc.DiscountPrice)
	d.money("Charge.TradePrice", c.TradePrice, rc.TradePrice)
	d.exact("Charge.Exact", c.Exact, rc.Exact)
	d.money("Charge.DiscountFactor", c.DiscountFactor, rc.DiscountFactor)
	d.eq("Charge.Hours", c.Hours, rc.Hours)
	d.eq("Charge.Currency", c.Currency, rc.Currency)
	d.eq("Charge.AutoPay", c.AutoPay, rc.AutoPay)
	d.eq("Charge.OrderStatus", c.OrderStatus, rc.OrderStatus)
	d.money("Charge.BalanceBefore", c.BalanceBefore, rc.BalanceBefore)
	d.money("Charge.BalanceAfter", c.BalanceAfter, rc.BalanceAfter)
}

// compareRefund compares a downgrade's money, order by order.
func compareRefund(d *differ, f *pricing.Refund, rf *reference.Refund) {
	d.money("Refund.Total", f.Total, rf.Total)
	d.exact("Refund.Exact", f.Exact, rf.Exact)
	d.money("Refund.VoucherWithheld", f.VoucherWithheld, rf.VoucherWithheld)
	d.eq("Refund.Currency", f.Currency, rf.Currency)
	d.eq("Refund.RatioReading", f.RatioReading, rf.RatioReading)
	d.eq("Refund.RefundedVCPUHours", f.RefundedVCPUHours, rf.RefundedVCPUHours)
	d.eq("Refund.Orders", len(f.Orders), len(rf.Orders))
	for i := range min(len(f.Orders), len(rf.Orders)) {
		compareOrderRefund(d, fmt.Sprintf("Refund.Orders[%d].", i), &f.Orders[i], &rf.Orders[i])
	}
}

// compareOrderRefund compares one order's part of a refund; at prefixes the field names.
func compareOrderRefund(d *differ, at string, o *pricing.OrderRefund, ro *reference.OrderRefund) {
	d.eq(at+"OrderID", o.OrderID, ro.OrderID)
	d.eq(at+"Kind", o.Kind, ro.Kind)
	d.eq(at+"UsageDays", o.UsageDays, ro.UsageDays)
	d.eq(at+"DurationDays", o.DurationDays, ro.DurationDays)
	d.exact(at+"DailyUnitPrice", o.DailyUnitPrice, ro.DailyUnitPrice)
	d.exact(at+"ConsumedFee", o.ConsumedFee, ro.ConsumedFee)
	d.exact(at+"OnlineRefundable", o.OnlineRefundable, ro.OnlineRefundable)
	d.exact(at+"Ratio", o.Ratio, ro.Ratio)
	d.exact(at+"Amount", o.Amount, ro.Amount)
	d.money(at+"Refunded", o.Refunded, ro.Refunded)
	d.money(at+"VoucherWithheld", o.VoucherWithheld, ro.VoucherWithheld)
	d.eq(at+"Destination", o.Destination, ro.Destination)
}
