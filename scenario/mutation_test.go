package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/model"
)

// This file pins the edges mutation testing found unpinned (testdata/mutation/survivors.txt):
// each value exactly at a cap or a boundary, with the decoded value, the error's path and
// reason, or the encoded bytes it must give.

// minimalDoc is the smallest scenario Decode accepts; its "now" is 2026-01-01T00:00:00Z.
const minimalDoc = `{"now":"2026-01-01T00:00:00Z","request":{}}`

// decodeErr decodes doc and returns its *Error, failing when Decode accepts it.
func decodeErr(t *testing.T, doc string) *Error {
	t.Helper()
	_, err := Decode([]byte(doc))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Decode(%.200s) = %v, want an *Error", doc, err)
	}
	return e
}

// padded returns doc followed by spaces up to exactly n bytes.
func padded(doc string, n int) []byte {
	b := bytes.Repeat([]byte{' '}, n)
	copy(b, doc)
	return b
}

// TestDecodeTimeOfExactlyTheStringCap: a time of maxScenarioString bytes is read (its
// fraction beyond nanoseconds dropped, as time.Parse does); one byte more is refused.
func TestDecodeTimeOfExactlyTheStringCap(t *testing.T) {
	head := "2026-01-02T15:04:05."
	at := head + "123456789" + strings.Repeat("0", maxScenarioString-len(head)-len("123456789Z")) + "Z"
	if len(at) != maxScenarioString {
		t.Fatalf("built a time of %d bytes", len(at))
	}
	s, err := Decode([]byte(`{"now":"` + at + `","request":{}}`))
	if err != nil {
		t.Fatalf("a time of %d bytes: %v", len(at), err)
	}
	if want := time.Date(2026, 1, 2, 15, 4, 5, 123456789, time.UTC); !s.Now.Equal(want) || s.Now.Location() != time.UTC {
		t.Errorf("now = %v, want %v", s.Now, want)
	}
	long := head + "0" + at[len(head):]
	e := decodeErr(t, `{"now":"`+long+`","request":{}}`)
	if e.Path != "now" || e.Reason != reasonTimeString {
		t.Errorf("a time of %d bytes: %q %q, want now %q", len(long), e.Path, e.Reason, reasonTimeString)
	}
}

// TestDecodeDiscountOfOneWrittenOtherwise: a discount factor of exactly 1 is accepted however
// it is written (with an exponent it takes the general reader), and one just above 1 is refused.
func TestDecodeDiscountOfOneWrittenOtherwise(t *testing.T) {
	order := func(discount string) string {
		return `{"now":"2026-01-01T00:00:00Z","request":{},"instance":{"Orders":[{"OrderId":"o-1","Kind":"Purchase",` +
			`"Start":"2026-01-01T00:00:00Z","End":"2026-02-01T00:00:00Z","Discount":` + discount + `}],"Status":"Running"}}`
	}
	for _, one := range []string{`"1e0"`, `1E0`, `"0.1e1"`, `"10e-1"`, `1.000000000000000e0`} {
		s, err := Decode([]byte(order(one)))
		if err != nil {
			t.Errorf("discount %s: %v", one, err)
			continue
		}
		if got := s.Facts.Instance.Orders[0].Discount; !got.Equal(decimal.New(1, 0)) {
			t.Errorf("discount %s read as %s", one, got)
		}
	}
	for _, above := range []string{`"1.000000000000001e0"`, `"1.1e0"`, `11E-1`} {
		e := decodeErr(t, order(above))
		if e.Path != "instance.Orders[0].Discount" || e.Reason != reasonDiscount {
			t.Errorf("discount %s: %q %q, want instance.Orders[0].Discount %q", above, e.Path, e.Reason, reasonDiscount)
		}
	}
}

// TestDecodeDocumentOfExactlyTheCap: a scenario of exactly model.MaxScenarioBytes is read and
// validated (every problem listed, not only the first); one byte more is refused before
// parsing.
func TestDecodeDocumentOfExactlyTheCap(t *testing.T) {
	doc := padded(minimalDoc, model.MaxScenarioBytes)
	s, err := Decode(doc)
	if err != nil {
		t.Fatalf("a document of exactly %d bytes: %v", len(doc), err)
	}
	if !s.Now.Equal(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("now = %v", s.Now)
	}
	e := decodeErr(t, string(doc)+" ")
	if e.Path != "" || e.Reason != "larger than 4 MiB" {
		t.Errorf("one byte over: %q %q", e.Path, e.Reason)
	}
	bad := padded(`{"now":"yesterday","request":{},"throttle":{"x":1}}`, model.MaxScenarioBytes)
	got := Validate(bad).Errors()
	want := []string{`now: ` + reasonTime, `throttle.x: unknown field`}
	if len(got) != len(want) {
		t.Fatalf("Validate of a document of exactly the cap: %v, want %v", got, want)
	}
	for i, e := range got {
		if text := e.Path + ": " + e.Reason; !strings.HasPrefix(text, want[i]) {
			t.Errorf("problem %d: %q, want %q", i, text, want[i])
		}
	}
}

