package model

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"testing"

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
