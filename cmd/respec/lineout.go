package main

// A batch line written field by field: the bytes encoding/json writes for a batchLine (the
// fields in declaration order, HTML escaping off) with the money of its plan padded as
// padMoney pads it, without reflection, boxing, the decimals' big.Int strings or a second
// pass over the line. TestAppendBatchLineIsEncodingJSON holds the two byte-identical over
// lines with every field drawn.

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/internal/jsonw"
	"github.com/respec-dev/respec/pricing"
	"github.com/respec-dev/respec/rules"
)

// encodeBatchLine returns l as one line of batch output (with its newline): appendBatchLine's
// bytes, or, for a line it does not write, encoding/json's with the money padded.
func encodeBatchLine(dst []byte, l *batchLine) ([]byte, error) {
	if out, ok := appendBatchLine(dst, l); ok {
		return out, nil
	}
	c := *l // encoding/json takes a copy, so that l stays off the heap for the other lines
	out, err := marshal(&c, false)
	if err == nil && l.Plan != nil {
		out = padMoney(out, l.money)
	}
	return append(dst, out...), err
}

// appendBatchLine appends l as encodeBatchLine writes it; ok is false for a line holding a
// time it does not write (not in UTC, or outside years 0–9999), which encoding/json writes
// or refuses instead.
func appendBatchLine(dst []byte, l *batchLine) (_ []byte, ok bool) {
	dst = jsonw.Int(jsonw.Key(dst, '{', "Line"), int64(l.Line))
	if l.InstanceID != "" {
		dst = jsonw.Field(dst, ',', "InstanceId", l.InstanceID)
	}
	dst = jsonw.Field(dst, ',', "Outcome", l.Outcome)
	if l.HTTPStatus != 0 {
		dst = jsonw.Int(jsonw.Key(dst, ',', "HttpStatus"), int64(l.HTTPStatus))
	}
	if l.Plan != nil {
		if dst, ok = appendPlan(jsonw.Key(dst, ',', "Plan"), l.Plan, l.money.places); !ok {
			return dst, false
		}
	}
	if l.Error != nil {
		dst = l.Error.AppendJSON(jsonw.Key(dst, ',', "Error"))
	}
	if r := l.Refusal; r != nil {
		dst = jsonw.Field(jsonw.Key(dst, ',', "Refusal"), '{', "Rule", r.Rule)
		dst = jsonw.Field(dst, ',', "Stage", r.Stage)
		if r.Evidence != "" {
			dst = jsonw.Field(dst, ',', "Evidence", r.Evidence)
		}
		dst = append(jsonw.Field(dst, ',', "RetryClass", r.RetryClass), '}')
	}
	if l.UsageError != "" {
		dst = jsonw.Field(dst, ',', "UsageError", l.UsageError)
	}
	return append(dst, '}', '\n'), true
}

