package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/respec-dev/respec/model"
	scenariofmt "github.com/respec-dev/respec/scenario"
)

func dec(t *testing.T, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return d
}

// TestSimulateHeadline: the README's headline question, asked through the CLI of the
// examples/fleet500 files. 500 requests, two a second, 60 a minute pass the gateway: 240
// throttled; of the 130 downgrades decided 3 use the month's quota and 127 are refused for
// it; the balance, with the three refunds, pays 100 upgrades and leaves 30 abnormal orders.
// The summary names exactly which instance is refused for what, all of them caused by the
// plan itself, and the money adds up to the cent.
func TestSimulateHeadline(t *testing.T) {
	code, out, errOut := runIn(nil, "simulate", headlineWorld, headlinePlan)
	if code != exitRefused || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	s := parseSimulate(t, out)
	sum := s.summary
	if len(s.outcomes) != 500 || sum.Requests != 500 || sum.Sent != 500 {
		t.Fatalf("%d outcomes, summary %d requests, %d sent", len(s.outcomes), sum.Requests, sum.Sent)
	}
	wantFinal := map[string]int{"Accepted": 103, "Accepted.OrderAbnormal": 30, "InstanceDowngrade.QuotaExceed": 127, "Throttling": 240}
	if d := cmp.Diff(wantFinal, sum.Final); d != "" {
		t.Fatalf("answers (-want +got):\n%s", d)
	}
	if d := cmp.Diff(map[string]int{"balance used up": 30, "quota used": 127, "throttled": 240}, sum.CausedByPlan); d != "" {
		t.Fatalf("caused by the plan (-want +got):\n%s", d)
	}
	// Web instance k (i-bp1fleet of 2k) goes at k s, batch instance k (2k+1) at k+0.5 s: each
	// passes the gateway when k mod 60 < 30; of those, the first 100 web ones are paid and the
	// first 3 batch ones use the quota.
	want := map[string][]string{}
	paid, downs := 0, 0
	for k := range 250 {
		web, batch := fmt.Sprintf("i-bp1fleet%05d", 2*k), fmt.Sprintf("i-bp1fleet%05d", 2*k+1)
		if k%60 >= 30 {
			want["throttled"] = append(want["throttled"], web, batch)
			continue
		}
		if paid++; paid > 100 {
			want["balance used up"] = append(want["balance used up"], web)
		}
		if downs++; downs > 3 {
			want["quota used"] = append(want["quota used"], batch)
		}
	}
	byID := cmpopts.SortSlices(func(a, b string) bool { return a < b })
	if d := cmp.Diff(want, causedByReason(sum.Caused), byID); d != "" {
		t.Fatalf("refused, by reason (-want +got):\n%s", d)
	}
	// The money: every outcome's amounts add up to the account's books (one account), and the
	// books balance: before − charged + refunded = after.
	if len(sum.Accounts) != 1 {
		t.Fatalf("accounts %+v", sum.Accounts)
	}
	a := sum.Accounts[0]
	charged, refunded := decimal.Zero, decimal.Zero
	var oneUp decimal.Decimal
	for _, o := range s.outcomes {
		charged = charged.Add(dec(t, o.Charged))
		refunded = refunded.Add(dec(t, o.RefundedToBalance))
		if o.Outcome == "Accepted" && o.Decision.Direction == "upgrade" {
			oneUp = dec(t, o.Charged)
		}
	}
	if a.Charged != "437780.00" || a.RefundedToBalance != "5569.20" || a.BalanceBefore != "434399.70" || a.BalanceAfter != "2188.90" || a.Currency != "CNY" {
		t.Fatalf("account %+v", a)
	}
	if !charged.Equal(dec(t, a.Charged)) || !refunded.Equal(dec(t, a.RefundedToBalance)) || !oneUp.Mul(decimal.NewFromInt(100)).Equal(charged) {
		t.Fatalf("outcomes charged %s and refunded %s; the account %s and %s; one upgrade %s", charged, refunded, a.Charged, a.RefundedToBalance, oneUp)
	}
	if !dec(t, a.BalanceBefore).Sub(charged).Add(refunded).Equal(dec(t, a.BalanceAfter)) || s.outcomes[len(s.outcomes)-1].BalanceAfter != a.BalanceAfter {
		t.Fatalf("the books do not balance: %+v", a)
	}
	if a.DowngradesUsed != 3 || *a.DowngradeQuota != 3 || *a.DowngradesLeft != 0 || len(sum.AwaitingRestart) != 103 || len(sum.LeftStopped) != 0 || !sum.PricesIllustrative {
		t.Fatalf("quota %d of %d, %d left; %d awaiting a restart, %d left stopped", a.DowngradesUsed, *a.DowngradeQuota, *a.DowngradesLeft, len(sum.AwaitingRestart), len(sum.LeftStopped))
	}
}

