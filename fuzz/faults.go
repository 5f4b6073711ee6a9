package fuzz

import (
	"net/url"
	"slices"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
)

// Fault breaks exactly one documented rule of a world that every rule accepts.
type Fault struct {
	// ID is the catalog entry the broken rule returns.
	ID errcodes.ID
	// Name says what is broken.
	Name string
	// Base returns the accepted world the fault starts from.
	Base func() World
	// Break changes the world (the facts, the catalog or the parsed request); nil for a
	// fault on the wire form.
	Break func(w *World)
	// Wire changes the request's wire form before it is parsed; nil for a fault in the facts.
	Wire func(v url.Values)
}

// Target returns the catalog entry of the world's target type, for a mutator to change.
// When the target is not in the catalog (another mutator changed it), Target returns a
// detached entry, so that mutators compose.
func (w *World) Target() *model.InstanceType {
	if t := w.Type(w.Request.InstanceType); t != nil {
		return t
	}
	return &model.InstanceType{}
}

// Type returns the catalog entry named id, or nil.
func (w *World) Type(id string) *model.InstanceType {
	for i := range w.Catalog.Types {
		if w.Catalog.Types[i].InstanceTypeID == id {
			return &w.Catalog.Types[i]
		}
	}
	return nil
}

// Retired returns an accepted world in which the instance runs a retired,
// non-I/O-optimized type (ecs.n1.medium) and upgrades to ecs.g6.xlarge: the one case in which
// SystemDisk.Category may be given.
func Retired() World {
	w := Baseline()
	w.Facts.Instance.InstanceType = "ecs.n1.medium"
	w.Facts.Instance.Orders[0].InstanceType = "ecs.n1.medium"
	w.Facts.Instance.SystemDisk.Category = model.DiskCloud
	w.Facts.Instance.DataDisks = nil
	w.Request.InstanceType = "ecs.g6.xlarge"
	w.Request.SystemDiskCategory = model.DiskCloudSSD
	return w
}

func rams(perms ...string) *model.RAMUser { return &model.RAMUser{Name: "ops", Permissions: perms} }

// PermittedRAMUser returns a RAM user holding every permission the API checks (modify, price,
// refund, pass role): a caller no permission rule refuses. Every call returns a fresh value.
func PermittedRAMUser() *model.RAMUser {
	return rams(model.PermModify, model.PermPrice, model.PermRefund, model.PermPassRole)
}

// Faults returns one fault or more for every entry of the catalog, in catalog order (a fresh
// copy of the fault table). Every fault reads the moment from the world (w.Now), so it also
// breaks worlds whose clock moved.
func Faults() []Fault { return slices.Clone(faults[:]) }

