package main

// The --report page of simulate: one self-contained HTML file (inline CSS and SVG, no script,
// no network) for a finance or operations reviewer. Every figure the summary gives carries a
// data-figure attribute, so a test can read it back from a browser's DOM.

import (
	"bytes"
	"fmt"
	"html/template"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/fleet"
)

// reportInstance is one instance's money over the plan.
type reportInstance struct {
	ID, Charged, Refunded, Outcome string
}

// reportRefusal is one refused (or abnormal) plan request.
type reportRefusal struct {
	At, InstanceID, Operation, Target, Class, RefusedBy, Evidence, Cause, Fact string
}

// reportCount is one outcome class and its count, with its bar.
type reportCount struct {
	Class string
	N     int
	Width float64
	Fill  string
}

// reportChart is one account's balance over time, as an SVG step line.
type reportChart struct {
	Account                string
	Points                 string
	Width, Height          int
	YTop, YBottom, XLeft   string
	XRight, Low, High      string
	PlotLeft, PlotRight    int
	PlotTop, PlotBottom    int
	GridY                  []float64
	GridLabels             []string
	Events                 int
	FirstMoment, EndMoment string
}

type reportData struct {
	Currency, Illustrative string
	Requests, Sent         int
	Accounts               []accountJSON
	Totals                 []accountJSON
	Charts                 []reportChart
	Counts                 []reportCount
	Instances              []reportInstance
	InstancesLeft          int
	Refusals               []reportRefusal
	RefusalsTotal          int
	InstancesTotal         int
	RowCap                 int
	Caused                 []reportCount
	CausedTotal            int
	LeftStopped            []string
	AwaitingRestart        int
	From, To               string
}

// maxReportRows is the most rows of the page's instance and refusal tables (the JSON Lines
// output lists every one), so that the page stays readable and bounded.
const maxReportRows = 2000

// report renders the page.
func (s *simulation) report() []byte {
	sum := s.summary()
	d := reportData{Currency: s.m.currency, Requests: sum.Requests, Sent: sum.Sent, Accounts: sum.Accounts,
		LeftStopped: sum.LeftStopped, AwaitingRestart: len(sum.AwaitingRestart)}
	if s.m.illustrative {
		d.Illustrative = "Prices are illustrative: the catalog's prices are not Alibaba Cloud's real prices, so every amount on this page is illustrative."
	}
	d.From, d.To = s.span()
	d.Counts, _ = countBars(sum.Final, classColour)
	d.Caused, d.CausedTotal = countBars(sum.CausedByPlan, func(string) string { return "#b45309" })
	d.Refusals = s.refusals()
	d.Instances, d.InstancesLeft = s.instanceRows()
	d.RowCap, d.RefusalsTotal, d.InstancesTotal = maxReportRows, len(d.Refusals), len(d.Instances)
	d.Refusals = d.Refusals[:min(len(d.Refusals), maxReportRows)]
	d.Instances = d.Instances[:min(len(d.Instances), maxReportRows)]
	if len(sum.Accounts) > 1 {
		d.Totals = s.currencyTotals()
	}
	for _, a := range sum.Accounts {
		d.Charts = append(d.Charts, s.balanceChart(a))
	}
	var b bytes.Buffer
	if err := reportPage.Execute(&b, d); err != nil {
		return []byte("<!doctype html><title>respec simulate</title><p>report failed: " + template.HTMLEscapeString(err.Error()))
	}
	return b.Bytes()
}

// span returns the moments of the first and the last request sent ("" when none was).
func (s *simulation) span() (from, to string) {
	outs := s.res.Outcomes
	if len(outs) == 0 {
		return "", ""
	}
	return moment(outs[0].At), moment(outs[len(outs)-1].At)
}

// countBars returns a bar for each class of counts, filled with fill(class), the largest
// first (then by class), and the sum of the counts.
func countBars(counts map[string]int, fill func(class string) string) ([]reportCount, int) {
	maxN, total := 0, 0
	for _, n := range counts {
		maxN = max(maxN, n)
		total += n
	}
	var bars []reportCount
	for _, c := range slices.Sorted(maps.Keys(counts)) {
		bars = append(bars, reportCount{Class: c, N: counts[c], Width: bar(counts[c], maxN), Fill: fill(c)})
	}
	slices.SortStableFunc(bars, func(a, b reportCount) int { return b.N - a.N })
	return bars, total
}

