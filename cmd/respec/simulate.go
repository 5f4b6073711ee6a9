package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/fleet"
	scenariofmt "github.com/respec-dev/respec/scenario"
	"github.com/respec-dev/respec/world"
	"github.com/respec-dev/respec/worldfile"
)

const simulateAbout = `Runs PLAN on WORLD, in order, as one sequential client would: every request shares the
accounts' balances, quotas, ClientTokens and throttle counters with the ones before it (batch,
by contrast, answers independent what-ifs). WORLD is a world file (accounts with their RAM
users, quotas, tokens, throttle counts and instances; the moment "now"; the catalog, embedded
by default; the policy; the limits). PLAN is JSON Lines of timed requests, or one plan
document with resize rules and orchestration options. Both are described in
scenario/SCHEMA.md. "-" reads one of them from standard input.

Standard output gets one JSON line per request sent (its moment, InstanceId, operation, the
decision or the error with its rule and evidence, what was charged and refunded, the balance
after, money as decimal strings with the currency's places), then the summary as the last
line, {"Summary": {...}}: outcomes by code, per account the charges, refunds and balance
before and after, the downgrade quota used and left, the instances left stopped or waiting
for a restart, and the refusals the plan's own earlier requests caused, each named as such.
--text writes the same as text. --report FILE also writes a self-contained HTML page for a
reviewer. A file that is not a valid world or plan, or a plan that names an unknown instance
or account or has its moments out of order, is unusable input: one line naming the file,
the line and the JSON path, and nothing runs. A request the API refuses is an outcome.

Exit status: 0 every request accepted (and paid), 3 some refused or left with an unpaid or
abnormal order, 2 unusable input, 1 output error.`

// runSimulate implements "respec simulate [--text] [--report FILE] WORLD PLAN".
func runSimulate(c *call) int {
	if c.args[0] == "-" && c.args[1] == "-" {
		return c.usageErr("WORLD and PLAN cannot both be standard input")
	}
	w, p, err := c.readWorldAndPlan()
	if err != nil {
		return c.fail(exitUsage, err)
	}
	prog := c.simulateProgress(len(p.Requests))
	res, err := fleet.Run(w, p)
	if err != nil {
		prog.finish()
		return c.fail(exitUsage, fmt.Errorf("%s: %w", displayName(c.args[1]), err))
	}
	m := money{places: w.Policy().CurrencyPlaces, currency: clean(w.Catalog().Currency()), illustrative: w.Catalog().PricesIllustrative()}
	sim := newSimulation(w, &res, m)
	err = sim.write(c.stdout, c.opts.text, prog)
	prog.finish()
	if err == nil {
		err = c.writeReport(sim)
	}
	if err != nil {
		return c.fail(exitFail, err)
	}
	return sim.status()
}

// readWorldAndPlan reads and decodes the call's WORLD and PLAN files.
func (c *call) readWorldAndPlan() (w world.World, p fleet.Plan, err error) {
	wb, err := c.readFile(c.args[0], scenariofmt.MaxWorldBytes, "a world file (JSON)")
	if err != nil {
		return w, p, err
	}
	if w, err = worldfile.DecodeWorld(wb, catalog.Default()); err != nil {
		return w, p, fileErr(c.args[0], err)
	}
	pb, err := c.readFile(c.args[1], scenariofmt.MaxPlanBytes, "a plan (JSON Lines of requests, or a plan document)")
	if err != nil {
		return w, p, err
	}
	if p, err = worldfile.DecodePlan(pb, w); err != nil {
		return w, p, fileErr(c.args[1], err)
	}
	return w, p, nil
}

// simulateProgress starts the progress reports of a plan of n requests when they are to be
// shown (nil, which shows nothing, when not).
func (c *call) simulateProgress(n int) *progress {
	if !c.opts.progress.show(c.stderrTerminal) {
		return nil
	}
	return startProgressWith(c.stderr, c.progressEvery, func(done int64, elapsed time.Duration) string {
		return simulateProgressLine(n, done, elapsed)
	})
}

