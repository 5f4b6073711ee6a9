package main

// The JSON forms of a decision that decide --json and batch share: the verdict, the refusal's
// rule, evidence and retry class beside the API's error body, and money as decimal strings
// with the currency's places.

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
)

// moneyKeys are the JSON keys of the plan, quote and targets output whose values are amounts
// of money: they are written with at least the currency's places ("4377.80", "0.00"), as in
// the text output. The other decimals (Exact, DiscountFactor, Ratio) are exact values, not
// amounts, and are written as they are. TestMoneyKeysCoverEveryDecimal keeps this list
// complete.
var moneyKeys = []string{
	"OriginalPrice", "DiscountPrice", "TradePrice", "BalanceBefore", "BalanceAfter",
	"Total", "VoucherWithheld", "DailyUnitPrice", "ConsumedFee", "OnlineRefundable", "Amount",
	"MonthlyPriceDelta", "Refunded",
}

// notMoneyKeys are the decimal keys that are not amounts.
var notMoneyKeys = []string{"Exact", "DiscountFactor", "Ratio"}

// moneyJSON marshals v (a plan, a quote, a list of targets) as encoding/json does, then writes
// every amount with at least m's places (more when it has more: nothing is hidden by
// rounding). The pricing arithmetic is not touched: only the decimal strings are padded.
type moneyJSON struct {
	v any
	m money
}

// MarshalJSON implements json.Marshaler.
func (j moneyJSON) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(j.v); err != nil {
		return nil, err
	}
	return padMoney(bytes.TrimSuffix(buf.Bytes(), []byte("\n")), j.m), nil
}