// refusals returns a row for each plan request whose answer is not Accepted, in order.
func (s *simulation) refusals() []reportRefusal {
	var rows []reportRefusal
	for i := range s.res.Outcomes {
		if o := &s.res.Outcomes[i]; o.Final && o.Class() != fleet.ClassAccepted {
			rows = append(rows, refusalRow(o))
		}
	}
	return rows
}

// refusalRow is refused (or abnormal) outcome o, with what caused it.
func refusalRow(o *fleet.Outcome) reportRefusal {
	r := reportRefusal{At: o.At.UTC().Format("15:04:05.000"), InstanceID: o.InstanceID, Operation: o.Operation, Target: o.InstanceType,
		Class: o.Class(), RefusedBy: o.RefusedBy, Evidence: o.Evidence}
	if o.Class() == fleet.ClassAbnormal {
		r.Evidence = "AutoPay could not pay the order from the balance; the order is abnormal and nothing changes until it is paid or cancelled"
	}
	if c := o.CausedByPlan; c != nil {
		r.Cause, r.Fact = c.Reason, c.Fact
	}
	return r
}

// instanceMoney is one instance's money over the plan, and the answer to its last plan
// request.
type instanceMoney struct {
	charged, refunded decimal.Decimal
	last              string
}

// instanceRows returns a row for each instance with money charged or refunded, by ID, and the
// count of the others.
func (s *simulation) instanceRows() (rows []reportInstance, none int) {
	per := s.moneyPerInstance()
	for _, id := range slices.Sorted(maps.Keys(per)) {
		m := per[id]
		if m.charged.IsZero() && m.refunded.IsZero() {
			none++
			continue
		}
		rows = append(rows, reportInstance{ID: id, Charged: s.m.num(m.charged), Refunded: s.m.num(m.refunded), Outcome: m.last})
	}
	return rows, none
}

// moneyPerInstance adds up the money of each instance the plan sent a request for.
func (s *simulation) moneyPerInstance() map[string]*instanceMoney {
	per := map[string]*instanceMoney{}
	for i := range s.res.Outcomes {
		o := &s.res.Outcomes[i]
		m := per[o.InstanceID]
		if m == nil {
			m = &instanceMoney{charged: decimal.Zero, refunded: decimal.Zero}
			per[o.InstanceID] = m
		}
		m.charged = m.charged.Add(o.Charged)
		m.refunded = m.refunded.Add(o.RefundedToBalance).Add(o.RefundedElsewhere)
		if o.Final {
			m.last = o.Class()
		}
	}
	return per
}

// currencyTotals adds up the accounts' books per currency.
func (s *simulation) currencyTotals() []accountJSON {
	byCur := map[string]*[5]decimal.Decimal{}
	for _, a := range s.res.Summary.Accounts {
		t := byCur[a.Currency]
		if t == nil {
			t = &[5]decimal.Decimal{decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero}
			byCur[a.Currency] = t
		}
		for i, v := range []decimal.Decimal{a.BalanceBefore, a.Charged, a.RefundedToBalance, a.RefundedElsewhere, a.BalanceAfter} {
			t[i] = t[i].Add(v)
		}
	}
	var totals []accountJSON
	for _, cur := range slices.Sorted(maps.Keys(byCur)) {
		t := byCur[cur]
		totals = append(totals, accountJSON{Currency: clean(cur), booksJSON: s.books(t[0], t[1], t[2], t[3], t[4])})
	}
	return totals
}

// bar is the width of count n's bar, in percent of the largest count maxN.
func bar(n, maxN int) float64 {
	if maxN == 0 {
		return 0
	}
	return float64(n) * 100 / float64(maxN)
}

// classColour is the fill of outcome class c's bar: green accepted, amber accepted with an
// order not paid, red refused.
func classColour(c string) string {
	switch {
	case c == fleet.ClassAccepted:
		return "#15803d"
	case strings.HasPrefix(c, "Accepted."):
		return "#b45309"
	}
	return "#b91c1c"
}

