package scenario

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// TestDecodeLayouts: the examples read the same however they are laid out (compact, tabs,
// CRLF line ends): as their golden answers.
func TestDecodeLayouts(t *testing.T) {
	recs, cases := readDecodeGolden(t)
	n := 0
	for i, c := range cases {
		if !strings.HasPrefix(c.name, "file:") || recs[i].Decoded == "" {
			continue
		}
		n++
		var compact, tabs bytes.Buffer
		if err := json.Compact(&compact, c.doc); err != nil {
			t.Fatal(err)
		}
		if err := json.Indent(&tabs, c.doc, " ", "\t"); err != nil {
			t.Fatal(err)
		}
		crlf := bytes.ReplaceAll(tabs.Bytes(), []byte("\n"), []byte("\r\n"))
		for _, d := range [][]byte{compact.Bytes(), tabs.Bytes(), crlf} {
			s, err := Decode(d)
			if err != nil {
				t.Fatalf("%s: %v\n%s", c.name, err, d)
			}
			if got := dumpScenario(s); got != recs[i].Decoded {
				t.Fatalf("%s: laid out again, reads\n%s\nnot\n%s", c.name, got, recs[i].Decoded)
			}
		}
	}
	if n < 10 {
		t.Fatalf("only %d examples", n)
	}
}

// TestPlainDecimal: plainDecimal returns exactly what decimal.NewFromString does (coefficient
// and exponent), and takes every plain amount of at most 18 digits.
func TestPlainDecimal(t *testing.T) {
	plainRE := regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(
			rapid.StringMatching(`-?[0-9]{0,20}(\.[0-9]{0,20})?`),
			rapid.StringMatching(`[-+.eE0-9]{0,12}`),
		).Draw(t, "s")
		got, ok := plainDecimal(s)
		want, err := decimal.NewFromString(s)
		if ok {
			if err != nil {
				t.Fatalf("plainDecimal(%q) = %v, NewFromString refuses it: %v", s, got, err)
			}
			if got.Exponent() != want.Exponent() || got.Coefficient().Cmp(want.Coefficient()) != 0 {
				t.Fatalf("plainDecimal(%q) = %v (exp %d), NewFromString %v (exp %d)", s, got, got.Exponent(), want, want.Exponent())
			}
		}
		if plainRE.MatchString(s) && len(strings.ReplaceAll(s, ".", "")) <= 18 && !ok {
			t.Fatalf("plainDecimal(%q) leaves a plain amount to NewFromString", s)
		}
	})
}

func TestScenarioKeyIndex(t *testing.T) {
	ds := scenarioDoc()
	for i, k := range scenarioKeys() {
		if got := ds.index(k); got != i {
			t.Errorf("index(%q) = %d, want %d", k, got, i)
		}
	}
	for _, k := range []string{"", "Now", "catalogs", "Request", "facts"} {
		if got := ds.index(k); got != -1 {
			t.Errorf("index(%q) = %d, want -1", k, got)
		}
	}
}

// TestDecodeScenarioAllocations bounds the allocations of a typical scenario (the token
// reader made about 1,100 for this one).
func TestDecodeScenarioAllocations(t *testing.T) {
	doc, err := os.ReadFile("../examples/upgrade-running.json")
	if err != nil {
		t.Fatal(err)
	}
	if n := testing.AllocsPerRun(20, func() {
		if _, err := Decode(doc); err != nil {
			t.Fatal(err)
		}
	}); n > 64 {
		t.Fatalf("%v allocations, want at most 64", n)
	}
}

