package model

import (
	"reflect"
	"sync"
	"time"

	"github.com/shopspring/decimal"
)

// Policy is a dated rule set. Every knob is a field; the presets are PolicyCurrent,
// Policy2020 (also named "2019"), Policy2018Sep and Policy2018.
//
// A quota or window whose number the documents do not give has no default: its knob is 0
// (none applies) in every preset, and the account's facts (Account.Quotas) state the real
// number where it is known.
//
// The zero Policy (every field zero, as in a Facts literal that leaves Policy out) stands for
// PolicyCurrent(): the rules decide a zero Policy exactly as PolicyCurrent(), and Apply rounds
// with it. A Policy with any field set is used as it is, so a hand-built policy must set every
// knob it needs (start from a preset and change fields).
type Policy struct {
	// Name is the policy's name: a preset's, or one of the caller's own.
	Name string `json:"Name"`
	// Direction is DirectionDetected or DirectionDeclared.
	Direction string `json:"Direction"`
	// UpgradeStatuses are the statuses an upgrade is allowed from.
	UpgradeStatuses []Status `json:"UpgradeStatuses"`
	// DowngradeStatuses are the statuses a downgrade is allowed from.
	DowngradeStatuses []Status `json:"DowngradeStatuses"`
	// ArrearsBlock: an account in arrears cannot change.
	ArrearsBlock bool `json:"ArrearsBlock"`
	// MinGapBetweenChanges is the least time between two accepted changes of an instance
	// (0 = none).
	MinGapBetweenChanges Duration `json:"MinGapBetweenChanges,omitzero"`
	// MonthlyDowngradeQuota: downgrades are limited per account per month, reset on the 1st.
	// The number is the account's (Account.Quotas.DowngradesPerMonth, shown in the console and
	// based on the account's past spending); the documents give none.
	MonthlyDowngradeQuota bool `json:"MonthlyDowngradeQuota"`
	// DefaultDowngradesPerMonth is the monthly quota when the account states none; 0 means
	// none applies (the plan then warns that the real quota is account-specific). Every
	// preset leaves it at 0.
	DefaultDowngradesPerMonth int `json:"DefaultDowngradesPerMonth"`
	// RefundsPerInstance is the most refunds one instance may have (0 = no limit).
	RefundsPerInstance int `json:"RefundsPerInstance,omitempty"`
	// RefundedVCPUHoursPerMonth is the monthly refunded-vCPU quota in vCPU·hours when the
	// account states none (0 = no limit). The presets leave it at 0: the one published figure,
	// 5,000 vCPU·h a month, is for billing-method switches, not for downgrades, so the limit
	// applies only where the account's quota says so.
	RefundedVCPUHoursPerMonth int64 `json:"RefundedVcpuHoursPerMonth,omitempty"`
	// RefundRule is RefundCurrent or Refund2022.
	RefundRule string `json:"RefundRule"`
	// NvmeWindowsPrecaution: a Windows instance changing between NVMe and non-NVMe types must
	// have completed the published preventive steps (reported as a precondition).
	NvmeWindowsPrecaution bool `json:"NvmeWindowsPrecaution"`
	// CurrencyPlaces is the number of decimals amounts are rounded to.
	CurrencyPlaces int32 `json:"CurrencyPlaces"`
	// ChargeRounding is the rounding mode of an upgrade's fee. The presets round it down:
	// Alibaba's billing documentation rounds the final fee down to 2 decimal places.
	ChargeRounding string `json:"ChargeRounding"`
	// RefundRounding is the rounding mode of a downgrade's refund. The presets round it down:
	// a refund rounded down never exceeds its exact value.
	RefundRounding string `json:"RefundRounding"`
	// RebootTimeMaxAhead is how far ahead of now RebootTime may be; 0 (every preset) means no
	// window beyond the documented bounds: RebootTime must only be after now and not after the
	// instance's expiry. The documents give no window.
	RebootTimeMaxAhead Duration `json:"RebootTimeMaxAhead"`
	// MaxOnlineModifications is how many online changes an instance may have between two
	// restarts; 0 (every preset) means no limit is applied, since the documents give no
	// number (the plan of an online change warns so).
	MaxOnlineModifications int `json:"MaxOnlineModifications"`
	// TokenTTL is how long a ClientToken is remembered.
	TokenTTL Duration `json:"TokenTTL"`
	// BillingUTCOffsetMinutes places month boundaries for the monthly quotas (480 = UTC+8).
	BillingUTCOffsetMinutes int `json:"BillingUTCOffsetMinutes"`
	// CompletionTime is how long an accepted change takes to complete (the docs: 5–10 s);
	// respec uses the upper bound for the order-in-progress window.
	CompletionTime Duration `json:"CompletionTime"`
	// DefaultMaxDataDisks applies to types whose DiskQuantity is not published; 0 (every
	// preset) means such a type's data-disk count is not checked, since the documents give
	// no number.
	DefaultMaxDataDisks int `json:"DefaultMaxDataDisks"`
	// RatioReading is RatioPrinted or RatioOneBasis: which reading of the refund rules
	// prices the price-difference ratio ("" means RatioPrinted).
	RatioReading string `json:"RatioReading"`
	// UnderMonthFactor multiplies the consumed fee of orders used less than 30 days (current
	// rule: 1.5).
	UnderMonthFactor decimal.Decimal `json:"UnderMonthFactor"`
}

