package model

import (
	"time"

	"github.com/shopspring/decimal"
)

// Facts are everything respec knows about the world when it decides: the instance, its
// account, the catalog of instance types, the request records and the dated policy.
// Decide reads Facts and never changes them; Apply returns new Facts.
type Facts struct {
	Instance Instance `json:"instance"`
	Account  Account  `json:"account"`
	// Catalog is shared and read-only; many Facts may point at one Catalog.
	Catalog *Catalog `json:"-"`
	Policy  Policy   `json:"-"`
	// Idempotency holds the accepted requests that carried a ClientToken, by token.
	Idempotency Ledger `json:"idempotency,omitempty"`
	// Throttle is the request count of this API for the instance's region and account.
	Throttle Throttle `json:"throttle,omitzero"`
	// ServiceUnavailable marks the regional service as under restricted operation
	// (LimitedOperation.ServiceUnavailable).
	ServiceUnavailable bool `json:"serviceUnavailable,omitempty"`
}

// Instance is one ECS instance as DescribeInstances and the billing system see it.
type Instance struct {
	// InstanceID is the instance's ID (i-…).
	InstanceID string `json:"InstanceId"`
	// RegionID is the instance's region.
	RegionID string `json:"RegionId"`
	// ZoneID is the zone the instance runs in.
	ZoneID string `json:"ZoneId"`
	// Status is the instance's API status.
	Status Status `json:"Status"`
	// ChargeType is ChargePrePaid or ChargePostPaid.
	ChargeType string `json:"InstanceChargeType"`
	// SpotStrategy is one of the Spot strategies ("" = SpotNone).
	SpotStrategy string `json:"SpotStrategy,omitempty"`
	// InstanceType is the type the instance runs as.
	InstanceType string `json:"InstanceType"`
	// PendingInstanceType is set after an accepted change that has not yet taken effect: the
	// type the instance runs as after its next start or restart through the API or console.
	PendingInstanceType string `json:"PendingInstanceType,omitempty"`
	// PendingRebootTime is when a restart scheduled by RebootTime applies PendingInstanceType
	// (zero when none is scheduled).
	PendingRebootTime time.Time `json:"PendingRebootTime,omitzero"`
	// CreationTime is when the instance was created.
	CreationTime time.Time `json:"CreationTime"`
	// ExpiredTime is when the subscription ends.
	ExpiredTime time.Time `json:"ExpiredTime"`
	// OSType is the image's OS type (OSLinux or OSWindows).
	OSType string `json:"OSType"`
	// NetworkType is NetworkVPC or NetworkClassic ("" = NetworkVPC).
	NetworkType string `json:"NetworkType,omitempty"`
	// VpcAdvancedNetworkFeature: the instance's VPC has advanced network features enabled.
	VpcAdvancedNetworkFeature bool `json:"VpcAdvancedNetworkFeature,omitempty"`
	// Image is the image the instance runs.
	Image Image `json:"Image"`
	// SystemDisk is nil when the instance has no system disk.
	SystemDisk *Disk `json:"SystemDisk,omitempty"`
	// DataDisks are the cloud data disks attached.
	DataDisks []Disk `json:"DataDisks,omitempty"`
	// LocalDisks is the number of local disks mounted.
	LocalDisks int `json:"LocalDisks,omitempty"`
	// ENIs are the elastic network interfaces attached, the primary one included.
	ENIs []ENI `json:"NetworkInterfaces,omitempty"`
	// EIPAddress is the associated elastic IP, "" when none.
	EIPAddress string `json:"EipAddress,omitempty"`
	// SpecialEIP: the associated EIP makes the instance what the API calls "the special
	// instance with eip": its EIP must be unassociated before the type can change
	// (InvalidInstance.EipNotSupport). Which EIPs do so the documents do not say, so it is a
	// fact; it has no effect without an EIPAddress. Default false.
	SpecialEIP bool `json:"SpecialEip,omitempty"`
	// StarterPackage: the instance was bought as a starter package.
	StarterPackage bool `json:"StarterPackage,omitempty"`
	// HibernationConfigured: the instance has hibernation configured.
	HibernationConfigured bool `json:"HibernationConfigured,omitempty"`
	// NestedVirtualization: CpuOptions.NestedVirtualization is enabled.
	NestedVirtualization bool `json:"NestedVirtualization,omitempty"`
	// RAMRole is the instance RAM role attached, "" when none.
	RAMRole string `json:"RamRoleName,omitempty"`
	// OperationLocks are the instance's lock reasons (the Lock names).
	OperationLocks []string `json:"OperationLocks,omitempty"`
	// Tags are the instance's tags (DescribeInstances' Tags.Tag), in the order given. The
	// rules do not read them; a fleet plan selects instances by them.
	Tags []Tag `json:"Tags,omitempty"`
	// OrderInProgress is the configuration-change order being processed, if any.
	OrderInProgress *OrderInProgress `json:"OrderInProgress,omitempty"`
	// UnpaidOrders are the orders awaiting payment.
	UnpaidOrders []UnpaidOrder `json:"UnpaidOrders,omitempty"`
	// RenewWithDowngradePlanned: a renewal with downgrade is planned for the next cycle.
	RenewWithDowngradePlanned bool `json:"RenewWithDowngradePlanned,omitempty"`
	// TemporaryUpgrade is the elastic (temporary) upgrade in force, if any.
	TemporaryUpgrade *TemporaryUpgrade `json:"TemporaryUpgrade,omitempty"`
	// OnlineModifications counts online changes since the last restart.
	OnlineModifications int `json:"OnlineModifications,omitempty"`
	// RebootRequired: an earlier online change left the instance needing a restart.
	RebootRequired bool `json:"RebootRequired,omitempty"`
	// LastModifiedTime is when the last accepted change was placed (zero when never).
	LastModifiedTime time.Time `json:"LastModifiedTime,omitzero"`
	// Refunds counts the refunds on this instance: type and bandwidth downgrades and
	// subscription-to-pay-as-you-go disk conversions (the pre-2024 limit of 3).
	Refunds int `json:"Refunds,omitempty"`
	// NvmePrecautionsDone: for Windows, the published NVMe preventive steps were completed.
	NvmePrecautionsDone bool `json:"NvmePrecautionsDone,omitempty"`
	// Orders is the billing history: the purchase and each later renewal, upgrade or downgrade
	// (a downgrade cancels the orders in force and adds an OrderDowngrade order).
	Orders []Order `json:"Orders,omitempty"`
}