// padMoney rewrites the string value of every money key of compact JSON b to at least m's
// places. A key is recognised by the bytes `"Key":"` with Key one of moneyKeys right after
// '{' or ',': inside a string every quote is escaped, so that pattern only occurs where a key
// and a string value meet. A value that is not a plain decimal is left as it is.
func padMoney(b []byte, m money) []byte {
	var out []byte
	last := 0
	for i := 0; ; {
		start, end, ok := nextStringValue(b, i)
		if !ok {
			break
		}
		i = start
		if !isMoneyKeyAt(b, start-3) {
			continue
		}
		if zeros, point, ok := padPlain(b[start:end], m.places); ok { // what m.num does, without parsing
			if zeros > 0 {
				out = append(out, b[last:end]...)
				out = appendZeros(out, zeros, point)
				last = end
			}
			i = end
			continue
		}
		fixed, ok := moneyValue(b, start, end, m)
		if !ok {
			continue
		}
		if fixed != string(b[start:end]) {
			out = append(out, b[last:start]...)
			out = append(out, fixed...)
			last = end
		}
		i = end
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// nextStringValue finds, from b[i:], the next key whose value is a string: the value is
// b[start:end].
func nextStringValue(b []byte, i int) (start, end int, ok bool) {
	j := bytes.Index(b[i:], []byte(`":"`))
	if j < 0 {
		return 0, 0, false
	}
	start = i + j + 3
	n := bytes.IndexByte(b[start:], '"')
	if n < 0 {
		return 0, 0, false
	}
	return start, start + n, true
}

// moneyValue returns string value b[start:end], a money key's, with at least m's places
// when it is a plain decimal; ok is false when not.
func moneyValue(b []byte, start, end int, m money) (_ string, ok bool) {
	if !plainDecimal(b[start:end]) {
		return "", false
	}
	d, err := decimal.NewFromString(string(b[start:end]))
	if err != nil {
		return "", false
	}
	return m.num(d), true
}

// isMoneyKeyAt reports whether the key that ends at b[j] (its closing quote) is a money key
// of an object.
func isMoneyKeyAt(b []byte, j int) bool {
	k := bytes.LastIndexByte(b[:j], '"')
	return k >= 1 && (b[k-1] == '{' || b[k-1] == ',') && isMoneyKey(b[k+1:j])
}

// padPlain returns how many zeros, and whether a point before them, pad val to places, for a
// val in the form decimal.Decimal's String writes (-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?, not
// "-0"): exactly what m.num of its decimal writes. ok is false for any other val, which
// takes the decimal path.
func padPlain(val []byte, places int32) (zeros int, point, ok bool) {
	whole, frac, dot := bytes.Cut(bytes.TrimPrefix(val, []byte("-")), []byte("."))
	if !canonicalWhole(whole) || !canonicalFraction(frac, dot) || string(val) == "-0" {
		return 0, false, false
	}
	return max(0, int(places)-len(frac)), !dot && places > 0, true
}

// canonicalWhole reports whether w is 0 or digits that do not start with 0.
func canonicalWhole(w []byte) bool {
	return len(w) == 1 && w[0] == '0' || len(w) > 0 && w[0] != '0' && allDigits(w)
}

// canonicalFraction reports whether f, after a point if dot, is digits not ending with 0.
func canonicalFraction(f []byte, dot bool) bool {
	return !dot || len(f) > 0 && f[len(f)-1] != '0' && allDigits(f)
}

// appendZeros appends zeros zeros, after a point if point.
func appendZeros(out []byte, zeros int, point bool) []byte {
	if point {
		out = append(out, '.')
	}
	for range zeros {
		out = append(out, '0')
	}
	return out
}

// isMoneyKey reports whether k is one of moneyKeys (without allocating).
func isMoneyKey(k []byte) bool {
	for _, mk := range moneyKeys {
		if string(k) == mk {
			return true
		}
	}
	return false
}

// plainDecimal reports whether v is -?digits(.digits)?, the form decimal.Decimal marshals to.
func plainDecimal(v []byte) bool {
	whole, frac, dot := bytes.Cut(bytes.TrimPrefix(v, []byte("-")), []byte("."))
	return allDigits(whole) && (!dot || allDigits(frac))
}

// allDigits reports whether v is one decimal digit or more.
func allDigits(v []byte) bool {
	return len(v) > 0 && bytes.IndexFunc(v, notDigit) < 0
}

// notDigit reports whether r is not a decimal digit.
func notDigit(r rune) bool { return r < '0' || r > '9' }

// refusalDetail is what respec knows about a refusal beyond the API's error body: the rule that
// refused, its stage, the evidence and the retry class.
type refusalDetail struct {
	Rule       string `json:"Rule"`
	Stage      string `json:"Stage"`
	Evidence   string `json:"Evidence,omitempty"`
	RetryClass string `json:"RetryClass"`
}

// requestParseRule names the "rule" of a request the parser refused.
const requestParseRule = "request.parse"

// refusalDetail returns the rule, evidence and retry class of refusal e of s: Explain's first
// issue (Decide's error is always Explain's first issue), or the parser's error for a
// malformed request.
func (s *scenario) refusalDetail(e *errcodes.Error) refusalDetail {
	if s.reqErr == nil {
		if is := rules.Explain(s.sc.Now, s.req, s.facts); len(is) > 0 && is[0].Err != nil && is[0].Err.ID == e.ID {
			return refusalDetail{Rule: is[0].Rule, Stage: is[0].Stage.String(), Evidence: is[0].Evidence, RetryClass: is[0].Retry.String()}
		}
	}
	return refusalDetail{Rule: requestParseRule, Stage: rules.StageParameters.String(), Evidence: e.Detail(), RetryClass: e.Retry().String()}
}

// acceptedJSON is an accepted request as "decide --json" writes it: Accepted, the API's
// response (RequestId, OrderId) and the plan.
type acceptedJSON struct {
	Accepted  bool       `json:"Accepted"`
	RequestID string     `json:"RequestId"`
	OrderID   string     `json:"OrderId"`
	Plan      *moneyJSON `json:"Plan"`
}

// refusedJSON is a refusal as "decide --json" writes it: Accepted (false), the API's error
// body, its HTTP status, and the rule, stage, evidence and retry class.
type refusedJSON struct {
	Accepted bool `json:"Accepted"`
	errorJSON
	refusalDetail
}

// decisionOf returns the JSON form of outcome o of s: an acceptedJSON or a refusedJSON.
func (s *scenario) decisionOf(o outcome) any {
	if o.err != nil {
		return refusedJSON{errorJSON: s.refusalJSON(o.err), refusalDetail: s.refusalDetail(o.err)}
	}
	return acceptedJSON{Accepted: true, RequestID: o.plan.RequestID, OrderID: o.plan.OrderID, Plan: &moneyJSON{v: o.plan, m: s.money()}}
}

// requestInstanceID returns the InstanceId the scenario's request names ("" when none).
func (s *scenario) requestInstanceID() string { return s.sc.Request[model.ParamInstanceID] }

// strictCheck is --strict: a usage error naming every request key respec does not know (with
// its did-you-mean), nil when there is none.
func (s *scenario) strictCheck() error {
	if len(s.req.Unknown) == 0 {
		return nil
	}
	msg := "request: unknown parameter"
	if len(s.req.Unknown) > 1 {
		msg += "s"
	}
	keys := make([]string, len(s.req.Unknown))
	for i, u := range s.req.Unknown {
		keys[i] = unknownKey(u)
	}
	return usagef("%s %s (--strict; without it the API, and respec, ignore unknown parameters)", msg, strings.Join(keys, ", "))
}

// unknownKey names an unknown request key, with the parameter it probably means.
func unknownKey(u model.UnknownParam) string {
	if u.Suggestion == "" {
		return clean(u.Key)
	}
	return clean(u.Key) + " (did you mean " + u.Suggestion + "?)"
}