// Refund rules.
const (
	// RefundCurrent is the current rule: daily unit price from the order's duration rounded
	// down, usage days rounded up, discount for the usage duration, ×1.5 under 30 days.
	RefundCurrent = "current"
	// Refund2022 is the 2022 rule: monthly price ÷ 30, no 1.5 factor, the original order's
	// discount, less than a day counts as one.
	Refund2022 = "2022"
)

// Readings of the refund's price-difference ratio. The refund-rules page contradicts itself
// (see the README's decisions): its formula in words puts the daily prices of the original and
// of the new configuration on one basis, its worked examples divide the monthly price gap ÷ 30
// by the order's own daily unit price (list price ÷ duration days).
const (
	// RatioPrinted is the reading of the printed examples (the default): ratio = (monthly
	// price gap ÷ 30) ÷ (order list price ÷ order duration days). It moves with the order's
	// length: 0.50694444 for a 365-day order at 100 a month downgraded to 50.
	RatioPrinted = "printed"
	// RatioOneBasis is the reading of the formula in words: both daily prices on one basis
	// (the catalog's monthly price ÷ 30 of the order's own type and of the new type), so a
	// target at a fraction f of the price gives 1 − f for an order of any length.
	RatioOneBasis = "one_basis"
)

// Rounding modes for the final amounts.
const (
	// RoundHalfUp rounds half away from zero.
	RoundHalfUp = "half_up"
	// RoundHalfEven rounds half to even (banker's rounding).
	RoundHalfEven = "half_even"
	// RoundDown truncates toward zero.
	RoundDown = "down"
	// RoundUp rounds away from zero.
	RoundUp = "up"
)

// Direction rules for OperatorType.
const (
	// DirectionDetected (late 2024 on): OperatorType may be omitted and the direction is
	// detected; if given it must agree with the real direction.
	DirectionDetected = "detected"
	// DirectionDeclared (until March 2024): OperatorType defaults to upgrade and a downgrade
	// must say downgrade.
	DirectionDeclared = "declared"
)

// IsZero reports whether p is the zero Policy (every field zero: nil slices, a zero
// decimal), which stands for PolicyCurrent(). It asks every field, so a knob added to Policy
// is asked too.
func (p *Policy) IsZero() bool {
	if p.Name != "" { // every preset and every decoded policy is named: the common case
		return false
	}
	return reflect.ValueOf(p).Elem().IsZero()
}

// currentPreset is PolicyCurrent built once, for Effective. Read-only.
var currentPreset = sync.OnceValue(func() *Policy {
	p := PolicyCurrent()
	return &p
})

// Effective returns p, or PolicyCurrent() when p is the zero Policy. The current preset is
// built once and shared: the result is read-only.
func (p *Policy) Effective() *Policy {
	if p.IsZero() {
		return currentPreset()
	}
	return p
}

// Duration is a time.Duration written in JSON as a Go duration string ("5m0s").
type Duration time.Duration

// D returns the time.Duration.
func (d Duration) D() time.Duration { return time.Duration(d) }

// MarshalText writes the duration as a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText reads a Go duration string; it refuses negative durations and durations over
// ten years.
func (d *Duration) UnmarshalText(b []byte) error {
	if len(b) > 64 {
		return errDuration
	}
	v, err := time.ParseDuration(string(b))
	if err != nil || v < 0 || v > 10*365*24*time.Hour {
		return errDuration
	}
	*d = Duration(v)
	return nil
}

type durationError struct{}

func (durationError) Error() string {
	return "duration must be a Go duration string between 0 and 10 years, such as \"5m\""
}

var errDuration error = durationError{}

// Preset names.
const (
	PresetCurrent = "current"
	// Preset2020 is the rule set from 2020 to March 2024.
	Preset2020 = "2020"
	// Preset2019 is the older name of Preset2020's rule set, kept as an alias: it names the
	// later era (upgrades from Running or Stopped), not the 2018–2019 pages (Preset2018Sep).
	Preset2019 = "2019"
	// Preset2018Sep is the rule set of the September 2018 – September 2019 pages.
	Preset2018Sep = "2018-09"
	Preset2018    = "2018"
)

