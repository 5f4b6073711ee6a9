package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

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
	fail := func(err error) int {
		fmt.Fprintf(c.stderr, "respec simulate: %v\n", err)
		return exitUsage
	}
	if c.args[0] == "-" && c.args[1] == "-" {
		return c.usageErr("WORLD and PLAN cannot both be standard input")
	}
	wb, err := c.readFile(c.args[0], scenariofmt.MaxWorldBytes, "a world file (JSON)")
	if err != nil {
		return fail(err)
	}
	w, err := worldfile.DecodeWorld(wb, catalog.Default())
	if err != nil {
		return fail(fileErr(c.args[0], err))
	}
	pb, err := c.readFile(c.args[1], scenariofmt.MaxPlanBytes, "a plan (JSON Lines of requests, or a plan document)")
	if err != nil {
		return fail(err)
	}
	p, err := worldfile.DecodePlan(pb, w)
	if err != nil {
		return fail(fileErr(c.args[1], err))
	}
	var prog *progress
	if c.opts.progress.show(c.stderrTerminal) {
		n := len(p.Requests)
		prog = startProgressWith(c.stderr, c.progressEvery, func(done int64, elapsed time.Duration) string {
			return simulateProgressLine(n, done, elapsed)
		})
	}
	res, err := fleet.Run(w, p)
	if err != nil {
		prog.finish()
		return fail(fmt.Errorf("%s: %w", displayName(c.args[1]), err))
	}
	m := money{places: w.Policy().CurrencyPlaces, currency: clean(w.Catalog().Currency()), illustrative: w.Catalog().PricesIllustrative()}
	sim := newSimulation(w, &res, m)
	out := bufio.NewWriterSize(c.stdout, 64<<10)
	var werr error
	if c.opts.text {
		werr = sim.writeText(out, prog)
	} else {
		werr = sim.writeJSON(out, prog)
	}
	if werr == nil {
		werr = out.Flush()
	}
	prog.finish()
	if werr != nil {
		fmt.Fprintf(c.stderr, "respec simulate: %v\n", werr)
		return exitFail
	}
	if c.opts.report != "" {
		if err := os.WriteFile(c.opts.report, sim.report(), 0o644); err != nil {
			fmt.Fprintf(c.stderr, "respec simulate: %s\n", pathErr(err))
			return exitFail
		}
	}
	for class := range res.Summary.Final {
		if class != fleet.ClassAccepted {
			return exitRefused
		}
	}
	return exitOK
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
	var r io.Reader
	if name == "-" {
		if c.stdinTerminal {
			fmt.Fprintf(c.stderr, "respec %s: waiting for %s on standard input (end it with Ctrl-D)\n", c.cmd.name, what)
		}
		r = c.stdin
	} else {
		f, err := os.Open(name)
		if err != nil {
			return nil, usagef("%s", pathErr(err))
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.IsDir() {
			return nil, usagef("%s: is a directory", name)
		}
		r = f
	}
	b, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	switch {
	case err != nil:
		return nil, usagef("%s: %v", displayName(name), err)
	case len(b) > limit:
		return nil, usagef("%s: larger than %d MiB", displayName(name), limit>>20)
	case len(bytes.TrimSpace(b)) == 0:
		return nil, usagef("%s is empty: expected %s", displayName(name), what)
	}
	return b, nil
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

// summaryJSON is the summary, the last JSON line ({"Summary": ...}).
type summaryJSON struct {
	Requests           int                   `json:"Requests"`
	Sent               int                   `json:"Sent"`
	SentByClass        map[string]int        `json:"SentByClass"`
	Final              map[string]int        `json:"Final"`
	Accounts           []accountJSON         `json:"Accounts"`
	LeftStopped        []string              `json:"LeftStopped"`
	AwaitingRestart    []string              `json:"AwaitingRestart"`
	CausedByPlan       map[string]int        `json:"CausedByPlan"`
	Caused             []fleet.CausedRefusal `json:"Caused"`
	PricesIllustrative bool                  `json:"PricesIllustrative"`
}

// accountJSON is one account's books over the plan.
type accountJSON struct {
	AccountID         string `json:"AccountId"`
	Currency          string `json:"Currency"`
	BalanceBefore     string `json:"BalanceBefore"`
	Charged           string `json:"Charged"`
	RefundedToBalance string `json:"RefundedToBalance"`
	RefundedElsewhere string `json:"RefundedElsewhere"`
	BalanceAfter      string `json:"BalanceAfter"`
	DowngradesUsed    int    `json:"DowngradesUsed"`
	DowngradeQuota    *int   `json:"DowngradeQuota,omitempty"`
	DowngradesLeft    *int   `json:"DowngradesLeft,omitempty"`
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
			BalanceBefore: s.m.num(a.BalanceBefore), Charged: s.m.num(a.Charged), RefundedToBalance: s.m.num(a.RefundedToBalance),
			RefundedElsewhere: s.m.num(a.RefundedElsewhere), BalanceAfter: s.m.num(a.BalanceAfter),
			DowngradesUsed: a.DowngradesUsed, DowngradeQuota: a.DowngradeQuota, DowngradesLeft: a.DowngradesLeft})
	}
	return j
}

