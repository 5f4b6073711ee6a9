package scenario

import (
	"reflect"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// utcSeconds reads exactly what time.ParseInLocation(time.RFC3339, ·, time.UTC) reads among
// the strings of its form, to the same instant in UTC, and scenarioTime answers the same
// with it as through the general parser: every year, month, day (leap years, day 0, day 31
// of a 30-day month), hour, minute and second, in range or not, digits or not.
func TestUTCSecondsIsRFC3339(t *testing.T) {
	digit2 := rapid.StringMatching(`[0-9]{2}|[0-9][0-9a ]|6[0-9]`)
	rapid.Check(t, func(t *rapid.T) {
		year := rapid.OneOf(rapid.StringMatching(`[0-9]{4}`), rapid.SampledFrom([]string{"2000", "1900", "2024", "2100", "0000", "9999", "2026", "20a6"})).Draw(t, "year")
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
		wantTm, wantReason := parsedTime(s)
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

// parsedTime is scenarioTime without utcSeconds: the general parser alone.
func parsedTime(s string) (time.Time, string) {
	if len(s) > maxScenarioString {
		return time.Time{}, reasonTimeString
	}
	tm, err := time.ParseInLocation(time.RFC3339, s, time.UTC)
	if err != nil {
		return time.Time{}, reasonTime
	}
	if tm = tm.UTC(); !yearsInside(s) && (tm.Year() < 0 || tm.Year() > 9999) {
		return time.Time{}, reasonTimeYears
	}
	return tm, ""
}
