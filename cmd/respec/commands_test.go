package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/rules"
)

// Every scenario command: exit status and where the text goes, for each kind of input.
func TestExitCodes(t *testing.T) {
	accepted := readExample(t, "upgrade-running.json")
	refused := readExample(t, "expired.json")
	badRequest := editExample(t, "upgrade-running.json", func(m map[string]any) {
		m["request"].(map[string]any)["AutoPay"] = "yes"
	})
	invalid := editExample(t, "upgrade-running.json", func(m map[string]any) { delete(m, "now") })
	dir := t.TempDir()
	write := func(name string, b []byte) string { return writeFile(t, dir, name, b) }
	accFile, refFile := write("accepted.json", accepted), write("refused.json", refused)
	missing := filepath.Join(dir, "missing.json")

	type input struct {
		name  string
		args  []string // after the command
		stdin []byte
		code  int
		// stderr is a prefix of the expected standard error ("" = empty).
		stderr string
	}
	for _, cmd := range []string{"decide", "explain", "targets", "quote"} {
		inputs := []input{
			{"accepted file", []string{accFile}, nil, exitOK, ""},
			{"accepted --json", []string{"--json", accFile}, nil, exitOK, ""},
			{"flag after file", []string{accFile, "--json"}, nil, exitOK, ""},
			{"stdin -", []string{"-"}, accepted, exitOK, ""},
			{"stdin implied", nil, accepted, exitOK, ""},
			{"refused", []string{refFile}, nil, exitRefused, ""},
			{"refused --json", []string{"--json", "-"}, refused, exitRefused, ""},
			{"request breaks the parameter rules", []string{"-"}, badRequest, exitRefused, ""},
			{"not JSON", []string{"-"}, []byte("hello"), exitUsage, "respec " + cmd + ": standard input: scenario: invalid JSON"},
			{"empty input", nil, nil, exitUsage, "respec " + cmd + ": standard input is empty: expected a scenario (one JSON object with \"now\", \"request\" and the facts; 'respec example' prints one)\n"},
			{"blank input", nil, []byte(" \n\t\n"), exitUsage, "respec " + cmd + ": standard input is empty: expected a scenario"},
			{"invalid scenario", []string{"-"}, invalid, exitUsage, "respec " + cmd + ": standard input: scenario: now: required"},
			{"missing file", []string{missing}, nil, exitUsage, "respec " + cmd + ": " + missing + ": no such file or directory"},
			{"directory", []string{dir}, nil, exitUsage, "respec " + cmd + ": " + dir + ": is a directory\n"},
			{"two files", []string{accFile, refFile}, nil, exitUsage, "respec " + cmd + ": one input at most"},
			{"unknown flag", []string{"--bogus", accFile}, nil, exitUsage, "respec " + cmd + ": flag provided but not defined: -bogus (run 'respec " + cmd + " -h' for usage)\n"},
			{"bad flag value", []string{"--json=maybe", accFile}, nil, exitUsage, "respec " + cmd + ": invalid boolean value \"maybe\" for -json: parse error (run 'respec " + cmd + " -h' for usage)\n"},
			{"-h", []string{"-h"}, nil, exitOK, "Usage: respec " + cmd + " [--json] [--strict] [FILE|-]\n"},
			{"--help", []string{"--help"}, nil, exitOK, "Usage: respec " + cmd + " [--json] [--strict] [FILE|-]\n"},
		}
		for _, in := range inputs {
			if cmd == "targets" && in.name == "refused" {
				// Expiry does not depend on the target: no type can be listed.
				in.code = exitRefused
			}
			t.Run(cmd+"/"+in.name, func(t *testing.T) {
				code, out, errOut := runIn(in.stdin, append([]string{cmd}, in.args...)...)
				if code != in.code {
					t.Errorf("exit %d, want %d (stderr %q)", code, in.code, errOut)
				}
				if in.stderr == "" && errOut != "" || !strings.HasPrefix(errOut, in.stderr) {
					t.Errorf("stderr %q, want prefix %q", errOut, in.stderr)
				}
				switch in.code {
				case exitUsage:
					if len(out) != 0 {
						t.Errorf("stdout %q on a usage error", out)
					}
					if strings.Count(errOut, "\n") != 1 {
						t.Errorf("stderr is not one line: %q", errOut)
					}
				case exitOK, exitRefused:
					if len(out) == 0 && !strings.HasPrefix(in.name, "-") && in.name != "--help" {
						t.Error("no output")
					}
				}
			})
		}
	}
}

