// Package plan holds the types of a fleet plan, plain data with JSON names: timed requests,
// resize rules that select instances by filter, and the orchestration options. Package fleet
// runs a plan (fleet.Plan is plan.Plan) and package scenario reads one from a file; the types
// live here so that both can name them.
package plan

import (
	"time"

	"github.com/respec-dev/respec/model"
)

// Operation names, as the world names them.
const (
	OpModify = "ModifyPrepayInstanceSpec"
	OpStart  = "StartInstance"
	OpStop   = "StopInstance"
	OpReboot = "RebootInstance"
	OpRenew  = "RenewInstance"
	OpPay    = "PayOrder"
	OpCancel = "CancelOrder"
)

// Operations lists the operation names, in the order above.
func Operations() []string {
	return []string{OpModify, OpStart, OpStop, OpReboot, OpRenew, OpPay, OpCancel}
}

// Plan is what to run: timed requests and resize rules (either or both; the rules expand into
// requests, merged with the listed ones by moment, the listed ones first on equal moments),
// under orchestration options. Every field is plain data, so a decoder can fill a Plan.
type Plan struct {
	Requests []Request    `json:"Requests,omitempty"`
	Rules    []ResizeRule `json:"Rules,omitempty"`
	Options  Options      `json:"Options"`
}

// Request is one timed operation on one instance.
type Request struct {
	// At is the moment the client sends the request. Moments are in non-decreasing order and
	// not before the world's Now. A request whose moment falls while an earlier one's
	// orchestration (retries, waits, the start after) is still running is sent when that
	// ends: the client is sequential.
	At time.Time `json:"At"`
	// Operation is one of the Op names.
	Operation string `json:"Operation"`
	// AccountID and RAMUser are the caller; AccountID "" means the instance's owner.
	AccountID string `json:"AccountId,omitempty"`
	RAMUser   string `json:"RamUser,omitempty"`
	// InstanceID and RegionID name the instance (RegionID "" means the instance's region).
	InstanceID string `json:"InstanceId"`
	RegionID   string `json:"RegionId,omitempty"`
	// Targets are the candidate instance types of a ModifyPrepayInstanceSpec, in order of
	// preference: the first is asked for, and the next only after OperationDenied.NoStock
	// when Options.NextCandidateOnNoStock is set.
	Targets []string `json:"Targets,omitempty"`
	// Params are further ModifyPrepayInstanceSpec parameters by their wire names (AutoPay,
	// ClientToken, RebootTime, ...). InstanceId, RegionId and InstanceType come from the
	// fields above.
	Params map[string]string `json:"Params,omitempty"`
	// Months is a RenewInstance's period; OrderID names the order of a PayOrder or CancelOrder.
	Months  int    `json:"Months,omitempty"`
	OrderID string `json:"OrderId,omitempty"`
}

// ResizeRule resizes every instance its filter selects (in ascending InstanceId order) to
// its targets, one request every Interval from Start.
type ResizeRule struct {
	// Name names the rule in the output.
	Name     string         `json:"Name,omitempty"`
	Filter   Filter         `json:"Filter"`
	Targets  []string       `json:"Targets"`
	Start    time.Time      `json:"Start"`
	Interval model.Duration `json:"Interval"`
	// Params are further ModifyPrepayInstanceSpec parameters, as in Request.
	Params map[string]string `json:"Params,omitempty"`
	// TokenPrefix, when set, gives each request the ClientToken TokenPrefix + InstanceId, so
	// that running the plan again replays rather than repeats.
	TokenPrefix string `json:"TokenPrefix,omitempty"`
}

// Filter selects instances. Each non-empty field must match (an instance matches a list when
// it matches one of its entries); the zero Filter selects every instance.
type Filter struct {
	InstanceTypes []string       `json:"InstanceTypes,omitempty"`
	Families      []string       `json:"Families,omitempty"`
	Zones         []string       `json:"Zones,omitempty"`
	Statuses      []model.Status `json:"Statuses,omitempty"`
	// Tags must all be on the instance, each with its value (a TagValue "" matches any value).
	Tags []model.Tag `json:"Tags,omitempty"`
	// AccountIDs limits the rule to instances of these accounts.
	AccountIDs []string `json:"AccountIds,omitempty"`
}

// Options are the orchestration a client adds around each ModifyPrepayInstanceSpec. Each one
// that acts shows in the output: the extra requests carry its name in Outcome.Option.
type Options struct {
	// StopStart stops a Running instance before the change and starts it once the change has
	// completed (what Terraform's alicloud_instance does to change a type).
	StopStart bool `json:"StopStart,omitempty"`
	// RetryThrottling retries a request refused with Throttling after a backoff.
	RetryThrottling *Backoff `json:"RetryThrottling,omitempty"`
	// WaitOrderProcessing retries a request refused with LastOrderProcessing after a pause.
	WaitOrderProcessing *Backoff `json:"WaitOrderProcessing,omitempty"`
	// NextCandidateOnNoStock asks for the next of the request's Targets after
	// OperationDenied.NoStock.
	NextCandidateOnNoStock bool `json:"NextCandidateOnNoStock,omitempty"`
}

// Backoff is a retry policy: at most Retries retries, the first after Initial, each next one
// Multiplier times the previous (Multiplier < 1 counts as 1), capped at Max (0 = no cap). The
// pauses move the request's moment; nothing sleeps. Durations are written as Go durations
// ("2s", "1m30s"), like the policy's.
type Backoff struct {
	Retries    int            `json:"Retries"`
	Initial    model.Duration `json:"Initial"`
	Multiplier float64        `json:"Multiplier,omitempty"`
	Max        model.Duration `json:"Max,omitempty"`
}

// Caps on a plan, so that any plan runs in bounded time and memory.
const (
	// MaxRequests is the most requests a plan may hold once its rules are expanded.
	MaxRequests = 1_000_000
	// MaxRetries is the most retries a Backoff may ask for.
	MaxRetries = 100
	// MaxMultiplier is the largest Backoff Multiplier.
	MaxMultiplier = 100
	// MaxMonths is the longest RenewInstance period a request may name.
	MaxMonths = 1200
)