// TestEncodeAtTheCap: a scenario whose indented encoding is exactly model.MaxScenarioBytes
// stays indented; one whose compact encoding is exactly the cap is written compact; one
// whose compact encoding is over it is refused.
func TestEncodeAtTheCap(t *testing.T) {
	base := Scenario{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Request: map[string]string{"InstanceId": "i-1"}, Policy: model.PolicyCurrent()}
	sized := func(desc int) Scenario {
		s := base
		s.Description = strings.Repeat("a", desc)
		return s
	}
	one, err := Encode(sized(1)) // an empty description is left out
	if err != nil {
		t.Fatal(err)
	}
	compact := new(bytes.Buffer)
	if err := json.Compact(compact, one); err != nil {
		t.Fatal(err)
	}
	indentedFixed, compactFixed := len(one)-1, compact.Len()+1-1 // Encode ends the document with a newline

	out, err := Encode(sized(model.MaxScenarioBytes - indentedFixed))
	if err != nil {
		t.Fatalf("indented at exactly the cap: %v", err)
	}
	if len(out) != model.MaxScenarioBytes || !bytes.HasPrefix(out, []byte("{\n  \"description\": \"aaa")) {
		t.Errorf("indented at exactly the cap: %d bytes, starting %.30q", len(out), out)
	}
	out, err = Encode(sized(model.MaxScenarioBytes - compactFixed))
	if err != nil {
		t.Fatalf("compact at exactly the cap: %v", err)
	}
	if len(out) != model.MaxScenarioBytes || !bytes.HasPrefix(out, []byte(`{"description":"aaa`)) {
		t.Errorf("compact at exactly the cap: %d bytes, starting %.30q", len(out), out)
	}
	_, err = Encode(sized(model.MaxScenarioBytes - compactFixed + 1))
	var e *Error
	if !errors.As(err, &e) || e.Reason != "encoding larger than 4 MiB" {
		t.Errorf("compact one byte over the cap: %v", err)
	}
}

// TestEncodeAmountExponents: an amount is written with its places ("12.50"), an integer
// plainly ("5", not "5e0") and a positive exponent as one ("1e3", not "1000", which would
// read back with exponent 0).
func TestEncodeAmountExponents(t *testing.T) {
	s := Scenario{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Request: map[string]string{}, Policy: model.PolicyCurrent()}
	for _, c := range []struct {
		amount decimal.Decimal
		want   string
	}{
		{decimal.New(1250, -2), `"Balance": "12.50"`},
		{decimal.New(5, 0), `"Balance": "5"`},
		{decimal.New(1, 3), `"Balance": "1e3"`},
		{decimal.New(42, 1), `"Balance": "42e1"`},
	} {
		s.Facts.Account = model.Account{AccountID: "1", Balance: c.amount}
		out, err := Encode(s)
		if err != nil {
			t.Fatalf("%s: %v", c.amount, err)
		}
		if !bytes.Contains(out, []byte(c.want)) {
			t.Errorf("%s encoded without %s:\n%s", c.amount, c.want, out)
		}
		back, err := Decode(out)
		if err != nil {
			t.Fatal(err)
		}
		if got := back.Facts.Account.Balance; got.Exponent() != c.amount.Exponent() || !got.Equal(c.amount) {
			t.Errorf("%s read back as %s (exponent %d)", c.amount, got, got.Exponent())
		}
	}
}

// TestEncodeYearEdges: times in years 0 and 9999, the first and last an RFC 3339 time can
// write, are encoded; years just outside are refused.
func TestEncodeYearEdges(t *testing.T) {
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC), `"now": "0000-01-01T00:00:00Z"`},
		{time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC), `"now": "9999-12-31T23:59:59.999999999Z"`},
	} {
		out, err := Encode(Scenario{Now: c.at, Request: map[string]string{}, Policy: model.PolicyCurrent()})
		if err != nil {
			t.Errorf("%v: %v", c.at, err)
			continue
		}
		if !bytes.Contains(out, []byte(c.want)) {
			t.Errorf("%v encoded without %s", c.at, c.want)
		}
	}
	for _, at := range []time.Time{time.Date(-1, 12, 31, 23, 59, 59, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)} {
		_, err := Encode(Scenario{Now: at, Request: map[string]string{}, Policy: model.PolicyCurrent()})
		if err == nil || !strings.Contains(err.Error(), "now: time outside years 0–9999") {
			t.Errorf("%v: %v, want now: time outside years 0–9999", at, err)
		}
	}
}