// A scenario that is valid JSON but breaks the request rules is refused with the API's code
// (exit 3), not a usage error.
func TestMalformedRequestIsRefusal(t *testing.T) {
	in := editExample(t, "upgrade-running.json", func(m map[string]any) {
		m["request"].(map[string]any)["AutoPay"] = "yes"
	})
	code, out, errOut := runIn(in, "decide", "--json")
	if code != exitRefused || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	var body map[string]any
	if err := json.Unmarshal(out, &body); err != nil {
		t.Fatal(err)
	}
	if body["Code"] != "InvalidParameter" || body["HttpStatus"] != float64(400) || body["HostId"] != "ecs.cn-hangzhou.aliyuncs.com" ||
		!strings.Contains(body["Message"].(string), "AutoPay") {
		t.Errorf("body %v", body)
	}
	for _, k := range []string{"RequestId", "HostId", "Code", "Message", "Recommend", "HttpStatus"} {
		if _, ok := body[k]; !ok {
			t.Errorf("refusal body lacks %s", k)
		}
	}
	// Beside the wire body: the verdict, the rule, its stage, evidence and retry class.
	if body["Accepted"] != false || body["Rule"] != "request.parse" || body["Stage"] != "parameters" ||
		body["Evidence"] != "AutoPay is not valid: must be true or false" || body["RetryClass"] != "Final" {
		t.Errorf("refusal detail %v", body)
	}
	if len(body) != 11 {
		t.Errorf("refusal body has %d keys, want 11: %v", len(body), body)
	}
	code, text, _ := runIn(in, "explain")
	if code != exitRefused || !strings.Contains(string(text), "request.parse: InvalidParameter (HTTP 400)") {
		t.Errorf("explain: exit %d\n%s", code, text)
	}
}

// The refusal's RequestId is derived from the input: the same input, the same id; another
// input, another id.
func TestRefusalRequestIDDeterministic(t *testing.T) {
	in := readExample(t, "expired.json")
	id := func(b []byte) string {
		_, out, _ := runIn(b, "decide", "--json")
		var body errcodes.Body
		if err := json.Unmarshal(out, &body); err != nil {
			t.Fatal(err)
		}
		return body.RequestID
	}
	a, b := id(in), id(in)
	c := id(append(bytes.Clone(in), ' '))
	if a != b || a == c || len(a) != 36 || strings.Count(a, "-") != 4 {
		t.Errorf("ids %q %q %q", a, b, c)
	}
	if got := requestIDFor([]byte("x")); got != "2D711642-B726-B044-0162-7CA9FBAC32F5" {
		t.Errorf("requestIDFor(x) = %s", got)
	}
}

// decide --json parses back, and its TradePrice is quote --json's.
func TestDecideJSONMatchesQuote(t *testing.T) {
	for _, name := range []string{"upgrade-running.json", "autopay-false.json", "cross-zone-upgrade.json"} {
		in := readExample(t, name)
		code, out, _ := runIn(in, "decide", "--json")
		if code != exitOK {
			t.Fatalf("%s: decide exit %d", name, code)
		}
		var d struct {
			RequestID string `json:"RequestId"`
			OrderID   string `json:"OrderId"`
			Plan      struct {
				RequestID          string `json:"RequestId"`
				OrderID            string `json:"OrderId"`
				PricesIllustrative bool
				Charge             struct {
					TradePrice    decimal.Decimal
					OriginalPrice decimal.Decimal
				}
			}
		}
		dec := json.NewDecoder(bytes.NewReader(out))
		if err := dec.Decode(&d); err != nil {
			t.Fatalf("%s: decide --json does not parse: %v", name, err)
		}
		if d.RequestID == "" || d.RequestID != d.Plan.RequestID || d.OrderID != d.Plan.OrderID || !d.Plan.PricesIllustrative {
			t.Errorf("%s: ids %q/%q vs plan %q/%q, illustrative %v", name, d.RequestID, d.OrderID, d.Plan.RequestID, d.Plan.OrderID, d.Plan.PricesIllustrative)
		}
		code, out, _ = runIn(in, "quote", "--json")
		if code != exitOK {
			t.Fatalf("%s: quote exit %d", name, code)
		}
		var q struct {
			RequestID string `json:"RequestId"`
			PriceInfo struct {
				Price struct {
					OriginalPrice, DiscountPrice, TradePrice decimal.Decimal
					Currency                                 string
				}
			}
			PricesIllustrative bool
		}
		if err := json.Unmarshal(out, &q); err != nil {
			t.Fatal(err)
		}
		p := q.PriceInfo.Price
		if !p.TradePrice.Equal(d.Plan.Charge.TradePrice) || !p.OriginalPrice.Equal(d.Plan.Charge.OriginalPrice) ||
			!p.TradePrice.IsPositive() || p.Currency != "CNY" || !q.PricesIllustrative || q.RequestID != d.RequestID {
			t.Errorf("%s: quote %+v, decide charge %+v", name, q, d.Plan.Charge)
		}
		if !p.OriginalPrice.Sub(p.DiscountPrice).Equal(p.TradePrice) {
			t.Errorf("%s: OriginalPrice − DiscountPrice ≠ TradePrice: %+v", name, p)
		}
	}
}