// A list's slice is first given room for two entries (firstListCap), then grows as append
// grows it: one entry or two take one allocation, a third grows the slice.
func TestListRoom(t *testing.T) {
	doc, err := os.ReadFile("../examples/upgrade-running.json")
	if err != nil {
		t.Fatal(err)
	}
	s, err := Decode(doc)
	if err != nil {
		t.Fatal(err)
	}
	in := s.Facts.Instance
	if len(in.DataDisks) != 1 || cap(in.DataDisks) != 2 || len(in.Orders) != 2 || cap(in.Orders) != 2 {
		t.Errorf("DataDisks %d of room %d, Orders %d of room %d; want 1 of 2 and 2 of 2",
			len(in.DataDisks), cap(in.DataDisks), len(in.Orders), cap(in.Orders))
	}
	for i, want := range []int{firstListCap, 1, 1, 1} {
		if got := growth(i); got != want {
			t.Errorf("growth(%d) = %d, want %d", i, got, want)
		}
	}
}

// A repeated key of a map is refused at its second appearance wherever it comes, among the
// first keys (kept in a list, firstKeys) and beyond them (looked up in the map): requests of
// 1 to firstKeys+4 keys, each key repeated at the end, and the same requests without a
// repeat, which read whole.
func TestMapRepeatedKeys(t *testing.T) {
	for size := 1; size <= firstKeys+4; size++ {
		var members []string
		for i := range size {
			members = append(members, fmt.Sprintf(`"K%d":"%d"`, i, i))
		}
		doc := func(extra ...string) []byte {
			return []byte(`{"now":"2026-01-01T00:00:00Z","request":{` + strings.Join(append(members, extra...), ",") + `}}`)
		}
		s, err := Decode(doc())
		if err != nil || len(s.Request) != size || s.Request[fmt.Sprintf("K%d", size-1)] != strconv.Itoa(size-1) {
			t.Errorf("%d keys: %v, %v", size, s.Request, err)
		}
		for i := range size {
			_, err := Decode(doc(fmt.Sprintf(`"K%d":"again"`, i)))
			if want := fmt.Sprintf(`scenario: request["K%d"]: given more than once`, i); errText(err) != want {
				t.Errorf("%d keys, K%d repeated: %v, want %s", size, i, err, want)
			}
		}
	}
}

