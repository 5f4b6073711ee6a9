package scenario

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// exactScenario makes cmp stricter than the types' Equal methods: decimals must agree in
// exponent as well as value (1.5 is not 1.50) and times in location as well as instant.
var exactScenario = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool {
		return a.Exponent() == b.Exponent() && a.Coefficient().Cmp(b.Coefficient()) == 0
	}),
	cmp.Comparer(func(a, b time.Time) bool {
		return a.Equal(b) && a.Location() == b.Location()
	}),
}

func clip(doc []byte) string {
	if len(doc) > 2000 {
		return string(doc[:2000]) + "..."
	}
	return string(doc)
}

// pinnedDocs returns every example scenario (examples/*.json, each line of examples/*.jsonl,
// testdata/*.json) by name.
func pinnedDocs(t testing.TB) map[string][]byte {
	t.Helper()
	docs := map[string][]byte{}
	for _, pattern := range []string{"../examples/*.json", "testdata/*.json", "../examples/*.jsonl"} {
		names, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(name, ".jsonl") {
				docs[name] = b
				continue
			}
			for i, line := range bytes.Split(b, []byte("\n")) {
				if len(bytes.TrimSpace(line)) > 0 {
					docs[name+":"+strconv.Itoa(i+1)] = line
				}
			}
		}
	}
	if len(docs) < 10 {
		t.Fatalf("only %d example scenarios found", len(docs))
	}
	return docs
}

