package main

// The --report page of simulate: one self-contained HTML file (inline CSS and SVG, no script,
// no network) for a finance or operations reviewer. Every figure the summary gives carries a
// data-figure attribute, so a test can read it back from a browser's DOM.

import (
	"bytes"
	"fmt"
	"html/template"
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
	outs := s.res.Outcomes
	if len(outs) > 0 {
		d.From, d.To = moment(outs[0].At), moment(outs[len(outs)-1].At)
	}
	// Outcomes by class, the largest first.
	maxN := 0
	for _, n := range sum.Final {
		maxN = max(maxN, n)
	}
	for _, c := range sortedKeys(sum.Final) {
		d.Counts = append(d.Counts, reportCount{Class: c, N: sum.Final[c], Width: bar(sum.Final[c], maxN), Fill: classColour(c)})
	}
	slices.SortStableFunc(d.Counts, func(a, b reportCount) int { return b.N - a.N })
	maxC := 0
	for _, n := range sum.CausedByPlan {
		maxC = max(maxC, n)
		d.CausedTotal += n
	}
	for _, c := range sortedKeys(sum.CausedByPlan) {
		d.Caused = append(d.Caused, reportCount{Class: c, N: sum.CausedByPlan[c], Width: bar(sum.CausedByPlan[c], maxC), Fill: "#b45309"})
	}
	slices.SortStableFunc(d.Caused, func(a, b reportCount) int { return b.N - a.N })
	// Money per instance, and the refusals.
	type money2 struct{ charged, refunded decimal.Decimal }
	per := map[string]*money2{}
	last := map[string]string{}
	for i := range outs {
		o := &outs[i]
		m := per[o.InstanceID]
		if m == nil {
			m = &money2{decimal.Zero, decimal.Zero}
			per[o.InstanceID] = m
		}
		m.charged = m.charged.Add(o.Charged)
		m.refunded = m.refunded.Add(o.RefundedToBalance).Add(o.RefundedElsewhere)
		if o.Final {
			last[o.InstanceID] = o.Class()
			if o.Class() != fleet.ClassAccepted {
				r := reportRefusal{At: o.At.UTC().Format("15:04:05.000"), InstanceID: o.InstanceID, Operation: o.Operation, Target: o.InstanceType,
					Class: o.Class(), RefusedBy: o.RefusedBy, Evidence: o.Evidence}
				if o.Class() == fleet.ClassAbnormal {
					r.Evidence = "AutoPay could not pay the order from the balance; the order is abnormal and nothing changes until it is paid or cancelled"
				}
				if c := o.CausedByPlan; c != nil {
					r.Cause, r.Fact = c.Reason, c.Fact
				}
				d.Refusals = append(d.Refusals, r)
			}
		}
	}
	ids := sortedKeys(per)
	for _, id := range ids {
		m := per[id]
		if m.charged.IsZero() && m.refunded.IsZero() {
			d.InstancesLeft++
			continue
		}
		d.Instances = append(d.Instances, reportInstance{ID: id, Charged: s.m.num(m.charged), Refunded: s.m.num(m.refunded), Outcome: last[id]})
	}
	d.RowCap, d.RefusalsTotal, d.InstancesTotal = maxReportRows, len(d.Refusals), len(d.Instances)
	d.Refusals = d.Refusals[:min(len(d.Refusals), maxReportRows)]
	d.Instances = d.Instances[:min(len(d.Instances), maxReportRows)]
	// Totals per currency, when there is more than one account.
	if len(sum.Accounts) > 1 {
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
		for _, cur := range sortedKeys(byCur) {
			t := byCur[cur]
			d.Totals = append(d.Totals, accountJSON{Currency: clean(cur), BalanceBefore: s.m.num(t[0]), Charged: s.m.num(t[1]),
				RefundedToBalance: s.m.num(t[2]), RefundedElsewhere: s.m.num(t[3]), BalanceAfter: s.m.num(t[4])})
		}
	}
	// Balance over time, per account.
	for _, a := range sum.Accounts {
		d.Charts = append(d.Charts, s.balanceChart(a))
	}
	var b bytes.Buffer
	if err := reportPage.Execute(&b, d); err != nil {
		return []byte("<!doctype html><title>respec simulate</title><p>report failed: " + template.HTMLEscapeString(err.Error()))
	}
	return b.Bytes()
}

func bar(n, maxN int) float64 {
	if maxN == 0 {
		return 0
	}
	return float64(n) * 100 / float64(maxN)
}

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
	before, _ := decimal.NewFromString(a.BalanceBefore)
	outs := s.res.Outcomes
	if len(outs) == 0 {
		return c
	}
	t0, t1 := outs[0].At, outs[len(outs)-1].At
	type pt struct {
		t time.Time
		v float64
	}
	pts := []pt{{t0, before.InexactFloat64()}}
	lo, hi := pts[0].v, pts[0].v
	prev := before
	for i := range outs {
		o := &outs[i]
		if o.AccountID != a.AccountID || o.BalanceAfter.Equal(prev) {
			continue
		}
		prev = o.BalanceAfter
		v := o.BalanceAfter.InexactFloat64()
		pts = append(pts, pt{o.At, v})
		lo, hi = min(lo, v), max(hi, v)
		c.Events++
	}
	pts = append(pts, pt{t1, prev.InexactFloat64()})
	if lo > 0 {
		lo = 0 // the axis starts at zero, so the fall reads true
	}
	if hi == lo {
		hi = lo + 1
	}
	span := t1.Sub(t0)
	x := func(t time.Time) float64 {
		if span <= 0 {
			return float64(left)
		}
		return float64(left) + float64(t.Sub(t0))/float64(span)*float64(w-left-right)
	}
	y := func(v float64) float64 { return float64(top) + (hi-v)/(hi-lo)*float64(h-top-bottom) }
	// A step line: the balance holds until the next change. Changes that fall on the same
	// half pixel are drawn as one, so the line has at most about 2 × its width in points.
	var p strings.Builder
	lastX, lastV := -1.0, 0.0
	for i, q := range pts {
		px := math.Round(x(q.t)*2) / 2
		if i > 0 && i < len(pts)-1 && px == lastX {
			lastV = q.v
			continue
		}
		if i > 0 {
			fmt.Fprintf(&p, "%.1f,%.1f ", px, y(lastV))
		}
		fmt.Fprintf(&p, "%.1f,%.1f ", px, y(q.v))
		lastX, lastV = px, q.v
	}
	c.Points = strings.TrimSpace(p.String())
	for k := 0; k <= 4; k++ {
		v := lo + (hi-lo)*float64(k)/4
		c.GridY = append(c.GridY, y(v))
		c.GridLabels = append(c.GridLabels, thousands(strconv.FormatFloat(v, 'f', 0, 64)))
	}
	c.FirstMoment, c.EndMoment = t0.UTC().Format("15:04:05"), t1.UTC().Format("15:04:05")
	c.Low, c.High = a.BalanceAfter, a.BalanceBefore
	return c
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