// edgeDocs returns documents at the edges of the JSON grammar and of the schema.
func edgeDocs() []string {
	const now = `"now":"2026-01-01T00:00:00Z"`
	const head = `{` + now + `,"request":{}`
	running := func(fields string) string {
		return head + `,"instance":{"Status":"Running"` + fields + `}}`
	}
	order := func(fields string) string {
		return running(`,"Orders":[{"OrderId":"o","Kind":"Purchase","Start":"2026-01-01T00:00:00Z","End":"2026-02-01T00:00:00Z"` + fields + `}]`)
	}
	catalogType := func(fields string) string {
		return head + `,"catalog":{"InstanceTypes":[{"InstanceTypeId":"a","InstanceTypeFamily":"f"` + fields + `}]}}`
	}
	docs := []string{
		// Layout and the grammar around values.
		head + `}`, " \t\r\n" + head + "} \t\r\n", "\ufeff" + head + `}`, head + `}}`, head + `}x`, head + `} {}`, head + `}null`,
		head + `,}`, `{,` + now + `,"request":{}}`, `{` + now + `,,"request":{}}`, `{` + now + ` "request":{}}`, `{` + now + `,"request" {}}`,
		`{` + now + `,"request":{},"instance":{"Status":"Running",}}`, running(`,"DataDisks":[{},]`), running(`,"DataDisks":[,{}]`),
		running(`,"DataDisks":[{}{}]`), running(`,"OperationLocks":["a" "b"]`), head, head + `,`, head + `,"instance"`, head + `,"instance":`,
		`{"now":"2026-01-01T00:00:00Z","request":{"a":"b",}}`, `{"now":"2026-01-01T00:00:00Z","request":{"a":"b""c":"d"}}`,
		`{"now":"2026-01-01T00:00:00Z","request":{"a":"b"}` + "\x00" + `}`, `{"now":"2026-01-01T00:00:00Z","request":{"a" : "b" , "c" : "d" } }`,
		// Strings: escapes, control characters, surrogates.
		`{"now":"2026-01-01T00:00:00Z","request":{"a":"tab` + "\t" + `"}}`, `{"now":"2026-01-01T00:00:00Z","request":{"a":"nl` + "\n" + `"}}`,
		`{"now":"2026-01-01T00:00:00Z","request":{"a` + "\x01" + `":"b"}}`, `{"now":"2026-01-01T00:00:00Z","request":{"a":"\u0000\t\n\/\\\"\b\f\r"}}`,
		`{"now":"2026-01-01T00:00:00Z","request":{"a":"\ud800"}}`, `{"now":"2026-01-01T00:00:00Z","request":{"a":"\ud83d\ude00\udc00\ud800x"}}`,
		`{"now":"2026-01-01T00:00:00Z","request":{"a":"\u00e9\u4e2d"}}`, `{"now":"2026-01-01T00:00:00Z","request":{"a":"\x"}}`,
		`{"now":"2026-01-01T00:00:00Z","request":{"a":"\u12"}}`, `{"now":"2026-01-01T00:00:00Z","request":{"a":"\u12G4"}}`,
		`{"now":"2026-01-01T00:00:00Z","request":{"a":"\` + "\n" + `"}}`, `{"now":"2026-01-01T00:00:00Z","request":{"a":"b\\"}}`,
		`{"now":"2026-01-01T00:00:00Z","request":{"a":"b\\\"}}`, `{"now":"2026-01-01T00:00:00Z","request":{"a":"b`,
		`{"\u006eow":"2026-01-01T00:00:00Z","request":{}}`, `{"now":"2026-01-01T00:00:00Z","now":"2026-01-01T00:00:00Z","request":{}}`,
		`{"now":"2026-01-01T00:00:00Z","\u006eow":"2026-01-01T00:00:00Z","request":{}}`, `{"now":"\u0032026-01-01T00:00:00Z","request":{}}`,
		running(`,"\u0053tatus":"Stopped"`), running(`,"InstanceId":"\u0069"`), running(`,"Status":"Stopped"`),
		`{"now":"2026-01-01T00:00:00Z","request":{"a":"x","\u0061":"y"}}`, `{"now":"2026-01-01T00:00:00Z","request":{"":""}}`,
		head + `,"":1}`, running(`,"":1`), head + `,"description":"é ☃ 😀 \u2028"}`, head + `,"description":"` + strings.Repeat("x", 100000) + `"}`,
		// Numbers.
		running(`,"LocalDisks":-0`), running(`,"LocalDisks":0.0`), running(`,"LocalDisks":1E2`), running(`,"LocalDisks":01`),
		running(`,"LocalDisks":1.`), running(`,"LocalDisks":.5`), running(`,"LocalDisks":+1`), running(`,"LocalDisks":-`),
		running(`,"LocalDisks":1e`), running(`,"LocalDisks":1e+`), running(`,"LocalDisks":2x`), running(`,"LocalDisks":9223372036854775808`),
		running(`,"LocalDisks":` + strings.Repeat("1", 65)), running(`,"LocalDisks":NaN`), running(`,"LocalDisks":Infinity`),
		head + `,"account":{"Balance":-0}}`, head + `,"account":{"Balance":-0.0}}`, head + `,"account":{"Balance":"-0"}}`,
		head + `,"account":{"Balance":1E2}}`, head + `,"account":{"Balance":1e-0}}`, head + `,"account":{"Balance":"+5"}}`,
		head + `,"account":{"Balance":".5"}}`, head + `,"account":{"Balance":"5."}}`, head + `,"account":{"Balance":"-.5"}}`,
		head + `,"account":{"Balance":"0.000000000000001"}}`, head + `,"account":{"Balance":"0.0000000000000010"}}`,
		head + `,"account":{"Balance":"999999999999999.999999999999999"}}`, head + `,"account":{"Balance":"123456789012345678"}}`,
		head + `,"account":{"Balance":"12345678901234.5678"}}`, head + `,"account":{"Balance":"00012.50"}}`,
		head + `,"account":{"Balance":"1e2147483648"}}`, head + `,"account":{"Balance":" 1"}}`, head + `,"account":{"Balance":""}}`,
		head + `,"account":{"Balance":null}}`, head + `,"account":{"Balance":[]}}`, order(`,"Discount":1`), order(`,"Discount":"1.000"`),
		order(`,"Discount":"1.0000000000000001"`), order(`,"Discount":0`), catalogType(`,"MemorySize":-0`), catalogType(`,"MemorySize":1e6`),
		catalogType(`,"MemorySize":1e-400`), catalogType(`,"MemorySize":1e400`), catalogType(`,"MemorySize":"1"`),
		// Literals and null for every kind of field.
		head + `,"serviceUnavailable":true}`, head + `,"serviceUnavailable":tru}`, head + `,"serviceUnavailable":truex}`,
		head + `,"serviceUnavailable":null}`, head + `,"serviceUnavailable":trux}`, head + `,"serviceUnavailable":fals}`,
		head + `,"instance":nuxx}`, head + `,"policy":{"TokenTTL":"1h","TokenTTL":"2h"}}`, head + `,"policy":{"TokenTTL":"1h","Base":"2019","TokenTTL":"1h"}}`, head + `,"serviceUnavailable":0}`, head + `,"description":null}`, `{"now":null,"request":{}}`,
		head + `,"instance":null}`, head + `,"account":null}`, head + `,"throttle":null}`, head + `,"idempotency":null}`, head + `,"catalog":null}`,
		head + `,"policy":null}`, head + `,"instance":nul}`, head + `,"instance":nullx}`, running(`,"SystemDisk":null`), running(`,"SystemDisk":{}`),
		running(`,"SystemDisk":[]`), running(`,"DataDisks":null`), running(`,"DataDisks":[null]`), running(`,"Image":null`),
		running(`,"OperationLocks":[null]`), running(`,"OperationLocks":[1]`), running(`,"UnpaidOrders":[{"Kind":"Renewal","Amount":null}]`),
		head + `,"idempotency":{"t":null}}`, head + `,"idempotency":{"t":{"At":null}}}`, head + `,"idempotency":{"t":[]}}`,
		head + `,"account":{"Quotas":{"DowngradesPerMonth":null,"RefundedVcpuHoursPerMonth":7}}}`, head + `,"account":{"Quotas":null}}`,
		head + `,"account":{"RAMUser":{"Name":"u","Permissions":null}}}`, head + `,"throttle":{"Minute":null}}`,
		catalogType(`,"Stock":null`), catalogType(`,"Stock":{}`), catalogType(`,"Stock":{"z":null}`), catalogType(`,"Stock":{"z":"WithStock","z":"WithStock"}`),
		catalogType(`,"MonthlyPrice":{}`), catalogType(`,"MonthlyPrice":{"r":"1","r":"2"}`), catalogType(`,"MonthlyPrice":{"r":1.5}`),
		// Enumerations, required fields and orders.
		head + `,"instance":{}}`, running(`,"InstanceChargeType":""`), running(`,"InstanceChargeType":null`), running(`,"OSType":"Linux"`),
		running(`,"UnpaidOrders":[{}]`), running(`,"UnpaidOrders":[{"Kind":"Modification"}]`), order(``), order(`,"PaymentMethod":""`),
		order(`,"PaymentMethod":"cash"`), running(`,"Orders":[{"Kind":"Purchase"}]`), running(`,"Orders":[{"Kind":"Purchase","End":"2026-01-01T00:00:00Z"}]`),
		catalogType(`,"NvmeSupport":"required"`), catalogType(`,"NvmeSupport":"Required"`), catalogType(`,"Stock":{"z":"withstock"}`),
		head + `,"catalog":{}}`, head + `,"catalog":{"InstanceTypes":[{}]}}`, head + `,"catalog":{"Discounts":[{"Factor":"1"}]}}`,
		// Policy.
		head + `,"policy":{}}`, head + `,"policy":""}`, head + `,"policy":"current"}`, head + `,"policy":"2018"}`, head + `,"policy":"Current"}`,
		head + `,"policy":{"Base":""}}`, head + `,"policy":{"Base":null}}`, head + `,"policy":{"Base":"2019","Base":"2019"}}`,
		head + `,"policy":{"Name":"x","Base":"2018"}}`, head + `,"policy":{"Base":"2018","Name":"x"}}`, head + `,"policy":{"UpgradeStatuses":null}}`,
		head + `,"policy":{"UpgradeStatuses":[]}}`, head + `,"policy":{"UnderMonthFactor":null}}`, head + `,"policy":{"TokenTTL":null}}`,
		head + `,"policy":{"TokenTTL":"1h","MinGapBetweenChanges":"0s","RebootTimeMaxAhead":"87600h"}}`, head + `,"policy":{"Direction":""}}`,
		head + `,"policy":{"base":"2019"}}`, head + `,"policy":{"Base":"2019","RefundsPerInstance":0,"RefundedVcpuHoursPerMonth":1000000000}}`,
		head + `,"policy":{"CurrencyPlaces":-1}}`, head + `,"policy":{"BillingUTCOffsetMinutes":-1441}}`, head + `,"policy":[]}`,
		// Times.
		`{"now":"2026-01-01T00:00:00.999999999+14:00","request":{}}`, `{"now":"2026-01-01t00:00:00z","request":{}}`,
		`{"now":"2026-01-01 00:00:00Z","request":{}}`, `{"now":"0000-01-01T00:00:00Z","request":{}}`, `{"now":"2026-13-01T00:00:00Z","request":{}}`,
		`{"now":"2026-01-01T24:00:00Z","request":{}}`, `{"now":"2026-01-01T00:00:60Z","request":{}}`, `{"now":"+2026-01-01T00:00:00Z","request":{}}`,
		`{"now":"2026-01-01T00:00:00.` + strings.Repeat("0", 60) + `Z","request":{}}`, `{"now":1,"request":{}}`,
	}
	return docs
}

