package model

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/shopspring/decimal"
)

// The tests in this file hold the parser's limits, CheckDecimal's bounds and the fast paths
// of the decimal helpers at their exact edges: one step inside a limit is accepted, one step
// past it is refused.

// sizeErr reports whether err is one of the parser's size refusals.
func sizeErr(err error) bool {
	d := detailOf(err)
	return errors.Is(err, errcodes.InvalidParameter) && strings.HasPrefix(d, "the request is not valid")
}

// queryOfPairs returns baseQuery followed by extra "&kN=v" pairs: 3+extra pairs and 2+extra '&'.
func queryOfPairs(extra int) string {
	var b strings.Builder
	b.WriteString(baseQuery)
	for i := range extra {
		fmt.Fprintf(&b, "&k%d=v", i)
	}
	return b.String()
}

func TestParseQueryLimitsAtTheEdge(t *testing.T) {
	// 257 pairs with exactly MaxRequestParams '&': the precise count must run and refuse.
	q := queryOfPairs(MaxRequestParams - 2)
	if n := strings.Count(q, "&"); n != MaxRequestParams {
		t.Fatalf("test setup: %d separators", n)
	}
	if _, err := ParseQuery(q); !sizeErr(err) {
		t.Errorf("%d pairs in a query: %v, want the too-many-parameters refusal", MaxRequestParams+1, err)
	}
	// 256 pairs: accepted.
	if _, err := ParseQuery(queryOfPairs(MaxRequestParams - 3)); err != nil {
		t.Errorf("%d pairs in a query: %v", MaxRequestParams, err)
	}
	// A query of exactly MaxRequestBytes bytes is read; one byte more is refused.
	pad := baseQuery + "&X="
	exact := pad + strings.Repeat("a", MaxRequestBytes-len(pad))
	if _, err := ParseQuery(exact); err != nil {
		t.Errorf("a query of exactly %d bytes: %v", MaxRequestBytes, err)
	}
	if _, err := ParseQuery(exact + "a"); !sizeErr(err) {
		t.Errorf("a query of %d bytes: %v", MaxRequestBytes+1, err)
	}
}

func TestParseValuesLimitsAtTheEdge(t *testing.T) {
	base := func() url.Values { v, _ := url.ParseQuery(baseQuery); return v }
	// Exactly MaxRequestParams keys, then one more.
	v := base()
	for i := len(v); i < MaxRequestParams; i++ {
		v.Set("k"+strconv.Itoa(i), "v")
	}
	if _, err := ParseValues(v); err != nil {
		t.Errorf("%d keys: %v", len(v), err)
	}
	v.Set("one-more", "v")
	if _, err := ParseValues(v); !sizeErr(err) {
		t.Errorf("%d keys: %v", len(v), err)
	}
	// Exactly MaxRequestParams values over few keys, then one more.
	v = base()
	v["Repeated"] = make([]string, MaxRequestParams-3)
	if _, err := ParseValues(v); err != nil {
		t.Errorf("%d values: %v", MaxRequestParams, err)
	}
	v["Repeated"] = append(v["Repeated"], "")
	if _, err := ParseValues(v); !sizeErr(err) {
		t.Errorf("%d values: %v", MaxRequestParams+1, err)
	}
	// Exactly MaxRequestBytes of keys and values, then one byte more.
	v = base()
	used := 0
	for k, vals := range v {
		used += len(k) + len(vals[0])
	}
	v.Set("Big", strings.Repeat("a", MaxRequestBytes-used-len("Big")))
	if _, err := ParseValues(v); err != nil {
		t.Errorf("exactly %d bytes: %v", MaxRequestBytes, err)
	}
	v.Set("Big", v.Get("Big")+"a")
	if _, err := ParseValues(v); !sizeErr(err) {
		t.Errorf("%d bytes: %v", MaxRequestBytes+1, err)
	}
}