// fuzzCorpus returns the seed corpora of the fuzz targets (fuzz/testdata/fuzz): the
// scenarios of FuzzDecodeScenario, and the inputs of the others, which a scenario reader must
// refuse cleanly too.
func fuzzCorpus(t testing.TB) map[string][]byte {
	t.Helper()
	names, err := filepath.Glob("../fuzz/testdata/fuzz/*/*")
	if err != nil {
		t.Fatal(err)
	}
	docs := map[string][]byte{}
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		head, body, ok := strings.Cut(string(b), "\n")
		body = strings.TrimSpace(body)
		typ, arg, typed := strings.Cut(body, "(")
		if !ok || head != "go test fuzz v1" || !typed || typ != "[]byte" && typ != "string" || !strings.HasSuffix(arg, ")") {
			t.Fatalf("%s: not a corpus entry of one []byte or string", name)
		}
		s, err := strconv.Unquote(strings.TrimSuffix(arg, ")"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		docs[name] = []byte(s)
	}
	if len(docs) < 40 {
		t.Fatalf("only %d seed corpus entries", len(docs))
	}
	return docs
}

// lineRE matches one line of an indented document: indentation, an optional key and the rest.
var lineRE = regexp.MustCompile(`^(\s*)(?:"((?:[^"\\]|\\.)*)": )?(.*?)(,?)$`)

// scenarioSnippets are values, keys and fragments the mutations splice into documents.
var scenarioSnippets = []string{
	`null`, `true`, `false`, `0`, `-0`, `1`, `-1`, `7`, `1.5`, `-1.5`, `1e3`, `1E-2`, `1e400`, `01`, `1.`, `.5`, `-`,
	`""`, `"x"`, `"0"`, `"00.10"`, `"1.50"`, `"-0.01"`, `"1e15"`, `"1e-15"`, `"1e-16"`, `"1e100000000"`, `"0e100000000"`,
	`"12,50"`, `"Running"`, `"Stopped"`, `"Runing"`, `"Purchase"`, `"Renewal"`, `"Upgrade"`, `"Modification"`,
	`"PrePaid"`, `"PostPaid"`, `"linux"`, `"vpc"`, `"balance"`, `"WithStock"`, `"WithoutStock"`, `"supported"`,
	`"current"`, `"2019"`, `"2018"`, `"2020"`, `"5m"`, `"-1h"`, `"90s"`, `"detected"`, `"declared"`, `"half_even"`,
	`"2026-01-01T00:00:00Z"`, `"2026-02-30T00:00:00Z"`, `"2026-01-01T08:00:00+08:00"`, `"9999-12-31T23:59:59-01:00"`,
	`"2026-01-01T00:00:00.123456789Z"`, `"\u0041"`, `"\ud800"`, `"\ud83d\ude00"`, `"a\"b"`, `"\x"`, `"é"`,
	`{}`, `[]`, `[{}]`, `[null]`, `["Running"]`, `{"a":"b"}`, `{"Base":"2019"}`, `[[[[`, `{"`,
	`,`, `:`, `"`, `\`, `{`, `}`, `[`, `]`, ` `, "\n", "\t", "\x00", "\x7f",
	`"Status": "Stopped",`, `"Kind": "Renewal",`, `"Base": "",`, `"RefundsPerInstance": 5,`, `"instanceId": "i",`,
	`"CurrencyPlaces": 16,`, `"BillingUTCOffsetMinutes": -1440,`, `"MemorySize": 1000000.5,`, `"Stock": {},`,
}

// mutate applies one random change to doc: a line's value, key or whole line replaced,
// removed or repeated (documents are indented, one member per line), or bytes spliced.
func mutate(t *rapid.T, doc []byte) []byte {
	lines := strings.Split(string(doc), "\n")
	i := rapid.IntRange(0, len(lines)-1).Draw(t, "line")
	snippet := rapid.SampledFrom(scenarioSnippets).Draw(t, "snippet")
	m := lineRE.FindStringSubmatch(lines[i])
	kind := 7 // a document on one line only gets bytes spliced
	if len(lines) > 1 {
		kind = rapid.IntRange(0, 7).Draw(t, "mutation")
	}
	switch kind {
	case 0, 1: // replace the value
		if m != nil && m[3] != "" && m[3] != "{" && m[3] != "[" {
			lines[i] = m[1] + keyPart(m[2]) + snippet + m[4]
		}
	case 2: // rename the key
		if m != nil && m[2] != "" {
			key := rapid.SampledFrom([]string{strings.ToLower(m[2]), m[2] + "x", "", `\u00` + strconv.FormatInt(int64(m[2][0]), 16) + m[2][1:], m[2]}).Draw(t, "key")
			lines[i] = m[1] + `"` + key + `": ` + m[3] + m[4]
		}
	case 3: // remove the line
		lines = append(lines[:i], lines[i+1:]...)
	case 4: // repeat the line
		lines = append(lines[:i+1], lines[i:]...)
	case 5: // add a member after an opening brace
		if strings.HasSuffix(lines[i], "{") {
			lines = append(lines[:i+1], append([]string{snippet}, lines[i+1:]...)...)
		}
	default: // splice bytes
		b := []byte(strings.Join(lines, "\n"))
		at := rapid.IntRange(0, len(b)).Draw(t, "at")
		cut := rapid.IntRange(0, min(8, len(b)-at)).Draw(t, "cut")
		return append(b[:at:at], append([]byte(snippet), b[at+cut:]...)...)
	}
	return []byte(strings.Join(lines, "\n"))
}

func keyPart(key string) string {
	if key == "" {
		return ""
	}
	return `"` + key + `": `
}

// TestPropertyDecodeScenarioConsistent: on valid scenarios of every shape, and on documents
// one to three changes away from a valid one (most of them invalid), Decode returns a
// *Error with a reason, or a scenario that Encode writes and Decode reads back exactly. The
// exact answers on such documents are pinned by the generated set of the golden data.
func TestPropertyDecodeScenarioConsistent(t *testing.T) {
	var seeds [][]byte
	for _, doc := range pinnedDocs(t) {
		// Indented, one member per line, for the line mutations.
		s, err := Decode(doc)
		if err != nil {
			t.Fatal(err)
		}
		out, err := Encode(s)
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, doc, out)
	}
	rapid.Check(t, func(t *rapid.T) {
		var doc []byte
		if rapid.Bool().Draw(t, "generated") {
			var err error
			if doc, err = Encode(genScenario().Draw(t, "scenario")); err != nil {
				t.Fatal(err)
			}
		} else {
			doc = rapid.SampledFrom(seeds).Draw(t, "seed")
		}
		consistentDecoding(t, doc)
		for range 4 {
			changed := doc
			for range rapid.IntRange(1, 3).Draw(t, "changes") {
				changed = mutate(t, changed)
				consistentDecoding(t, changed)
			}
		}
	})
}

// consistentDecoding fails t unless Decode refuses doc with a *Error that has a reason, or
// reads a scenario that survives Encode and Decode unchanged.
func consistentDecoding(t *rapid.T, doc []byte) {
	s, err := Decode(doc)
	if err != nil {
		var se *Error
		if !errors.As(err, &se) || se.Reason == "" {
			t.Fatalf("error %T %v is not a *Error with a reason\n%s", err, err, clip(doc))
		}
		return
	}
	out, err := Encode(s)
	if err != nil {
		t.Fatalf("Encode of a decoded scenario: %v\n%s", err, clip(doc))
	}
	back, err := Decode(out)
	if err != nil {
		t.Fatalf("Decode(Encode(s)): %v\n%s", err, clip(out))
	}
	if d := cmp.Diff(s, back, exactScenario); d != "" {
		t.Fatalf("Decode(Encode(s)) differs from s (-s +back):\n%s", d)
	}
}

// limitDocs returns documents at the caps and ranges, by name: at each limit and one step
// beyond.
func limitDocs() map[string]string {
	all := map[string]string{}
	const head = `{"now":"2026-01-01T00:00:00Z","request":{}`
	items := func(n int, item string) string {
		return strings.TrimSuffix(strings.Repeat(item+",", n), ",")
	}
	keys := func(n int, value string) string {
		var b strings.Builder
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString(`"k` + strconv.Itoa(i) + `":` + value)
		}
		return b.String()
	}
	order := `{"OrderId":"o","Kind":"Purchase","Start":"2026-01-01T00:00:00Z","End":"2026-02-01T00:00:00Z"}`
	for _, n := range []int{0, 1} {
		docs := map[string]string{
			"orders":        head + `,"instance":{"Status":"Running","Orders":[` + items(1000+n, order) + `]}}`,
			"unpaid":        head + `,"instance":{"Status":"Running","UnpaidOrders":[` + items(100+n, `{"Kind":"Renewal"}`) + `]}}`,
			"disks":         head + `,"instance":{"Status":"Running","DataDisks":[` + items(64+n, `{}`) + `]}}`,
			"locks":         head + `,"instance":{"Status":"Running","OperationLocks":[` + items(64+n, `"x"`) + `]}}`,
			"families":      head + `,"instance":{"Status":"Running","Image":{"SupportedFamilies":[` + items(1000+n, `"f"`) + `]}}}`,
			"downgrades":    head + `,"account":{"Quotas":{"Downgrades":[` + items(10000+n, `"2026-01-01T00:00:00Z"`) + `]}}}`,
			"request":       `{"now":"2026-01-01T00:00:00Z","request":{` + keys(4096+n, `""`) + `}}`,
			"ledger":        head + `,"idempotency":{` + keys(10000+n, `{}`) + `}}`,
			"statuses":      head + `,"policy":{"UpgradeStatuses":[` + items(16+n, `"Running"`) + `]}}`,
			"prices":        head + `,"catalog":{"InstanceTypes":[{"InstanceTypeId":"a","InstanceTypeFamily":"f","MonthlyPrice":{` + keys(256+n, `"1"`) + `}}]}}`,
			"stock":         head + `,"catalog":{"InstanceTypes":[{"InstanceTypeId":"a","InstanceTypeFamily":"f","Stock":{` + keys(1024+n, `"WithStock"`) + `}}]}}`,
			"count":         head + `,"throttle":{"Count":` + strconv.Itoa(1000000+n) + `}}`,
			"amount":        head + `,"account":{"Quotas":{"RefundedVcpu":[{"Amount":` + strconv.Itoa(1000000000+n) + `}]}}}`,
			"vcpu hours":    head + `,"account":{"Quotas":{"RefundedVcpuHoursPerMonth":` + strconv.Itoa(1000000000+n) + `}}}`,
			"offset":        head + `,"policy":{"BillingUTCOffsetMinutes":` + strconv.Itoa(-1440-n) + `}}`,
			"places":        head + `,"policy":{"CurrencyPlaces":` + strconv.Itoa(15+n) + `}}`,
			"memory":        head + `,"catalog":{"InstanceTypes":[{"InstanceTypeId":"a","InstanceTypeFamily":"f","MemorySize":` + strconv.Itoa(1000000+n) + `}]}}`,
			"decimal chars": head + `,"account":{"Balance":"0.` + strings.Repeat("0", 62+n) + `"}}`,
			"number chars":  head + `,"catalog":{"InstanceTypes":[{"InstanceTypeId":"a","InstanceTypeFamily":"f","MemorySize":0.` + strings.Repeat("0", 62+n) + `}]}}`,
			"discount":      head + `,"instance":{"Status":"Running","Orders":[{"OrderId":"o","Kind":"Purchase","Start":"2026-01-01T00:00:00Z","End":"2026-02-01T00:00:00Z","Discount":"1.0` + strconv.Itoa(n) + `"}]}}`,
			"duration":      head + `,"policy":{"TokenTTL":"` + strconv.Itoa(87600+n) + `h"}}`,
			"time":          `{"now":"9999-12-31T23:59:59-00:0` + strconv.Itoa(n) + `","request":{}}`,
		}
		for name, doc := range docs {
			all[name+"+"+strconv.Itoa(n)] = doc
		}
	}
	return all
}