// A downgrade's quote says the price API prices upgrades only and gives the refund.
func TestQuoteDowngrade(t *testing.T) {
	in := readExample(t, "downgrade-stopped.json")
	code, out, _ := runIn(in, "quote")
	if code != exitOK || !strings.Contains(string(out), "prices upgrades only") || !strings.Contains(string(out), "Refund            2726.10 CNY (illustrative prices)") {
		t.Errorf("exit %d\n%s", code, out)
	}
	code, out, _ = runIn(readExample(t, "replay.json"), "quote", "--json")
	if code != exitOK || !strings.Contains(string(out), `"Note": "The same request`) || strings.Contains(string(out), "PriceInfo") {
		t.Errorf("replay quote: exit %d\n%s", code, out)
	}
}

// People output marks money illustrative when the catalog says so, and not otherwise.
func TestIllustrativeMark(t *testing.T) {
	real := editExample(t, "cross-zone-upgrade.json", func(m map[string]any) {
		m["catalog"].(map[string]any)["PricesIllustrative"] = false
	})
	for _, cmd := range []string{"decide", "quote", "targets"} {
		_, out, _ := runIn(real, cmd)
		if bytes.Contains(out, []byte("illustrative")) {
			t.Errorf("%s with real prices says illustrative:\n%s", cmd, out)
		}
		_, out, _ = runIn(readExample(t, "cross-zone-upgrade.json"), cmd)
		if !bytes.Contains(out, []byte("(illustrative prices)")) {
			t.Errorf("%s with illustrative prices does not say so:\n%s", cmd, out)
		}
	}
	// Every line of the decide output that shows an amount carries the mark.
	_, out, _ := runIn(readExample(t, "downgrade-stopped.json"), "decide")
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, " CNY") && !strings.Contains(line, "(illustrative prices)") {
			t.Errorf("amount without the mark: %q", line)
		}
	}
}