func TestParseMapAndJSONLimitsAtTheEdge(t *testing.T) {
	m := map[string]string{"InstanceId": "i-1", "RegionId": "cn-hangzhou", "InstanceType": "ecs.g6.large"}
	for i := len(m); i < MaxRequestParams; i++ {
		m["k"+strconv.Itoa(i)] = "v"
	}
	if _, err := ParseMap(m); err != nil {
		t.Errorf("%d map keys: %v", len(m), err)
	}
	m = map[string]string{"InstanceId": "i-1", "RegionId": "cn-hangzhou", "InstanceType": "ecs.g6.large"}
	used := 0
	for k, v := range m {
		used += len(k) + len(v)
	}
	m["Big"] = strings.Repeat("a", MaxRequestBytes-used-len("Big"))
	if _, err := ParseMap(m); err != nil {
		t.Errorf("a map of exactly %d bytes: %v", MaxRequestBytes, err)
	}
	m["Big"] += "a"
	if _, err := ParseMap(m); !sizeErr(err) {
		t.Errorf("a map of %d bytes: %v", MaxRequestBytes+1, err)
	}

	head := `{"InstanceId":"i-1","RegionId":"cn-hangzhou","InstanceType":"ecs.g6.large","X":"`
	body := head + strings.Repeat("a", MaxRequestBytes-len(head)-2) + `"}`
	if _, err := ParseJSON([]byte(body)); err != nil {
		t.Errorf("a JSON body of exactly %d bytes: %v", MaxRequestBytes, err)
	}
	body = head + strings.Repeat("a", MaxRequestBytes-len(head)-1) + `"}`
	if _, err := ParseJSON([]byte(body)); !sizeErr(err) {
		t.Errorf("a JSON body of %d bytes: %v", MaxRequestBytes+1, err)
	}
}

func TestASCIIEqualFoldEdgeLetters(t *testing.T) {
	for _, tc := range []struct {
		s, t string
		want bool
	}{
		{"A", "a", true}, {"a", "A", true}, {"Z", "z", true}, {"z", "Z", true},
		{"@", "`", false}, {"`", "@", false}, {"[", "{", false}, {"{", "[", false},
		{"ab", "a", false},
	} {
		if got := asciiEqualFold(tc.s, tc.t); got != tc.want {
			t.Errorf("asciiEqualFold(%q, %q) = %v", tc.s, tc.t, got)
		}
	}
}

func TestShortNameEdges(t *testing.T) {
	clean64 := strings.Repeat("k", 64)
	if got := shortName(clean64); got != clean64 {
		t.Errorf("a clean 64-byte name: %q", got)
	}
	if got := shortName(clean64 + "k"); got != strconv.QuoteToASCII(clean64+"...") {
		t.Errorf("a clean 65-byte name: %q", got)
	}
	for _, k := range []string{"a b", "a\x7fb", "a\x1fb"} {
		if got := shortName(k); got != strconv.QuoteToASCII(k) {
			t.Errorf("shortName(%q) = %q, want it quoted", k, got)
		}
	}
	for _, k := range []string{"a!b", "a~b"} {
		if got := shortName(k); got != k {
			t.Errorf("shortName(%q) = %q, want it as it is", k, got)
		}
	}
	unclean64 := " " + strings.Repeat("k", 63)
	if got := quoteShort(unclean64); got != strconv.QuoteToASCII(unclean64) {
		t.Errorf("a 64-byte name is not cut: %q", got)
	}
}