// appendPlan appends the plan p, its money with at least places places.
func appendPlan(dst []byte, p *rules.Plan, places int32) (_ []byte, ok bool) {
	dst = jsonw.Field(dst, '{', "RequestId", p.RequestID)
	dst = jsonw.Field(dst, ',', "OrderId", p.OrderID)
	if p.Replayed {
		dst = jsonw.Bool(jsonw.Key(dst, ',', "Replayed"), true)
	}
	dst = jsonw.Field(dst, ',', "Operation", p.Operation)
	dst = jsonw.Field(dst, ',', "InstanceId", p.InstanceID)
	dst = jsonw.Field(dst, ',', "RegionId", p.RegionID)
	dst = jsonw.Field(dst, ',', "ZoneId", p.ZoneID)
	dst = jsonw.Field(dst, ',', "FromInstanceType", p.FromType)
	dst = jsonw.Field(dst, ',', "ToInstanceType", p.ToType)
	if dst, ok = jsonw.Time(jsonw.Key(dst, ',', "DecidedAt"), p.DecidedAt); !ok {
		return dst, false
	}
	if p.ClientToken != "" {
		dst = jsonw.Field(dst, ',', "ClientToken", p.ClientToken)
	}
	if p.Temporary {
		dst = jsonw.Bool(jsonw.Key(dst, ',', "Temporary"), true)
	}
	if dst, ok = appendTimeIf(dst, "Until", p.Until); !ok {
		return dst, false
	}
	if p.Charge != nil {
		dst = appendCharge(jsonw.Key(dst, ',', "Charge"), p.Charge, places)
	}
	if p.Refund != nil {
		dst = appendRefund(jsonw.Key(dst, ',', "Refund"), p.Refund, places)
	}
	if dst, ok = appendEffect(jsonw.Key(dst, ',', "Effect"), &p.Effect); !ok {
		return dst, false
	}
	if c := p.Cross; c != nil {
		dst = jsonw.Bool(jsonw.Key(jsonw.Key(dst, ',', "CrossZone"), '{', "DeviceNamesChange"), c.DeviceNamesChange)
		dst = jsonw.Bool(jsonw.Key(dst, ',', "LicenceCodesChange"), c.LicenceCodesChange)
		dst = append(jsonw.Bool(jsonw.Key(dst, ',', "PrivateIpChanges"), c.PrivateIPChanges), '}')
	}
	dst = appendStrings(dst, "Preconditions", p.Preconditions)
	dst = appendStrings(dst, "Warnings", p.Warnings)
	if dst, ok = jsonw.Time(jsonw.Key(dst, ',', "CompletesAt"), p.CompletesAt); !ok {
		return dst, false
	}
	dst = appendQuota(jsonw.Key(dst, ',', "Quota"), p.Quota)
	if p.PricesIllustrative {
		dst = jsonw.Bool(jsonw.Key(dst, ',', "PricesIllustrative"), true)
	}
	return append(dst, '}'), true
}

// appendTimeIf appends the member name: t unless t is zero (omitzero).
func appendTimeIf(dst []byte, name string, t time.Time) ([]byte, bool) {
	if t.IsZero() {
		return dst, true
	}
	return jsonw.Time(jsonw.Key(dst, ',', name), t)
}

// appendStrings appends the member name: list unless list is empty (omitempty).
func appendStrings(dst []byte, name string, list []string) []byte {
	if len(list) == 0 {
		return dst
	}
	dst = jsonw.Key(dst, ',', name)
	for i, s := range list {
		sep := byte(',')
		if i == 0 {
			sep = '['
		}
		dst = jsonw.String(append(dst, sep), s)
	}
	return append(dst, ']')
}

// appendCharge appends an upgrade's charge: the quote's fields (embedded), then the order's.
func appendCharge(dst []byte, c *rules.Charge, places int32) []byte {
	dst = appendMoney(dst, '{', "OriginalPrice", c.OriginalPrice, places)
	dst = appendMoney(dst, ',', "DiscountPrice", c.DiscountPrice, places)
	dst = appendMoney(dst, ',', "TradePrice", c.TradePrice, places)
	dst = jsonw.Field(dst, ',', "Currency", c.Currency)
	dst = jsonw.Int(jsonw.Key(dst, ',', "Hours"), c.Hours)
	dst = appendDecimal(dst, "DiscountFactor", c.DiscountFactor)
	dst = appendDecimal(dst, "Exact", c.Exact)
	dst = jsonw.Bool(jsonw.Key(dst, ',', "AutoPay"), c.AutoPay)
	dst = jsonw.Field(dst, ',', "OrderStatus", c.OrderStatus)
	dst = appendMoney(dst, ',', "BalanceBefore", c.BalanceBefore, places)
	return append(appendMoney(dst, ',', "BalanceAfter", c.BalanceAfter, places), '}')
}

