package rules

import "time"

// MonthStart returns the start of now's month in the billing time zone (UTC plus
// offsetMinutes), as an instant: the moment the monthly quotas reset. It is the boundary the
// quota rules count from.
func MonthStart(now time.Time, offsetMinutes int) time.Time { return monthStart(now, offsetMinutes) }