func TestCheckDecimalEdges(t *testing.T) {
	for _, tc := range []struct {
		d    decimal.Decimal
		want error
	}{
		{decimal.New(0, MaxDecimalExponent), nil},
		{decimal.New(0, MaxDecimalExponent+1), ErrDecimalTooLarge},
		{decimal.New(0, -MaxDecimalExponent), nil},
		{decimal.New(0, -MaxDecimalExponent-1), ErrDecimalTooLarge},
		{decimal.New(9, MaxDecimalExponent-1), nil},                  // 16 digits before the point... 15
		{decimal.New(1, MaxDecimalExponent), ErrDecimalTooLarge},     // 10^15
		{decimal.New(1, -MaxDecimalExponent), nil},                   // 15 places
		{decimal.New(1, -MaxDecimalExponent-1), ErrDecimalPrecision}, // 16 places
		// Trailing zeros make the exponent look smaller than the value needs.
		{decimal.New(1000, -MaxDecimalExponent-3), nil},
		{decimal.New(1000, -MaxDecimalExponent-4), ErrDecimalPrecision},
		{decimal.New(-1000, -MaxDecimalExponent-3), nil},
		{decimal.New(1010, -MaxDecimalExponent-1), nil},
		{decimal.New(1010, -MaxDecimalExponent-2), ErrDecimalPrecision},
	} {
		if got := CheckDecimal(tc.d, true); !errors.Is(got, tc.want) || (tc.want == nil && got != nil) {
			t.Errorf("CheckDecimal(%s, exp %d) = %v, want %v", tc.d.Coefficient(), tc.d.Exponent(), got, tc.want)
		}
	}
}

// TestSubDecimalOverflow: coefficients that fit an int64 once aligned but whose difference
// does not must fall back to the exact subtraction.
func TestSubDecimalOverflow(t *testing.T) {
	big9 := decimal.New(9, 18)                      // aligned to exponent 0: 9·10^18
	near := decimal.New(999_999_999_999_999_999, 0) // 18 digits
	for _, tc := range [][2]decimal.Decimal{
		{big9, near.Neg()}, {big9.Neg(), near}, {near.Neg(), big9}, {near, big9.Neg()},
		{big9, near}, {near, big9}, {big9.Neg(), near.Neg()},
		{decimal.New(5, 0), decimal.New(7, -1)}, {decimal.Zero, near}, {near, decimal.Zero},
	} {
		a, b := tc[0], tc[1]
		got, want := SubDecimal(a, b), a.Sub(b)
		if !got.Equal(want) {
			t.Errorf("SubDecimal(%s, %s) = %s, want %s", a, b, got, want)
		}
		if c := CmpDecimal(a, b); c != a.Cmp(b) {
			t.Errorf("CmpDecimal(%s, %s) = %d", a, b, c)
		}
	}
}

func TestPolicyIsZero(t *testing.T) {
	if !(&Policy{}).IsZero() {
		t.Error("the zero Policy is not zero")
	}
	if (&Policy{Name: "x"}).IsZero() {
		t.Error("a named Policy is zero")
	}
	if (&Policy{UnderMonthFactor: decimal.NewFromInt(1)}).IsZero() {
		t.Error("an unnamed Policy with a knob set is zero")
	}
}

func TestNewCatalogWithDiscounts(t *testing.T) {
	c, err := NewCatalog(CatalogData{Discounts: []DurationDiscount{{MinMonths: 12, Factor: decimal.RequireFromString("0.85")}}})
	if err != nil || c == nil {
		t.Fatalf("a valid discount: %v, %v", c, err)
	}
	if _, err := NewCatalog(CatalogData{Discounts: []DurationDiscount{{MinMonths: 12, Factor: decimal.RequireFromString("1.5")}}}); err == nil {
		t.Error("a discount factor above 1 accepted")
	}
}

func TestInstanceTypeCapabilities(t *testing.T) {
	for _, tc := range []struct {
		nvme string
		want bool
	}{{"required", true}, {"supported", true}, {"unsupported", false}, {"", false}} {
		if got := (&InstanceType{NvmeSupport: tc.nvme}).NVMe(); got != tc.want {
			t.Errorf("NVMe() with %q = %v", tc.nvme, got)
		}
	}
	open, some := &InstanceType{}, &InstanceType{SupportedDiskCategories: []string{"cloud_essd"}, OSTypes: []string{"linux"}}
	if !open.TakesDisk("cloud") || !open.RunsOS("windows") {
		t.Error("a type listing no categories or OS types refuses one")
	}
	if !some.TakesDisk("cloud_essd") || some.TakesDisk("cloud") || !some.RunsOS("linux") || some.RunsOS("windows") {
		t.Error("a type's lists are not applied")
	}
}

