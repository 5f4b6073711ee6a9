package main

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/respec-dev/respec/rules"
)

// TestMoneyKeysCoverEveryDecimal keeps moneyKeys complete: every decimal field that the plan
// or a target writes to JSON is either an amount (padded to the currency's places) or listed
// as an exact value that is not.
func TestMoneyKeysCoverEveryDecimal(t *testing.T) {
	decimalType := reflect.TypeFor[decimal.Decimal]()
	seen := map[reflect.Type]bool{}
	var walk func(typ reflect.Type, path string)
	walk = func(typ reflect.Type, path string) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] {
			return
		}
		seen[typ] = true
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if f.Type == decimalType {
				if !slices.Contains(moneyKeys, name) && !slices.Contains(notMoneyKeys, name) {
					t.Errorf("%s.%s is a decimal in neither moneyKeys nor notMoneyKeys", path, name)
				}
				continue
			}
			if f.Anonymous {
				walk(f.Type, path)
				continue
			}
			walk(f.Type, path+"."+name)
		}
	}
	walk(reflect.TypeFor[rules.Plan](), "Plan")
	walk(reflect.TypeFor[rules.Target](), "Target")
	for _, k := range moneyKeys {
		if slices.Contains(notMoneyKeys, k) {
			t.Errorf("%s is in both lists", k)
		}
	}
}

func TestMoneyJSON(t *testing.T) {
	v := map[string]any{"TradePrice": decimal.RequireFromString("4377.8"), "DiscountPrice": decimal.Decimal{},
		"Amount": decimal.RequireFromString("1.23456"), "Ratio": decimal.RequireFromString("0.5"),
		"Note": `"TradePrice":"1"`, "BalanceAfter": decimal.RequireFromString("-3")}
	b, err := json.Marshal(moneyJSON{v: v, m: money{places: 2}})
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"Amount":"1.23456","BalanceAfter":"-3.00","DiscountPrice":"0.00","Note":"\"TradePrice\":\"1\"","Ratio":"0.5","TradePrice":"4377.80"}`
	if string(b) != want {
		t.Fatalf("moneyJSON:\n got %s\nwant %s", b, want)
	}
}

func TestDecideJSONVerdictAndMoney(t *testing.T) {
	code, out, _ := runIn(readExample(t, "upgrade-running.json"), "decide", "--json")
	var acc struct {
		Accepted bool
		Plan     struct {
			Charge struct{ OriginalPrice, DiscountPrice, TradePrice, BalanceBefore, BalanceAfter, Exact string }
		}
	}
	if err := json.Unmarshal(out, &acc); err != nil || code != exitOK {
		t.Fatalf("exit %d, %v", code, err)
	}
	ch := acc.Plan.Charge
	if !acc.Accepted || ch.OriginalPrice != "4377.80" || ch.DiscountPrice != "0.00" || ch.TradePrice != "4377.80" ||
		ch.BalanceBefore != "8000.00" || ch.BalanceAfter != "3622.20" || ch.Exact != "4377.8" {
		t.Fatalf("accepted: %+v", acc)
	}
	if !bytes.HasPrefix(out, []byte("{\n  \"Accepted\": true,\n")) {
		t.Errorf("Accepted is not the first key:\n%.80s", out)
	}
	code, out, _ = runIn(readExample(t, "expired.json"), "decide", "--json")
	var ref map[string]any
	if err := json.Unmarshal(out, &ref); err != nil || code != exitRefused {
		t.Fatalf("exit %d, %v", code, err)
	}
	want := map[string]any{"Accepted": false, "Code": "InvalidInstance.PreInstanceExpired", "HttpStatus": float64(403),
		"Rule": "instance.expired", "Stage": "instance state", "RetryClass": "FixThenRetry",
		"Evidence": "ExpiredTime 2026-08-31T16:00:00Z is not after now 2026-09-14T02:30:00Z (status Stopped): renew first"}
	for k, v := range want {
		if ref[k] != v {
			t.Errorf("refusal %s = %v, want %v", k, ref[k], v)
		}
	}
}

func TestBatchLinesCarryInstanceIdAndRefusal(t *testing.T) {
	var in bytes.Buffer
	in.Write(compact(t, "upgrade-running.json"))
	in.WriteString("\n\nnot json\n")
	in.Write(compact(t, "expired.json"))
	in.WriteString("\n")
	code, out, _ := runIn(in.Bytes(), "batch", "--no-progress")
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if code != exitUsage || len(lines) != 3 {
		t.Fatalf("exit %d, %d lines:\n%s", code, len(lines), out)
	}
	type line struct {
		Line       int
		InstanceId string
		Outcome    string
		Plan       *struct{ Charge struct{ TradePrice string } }
		Refusal    *refusalDetail
	}
	var got [3]line
	for i, l := range lines {
		if err := json.Unmarshal([]byte(l), &got[i]); err != nil {
			t.Fatal(err)
		}
	}
	if g := got[0]; g.Line != 1 || g.InstanceId != "i-bp1g6example000001" || g.Outcome != "ACCEPTED" || g.Plan.Charge.TradePrice != "4377.80" {
		t.Errorf("line 1: %+v", g)
	}
	if g := got[1]; g.Line != 3 || g.InstanceId != "" || g.Outcome != "UsageError" {
		t.Errorf("line 3: %+v", g)
	}
	if g := got[2]; g.Line != 4 || g.InstanceId != "i-bp1g6expired00003" || g.Refusal == nil ||
		*g.Refusal != (refusalDetail{Rule: "instance.expired", Stage: "instance state", RetryClass: "FixThenRetry",
			Evidence: "ExpiredTime 2026-08-31T16:00:00Z is not after now 2026-09-14T02:30:00Z (status Stopped): renew first"}) {
		t.Errorf("line 4: %+v %+v", g, g.Refusal)
	}
}

func TestUnknownRequestKeys(t *testing.T) {
	in := editExample(t, "upgrade-running.json", func(m map[string]any) {
		req := m["request"].(map[string]any)
		req["Autopay"] = "false"
		req["Action"] = "ModifyPrepayInstanceSpec"
		req["SignatureNonce"] = "n"
		req["OwnerAccount"] = "o"
	})
	code, out, errOut := runIn(in, "decide")
	const warning = "Request parameter Autopay is not a parameter of ModifyPrepayInstanceSpec and is ignored, as the API ignores it; did you mean AutoPay? (AutoPay keeps its default)."
	if code != exitOK || errOut != "" || !strings.Contains(string(out), "Warnings\n  - "+warning+"\n") {
		t.Fatalf("decide: exit %d, stderr %q\n%s", code, errOut, out)
	}
	if strings.Contains(string(out), "Action") || strings.Contains(string(out), "SignatureNonce") || strings.Contains(string(out), "OwnerAccount") {
		t.Errorf("a common key is warned about:\n%s", out)
	}
	// The misspelt AutoPay=false did not stop the payment: the trap the warning is for.
	if !strings.Contains(string(out), "Order            Paid") {
		t.Errorf("plan:\n%s", out)
	}
	_, out, _ = runIn(in, "decide", "--json")
	if !strings.Contains(string(out), `"Warnings": [`+"\n      \""+warning) {
		t.Errorf("decide --json lacks the warning:\n%s", out)
	}
	code, out, errOut = runIn(in, "decide", "--strict")
	const strictMsg = "respec decide: standard input: request: unknown parameter Autopay (did you mean AutoPay?) (--strict; without it the API, and respec, ignore unknown parameters)\n"
	if code != exitUsage || len(out) != 0 || errOut != strictMsg {
		t.Errorf("decide --strict: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	code, _, _ = runIn(readExample(t, "upgrade-running.json"), "decide", "--strict")
	if code != exitOK {
		t.Errorf("decide --strict of a request with only known keys: exit %d", code)
	}
	code, out, _ = runIn(append(compactBytes(t, in), '\n'), "batch", "--strict", "--no-progress")
	if code != exitUsage || !strings.Contains(string(out), `{"Line":1,"InstanceId":"i-bp1g6example000001","Outcome":"UsageError","UsageError":"line 1: request: unknown parameter Autopay (did you mean AutoPay?)`) {
		t.Errorf("batch --strict: exit %d\n%s", code, out)
	}
}

