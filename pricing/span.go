package pricing

import "time"

// maxSpan bounds every time span pricing measures (remaining time, order duration): 100
// years. Longer spans are refused, which also keeps time.Time.Sub away from saturation.
const maxSpan = 100 * 366 * 24 * time.Hour

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
	d := until.Sub(now)
	if d <= 0 {
		return 0, true
	}
	if d > maxSpan {
		return 0, false
	}
	return ceilUnits(d, time.Hour), true
}
