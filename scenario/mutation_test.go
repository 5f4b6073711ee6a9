package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/fleet/plan"
	"github.com/respec-dev/respec/model"
)

// This file pins the edges mutation testing found unpinned (testdata/mutation/survivors.txt):
// each value exactly at a cap or a boundary, with the decoded value, the error's path and
// reason, or the encoded bytes it must give.

// The reasons the tests expect, as the reader words them.
const (
	wantTimeString = `must be an RFC 3339 time string such as "2026-01-02T15:04:05Z"`
	wantTime       = `must be an RFC 3339 time such as "2026-01-02T15:04:05Z"`
	wantDiscount   = "a discount factor must not exceed 1"
)

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
	if e.Path != "now" || e.Reason != wantTimeString {
		t.Errorf("a time of %d bytes: %q %q, want now %q", len(long), e.Path, e.Reason, wantTimeString)
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
		if e.Path != "instance.Orders[0].Discount" || e.Reason != wantDiscount {
			t.Errorf("discount %s: %q %q, want instance.Orders[0].Discount %q", above, e.Path, e.Reason, wantDiscount)
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
	want := []string{`now: ` + wantTime, `throttle.x: unknown field`}
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

// refusedCatalog is catalog data the reader accepts and NewCatalog refuses.
const refusedCatalog = `{"Regions":["cn-hangzhou"],"Currency":"CNY","InstanceTypes":[` +
	`{"InstanceTypeId":"ecs.g6.large","InstanceTypeFamily":"ecs.g6","CpuCoreCount":2,"MemorySize":8},` +
	`{"InstanceTypeId":"ecs.g6.large","InstanceTypeFamily":"ecs.g6","CpuCoreCount":2,"MemorySize":8}]}`

// TestValidateCatalogAmongOtherProblems: a catalog NewCatalog refuses is listed with the
// document's other problems, wherever it stands among the keys; a document holding no
// catalog gets no catalog problem, even one whose whole object would read as catalog data.
func TestValidateCatalogAmongOtherProblems(t *testing.T) {
	const twice = "catalog: type ecs.g6.large is listed twice"
	for _, c := range []struct {
		doc  string
		want []string
	}{
		{`{"catalog":` + refusedCatalog + `,"now":"yesterday","request":{}}`, []string{"now: " + wantTime, twice}},
		{`{"now":"2026-01-01T00:00:00Z","request":{},"catalog":` + refusedCatalog + `,"bogus":1}`, []string{"bogus: ", twice}},
		{`{"now":"2026-01-01T00:00:00Z","catalog":` + refusedCatalog + `,"request":{},"request":{}}`, []string{"request: given more than once", twice}},
		{`{"now":"2026-01-01T00:00:00Z","request":{},"catalog":` + refusedCatalog + `}`, []string{twice}},
		{` {"Regions":[],"Currency":"CNY","InstanceTypes":[{"InstanceTypeId":"a","InstanceTypeFamily":"f"},{"InstanceTypeId":"a","InstanceTypeFamily":"f"}]}`,
			[]string{"Regions: ", "Currency: ", "InstanceTypes: ", "now: required", "request: required"}},
	} {
		got := problems(Validate([]byte(c.doc)))
		if len(got) != len(c.want) {
			t.Errorf("%.80s: %q, want %q", c.doc, got, c.want)
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], c.want[i]) {
				t.Errorf("%.80s: problem %d is %q, want %q", c.doc, i, got[i], c.want[i])
			}
		}
	}
}

// TestValidateCapsAmongOtherProblems: a list one entry over its cap and a map one entry over
// its cap are each listed with the document's other problems, even those of the object
// holding them (which then is not read whole).
func TestValidateCapsAmongOtherProblems(t *testing.T) {
	var doc strings.Builder
	doc.WriteString(`{"now":"yesterday","request":{`)
	for i := range maxRequestEntries + 1 {
		if i > 0 {
			doc.WriteByte(',')
		}
		doc.WriteString(`"k` + strconv.Itoa(i) + `":"v"`)
	}
	doc.WriteString(`},"account":{"AuthorizedTypes":[` + strings.Repeat(`"t",`, bigListCap) + `"t"],"bogus":1}}`)
	want := []string{"now: " + wantTime, "request: more than 4096 entries", "account.AuthorizedTypes: more than 10000 entries",
		"account.bogus: unknown field"}
	if got := problems(Validate([]byte(doc.String()))); !cmp.Equal(got, want) {
		t.Errorf("problems %q, want %q", got, want)
	}
	exact := strings.Replace(doc.String(), `"t",`, "", 1)
	exact = strings.Replace(exact, `,"k0":"v"`, "", 1)
	exact = strings.Replace(exact, `"k0":"v",`, "", 1)
	if got, want := problems(Validate([]byte(exact))), []string{want[0], want[3]}; !cmp.Equal(got, want) {
		t.Errorf("at the caps: problems %q, want %q", got, want)
	}
}

// lineProblems returns "line N: path: reason" per problem.
func lineProblems(ps []*LineError) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Error())
	}
	return out
}