// Tag is one key/value tag of an instance, by the API's names.
type Tag struct {
	// TagKey is the tag's key.
	TagKey string `json:"TagKey"`
	// TagValue is the tag's value, "" for a key alone.
	TagValue string `json:"TagValue"`
}

// Image is the instance's image.
type Image struct {
	// ImageID is the image's ID.
	ImageID string `json:"ImageId"`
	// Marketplace: the image is a marketplace product.
	Marketplace bool `json:"Marketplace,omitempty"`
	// Unauthorized: the image (a shared or marketplace image) is no longer authorized for
	// the account.
	Unauthorized bool `json:"Unauthorized,omitempty"`
	// MarketplaceOrderFails: the marketplace product cannot be ordered for a new type.
	MarketplaceOrderFails bool `json:"MarketplaceOrderFails,omitempty"`
	// UnsupportedFamilies and SupportedFamilies constrain the types the image runs on; an
	// empty SupportedFamilies allows every family not listed as unsupported.
	UnsupportedFamilies []string `json:"UnsupportedFamilies,omitempty"`
	SupportedFamilies   []string `json:"SupportedFamilies,omitempty"`
}

// Disk is a cloud disk attached to the instance.
type Disk struct {
	// DiskID is the disk's ID (d-…).
	DiskID string `json:"DiskId"`
	// Category is the disk's category (the Disk names).
	Category string `json:"Category"`
	// SizeGiB is the disk's size.
	SizeGiB int `json:"Size"`
	// PerformanceLevel is an ESSD's performance level (PL0 … PL3).
	PerformanceLevel string `json:"PerformanceLevel,omitempty"`
	// Detached applies to the system disk: it was detached from the instance.
	Detached bool `json:"Detached,omitempty"`
}