// appendRefund appends a downgrade's refund and its orders (null when it has none: the field
// has no omitempty).
func appendRefund(dst []byte, r *pricing.Refund, places int32) []byte {
	dst = appendMoney(dst, '{', "Total", r.Total, places)
	dst = appendDecimal(dst, "Exact", r.Exact)
	dst = appendMoney(dst, ',', "VoucherWithheld", r.VoucherWithheld, places)
	dst = jsonw.Field(dst, ',', "Currency", r.Currency)
	dst = jsonw.Field(dst, ',', "RatioReading", r.RatioReading)
	dst = jsonw.Key(dst, ',', "Orders")
	if r.Orders == nil {
		dst = append(dst, "null"...)
	} else {
		dst = append(dst, '[')
		for i := range r.Orders {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendOrderRefund(dst, &r.Orders[i], places)
		}
		dst = append(dst, ']')
	}
	return append(jsonw.Int(jsonw.Key(dst, ',', "RefundedVcpuHours"), r.RefundedVCPUHours), '}')
}

// appendOrderRefund appends one order's part of a refund.
func appendOrderRefund(dst []byte, o *pricing.OrderRefund, places int32) []byte {
	dst = jsonw.Field(dst, '{', "OrderId", o.OrderID)
	dst = jsonw.Field(dst, ',', "Kind", o.Kind)
	dst = jsonw.Int(jsonw.Key(dst, ',', "UsageDays"), o.UsageDays)
	dst = jsonw.Int(jsonw.Key(dst, ',', "DurationDays"), o.DurationDays)
	dst = appendMoney(dst, ',', "DailyUnitPrice", o.DailyUnitPrice, places)
	dst = appendMoney(dst, ',', "ConsumedFee", o.ConsumedFee, places)
	dst = appendMoney(dst, ',', "OnlineRefundable", o.OnlineRefundable, places)
	dst = appendDecimal(dst, "Ratio", o.Ratio)
	dst = appendMoney(dst, ',', "Amount", o.Amount, places)
	dst = appendMoney(dst, ',', "Refunded", o.Refunded, places)
	dst = appendMoney(dst, ',', "VoucherWithheld", o.VoucherWithheld, places)
	return append(jsonw.Field(dst, ',', "Destination", o.Destination), '}')
}

// appendEffect appends when the plan takes effect and what restarts.
func appendEffect(dst []byte, e *rules.Effect) (_ []byte, ok bool) {
	dst = jsonw.Field(dst, '{', "When", e.When)
	if dst, ok = appendTimeIf(dst, "At", e.At); !ok {
		return dst, false
	}
	dst = jsonw.Bool(jsonw.Key(dst, ',', "Restart"), e.Restart)
	return append(jsonw.Field(dst, ',', "Description", e.Description), '}'), true
}

// appendQuota appends the plan's use of the quotas ({} when none: both are omitempty).
func appendQuota(dst []byte, q rules.QuotaCount) []byte {
	sep := byte('{')
	if q.Downgrades != 0 {
		dst = jsonw.Int(jsonw.Key(dst, sep, "Downgrades"), int64(q.Downgrades))
		sep = ','
	}
	if q.RefundedVCPUHours != 0 {
		dst = jsonw.Int(jsonw.Key(dst, sep, "RefundedVcpuHours"), q.RefundedVCPUHours)
		sep = ','
	}
	if sep == '{' {
		dst = append(dst, '{')
	}
	return append(dst, '}')
}

// appendDecimal appends the member name: d, an exact value written as it is (a quoted
// decimal string, as decimal.Decimal's MarshalJSON writes it).
func appendDecimal(dst []byte, name string, d decimal.Decimal) []byte {
	dst = jsonw.Key(dst, ',', name)
	return append(jsonw.DecimalText(append(dst, '"'), d), '"')
}

// appendMoney appends the member name: d, an amount of money, with at least places places:
// what padMoney makes of the decimal's string (a point and zeros appended, never rounded).
func appendMoney(dst []byte, sep byte, name string, d decimal.Decimal, places int32) []byte {
	dst = append(jsonw.Key(dst, sep, name), '"')
	start := len(dst)
	dst = jsonw.DecimalText(dst, d)
	frac, point := 0, false
	for i := len(dst) - 1; i >= start; i-- {
		if dst[i] == '.' {
			frac, point = len(dst)-i-1, true
			break
		}
	}
	if !point && places > 0 {
		dst = append(dst, '.')
	}
	for range int(places) - frac {
		dst = append(dst, '0')
	}
	return append(dst, '"')
}
