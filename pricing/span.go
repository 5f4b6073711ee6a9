package pricing

import "time"

// maxSpan bounds every time span pricing measures (remaining time, order duration): 100
// years. Longer spans are refused, which also keeps time.Time.Sub away from saturation.
const maxSpan = 100 * 366 * 24 * time.Hour

// maxSpanSeconds is maxSpan in seconds.
const maxSpanSeconds = int64(maxSpan / time.Second)

const day = 24 * time.Hour

// ceilUnits returns how many units (a started unit counts whole) span d ≥ 0. It does not
// overflow, even for a saturated time.Time.Sub.
func ceilUnits(d, unit time.Duration) int64 {
	n := int64(d / unit)
	if d%unit != 0 {
		n++
	}
	return n
}

// billedHours returns the hours from now to until, a started hour counting whole; 0 when
// until is not after now. ok is false when the span exceeds maxSpan.
func billedHours(now, until time.Time) (int64, bool) {
	d := elapsed(now, until)
	if d <= 0 {
		return 0, true
	}
	if d > maxSpan {
		return 0, false
	}
	return ceilUnits(d, time.Hour), true
}

// elapsed is until.Sub(from), by wallSpan where it can take it (a time.Time.Sub costs about
// 130 instructions); Sub itself elsewhere, so the span is Sub's whatever it is.
func elapsed(from, until time.Time) time.Duration {
	if d, ok := wallSpan(from, until); ok {
		return d
	}
	return until.Sub(from)
}

// wallSpan is until.Sub(now) without Sub's overflow checks, for the spans pricing can measure:
// ok only when at most one of the two times has a monotonic clock reading (Sub then reads the
// wall clock; Round(0) strips the reading, so a time without one is its own Round(0)) and the
// span is within maxSpan's seconds either way, where Sub does not saturate.
func wallSpan(now, until time.Time) (time.Duration, bool) {
	if now != now.Round(0) && until != until.Round(0) {
		return 0, false
	}
	const lim = 1 << 62 // Unix seconds within ±2^62 subtract without overflow
	u, n := until.Unix(), now.Unix()
	if u >= lim || u <= -lim || n >= lim || n <= -lim {
		return 0, false
	}
	sec := u - n
	if sec > maxSpanSeconds || sec < -maxSpanSeconds {
		return 0, false
	}
	return time.Duration(sec)*time.Second + time.Duration(until.Nanosecond()-now.Nanosecond()), true
}
