// Package model holds the facts respec decides on and the request it decides about: the
// ModifyPrepayInstanceSpec parameters exactly as the API receives them, the instance, the
// account, the instance-type catalog and the dated policy. Everything a rule needs is an
// explicit field here; nothing is hidden in code.
//
// The package is pure: parsing and validation take their inputs as arguments and never read
// the clock, the environment or files.
package model

import "time"

// OperatorType is the direction of a change.
type OperatorType uint8

const (
	// OperatorUnset means the parameter was not given.
	OperatorUnset OperatorType = iota
	// Upgrade raises the instance type.
	Upgrade
	// Downgrade lowers the instance type.
	Downgrade
)

// String returns the wire value ("upgrade", "downgrade") or "" when unset.
func (o OperatorType) String() string {
	switch o {
	case Upgrade:
		return "upgrade"
	case Downgrade:
		return "downgrade"
	}
	return ""
}

// ModifyMode is the hidden ModifyMode parameter (not open to the public).
type ModifyMode uint8

const (
	// ModifyModeUnset means the parameter was not given.
	ModifyModeUnset ModifyMode = iota
	// ModifyOnline asks for the change without a restart.
	ModifyOnline
	// ModifyOffline asks for the usual change, applied at a restart.
	ModifyOffline
)

// String returns the wire value ("Online", "Offline") or "" when unset.
func (m ModifyMode) String() string {
	switch m {
	case ModifyOnline:
		return "Online"
	case ModifyOffline:
		return "Offline"
	}
	return ""
}

// MaxDisks is respec's cap on the hidden Disk.N list: N runs from 1 to MaxDisks. The API's own
// limit is not published; 16 covers every data-disk count an instance type allows in the
// catalog (the most is 16) and keeps parsing bounded.
const MaxDisks = 16

// MaxParamLength is the longest value respec accepts for any string parameter other than
// ClientToken (64). Instance IDs, region IDs and type names are far shorter; anything longer is
// rejected with InvalidParameter naming the parameter, before any other work.
const MaxParamLength = 256

// MaxClientTokenLength is the documented limit on ClientToken.
const MaxClientTokenLength = 64

// DiskSpec is one Disk.N entry of the request (not open to the public).
type DiskSpec struct {
	// Index is N, from 1.
	Index            int    `json:"Index"`
	DiskID           string `json:"DiskId"`
	Category         string `json:"Category,omitempty"`
	PerformanceLevel string `json:"PerformanceLevel,omitempty"`
}

// Request is one ModifyPrepayInstanceSpec call, parsed and validated for form (not for facts).
//
// Defaults are applied explicitly by the parser (AutoPay true, MigrateAcrossZone false,
// RebootWhenFinished false); the *Set fields keep whether a parameter was given where that
// matters.
type Request struct {
	InstanceID   string
	RegionID     string
	InstanceType string

	// OperatorType is OperatorUnset when the parameter was omitted.
	OperatorType OperatorType

	ClientToken string

	AutoPay            bool
	AutoPaySet         bool
	MigrateAcrossZone  bool
	RebootWhenFinished bool

	// SystemDiskCategory is "" when SystemDisk.Category was not given.
	SystemDiskCategory string

	// RebootTime and EndTime are zero when not given; both are UTC with minute (or second)
	// precision.
	RebootTime time.Time
	EndTime    time.Time

	ModifyMode ModifyMode

	// Disks is the hidden Disk.N list, ordered by N.
	Disks []DiskSpec

	// The hidden common parameters: accepted and ignored by every rule.
	OwnerID              int64
	ResourceOwnerID      int64
	OwnerAccount         string
	ResourceOwnerAccount string

	// Unknown lists, sorted by key, the keys of the call that are neither parameters of the
	// operation nor RPC common parameters: ignored by every rule (as by the API), warned about
	// in the plan. It is not part of the Fingerprint.
	Unknown []UnknownParam
}

// HasRebootTime reports whether RebootTime was given.
func (r *Request) HasRebootTime() bool { return !r.RebootTime.IsZero() }

// HasEndTime reports whether EndTime was given (a temporary change).
func (r *Request) HasEndTime() bool { return !r.EndTime.IsZero() }