// TestPlanLineOfExactlyTheCap: a JSON Lines plan's line of exactly MaxPlanLineBytes is read,
// and validated with every problem listed; one byte more is refused.
func TestPlanLineOfExactlyTheCap(t *testing.T) {
	line := string(padded(`{"Operation":"StopInstance","InstanceId":"i-1"}`, MaxPlanLineBytes))
	pf, err := DecodePlan([]byte(line + "\n" + line))
	if err != nil {
		t.Fatalf("lines of exactly %d bytes: %v", MaxPlanLineBytes, err)
	}
	if len(pf.Plan.Requests) != 2 || pf.Plan.Requests[1].InstanceID != "i-1" || !cmp.Equal(pf.Lines, []int{1, 2}) {
		t.Errorf("lines of exactly the cap read as %+v", pf)
	}
	_, err = DecodePlan([]byte(line + "\n" + line + " "))
	if err == nil || err.Error() != "scenario: line 2: longer than 1 MiB" {
		t.Errorf("a line one byte over: %v", err)
	}
	bad := string(padded(`{"Operation":"Stop","At":1}`, MaxPlanLineBytes))
	got := lineProblems(ValidatePlan([]byte(bad)))
	if len(got) != 2 || !strings.HasPrefix(got[0], "scenario: line 1: Operation: must be one of") || got[1] != "scenario: line 1: At: "+wantTimeString {
		t.Errorf("Validate of a line of exactly the cap with two problems: %q", got)
	}
}

// TestValidatePlanStopsAtMaxIssues: a JSON Lines plan with a problem on each of many lines
// lists maxIssues of them, then one that says more were found, on the line it stopped at.
func TestValidatePlanStopsAtMaxIssues(t *testing.T) {
	got := lineProblems(ValidatePlan([]byte(strings.Repeat(`{"Operation":"Stop"}`+"\n", 3*maxIssues))))
	if len(got) != maxIssues+1 {
		t.Fatalf("%d problems, want %d", len(got), maxIssues+1)
	}
	if !strings.HasPrefix(got[maxIssues-1], "scenario: line 100: Operation: must be one of") ||
		got[maxIssues] != "scenario: line 101: more than 100 problems: the rest are not listed" {
		t.Errorf("the last two problems: %q", got[maxIssues-1:])
	}
}

// TestFilesOfExactlyTheCaps: a world file of exactly MaxWorldBytes and a plan file of exactly
// MaxPlanBytes are read, and validated with every problem listed; one byte more is refused
// before parsing. (It builds inputs of 128 and 256 MiB: not in -short.)
func TestFilesOfExactlyTheCaps(t *testing.T) {
	if testing.Short() {
		t.Skip("builds 256 MiB inputs")
	}
	buf := bytes.Repeat([]byte{' '}, MaxPlanBytes+1)
	used := 0 // the bytes at the start of buf that are not spaces
	fill := func(doc string, n int) []byte {
		copy(buf[:used], bytes.Repeat([]byte{' '}, used))
		used = copy(buf, doc)
		return buf[:n]
	}

	w, err := DecodeWorld(fill(testWorld, MaxWorldBytes))
	if err != nil {
		t.Fatalf("a world of exactly %d bytes: %v", MaxWorldBytes, err)
	}
	if len(w.Accounts) != 1 || w.Accounts[0].Account.AccountID != "1234" {
		t.Errorf("a world of exactly the cap read as %+v", w.Accounts)
	}
	if _, err := DecodeWorld(fill(testWorld, MaxWorldBytes+1)); err == nil || err.Error() != "scenario: larger than 128 MiB" {
		t.Errorf("a world one byte over: %v", err)
	}
	got := problems(ValidateWorld(fill(`{"now":"yesterday","accounts":[],"bogus":1}`, MaxWorldBytes)))
	if len(got) != 2 || got[0] != "now: "+wantTime || !strings.HasPrefix(got[1], "bogus: unknown field") {
		t.Errorf("ValidateWorld of a world of exactly the cap: %q", got)
	}

	pf, err := DecodePlan(fill(`{"Requests":[{"Operation":"StopInstance","InstanceId":"i-1"}]}`, MaxPlanBytes))
	if err != nil {
		t.Fatalf("a plan of exactly %d bytes: %v", MaxPlanBytes, err)
	}
	if len(pf.Plan.Requests) != 1 || pf.Plan.Requests[0].InstanceID != "i-1" {
		t.Errorf("a plan of exactly the cap read as %+v", pf.Plan)
	}
	if _, err := DecodePlan(fill(`{"Requests":[]}`, MaxPlanBytes+1)); err == nil || err.Error() != "scenario: larger than 256 MiB" {
		t.Errorf("a plan one byte over: %v", err)
	}
	ps := lineProblems(ValidatePlan(fill(`{"Requests":[{"Operation":"Stop","At":1}]}`, MaxPlanBytes)))
	if len(ps) != 2 || !strings.HasPrefix(ps[0], "scenario: line 0: Requests[0].Operation: must be one of") ||
		ps[1] != "scenario: line 0: Requests[0].At: "+wantTimeString {
		t.Errorf("ValidatePlan of a plan of exactly the cap: %q", ps)
	}
}

// TestPlanOfExactlyMaxRequests: a JSON Lines plan of plan.MaxRequests requests is read; the
// request after them is refused on its line. (About a second: not in -short.)
func TestPlanOfExactlyMaxRequests(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a million requests")
	}
	line := `{"Operation":"StopInstance"}` + "\n"
	doc := []byte(strings.Repeat(line, plan.MaxRequests+1))
	pf, err := DecodePlan(doc[:len(doc)-len(line)])
	if err != nil || len(pf.Plan.Requests) != plan.MaxRequests || pf.Lines[plan.MaxRequests-1] != plan.MaxRequests {
		t.Fatalf("a plan of exactly %d requests: %v, %d requests", plan.MaxRequests, err, len(pf.Plan.Requests))
	}
	if _, err := DecodePlan(doc); err == nil || err.Error() != "scenario: line 1000001: more than 1000000 requests" {
		t.Errorf("one request more: %v", err)
	}
}
