package scenario

import (
	"bytes"
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/respec-dev/respec/internal/exact"
)

// utcSeconds reads exactly what time.ParseInLocation(time.RFC3339, ·, time.UTC) reads among
// the strings of its form, to the same instant in UTC, and scenarioTime answers the same
// with it as through the general parser: every year, month, day (leap years, day 0, day 31
// of a 30-day month), hour, minute and second, in range or not, digits or not.
func TestUTCSecondsIsRFC3339(t *testing.T) {
	digit2 := rapid.StringMatching(`[0-9]{2}|[0-9/][0-9a/: ]|6[0-9]`)
	rapid.Check(t, func(t *rapid.T) {
		year := rapid.OneOf(rapid.StringMatching(`[0-9]{4}`), rapid.StringMatching(`[0-9/:a]{4}`), rapid.SampledFrom([]string{"2000", "1900", "2024", "2100", "0000", "9999", "2026", "20a6"})).Draw(t, "year")
		month := rapid.OneOf(rapid.StringMatching(`0[0-9]|1[0-3]`), digit2).Draw(t, "month")
		day := rapid.OneOf(rapid.StringMatching(`[0-3][0-9]`), digit2).Draw(t, "day")
		hms := rapid.OneOf(rapid.StringMatching(`[0-2][0-9]:[0-5][0-9]:[0-6][0-9]`), rapid.StringMatching(`[0-9]{2}.[0-9]{2}.[0-9]{2}`)).Draw(t, "hms")
		sep := rapid.SampledFrom([]string{"T", "T", "T", "t", " "}).Draw(t, "T")
		zone := rapid.SampledFrom([]string{"Z", "Z", "Z", "z", "+00:00", "X"}).Draw(t, "zone")
		s := year + "-" + month + "-" + day + sep + hms + zone
		want, err := time.ParseInLocation(time.RFC3339, s, time.UTC)
		got, ok := utcSeconds(s)
		if ok && (err != nil || !reflect.DeepEqual(got, want.UTC())) {
			t.Fatalf("utcSeconds(%q) = %v; ParseInLocation %v, %v", s, got, want, err)
		}
		if !ok && err == nil && len(s) == 20 && zone == "Z" && sep == "T" {
			t.Fatalf("utcSeconds(%q) refused what ParseInLocation reads: %v", s, want)
		}
		tm, reason := scenarioTime(s)
		wantTm, wantReason := parsedTime(s) // the general parser alone
		if reason != wantReason || !reflect.DeepEqual(tm, wantTm) {
			t.Fatalf("scenarioTime(%q) = %v %q; the general parser: %v %q", s, tm, reason, wantTm, wantReason)
		}
	})
	if _, ok := utcSeconds("2024-02-29T23:59:59Z"); !ok {
		t.Error("a leap day refused")
	}
	if _, ok := utcSeconds("2100-02-29T00:00:00Z"); ok {
		t.Error("2100-02-29 accepted")
	}
}

// plainCoefficientByParts is plainCoefficient as it was first written, by its parts: the
// reference the one-pass reading is held to.
func plainCoefficientByParts(s string) (c int64, exp int32, ok bool) {
	body, neg := strings.CutPrefix(s, "-")
	whole, frac, point := strings.Cut(body, ".")
	digits := func(x string) bool { return digitsEnd(x, 0) == len(x) }
	if whole == "" || !digits(whole) || !digits(frac) || frac == "" && point || len(s)-len(body)+len(whole)+len(frac) > 18 {
		return 0, 0, false
	}
	c = withDigits(withDigits(0, whole), frac)
	if neg {
		c = -c
	}
	return c, -int32(len(frac)), true
}

// plainCoefficient reads what plainCoefficientByParts reads, to the same coefficient and
// exponent: signs, points, lengths around 18 and 19, other bytes.
func TestPlainCoefficientOnePass(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(
			rapid.StringMatching(`-?[0-9]{0,20}(\.[0-9]{0,20})?`),
			rapid.StringMatching(`-?[1-9][0-9]{16,19}`),
			rapid.StringMatching(`-?[0-9]{1,10}\.[0-9]{6,10}`),
			rapid.StringOf(rapid.SampledFrom([]rune{'-', '.', '0', '1', '9', '+', 'e', ' '})),
		).Draw(t, "s")
		c, exp, ok := plainCoefficient(s)
		wc, wexp, wok := plainCoefficientByParts(s)
		if c != wc || exp != wexp || ok != wok {
			t.Fatalf("plainCoefficient(%q) = %d %d %v, want %d %d %v", s, c, exp, ok, wc, wexp, wok)
		}
	})
	for s, want := range map[string]bool{
		"123456789.123456789": true, "-12345678.123456789": true, "123456789012345678": true,
		"1234567890.123456789": false, "-123456789.123456789": false, "1234567890123456789": false,
		"-": false, ".5": false, "5.": false, "1.2.3": false, "": false, "-0": true, "007.50": true,
	} {
		if _, _, ok := plainCoefficient(s); ok != want {
			t.Errorf("plainCoefficient(%q): ok %v, want %v", s, ok, want)
		}
	}
}