// TestSimulateText: --text's summary, golden (testdata/golden/fleet500.simulate.txt holds
// the summary that follows the 500 outcome lines; -update rewrites it).
func TestSimulateText(t *testing.T) {
	code, out, errOut := runIn(nil, "simulate", "--text", headlineWorld, headlinePlan)
	if code != exitRefused || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	text := string(out)
	i := strings.Index(text, "\nSummary:")
	if i < 0 || strings.Count(text[:i], "\n") != 500 {
		t.Fatalf("no summary after 500 lines:\n%s", text)
	}
	first, _, _ := strings.Cut(text, "\n")
	if want := "2026-09-14T02:30:00Z  i-bp1fleet00000  ModifyPrepayInstanceSpec → ecs.g6.2xlarge  Accepted  charged 4377.80  balance 430021.90 CNY"; first != want {
		t.Errorf("first line\n%s\nwant\n%s", first, want)
	}
	golden(t, "fleet500.simulate.txt", []byte(text[i+1:]))
}

const miniWorld = `{"now": "2026-09-14T02:30:00Z", "accounts": [{"Account": {"AccountId": "1234", "Balance": "100"},
 "RamUsers": [{"Name": "ops"}],
 "Instances": [{"InstanceId": "i-1", "RegionId": "cn-hangzhou", "ZoneId": "cn-hangzhou-h", "Status": "Running",
  "InstanceChargeType": "PrePaid", "InstanceType": "ecs.g6.xlarge", "CreationTime": "2025-06-01T03:12:00Z",
  "ExpiredTime": "2027-06-01T16:00:00Z", "OSType": "linux"}]}]}`