// ENI is an elastic network interface attached to the instance.
type ENI struct {
	// ENIID is the interface's ID (eni-…).
	ENIID string `json:"NetworkInterfaceId"`
	// Primary: the instance's primary interface.
	Primary bool `json:"Primary,omitempty"`
	// PrivateIPv4 counts the private IPv4 addresses, the primary one included.
	PrivateIPv4 int `json:"PrivateIpv4Count"`
	// IPv6 counts the IPv6 addresses.
	IPv6 int `json:"Ipv6Count,omitempty"`
	// QueueNumber is the ENI's configured queue number; 0 means the type's default.
	QueueNumber int `json:"QueueNumber,omitempty"`
}

// OrderInProgress is a configuration-change order still being processed.
type OrderInProgress struct {
	// OrderID is the order's ID.
	OrderID string `json:"OrderId"`
	// Until is when processing completes; from then on the order no longer blocks.
	Until time.Time `json:"Until"`
}

// UnpaidOrder is an order awaiting payment.
type UnpaidOrder struct {
	// OrderID is the order's ID.
	OrderID string `json:"OrderId"`
	// Kind is UnpaidModification or UnpaidRenewal.
	Kind string `json:"Kind"`
	// InstanceType is the type an unpaid modification order changes to once paid.
	InstanceType string `json:"InstanceType,omitempty"`
	// Amount is what the order asks for.
	Amount decimal.Decimal `json:"Amount"`
	// Abnormal marks an order that AutoPay could not pay for lack of balance: it can only be
	// cancelled, never paid.
	Abnormal bool `json:"Abnormal,omitempty"`
}

// TemporaryUpgrade is an elastic upgrade in force until Until, after which the instance
// returns to RevertTo.
type TemporaryUpgrade struct {
	// Until is when the temporary upgrade ends.
	Until time.Time `json:"Until"`
	// RevertTo is the type the instance returns to then.
	RevertTo string `json:"RevertTo"`
}

// Order is one paid order of the instance.
//
// An order of Kind OrderDowngrade is written by a downgrade (rules.Apply, derived by
// pricing.DowngradeOrder) and replaces the orders the downgrade cancelled:
//   - InstanceType is the new type, PreviousInstanceType the type before the downgrade;
//   - Start is the moment of the downgrade, End the latest End of the cancelled orders;
//   - ListPrice is the new type's monthly list price in the region ÷ 30 × the order's
//     duration days (counted as the refund rule counts them), rounded half up to the
//     policy's CurrencyPlaces: its daily unit price is the new type's daily price;
//   - CashPaid is what the cancelled orders kept: Σ (max(0, online refundable) − the refund
//     shown for the order), rounded down to CurrencyPlaces, so that a later refund can never
//     return more than was left;
//   - VoucherPaid is 0 (vouchers are never refunded, so none is left to carry);
//   - Discount, PaymentMethod and PaidAt are those of the cancelled base order in force at
//     the change (the first cancelled order when none is), so that a later refund goes where
//     the money came from.
type Order struct {
	// OrderID is the order's ID.
	OrderID string `json:"OrderId"`
	// Kind is one of the Order kinds.
	Kind string `json:"Kind"`
	// InstanceType is the type the order bought; for an upgrade or a downgrade, the new type.
	InstanceType string `json:"InstanceType"`
	// PreviousInstanceType is the type before an upgrade or a downgrade order.
	PreviousInstanceType string `json:"PreviousInstanceType,omitempty"`
	// Start is when the order starts.
	Start time.Time `json:"Start"`
	// End is when the order ends.
	End time.Time `json:"End"`
	// CancelledAt is when a downgrade cancelled the order (zero when it was not): from then
	// on it refunds nothing and takes no part in the price-difference ratios, the
	// OrderDowngrade order that replaced it standing in for it. It is not before Start.
	CancelledAt time.Time `json:"CancelledAt,omitzero"`
	// ListPrice is the order's list price for its whole duration; for an upgrade order, the
	// list price of the difference.
	ListPrice decimal.Decimal `json:"ListPrice"`
	// CashPaid is what the order was paid in cash (a refund never exceeds it).
	CashPaid decimal.Decimal `json:"CashPaid"`
	// VoucherPaid is what vouchers paid (never refunded).
	VoucherPaid decimal.Decimal `json:"VoucherPaid"`
	// Discount is the discount factor the order was bought at (1 = no discount).
	Discount decimal.Decimal `json:"Discount"`
	// PaymentMethod is one of the Pay methods: where a refund goes.
	PaymentMethod string `json:"PaymentMethod"`
	// PaidAt is when the order was paid.
	PaidAt time.Time `json:"PaidAt"`
}

