package main

import (
	"bytes"
	"context"
	"html"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// browser returns a headless-capable Chromium: $RESPEC_CHROMIUM, or chromium,
// chromium-browser or google-chrome on the PATH; "" when there is none.
func browser() string {
	if b := os.Getenv("RESPEC_CHROMIUM"); b != "" {
		return b
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// figureRE reads the figures of the page's DOM: an element with data-figure (and for counts
// data-class, for accounts inside a data-account row) and its text.
var (
	figureRE  = regexp.MustCompile(`<[a-z]+ class="n" data-figure="([A-Za-z]+)"(?: data-class="([^"]*)")?>([^<]*)<`)
	accountRE = regexp.MustCompile(`(?s)<tr data-account="([^"]*)">(.*?)</tr>`)
	cardRE    = regexp.MustCompile(`<(?:div|span) class="v" data-figure="([A-Za-z]+)">([^<]*)<|<span data-figure="([A-Za-z]+)">([^<]*)<`)
)

// TestReportInBrowser: the --report page of the headline example, loaded in headless
// Chromium, shows the summary's figures (money per account, answers by code, refusals the
// plan caused, instances left stopped or waiting, refused requests), marks the prices
// illustrative, and loads nothing from the network. The screenshot is kept in
// $RESPEC_REPORT_DIR, or the test's temporary directory, and logged.
func TestReportInBrowser(t *testing.T) {
	chromium := browser()
	if chromium == "" {
		t.Skip("no headless browser found (chromium, chromium-browser, google-chrome or $RESPEC_CHROMIUM): the report's browser test is skipped")
	}
	dir := os.Getenv("RESPEC_REPORT_DIR")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(dir, "report.html")
	code, out, errOut := runIn(nil, "simulate", "--report", page, headlineWorld, headlinePlan)
	if code != exitRefused || errOut != "" {
		t.Fatalf("simulate: exit %d, %s", code, errOut)
	}
	sum := parseSimulate(t, out).summary
	raw, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "http://", "https://", "<link", "@import", "src="} {
		if bytes.Contains(raw, []byte(bad)) {
			t.Errorf("the page is not self-contained: it holds %q", bad)
		}
	}
	run := func(args ...string) []byte {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		args = append([]string{"--headless", "--disable-gpu", "--no-sandbox", "--user-data-dir=" + filepath.Join(dir, "profile"),
			"--window-size=1100,2600"}, args...)
		cmd := exec.CommandContext(ctx, chromium, append(args, "file://"+page)...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s %v: %v\n%s", chromium, args, err, stderr.String())
		}
		return stdout.Bytes()
	}
	dom := string(run("--dump-dom"))
	if !strings.Contains(dom, `id="illustrative"`) || !strings.Contains(dom, "Prices are illustrative") {
		t.Error("the page does not mark the prices illustrative")
	}
	// Money per account.
	rows := accountRE.FindAllStringSubmatch(dom, -1)
	if len(rows) != len(sum.Accounts) {
		t.Fatalf("%d account rows in the DOM, %d accounts in the summary", len(rows), len(sum.Accounts))
	}
	for i, row := range rows {
		a := sum.Accounts[i]
		got := map[string]string{}
		for _, f := range figureRE.FindAllStringSubmatch(row[2], -1) {
			got[f[1]] = html.UnescapeString(f[3])
		}
		want := map[string]string{"BalanceBefore": a.BalanceBefore, "Charged": a.Charged, "RefundedToBalance": a.RefundedToBalance,
			"RefundedElsewhere": a.RefundedElsewhere, "BalanceAfter": a.BalanceAfter}
		if html.UnescapeString(row[1]) != a.AccountID || !maps.Equal(got, want) {
			t.Errorf("account %s in the DOM: %v, the summary %v", row[1], got, want)
		}
	}
	// Answers by code and refusals the plan caused.
	final, caused := map[string]int{}, map[string]int{}
	for _, f := range figureRE.FindAllStringSubmatch(dom, -1) {
		n, _ := strconv.Atoi(f[3])
		switch f[1] {
		case "Final":
			final[html.UnescapeString(f[2])] = n
		case "CausedByPlan":
			caused[html.UnescapeString(f[2])] = n
		}
	}
	if !maps.Equal(final, sum.Final) || !maps.Equal(caused, sum.CausedByPlan) {
		t.Errorf("answers %v and caused %v in the DOM; the summary %v and %v", final, caused, sum.Final, sum.CausedByPlan)
	}
	cards := map[string]string{}
	for _, f := range cardRE.FindAllStringSubmatch(dom, -1) {
		if f[1] != "" {
			cards[f[1]] = f[2]
		} else {
			cards[f[3]] = f[4]
		}
	}
	refused := 0
	for c, n := range sum.Final {
		if c != "Accepted" {
			refused += n
		}
	}
	wantCards := map[string]string{"LeftStopped": strconv.Itoa(len(sum.LeftStopped)), "AwaitingRestart": strconv.Itoa(len(sum.AwaitingRestart)),
		"InstancesWithMoney": "103", "Refused": strconv.Itoa(refused)}
	if !maps.Equal(cards, wantCards) {
		t.Errorf("instance figures in the DOM %v, want %v", cards, wantCards)
	}
	if n := strings.Count(dom, "Caused by the plan: "); n != len(sum.Caused) {
		t.Errorf("%d refusals marked as caused by the plan in the DOM, %d in the summary", n, len(sum.Caused))
	}
	// The screenshot, for a person to look at.
	shot := filepath.Join(dir, "report.png")
	run("--screenshot=" + shot)
	if st, err := os.Stat(shot); err != nil || st.Size() < 10_000 {
		t.Fatalf("no screenshot: %v", err)
	}
	t.Logf("report %s, screenshot %s", page, shot)
}