// writeReport writes the HTML report to the file --report names, if any.
func (c *call) writeReport(sim *simulation) error {
	if c.opts.report == "" {
		return nil
	}
	if err := os.WriteFile(c.opts.report, sim.report(), 0o644); err != nil {
		return errors.New(pathErr(err))
	}
	return nil
}

// simulateProgressLine is one progress report of simulate: while the plan runs (nothing
// written yet), then the outcomes written.
func simulateProgressLine(listed int, done int64, elapsed time.Duration) string {
	elapsed = elapsed.Truncate(100 * time.Millisecond)
	if done == 0 {
		return fmt.Sprintf("respec simulate: running the plan (%s listed, and the rules' requests), %s elapsed", plural(listed, "request", "requests"), elapsed)
	}
	return fmt.Sprintf("respec simulate: %s written, %s elapsed", plural(int(done), "outcome", "outcomes"), elapsed)
}

// readFile reads file name ("-": standard input) of at most limit bytes; what says what is
// expected, for a terminal or an empty file.
func (c *call) readFile(name string, limit int, what string) ([]byte, error) {
	r, err := c.open(name, what+" on standard input (end it with Ctrl-D)")
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return readAtMost(r, name, limit, "empty: expected "+what)
}

// fileErr words a world or plan file problem as "NAME: line N: path: reason".
func fileErr(name string, err error) error {
	var fe *worldfile.Error
	if !errors.As(err, &fe) {
		return fmt.Errorf("%s: %v", displayName(name), err)
	}
	s := displayName(name) + ": "
	if fe.Line > 0 {
		s += "line " + strconv.Itoa(fe.Line) + ": "
	}
	if fe.Path != "" {
		s += clean(fe.Path) + ": "
	}
	return usagef("%s%s", s, fe.Reason)
}

// simulation is a plan's run, ready to write.
type simulation struct {
	w0  world.World
	res *fleet.Result
	m   money
}

func newSimulation(w0 world.World, res *fleet.Result, m money) *simulation {
	return &simulation{w0: w0, res: res, m: m}
}

// write writes the outcomes and the summary: as text when text is set, else as JSON Lines.
func (s *simulation) write(w io.Writer, text bool, prog *progress) error {
	out := bufio.NewWriterSize(w, 64<<10)
	var err error
	if text {
		err = s.writeText(out, prog)
	} else {
		err = s.writeJSON(out, prog)
	}
	if err != nil {
		return err
	}
	return out.Flush()
}

// status is the exit status of the run: 0 when every plan request was accepted (and paid), 3
// when any was not.
func (s *simulation) status() int {
	for class := range s.res.Summary.Final {
		if class != fleet.ClassAccepted {
			return exitRefused
		}
	}
	return exitOK
}

// outcomeJSON is one request sent, as a JSON line.
type outcomeJSON struct {
	Index             int           `json:"Index"`
	Rule              string        `json:"Rule,omitempty"`
	Option            string        `json:"Option,omitempty"`
	Attempt           int           `json:"Attempt"`
	At                string        `json:"At"`
	Operation         string        `json:"Operation"`
	AccountID         string        `json:"AccountId"`
	InstanceID        string        `json:"InstanceId"`
	InstanceType      string        `json:"InstanceType,omitempty"`
	Final             bool          `json:"Final"`
	Outcome           string        `json:"Outcome"`
	Code              string        `json:"Code,omitempty"`
	HTTPStatus        int           `json:"HttpStatus,omitempty"`
	RefusedBy         string        `json:"RefusedBy,omitempty"`
	Evidence          string        `json:"Evidence,omitempty"`
	Decision          *decisionJSON `json:"Decision,omitempty"`
	Charged           string        `json:"Charged"`
	RefundedToBalance string        `json:"RefundedToBalance"`
	RefundedElsewhere string        `json:"RefundedElsewhere"`
	BalanceAfter      string        `json:"BalanceAfter"`
	Currency          string        `json:"Currency"`
	CausedByPlan      *fleet.Cause  `json:"CausedByPlan,omitempty"`
}

