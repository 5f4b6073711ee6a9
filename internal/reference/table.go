package reference

import (
	"regexp"
	"slices"

	"github.com/respec-dev/respec/model"
)

type stage int

const (
	stageParameters stage = iota
	stageGateway
	stageIdempotency
	stageLater
)

type rule struct {
	stage  stage
	name   string
	status int
	code   string
	when   func(s *state) bool
}

var instanceID = regexp.MustCompile(`^i-[a-z0-9]+$`)

var transitional = []model.Status{model.StatusPending, model.StatusStarting, model.StatusStopping}
var statuses = []model.Status{model.StatusPending, model.StatusStarting, model.StatusRunning, model.StatusStopping, model.StatusStopped}

// table is the README's rule table, top to bottom. A condition that needs the instance or
// the target is only reached once an earlier row has established it.
var table = []rule{
	{stageParameters, "request.instance-id-format", 403, "InvalidParameter.InstanceId", func(s *state) bool { return !instanceID.MatchString(s.req.InstanceID) }},
	{stageGateway, "gateway.throttle-account", 403, "Throttling", func(s *state) bool {
		t := s.f.Throttle
		return t.AccountLimit > 0 && t.Minute.Truncate(60e9).Equal(s.now.Truncate(60e9)) && t.AccountCount >= t.AccountLimit
	}},
	{stageGateway, "gateway.throttle-api", 400, "Throttling", func(s *state) bool {
		t := s.f.Throttle
		return t.Limit > 0 && t.Minute.Truncate(60e9).Equal(s.now.Truncate(60e9)) && t.Count >= t.Limit
	}},
	{stageGateway, "gateway.service-available", 503, "LimitedOperation.ServiceUnavailable", func(s *state) bool { return s.f.ServiceUnavailable }},
	{stageIdempotency, "idempotency.same-parameters", 400, "IdempotenceParamNotMatch", func(s *state) bool {
		rec, ok := s.remembered()
		return ok && rec.Fingerprint != s.req.Fingerprint()
	}},
	{stageLater, "region.exists", 404, "InvalidRegionId.NotFound", func(s *state) bool { return !slices.Contains(s.cat.Regions, s.req.RegionID) }},
	{stageLater, "instance.exists", 404, "InvalidInstanceId.NotFound", func(s *state) bool { return s.req.InstanceID != s.in.InstanceID }},
	{stageLater, "instance.region", 400, "InvalidInstanceId.NotFound", func(s *state) bool { return s.in.RegionID != s.req.RegionID }},
	{stageLater, "facts.current-type", 500, "InternalError", func(s *state) bool {
		return s.from == nil || !slices.Contains(statuses, s.in.Status)
	}},
	{stageLater, "account.billing-method", 404, "BillingMethodNotFound", func(s *state) bool { return s.acc.NoBillingMethod }},
	{stageLater, "account.arrears", 400, "Account.Arrearage", func(s *state) bool { return s.acc.InArrears && s.pol.ArrearsBlock }},
	{stageLater, "ram.action", 403, "Forbidden.RAM", func(s *state) bool { return s.ram(model.PermModify) }},
	{stageLater, "ram.pass-role", 403, "InvalidUser.PassRoleForbidden", func(s *state) bool { return s.in.RAMRole != "" && s.ram(model.PermPassRole) }},
	{stageLater, "billing.charge-type", 400, "InvalidInstanceChargeType.ValueNotSupported", func(s *state) bool {
		spot := s.in.SpotStrategy == model.SpotWithPriceLimit || s.in.SpotStrategy == model.SpotAsPriceGo
		return spot || s.in.ChargeType != model.ChargePrePaid && s.in.ChargeType != model.ChargePostPaid
	}},
	{stageLater, "billing.subscription", 400, "InvalidBillingMethod.ValueNotSupported", func(s *state) bool { return s.in.ChargeType == model.ChargePostPaid }},
	{stageLater, "billing.purchase-order", 400, "InvalidInstance.PurchaseNotFound", func(s *state) bool {
		return !slices.ContainsFunc(s.in.Orders, func(o model.Order) bool { return o.Kind == model.OrderPurchase })
	}},
	{stageLater, "instance.expired", 403, "InvalidInstance.PreInstanceExpired", func(s *state) bool { return !s.now.Before(s.in.ExpiredTime) }},
	{stageLater, "instance.financial-lock", 403, "IncorrectInstanceStatus", func(s *state) bool { return s.hasLock(model.LockFinancial) }},
	{stageLater, "instance.locked", 403, "InvalidInstanceStatus", func(s *state) bool { return s.hasLock(model.LockSecurity, model.LockRecycling) }},
	{stageLater, "instance.family-changeable", 403, "InvalidInstanceType.ValueNotSupported", func(s *state) bool {
		r := s.familyRule(s.from.Family)
		return r != nil && !r.Changeable
	}},
	{stageLater, "instance.starter-package", 403, "InvalidOperation.StarterPackage", func(s *state) bool { return s.in.StarterPackage }},
	{stageLater, "instance.hibernation", 403, "HibernationConfigured.InstanceOperationForbidden", func(s *state) bool { return s.in.HibernationConfigured }},
	{stageLater, "instance.local-disks", 403, "OperationDenied.LocalDiskUnsupported", func(s *state) bool { return s.in.LocalDisks > 0 }},
	{stageLater, "instance.system-disk", 403, "InvalidInstance.NotFoundSystemDisk", func(s *state) bool { return s.in.SystemDisk == nil }},
	{stageLater, "instance.system-disk-attached", 403, "InvalidDisk.DetachedSystemDisk", func(s *state) bool { return s.in.SystemDisk.Detached }},
	{stageLater, "instance.image-authorized", 403, "OperationDenied.ImageNotValid", func(s *state) bool { return s.in.Image.Unauthorized }},
	{stageLater, "order.in-progress", 400, "LastOrderProcessing", func(s *state) bool {
		return s.in.OrderInProgress != nil && s.now.Before(s.in.OrderInProgress.Until)
	}},
	{stageLater, "order.unpaid-modification", 400, "InvalidInstance.UnpaidOrder", func(s *state) bool {
		return slices.ContainsFunc(s.in.UnpaidOrders, func(o model.UnpaidOrder) bool { return o.Kind == model.UnpaidModification })
	}},
	{stageLater, "order.unpaid-other", 403, "OperationDenied.UnpaidOrder", func(s *state) bool {
		return slices.ContainsFunc(s.in.UnpaidOrders, func(o model.UnpaidOrder) bool { return o.Kind != model.UnpaidModification })
	}},
	{stageLater, "order.elastic-upgrade", 400, "InvalidAction.WithActiveElasticUpgrade", func(s *state) bool {
		return s.in.TemporaryUpgrade != nil && s.now.Before(s.in.TemporaryUpgrade.Until)
	}},
	{stageLater, "order.renew-with-downgrade", 400, "InvalidOperation.InstanceRenewWithDowngradeInPlan", func(s *state) bool { return s.in.RenewWithDowngradePlanned }},
	{stageLater, "order.min-gap", 403, "OperationDenied", func(s *state) bool {
		gap := s.pol.MinGapBetweenChanges.D()
		return gap > 0 && !s.in.LastModifiedTime.IsZero() && s.now.Sub(s.in.LastModifiedTime) < gap
	}},
	// A transitional status is refused unless the change is known to be a downgrade (whose
	// transitional statuses are status.stopped-required's): with no direction known (no
	// target, or the target is the type the instance has) it is refused here too.
	{stageLater, "status.settled", 400, "InvalidInstanceStatus", func(s *state) bool { return !s.down() && slices.Contains(transitional, s.in.Status) }},
	{stageLater, "schedule.reboot-time", 400, "InvalidRebootTime.ValueNotSupported", func(s *state) bool {
		t, ahead := s.req.RebootTime, s.pol.RebootTimeMaxAhead.D()
		return s.req.HasRebootTime() && (!t.After(s.now) || t.After(s.in.ExpiredTime) || ahead > 0 && t.Sub(s.now) > ahead)
	}},
	{stageLater, "schedule.end-time", 400, "InvalidParameter", func(s *state) bool {
		t := s.req.EndTime
		return s.req.HasEndTime() && (!t.After(s.now) || t.After(s.in.ExpiredTime))
	}},
	{stageLater, "migrate.eip", 403, "InvalidInstance.EipNotSupport", func(s *state) bool {
		// It needs the direction: not evaluated without a target, or when nothing changes.
		return s.dir != model.OperatorUnset && s.in.EIPAddress != "" && (s.in.SpecialEIP || s.req.MigrateAcrossZone && s.up())
	}},
	{stageLater, "online.reboot-required", 403, "InvalidOperation.RebootingRequired", func(s *state) bool { return s.online() && s.in.RebootRequired }},
	{stageLater, "online.max-modifications", 403, "InvalidOperation.MaxModifyOnlineNumberExceeded", func(s *state) bool {
		return s.online() && s.pol.MaxOnlineModifications > 0 && s.in.OnlineModifications >= s.pol.MaxOnlineModifications
	}},
	{stageLater, "target.exists", 400, "InvalidInstanceType.ValueNotSupported", func(s *state) bool { return s.to == nil }},
	{stageLater, "target.differs", 400, "InvalidInstanceType.NotSupported", func(s *state) bool {
		// The type the instance has: the pending type when a change is pending, so asking for
		// the current type then is a change back, not "nothing to change".
		return s.to.InstanceTypeID == s.from.InstanceTypeID
	}},
	{stageLater, "target.reachable", 403, "InvalidInstanceType.ValueNotSupported", func(s *state) bool { return !s.reachableByRule() && !s.ticketOnly() }},
	{stageLater, "target.ticket", 400, "InvalidInstanceType.ValueUnauthorized", func(s *state) bool {
		return s.ticketOnly() && !s.acc.HasTicket(s.from.Family, s.to.Family)
	}},
	{stageLater, "target.on-sale", 403, "InstanceType.Offline", func(s *state) bool { return s.to.Offline }},
	{stageLater, "target.account-authorized", 400, "InvalidInstanceType.ValueUnauthorized", func(s *state) bool {
		return s.to.RequiresAuthorization && !slices.Contains(s.acc.AuthorizedTypes, s.to.InstanceTypeID)
	}},
	{stageLater, "target.ram-allowed", 401, "InvalidInstanceType.ValueUnauthorized", func(s *state) bool {
		u := s.acc.RAMUser
		return u != nil && len(u.AllowedInstanceTypes) > 0 && !slices.Contains(u.AllowedInstanceTypes, s.to.InstanceTypeID)
	}},
	{stageLater, "target.vpc-advanced-network", 400, "InvalidOperation.VpcHasEnabledAdvancedNetworkFeature", func(s *state) bool {
		return s.in.VpcAdvancedNetworkFeature && (s.to.FamilyLevel == model.LevelEntry || s.to.FamilyLevel == model.LevelCreditEntry)
	}},
	{stageLater, "target.os-type", 403, "InvalidOperation.OSTypeNotSupported", func(s *state) bool {
		return len(s.to.OSTypes) > 0 && !slices.Contains(s.to.OSTypes, s.in.OSType)
	}},
	{stageLater, "target.image", 403, "ImageNotSupportInstanceType", func(s *state) bool {
		im := s.in.Image
		return slices.Contains(im.UnsupportedFamilies, s.to.Family) || len(im.SupportedFamilies) > 0 && !slices.Contains(im.SupportedFamilies, s.to.Family)
	}},
	{stageLater, "target.nested-virtualization", 400, "InvalidInstanceType.NotSupportCpuOptionsNestedVirtualization", func(s *state) bool {
		return s.in.NestedVirtualization && !s.to.NestedVirtualizationSupported
	}},
	{stageLater, "target.online-modification", 400, "InvalidOperation.OnlineModificationUnsupported", func(s *state) bool {
		return s.online() && (!s.from.OnlineModificationSupported || !s.to.OnlineModificationSupported)
	}},
	{stageLater, "target.offered", 403, "InvalidResourceType.NotSupported", func(s *state) bool { return s.stock() == model.NotOffered }},
	{stageLater, "target.stock", 403, "OperationDenied.NoStock", func(s *state) bool {
		return s.stock() == model.WithoutStock || s.stock() == model.ClosedWithoutStock
	}},
	{stageLater, "target.elastic-quota", 403, "QuotaExceed.ElasticQuota", func(s *state) bool {
		return slices.ContainsFunc(s.acc.Quotas.Elastic, func(q model.ElasticQuota) bool {
			return q.ZoneID == s.in.ZoneID && q.InstanceType == s.to.InstanceTypeID && q.UsedVCPU+s.to.CPU > q.LimitVCPU
		})
	}},
	{stageLater, "disks.data-count", 400, "InstanceTypeNotSupported.TooManyDisksAttached", func(s *state) bool {
		limit := s.to.DiskQuantity
		if limit == 0 {
			limit = s.pol.DefaultMaxDataDisks
		}
		return limit > 0 && len(s.in.DataDisks) > limit
	}},
	{stageLater, "disks.system-category-change", 403, "InvalidDiskCategory.NotSupported", func(s *state) bool {
		return s.categoryTakesEffect() && !takes(s.to, s.req.SystemDiskCategory)
	}},
	{stageLater, "disks.system-category", 400, "InvalidSystemDiskCategory.NotMatchInstanceType", func(s *state) bool {
		return !s.categoryTakesEffect() && !takes(s.to, s.in.SystemDisk.Category)
	}},
	{stageLater, "disks.data-category", 403, "InvalidInstanceType.NotSupportDiskCategory", func(s *state) bool {
		return slices.ContainsFunc(s.in.DataDisks, func(d model.Disk) bool { return !takes(s.to, d.Category) })
	}},
	{stageLater, "disks.request-category", 403, "InvalidDataDiskCategory.ValueNotSupported", func(s *state) bool {
		return slices.ContainsFunc(s.req.Disks, func(d model.DiskSpec) bool {
			known := slices.ContainsFunc(s.in.DataDisks, func(x model.Disk) bool { return x.DiskID == d.DiskID })
			return !known || !takes(s.to, d.Category)
		})
	}},
	{stageLater, "disks.capacity-quota", 400, "QuotaExceed.DiskCapacity", func(s *state) bool {
		return s.categoryTakesEffect() && slices.ContainsFunc(s.acc.Quotas.DiskCapacity, func(q model.DiskCapacityQuota) bool {
			return q.ZoneID == s.in.ZoneID && q.Category == s.req.SystemDiskCategory && q.UsedGiB+s.in.SystemDisk.SizeGiB > q.LimitGiB
		})
	}},
	{stageLater, "eni.count", 403, "InvalidOperation.EniCountExceeded", func(s *state) bool {
		return s.to.EniQuantity > 0 && len(s.in.ENIs) > s.to.EniQuantity
	}},
	{stageLater, "eni.ipv4-support", 403, "InvalidOperation.Ipv4NotSupport", func(s *state) bool {
		return s.to.EniPrivateIPv4PerEni == 1 && s.anyENI(func(e model.ENI) bool { return e.PrivateIPv4 > 1 })
	}},
	{stageLater, "eni.ipv4-count", 403, "InvalidOperation.Ipv4CountExceeded", func(s *state) bool {
		return s.to.EniPrivateIPv4PerEni > 0 && s.anyENI(func(e model.ENI) bool { return e.PrivateIPv4 > s.to.EniPrivateIPv4PerEni })
	}},
	{stageLater, "eni.ipv6-support", 403, "InvalidOperation.Ipv6NotSupport", func(s *state) bool {
		return !s.to.IPv6Supported && s.anyENI(func(e model.ENI) bool { return e.IPv6 > 0 })
	}},
	{stageLater, "eni.ipv6-count", 403, "InvalidOperation.Ipv6CountExceeded", func(s *state) bool {
		return s.to.EniIPv6PerEni > 0 && s.anyENI(func(e model.ENI) bool { return e.IPv6 > s.to.EniIPv6PerEni })
	}},
	{stageLater, "eni.primary-queue", 403, "InvalidParameter.InvalidEniQueueNumber", func(s *state) bool {
		return s.to.PrimaryEniQueueNumber > 0 && s.anyENI(func(e model.ENI) bool { return e.Primary && e.QueueNumber > s.to.PrimaryEniQueueNumber })
	}},
	{stageLater, "eni.queue-per-eni", 403, "InvalidOperation.MaxEniQueueNumberExceeded", func(s *state) bool {
		return s.to.MaximumQueueNumberPerEni > 0 && s.anyENI(func(e model.ENI) bool { return e.QueueNumber > s.to.MaximumQueueNumberPerEni })
	}},
	{stageLater, "eni.queue-total", 403, "InvalidOperation.ExceedInstanceTypeQueueNumber", func(s *state) bool {
		total := 0
		for _, e := range s.in.ENIs {
			total += e.QueueNumber
		}
		return s.to.TotalEniQueueQuantity > 0 && total > s.to.TotalEniQueueQuantity
	}},
	{stageLater, "direction.operator-type", 400, "InvalidAction", func(s *state) bool {
		declared := s.req.OperatorType
		if declared == model.OperatorUnset && s.pol.Direction == model.DirectionDeclared {
			declared = model.Upgrade
		}
		return declared != model.OperatorUnset && declared != s.dir
	}},
	{stageLater, "direction.temporary-upgrade-only", 400, "InvalidAction", func(s *state) bool { return s.req.HasEndTime() && s.down() }},
	{stageLater, "status.stopped-required", 400, "InvalidStatus.NotStopped", func(s *state) bool {
		st := s.in.Status
		return !s.allowed(st) && s.allowed(model.StatusStopped) && (st == model.StatusRunning || s.down())
	}},
	{stageLater, "status.allowed", 400, "InvalidInstanceStatus", func(s *state) bool {
		st := s.in.Status
		settled := st == model.StatusRunning || st == model.StatusStopped
		return settled && !s.allowed(st)
	}},
	{stageLater, "ram.price", 400, "NoPermission.Price", func(s *state) bool { return s.up() && !s.req.AutoPay && s.ram(model.PermPrice) }},
	{stageLater, "account.realtime-downgrade", 400, "OperationDenied", func(s *state) bool { return s.down() && s.acc.NoRealTimeDowngrade }},
	{stageLater, "ram.refund", 400, "NoPermission.Refund", func(s *state) bool { return s.down() && s.ram(model.PermRefund) }},
	{stageLater, "quota.downgrades", 400, "InstanceDowngrade.QuotaExceed", func(s *state) bool {
		if !s.down() {
			return false
		}
		// The account's stated quota applies (0 included); else the policy's default, 0 = none.
		limit, stated := s.pol.DefaultDowngradesPerMonth, s.acc.Quotas.DowngradesPerMonth != nil
		if stated {
			limit = *s.acc.Quotas.DowngradesPerMonth
		}
		used := 0
		for _, t := range s.acc.Quotas.Downgrades {
			if s.thisMonth(t) {
				used++
			}
		}
		monthly := s.pol.MonthlyDowngradeQuota && (stated || limit > 0) && used >= limit
		perInstance := s.pol.RefundsPerInstance > 0 && s.in.Refunds >= s.pol.RefundsPerInstance
		return monthly || perInstance
	}},
	{stageLater, "quota.refunded-vcpu", 400, "QuotaExceed.RufundVcpu", func(s *state) bool {
		if !s.down() {
			return false
		}
		// The account's figure overrides the policy's and applies as it is (a stated 0 allows
		// no refunded vCPU·hour, as a stated downgrade quota of 0 allows no downgrade); the
		// policy's default of 0 means no limit (model.Policy.RefundedVCPUHoursPerMonth).
		limit, applies := s.pol.RefundedVCPUHoursPerMonth, s.pol.RefundedVCPUHoursPerMonth > 0
		if q := s.acc.Quotas.RefundedVCPUHoursPerMonth; q != nil {
			limit, applies = *q, true
		}
		var used int64
		for _, u := range s.acc.Quotas.RefundedVCPU {
			if s.thisMonth(u.At) {
				used += u.Amount
			}
		}
		return applies && used+s.refundedVCPUHours() > limit
	}},
	{stageLater, "money.list-prices", 400, "OrderCreationFailed", func(s *state) bool {
		return s.monthly(s.from.InstanceTypeID, s.req.RegionID) == nil || s.monthly(s.to.InstanceTypeID, s.req.RegionID) == nil
	}},
	{stageLater, "money.marketplace-image", 500, "ImageOrderFailed", func(s *state) bool { return s.in.Image.Marketplace && s.in.Image.MarketplaceOrderFails }},
	{stageLater, "money.orders-valid", 500, "InternalError", func(s *state) bool {
		return s.down() && slices.ContainsFunc(s.in.Orders, func(o model.Order) bool { return o.Validate() != nil })
	}},
}

func (s *state) online() bool { return s.req.ModifyMode == model.ModifyOnline }

func (s *state) stock() model.StockStatus {
	if s.to.Stock == nil {
		return model.WithStock
	}
	if st, ok := s.to.Stock[s.in.ZoneID]; ok {
		return st
	}
	return model.NotOffered
}

func takes(t *model.InstanceType, category string) bool {
	return len(t.SupportedDiskCategories) == 0 || slices.Contains(t.SupportedDiskCategories, category)
}