// Cancelled reports whether a downgrade had cancelled o at t.
func (o *Order) Cancelled(t time.Time) bool {
	return !o.CancelledAt.IsZero() && !o.CancelledAt.After(t)
}

// Account is the customer account and the identity calling the API.
type Account struct {
	// AccountID is the account's ID.
	AccountID string `json:"AccountId"`
	// Balance is the account's available balance.
	Balance decimal.Decimal `json:"Balance"`
	// InArrears: the account has an outstanding payment.
	InArrears bool `json:"InArrears,omitempty"`
	// NoBillingMethod: the account has not chosen any billing method.
	NoBillingMethod bool `json:"NoBillingMethod,omitempty"`
	// NoRealTimeDowngrade: the account lacks the real-time downgrade privilege, which the
	// older guides make a prerequisite of a downgrade, granted from the account's usage. A
	// downgrade is then refused with 400 OperationDenied ("the current user does not support
	// this operation"). Default false (privilege held): the current API page lists no such
	// prerequisite, so an account that states nothing may downgrade (README, decisions).
	NoRealTimeDowngrade bool `json:"NoRealTimeDowngrade,omitempty"`
	// RAMUser is the calling RAM user; nil means the main account, which holds every
	// permission.
	RAMUser *RAMUser `json:"RAMUser,omitempty"`
	// AuthorizedTypes are the types this account is authorized for among those that need an
	// authorization (InstanceType.RequiresAuthorization).
	AuthorizedTypes []string `json:"AuthorizedTypes,omitempty"`
	// TicketedFamilyChanges are the family changes that need a support ticket (the catalog's
	// TicketFamilyChanges) which support has enabled for this account. A ticket-only change
	// the account does not list here is refused.
	TicketedFamilyChanges []FamilyPair `json:"TicketedFamilyChanges,omitempty"`
	// Quotas are the account's quotas and their use.
	Quotas Quotas `json:"Quotas,omitzero"`
}

// FamilyPair is a change from one instance type family to another, both with the "ecs."
// prefix ("ecs.g6" to "ecs.g7").
type FamilyPair struct {
	// From is the family changed from.
	From string `json:"FromFamily"`
	// To is the family changed to.
	To string `json:"ToFamily"`
}

// HasTicket reports whether the account has the ticket-only change from -> to enabled.
func (a *Account) HasTicket(from, to string) bool {
	for _, p := range a.TicketedFamilyChanges {
		if p.From == from && p.To == to {
			return true
		}
	}
	return false
}

// RAMUser is a RAM identity with explicit permissions.
type RAMUser struct {
	// Name is the RAM user's name.
	Name string `json:"Name"`
	// Permissions are the permissions the user holds (the Perm names).
	Permissions []string `json:"Permissions,omitempty"`
	// AllowedInstanceTypes restricts, through a policy condition, the types this user may
	// choose; empty means no restriction.
	AllowedInstanceTypes []string `json:"AllowedInstanceTypes,omitempty"`
}

// Has reports whether the user holds permission p.
func (u *RAMUser) Has(p string) bool {
	for _, q := range u.Permissions {
		if q == p {
			return true
		}
	}
	return false
}

// Quotas are the account's quotas and their use.
type Quotas struct {
	// DowngradesPerMonth is the monthly per-account downgrade quota (current policy), as the
	// console shows it; nil means the policy's default (none in every preset).
	DowngradesPerMonth *int `json:"DowngradesPerMonth,omitempty"`
	// Downgrades lists when this account's downgrades were placed; those in the current
	// month count against the quota.
	Downgrades []time.Time `json:"Downgrades,omitempty"`
	// RefundedVCPUHoursPerMonth is the account's monthly refunded-vCPU quota in vCPU·hours,
	// as the console shows it: it overrides the policy's, and 0 allows no refunded vCPU·hour
	// (as a DowngradesPerMonth of 0 allows no downgrade); nil means the policy's default (where
	// 0 means no limit).
	RefundedVCPUHoursPerMonth *int64 `json:"RefundedVcpuHoursPerMonth,omitempty"`
	// RefundedVCPU lists the refunded vCPU·hours and when.
	RefundedVCPU []QuotaUse `json:"RefundedVcpu,omitempty"`
	// Elastic are per-zone, per-type vCPU quotas.
	Elastic []ElasticQuota `json:"Elastic,omitempty"`
	// DiskCapacity are per-zone, per-category disk capacity quotas.
	DiskCapacity []DiskCapacityQuota `json:"DiskCapacity,omitempty"`
}