// scenarioAmount's fast paths (a plain zero, a plain sound amount) read what the general path,
// parsedAmount, reads, to the same decimal field for field and the same reason: zeros of
// every form, negative amounts, discount factors around 1, lengths around 18 and 19 digits,
// exponents beyond model.MaxDecimalExponent, bytes that are not plain.
func TestPropertyScenarioAmountIsParsedAmount(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(
			rapid.StringMatching(`-?[0-9]{0,20}(\.[0-9]{0,20})?`),
			rapid.StringMatching(`-?0{1,19}(\.0{0,19})?`),
			rapid.StringMatching(`-?[01]\.[0-9]{0,17}`),
			rapid.StringMatching(`-?[1-9][0-9]{13,19}(\.[0-9]{0,3})?`),
			rapid.StringMatching(`-?[0-9]{1,3}(\.[0-9]{1,3})?[eE][-+]?[0-9]{1,3}`),
			rapid.StringOf(rapid.SampledFrom([]rune{'-', '.', '0', '1', '9', '+', 'e', ' '})),
		).Draw(t, "s")
		discount := rapid.Bool().Draw(t, "discount")
		got, reason := scenarioAmount(s, discount, &exact.Slab{Chunk: 1})
		want, wantReason := parsedAmount(s, discount)
		if reason != wantReason || !reflect.DeepEqual(got, want) { // field for field: a zero's coefficient is a zero, not nil
			t.Fatalf("scenarioAmount(%q, %v) = %v %q; parsedAmount %v %q", s, discount, got, reason, want, wantReason)
		}
	})
	for s, want := range map[string]string{"0": "0", "-0": "0", "0.00": "0", "000.0": "0", "0.5": "0.5", "-1": ""} {
		got, reason := scenarioAmount(s, false, &exact.Slab{Chunk: 1})
		if want == "" && reason == "" || want != "" && (reason != "" || got.String() != want || got.Exponent() != parsedExponent(t, s)) {
			t.Errorf("scenarioAmount(%q) = %v (exponent %d) %q, want %q", s, got, got.Exponent(), reason, want)
		}
	}
}

// parsedExponent is the exponent of the amount parsedAmount reads from s.
func parsedExponent(t *testing.T, s string) int32 {
	d, reason := parsedAmount(s, false)
	if reason != "" {
		t.Fatalf("parsedAmount(%q): %s", s, reason)
	}
	return d.Exponent()
}

// withDigits returns c with the decimal digits appended.
func withDigits(c int64, digits string) int64 {
	for i := range len(digits) {
		c = c*10 + int64(digits[i]-'0')
	}
	return c
}

// A document reads the same whatever the order of its keys and however its keys are
// written: the key the reader expects next only saves scanning. The examples are read as they
// are, with the keys of every object sorted (json.Marshal of a map), and with one key written
// with an escape, each against the first reading.
func TestExpectedKeysChangeNothing(t *testing.T) {
	for _, name := range []string{"upgrade-running.json", "downgrade-stopped.json", "cross-zone-upgrade.json"} {
		doc, err := os.ReadFile("../examples/" + name)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Decode(doc)
		if err != nil {
			t.Fatal(err)
		}
		var tree any
		if err := json.Unmarshal(doc, &tree); err != nil {
			t.Fatal(err)
		}
		sorted, _ := json.Marshal(tree)
		escaped := bytes.Replace(doc, []byte(`"InstanceId"`), []byte(`"\u0049nstanceId"`), -1)
		for _, variant := range [][]byte{sorted, escaped} {
			got, err := Decode(variant)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if diff := cmp.Diff(want, got, exactScenario); diff != "" {
				t.Errorf("%s read otherwise (-as written +variant):\n%s", name, diff)
			}
		}
	}
}