// A scenario with an instance the facts do not describe: targets refuses like decide.
func TestTargetsRefusalAndMissingInstanceType(t *testing.T) {
	in := editExample(t, "upgrade-running.json", func(m map[string]any) {
		delete(m["request"].(map[string]any), "InstanceType")
	})
	code, out, errOut := runIn(in, "targets", "--json")
	if code != exitOK || errOut != "" {
		t.Fatalf("targets without InstanceType: exit %d, stderr %q", code, errOut)
	}
	var tj struct {
		FromInstanceType   string
		PricesIllustrative bool
		Targets            []rules.Target
	}
	if err := json.Unmarshal(out, &tj); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"MonthlyPriceDelta": "504.00"`) {
		t.Errorf("targets --json: no MonthlyPriceDelta \"504.00\" (money with the currency's places):\n%s", out)
	}
	found := false
	for _, tg := range tj.Targets {
		if tg.InstanceType == "ecs.g6.2xlarge" {
			found = true
			if tg.Operation != "upgrade" || !tg.MonthlyPriceDelta.Equal(decimal.RequireFromString("504")) || tg.Stock != "WithStock" {
				t.Errorf("ecs.g6.2xlarge: %+v", tg)
			}
		}
		if tg.InstanceType == "ecs.g6.xlarge" {
			t.Error("the current type is listed")
		}
	}
	if !found || tj.FromInstanceType != "ecs.g6.xlarge" || !tj.PricesIllustrative {
		t.Errorf("targets: from %q, %d targets, g6.2xlarge found %v", tj.FromInstanceType, len(tj.Targets), found)
	}
	code, out, _ = runIn(readExample(t, "expired.json"), "targets", "--json")
	if code != exitRefused || !strings.Contains(string(out), `"Code": "InvalidInstance.PreInstanceExpired"`) {
		t.Errorf("expired targets: exit %d\n%s", code, out)
	}
}

func TestExampleCommandUsage(t *testing.T) {
	if code, _, errOut := runIn(nil, "example", "extra"); code != exitUsage || errOut != "respec example: unexpected argument \"extra\" (run 'respec example -h' for usage)\n" {
		t.Errorf("example extra: exit %d, stderr %q", code, errOut)
	}
	if code, out, errOut := runIn(nil, "example", "-h"); code != exitOK || len(out) != 0 || !strings.HasPrefix(errOut, "Usage: respec example") {
		t.Errorf("example -h: exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := runIn(nil, "example", "--json"); code != exitUsage {
		t.Errorf("example --json: exit %d", code)
	}
}

// Output that cannot be written fails with exit status 1.
func TestWriteFailure(t *testing.T) {
	for _, args := range [][]string{{"decide"}, {"decide", "--json"}, {"explain"}, {"targets"}, {"quote"}, {"example"}, {"batch"},
		{"help"}, {"help", "decide"}, {"version"}, {"--version"}, {"man"}, {"completion", "bash"}} {
		in := readExample(t, "upgrade-running.json")
		if args[0] == "batch" {
			in = append(compact(t, "upgrade-running.json"), '\n')
		}
		var errOut bytes.Buffer
		if code := run(args, bytes.NewReader(in), failWriter{}, &errOut); code != exitFail || !strings.Contains(errOut.String(), "disk full") {
			t.Errorf("%q to a failing writer: exit %d, stderr %q", args, code, errOut.String())
		}
	}
}

// An input over the size limit is refused before it is parsed.
func TestInputSizeLimit(t *testing.T) {
	big := bytes.Repeat([]byte(" "), 4<<20+1)
	code, _, errOut := runIn(big, "decide")
	if code != exitUsage || errOut != "respec decide: standard input: larger than 4 MiB\n" {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// Preconditions and warnings are listed for people: a Windows instance moving to an NVMe type.
func TestDecidePreconditionsAndWarnings(t *testing.T) {
	in := editExample(t, "cross-zone-upgrade.json", func(m map[string]any) {
		m["instance"].(map[string]any)["OSType"] = "windows"
		m["instance"].(map[string]any)["Status"] = "Stopped"
		m["request"].(map[string]any)["RebootWhenFinished"] = "true"
		types := m["catalog"].(map[string]any)["InstanceTypes"].([]any)
		types[1].(map[string]any)["NvmeSupport"] = "required"
	})
	code, out, errOut := runIn(in, "decide")
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q\n%s", code, errOut, out)
	}
	want := "\nPreconditions\n  - Windows instance changing between a type with NVMe (ecs.n1.medium does not) and one ecs.g6.large presents NVMe disks: " +
		"complete the published NVMe preventive steps before the change.\n\nWarnings\n  - RebootWhenFinished has no effect on a Stopped instance: it stays stopped.\n"
	if !strings.HasSuffix(string(out), want) {
		t.Errorf("decide output ends:\n%s\nwant:\n%s", out[max(0, len(out)-400):], want)
	}
}

// Scenarios without "catalog" share the embedded default catalog: it is built once.
func TestDefaultCatalogShared(t *testing.T) {
	a, err := loadScenario(readExample(t, "upgrade-running.json"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := loadScenario(readExample(t, "expired.json"))
	if err != nil {
		t.Fatal(err)
	}
	c, err := loadScenario(readExample(t, "cross-zone-upgrade.json"))
	if err != nil {
		t.Fatal(err)
	}
	if a.cat != catalog.Default() || b.cat != a.cat || a.facts.Catalog != a.cat {
		t.Error("the default catalog is not shared")
	}
	if c.cat == a.cat || c.cat.Len() != 2 {
		t.Errorf("a scenario's own catalog: %d types", c.cat.Len())
	}
}

// Values from the input are printed for people without control characters, and cut short.
func TestCleanForPeople(t *testing.T) {
	for in, want := range map[string]string{
		"ecs.g6.large":              "ecs.g6.large",
		"\x1b[2Jecs":                `"\x1b[2Jecs"`,
		strings.Repeat("é", 40):     strings.Repeat("é", 32) + "...",
		"a\u200bb":                  `"a\u200bb"`,
		"bad\xffutf8":               `"bad\xffutf8"`,
		strings.Repeat("x", 65):     strings.Repeat("x", 64) + "...",
		"ecs.g6 large (with space)": "ecs.g6 large (with space)",
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
	in := editExample(t, "upgrade-running.json", func(m map[string]any) {
		m["request"].(map[string]any)["InstanceType"] = "\x1b[31mred"
	})
	code, out, _ := runIn(in, "decide")
	if code != exitRefused || bytes.ContainsRune(out, 0x1b) || !strings.Contains(string(out), `→ "\x1b[31mred"`) {
		t.Errorf("exit %d\n%s", code, out)
	}
}