// QuotaUse is an amount of quota used at a moment.
type QuotaUse struct {
	// At is when the quota was used.
	At time.Time `json:"At"`
	// Amount is how much of it was used.
	Amount int64 `json:"Amount"`
}

// ElasticQuota is a vCPU quota for one type in one zone.
type ElasticQuota struct {
	// ZoneID is the zone the quota applies in.
	ZoneID string `json:"ZoneId"`
	// InstanceType is the type the quota applies to.
	InstanceType string `json:"InstanceType"`
	// LimitVCPU is the quota, in vCPUs.
	LimitVCPU int `json:"LimitVcpu"`
	// UsedVCPU is how many vCPUs of it are used.
	UsedVCPU int `json:"UsedVcpu"`
}

// DiskCapacityQuota is a capacity quota for one disk category in one zone.
type DiskCapacityQuota struct {
	// ZoneID is the zone the quota applies in.
	ZoneID string `json:"ZoneId"`
	// Category is the disk category the quota applies to.
	Category string `json:"Category"`
	// LimitGiB is the quota, in GiB.
	LimitGiB int `json:"LimitGiB"`
	// UsedGiB is how much of it is used.
	UsedGiB int `json:"UsedGiB"`
}

// Throttle is the flow-control state of this API for (region, account).
type Throttle struct {
	// Minute is the minute the counts belong to (truncated to the minute). Counts of another
	// minute do not apply: the window has rolled over.
	Minute time.Time `json:"Minute,omitzero"`
	// Count is the number of requests already made this minute to this API in this region.
	Count int `json:"Count,omitempty"`
	// Limit is the per-minute threshold of this API; 0 means no limit.
	Limit int `json:"Limit,omitempty"`
	// AccountCount and AccountLimit are the account's count and threshold across all APIs of
	// the region; AccountLimit 0 means no limit.
	AccountCount int `json:"AccountCount,omitempty"`
	AccountLimit int `json:"AccountLimit,omitempty"`
}

// Record is one accepted request remembered under its ClientToken.
type Record struct {
	// Fingerprint is the request's canonical parameter string (see Request.Fingerprint).
	Fingerprint string `json:"Fingerprint"`
	// At is when the request was accepted.
	At time.Time `json:"At"`
	// RequestID is the RequestId the accepted request was answered with.
	RequestID string `json:"RequestId"`
	// OrderID is the order it placed.
	OrderID string `json:"OrderId"`
}

// Ledger maps ClientTokens to the accepted requests that carried them. A Ledger is treated as
// immutable: With returns a new one.
type Ledger map[string]Record

// With returns a copy of l with token recorded as r; l is unchanged.
func (l Ledger) With(token string, r Record) Ledger {
	out := make(Ledger, len(l)+1)
	for k, v := range l {
		out[k] = v
	}
	out[token] = r
	return out
}

// Status is an instance's API status (DescribeInstances' Status).
type Status string

// The API statuses.
const (
	// StatusPending: the instance is being created.
	StatusPending Status = "Pending"
	// StatusStarting: the instance is starting.
	StatusStarting Status = "Starting"
	// StatusRunning: the instance is running.
	StatusRunning Status = "Running"
	// StatusStopping: the instance is stopping.
	StatusStopping Status = "Stopping"
	// StatusStopped: the instance is stopped.
	StatusStopped Status = "Stopped"
)

// Known reports whether s is one of the five API statuses.
func (s Status) Known() bool {
	switch s {
	case StatusPending, StatusStarting, StatusRunning, StatusStopping, StatusStopped:
		return true
	}
	return false
}