// writeJSON writes one JSON line per outcome, then {"Summary": ...}.
func (s *simulation) writeJSON(out io.Writer, prog *progress) error {
	for i := range s.res.Outcomes {
		b, err := marshal(s.outcome(&s.res.Outcomes[i]), false)
		if err != nil {
			return err
		}
		if _, err := out.Write(b); err != nil {
			return err
		}
		prog.add()
	}
	b, err := marshal(struct {
		Summary summaryJSON `json:"Summary"`
	}{s.summary()}, false)
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
		o := &s.res.Outcomes[i]
		b.Reset()
		fmt.Fprintf(&b, "%s  %s  %s", moment(o.At), clean(o.InstanceID), o.Operation)
		if o.InstanceType != "" {
			b.WriteString(" → " + clean(o.InstanceType))
		}
		if o.Option != "" {
			b.WriteString(" [" + o.Option + "]")
		}
		b.WriteString("  " + o.Class())
		if o.Code != "" {
			fmt.Fprintf(&b, " (HTTP %d, %s)", o.HTTPStatus, o.RefusedBy)
		}
		if !o.Charged.IsZero() {
			b.WriteString("  charged " + s.m.num(o.Charged))
		}
		if !o.RefundedToBalance.IsZero() {
			b.WriteString("  refunded " + s.m.num(o.RefundedToBalance))
		}
		if !o.RefundedElsewhere.IsZero() {
			b.WriteString("  refunded elsewhere " + s.m.num(o.RefundedElsewhere))
		}
		b.WriteString("  balance " + s.m.num(o.BalanceAfter) + " " + s.m.currency)
		if c := o.CausedByPlan; c != nil {
			b.WriteString("  caused by the plan: " + c.Reason)
		}
		b.WriteByte('\n')
		if _, err := out.Write(b.Bytes()); err != nil {
			return err
		}
		prog.add()
	}
	_, err := io.WriteString(out, "\n"+s.summaryText())
	return err
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
	for _, a := range sum.Accounts {
		fmt.Fprintf(&b, "  account %s (%s): balance %s → %s; charged %s, refunded %s to the balance",
			clean(a.AccountID), clean(a.Currency), s.m.num(a.BalanceBefore), s.m.num(a.BalanceAfter), s.m.num(a.Charged), s.m.num(a.RefundedToBalance))
		if !a.RefundedElsewhere.IsZero() {
			b.WriteString(", " + s.m.num(a.RefundedElsewhere) + " elsewhere")
		}
		b.WriteString("\n")
		if a.DowngradeQuota != nil {
			fmt.Fprintf(&b, "    downgrades this month: %d used of %d, %d left\n", a.DowngradesUsed, *a.DowngradeQuota, *a.DowngradesLeft)
		} else {
			fmt.Fprintf(&b, "    downgrades this month: %d (no monthly quota)\n", a.DowngradesUsed)
		}
	}
	fmt.Fprintf(&b, "  left stopped: %s\n", idList(sum.LeftStopped))
	fmt.Fprintf(&b, "  waiting for a restart to take the new type: %s\n", idList(sum.AwaitingRestart))
	caused := 0
	for _, n := range sum.CausedByPlan {
		caused += n
	}
	fmt.Fprintf(&b, "  caused by the plan's own earlier requests: %d", caused)
	if caused > 0 {
		b.WriteString(" (" + counts(sum.CausedByPlan) + ")")
	}
	b.WriteString("\n")
	byReason := map[string][]string{}
	for _, c := range sum.Caused {
		byReason[c.Reason] = append(byReason[c.Reason], c.InstanceID)
	}
	for _, r := range sortedKeys(byReason) {
		fmt.Fprintf(&b, "    %s: %s\n", r, idList(byReason[r]))
	}
	return b.String()
}

// counts writes a count map as "A 3, B 1", by key.
func counts(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range sortedKeys(m) {
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

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