// TestNumberGrammar: the reader reads a whole string as a number exactly when it is a
// JSON number.
func TestNumberGrammar(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.StringMatching(`[-+.eE0-9]{0,8}`).Draw(t, "s")
		d := &bdec{s: s}
		got, ok := d.number()
		whole := ok && d.i == len(s) && got == s
		if valid := json.Valid([]byte(s)) && s != "" && (s[0] == '-' || '0' <= s[0] && s[0] <= '9'); whole != valid {
			t.Fatalf("number(%q) = %q, %v (at %d); a JSON number: %v", s, got, ok, d.i, valid)
		}
	})
}

// TestStringGrammar: the reader reads a whole string as a JSON string exactly when it
// is one, with the value encoding/json gives it.
func TestStringGrammar(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		parts := rapid.SliceOfN(rapid.SampledFrom([]string{
			"a", "é", "\\", "\\\\", `\"`, "\\u", "\\n", "\\x", "u", "0", "d8", "00e9", "dc00", "\\ud83d\\ude00", "\x00", "\x1f", "\n", "\x7f", " ",
		}), 0, 6).Draw(t, "parts")
		s := `"` + strings.Join(parts, "") + `"`
		d := &bdec{s: s}
		got, ok := d.str()
		var want string
		valid := json.Unmarshal([]byte(s), &want) == nil
		if whole := ok && d.i == len(s); whole != valid || valid && got != want {
			t.Fatalf("str(%q) = %q, %v (at %d); encoding/json: %q, %v", s, got, ok, d.i, want, valid)
		}
	})
}

// TestPlainRun: the word-at-a-time scan of a string's plain run agrees with the
// byte-at-a-time one.
func TestPlainRun(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := rapid.SliceOfN(rapid.SampledFrom([]byte{'"', '\\', 0, 0x1f, 0x20, 0x21, 'a', 0x5b, 0x5d, 0x7f, 0x80, 0xa2, 0xdc, 0xff}), 0, 40).Draw(t, "b")
		want := 0
		for want < len(b) && !stringStop[b[want]] {
			want++
		}
		if got := plainRun(string(b)); got != want {
			t.Fatalf("plainRun(%q) = %d, want %d", b, got, want)
		}
	})
}
