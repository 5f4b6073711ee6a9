package rules

import (
	"testing"
	"time"
)

// TestMinuteIndexBefore1970 pins the floor division of the minute index on both sides of the
// epoch: the last second of 1969 is minute −1, not minute 0, so a throttle counter of that
// minute has rolled over at the epoch.
func TestMinuteIndexBefore1970(t *testing.T) {
	for _, tc := range []struct {
		unix, want int64
	}{
		{0, 0}, {59, 0}, {60, 1}, {-1, -1}, {-59, -1}, {-60, -1}, {-61, -2}, {-120, -2}, {-121, -3},
	} {
		if got := minuteIndex(time.Unix(tc.unix, 0)); got != tc.want {
			t.Errorf("minuteIndex(%d s) = %d, want %d", tc.unix, got, tc.want)
		}
	}
	epoch := time.Unix(0, 0)
	if sameMinute(epoch.Add(-time.Second), epoch) {
		t.Error("23:59:59 of 1969 and 00:00:00 of 1970 counted as one minute")
	}
	if !sameMinute(epoch.Add(-time.Minute), epoch.Add(-time.Second)) {
		t.Error("23:59:00 and 23:59:59 of 1969 counted as two minutes")
	}
}