func TestPadMoney(t *testing.T) {
	m := money{places: 2}
	for in, want := range map[string]string{
		`{"Total":"5","X":{"Amount":"-0.5"},"Ratio":"1"}`: `{"Total":"5.00","X":{"Amount":"-0.50"},"Ratio":"1"}`,
		`{"Note":"a\":\"b","Total":"1e3"}`:                `{"Note":"a\":\"b","Total":"1e3"}`,
		`{"K":"x\",\"Total\":\"1"}`:                       `{"K":"x\",\"Total\":\"1"}`,
		`{"Total":"1.234","Amount":"7."}`:                 `{"Total":"1.234","Amount":"7."}`,
		`["Total":"1"]`:                                   `["Total":"1"]`,
	} {
		if got := string(padMoney([]byte(in), m)); got != want {
			t.Errorf("padMoney(%s) = %s, want %s", in, got, want)
		}
	}
	if a := testing.AllocsPerRun(10, func() { padMoney([]byte(`{"Ratio":"1","Exact":"2"}`), m) }); a != 0 {
		t.Errorf("padMoney of JSON without amounts to pad allocates %v times", a)
	}
}

// padPlain pads a canonical decimal exactly as money.num pads its decimal, and leaves any
// other form to it.
func TestPadPlainIsNum(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		val := rapid.StringMatching(`-?(0|[1-9][0-9]{0,5}|0[0-9]{1,3})(\.[0-9]{0,5})?`).Draw(t, "val")
		places := int32(rapid.IntRange(0, 6).Draw(t, "places"))
		zeros, point, ok := padPlain([]byte(val), places)
		d, err := decimal.NewFromString(val)
		if !ok {
			if err == nil && d.String() == val && val != "-0" {
				t.Fatalf("padPlain(%q) leaves a canonical decimal to the decimal path", val)
			}
			return
		}
		got := string(appendZeros([]byte(val), zeros, point))
		if want := (money{places: places}).num(d); err != nil || got != want {
			t.Fatalf("padPlain(%q, %d) writes %q, money.num %q (%v)", val, places, got, want, err)
		}
	})
}