// balanceChart plots account a's balance after each request that moved it, from the balance
// before the plan, as a step line.
func (s *simulation) balanceChart(a accountJSON) reportChart {
	const w, h, left, right, top, bottom = 760, 260, 96, 16, 16, 40
	c := reportChart{Account: a.AccountID, Width: w, Height: h, PlotLeft: left, PlotRight: w - right, PlotTop: top, PlotBottom: h - bottom}
	if len(s.res.Outcomes) == 0 {
		return c
	}
	before, _ := decimal.NewFromString(a.BalanceBefore)
	pts := s.balanceSteps(a.AccountID, before)
	sc := c.scale(pts)
	c.Events = len(pts) - 2
	c.Points = stepLine(pts, sc)
	c.GridY, c.GridLabels = sc.grid()
	c.FirstMoment, c.EndMoment = sc.t0.UTC().Format("15:04:05"), pts[len(pts)-1].t.UTC().Format("15:04:05")
	c.Low, c.High = a.BalanceAfter, a.BalanceBefore
	return c
}

// chartPoint is a balance at a moment.
type chartPoint struct {
	t time.Time
	v float64
}

// balanceSteps returns the account's balance before the plan at the first request's moment,
// its balance after each request of the account that changed it, and the last balance at the
// last request's moment.
func (s *simulation) balanceSteps(account string, before decimal.Decimal) []chartPoint {
	outs := s.res.Outcomes
	pts := []chartPoint{{outs[0].At, before.InexactFloat64()}}
	prev := before
	for i := range outs {
		o := &outs[i]
		if o.AccountID != account || o.BalanceAfter.Equal(prev) {
			continue
		}
		prev = o.BalanceAfter
		pts = append(pts, chartPoint{o.At, o.BalanceAfter.InexactFloat64()})
	}
	return append(pts, chartPoint{outs[len(outs)-1].At, prev.InexactFloat64()})
}

// chartScale places moments and balances on a chart's plot.
type chartScale struct {
	t0                       time.Time
	span                     time.Duration
	lo, hi                   float64
	left, width, top, height float64
}

// scale returns the scale that fits pts in c's plot: time from the first point to the last,
// balances from zero (or the lowest, when below zero) to the highest.
func (c *reportChart) scale(pts []chartPoint) chartScale {
	lo, hi := pts[0].v, pts[0].v
	for _, p := range pts {
		lo, hi = min(lo, p.v), max(hi, p.v)
	}
	if lo > 0 {
		lo = 0 // the axis starts at zero, so the fall reads true
	}
	if hi == lo {
		hi = lo + 1
	}
	return chartScale{t0: pts[0].t, span: pts[len(pts)-1].t.Sub(pts[0].t), lo: lo, hi: hi,
		left: float64(c.PlotLeft), width: float64(c.PlotRight - c.PlotLeft), top: float64(c.PlotTop), height: float64(c.PlotBottom - c.PlotTop)}
}

// x is the horizontal position of moment t.
func (sc chartScale) x(t time.Time) float64 {
	if sc.span <= 0 {
		return sc.left
	}
	return sc.left + float64(t.Sub(sc.t0))/float64(sc.span)*sc.width
}

// y is the vertical position of balance v.
func (sc chartScale) y(v float64) float64 { return sc.top + (sc.hi-v)/(sc.hi-sc.lo)*sc.height }

// stepLine returns the SVG points of a step line through pts: the balance holds until the
// next change. Changes that fall on the same half pixel are drawn as one, so the line has at
// most about 2 × its width in points.
func stepLine(pts []chartPoint, sc chartScale) string {
	var p strings.Builder
	lastX, lastV := -1.0, 0.0
	for i, q := range pts {
		px := math.Round(sc.x(q.t)*2) / 2
		if i > 0 && i < len(pts)-1 && px == lastX {
			lastV = q.v
			continue
		}
		if i > 0 {
			fmt.Fprintf(&p, "%.1f,%.1f ", px, sc.y(lastV))
		}
		fmt.Fprintf(&p, "%.1f,%.1f ", px, sc.y(q.v))
		lastX, lastV = px, q.v
	}
	return strings.TrimSpace(p.String())
}

// grid returns the heights and the labels of five horizontal grid lines, from the lowest
// balance to the highest.
func (sc chartScale) grid() (ys []float64, labels []string) {
	for k := 0; k <= 4; k++ {
		v := sc.lo + (sc.hi-sc.lo)*float64(k)/4
		ys = append(ys, sc.y(v))
		labels = append(labels, thousands(strconv.FormatFloat(v, 'f', 0, 64)))
	}
	return ys, labels
}

