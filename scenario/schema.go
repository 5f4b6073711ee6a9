package scenario

import (
	"reflect"
	"slices"
	"sync"

	"github.com/respec-dev/respec/fleet/plan"
	"github.com/respec-dev/respec/model"
)

// This file states the scenario schema once: one row per field of every struct a scenario
// document holds, tied to the field itself (a selector the compiler checks, not its name in a
// string). The reader takes its caps, ranges and enumerations from here, and SCHEMA.md is
// written from here (TestSchemaDoc keeps it current). A field that has no row fails
// TestSchemaRows; a field's JSON key is its struct tag's.
//
// To add a field: add it to its struct with its json tag, then one row below, in the struct's
// block, such as
//
//	row(func(x *Instance) any { return &x.Tags }, "its tags", entries(64)),
//
// with the options it needs: entries(n) for a list or map cap, between(lo, hi) for an
// integer range, values(...) for an enumeration ("" among them: may be left out),
// atMostOne() for a factor.

// fieldRow is one row of the scenario schema.
type fieldRow struct {
	owner reflect.Type // the struct holding the field
	index int          // the field's index in owner
	doc   string       // what the field holds, in one line
	// key is the field's document key when its struct tag does not give it (top level).
	key string
	// required: the document must give the field; def is the value taken when it is absent,
	// when that is not the zero value.
	required bool
	def      string
	// cap is the most entries of a list or map (0: defaultListCap).
	cap int
	// lo and hi bound an integer (both 0: from 0 to maxScenarioCount, or maxScenarioCount64
	// for an int64).
	lo, hi int64
	// enum lists the values a string may take (nil: any); "" among them means it may be left
	// out.
	enum []string
	// unit bounds a decimal by 1.
	unit bool
}

// rowOption sets one column of a row.
type rowOption func(*fieldRow)

func entries(n int) rowOption            { return func(r *fieldRow) { r.cap = n } }
func between(lo, hi int64) rowOption     { return func(r *fieldRow) { r.lo, r.hi = lo, hi } }
func values(allowed ...string) rowOption { return func(r *fieldRow) { r.enum = allowed } }
func atMostOne() rowOption               { return func(r *fieldRow) { r.unit = true } }
func required() rowOption                { return func(r *fieldRow) { r.required = true } }
func byDefault(v string) rowOption       { return func(r *fieldRow) { r.def = v } }
func named(key string) rowOption         { return func(r *fieldRow) { r.key = key } }

// row is the row of the field of T that sel points to.
func row[T any](sel func(*T) any, doc string, opts ...rowOption) fieldRow {
	var zero T
	owner := reflect.TypeFor[T]()
	p := reflect.ValueOf(sel(&zero))
	r := fieldRow{owner: owner, doc: doc, index: fieldAt(owner, p.Pointer()-reflect.ValueOf(&zero).Pointer(), p.Type().Elem())}
	for _, o := range opts {
		o(&r)
	}
	return r
}

// fieldAt returns the index of the field of the struct owner at offset off of type t; it
// panics when there is none (a row whose selector does not point to a field of its owner).
func fieldAt(owner reflect.Type, off uintptr, t reflect.Type) int {
	for i := range owner.NumField() {
		if f := owner.Field(i); f.Offset == off && f.Type == t {
			return i
		}
	}
	panic("scenario schema: a row's selector does not point to a field of " + owner.Name())
}

// Limits of scenario lists and maps.
const (
	maxRequestEntries = 4096
	defaultListCap    = 1000
	bigListCap        = 10000
)

// typeEnums are the enumerations stated by a type, wherever it appears (fields, list
// entries, map values).
var typeEnums = map[reflect.Type][]string{
	reflect.TypeFor[model.Status]():      {string(model.StatusPending), string(model.StatusStarting), string(model.StatusRunning), string(model.StatusStopping), string(model.StatusStopped)},
	reflect.TypeFor[model.StockStatus](): stockStatusNames(),
}

// stockStatusNames are model.StockStatuses as strings.
func stockStatusNames() []string {
	var out []string
	for _, s := range model.StockStatuses() {
		out = append(out, string(s))
	}
	return out
}