// TestEncodeOmitsOnlyTaggedZeros: a zero field tagged omitempty (SpotStrategy) or omitzero
// (PendingRebootTime) is left out; a zero field without the tag (Status, Orders' fields) is
// written.
func TestEncodeOmitsOnlyTaggedZeros(t *testing.T) {
	s := Scenario{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Request: map[string]string{}, Policy: model.PolicyCurrent(),
		Facts: model.Facts{Instance: model.Instance{InstanceID: "i-1", Status: model.StatusRunning}}}
	out, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"InstanceId": "i-1"`, `"RegionId": ""`, `"Status": "Running"`, `"ExpiredTime": "0001-01-01T00:00:00Z"`} {
		if !bytes.Contains(out, []byte(want)) {
			t.Errorf("encoding without %s:\n%s", want, out)
		}
	}
	for _, left := range []string{`"SpotStrategy"`, `"PendingRebootTime"`, `"NetworkType"`, `"DataDisks"`} {
		if bytes.Contains(out, []byte(left)) {
			t.Errorf("encoding with the zero %s:\n%s", left, out)
		}
	}
}

// TestKindOfSkipsKeysNoFormatHas: a first key no format has (not even a plan request) does
// not decide; the next one does.
func TestKindOfSkipsKeysNoFormatHas(t *testing.T) {
	for doc, want := range map[string]Kind{
		`{"bogus": 1, "limits": {}}`:                KindWorld,
		`{"bogus": [1, {"At": 2}], "instance": {}}`: KindScenario,
		`{"bogus": 1, "Operation": "StopInstance"}`: KindPlan,
		`{"bogus": 1}`: KindScenario,
		`{"Bogus": 1, "description": "x", "accounts": []}`:    KindWorld,
		`{"description": "x", "now": "2026-01-01T00:00:00Z"}`: KindScenario,
	} {
		if got := KindOf([]byte(doc)); got != want {
			t.Errorf("%s: %v, want %v", doc, got, want)
		}
	}
}

// TestSuggestionForThreeCharacterKeys: an unknown key of 3 characters may be one edit from
// the key meant ("Ent" for an order's "End"), not two; one of 2 characters must match but for
// case.
func TestSuggestionForThreeCharacterKeys(t *testing.T) {
	for key, want := range map[string]string{
		"Ent": `unknown field (did you mean "End"?)`,
		"kin": `unknown field (did you mean "Kind"?)`,
		"Kxn": `unknown field`, // 2 edits from "Kind": too far for 3 characters
		"EN":  `unknown field`,
		"eND": `unknown field (did you mean "End"?)`,
	} {
		e := decodeErr(t, `{"now":"2026-01-01T00:00:00Z","request":{},"instance":{"Orders":[{"`+key+`":1}]}}`)
		if e.Path != "instance.Orders[0]."+key || e.Reason != want {
			t.Errorf("%s: %q %q, want %q", key, e.Path, e.Reason, want)
		}
	}
}

// TestPathOfKeysAtTheClip: a key of 64 bytes is named whole in a path; a longer one is cut
// to 64 bytes and "...".
func TestPathOfKeysAtTheClip(t *testing.T) {
	k64 := strings.Repeat("k", 64)
	for key, path := range map[string]string{
		k64:       `request["` + k64 + `"]`,
		k64 + "x": `request["` + k64 + `..."]`,
	} {
		e := decodeErr(t, `{"now":"2026-01-01T00:00:00Z","request":{"`+key+`":1}}`)
		if e.Path != path || e.Reason != "must be a string" {
			t.Errorf("a key of %d bytes: %q %q, want %q", len(key), e.Path, e.Reason, path)
		}
		got := Validate([]byte(`{"now":"2026-01-01T00:00:00Z","request":{"` + key + `":1}}`)).Errors()
		if len(got) != 1 || got[0].Path != path {
			t.Errorf("Validate, a key of %d bytes: %v, want one problem at %q", len(key), got, path)
		}
	}
}

// TestPrepareBuildsTheScenariosCatalog: Prepare builds the catalog the scenario holds (not the
// default) and refuses, at "catalog", one NewCatalog refuses.
func TestPrepareBuildsTheScenariosCatalog(t *testing.T) {
	def, err := model.NewCatalog(model.CatalogData{Regions: []string{"cn-beijing"}})
	if err != nil {
		t.Fatal(err)
	}
	s, err := Decode([]byte(`{"now":"2026-01-01T00:00:00Z","request":{},"catalog":{"Regions":["cn-hangzhou"],"Currency":"CNY",` +
		`"InstanceTypes":[{"InstanceTypeId":"ecs.g6.large","InstanceTypeFamily":"ecs.g6","CpuCoreCount":2,"MemorySize":8}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Prepare(&s, def)
	if err != nil {
		t.Fatalf("Prepare: %v", err)
	}
	if p.Facts.Catalog == nil || p.Facts.Catalog == def {
		t.Fatalf("Prepare kept the default catalog")
	}
	if _, ok := p.Facts.Catalog.Type("ecs.g6.large"); !ok {
		t.Errorf("the scenario's catalog has no ecs.g6.large")
	}
	s.CatalogData.Types = append(s.CatalogData.Types, s.CatalogData.Types[0])
	_, err = Prepare(&s, def)
	var e *Error
	if !errors.As(err, &e) || e.Path != "catalog" || e.Reason != "type ecs.g6.large is listed twice" {
		t.Errorf("Prepare of a catalog listing a type twice: %v", err)
	}
	s.CatalogData = nil
	if p, err := Prepare(&s, def); err != nil || p.Facts.Catalog != def {
		t.Errorf("Prepare without a catalog: %v, catalog %p, want the default %p", err, p.Facts.Catalog, def)
	}
}