// TestSimulateBadInput: a world or plan respec cannot use gets one line naming the file, the
// line and the JSON path, exit 2, and nothing on standard output.
func TestSimulateBadInput(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string { return writeFile(t, dir, name, []byte(content)) }
	good := file("world.json", miniWorld)
	okLine := `{"At": "2026-09-14T02:30:00Z", "Operation": "StopInstance", "InstanceId": "i-1"}`
	for _, tc := range []struct {
		name, world, plan, want string
	}{
		{"world not JSON", `{"now": `, okLine, `W: now: unexpected end of input`},
		{"world unknown key", `{"now": "2026-09-14T02:30:00Z", "acounts": []}`, okLine, `W: acounts: unknown field (the fields are description, now, policy, limits, catalog, accounts)`},
		{"world no now", `{"accounts": []}`, okLine, `W: now: required`},
		{"world bad status", strings.Replace(miniWorld, `"Running"`, `"Runing"`, 1), okLine, `W: accounts[0].Instances[0].Status: must be one of Pending, Starting, Running, Stopping, Stopped`},
		{"world bad balance", strings.Replace(miniWorld, `"100"`, `"1e99999"`, 1), okLine, `W: accounts[0].Account.Balance: decimal is out of range (more than 30 digits or beyond 1e15)`},
		{"world duplicate instance", strings.Replace(miniWorld, `"Instances": [{`, `"Instances": [{"InstanceId": "i-1", "Status": "Stopped"}, {`, 1), okLine, `W: accounts[0].Instances[1].InstanceId: "i-1" is given twice (also accounts[0].Instances[0])`},
		{"world caller in account", strings.Replace(miniWorld, `"Balance": "100"`, `"Balance": "100", "RAMUser": {"Name": "x"}`, 1), okLine, `W: accounts[0].Account.RAMUser: must be absent in a world: the caller is named per request (list the account's users in RamUsers)`},
		{"world unknown API", strings.Replace(miniWorld, `"accounts"`, `"limits": {"PerApi": {"DescribeInstances": 5}}, "accounts"`, 1), okLine, `W: limits.PerApi["DescribeInstances"]: unknown API: want one of ModifyPrepayInstanceSpec, StartInstance, StopInstance, RebootInstance, RenewInstance`},
		{"world too many accounts", `{"now": "2026-09-14T02:30:00Z", "accounts": [` + strings.Repeat(`{"Account": {}},`, scenariofmt.MaxWorldAccounts) + `{}]}`, okLine, `W: accounts: more than 10000 entries`},
		{"plan not JSON", miniWorld, okLine + "\n{\"At\": ", `P: line 2: At: unexpected end of input`},
		{"plan unknown instance", miniWorld, okLine + "\n" + strings.Replace(okLine, "i-1", "i-2", 1), `P: line 2: InstanceId: "i-2" is not an instance of the world`},
		{"plan unknown account", miniWorld, strings.Replace(okLine, `"InstanceId"`, `"AccountId": "999", "InstanceId"`, 1), `P: line 1: AccountId: "999" is not an account of the world`},
		{"plan unknown RAM user", miniWorld, strings.Replace(okLine, `"InstanceId"`, `"RamUser": "dev", "InstanceId"`, 1), `P: line 1: RamUser: "dev" is not a RAM user of account 1234`},
		{"plan out of order", miniWorld, strings.Replace(okLine, "02:30:00", "02:31:00", 1) + "\n\n" + okLine, `P: line 3: At: 2026-09-14T02:30:00Z is before line 1's 2026-09-14T02:31:00Z (requests are in time order)`},
		{"plan before now", miniWorld, strings.Replace(okLine, "02:30:00", "02:29:00", 1), `P: line 1: At: 2026-09-14T02:29:00Z is before the world's now 2026-09-14T02:30:00Z`},
		{"plan unknown operation", miniWorld, strings.Replace(okLine, "StopInstance", "DeleteInstance", 1), `P: line 1: Operation: must be one of ModifyPrepayInstanceSpec, StartInstance, StopInstance, RebootInstance, RenewInstance, PayOrder, CancelOrder`},
		{"plan change without targets", miniWorld, strings.Replace(okLine, "StopInstance", "ModifyPrepayInstanceSpec", 1), `P: line 1: Targets: required for ModifyPrepayInstanceSpec`},
		{"plan document bad rule", miniWorld, `{"Rules": [{"Targets": ["ecs.g6.2xlarge"], "Start": "2026-09-14T02:30:00Z", "Filter": {"AccountIds": ["1234", "77"]}}]}`, `P: Rules[0].Filter.AccountIds[1]: "77" is not an account of the world`},
		{"plan document bad backoff", miniWorld, `{"Options": {"RetryThrottling": {"Retries": 1000}}}`, `P: Options.RetryThrottling.Retries: must be an integer from 0 to 100`},
		{"plan document bad moment", miniWorld, `{"Requests": [` + okLine + `, {"At": "yesterday"}]}`, `P: Requests[1].At: must be an RFC 3339 time such as "2026-01-02T15:04:05Z"`},
		{"plan hostile line", miniWorld, `{"At": "2026-09-14T02:30:00Z", "Targets": [` + strings.Repeat(`"x",`, 64) + `"x"]}`, `P: line 1: Targets: more than 64 entries`},
		{"plan empty", miniWorld, "\n\n", `P is empty: expected a plan (JSON Lines of requests, or a plan document)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w, p := good, file("plan", tc.plan)
			if tc.world != miniWorld {
				w = file("world", tc.world)
			}
			code, out, errOut := runIn(nil, "simulate", w, p)
			want := "respec simulate: " + w + tc.want[1:] + "\n"
			if tc.want[0] == 'P' {
				want = "respec simulate: " + p + tc.want[1:] + "\n"
			}
			if code != exitUsage || len(out) != 0 || errOut != want {
				t.Errorf("exit %d, stdout %q, stderr\n%q\nwant\n%q", code, out, errOut, want)
			}
		})
	}
	if code, _, errOut := runIn(nil, "simulate", "-", "-"); code != exitUsage || !strings.Contains(errOut, "WORLD and PLAN cannot both be standard input") {
		t.Errorf("- -: exit %d, %q", code, errOut)
	}
	// Either file may be standard input.
	plan := file("stop.jsonl", okLine)
	if code, out, errOut := runIn([]byte(miniWorld), "simulate", "-", plan); code != exitOK || errOut != "" || !bytes.Contains(out, []byte(`"Outcome":"Accepted"`)) {
		t.Errorf("world on standard input: exit %d, %s %s", code, out, errOut)
	}
	if code, _, errOut := runIn(nil, "simulate", good, filepath.Join(dir, "missing.jsonl")); code != exitUsage || !strings.Contains(errOut, "missing.jsonl: no such file or directory") {
		t.Errorf("missing plan: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runIn(nil, "simulate", good); code != exitUsage || !strings.Contains(errOut, "want two files, WORLD and PLAN, got 1") {
		t.Errorf("one operand: exit %d, %q", code, errOut)
	}
}

// TestSimulateAsDecide: simulate of a one-instance world, with a plan of the scenario's one
// request, gives decide's answer on the same facts: the same code, or the same direction,
// target, order status and amounts. Drawn from every example scenario, and from the running
// upgrade varied in balance, status, target and AutoPay.
func TestSimulateAsDecide(t *testing.T) {
	for _, name := range []string{"upgrade-running.json", "downgrade-stopped.json", "downgrade-running.json", "expired.json", "autopay-false.json", "cross-zone-upgrade.json", "no-stock.json", "replay.json"} {
		t.Run(name, func(t *testing.T) {
			sc, err := scenariofmt.Decode(readExample(t, name))
			if err != nil {
				t.Fatal(err)
			}
			compareWithDecide(t, sc)
		})
	}
	rapid.Check(t, func(rt *rapid.T) {
		sc, err := scenariofmt.Decode(readExample(t, "upgrade-running.json"))
		if err != nil {
			rt.Fatal(err)
		}
		sc.Facts.Account.Balance = decimal.NewFromInt(int64(rapid.IntRange(0, 12000).Draw(rt, "balance")))
		sc.Facts.Instance.Status = rapid.SampledFrom([]model.Status{model.StatusRunning, model.StatusStopped}).Draw(rt, "status")
		sc.Request["InstanceType"] = rapid.SampledFrom([]string{"ecs.g6.2xlarge", "ecs.g6.large", "ecs.g6.4xlarge", "ecs.c6.xlarge", "ecs.g7.xlarge"}).Draw(rt, "target")
		sc.Request["AutoPay"] = rapid.SampledFrom([]string{"true", "false"}).Draw(rt, "autopay")
		compareWithDecide(rt, sc)
	})
}

type tester interface {
	Helper()
	Fatal(...any)
	Fatalf(string, ...any)
}

// compareWithDecide runs decide on sc and simulate on its one-instance world.
func compareWithDecide(t tester, sc scenariofmt.Scenario) {
	t.Helper()
	raw, err := scenariofmt.Encode(sc)
	if err != nil {
		t.Fatal(err)
	}
	_, dout, derr := runIn(raw, "decide", "--json", "-")
	var d struct {
		Accepted bool
		Code     string
		Plan     struct {
			Operation      string
			ToInstanceType string
			Charge         *struct{ TradePrice, OrderStatus, BalanceAfter string }
			Refund         *struct{ Total string }
		}
	}
	if err := json.Unmarshal(dout, &d); err != nil {
		t.Fatalf("decide: %v %s %s", err, dout, derr)
	}
	// The world: the scenario's account (its caller a RAM user of it), its instance and its
	// ledger; the plan: its request, at its moment.
	acct := sc.Facts.Account
	ramUser := ""
	var users []model.RAMUser
	if acct.RAMUser != nil {
		users, ramUser = []model.RAMUser{*acct.RAMUser}, acct.RAMUser.Name
		acct.RAMUser = nil
	}
	wdoc := map[string]any{"now": sc.Now, "policy": json.RawMessage(policyJSON(t, sc)),
		"accounts": []any{map[string]any{"Account": acct, "RamUsers": users, "Tokens": sc.Facts.Idempotency, "Instances": []model.Instance{sc.Facts.Instance}}}}
	if sc.CatalogData != nil {
		wdoc["catalog"] = sc.CatalogData
	}
	params := map[string]string{}
	for k, v := range sc.Request {
		if k != "InstanceId" && k != "RegionId" && k != "InstanceType" {
			params[k] = v
		}
	}
	rq := map[string]any{"At": sc.Now, "Operation": "ModifyPrepayInstanceSpec", "InstanceId": sc.Facts.Instance.InstanceID,
		"RegionId": sc.Request["RegionId"], "Targets": []string{sc.Request["InstanceType"]}, "Params": params}
	if ramUser != "" {
		rq["RamUser"] = ramUser
	}
	dir, err := os.MkdirTemp("", "respec-simulate-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	wb, _ := json.Marshal(wdoc)
	pb, _ := json.Marshal(rq)
	wp, pp := filepath.Join(dir, "world.json"), filepath.Join(dir, "plan.jsonl")
	if os.WriteFile(wp, wb, 0o644) != nil || os.WriteFile(pp, pb, 0o644) != nil {
		t.Fatal("cannot write the files")
	}
	code, sout, serr := runIn(nil, "simulate", wp, pp)
	if code == exitUsage {
		t.Fatalf("simulate: %s\nworld %s\nplan %s", serr, wb, pb)
	}
	lines := bytes.Split(bytes.TrimSpace(sout), []byte("\n"))
	var o outcomeJSON
	if len(lines) != 2 || json.Unmarshal(lines[0], &o) != nil {
		t.Fatalf("simulate wrote %s", sout)
	}
	if !d.Accepted {
		if o.Code != d.Code {
			t.Fatalf("decide refuses with %s, simulate answers %s (%s)", d.Code, o.Outcome, o.Evidence)
		}
		return
	}
	if o.Code != "" || o.Decision == nil || o.Decision.Direction != d.Plan.Operation || o.Decision.ToType != d.Plan.ToInstanceType {
		t.Fatalf("decide accepts a %s to %s, simulate answers %+v", d.Plan.Operation, d.Plan.ToInstanceType, o)
	}
	if c := d.Plan.Charge; c != nil {
		charged := "0.00"
		if c.OrderStatus == "Paid" {
			charged = c.TradePrice
		}
		if o.Decision.OrderStatus != c.OrderStatus || o.Charged != charged || o.BalanceAfter != c.BalanceAfter {
			t.Fatalf("decide charges %+v, simulate %s (%s), balance after %s", *c, o.Charged, o.Decision.OrderStatus, o.BalanceAfter)
		}
	}
	if r := d.Plan.Refund; r != nil {
		got := decimal.RequireFromString(o.RefundedToBalance).Add(decimal.RequireFromString(o.RefundedElsewhere))
		if !got.Equal(decimal.RequireFromString(r.Total)) {
			t.Fatalf("decide refunds %s, simulate %s + %s", r.Total, o.RefundedToBalance, o.RefundedElsewhere)
		}
	}
}

// policyJSON is the scenario's policy as a world file writes it.
func policyJSON(t tester, sc scenariofmt.Scenario) []byte {
	raw, err := scenariofmt.Encode(scenariofmt.Scenario{Now: sc.Now, Policy: sc.Policy})
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc["policy"]
}

// TestSimulateProgress: progress is shown on standard error with --progress (and only
// there), and never with --no-progress; standard output is the same.
func TestSimulateProgress(t *testing.T) {
	if got := simulateProgressLine(0, 0, 1500*time.Millisecond); got != "respec simulate: running the plan (0 requests listed, and the rules' requests), 1.5s elapsed" {
		t.Errorf("running: %q", got)
	}
	if got := simulateProgressLine(3, 250, 2*time.Second); got != "respec simulate: 250 outcomes written, 2s elapsed" {
		t.Errorf("writing: %q", got)
	}
	var outs [2]string
	for i, flag := range []string{"--no-progress", "--progress"} {
		var out, errOut bytes.Buffer
		code := runEnv([]string{"simulate", flag, headlineWorld, headlinePlan}, env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut,
			stderrTerminal: true, progressEvery: time.Microsecond})
		if code != exitRefused {
			t.Fatalf("%s: exit %d %s", flag, code, errOut.String())
		}
		outs[i] = out.String()
		if shown := strings.Contains(errOut.String(), "respec simulate: "); shown != (flag == "--progress") {
			t.Errorf("%s: stderr %q", flag, errOut.String())
		}
	}
	if outs[0] != outs[1] {
		t.Error("progress changed standard output")
	}
}
