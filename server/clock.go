package server

import (
	"sync"
	"time"
)

// Clock gives the moment of each call. The server reads it once per request and passes the
// value to the action, so a backend never reads a clock itself.
type Clock interface {
	Now() time.Time
}

// RealClock is the wall clock, in UTC.
type RealClock struct{}

// Now returns the current time in UTC.
func (RealClock) Now() time.Time { return time.Now().UTC() }

// ManualClock is a clock that moves only when told to, for deterministic tests. It is safe for
// concurrent use. The zero value stands at the zero time.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewManualClock returns a manual clock standing at now.
func NewManualClock(now time.Time) *ManualClock { return &ManualClock{now: now} }

// Now returns the clock's moment.
func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock to t, which must not be before the clock's moment: time does not run
// backwards. It reports whether the clock moved (false, and no change, for a t in the past).
func (c *ManualClock) Set(t time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.Before(c.now) {
		return false
	}
	c.now = t
	return true
}

// Advance moves the clock forward by d (d >= 0) and returns the new moment; a negative d
// leaves the clock where it is.
func (c *ManualClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.now = c.now.Add(d)
	}
	return c.now
}
