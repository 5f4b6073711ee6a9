package pricing

import (
	"math"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// TestElapsedIsSub holds elapsed to time.Time.Sub on wide inputs: Unix seconds over the whole
// int64 range and near ±2^62, spans around ±maxSpan to the nanosecond, both orders, and
// times with and without a monotonic clock reading (where wallSpan gives up and Sub answers).
func TestElapsedIsSub(t *testing.T) {
	mono := time.Now()
	rapid.Check(t, func(t *rapid.T) {
		var from time.Time
		switch rapid.IntRange(0, 3).Draw(t, "from") {
		case 0:
			from = time.Unix(rapid.Int64().Draw(t, "sec"), rapid.Int64Range(0, 999999999).Draw(t, "nsec"))
		case 1:
			from = time.Unix(rapid.Int64Range(1<<62-2*maxSpanSeconds, 1<<62+2).Draw(t, "sec"), rapid.Int64Range(0, 999999999).Draw(t, "nsec"))
		case 2:
			from = time.Unix(rapid.Int64Range(-1<<62-2, -1<<62+2*maxSpanSeconds).Draw(t, "sec"), rapid.Int64Range(0, 999999999).Draw(t, "nsec"))
		default:
			from = time.Unix(rapid.Int64Range(-1e11, 1e11).Draw(t, "sec"), rapid.Int64Range(0, 999999999).Draw(t, "nsec"))
		}
		if rapid.Bool().Draw(t, "monotonicFrom") {
			from = mono.Add(time.Duration(rapid.Int64Range(-maxSpanSeconds, maxSpanSeconds).Draw(t, "monoSec")) * time.Second)
		}
		var until time.Time
		switch rapid.IntRange(0, 2).Draw(t, "until") {
		case 0:
			until = time.Unix(rapid.Int64().Draw(t, "untilSec"), rapid.Int64Range(0, 999999999).Draw(t, "untilNsec"))
		case 1:
			// Around ±maxSpan of from, to the nanosecond.
			edge := maxSpan
			if rapid.Bool().Draw(t, "negative") {
				edge = -maxSpan
			}
			until = from.Add(edge + time.Duration(rapid.Int64Range(-2e9, 2e9).Draw(t, "off")))
		default:
			until = from.Add(time.Duration(rapid.Int64Range(math.MinInt64, math.MaxInt64).Draw(t, "d")))
		}
		if rapid.Bool().Draw(t, "roundUntil") {
			until = until.Round(0)
		}
		if got, want := elapsed(from, until), until.Sub(from); got != want {
			t.Fatalf("elapsed(%v, %v) = %v, Sub %v", from, until, got, want)
		}
	})
}

// TestElapsedEdges pins elapsed at the edges where wallSpan gives up: exactly maxSpan (taken)
// and a nanosecond and a second beyond (Sub), a saturated Sub, and two monotonic times.
func TestElapsedEdges(t *testing.T) {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	mono := time.Now()
	for _, tc := range []struct {
		name        string
		from, until time.Time
		want        time.Duration
	}{
		{"exactly maxSpan", base, base.Add(maxSpan), maxSpan},
		{"a nanosecond past maxSpan", base, base.Add(maxSpan + 1), maxSpan + 1},
		{"a second past maxSpan", base, base.Add(maxSpan + time.Second), maxSpan + time.Second},
		{"exactly −maxSpan", base.Add(maxSpan), base, -maxSpan},
		{"a second before −maxSpan", base.Add(maxSpan + time.Second), base, -maxSpan - time.Second},
		{"saturated", time.Unix(-1<<40, 0), time.Unix(1<<40, 0), math.MaxInt64},
		{"saturated negative", time.Unix(1<<40, 0), time.Unix(-1<<40, 0), math.MinInt64},
		{"two monotonic times", mono, mono.Add(90 * time.Minute), 90 * time.Minute},
		{"zero", base, base, 0},
	} {
		if got := elapsed(tc.from, tc.until); got != tc.want {
			t.Errorf("%s: elapsed = %v, want %v", tc.name, got, tc.want)
		}
	}
}
