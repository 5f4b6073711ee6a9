package rules

import (
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/pricing"
	"github.com/shopspring/decimal"
)

// Order states of an upgrade's order.
const (
	// OrderPaid: AutoPay paid the order from the balance.
	OrderPaid = "Paid"
	// OrderUnpaid: AutoPay=false created the order unpaid; the change happens once it is paid
	// in the console.
	OrderUnpaid = "Unpaid"
	// OrderAbnormal: AutoPay=true but the balance was too low; the order is abnormal and can
	// only be cancelled. The type does not change.
	OrderAbnormal = "Abnormal"
	// OrderRefund: a downgrade's refund order.
	OrderRefund = "Refund"
)

// When the new type takes effect.
const (
	// EffectAfterCompletion: the instance restarts right after the change completes
	// (RebootWhenFinished=true on a Running instance).
	EffectAfterCompletion = "AfterCompletion"
	// EffectAtRebootTime: the instance restarts at RebootTime.
	EffectAtRebootTime = "AtRebootTime"
	// EffectNextStart: at the next start or restart through the API or console (an OS-level
	// reboot does not apply it).
	EffectNextStart = "NextStart"
	// EffectOnline: at completion, without a restart (ModifyMode=Online).
	EffectOnline = "Online"
)

// Plan is an accepted request: what ModifyPrepayInstanceSpec would do.
type Plan struct {
	RequestID string `json:"RequestId"`
	OrderID   string `json:"OrderId"`
	// Replayed: the ClientToken matched an earlier identical request; this is that request's
	// outcome again and has no new effect.
	Replayed bool `json:"Replayed,omitempty"`

	// Operation is "upgrade" or "downgrade"; Direction is the same as a model value.
	Operation   string             `json:"Operation"`
	Direction   model.OperatorType `json:"-"`
	InstanceID  string             `json:"InstanceId"`
	RegionID    string             `json:"RegionId"`
	ZoneID      string             `json:"ZoneId"`
	FromType    string             `json:"FromInstanceType"`
	ToType      string             `json:"ToInstanceType"`
	DecidedAt   time.Time          `json:"DecidedAt"`
	ClientToken string             `json:"ClientToken,omitempty"`
	Fingerprint string             `json:"-"`

	// Temporary is set for a temporary (elastic) upgrade until Until.
	Temporary bool      `json:"Temporary,omitempty"`
	Until     time.Time `json:"Until,omitzero"`

	// Charge is set for an upgrade, Refund for a downgrade.
	Charge *Charge          `json:"Charge,omitempty"`
	Refund *pricing.Refund  `json:"Refund,omitempty"`
	Effect Effect           `json:"Effect"`
	Cross  *CrossZoneEffect `json:"CrossZone,omitempty"`

	// Preconditions the caller must see to (the NVMe/Windows precaution).
	Preconditions []string `json:"Preconditions,omitempty"`
	// Warnings: parameters that had no effect, and similar.
	Warnings []string `json:"Warnings,omitempty"`

	// CompletesAt is when the asynchronous change completes (the docs: 5–10 s); until then
	// the instance has an order in progress.
	CompletesAt time.Time `json:"CompletesAt"`

	// Quota is what this change uses of the quotas.
	Quota QuotaCount `json:"Quota"`

	// PricesIllustrative: the money is computed from an illustrative list price (the current
	// or the target type's in the region, model.Catalog.PriceIllustrative); false when both
	// are real (a price overlay, DescribePrice).
	PricesIllustrative bool `json:"PricesIllustrative,omitempty"`
}

// Charge is the money side of an upgrade.
type Charge struct {
	pricing.Quote
	AutoPay bool `json:"AutoPay"`
	// OrderStatus is OrderPaid, OrderUnpaid or OrderAbnormal.
	OrderStatus string `json:"OrderStatus"`
	// BalanceBefore and BalanceAfter are the account balance around the payment.
	BalanceBefore decimal.Decimal `json:"BalanceBefore"`
	BalanceAfter  decimal.Decimal `json:"BalanceAfter"`
}

// Effect says when the new type takes effect and what restarts.
type Effect struct {
	// When is one of the Effect* constants.
	When string `json:"When"`
	// At is the moment, when it is known (completion, RebootTime).
	At time.Time `json:"At,omitzero"`
	// Restart: respec's plan restarts the instance (at At).
	Restart bool `json:"Restart"`
	// Description is one sentence for people.
	Description string `json:"Description"`
}

// CrossZoneEffect lists the consequences of MigrateAcrossZone=true.
type CrossZoneEffect struct {
	// DeviceNamesChange: a retired non-I/O-optimized type moving to an I/O-optimized one;
	// Linux sees basic disks as xvd* and other cloud disks as vd*.
	DeviceNamesChange bool `json:"DeviceNamesChange"`
	// LicenceCodesChange goes with DeviceNamesChange.
	LicenceCodesChange bool `json:"LicenceCodesChange"`
	// PrivateIPChanges: an instance on the classic network gets a new private IP.
	PrivateIPChanges bool `json:"PrivateIpChanges"`
}

// QuotaCount is what an accepted change counts against the quotas.
type QuotaCount struct {
	Downgrades        int   `json:"Downgrades,omitempty"`
	RefundedVCPUHours int64 `json:"RefundedVcpuHours,omitempty"`
}