// Charge types (DescribeInstances' InstanceChargeType).
const (
	// ChargePrePaid is subscription billing, the one ModifyPrepayInstanceSpec changes.
	ChargePrePaid = "PrePaid"
	// ChargePostPaid is pay-as-you-go billing (ModifyInstanceSpec changes its type).
	ChargePostPaid = "PostPaid"
)

// Spot strategies (DescribeInstances' SpotStrategy). Anything but NoSpot (or empty) is a
// preemptible instance.
const (
	// SpotNone: not a preemptible instance.
	SpotNone = "NoSpot"
	// SpotWithPriceLimit: a preemptible instance with a maximum hourly price.
	SpotWithPriceLimit = "SpotWithPriceLimit"
	// SpotAsPriceGo: a preemptible instance at the market price.
	SpotAsPriceGo = "SpotAsPriceGo"
)

// OS types (DescribeInstances' OSType).
const (
	// OSLinux is a Linux (or other Unix-like) image.
	OSLinux = "linux"
	// OSWindows is a Windows image.
	OSWindows = "windows"
)

// Network types.
const (
	// NetworkVPC is a virtual private cloud.
	NetworkVPC = "vpc"
	// NetworkClassic is the classic network: a move across zones changes the private IP.
	NetworkClassic = "classic"
)

// Disk categories known to respec. The request's SystemDisk.Category accepts only
// cloud_efficiency and cloud_ssd; Disk.N.Category accepts every category below but "cloud".
const (
	// DiskCloud is the basic disk of the retired types.
	DiskCloud = "cloud"
	// DiskCloudEfficiency is the ultra disk.
	DiskCloudEfficiency = "cloud_efficiency"
	// DiskCloudSSD is the standard SSD.
	DiskCloudSSD = "cloud_ssd"
	// DiskCloudESSD is the enhanced SSD (ESSD).
	DiskCloudESSD = "cloud_essd"
	// DiskCloudAuto is the ESSD AutoPL disk.
	DiskCloudAuto = "cloud_auto"
	// DiskCloudESSDEntry is the ESSD Entry disk.
	DiskCloudESSDEntry = "cloud_essd_entry"
)

// Operation lock reasons (DescribeInstances' OperationLocks.LockReason).
const (
	// LockFinancial: locked for an overdue payment.
	LockFinancial = "financial"
	// LockSecurity: locked for security reasons.
	LockSecurity = "security"
	// LockRecycling: a preemptible instance locked before its release.
	LockRecycling = "Recycling"
)

// Kinds of order in an instance's history.
const (
	// OrderPurchase is the instance's first order, its purchase.
	OrderPurchase = "Purchase"
	// OrderRenewal extends the subscription by whole months.
	OrderRenewal = "Renewal"
	// OrderUpgrade pays for an upgrade from its moment to the end of the subscription.
	OrderUpgrade = "Upgrade"
	// OrderDowngrade is the order a downgrade generates: the refund rules say a downgrade
	// "cancels the original order and generates a new order with the new configuration".
	// It is a base order (like a purchase) of the new type, from the change to the end of
	// the orders it replaced; see Order for how each of its fields is derived.
	OrderDowngrade = "Downgrade"
)

// Kinds of unpaid order.
const (
	// UnpaidModification is an unpaid configuration-change order (AutoPay=false upgrade).
	UnpaidModification = "Modification"
	// UnpaidRenewal is an unpaid renewal order.
	UnpaidRenewal = "Renewal"
)

// Payment methods of an order, which decide where a refund goes.
const (
	// PayBalance: paid from the account's balance.
	PayBalance = "balance"
	// PayCreditCard: paid by credit card (a refund goes back to it within 150 days).
	PayCreditCard = "credit_card"
	// PayPal: paid through PayPal (a refund goes back to it within 180 days).
	PayPal = "paypal"
)

// RAM permissions a RAM user may hold. The account's main identity (no RAMUser) holds them all.
const (
	// PermModify allows calling ModifyPrepayInstanceSpec at all.
	PermModify = "ecs:ModifyPrepayInstanceSpec"
	// PermPrice allows placing an order left unpaid (an AutoPay=false upgrade).
	PermPrice = "bss:PriceQuery"
	// PermRefund allows the refund a downgrade makes.
	PermRefund = "bss:Refund"
	// PermPassRole allows passing the instance's RAM role on to the new type.
	PermPassRole = "ram:PassRole"
)
