package scenario

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

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

// pinnedAndEncoded returns each pinned example as written and as Encode writes it: indented,
// one member per line, for the line mutations.
func pinnedAndEncoded(t *testing.T) [][]byte {
	var docs [][]byte
	for _, doc := range pinnedDocs(t) {
		s, err := Decode(doc)
		if err != nil {
			t.Fatal(err)
		}
		out, err := Encode(s)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc, out)
	}
	return docs
}

// TestPropertyDecodeScenarioConsistent: on valid scenarios of every shape, and on documents
// one to three changes away from a valid one (most of them invalid), Decode returns a
// *Error with a reason, or a scenario that Encode writes and Decode reads back exactly. The
// exact answers on such documents are pinned by the generated set of the golden data.
func TestPropertyDecodeScenarioConsistent(t *testing.T) {
	seeds := pinnedAndEncoded(t)
	rapid.Check(t, func(t *rapid.T) {
		doc := drawDoc(t, seeds)
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