// schemaRows returns the rows, struct by struct in document order. Read-only.
var schemaRows = sync.OnceValue(func() []fieldRow {
	return []fieldRow{
		// The document's top level.
		row(func(x *Scenario) any { return &x.Description }, "free text, ignored by the rules", named("description")),
		row(func(x *Scenario) any { return &x.Now }, "the moment of the request", named("now"), required()),
		row(func(x *Scenario) any { return &x.Request }, "the raw request: wire names to string values, exactly as in the query (checked by ParseMap, not here)", named("request"), required(), entries(maxRequestEntries)),
		row(func(x *Scenario) any { return &x.Policy }, `a preset name ("current", "2020", "2019" (an alias of "2020"), "2018-09", "2018") or {"Base": name, <Policy field>: value, ...}`, named("policy"), byDefault(model.PresetCurrent)),
		row(func(x *Scenario) any { return &x.Facts }, "not a key: its fields are the top-level keys instance, account, idempotency, throttle and serviceUnavailable", named("-")),
		row(func(x *Scenario) any { return &x.CatalogData }, "the catalog (must also pass NewCatalog); absent: the caller's default", named("catalog")),
		row(func(x *model.Facts) any { return &x.Instance }, "the instance (DescribeInstances names)"),
		row(func(x *model.Facts) any { return &x.Account }, "the account"),
		row(func(x *model.Facts) any { return &x.Idempotency }, "the ledger: ClientToken to the accepted request that carried it", entries(bigListCap)),
		row(func(x *model.Facts) any { return &x.Throttle }, "the request counters of the current minute"),
		row(func(x *model.Facts) any { return &x.ServiceUnavailable }, "the service answers ServiceUnavailable"),

		// Instance.
		row(func(x *model.Instance) any { return &x.InstanceID }, "the instance's ID"),
		row(func(x *model.Instance) any { return &x.RegionID }, "its region"),
		row(func(x *model.Instance) any { return &x.ZoneID }, "its zone"),
		row(func(x *model.Instance) any { return &x.Status }, "its status"),
		row(func(x *model.Instance) any { return &x.ChargeType }, "its billing method", values("", model.ChargePrePaid, model.ChargePostPaid)),
		row(func(x *model.Instance) any { return &x.SpotStrategy }, "its preemption policy", values("", model.SpotNone, model.SpotWithPriceLimit, model.SpotAsPriceGo)),
		row(func(x *model.Instance) any { return &x.InstanceType }, "its current instance type"),
		row(func(x *model.Instance) any { return &x.PendingInstanceType }, "the type it changes to at its next restart, if any"),
		row(func(x *model.Instance) any { return &x.PendingRebootTime }, "when that restart is planned"),
		row(func(x *model.Instance) any { return &x.CreationTime }, "when it was created"),
		row(func(x *model.Instance) any { return &x.ExpiredTime }, "when its subscription expires"),
		row(func(x *model.Instance) any { return &x.OSType }, "its operating system", values("", model.OSLinux, model.OSWindows)),
		row(func(x *model.Instance) any { return &x.NetworkType }, "its network type", values("", model.NetworkVPC, model.NetworkClassic)),
		row(func(x *model.Instance) any { return &x.VpcAdvancedNetworkFeature }, "the VPC advanced network feature is on"),
		row(func(x *model.Instance) any { return &x.Image }, "its image"),
		row(func(x *model.Instance) any { return &x.SystemDisk }, "its system disk"),
		row(func(x *model.Instance) any { return &x.DataDisks }, "its data disks", entries(64)),
		row(func(x *model.Instance) any { return &x.LocalDisks }, "how many local disks it has"),
		row(func(x *model.Instance) any { return &x.ENIs }, "its network interfaces", entries(64)),
		row(func(x *model.Instance) any { return &x.EIPAddress }, "its elastic IP address, if any"),
		row(func(x *model.Instance) any { return &x.SpecialEIP }, "its associated EIP makes it a special instance, refused any change until the EIP is unassociated (InvalidInstance.EipNotSupport); no effect without EipAddress"),
		row(func(x *model.Instance) any { return &x.Tags }, "its tags (DescribeInstances' Tags.Tag), in order", entries(128)),
		row(func(x *model.Tag) any { return &x.TagKey }, "the tag's key"),
		row(func(x *model.Tag) any { return &x.TagValue }, "the tag's value"),
		row(func(x *model.Instance) any { return &x.StarterPackage }, "it is a starter package instance"),
		row(func(x *model.Instance) any { return &x.HibernationConfigured }, "hibernation is configured"),
		row(func(x *model.Instance) any { return &x.NestedVirtualization }, "nested virtualization is on"),
		row(func(x *model.Instance) any { return &x.RAMRole }, "its RAM role"),
		row(func(x *model.Instance) any { return &x.OperationLocks }, "its operation lock reasons", entries(64)),
		row(func(x *model.Instance) any { return &x.OrderInProgress }, "an order still being processed"),
		row(func(x *model.Instance) any { return &x.UnpaidOrders }, "its unpaid orders", entries(100)),
		row(func(x *model.Instance) any { return &x.TemporaryUpgrade }, "a temporary upgrade in force"),
		row(func(x *model.Instance) any { return &x.OnlineModifications }, "online type changes made this billing cycle"),
		row(func(x *model.Instance) any { return &x.RebootRequired }, "a change waits for a restart"),
		row(func(x *model.Instance) any { return &x.LastModifiedTime }, "when its type last changed"),
		row(func(x *model.Instance) any { return &x.Refunds }, "downgrade refunds it has had"),
		row(func(x *model.Instance) any { return &x.NvmePrecautionsDone }, "the NVMe precautions for Windows are done"),
		row(func(x *model.Instance) any { return &x.Orders }, "its paid orders, the billing history", entries(defaultListCap)),
		row(func(x *model.Image) any { return &x.ImageID }, "the image's ID"),
		row(func(x *model.Image) any { return &x.Marketplace }, "it is a marketplace image"),
		row(func(x *model.Image) any { return &x.Unauthorized }, "the account may not use it"),
		row(func(x *model.Image) any { return &x.MarketplaceOrderFails }, "its marketplace order fails"),
		row(func(x *model.Image) any { return &x.UnsupportedFamilies }, "families it cannot run on"),
		row(func(x *model.Image) any { return &x.SupportedFamilies }, "the only families it runs on, when given"),
		row(func(x *model.Disk) any { return &x.DiskID }, "the disk's ID"),
		row(func(x *model.Disk) any { return &x.Category }, "its category"),
		row(func(x *model.Disk) any { return &x.SizeGiB }, "its size in GiB"),
		row(func(x *model.Disk) any { return &x.PerformanceLevel }, "its performance level"),
		row(func(x *model.Disk) any { return &x.Detached }, "it is detached"),
		row(func(x *model.ENI) any { return &x.ENIID }, "the interface's ID"),
		row(func(x *model.ENI) any { return &x.Primary }, "it is the primary interface"),
		row(func(x *model.ENI) any { return &x.PrivateIPv4 }, "its private IPv4 addresses"),
		row(func(x *model.ENI) any { return &x.IPv6 }, "its IPv6 addresses"),
		row(func(x *model.ENI) any { return &x.QueueNumber }, "its queues"),
		row(func(x *model.OrderInProgress) any { return &x.OrderID }, "the order's ID"),
		row(func(x *model.OrderInProgress) any { return &x.Until }, "when its processing ends"),
		row(func(x *model.UnpaidOrder) any { return &x.OrderID }, "the order's ID"),
		row(func(x *model.UnpaidOrder) any { return &x.Kind }, "what it is for", values(model.UnpaidModification, model.UnpaidRenewal)),
		row(func(x *model.UnpaidOrder) any { return &x.InstanceType }, "the type it changes to"),
		row(func(x *model.UnpaidOrder) any { return &x.Amount }, "the amount due"),
		row(func(x *model.UnpaidOrder) any { return &x.Abnormal }, "it is in an abnormal state"),
		row(func(x *model.Instance) any { return &x.RenewWithDowngradePlanned }, "a renewal with downgrade is planned"),
		row(func(x *model.TemporaryUpgrade) any { return &x.Until }, "when the temporary upgrade ends"),
		row(func(x *model.TemporaryUpgrade) any { return &x.RevertTo }, "the type it reverts to"),
		row(func(x *model.Order) any { return &x.OrderID }, "the order's ID"),
		row(func(x *model.Order) any { return &x.Kind }, "what it bought", values(model.OrderPurchase, model.OrderRenewal, model.OrderUpgrade, model.OrderDowngrade)),
		row(func(x *model.Order) any { return &x.InstanceType }, "the type it is for"),
		row(func(x *model.Order) any { return &x.PreviousInstanceType }, "the type before it (upgrades)"),
		row(func(x *model.Order) any { return &x.Start }, "when its period starts"),
		row(func(x *model.Order) any { return &x.End }, "when its period ends (after Start)"),
		row(func(x *model.Order) any { return &x.ListPrice }, "its list price"),
		row(func(x *model.Order) any { return &x.CashPaid }, "the cash paid"),
		row(func(x *model.Order) any { return &x.VoucherPaid }, "the vouchers paid"),
		row(func(x *model.Order) any { return &x.Discount }, "its discount factor (0: not recorded)", atMostOne()),
		row(func(x *model.Order) any { return &x.PaymentMethod }, "how it was paid", values("", model.PayBalance, model.PayCreditCard, model.PayPal)),
		row(func(x *model.Order) any { return &x.PaidAt }, "when it was paid"),
		row(func(x *model.Order) any { return &x.CancelledAt }, "when a downgrade cancelled it and generated a new order (absent: in force); not before Start"),

		// Account.
		row(func(x *model.Account) any { return &x.AccountID }, "the account's ID"),
		row(func(x *model.Account) any { return &x.Balance }, "its balance"),
		row(func(x *model.Account) any { return &x.InArrears }, "it has overdue payments"),
		row(func(x *model.Account) any { return &x.NoBillingMethod }, "it has no valid billing method"),
		row(func(x *model.Account) any { return &x.RAMUser }, "the RAM user making the request, if any"),
		row(func(x *model.Account) any { return &x.AuthorizedTypes }, "instance types the account is authorized for", entries(bigListCap)),
		row(func(x *model.Account) any { return &x.NoRealTimeDowngrade }, "the account lacks the real-time downgrade privilege (a downgrade answers OperationDenied)"),
		row(func(x *model.Account) any { return &x.TicketedFamilyChanges }, "the ticket-only family changes the account holds a support ticket for", entries(bigListCap)),
		row(func(x *model.FamilyPair) any { return &x.From }, "the family changed from"),
		row(func(x *model.FamilyPair) any { return &x.To }, "the family changed to"),
		row(func(x *model.Account) any { return &x.Quotas }, "its quotas and their use"),
		row(func(x *model.RAMUser) any { return &x.Name }, "the user's name"),
		row(func(x *model.RAMUser) any { return &x.Permissions }, "the actions it may call"),
		row(func(x *model.RAMUser) any { return &x.AllowedInstanceTypes }, "the instance types it may use, when given", entries(bigListCap)),
		row(func(x *model.Quotas) any { return &x.DowngradesPerMonth }, "downgrades allowed per month (absent: the policy's default)"),
		row(func(x *model.Quotas) any { return &x.Downgrades }, "when the downgrades counted happened", entries(bigListCap)),
		row(func(x *model.Quotas) any { return &x.RefundedVCPUHoursPerMonth }, "refunded vCPU·hours allowed per month"),
		row(func(x *model.Quotas) any { return &x.RefundedVCPU }, "the refunded vCPU·hours counted", entries(bigListCap)),
		row(func(x *model.Quotas) any { return &x.Elastic }, "elastic vCPU quotas", entries(bigListCap)),
		row(func(x *model.Quotas) any { return &x.DiskCapacity }, "disk capacity quotas"),
		row(func(x *model.QuotaUse) any { return &x.At }, "when it was used"),
		row(func(x *model.QuotaUse) any { return &x.Amount }, "how much"),
		row(func(x *model.ElasticQuota) any { return &x.ZoneID }, "the zone"),
		row(func(x *model.ElasticQuota) any { return &x.InstanceType }, "the instance type"),
		row(func(x *model.ElasticQuota) any { return &x.LimitVCPU }, "the vCPU limit"),
		row(func(x *model.ElasticQuota) any { return &x.UsedVCPU }, "the vCPUs in use"),
		row(func(x *model.DiskCapacityQuota) any { return &x.ZoneID }, "the zone"),
		row(func(x *model.DiskCapacityQuota) any { return &x.Category }, "the disk category"),
		row(func(x *model.DiskCapacityQuota) any { return &x.LimitGiB }, "the capacity limit in GiB"),
		row(func(x *model.DiskCapacityQuota) any { return &x.UsedGiB }, "the capacity in use in GiB"),

		// Idempotency and throttling.
		row(func(x *model.Record) any { return &x.Fingerprint }, "the fingerprint of the request accepted"),
		row(func(x *model.Record) any { return &x.At }, "when it was accepted"),
		row(func(x *model.Record) any { return &x.RequestID }, "its request ID"),
		row(func(x *model.Record) any { return &x.OrderID }, "its order ID"),
		row(func(x *model.Throttle) any { return &x.Minute }, "the minute counted"),
		row(func(x *model.Throttle) any { return &x.Count }, "the instance's requests in it"),
		row(func(x *model.Throttle) any { return &x.Limit }, "the instance's limit per minute"),
		row(func(x *model.Throttle) any { return &x.AccountCount }, "the account's requests in it"),
		row(func(x *model.Throttle) any { return &x.AccountLimit }, "the account's limit per minute"),

		// Catalog.
		row(func(x *model.CatalogData) any { return &x.Regions }, "the regions priced", entries(256)),
		row(func(x *model.CatalogData) any { return &x.Currency }, "the currency of the prices"),
		row(func(x *model.CatalogData) any { return &x.PricesIllustrative }, "the prices are illustrative, not real (save those a type lists in RealPriceRegions)"),
		row(func(x *model.CatalogData) any { return &x.Types }, "the instance types", entries(bigListCap)),
		row(func(x *model.CatalogData) any { return &x.Discounts }, "discounts by subscription length", entries(100)),
		row(func(x *model.InstanceType) any { return &x.InstanceTypeID }, "the type's ID"),
		row(func(x *model.InstanceType) any { return &x.Family }, "its family"),
		row(func(x *model.InstanceType) any { return &x.FamilyLevel }, "its family level"),
		row(func(x *model.InstanceType) any { return &x.Generation }, "its generation"),
		row(func(x *model.InstanceType) any { return &x.CPUArch }, "its CPU architecture"),
		row(func(x *model.InstanceType) any { return &x.CPU }, "its vCPUs"),
		row(func(x *model.InstanceType) any { return &x.MemoryGiB }, "its memory in GiB"),
		row(func(x *model.InstanceType) any { return &x.EniQuantity }, "the network interfaces it takes"),
		row(func(x *model.InstanceType) any { return &x.EniPrivateIPv4PerEni }, "private IPv4 addresses per interface"),
		row(func(x *model.InstanceType) any { return &x.EniIPv6PerEni }, "IPv6 addresses per interface"),
		row(func(x *model.InstanceType) any { return &x.PrimaryEniQueueNumber }, "queues of the primary interface"),
		row(func(x *model.InstanceType) any { return &x.SecondaryEniQueueNumber }, "queues of a secondary interface"),
		row(func(x *model.InstanceType) any { return &x.MaximumQueueNumberPerEni }, "the most queues per interface"),
		row(func(x *model.InstanceType) any { return &x.TotalEniQueueQuantity }, "the most queues in all"),
		row(func(x *model.InstanceType) any { return &x.IPv6Supported }, "it supports IPv6"),
		row(func(x *model.InstanceType) any { return &x.DiskQuantity }, "the most disks it takes"),
		row(func(x *model.InstanceType) any { return &x.LocalStorageAmount }, "its local disks"),
		row(func(x *model.InstanceType) any { return &x.NvmeSupport }, "its NVMe support (absent: not published)", values("", "required", "supported", "unsupported")),
		row(func(x *model.InstanceType) any { return &x.IoOptimized }, "it is I/O optimized"),
		row(func(x *model.InstanceType) any { return &x.SupportedDiskCategories }, "the disk categories it takes", entries(64)),
		row(func(x *model.InstanceType) any { return &x.OSTypes }, "the operating systems it runs, when given", entries(16)),
		row(func(x *model.InstanceType) any { return &x.Offline }, "it is no longer sold"),
		row(func(x *model.InstanceType) any { return &x.RequiresAuthorization }, "an account needs authorization to use it"),
		row(func(x *model.InstanceType) any { return &x.NestedVirtualizationSupported }, "it supports nested virtualization"),
		row(func(x *model.InstanceType) any { return &x.OnlineModificationSupported }, "it can be changed to without a restart"),
		row(func(x *model.InstanceType) any { return &x.MonthlyPrice }, "its monthly price by region (illustrative when the catalog's are, save in RealPriceRegions)", entries(256)),
		row(func(x *model.InstanceType) any { return &x.RealPriceRegions }, "the regions whose monthly price is a real list price (a price overlay, DescribePrice)", entries(256)),
		row(func(x *model.InstanceType) any { return &x.Stock }, "its stock by zone (absent: offered with stock everywhere; a zone not listed, or {}: not offered there)", entries(1024)),
		row(func(x *model.CatalogData) any { return &x.FamilyChanges }, "the family changes allowed"),
		row(func(x *model.CatalogData) any { return &x.TicketFamilyChanges }, "the family changes that need a support ticket and cannot be reversed", entries(bigListCap)),
		row(func(x *model.TicketChange) any { return &x.FromFamilies }, "the families changed from"),
		row(func(x *model.TicketChange) any { return &x.ToFamilies }, "the families changed to"),
		row(func(x *model.TicketChange) any { return &x.Note }, "the documents' words the entry transcribes"),
		row(func(x *model.FamilyChange) any { return &x.FromFamilies }, "the families changed from"),
		row(func(x *model.FamilyChange) any { return &x.Changeable }, "the change is allowed"),
		row(func(x *model.FamilyChange) any { return &x.ToFamilies }, "the families changed to"),
		row(func(x *model.FamilyChange) any { return &x.ToInstanceTypes }, "the instance types changed to"),
		row(func(x *model.FamilyChange) any { return &x.Group }, "the group of families"),
		row(func(x *model.FamilyChange) any { return &x.Note }, "a note from the source"),
		row(func(x *model.DurationDiscount) any { return &x.MinMonths }, "the shortest subscription it applies to, in months"),
		row(func(x *model.DurationDiscount) any { return &x.Factor }, "the price factor"),

		// Policy.
		row(func(x *model.Policy) any { return &x.Name }, "the policy's name (the base's unless given)"),
		row(func(x *model.Policy) any { return &x.Direction }, "how upgrade or downgrade is decided", values(model.DirectionDetected, model.DirectionDeclared)),
		row(func(x *model.Policy) any { return &x.UpgradeStatuses }, "the statuses an upgrade is allowed in", entries(16)),
		row(func(x *model.Policy) any { return &x.DowngradeStatuses }, "the statuses a downgrade is allowed in", entries(16)),
		row(func(x *model.Policy) any { return &x.ArrearsBlock }, "overdue payments block a change"),
		row(func(x *model.Policy) any { return &x.MinGapBetweenChanges }, "the least time between two changes"),
		row(func(x *model.Policy) any { return &x.MonthlyDowngradeQuota }, "downgrades are counted per month"),
		row(func(x *model.Policy) any { return &x.DefaultDowngradesPerMonth }, "downgrades per month when the account states none (0: no quota)"),
		row(func(x *model.Policy) any { return &x.RefundsPerInstance }, "the most downgrade refunds per instance (0: no limit)"),
		row(func(x *model.Policy) any { return &x.RefundedVCPUHoursPerMonth }, "the most refunded vCPU·hours per month (0: no limit)"),
		row(func(x *model.Policy) any { return &x.RefundRule }, "how a downgrade's refund is computed", values(model.RefundCurrent, model.Refund2022)),
		row(func(x *model.Policy) any { return &x.RatioReading }, "which reading of the refund rules prices the price-difference ratio", values(model.RatioPrinted, model.RatioOneBasis)),
		row(func(x *model.Policy) any { return &x.NvmeWindowsPrecaution }, "Windows instances need the NVMe precautions"),
		row(func(x *model.Policy) any { return &x.CurrencyPlaces }, "the places money is rounded to", between(0, model.MaxDecimalExponent)),
		row(func(x *model.Policy) any { return &x.ChargeRounding }, "how charges are rounded", values(model.RoundHalfUp, model.RoundHalfEven, model.RoundDown, model.RoundUp)),
		row(func(x *model.Policy) any { return &x.RefundRounding }, "how refunds are rounded", values(model.RoundHalfUp, model.RoundHalfEven, model.RoundDown, model.RoundUp)),
		row(func(x *model.Policy) any { return &x.RebootTimeMaxAhead }, "how far ahead a restart may be planned (0: no window beyond now and expiry)"),
		row(func(x *model.Policy) any { return &x.MaxOnlineModifications }, "the most online changes between restarts (0: no limit)"),
		row(func(x *model.Policy) any { return &x.TokenTTL }, "how long a ClientToken is remembered"),
		row(func(x *model.Policy) any { return &x.BillingUTCOffsetMinutes }, "the billing time zone, in minutes east of UTC", between(-24*60, 24*60)),
		row(func(x *model.Policy) any { return &x.CompletionTime }, "how long an order takes to complete"),
		row(func(x *model.Policy) any { return &x.DefaultMaxDataDisks }, "the most data disks when the type states none (0: not checked)"),
		row(func(x *model.Policy) any { return &x.UnderMonthFactor }, "the price factor of a period under a month"),

		// A world file's top level (World): the accounts and what they own, over time.
		row(func(x *World) any { return &x.Description }, "free text, ignored", named("description")),
		row(func(x *World) any { return &x.Now }, "the world's moment: every plan moment is at or after it", named("now"), required()),
		row(func(x *World) any { return &x.Policy }, "the policy in force, as a scenario's policy", named("policy"), byDefault(model.PresetCurrent)),
		row(func(x *World) any { return &x.Limits }, "the throttle thresholds and the longest renewal (absent: nothing throttled)", named("limits")),
		row(func(x *World) any { return &x.CatalogData }, "the catalog (must also pass NewCatalog); absent: the embedded default", named("catalog")),
		row(func(x *World) any { return &x.Accounts }, "the accounts, each with the instances it owns (AccountIds and InstanceIds unique across the world)", named("accounts"), entries(MaxWorldAccounts)),
		row(func(x *WorldLimits) any { return &x.PerAPI }, "requests per minute of each API (ModifyPrepayInstanceSpec, StartInstance, StopInstance, RebootInstance, RenewInstance) per region and account; absent or 0: no limit", entries(16)),
		row(func(x *WorldLimits) any { return &x.PerAccount }, "requests per minute of an account across the APIs of a region (0: no limit)"),
		row(func(x *WorldLimits) any { return &x.MaxRenewMonths }, "the longest renewal RenewInstance accepts, in months (0: 60)", between(0, 1200)),
		row(func(x *WorldAccount) any { return &x.Account }, "the account: AccountId (required), Balance, InArrears, quotas and their use, ...; no RAMUser (the caller is named per request)"),
		row(func(x *WorldAccount) any { return &x.RAMUsers }, "the account's RAM users, each with its permissions (names unique)"),
		row(func(x *WorldAccount) any { return &x.Tokens }, "ClientTokens already used, each with the record of its accepted request (At not after now; those past the policy's TokenTTL are forgotten)", entries(bigListCap)),
		row(func(x *WorldAccount) any { return &x.Requests }, "the account's throttle counts in the world's current minute"),
		row(func(x *WorldAccount) any { return &x.Instances }, "the instances the account owns (each with its InstanceId)", entries(MaxWorldInstances)),
		row(func(x *WorldAccount) any { return &x.AccessKeys }, "AccessKeyIds for respec serve, each naming \"\" (the account) or one of its RamUsers; unique across the world; \"*\" stands for every other AccessKeyId"),
		row(func(x *WorldRequestCount) any { return &x.API }, "the API counted (absent: all APIs of the region)"),
		row(func(x *WorldRequestCount) any { return &x.RegionID }, "the region"),
		row(func(x *WorldRequestCount) any { return &x.Count }, "the requests counted"),

		// A plan document's top level (plan.Plan), and a JSON Lines plan's lines (plan.Request).
		row(func(x *plan.Plan) any { return &x.Requests }, "timed requests, in non-decreasing At order", entries(plan.MaxRequests)),
		row(func(x *plan.Plan) any { return &x.Rules }, "resize rules, each expanded into one request per instance it selects", entries(1000)),
		row(func(x *plan.Plan) any { return &x.Options }, "the orchestration a client adds around each ModifyPrepayInstanceSpec"),
		row(func(x *plan.Request) any { return &x.At }, "when the client sends it: not before the world's now, nor before the previous request's At (required)"),
		row(func(x *plan.Request) any { return &x.Operation }, "the operation", values(plan.Operations()...)),
		row(func(x *plan.Request) any { return &x.AccountID }, "the caller's account (absent: the instance's owner)"),
		row(func(x *plan.Request) any { return &x.RAMUser }, "the caller's RAM user, one of the account's RamUsers (absent: the account itself)"),
		row(func(x *plan.Request) any { return &x.InstanceID }, "the instance, one of the world's (required)"),
		row(func(x *plan.Request) any { return &x.RegionID }, "the region sent (absent: the instance's)"),
		row(func(x *plan.Request) any { return &x.Targets }, "the candidate types of a ModifyPrepayInstanceSpec, in order of preference (required for it)", entries(64)),
		row(func(x *plan.Request) any { return &x.Params }, "further ModifyPrepayInstanceSpec parameters by wire name (AutoPay, ClientToken, RebootTime, ...)", entries(maxRequestEntries)),
		row(func(x *plan.Request) any { return &x.Months }, "a RenewInstance's period in months", between(0, plan.MaxMonths)),
		row(func(x *plan.Request) any { return &x.OrderID }, "the order a PayOrder or CancelOrder names"),
		row(func(x *plan.ResizeRule) any { return &x.Name }, "the rule's name in the output (absent: rule N)"),
		row(func(x *plan.ResizeRule) any { return &x.Filter }, "which instances it selects (ascending InstanceId order)"),
		row(func(x *plan.ResizeRule) any { return &x.Targets }, "the candidate types, in order of preference (required)", entries(64)),
		row(func(x *plan.ResizeRule) any { return &x.Start }, "when its first request is sent (required; not before the world's now)"),
		row(func(x *plan.ResizeRule) any { return &x.Interval }, "the time between its requests"),
		row(func(x *plan.ResizeRule) any { return &x.Params }, "further ModifyPrepayInstanceSpec parameters by wire name", entries(maxRequestEntries)),
		row(func(x *plan.ResizeRule) any { return &x.TokenPrefix }, "gives each request the ClientToken TokenPrefix + InstanceId, so that a second run replays"),
		row(func(x *plan.Filter) any { return &x.InstanceTypes }, "instance types selected (absent: any)"),
		row(func(x *plan.Filter) any { return &x.Families }, "families selected (absent: any)"),
		row(func(x *plan.Filter) any { return &x.Zones }, "zones selected (absent: any)"),
		row(func(x *plan.Filter) any { return &x.Statuses }, "statuses selected (absent: any)", entries(16)),
		row(func(x *plan.Filter) any { return &x.Tags }, "tags that must all be on the instance (a TagValue absent matches any value)", entries(128)),
		row(func(x *plan.Filter) any { return &x.AccountIDs }, "owning accounts selected, each one of the world's (absent: any)", entries(bigListCap)),
		row(func(x *plan.Options) any { return &x.StopStart }, "stop a Running instance before the change and start it once the change has completed"),
		row(func(x *plan.Options) any { return &x.RetryThrottling }, "resend after Throttling, with this backoff"),
		row(func(x *plan.Options) any { return &x.WaitOrderProcessing }, "resend after LastOrderProcessing, with this backoff"),
		row(func(x *plan.Options) any { return &x.NextCandidateOnNoStock }, "ask for the next of the Targets after OperationDenied.NoStock"),
		row(func(x *plan.Backoff) any { return &x.Retries }, "the most retries", between(0, plan.MaxRetries)),
		row(func(x *plan.Backoff) any { return &x.Initial }, "the first pause"),
		row(func(x *plan.Backoff) any { return &x.Multiplier }, "each next pause is this times the previous (below 1: 1; at most 100)"),
		row(func(x *plan.Backoff) any { return &x.Max }, "the longest pause (0: a day, the cap of any pause)"),
	}
})

