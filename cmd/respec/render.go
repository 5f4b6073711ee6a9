package main

// The text and JSON rendering the commands share: money, aligned sections, values from the
// input made safe for a terminal, counts, JSON without HTML escaping, and the one path by
// which decide, explain, targets and quote write their reply (answer, reply).

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/errcodes"
)

// money formats amounts for people: the policy's currency places, the catalog's currency and,
// when the amounts use an illustrative price, the mark "(illustrative prices)". s.money()
// starts from the catalog's flag; a command sets illustrative from the plan or the targets
// it shows (rules.Plan.PricesIllustrative, rules.Target.PricesIllustrative).
type money struct {
	places       int32
	currency     string
	illustrative bool
}

func (s *scenario) money() money {
	return money{places: s.facts.Policy.CurrencyPlaces, currency: clean(s.cat.Currency()), illustrative: s.cat.PricesIllustrative()}
}

// num returns d with at least the currency places (more when d has more: nothing is hidden
// by rounding for display).
func (m money) num(d decimal.Decimal) string {
	if -d.Exponent() > m.places {
		return d.String()
	}
	return d.StringFixed(m.places)
}

// unit returns " CNY" and the illustrative mark when it applies.
func (m money) unit() string {
	s := ""
	if m.currency != "" {
		s = " " + m.currency
	}
	return s + m.mark()
}

func (m money) mark() string {
	if m.illustrative {
		return " (illustrative prices)"
	}
	return ""
}

// section writes aligned "key  value" lines under a title.
type section struct {
	buf *bytes.Buffer
	tw  *tabwriter.Writer
}

func newSection(buf *bytes.Buffer, title string) *section {
	if title != "" {
		if buf.Len() > 0 {
			buf.WriteByte('\n')
		}
		buf.WriteString(title + "\n")
	}
	return &section{buf: buf, tw: tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)}
}

func (s *section) kv(key, value string) { fmt.Fprintf(s.tw, "  %s\t%s\n", key, value) }

// kvIf writes the line when value is not empty.
func (s *section) kvIf(key, value string) {
	if value != "" {
		s.kv(key, value)
	}
}

func (s *section) end() { _ = s.tw.Flush() } // a bytes.Buffer never fails

func rfc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// trimTrailingSpace removes the spaces tabwriter leaves at the end of lines.
func trimTrailingSpace(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		line := b
		rest := []byte(nil)
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line, rest = b[:i], b[i+1:]
			out = append(out, bytes.TrimRight(line, " ")...)
			out = append(out, '\n')
		} else {
			out = append(out, bytes.TrimRight(line, " ")...)
		}
		b = rest
	}
	return out
}

func quoteID(id string) string {
	if id == "" {
		return "(no InstanceId)"
	}
	return clean(id)
}

// clean makes a value from the input safe to print for people: at most 64 bytes (cut at a
// rune boundary, "..." marking the cut) and quoted with escapes when it holds anything but
// printable characters (no terminal control sequences reach the screen).
func clean(v string) string {
	v, cut := cutAt(v, 64)
	if strings.ContainsFunc(v, unprintable) {
		v = strconv.QuoteToGraphic(v)
	}
	if cut {
		v += "..."
	}
	return v
}

// cutAt cuts v to at most n bytes, at a rune boundary; cut says whether it did.
func cutAt(v string, n int) (_ string, cut bool) {
	if len(v) <= n {
		return v, false
	}
	for n > 0 && !utf8.RuneStart(v[n]) {
		n--
	}
	return v[:n], true
}

// unprintable reports whether r may not reach a terminal as it is (an invalid byte decodes
// as utf8.RuneError).
func unprintable(r rune) bool { return !unicode.IsPrint(r) || r == utf8.RuneError }

// padLeft pads numbers with spaces on the left to one width, so that they line up.
func padLeft(nums ...string) []string {
	w := 0
	for _, n := range nums {
		w = max(w, len(n))
	}
	out := make([]string, len(nums))
	for i, n := range nums {
		out[i] = strings.Repeat(" ", w-len(n)) + n
	}
	return out
}

// marshal returns v as JSON without HTML escaping, indented with two spaces when indent is set,
// and with a final newline.
func marshal(v any, indent bool) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// plural returns "1 thing" or "n things".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// answer runs a scenario command: it loads the call's scenario (exit 2 when it cannot), asks of
// it the command's reply, writes it and returns the exit status.
func (c *call) answer(of func(s *scenario, asJSON bool) reply) int {
	s := c.load()
	if s == nil {
		return exitUsage
	}
	r := of(s, c.opts.json)
	if r.err != nil {
		return c.fail(exitFail, r.err)
	}
	if !write(c.cmd.name, c.stdout, c.stderr, r.out) {
		return exitFail
	}
	return r.status()
}

// reply is what a scenario command answers: its output (or the error that kept it from being
// made) and whether the request is refused.
type reply struct {
	out     []byte
	err     error
	refused bool
}

// render sets r's output: value's, as indented JSON, when asJSON is set, else text's.
func (r reply) render(asJSON bool, value func() any, text func() []byte) reply {
	if asJSON {
		r.out, r.err = marshal(value(), true)
	} else {
		r.out = text()
	}
	return r
}

// status is the exit status of a reply written: 3 when the request is refused.
func (r reply) status() int {
	if r.refused {
		return exitRefused
	}
	return exitOK
}

// refusalReply is refusal e: the API's error body with its HTTP status (JSON), or for people.
func (s *scenario) refusalReply(e *errcodes.Error, asJSON bool) reply {
	return reply{refused: true}.render(asJSON, func() any { return s.refusalJSON(e) }, func() []byte { return s.describe(outcome{err: e}) })
}