func TestCatalogChangesAndDiscounts(t *testing.T) {
	c, err := NewCatalog(CatalogData{
		Types: []InstanceType{
			{InstanceTypeID: "ecs.a1.large", Family: "ecs.a1", MonthlyPrice: map[string]decimal.Decimal{"r": decimal.NewFromInt(10)}},
			{InstanceTypeID: "ecs.b1.large", Family: "ecs.b1"},
			{InstanceTypeID: "ecs.c1.large", Family: "ecs.c1"},
		},
		FamilyChanges:       []FamilyChange{{FromFamilies: []string{"ecs.a1"}, Changeable: true, ToFamilies: []string{"ecs.a1"}}},
		TicketFamilyChanges: []TicketChange{{FromFamilies: []string{"ecs.a1", "ecs.c1"}, ToFamilies: []string{"ecs.b1"}}, {FromFamilies: []string{"ecs.a1"}, ToFamilies: []string{"ecs.c1"}}},
		Discounts: []DurationDiscount{
			{MinMonths: 12, Factor: decimal.RequireFromString("0.85")},
			{MinMonths: 36, Factor: decimal.RequireFromString("0.5")},
			{MinMonths: 24, Factor: decimal.RequireFromString("0.7")},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := c.Type("ecs.b1.large")
	cc, _ := c.Type("ecs.c1.large")
	if !c.TicketOnly("ecs.a1", "ecs.b1") || !c.TicketOnly("ecs.a1", "ecs.c1") || !c.TicketOnly("ecs.c1", "ecs.b1") || c.TicketOnly("ecs.b1", "ecs.a1") {
		t.Error("ticket-only changes not recorded for every source family")
	}
	if !c.Reachable("ecs.a1", b) || !c.Reachable("ecs.a1", cc) || !c.Reachable("ecs.c1", b) {
		t.Error("a ticket-only change is not reachable")
	}
	if c.Reachable("ecs.b1", cc) || !c.Reachable("ecs.b1", b) {
		t.Error("a family no rule names may change only within itself")
	}
	for months, want := range map[int]string{1: "1", 11: "1", 12: "0.85", 23: "0.85", 24: "0.7", 35: "0.7", 36: "0.5", 60: "0.5"} {
		if got := c.Discount(months); !got.Equal(decimal.RequireFromString(want)) {
			t.Errorf("Discount(%d) = %s, want %s", months, got, want)
		}
	}
	bad := CatalogData{Types: []InstanceType{{InstanceTypeID: "ecs.a1.large", Family: "ecs.a1", MonthlyPrice: map[string]decimal.Decimal{"r": decimal.NewFromInt(-1)}}}}
	if _, err := NewCatalog(bad); err == nil {
		t.Error("a negative price accepted")
	}
	for _, f := range []string{"0", "-0.5", "1.0000000000000001"} {
		if _, err := NewCatalog(CatalogData{Discounts: []DurationDiscount{{MinMonths: 1, Factor: decimal.RequireFromString(f)}}}); err == nil {
			t.Errorf("a discount factor of %s accepted", f)
		}
	}
	if _, err := NewCatalog(CatalogData{Discounts: []DurationDiscount{{MinMonths: 1, Factor: decimal.NewFromInt(1)}}}); err != nil {
		t.Errorf("a discount factor of 1 refused: %v", err)
	}
}

func TestAccountAndUserLookups(t *testing.T) {
	a := &Account{TicketedFamilyChanges: []FamilyPair{{From: "ecs.a1", To: "ecs.b1"}}}
	if !a.HasTicket("ecs.a1", "ecs.b1") || a.HasTicket("ecs.b1", "ecs.a1") || a.HasTicket("ecs.a1", "ecs.c1") || a.HasTicket("ecs.c1", "ecs.b1") {
		t.Error("HasTicket does not match both families")
	}
	u := &RAMUser{Permissions: []string{PermModify}}
	if !u.Has(PermModify) || u.Has(PermPrice) {
		t.Error("RAMUser.Has")
	}
	var empty Ledger
	l := empty.With("t", Record{})
	if _, ok := l["t"]; !ok || len(l) != 1 || len(empty) != 0 {
		t.Errorf("Ledger.With on an empty ledger: %v", l)
	}
}

func TestOrderCheckFields(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	good := Order{Kind: OrderPurchase, Start: start, End: start.AddDate(0, 1, 0), ListPrice: decimal.NewFromInt(10),
		CashPaid: decimal.NewFromInt(10), VoucherPaid: decimal.Zero, Discount: decimal.NewFromInt(1)}
	if f, err := good.Check(); err != nil {
		t.Fatalf("a good order: %s %v", f, err)
	}
	if err := good.Validate(); err != nil {
		t.Fatalf("a good order: %v", err)
	}
	for _, tc := range []struct {
		field string
		set   func(o *Order)
		want  error
	}{
		{"Kind", func(o *Order) { o.Kind = "Refund" }, ErrOrderKind},
		{"End", func(o *Order) { o.End = o.Start }, ErrOrderEnd},
		{"ListPrice", func(o *Order) { o.ListPrice = decimal.NewFromInt(-1) }, ErrDecimalNegative},
		{"CashPaid", func(o *Order) { o.CashPaid = decimal.NewFromInt(-1) }, ErrDecimalNegative},
		{"VoucherPaid", func(o *Order) { o.VoucherPaid = decimal.New(1, MaxDecimalExponent) }, ErrDecimalTooLarge},
		{"Discount", func(o *Order) { o.Discount = decimal.RequireFromString("1.01") }, ErrOrderDiscount},
	} {
		o := good
		tc.set(&o)
		if f, err := o.Check(); f != tc.field || !errors.Is(err, tc.want) {
			t.Errorf("%s: Check = %s, %v; want %s, %v", tc.field, f, err, tc.field, tc.want)
		}
		if err := o.Validate(); err == nil {
			t.Errorf("%s: Validate accepts the order", tc.field)
		}
	}
}

func TestDurationTextEdges(t *testing.T) {
	tenYears := 10 * 365 * 24 * time.Hour
	for _, tc := range []struct {
		text string
		ok   bool
	}{
		{"0s", true}, {"-1ns", false}, {tenYears.String(), true}, {(tenYears + time.Nanosecond).String(), false},
		{"1" + strings.Repeat("0", 61) + "ns", false}, // 64 bytes: too long a number
		{strings.Repeat("0", 63) + "s", true},         // 64 bytes, zero
		{strings.Repeat("0", 64) + "s", false},        // 65 bytes
	} {
		var d Duration
		if err := d.UnmarshalText([]byte(tc.text)); (err == nil) != tc.ok {
			t.Errorf("UnmarshalText(%q) = %v", tc.text, err)
		}
	}
}

func TestPresetDurations(t *testing.T) {
	p := PolicyCurrent()
	if p.TokenTTL.D() != 24*time.Hour || p.CompletionTime.D() != 10*time.Second {
		t.Errorf("current preset: TokenTTL %v, CompletionTime %v", p.TokenTTL.D(), p.CompletionTime.D())
	}
	if g := Policy2020().MinGapBetweenChanges.D(); g != 5*time.Minute {
		t.Errorf("2020 preset: MinGapBetweenChanges %v", g)
	}
}