// schemaIndex finds a field's row. Read-only once built.
var schemaIndex = sync.OnceValue(func() map[reflect.Type]map[int]*fieldRow {
	idx := map[reflect.Type]map[int]*fieldRow{}
	rows := schemaRows()
	for i := range rows {
		r := &rows[i]
		if idx[r.owner] == nil {
			idx[r.owner] = map[int]*fieldRow{}
		}
		idx[r.owner][r.index] = r
	}
	return idx
})

// rowOf returns the row of field index of the struct owner, or nil.
func rowOf(owner reflect.Type, index int) *fieldRow {
	return schemaIndex()[owner][index]
}

// listCap returns the most entries a list or map field may hold.
func (r *fieldRow) listCap() int {
	if r != nil && r.cap > 0 {
		return r.cap
	}
	return defaultListCap
}

// intRange returns the accepted range of an integer field of kind k.
func (r *fieldRow) intRange(k reflect.Kind) (lo, hi int64) {
	switch {
	case r != nil && (r.lo != 0 || r.hi != 0):
		return r.lo, r.hi
	case k == reflect.Int64:
		return 0, maxScenarioCount64
	}
	return 0, maxScenarioCount
}

// enumOf returns the values a string of type t in the field may take, or nil when any string
// will do. "" among them means the field may be left out.
func (r *fieldRow) enumOf(t reflect.Type) []string {
	if e, ok := typeEnums[t]; ok {
		return e
	}
	if r == nil || t.Kind() != reflect.String {
		return nil
	}
	return r.enum
}

// containsEmpty reports whether "" is among the values of an enumeration: the field may be
// left out.
func containsEmpty(e []string) bool {
	return slices.Contains(e, "")
}