var reportPage = template.Must(template.New("report").Funcs(template.FuncMap{
	"pct": func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) + "%" },
	"f1":  func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) },
	"add": func(a, b int) int { return a + b },
	"zip": func(ys []float64, ls []string) []struct {
		Y float64
		L string
	} {
		out := make([]struct {
			Y float64
			L string
		}, len(ys))
		for i := range ys {
			out[i].Y, out[i].L = ys[i], ls[i]
		}
		return out
	},
}).Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>respec simulate: fleet dry-run report</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2937; margin: 0; background: #f9fafb; }
main { max-width: 1000px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #d1d5db; padding-bottom: 4px; }
.sub { color: #4b5563; margin: 0 0 16px; }
.warn { background: #fef3c7; border: 1px solid #f59e0b; color: #78350f; padding: 10px 14px; border-radius: 6px; font-weight: 600; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 12px 16px; min-width: 180px; }
.card .k { color: #6b7280; font-size: 13px; }
.card .v { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 14px; }
th, td { border-bottom: 1px solid #e5e7eb; padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: #f3f4f6; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; }
td.code { white-space: nowrap; }
.why { color: #92400e; font-weight: 600; }
.scroll { max-height: 420px; overflow: auto; border: 1px solid #e5e7eb; }
.bars { display: grid; grid-template-columns: max-content 1fr max-content; gap: 6px 10px; align-items: center; background: #fff; padding: 12px; border: 1px solid #e5e7eb; }
.bar { height: 16px; border-radius: 3px; }
.code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
svg text { font: 12px system-ui, sans-serif; fill: #374151; }
.note { color: #4b5563; font-size: 13px; }
</style>
</head>
<body><main>
<h1>Fleet dry-run report</h1>
<p class="sub">respec simulate: {{.Requests}} plan requests, {{.Sent}} requests sent{{if .From}}, from {{.From}} to {{.To}} (UTC){{end}}. Every request shared the accounts' balances, quotas and throttle counters with the ones before it. Money in {{.Currency}}.</p>
{{if .Illustrative}}<p class="warn" id="illustrative">{{.Illustrative}}</p>{{end}}

<h2>Money per account</h2>
<table>
<tr><th>Account</th><th>Currency</th><th class="n">Balance before</th><th class="n">Charged</th><th class="n">Refunded to balance</th><th class="n">Refunded elsewhere</th><th class="n">Balance after</th><th class="n">Downgrades this month</th></tr>
{{range .Accounts}}<tr data-account="{{.AccountID}}"><td class="code">{{.AccountID}}</td><td>{{.Currency}}</td>
<td class="n" data-figure="BalanceBefore">{{.BalanceBefore}}</td><td class="n" data-figure="Charged">{{.Charged}}</td>
<td class="n" data-figure="RefundedToBalance">{{.RefundedToBalance}}</td><td class="n" data-figure="RefundedElsewhere">{{.RefundedElsewhere}}</td>
<td class="n" data-figure="BalanceAfter">{{.BalanceAfter}}</td>
<td class="n">{{.DowngradesUsed}}{{if .DowngradeQuota}} of {{.DowngradeQuota}}, {{.DowngradesLeft}} left{{end}}</td></tr>
{{end}}{{range .Totals}}<tr style="font-weight:650;background:#f3f4f6"><td>All accounts</td><td>{{.Currency}}</td><td class="n">{{.BalanceBefore}}</td><td class="n">{{.Charged}}</td><td class="n">{{.RefundedToBalance}}</td><td class="n">{{.RefundedElsewhere}}</td><td class="n">{{.BalanceAfter}}</td><td></td></tr>
{{end}}</table>
<p class="note">Balance after = balance before − charged + refunded to balance, to the cent.</p>

<h2>Balance over time</h2>
{{range .Charts}}<figure style="margin:0 0 16px">
<figcaption>Account <span class="code">{{.Account}}</span>: {{.High}} → {{.Low}} {{$.Currency}}, {{.Events}} changes</figcaption>
<svg role="img" aria-label="balance of account {{.Account}} over time" width="{{.Width}}" height="{{.Height}}" viewBox="0 0 {{.Width}} {{.Height}}" style="background:#fff;border:1px solid #e5e7eb;max-width:100%;height:auto">
{{$c := .}}{{range zip .GridY .GridLabels}}<line x1="{{$c.PlotLeft}}" x2="{{$c.PlotRight}}" y1="{{f1 .Y}}" y2="{{f1 .Y}}" stroke="#e5e7eb"/><text x="{{add $c.PlotLeft -6}}" y="{{f1 .Y}}" text-anchor="end" dominant-baseline="middle">{{.L}}</text>
{{end}}<polyline fill="none" stroke="#1d4ed8" stroke-width="2" points="{{.Points}}"/>
<text x="{{.PlotLeft}}" y="{{add .PlotBottom 20}}">{{.FirstMoment}}</text><text x="{{.PlotRight}}" y="{{add .PlotBottom 20}}" text-anchor="end">{{.EndMoment}} UTC</text>
</svg></figure>
{{end}}

<h2>Outcomes by code</h2>
<p class="note">The answer to each plan request (after the orchestration's retries).</p>
<div class="bars">{{range .Counts}}<span class="code">{{.Class}}</span><span><span class="bar" style="display:block;width:{{pct .Width}};background:{{.Fill}}"></span></span><span class="n" data-figure="Final" data-class="{{.Class}}">{{.N}}</span>
{{end}}</div>
<h2>Caused by the plan's own earlier requests</h2>
<p class="note">Refusals (and abnormal orders) the starting world would have answered otherwise: {{.CausedTotal}} in all.</p>
<div class="bars">{{range .Caused}}<span>{{.Class}}</span><span><span class="bar" style="display:block;width:{{pct .Width}};background:{{.Fill}}"></span></span><span class="n" data-figure="CausedByPlan" data-class="{{.Class}}">{{.N}}</span>
{{else}}<span>none</span><span></span><span></span>{{end}}</div>

<h2>Instances</h2>
<div class="cards">
<div class="card"><div class="k">left stopped</div><div class="v" data-figure="LeftStopped">{{len .LeftStopped}}</div></div>
<div class="card"><div class="k">waiting for a restart to take the new type</div><div class="v" data-figure="AwaitingRestart">{{.AwaitingRestart}}</div></div>
<div class="card"><div class="k">instances with money moved</div><div class="v" data-figure="InstancesWithMoney">{{.InstancesTotal}}</div></div>
</div>
{{if .LeftStopped}}<p class="note">Left stopped: <span class="code">{{range $i, $id := .LeftStopped}}{{if $i}}, {{end}}{{$id}}{{end}}</span></p>{{end}}

<h2>Charges and refunds per instance</h2>
<p class="note">{{.InstancesTotal}} instances had money charged or refunded; {{.InstancesLeft}} others had none.{{if gt .InstancesTotal .RowCap}} The first {{.RowCap}} are listed; the JSON Lines output lists every one.{{end}}</p>
<div class="scroll"><table>
<tr><th>Instance</th><th class="n">Charged ({{.Currency}})</th><th class="n">Refunded ({{.Currency}})</th><th>Answer</th></tr>
{{range .Instances}}<tr><td class="code">{{.ID}}</td><td class="n">{{.Charged}}</td><td class="n">{{.Refunded}}</td><td>{{.Outcome}}</td></tr>
{{end}}</table></div>

<h2>Refused requests and their reasons</h2>
<p class="note"><span data-figure="Refused">{{.RefusalsTotal}}</span> plan requests were refused or left with an unpaid or abnormal order.{{if gt .RefusalsTotal .RowCap}} The first {{.RowCap}} are listed; the JSON Lines output lists every one.{{end}}</p>
<div class="scroll"><table>
<tr><th>Time (UTC)</th><th>Instance</th><th>Request</th><th>Answer</th><th>Reason</th></tr>
{{range .Refusals}}<tr><td class="code">{{.At}}</td><td class="code">{{.InstanceID}}</td><td>{{.Operation}}{{if .Target}} → {{.Target}}{{end}}</td><td class="code">{{.Class}}</td>
<td>{{if .Cause}}<span class="why">Caused by the plan: {{.Cause}}.</span> {{.Fact}}.<br>{{end}}{{if .RefusedBy}}<span class="code">{{.RefusedBy}}</span>: {{end}}{{.Evidence}}</td></tr>
{{end}}</table></div>
<p class="note">Written by respec simulate. The page is self-contained: no script, no network.</p>
</main></body></html>
`))

// thousands groups the digits of an integer string by three ("434400" → "434,400").
func thousands(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}