// PolicyCurrent is the rule set of the current API reference (late 2024 on): direction
// detected, upgrades from Running or Stopped, downgrades from Stopped, a monthly per-account
// downgrade quota (the account's number: none applies when the account states none), the
// current refund rule and the NVMe/Windows precaution.
func PolicyCurrent() Policy {
	p := presetCommon(PresetCurrent, runningOrStopped, stoppedOnly)
	p.Direction = DirectionDetected
	p.MonthlyDowngradeQuota = true
	p.RefundRule = RefundCurrent
	p.NvmeWindowsPrecaution = true
	p.UnderMonthFactor = decimal.New(15, -1) // 1.5
	return p
}

// Policy2020 is the rule set from 2020 to March 2024: OperatorType defaults to upgrade and a
// downgrade must declare itself, upgrades from Running or Stopped, downgrades from Stopped, at
// most 3 refunds per instance, 5 minutes between changes, the 2022 refund rule.
func Policy2020() Policy {
	return policy2020(Preset2020, runningOrStopped, stoppedOnly)
}

// Policy2019 is Policy2020 under its older name "2019" (an alias kept for scenarios written
// before the split): the same rules, Name "2019".
func Policy2019() Policy {
	return policy2020(Preset2019, runningOrStopped, stoppedOnly)
}

// Policy2018Sep is the rule set of the pages from September 2018 to September 2019: as
// Policy2020, but every change, upgrades too, needs a Stopped instance.
func Policy2018Sep() Policy {
	return policy2020(Preset2018Sep, stoppedOnly, stoppedOnly)
}

// Policy2018 is the 2018 rule set (before September 2018): any change from Running or
// Stopped, arrears block, 5 minutes between changes, OperatorType declared, the 2022 refund
// rule.
func Policy2018() Policy {
	p := policy2020(Preset2018, runningOrStopped, runningOrStopped)
	p.RefundsPerInstance = 0
	return p
}

// statusSet is the statuses a preset allows a change from: Stopped, or Running and Stopped.
type statusSet bool

// The two status sets of the presets.
const (
	stoppedOnly      statusSet = false
	runningOrStopped statusSet = true
)

// policy2020 is Policy2020's rules named name, with the given upgrade and downgrade statuses:
// the rules the presets from 2018 to March 2024 share.
func policy2020(name string, upgrade, downgrade statusSet) Policy {
	p := presetCommon(name, upgrade, downgrade)
	p.Direction = DirectionDeclared
	p.RefundsPerInstance = 3
	p.MinGapBetweenChanges = Duration(5 * time.Minute)
	p.RefundRule = Refund2022
	p.UnderMonthFactor = decimal.NewFromInt(1)
	return p
}

// presetCommon is a preset named name with the knobs every preset shares and the given
// statuses; each preset sets the rest. The two status lists share one allocation, each capped
// at its length, so that an append to one never writes into the other; nothing is shared
// between two calls. (An array allocated whole costs less than a slice made of that size.)
func presetCommon(name string, upgrade, downgrade statusSet) Policy {
	statuses := new([4]Status)[:0] // two sets of at most two statuses
	statuses = upgrade.appendTo(statuses)
	n := len(statuses)
	statuses = downgrade.appendTo(statuses)
	return Policy{
		Name:                    name,
		UpgradeStatuses:         statuses[:n:n],
		DowngradeStatuses:       statuses[n:len(statuses):len(statuses)],
		ArrearsBlock:            true,
		RatioReading:            RatioPrinted,
		CurrencyPlaces:          2,
		ChargeRounding:          RoundDown,
		RefundRounding:          RoundDown,
		TokenTTL:                Duration(24 * time.Hour),
		BillingUTCOffsetMinutes: 480,
		CompletionTime:          Duration(10 * time.Second),
	}
}

// appendTo appends the statuses of s to dst, Running before Stopped.
func (s statusSet) appendTo(dst []Status) []Status {
	if s == runningOrStopped {
		dst = append(dst, StatusRunning)
	}
	return append(dst, StatusStopped)
}

// PresetNames returns the names of the presets, newest first: "current", "2020", "2019" (an
// alias of "2020"), "2018-09", "2018".
func PresetNames() []string {
	return []string{PresetCurrent, Preset2020, Preset2019, Preset2018Sep, Preset2018}
}

// PolicyByName returns the preset named name (one of PresetNames; "" is "current").
func PolicyByName(name string) (Policy, bool) {
	switch name {
	case PresetCurrent, "":
		return PolicyCurrent(), true
	case Preset2020:
		return Policy2020(), true
	case Preset2019:
		return Policy2019(), true
	case Preset2018Sep:
		return Policy2018Sep(), true
	case Preset2018:
		return Policy2018(), true
	}
	return Policy{}, false
}