// decisionJSON is an accepted change.
type decisionJSON struct {
	Direction   string `json:"Direction"`
	FromType    string `json:"FromInstanceType"`
	ToType      string `json:"ToInstanceType"`
	OrderID     string `json:"OrderId"`
	OrderStatus string `json:"OrderStatus,omitempty"`
	Effect      string `json:"Effect"`
	CompletesAt string `json:"CompletesAt"`
	Replayed    bool   `json:"Replayed,omitempty"`
}

func moment(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func (s *simulation) outcome(o *fleet.Outcome) outcomeJSON {
	j := outcomeJSON{Index: o.Index, Rule: o.Rule, Option: o.Option, Attempt: o.Attempt, At: moment(o.At), Operation: o.Operation,
		AccountID: o.AccountID, InstanceID: o.InstanceID, InstanceType: o.InstanceType, Final: o.Final, Outcome: o.Class(),
		Code: o.Code, HTTPStatus: o.HTTPStatus, RefusedBy: o.RefusedBy, Evidence: o.Evidence,
		Charged: s.m.num(o.Charged), RefundedToBalance: s.m.num(o.RefundedToBalance), RefundedElsewhere: s.m.num(o.RefundedElsewhere),
		BalanceAfter: s.m.num(o.BalanceAfter), Currency: s.m.currency, CausedByPlan: o.CausedByPlan}
	if d := o.Decision; d != nil {
		j.Decision = &decisionJSON{Direction: d.Direction.String(), FromType: d.FromType, ToType: d.ToType, OrderID: d.OrderID,
			OrderStatus: d.OrderStatus, Effect: d.Effect, CompletesAt: moment(d.CompletesAt), Replayed: d.Replayed}
	}
	return j
}

// summaryJSON is the summary, the last JSON line ({"Summary": ...}): fleet.Summary with the
// money as decimal strings with the currency's places.
type summaryJSON struct {
	// Requests is the plan's requests (rules expanded); Sent every request sent, the
	// orchestration's included.
	Requests int `json:"Requests"`
	Sent     int `json:"Sent"`
	// SentByClass counts every request sent by outcome class; Final each plan request's answer.
	SentByClass map[string]int `json:"SentByClass"`
	Final       map[string]int `json:"Final"`
	// Accounts are the books of the accounts the plan touched, by ID.
	Accounts []accountJSON `json:"Accounts"`
	// LeftStopped are the instances the plan left stopped; AwaitingRestart those whose new
	// type waits for a start or restart.
	LeftStopped     []string `json:"LeftStopped"`
	AwaitingRestart []string `json:"AwaitingRestart"`
	// CausedByPlan counts the answers the plan's own earlier requests caused, by reason; Caused
	// lists them (an empty list when there are none).
	CausedByPlan map[string]int        `json:"CausedByPlan"`
	Caused       []fleet.CausedRefusal `json:"Caused"`
	// PricesIllustrative is set when the catalog's prices are illustrative.
	PricesIllustrative bool `json:"PricesIllustrative"`
}

// accountJSON is one account's books over the plan.
type accountJSON struct {
	AccountID string `json:"AccountId"`
	Currency  string `json:"Currency"`
	booksJSON
	// DowngradesUsed is the month's downgrades at the end; DowngradeQuota and DowngradesLeft
	// are nil when no monthly quota applies.
	DowngradesUsed int  `json:"DowngradesUsed"`
	DowngradeQuota *int `json:"DowngradeQuota,omitempty"`
	DowngradesLeft *int `json:"DowngradesLeft,omitempty"`
}

// booksJSON is money over the plan, as decimal strings with the currency's places.
// BalanceAfter = BalanceBefore − Charged + RefundedToBalance; the refunds the balance does not
// get (to a card) are RefundedElsewhere.
type booksJSON struct {
	BalanceBefore     string `json:"BalanceBefore"`
	Charged           string `json:"Charged"`
	RefundedToBalance string `json:"RefundedToBalance"`
	RefundedElsewhere string `json:"RefundedElsewhere"`
	BalanceAfter      string `json:"BalanceAfter"`
}

// books writes the amounts of books.
func (s *simulation) books(before, charged, toBalance, elsewhere, after decimal.Decimal) booksJSON {
	return booksJSON{BalanceBefore: s.m.num(before), Charged: s.m.num(charged), RefundedToBalance: s.m.num(toBalance),
		RefundedElsewhere: s.m.num(elsewhere), BalanceAfter: s.m.num(after)}
}

func (s *simulation) summary() summaryJSON {
	sum := &s.res.Summary
	j := summaryJSON{Requests: sum.Requests, Sent: sum.Sent, SentByClass: sum.SentByClass, Final: sum.Final,
		Accounts: []accountJSON{}, LeftStopped: sum.LeftStopped, AwaitingRestart: sum.AwaitingRestart,
		CausedByPlan: sum.CausedByPlan, Caused: sum.Caused, PricesIllustrative: s.m.illustrative}
	if j.Caused == nil {
		j.Caused = []fleet.CausedRefusal{}
	}
	for _, a := range sum.Accounts {
		j.Accounts = append(j.Accounts, accountJSON{AccountID: a.AccountID, Currency: clean(a.Currency),
			booksJSON:      s.books(a.BalanceBefore, a.Charged, a.RefundedToBalance, a.RefundedElsewhere, a.BalanceAfter),
			DowngradesUsed: a.DowngradesUsed, DowngradeQuota: a.DowngradeQuota, DowngradesLeft: a.DowngradesLeft})
	}
	return j
}

// writeJSON writes one JSON line per outcome, then {"Summary": ...}.
func (s *simulation) writeJSON(out io.Writer, prog *progress) error {
	for i := range s.res.Outcomes {
		if err := writeJSONLine(out, s.outcome(&s.res.Outcomes[i])); err != nil {
			return err
		}
		prog.add()
	}
	return writeJSONLine(out, struct {
		Summary summaryJSON `json:"Summary"`
	}{s.summary()})
}

// writeJSONLine writes v as one line of JSON.
func writeJSONLine(out io.Writer, v any) error {
	b, err := marshal(v, false)
	if err != nil {
		return err
	}
	_, err = out.Write(b)
	return err
}

// writeText writes one line per outcome, then the summary, as text.
func (s *simulation) writeText(out io.Writer, prog *progress) error {
	var b bytes.Buffer
	for i := range s.res.Outcomes {
		b.Reset()
		s.outcomeText(&b, &s.res.Outcomes[i])
		if _, err := out.Write(b.Bytes()); err != nil {
			return err
		}
		prog.add()
	}
	_, err := io.WriteString(out, "\n"+s.summaryText())
	return err
}

// outcomeText writes outcome o as one line of text.
func (s *simulation) outcomeText(b *bytes.Buffer, o *fleet.Outcome) {
	fmt.Fprintf(b, "%s  %s  %s", moment(o.At), clean(o.InstanceID), o.Operation)
	b.WriteString(unlessEmpty(" → ", clean(o.InstanceType), ""))
	b.WriteString(unlessEmpty(" [", o.Option, "]"))
	b.WriteString("  " + o.Class())
	if o.Code != "" {
		fmt.Fprintf(b, " (HTTP %d, %s)", o.HTTPStatus, o.RefusedBy)
	}
	b.WriteString(s.unlessZero("  charged ", o.Charged, ""))
	b.WriteString(s.unlessZero("  refunded ", o.RefundedToBalance, ""))
	b.WriteString(s.unlessZero("  refunded elsewhere ", o.RefundedElsewhere, ""))
	b.WriteString("  balance " + s.m.num(o.BalanceAfter) + " " + s.m.currency)
	if c := o.CausedByPlan; c != nil {
		b.WriteString("  caused by the plan: " + c.Reason)
	}
	b.WriteByte('\n')
}

// unlessEmpty returns prefix, v and suffix, or "" when v is empty.
func unlessEmpty(prefix, v, suffix string) string {
	if v == "" {
		return ""
	}
	return prefix + v + suffix
}

// unlessZero returns prefix, amount d and suffix, or "" when d is zero.
func (s *simulation) unlessZero(prefix string, d decimal.Decimal, suffix string) string {
	if d.IsZero() {
		return ""
	}
	return prefix + s.m.num(d) + suffix
}

// summaryText is the summary as text.
func (s *simulation) summaryText() string {
	sum := &s.res.Summary
	var b strings.Builder
	fmt.Fprintf(&b, "Summary: %s, %s sent%s\n", plural(sum.Requests, "plan request", "plan requests"), strconv.Itoa(sum.Sent), s.m.mark())
	b.WriteString("  answers: " + counts(sum.Final) + "\n")
	if sum.Sent != sum.Requests {
		b.WriteString("  every request sent: " + counts(sum.SentByClass) + "\n")
	}
	for i := range sum.Accounts {
		s.accountText(&b, &sum.Accounts[i])
	}
	fmt.Fprintf(&b, "  left stopped: %s\n", idList(sum.LeftStopped))
	fmt.Fprintf(&b, "  waiting for a restart to take the new type: %s\n", idList(sum.AwaitingRestart))
	causedText(&b, sum)
	return b.String()
}

// accountText writes account a's books over the plan.
func (s *simulation) accountText(b *strings.Builder, a *fleet.AccountSummary) {
	fmt.Fprintf(b, "  account %s (%s): balance %s → %s; charged %s, refunded %s to the balance",
		clean(a.AccountID), clean(a.Currency), s.m.num(a.BalanceBefore), s.m.num(a.BalanceAfter), s.m.num(a.Charged), s.m.num(a.RefundedToBalance))
	b.WriteString(s.unlessZero(", ", a.RefundedElsewhere, " elsewhere"))
	b.WriteString("\n")
	if a.DowngradeQuota != nil {
		fmt.Fprintf(b, "    downgrades this month: %d used of %d, %d left\n", a.DowngradesUsed, *a.DowngradeQuota, *a.DowngradesLeft)
	} else {
		fmt.Fprintf(b, "    downgrades this month: %d (no monthly quota)\n", a.DowngradesUsed)
	}
}

// causedText writes the refusals the plan's own earlier requests caused: their count by code,
// then the instances by reason.
func causedText(b *strings.Builder, sum *fleet.Summary) {
	caused := 0
	for _, n := range sum.CausedByPlan {
		caused += n
	}
	fmt.Fprintf(b, "  caused by the plan's own earlier requests: %d", caused)
	if caused > 0 {
		b.WriteString(" (" + counts(sum.CausedByPlan) + ")")
	}
	b.WriteString("\n")
	byReason := causedByReason(sum.Caused)
	for _, r := range slices.Sorted(maps.Keys(byReason)) {
		fmt.Fprintf(b, "    %s: %s\n", r, idList(byReason[r]))
	}
}

// causedByReason groups the instances of caused refusals by reason.
func causedByReason(caused []fleet.CausedRefusal) map[string][]string {
	byReason := map[string][]string{}
	for _, c := range caused {
		byReason[c.Reason] = append(byReason[c.Reason], c.InstanceID)
	}
	return byReason
}

// counts writes a count map as "A 3, B 1", by key.
func counts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, clean(k)+" "+strconv.Itoa(m[k]))
	}
	return strings.Join(parts, ", ")
}

// idList is "none", or the count and the IDs.
func idList(ids []string) string {
	if len(ids) == 0 {
		return "none"
	}
	cl := make([]string, len(ids))
	for i, id := range ids {
		cl[i] = clean(id)
	}
	return strconv.Itoa(len(ids)) + " (" + strings.Join(cl, ", ") + ")"
}