// faults is the fault table behind Faults. Read-only.
var faults = [...]Fault{
	{errcodes.InvalidInstanceTypeValueUnauthorized400, "target type needs an authorization the account lacks", Baseline,
		func(w *World) { w.Target().RequiresAuthorization = true }, nil},
	{errcodes.InvalidInstanceTypeValueUnauthorized400, "ticket-only family change without the account's ticket", Baseline,
		func(w *World) {
			w.Catalog.TicketFamilyChanges = []model.TicketChange{{FromFamilies: []string{"ecs.g6"}, ToFamilies: []string{"ecs.g7"}}}
			w.Request.InstanceType = "ecs.g7.2xlarge"
		}, nil},
	{errcodes.InvalidInstanceTypeValueNotSupported400, "target type not in the catalog", Baseline,
		func(w *World) { w.Request.InstanceType = "ecs.nope.large" }, nil},
	{errcodes.InvalidBillingMethodValueNotSupported, "pay-as-you-go instance", Baseline,
		func(w *World) { w.Facts.Instance.ChargeType = model.ChargePostPaid }, nil},
	{errcodes.InvalidInstancePurchaseNotFound, "no purchase order", Baseline,
		func(w *World) { w.Facts.Instance.Orders[0].Kind = model.OrderRenewal }, nil},
	{errcodes.InvalidInstanceUnpaidOrder, "unpaid configuration-change order", Baseline,
		func(w *World) {
			w.Facts.Instance.UnpaidOrders = []model.UnpaidOrder{{OrderID: "2100009", Kind: model.UnpaidModification, InstanceType: "ecs.g6.2xlarge"}}
		}, nil},
	{errcodes.InvalidInstanceTypeNotSupported, "target is the current type", Baseline,
		func(w *World) { w.Request.InstanceType = BaseType }, nil},
	{errcodes.OrderCreationFailed, "no list price for the target in the region", Baseline,
		func(w *World) { delete(w.Target().MonthlyPrice, BaseRegion) }, nil},
	{errcodes.Throttling400, "API per-minute limit reached", Baseline,
		func(w *World) { w.Facts.Throttle = model.Throttle{Minute: w.Now, Count: 20, Limit: 20} }, nil},
	{errcodes.AccountArrearage, "account in arrears", Baseline,
		func(w *World) { w.Facts.Account.InArrears = true }, nil},
	{errcodes.InvalidInstanceIdNotFound400, "instance in another region", Baseline,
		func(w *World) { w.Request.RegionID = "cn-beijing" }, nil},
	{errcodes.InvalidRebootTimeMalFormed, "RebootTime with an offset", Baseline, nil,
		func(v url.Values) { v.Set("RebootTime", "2026-11-25T13:00+08:00") }},
	{errcodes.InvalidRebootTimeValueNotSupported, "RebootTime in the past", Baseline,
		func(w *World) { w.Request.RebootTime = w.Now.Add(-time.Hour).Truncate(time.Minute) }, nil},
	{errcodes.IdempotenceParamNotMatch, "ClientToken reused with other parameters", Baseline,
		func(w *World) {
			w.Request.ClientToken = "token-1"
			w.Facts.Idempotency = model.Ledger{"token-1": {Fingerprint: "InstanceId=other", At: w.Now.Add(-time.Hour), RequestID: "R", OrderID: "1"}}
		}, nil},
	{errcodes.InvalidInstanceChargeTypeValueNotSupported, "preemptible instance", Baseline,
		func(w *World) {
			w.Facts.Instance.ChargeType = model.ChargePostPaid
			w.Facts.Instance.SpotStrategy = model.SpotAsPriceGo
		}, nil},
	{errcodes.InvalidStatusNotStopped, "downgrade of a Running instance", BaselineDowngrade,
		func(w *World) { w.Facts.Instance.Status = model.StatusRunning }, nil},
	{errcodes.InvalidStatusNotStopped, "downgrade of a Stopping instance", BaselineDowngrade,
		func(w *World) { w.Facts.Instance.Status = model.StatusStopping }, nil},
	{errcodes.InvalidStatusNotStopped, "downgrade of a Pending instance", BaselineDowngrade,
		func(w *World) { w.Facts.Instance.Status = model.StatusPending }, nil},
	{errcodes.InvalidAction, "OperatorType=downgrade for an upgrade", Baseline,
		func(w *World) { w.Request.OperatorType = model.Downgrade }, nil},
	{errcodes.InvalidAction, "EndTime on a downgrade", BaselineDowngrade,
		func(w *World) { w.Request.EndTime = w.Now.Add(48 * time.Hour) }, nil},
	{errcodes.InstanceDowngradeQuotaExceed, "monthly downgrade quota the account states used", BaselineDowngrade,
		func(w *World) {
			q := 3
			w.Facts.Account.Quotas.DowngradesPerMonth = &q
			w.Facts.Account.Quotas.Downgrades = []time.Time{w.Now.Add(-72 * time.Hour), w.Now.Add(-48 * time.Hour), w.Now.Add(-24 * time.Hour)}
		}, nil},
	{errcodes.InvalidParameter, "AutoPay=yes", Baseline, nil,
		func(v url.Values) { v.Set("AutoPay", "yes") }},
	{errcodes.InvalidParameter, "EndTime after expiry", Baseline,
		func(w *World) { w.Request.EndTime = w.Facts.Instance.ExpiredTime.Add(24 * time.Hour) }, nil},
	{errcodes.OperationDenied400, "downgrade by an account without the real-time downgrade privilege", BaselineDowngrade,
		func(w *World) { w.Facts.Account.NoRealTimeDowngrade = true }, nil},
	{errcodes.LastOrderProcessing, "order still processing", Baseline,
		func(w *World) {
			w.Facts.Instance.OrderInProgress = &model.OrderInProgress{OrderID: "2100008", Until: w.Now.Add(5 * time.Second)}
		}, nil},
	{errcodes.InvalidOperationVpcHasEnabledAdvancedNetworkFeature, "burstable target in a VPC with advanced features", BaselineDowngrade,
		func(w *World) {
			w.Facts.Instance.VpcAdvancedNetworkFeature = true
			w.Request.InstanceType = "ecs.t6-c1m2.large"
		}, nil},
	{errcodes.InvalidActionWithActiveElasticUpgrade, "temporary upgrade in force", Baseline,
		func(w *World) {
			w.Facts.Instance.TemporaryUpgrade = &model.TemporaryUpgrade{Until: w.Now.Add(time.Hour), RevertTo: "ecs.g6.large"}
		}, nil},
	{errcodes.InstanceTypeNotSupportedTooManyDisksAttached, "more data disks than the target takes", Baseline,
		func(w *World) {
			w.Target().DiskQuantity = 1
			w.Facts.Instance.DataDisks = append(w.Facts.Instance.DataDisks, model.Disk{DiskID: "d-bp1data00000000002", Category: model.DiskCloudESSD, SizeGiB: 20})
		}, nil},
	{errcodes.QuotaExceedDiskCapacity, "system disk category change over the zone's capacity quota", Retired,
		func(w *World) {
			w.Facts.Account.Quotas.DiskCapacity = []model.DiskCapacityQuota{{ZoneID: BaseZone, Category: model.DiskCloudSSD, LimitGiB: 100, UsedGiB: 90}}
		}, nil},
	{errcodes.MissingParameterDiskCategory, "Disk.1.DiskId without category", Baseline, nil,
		func(v url.Values) { v.Set("Disk.1.DiskId", "d-bp1data00000000001") }},
	{errcodes.InvalidParameterDiskCategory, "unknown Disk.1.Category", Baseline, nil,
		func(v url.Values) {
			v.Set("Disk.1.DiskId", "d-bp1data00000000001")
			v.Set("Disk.1.Category", "floppy")
		}},
	{errcodes.InvalidPerformanceLevelMalformed, "Disk.1.PerformanceLevel PL9", Baseline, nil,
		func(v url.Values) {
			v.Set("Disk.1.DiskId", "d-bp1data00000000001")
			v.Set("Disk.1.Category", model.DiskCloudESSD)
			v.Set("Disk.1.PerformanceLevel", "PL9")
		}},
	{errcodes.InvalidSystemDiskCategoryNotMatchInstanceType, "ultra system disk to an ESSD-only type", Baseline,
		func(w *World) {
			w.Request.InstanceType = "ecs.g7.2xlarge"
			w.Facts.Instance.SystemDisk.Category = model.DiskCloudEfficiency
		}, nil},
	{errcodes.QuotaExceedRufundVcpu, "refunded vCPU·hours over the monthly quota", BaselineDowngrade,
		func(w *World) {
			q := int64(10000)
			w.Facts.Account.Quotas.RefundedVCPUHoursPerMonth = &q
		}, nil},
	{errcodes.NoPermissionPrice, "RAM user without price permission, AutoPay=false", Baseline,
		func(w *World) {
			w.Request.AutoPay, w.Request.AutoPaySet = false, true
			w.Facts.Account.RAMUser = rams(model.PermModify)
		}, nil},
	{errcodes.NoPermissionRefund, "RAM user without refund permission, downgrade", BaselineDowngrade,
		func(w *World) { w.Facts.Account.RAMUser = rams(model.PermModify) }, nil},
	{errcodes.InvalidInstanceStatus400, "instance Starting", Baseline,
		func(w *World) { w.Facts.Instance.Status = model.StatusStarting }, nil},
	{errcodes.InvalidOperationInstanceRenewWithDowngradeInPlan, "renewal with downgrade planned", Baseline,
		func(w *World) { w.Facts.Instance.RenewWithDowngradePlanned = true }, nil},
	{errcodes.InvalidOperationOnlineModificationUnsupported, "online change to a type without online modification", Baseline,
		func(w *World) {
			w.Request.ModifyMode = model.ModifyOnline
			w.Target().OnlineModificationSupported = false
		}, nil},
	{errcodes.InvalidInstanceTypeNotSupportCpuOptionsNestedVirtualization, "nested virtualization unsupported by the target", Baseline,
		func(w *World) {
			w.Facts.Instance.NestedVirtualization = true
			w.Target().NestedVirtualizationSupported = false
		}, nil},
	{errcodes.InvalidInstanceTypeValueUnauthorized401, "RAM policy restricts the types", Baseline,
		func(w *World) {
			u := PermittedRAMUser()
			u.AllowedInstanceTypes = []string{"ecs.g6.large"}
			w.Facts.Account.RAMUser = u
		}, nil},
	{errcodes.InternalError, "current type missing from the catalog", Baseline,
		func(w *World) { w.Facts.Instance.InstanceType = "ecs.gone.large" }, nil},
	{errcodes.InternalError, "an order ends before it starts (a downgrade reads the orders)", BaselineDowngrade,
		func(w *World) { o := &w.Facts.Instance.Orders[0]; o.End = o.Start.Add(-time.Hour) }, nil},
	{errcodes.ImageOrderFailed, "marketplace image cannot be ordered", Baseline,
		func(w *World) {
			w.Facts.Instance.Image.Marketplace = true
			w.Facts.Instance.Image.MarketplaceOrderFails = true
		}, nil},
	{errcodes.OperationDeniedNoStock, "no stock in the zone", Baseline,
		func(w *World) { w.Target().Stock = map[string]model.StockStatus{BaseZone: model.WithoutStock} }, nil},
	{errcodes.OperationDeniedNoStock, "closed without stock", Baseline,
		func(w *World) { w.Target().Stock = map[string]model.StockStatus{BaseZone: model.ClosedWithoutStock} }, nil},
	{errcodes.InvalidInstanceTypeValueNotSupported403, "target family not reachable", Baseline,
		func(w *World) { w.Request.InstanceType = "ecs.d1.2xlarge" }, nil},
	{errcodes.InvalidInstanceTypeValueNotSupported403, "family that cannot change", BaselineDowngrade,
		func(w *World) { w.Facts.Instance.InstanceType = "ecs.d1.2xlarge"; w.Request.InstanceType = BaseUpgrade }, nil},
	{errcodes.InvalidUserPassRoleForbidden, "RAM user without PassRole, instance with a role", Baseline,
		func(w *World) {
			w.Facts.Instance.RAMRole = "EcsRole"
			w.Facts.Account.RAMUser = rams(model.PermModify)
		}, nil},
	{errcodes.ImageNotSupportInstanceType, "image does not run on the target family", Baseline,
		func(w *World) {
			w.Facts.Instance.Image.SupportedFamilies = []string{"ecs.c6"}
			w.Request.InstanceType = "ecs.g7.2xlarge"
		}, nil},
	{errcodes.InstanceTypeOffline, "target retired", Baseline,
		func(w *World) { w.Target().Offline = true }, nil},
	{errcodes.IncorrectInstanceStatus, "financial lock", Baseline,
		func(w *World) { w.Facts.Instance.OperationLocks = []string{model.LockFinancial} }, nil},
	{errcodes.Throttling403, "account-wide limit reached", Baseline,
		func(w *World) { w.Facts.Throttle = model.Throttle{Minute: w.Now, AccountCount: 500, AccountLimit: 500} }, nil},
	{errcodes.InvalidParameterInstanceId, "malformed InstanceId", Baseline,
		func(w *World) { w.Request.InstanceID = "I_BASE"; w.Facts.Instance.InstanceID = "I_BASE" }, nil},
	{errcodes.OperationDenied403, "changed less than the policy's gap ago", Baseline,
		func(w *World) {
			w.Facts.Policy.MinGapBetweenChanges = model.Duration(5 * time.Minute)
			w.Facts.Instance.LastModifiedTime = w.Now.Add(-time.Minute)
		}, nil},
	{errcodes.InvalidInstanceStatus403, "security lock", Baseline,
		func(w *World) { w.Facts.Instance.OperationLocks = []string{model.LockSecurity} }, nil},
	{errcodes.InvalidOperationStarterPackage, "starter package", Baseline,
		func(w *World) { w.Facts.Instance.StarterPackage = true }, nil},
	{errcodes.InvalidInstancePreInstanceExpired, "instance expired (status still Stopped)", Baseline,
		func(w *World) {
			w.Facts.Instance.ExpiredTime = w.Now.Add(-time.Hour)
			w.Facts.Instance.Status = model.StatusStopped
		}, nil},
	{errcodes.InvalidInstanceEipNotSupport, "EIP and MigrateAcrossZone", Baseline,
		func(w *World) {
			w.Facts.Instance.EIPAddress = "47.96.0.1"
			w.Request.MigrateAcrossZone = true
		}, nil},
	{errcodes.InvalidInstanceEipNotSupport, "special EIP, same zone", Baseline,
		func(w *World) {
			w.Facts.Instance.EIPAddress = "47.96.0.1"
			w.Facts.Instance.SpecialEIP = true
		}, nil},
	{errcodes.OperationDeniedImageNotValid, "image no longer authorized", Baseline,
		func(w *World) { w.Facts.Instance.Image.Unauthorized = true }, nil},
	{errcodes.OperationDeniedLocalDiskUnsupported, "local disks mounted", Baseline,
		func(w *World) { w.Facts.Instance.LocalDisks = 2 }, nil},
	{errcodes.InvalidOperationEniCountExceeded, "more ENIs than the target takes", Baseline,
		func(w *World) {
			w.Target().EniQuantity = 1
			w.Facts.Instance.ENIs = append(w.Facts.Instance.ENIs, SecondaryENI("2", 1, 0))
		}, nil},
	{errcodes.InvalidOperationIpv4CountExceeded, "more private IPv4 per ENI than the target allows", Baseline,
		func(w *World) { w.Facts.Instance.ENIs[0].PrivateIPv4 = 11 }, nil},
	{errcodes.InvalidOperationIpv6CountExceeded, "more IPv6 per ENI than the target allows", Baseline,
		func(w *World) { w.Facts.Instance.ENIs[0].IPv6 = 11 }, nil},
	{errcodes.InvalidOperationIpv6NotSupport, "IPv6 addresses, target without IPv6", Baseline,
		func(w *World) {
			w.Facts.Instance.ENIs[0].IPv6 = 1
			t := w.Target()
			t.IPv6Supported, t.EniIPv6PerEni = false, 0
		}, nil},
	{errcodes.InvalidOperationIpv4NotSupport, "secondary IPv4, target with only the primary", Baseline,
		func(w *World) { w.Target().EniPrivateIPv4PerEni = 1 }, nil},
	{errcodes.InvalidInstanceNotFoundSystemDisk, "no system disk", Baseline,
		func(w *World) { w.Facts.Instance.SystemDisk = nil }, nil},
	{errcodes.InvalidInstanceTypeNotSupportDiskCategory, "ultra data disk to an ESSD-only type", Baseline,
		func(w *World) {
			w.Request.InstanceType = "ecs.g7.2xlarge"
			w.Facts.Instance.DataDisks[0].Category = model.DiskCloudEfficiency
		}, nil},
	{errcodes.QuotaExceedElasticQuota, "vCPU quota of the target in the zone", Baseline,
		func(w *World) {
			w.Facts.Account.Quotas.Elastic = []model.ElasticQuota{{ZoneID: BaseZone, InstanceType: BaseUpgrade, LimitVCPU: 8, UsedVCPU: 4}}
		}, nil},
	{errcodes.InvalidResourceTypeNotSupported, "target not offered in the instance's zone", Baseline,
		func(w *World) { w.Target().Stock = map[string]model.StockStatus{"cn-hangzhou-z": model.WithStock} }, nil},
	{errcodes.InvalidOperationMaxEniQueueNumberExceeded, "an ENI's queues over the per-ENI maximum", Baseline,
		func(w *World) { w.Facts.Instance.ENIs = append(w.Facts.Instance.ENIs, SecondaryENI("2", 1, 9)) }, nil},
	{errcodes.InvalidOperationExceedInstanceTypeQueueNumber, "queues over the type's total", Baseline,
		func(w *World) {
			w.Facts.Instance.ENIs = append(w.Facts.Instance.ENIs, SecondaryENI("2", 1, 8), SecondaryENI("3", 1, 8))
		}, nil},
	{errcodes.InvalidParameterInvalidEniQueueNumber, "primary ENI queues over the target's", Baseline,
		func(w *World) { w.Facts.Instance.ENIs[0].QueueNumber = 5 }, nil},
	{errcodes.HibernationConfiguredInstanceOperationForbidden, "hibernation configured", Baseline,
		func(w *World) { w.Facts.Instance.HibernationConfigured = true }, nil},
	{errcodes.InvalidOperationMaxModifyOnlineNumberExceeded, "online changes used up (the policy states a maximum)", Baseline,
		func(w *World) {
			w.Request.ModifyMode = model.ModifyOnline
			w.Facts.Policy.MaxOnlineModifications = 3
			w.Facts.Instance.OnlineModifications = 3
		}, nil},
	{errcodes.InvalidOperationRebootingRequired, "online change while a restart is due", Baseline,
		func(w *World) {
			w.Request.ModifyMode = model.ModifyOnline
			w.Facts.Instance.RebootRequired = true
		}, nil},
	{errcodes.InvalidOperationOSTypeNotSupported, "target does not run the OS", Baseline,
		func(w *World) { w.Target().OSTypes = []string{model.OSWindows} }, nil},
	{errcodes.OperationDeniedUnpaidOrder, "unpaid renewal order", Baseline,
		func(w *World) {
			w.Facts.Instance.UnpaidOrders = []model.UnpaidOrder{{OrderID: "2100007", Kind: model.UnpaidRenewal}}
		}, nil},
	{errcodes.InvalidDiskDetachedSystemDisk, "system disk detached", Baseline,
		func(w *World) { w.Facts.Instance.SystemDisk.Detached = true }, nil},
	{errcodes.InvalidDataDiskCategoryValueNotSupported, "Disk.1 is not a data disk of the instance", Baseline,
		func(w *World) {
			w.Request.Disks = []model.DiskSpec{{Index: 1, DiskID: "d-bp1other0000000001", Category: model.DiskCloudESSD}}
		}, nil},
	{errcodes.InvalidDiskCategoryNotSupported, "SystemDisk.Category the target does not take, in the retired-to-I/O-optimized case", Retired,
		func(w *World) { w.Target().SupportedDiskCategories = essdOnly }, nil},
	{errcodes.InvalidRegionIdNotFound, "unknown region", Baseline,
		func(w *World) { w.Request.RegionID = "mars-north-1"; w.Facts.Instance.RegionID = "mars-north-1" }, nil},
	{errcodes.BillingMethodNotFound, "no billing method chosen", Baseline,
		func(w *World) { w.Facts.Account.NoBillingMethod = true }, nil},
	{errcodes.InvalidInstanceIdNotFound404, "unknown instance", Baseline,
		func(w *World) { w.Request.InstanceID = "i-bp1other000000001" }, nil},
	{errcodes.LimitedOperationServiceUnavailable, "regional service restricted", Baseline,
		func(w *World) { w.Facts.ServiceUnavailable = true }, nil},
	{errcodes.MissingParameter, "InstanceType absent", Baseline, nil,
		func(v url.Values) { v.Del("InstanceType") }},
	{errcodes.ForbiddenRAM, "RAM user without the action permission", Baseline,
		func(w *World) { w.Facts.Account.RAMUser = rams() }, nil},
}

// SecondaryENI returns the instance's secondary ENI number n (a digit, "2" or more) with ipv4
// private IPv4 addresses and queues queues.
func SecondaryENI(n string, ipv4, queues int) model.ENI {
	return model.ENI{ENIID: "eni-bp1secondary00000" + n, PrivateIPv4: ipv4, QueueNumber: queues}
}
