// Package fleet is the dry-run of a fleet plan on a world: a list of timed operations, or
// resize rules that select instances by filter and name their targets, run in order on a
// world.World, with the orchestration a real client adds (stop before and start after, retry
// on Throttling, wait out LastOrderProcessing, the next candidate on NoStock), each request's
// outcome, and a summary a reviewer can check: outcomes by code, money per account and
// currency, quotas used and left, instances left stopped or waiting for a restart, and the
// refusals the plan's own earlier requests caused.
//
// The package is pure, like world: the plan's moments are the only clock, nothing sleeps.
package fleet

import (
	"time"

	"github.com/respec-dev/respec/fleet/plan"
)

// Operation names, as world names them.
const (
	// OpModify changes the instance's type (ModifyPrepayInstanceSpec).
	OpModify = plan.OpModify
	// OpStart starts a stopped instance.
	OpStart = plan.OpStart
	// OpStop stops a running instance.
	OpStop = plan.OpStop
	// OpReboot restarts a running instance (which applies a pending type).
	OpReboot = plan.OpReboot
	// OpRenew extends the subscription by Request.Months.
	OpRenew = plan.OpRenew
	// OpPay pays the unpaid order Request.OrderID.
	OpPay = plan.OpPay
	// OpCancel cancels the unpaid order Request.OrderID.
	OpCancel = plan.OpCancel
)

// The plan's types are package plan's, so that a reader of plan files can name them without
// importing the engine.

// Plan is plan.Plan: timed requests and resize rules under orchestration options.
type Plan = plan.Plan

// Request is plan.Request: one timed operation on one instance.
type Request = plan.Request

// ResizeRule is plan.ResizeRule: resize every instance a filter selects.
type ResizeRule = plan.ResizeRule

// Filter is plan.Filter: which instances a rule selects.
type Filter = plan.Filter

// Options is plan.Options: the orchestration a client adds.
type Options = plan.Options

// Backoff is plan.Backoff: a retry policy.
type Backoff = plan.Backoff

// pause returns the pause before retry n (0-based).
func pause(b *Backoff, n int) time.Duration {
	limit := float64(maxPause)
	if b.Max > 0 {
		limit = min(limit, float64(b.Max.D()))
	}
	d, m := float64(b.Initial.D()), max(b.Multiplier, 1)
	for i := 0; i < n && d <= limit; i++ {
		d *= m
	}
	return time.Duration(min(d, limit))
}

// Caps on a plan, so that any plan runs in bounded time and memory.
const (
	// MaxRequests is the most requests a plan may hold once its rules are expanded.
	MaxRequests = plan.MaxRequests
	// MaxRetries is the most retries a Backoff may ask for.
	MaxRetries = plan.MaxRetries
	// maxPause bounds one pause (a day).
	maxPause = 24 * time.Hour
)

// Option names, as Outcome.Option shows them.
const (
	// OptionStopBefore is the stop StopStart sends before a change.
	OptionStopBefore = "stop-before"
	// OptionStartAfter is the start StopStart sends once the change has completed.
	OptionStartAfter = "start-after"
	// OptionRetryThrottling is a request RetryThrottling sends again after Throttling.
	OptionRetryThrottling = "retry-throttling"
	// OptionWaitOrderProcessing is a change WaitOrderProcessing sends again after
	// LastOrderProcessing.
	OptionWaitOrderProcessing = "wait-order-processing"
	// OptionNextCandidate is a change NextCandidateOnNoStock sends for the next of the
	// targets after NoStock.
	OptionNextCandidate = "next-candidate"
)
