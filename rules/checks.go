package rules

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
)

// rule is one row of the table: a named condition, the stage it belongs to, the catalog
// entry it returns, and what it needs resolved first.
type rule struct {
	name  string
	stage Stage
	id    errcodes.ID
	needs need
	// only, when set, is the one direction of change the rule concerns: it is broken only by a
	// change in that direction (and, needing the direction, is not evaluated before it is
	// known).
	only model.OperatorType
	// quiet is the quiet fact under which the rule cannot be broken (0: none): while it
	// holds, the walk does not evaluate the rule.
	quiet quiet
	// test reports whether the rule is broken.
	test func(*evaluation) bool
	// gate is the test of a rule that reads only the clock, the request and the facts
	// (nothing the evaluation resolves or caches), given instead of test: Decide runs the
	// table's leading gate rules before it takes any memory.
	gate func(now time.Time, req *model.Request, f *model.Facts) bool
	// detail fills the message's %s (nil: no detail).
	detail func(*evaluation) string
	// lazy is the detail of a gate rule, given instead of detail.
	lazy lazyDetail
	// evidence names the fact and the limit, for Explain.
	evidence func(*evaluation) string
	// targetFree marks a rule of a late stage that does not depend on the target type, so
	// AvailableTargets evaluates it once rather than once per type.
	targetFree bool
	// byTarget marks a rule of an early stage that depends on the target type (through the
	// direction), so AvailableTargets evaluates it once per type.
	byTarget bool
	// byDirection marks a per-target rule (rule.perTarget) whose outcome, for a target in the
	// catalog, depends on the target type only through the direction of the change (and
	// whether it is known: it is not for the current type): AvailableTargets evaluates it once
	// per direction rather than once per type.
	byDirection bool
}

// lazyDetail is a detail formatted only when it is asked for (errcodes.Lazy):
// format(arg(req)).
type lazyDetail struct {
	arg    func(*model.Request) string
	format func(arg string) string
}

// check returns the rule's test: test, or gate applied to the evaluation's clock, request and
// facts.
func (r *rule) check() func(*evaluation) bool {
	if g := r.gate; g != nil {
		return func(c *evaluation) bool { return g(c.now, c.req, c.f) }
	}
	return r.test
}

// detailOf returns the rule's detail for c ("" for a rule without one).
func (r *rule) detailOf(c *evaluation) string {
	switch {
	case r.lazy.format != nil:
		return r.lazy.format(r.lazy.arg(c.req))
	case r.detail != nil:
		return r.detail(c)
	}
	return ""
}

// perTarget reports whether the rule is evaluated once per candidate type by AvailableTargets:
// every rule from the target-type stage on, the early rules marked byTarget, and any earlier
// rule that needs the direction.
func (r *rule) perTarget() bool {
	return (r.stage >= StageTargetType && !r.targetFree) || r.byTarget || r.needs&needDirection != 0
}

// table is every rule, in precedence order. It is read-only.
//
// Each row names the row of the API page's error table it returns (the id). Where the page
// gives one code under two statuses, the two rows have two distinct conditions.
var table = [...]rule{
	// ---- Parameters (what the request says, before any fact) ----
	{name: "request.instance-id-format", stage: StageParameters, id: errcodes.InvalidParameterInstanceId,
		gate: func(_ time.Time, r *model.Request, _ *model.Facts) bool { return !validInstanceID(r.InstanceID) },
		lazy: lazyDetail{arg: func(r *model.Request) string { return r.InstanceID }, format: func(id string) string {
			return "The specified InstanceId " + strconv.Quote(id) + " is not a valid instance ID."
		}},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("InstanceId %q is not i- followed by lowercase letters and digits", c.req.InstanceID)
		}},

	// ---- Gateway: throttling and service availability ----
	throttle("gateway.throttle-account", errcodes.Throttling403, func(t *model.Throttle) (int, int) { return t.AccountCount, t.AccountLimit },
		func(c *evaluation) string { return "account requests this minute" }, "account limit"),
	throttle("gateway.throttle-api", errcodes.Throttling400, func(t *model.Throttle) (int, int) { return t.Count, t.Limit },
		func(c *evaluation) string {
			return "ModifyPrepayInstanceSpec requests in " + c.req.RegionID + " this minute"
		}, "limit"),
	{name: "gateway.service-available", stage: StageGateway, id: errcodes.LimitedOperationServiceUnavailable,
		gate:     func(_ time.Time, _ *model.Request, f *model.Facts) bool { return f.ServiceUnavailable },
		evidence: func(c *evaluation) string { return "Facts.ServiceUnavailable is true for " + c.req.RegionID }},

	// ---- Idempotency ----
	{name: "idempotency.same-parameters", stage: StageIdempotency, id: errcodes.IdempotenceParamNotMatch,
		test: func(c *evaluation) bool {
			rec, ok := c.record()
			return ok && rec.Fingerprint != c.fingerprint()
		},
		evidence: func(c *evaluation) string {
			rec, _ := c.record()
			return fmt.Sprintf("ClientToken %q was used at %s by a request with parameters %q; this one has %q",
				c.req.ClientToken, rec.At.Format(time.RFC3339), rec.Fingerprint, c.fingerprint())
		}},

	// ---- Region and instance ----
	{name: "region.exists", stage: StageRegionAndInstance, id: errcodes.InvalidRegionIdNotFound, quiet: instanceFound,
		test: func(c *evaluation) bool { return c.region < 0 },
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("RegionId %q is not among the catalog's regions", c.req.RegionID)
		}},
	{name: "instance.exists", stage: StageRegionAndInstance, id: errcodes.InvalidInstanceIdNotFound404, quiet: instanceFound,
		test: func(c *evaluation) bool { return c.inst.InstanceID == "" || c.inst.InstanceID != c.req.InstanceID },
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("no instance %q is known (the facts describe %q)", c.req.InstanceID, c.inst.InstanceID)
		}},
	{name: "instance.region", stage: StageRegionAndInstance, id: errcodes.InvalidInstanceIdNotFound400, quiet: instanceFound,
		test: func(c *evaluation) bool {
			return c.inst.InstanceID != "" && c.inst.InstanceID == c.req.InstanceID && c.inst.RegionID != c.req.RegionID
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("instance %s is in %s, not in RegionId %s", c.inst.InstanceID, c.inst.RegionID, c.req.RegionID)
		}},
	{name: "facts.current-type", stage: StageRegionAndInstance, id: errcodes.InternalError, needs: needInstance,
		test: func(c *evaluation) bool { return c.have&needFrom == 0 || !c.inst.Status.Known() },
		detail: func(c *evaluation) string {
			if !c.inst.Status.Known() {
				return "instance status " + strconv.Quote(string(c.inst.Status)) + " is unknown"
			}
			return "current instance type " + c.fromID + " is not in the catalog"
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("current type %q in catalog: %v; status %q known: %v", c.fromID, c.have&needFrom != 0, c.inst.Status, c.inst.Status.Known())
		}},

	// ---- Account and permissions ----
	{name: "account.billing-method", stage: StageAccount, id: errcodes.BillingMethodNotFound, quiet: goodStanding,
		test:     func(c *evaluation) bool { return c.f.Account.NoBillingMethod },
		evidence: func(c *evaluation) string { return "Account.NoBillingMethod is true" }},
	{name: "account.arrears", stage: StageAccount, id: errcodes.AccountArrearage, quiet: goodStanding,
		test: func(c *evaluation) bool { return c.pol.ArrearsBlock && c.f.Account.InArrears },
		evidence: func(c *evaluation) string {
			return "Account.InArrears is true and the policy blocks changes in arrears"
		}},
	// A RAM user without the action is refused by the gateway's authorization check
	// (Forbidden.RAM), not by the operation: 400 OperationDenied is the account's own
	// restriction (account.realtime-downgrade).
	{name: "ram.action", stage: StageAccount, id: errcodes.ForbiddenRAM, quiet: mainAccount,
		test: func(c *evaluation) bool { u := c.f.Account.RAMUser; return u != nil && !u.Has(model.PermModify) },
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("RAM user %q lacks %s", c.f.Account.RAMUser.Name, model.PermModify)
		}},
	{name: "ram.pass-role", stage: StageAccount, id: errcodes.InvalidUserPassRoleForbidden, needs: needInstance, quiet: mainAccount,
		test: func(c *evaluation) bool {
			u := c.f.Account.RAMUser
			return c.inst.RAMRole != "" && u != nil && !u.Has(model.PermPassRole)
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("instance role %q needs %s, which RAM user %q lacks", c.inst.RAMRole, model.PermPassRole, c.f.Account.RAMUser.Name)
		}},

	// ---- Instance state: billing, expiry, locks, what is attached ----
	{name: "billing.charge-type", stage: StageInstanceState, id: errcodes.InvalidInstanceChargeTypeValueNotSupported, needs: needInstance,
		test: func(c *evaluation) bool {
			ct := c.inst.ChargeType
			return (ct != model.ChargePrePaid && ct != model.ChargePostPaid) || isSpot(c.inst.SpotStrategy)
		},
		detail: func(c *evaluation) string {
			if isSpot(c.inst.SpotStrategy) {
				return "The specified instance is a preemptible instance (" + c.inst.SpotStrategy + ") and does not support this operation."
			}
			return "The instance charge type " + strconv.Quote(c.inst.ChargeType) + " does not support this operation."
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("InstanceChargeType %q, SpotStrategy %q", c.inst.ChargeType, c.inst.SpotStrategy)
		}},
	{name: "billing.subscription", stage: StageInstanceState, id: errcodes.InvalidBillingMethodValueNotSupported, needs: needInstance,
		test: func(c *evaluation) bool {
			return c.inst.ChargeType == model.ChargePostPaid && !isSpot(c.inst.SpotStrategy)
		},
		evidence: func(c *evaluation) string {
			return "InstanceChargeType is PostPaid: pay-as-you-go instances use ModifyInstanceSpec"
		}},
	{name: "billing.purchase-order", stage: StageInstanceState, id: errcodes.InvalidInstancePurchaseNotFound, needs: needInstance,
		test: func(c *evaluation) bool {
			return !c.hasPurchase()
		},
		evidence: func(c *evaluation) string { return fmt.Sprintf("%d orders, none of kind Purchase", len(c.inst.Orders)) }},
	// The 2020 pages (Chinese and English) describe InvalidInstance.PreInstanceExpired as "the
	// current instance has expired"; IncorrectInstanceStatus ("the current status of the
	// resource") is kept for the billing system's other business states.
	{name: "instance.expired", stage: StageInstanceState, id: errcodes.InvalidInstancePreInstanceExpired, needs: needInstance,
		test: func(c *evaluation) bool { return !c.now.Before(c.inst.ExpiredTime) },
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("ExpiredTime %s is not after now %s (status %s): renew first",
				c.inst.ExpiredTime.Format(time.RFC3339), c.now.Format(time.RFC3339), c.inst.Status)
		}},
	{name: "instance.financial-lock", stage: StageInstanceState, id: errcodes.IncorrectInstanceStatus, needs: needInstance, quiet: noLocks,
		test: func(c *evaluation) bool { return slices.Contains(c.inst.OperationLocks, model.LockFinancial) },
		evidence: func(c *evaluation) string {
			return "OperationLocks has financial (a business state other than expired: expiry " + c.inst.ExpiredTime.Format(time.RFC3339) + " has not passed)"
		}},
	{name: "instance.locked", stage: StageInstanceState, id: errcodes.InvalidInstanceStatus403, needs: needInstance, quiet: noLocks,
		test: func(c *evaluation) bool {
			return slices.Contains(c.inst.OperationLocks, model.LockSecurity) || slices.Contains(c.inst.OperationLocks, model.LockRecycling)
		},
		evidence: func(c *evaluation) string { return fmt.Sprintf("OperationLocks %v", c.inst.OperationLocks) }},
	// A family that can never change type has no permitted target: every type is "beyond the
	// permitted range" (403 InvalidInstanceType.ValueNotSupported, the row target.reachable
	// returns). InvalidResourceType.NotSupported keeps its documented meaning, a resource
	// combination that does not exist in the zone (target.offered).
	{name: "instance.family-changeable", stage: StageInstanceState, id: errcodes.InvalidInstanceTypeValueNotSupported403, needs: needInstance | needFrom,
		test: func(c *evaluation) bool { return !c.cat.FamilyChangeableAt(c.fromIdx) },
		detail: func(c *evaluation) string {
			return "The instance type family " + c.from.Family + " does not support changing the instance type."
		},
		evidence: func(c *evaluation) string {
			return "the catalog's family-change rules list " + c.from.Family + " as not changeable"
		}},
	{name: "instance.starter-package", stage: StageInstanceState, id: errcodes.InvalidOperationStarterPackage, needs: needInstance, quiet: plainInstance,
		test:     func(c *evaluation) bool { return c.inst.StarterPackage },
		evidence: func(c *evaluation) string { return "StarterPackage is true" }},
	{name: "instance.hibernation", stage: StageInstanceState, id: errcodes.HibernationConfiguredInstanceOperationForbidden, needs: needInstance, quiet: plainInstance,
		test:     func(c *evaluation) bool { return c.inst.HibernationConfigured },
		evidence: func(c *evaluation) string { return "HibernationConfigured is true" }},
	{name: "instance.local-disks", stage: StageInstanceState, id: errcodes.OperationDeniedLocalDiskUnsupported, needs: needInstance, quiet: plainInstance,
		test:     func(c *evaluation) bool { return c.inst.LocalDisks > 0 },
		evidence: func(c *evaluation) string { return fmt.Sprintf("%d local disks mounted", c.inst.LocalDisks) }},
	{name: "instance.system-disk", stage: StageInstanceState, id: errcodes.InvalidInstanceNotFoundSystemDisk, needs: needInstance,
		test:     func(c *evaluation) bool { return c.inst.SystemDisk == nil },
		evidence: func(c *evaluation) string { return "SystemDisk is absent" }},
	{name: "instance.system-disk-attached", stage: StageInstanceState, id: errcodes.InvalidDiskDetachedSystemDisk, needs: needInstance,
		test:     func(c *evaluation) bool { return c.inst.SystemDisk != nil && c.inst.SystemDisk.Detached },
		detail:   func(c *evaluation) string { return c.inst.SystemDisk.DiskID },
		evidence: func(c *evaluation) string { return "system disk " + c.inst.SystemDisk.DiskID + " is detached" }},
	{name: "instance.image-authorized", stage: StageInstanceState, id: errcodes.OperationDeniedImageNotValid, needs: needInstance, quiet: plainImage,
		test:     func(c *evaluation) bool { return c.inst.Image.Unauthorized },
		evidence: func(c *evaluation) string { return "image " + c.inst.Image.ImageID + " is no longer authorized" }},

	// ---- Orders in flight: one change at a time ----
	{name: "order.in-progress", stage: StageOrders, id: errcodes.LastOrderProcessing, needs: needInstance, quiet: noOrderInProgress,
		test: func(c *evaluation) bool { p := c.inst.OrderInProgress; return p != nil && c.now.Before(p.Until) },
		evidence: func(c *evaluation) string {
			p := c.inst.OrderInProgress
			return fmt.Sprintf("order %s is processing until %s", p.OrderID, p.Until.Format(time.RFC3339))
		}},
	{name: "order.unpaid-modification", stage: StageOrders, id: errcodes.InvalidInstanceUnpaidOrder, needs: needInstance, quiet: noUnpaidOrders,
		test: func(c *evaluation) bool { return c.unpaid(true) >= 0 },
		evidence: func(c *evaluation) string {
			o := c.inst.UnpaidOrders[c.unpaid(true)]
			return fmt.Sprintf("configuration-change order %s is unpaid (abnormal: %v)", o.OrderID, o.Abnormal)
		}},
	{name: "order.unpaid-other", stage: StageOrders, id: errcodes.OperationDeniedUnpaidOrder, needs: needInstance, quiet: noUnpaidOrders,
		test: func(c *evaluation) bool { return c.unpaid(false) >= 0 },
		evidence: func(c *evaluation) string {
			o := c.inst.UnpaidOrders[c.unpaid(false)]
			return fmt.Sprintf("%s order %s is unpaid", o.Kind, o.OrderID)
		}},
	{name: "order.elastic-upgrade", stage: StageOrders, id: errcodes.InvalidActionWithActiveElasticUpgrade, needs: needInstance, quiet: noTemporaryUpgrade,
		test: func(c *evaluation) bool { t := c.inst.TemporaryUpgrade; return t != nil && c.now.Before(t.Until) },
		evidence: func(c *evaluation) string {
			return "temporary upgrade in force until " + c.inst.TemporaryUpgrade.Until.Format(time.RFC3339)
		}},
	{name: "order.renew-with-downgrade", stage: StageOrders, id: errcodes.InvalidOperationInstanceRenewWithDowngradeInPlan, needs: needInstance,
		test:     func(c *evaluation) bool { return c.inst.RenewWithDowngradePlanned },
		evidence: func(c *evaluation) string { return "a renewal with downgrade is planned for the next cycle" }},
	{name: "order.min-gap", stage: StageOrders, id: errcodes.OperationDenied403, needs: needInstance,
		test: func(c *evaluation) bool {
			g := c.pol.MinGapBetweenChanges.D()
			return g > 0 && !c.inst.LastModifiedTime.IsZero() && c.now.Before(c.inst.LastModifiedTime.Add(g))
		},
		detail: func(c *evaluation) string {
			return "The instance was modified less than " + c.pol.MinGapBetweenChanges.D().String() + " ago; try again after " +
				c.inst.LastModifiedTime.Add(c.pol.MinGapBetweenChanges.D()).UTC().Format(time.RFC3339) + "."
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("last change %s + gap %s is after now %s", c.inst.LastModifiedTime.Format(time.RFC3339),
				c.pol.MinGapBetweenChanges.D(), c.now.Format(time.RFC3339))
		}},
	// A downgrade of a transitional instance is status.stopped-required's: Stopped is the
	// downgrade's documented precondition. Depending on the direction, the rule is evaluated
	// per candidate type by AvailableTargets.
	{name: "status.settled", stage: StageOrders, id: errcodes.InvalidInstanceStatus400, needs: needInstance, byTarget: true, byDirection: true,
		test: func(c *evaluation) bool {
			s := c.inst.Status
			return s != model.StatusRunning && s != model.StatusStopped && !(c.have&needDirection != 0 && c.dir == model.Downgrade)
		},
		evidence: func(c *evaluation) string {
			return "status " + string(c.inst.Status) + " is transitional; wait for Running or Stopped"
		}},

	// ---- Schedule and mode: RebootTime, EndTime, cross-zone, online ----
	{name: "schedule.reboot-time", stage: StageSchedule, id: errcodes.InvalidRebootTimeValueNotSupported, needs: needInstance, quiet: noRebootTime,
		test: func(c *evaluation) bool {
			if !c.req.HasRebootTime() {
				return false
			}
			// The documents bound RebootTime by now and the expiry only; a further window
			// is the policy's opt-in knob (0: none).
			rt, ahead := c.req.RebootTime, c.pol.RebootTimeMaxAhead.D()
			return !rt.After(c.now) || (ahead > 0 && rt.After(c.now.Add(ahead))) || rt.After(c.inst.ExpiredTime)
		},
		evidence: func(c *evaluation) string {
			window := ""
			if ahead := c.pol.RebootTimeMaxAhead.D(); ahead > 0 {
				window = fmt.Sprintf(", at most %s ahead (policy RebootTimeMaxAhead)", ahead)
			}
			return fmt.Sprintf("RebootTime %s must be after now %s%s and not after expiry %s",
				c.req.RebootTime.Format(time.RFC3339), c.now.Format(time.RFC3339), window, c.inst.ExpiredTime.Format(time.RFC3339))
		}},
	{name: "schedule.end-time", stage: StageSchedule, id: errcodes.InvalidParameter, needs: needInstance, quiet: noEndTime,
		test: func(c *evaluation) bool {
			return c.req.HasEndTime() && (!c.req.EndTime.After(c.now) || c.req.EndTime.After(c.inst.ExpiredTime))
		},
		detail: func(c *evaluation) string {
			return "The specified parameter EndTime is not valid: it must be after now and not after the instance's expiry."
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("EndTime %s must be in (now %s, expiry %s]", c.req.EndTime.Format(time.RFC3339),
				c.now.Format(time.RFC3339), c.inst.ExpiredTime.Format(time.RFC3339))
		}},
	// "The special instance with eip not support operate, please unassociate eip first": the
	// instance's EIP (Instance.SpecialEip) refuses any change; any EIP refuses a cross-zone
	// migration, which is ignored for a downgrade (the plan warns so).
	{name: "migrate.eip", stage: StageSchedule, id: errcodes.InvalidInstanceEipNotSupport, needs: needInstance | needDirection, quiet: noEIP, byDirection: true,
		test: func(c *evaluation) bool {
			return c.inst.EIPAddress != "" && (c.inst.SpecialEIP || (c.req.MigrateAcrossZone && c.dir != model.Downgrade))
		},
		evidence: func(c *evaluation) string {
			if c.inst.SpecialEIP {
				return "EIP " + c.inst.EIPAddress + " is associated and makes the instance special (SpecialEip): unassociate it first"
			}
			return "EIP " + c.inst.EIPAddress + " is associated and MigrateAcrossZone=true"
		}},
	{name: "online.reboot-required", stage: StageSchedule, id: errcodes.InvalidOperationRebootingRequired, needs: needInstance, quiet: notOnline,
		test:     func(c *evaluation) bool { return c.req.ModifyMode == model.ModifyOnline && c.inst.RebootRequired },
		evidence: func(c *evaluation) string { return "ModifyMode=Online and RebootRequired is true" }},
	{name: "online.max-modifications", stage: StageSchedule, id: errcodes.InvalidOperationMaxModifyOnlineNumberExceeded, needs: needInstance, quiet: notOnline,
		test: func(c *evaluation) bool {
			m := c.pol.MaxOnlineModifications
			return c.req.ModifyMode == model.ModifyOnline && m > 0 && c.inst.OnlineModifications >= m
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("%d online changes since the last restart >= policy maximum %d", c.inst.OnlineModifications, c.pol.MaxOnlineModifications)
		}},

	// ---- Target type ----
	{name: "target.exists", stage: StageTargetType, id: errcodes.InvalidInstanceTypeValueNotSupported400, byDirection: true,
		test: func(c *evaluation) bool { return c.have&needTarget == 0 },
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("InstanceType %q is not in the catalog", c.req.InstanceType)
		}},
	{name: "target.differs", stage: StageTargetType, id: errcodes.InvalidInstanceTypeNotSupported, needs: needInstance | needFrom | needTarget, byDirection: true,
		test: func(c *evaluation) bool { return c.to.InstanceTypeID == c.fromID },
		evidence: func(c *evaluation) string {
			return "InstanceType " + c.to.InstanceTypeID + " is already the instance's type (current or pending)"
		}},
	{name: "target.reachable", stage: StageTargetType, id: errcodes.InvalidInstanceTypeValueNotSupported403, needs: needInstance | needFrom | needDirection,
		test: func(c *evaluation) bool {
			return c.cat.FamilyChangeableAt(c.fromIdx) && !c.cat.ReachableAt(c.fromIdx, c.toIdx)
		},
		evidence: func(c *evaluation) string {
			return "family " + c.to.Family + " is not among the families " + c.from.Family + " may change to"
		}},
	{name: "target.ticket", stage: StageTargetType, id: errcodes.InvalidInstanceTypeValueUnauthorized400, needs: needInstance | needFrom | needDirection, quiet: noTicketChanges,
		test: func(c *evaluation) bool {
			return c.cat.TicketOnlyAt(c.fromIdx, c.toIdx) && !c.f.Account.HasTicket(c.from.Family, c.to.Family)
		},
		detail: func(c *evaluation) string {
			return "The change from " + c.from.Family + " to " + c.to.Family + " needs a support ticket and cannot be reversed."
		},
		evidence: func(c *evaluation) string {
			return "the catalog lists " + c.from.Family + " to " + c.to.Family +
				" as ticket-only (irreversible); Account.TicketedFamilyChanges does not have it"
		}},
	{name: "target.on-sale", stage: StageTargetType, id: errcodes.InstanceTypeOffline, needs: needInstance | needTarget,
		test: func(c *evaluation) bool { return c.to.Offline },
		detail: func(c *evaluation) string {
			return "The specified InstanceType " + c.to.InstanceTypeID + " is offline."
		},
		evidence: func(c *evaluation) string { return c.to.InstanceTypeID + " is no longer on sale" }},
	{name: "target.account-authorized", stage: StageTargetType, id: errcodes.InvalidInstanceTypeValueUnauthorized400, needs: needInstance | needTarget,
		test: func(c *evaluation) bool {
			return c.to.RequiresAuthorization && !slices.Contains(c.f.Account.AuthorizedTypes, c.to.InstanceTypeID)
		},
		evidence: func(c *evaluation) string {
			return c.to.InstanceTypeID + " requires an authorization the account does not have"
		}},
	{name: "target.ram-allowed", stage: StageTargetType, id: errcodes.InvalidInstanceTypeValueUnauthorized401, needs: needInstance | needTarget, quiet: mainAccount,
		test: func(c *evaluation) bool {
			u := c.f.Account.RAMUser
			return u != nil && len(u.AllowedInstanceTypes) > 0 && !slices.Contains(u.AllowedInstanceTypes, c.to.InstanceTypeID)
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("RAM user %q may choose only %v", c.f.Account.RAMUser.Name, c.f.Account.RAMUser.AllowedInstanceTypes)
		}},
	{name: "target.vpc-advanced-network", stage: StageTargetType, id: errcodes.InvalidOperationVpcHasEnabledAdvancedNetworkFeature, needs: needInstance | needTarget, quiet: plainInstance,
		test: func(c *evaluation) bool {
			return c.inst.VpcAdvancedNetworkFeature && (c.to.FamilyLevel == model.LevelEntry || c.to.FamilyLevel == model.LevelCreditEntry)
		},
		evidence: func(c *evaluation) string {
			return "the VPC has advanced network features and " + c.to.InstanceTypeID + " is " + c.to.FamilyLevel
		}},
	{name: "target.os-type", stage: StageTargetType, id: errcodes.InvalidOperationOSTypeNotSupported, needs: needInstance | needTarget,
		test: func(c *evaluation) bool { return !c.to.RunsOS(c.inst.OSType) },
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("%s runs %v, not %q", c.to.InstanceTypeID, c.to.OSTypes, c.inst.OSType)
		}},
	{name: "target.image", stage: StageTargetType, id: errcodes.ImageNotSupportInstanceType, needs: needInstance | needTarget, quiet: imageAnyFamily,
		test: func(c *evaluation) bool {
			im := &c.inst.Image
			return slices.Contains(im.UnsupportedFamilies, c.to.Family) ||
				(len(im.SupportedFamilies) > 0 && !slices.Contains(im.SupportedFamilies, c.to.Family))
		},
		evidence: func(c *evaluation) string {
			return "image " + c.inst.Image.ImageID + " does not run on family " + c.to.Family
		}},
	{name: "target.nested-virtualization", stage: StageTargetType, id: errcodes.InvalidInstanceTypeNotSupportCpuOptionsNestedVirtualization, needs: needInstance | needTarget, quiet: plainInstance,
		test:   func(c *evaluation) bool { return c.inst.NestedVirtualization && !c.to.NestedVirtualizationSupported },
		detail: func(c *evaluation) string { return c.to.InstanceTypeID },
		evidence: func(c *evaluation) string {
			return "nested virtualization is enabled and " + c.to.InstanceTypeID + " does not support it"
		}},
	{name: "target.online-modification", stage: StageTargetType, id: errcodes.InvalidOperationOnlineModificationUnsupported, needs: needInstance | needFrom | needTarget, quiet: notOnline,
		test: func(c *evaluation) bool {
			return c.req.ModifyMode == model.ModifyOnline && (!c.from.OnlineModificationSupported || !c.to.OnlineModificationSupported)
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("online modification supported: %s %v, %s %v", c.from.InstanceTypeID, c.from.OnlineModificationSupported,
				c.to.InstanceTypeID, c.to.OnlineModificationSupported)
		}},
	{name: "target.offered", stage: StageTargetType, id: errcodes.InvalidResourceTypeNotSupported, needs: needInstance | needTarget,
		test: func(c *evaluation) bool { return !c.to.OfferedIn(c.inst.ZoneID) },
		detail: func(c *evaluation) string {
			return "The specified resource combination does not exist: " + c.to.InstanceTypeID + " is not offered in zone " +
				c.inst.ZoneID + "; change to another zone or specification."
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("%s is offered only in the zones of its Stock map (%d zones), not in %s", c.to.InstanceTypeID, len(c.to.Stock), c.inst.ZoneID)
		}},
	// ClosedWithStock is still available (the plan warns); WithoutStock and
	// ClosedWithoutStock are sold out.
	{name: "target.stock", stage: StageTargetType, id: errcodes.OperationDeniedNoStock, needs: needInstance | needTarget,
		test: func(c *evaluation) bool {
			s := c.to.StockIn(c.inst.ZoneID)
			return s != model.NotOffered && !s.Available()
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("%s in %s: %s; try another type", c.to.InstanceTypeID, c.inst.ZoneID, c.to.StockIn(c.inst.ZoneID))
		}},
	{name: "target.elastic-quota", stage: StageTargetType, id: errcodes.QuotaExceedElasticQuota, needs: needInstance | needTarget, quiet: noElasticQuotas,
		test: func(c *evaluation) bool { q := c.elasticQuota(); return q != nil && q.UsedVCPU+c.to.CPU > q.LimitVCPU },
		evidence: func(c *evaluation) string {
			q := c.elasticQuota()
			return fmt.Sprintf("vCPU quota for %s in %s: used %d + %d > limit %d", q.InstanceType, q.ZoneID, q.UsedVCPU, c.to.CPU, q.LimitVCPU)
		}},

	// ---- Capacity and attachments ----
	{name: "disks.data-count", stage: StageCapacity, id: errcodes.InstanceTypeNotSupportedTooManyDisksAttached, needs: needInstance | needTarget,
		test: func(c *evaluation) bool { m := c.maxDataDisks(); return m > 0 && len(c.inst.DataDisks) > m },
		detail: func(c *evaluation) string {
			return "The instance has " + strconv.Itoa(len(c.inst.DataDisks)) + " data disks attached; " + c.to.InstanceTypeID +
				" supports at most " + strconv.Itoa(c.maxDataDisks()) + "."
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("%d data disks > %d for %s", len(c.inst.DataDisks), c.maxDataDisks(), c.to.InstanceTypeID)
		}},
	// SystemDisk.Category takes effect only from a retired non-I/O-optimized type to an
	// I/O-optimized type on sale; elsewhere it is ignored with a warning (the plan's).
	{name: "disks.system-category-change", stage: StageCapacity, id: errcodes.InvalidDiskCategoryNotSupported, needs: needInstance | needFrom | needTarget, quiet: noSystemDiskCategory,
		test: func(c *evaluation) bool {
			return c.systemDiskCategoryApplies() && !c.to.TakesDisk(c.req.SystemDiskCategory)
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("SystemDisk.Category %s (from retired non-I/O-optimized %s to I/O-optimized %s); %s takes %v",
				c.req.SystemDiskCategory, c.from.InstanceTypeID, c.to.InstanceTypeID, c.to.InstanceTypeID, c.to.SupportedDiskCategories)
		}},
	{name: "disks.system-category", stage: StageCapacity, id: errcodes.InvalidSystemDiskCategoryNotMatchInstanceType, needs: needInstance | needFrom | needTarget,
		test: func(c *evaluation) bool {
			return c.inst.SystemDisk != nil && !c.systemDiskCategoryApplies() && !c.to.TakesDisk(c.systemDiskCategory())
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("system disk category %s; %s takes %v", c.systemDiskCategory(), c.to.InstanceTypeID, c.to.SupportedDiskCategories)
		}},
	{name: "disks.data-category", stage: StageCapacity, id: errcodes.InvalidInstanceTypeNotSupportDiskCategory, needs: needInstance | needTarget,
		test: func(c *evaluation) bool { return c.badDataDisk() >= 0 },
		evidence: func(c *evaluation) string {
			d := c.inst.DataDisks[c.badDataDisk()]
			return fmt.Sprintf("data disk %s is %s; %s takes %v", d.DiskID, d.Category, c.to.InstanceTypeID, c.to.SupportedDiskCategories)
		}},
	{name: "disks.request-category", stage: StageCapacity, id: errcodes.InvalidDataDiskCategoryValueNotSupported, needs: needInstance | needTarget, quiet: noRequestDisks,
		test: func(c *evaluation) bool { return c.badRequestDisk() >= 0 },
		evidence: func(c *evaluation) string {
			d := c.req.Disks[c.badRequestDisk()]
			return fmt.Sprintf("Disk.%d: %s as %s (a data disk of the instance: %v; %s takes %v)", d.Index, d.DiskID, d.Category,
				c.isDataDisk(d.DiskID), c.to.InstanceTypeID, c.to.SupportedDiskCategories)
		}},
	{name: "disks.capacity-quota", stage: StageCapacity, id: errcodes.QuotaExceedDiskCapacity, needs: needInstance | needFrom | needTarget, quiet: noSystemDiskCategory,
		test: func(c *evaluation) bool {
			q := c.diskQuota()
			return q != nil && c.inst.SystemDisk != nil && q.UsedGiB+c.inst.SystemDisk.SizeGiB > q.LimitGiB
		},
		detail: func(c *evaluation) string {
			q := c.diskQuota()
			return "category " + q.Category + ": used " + strconv.Itoa(q.UsedGiB) + " GiB + " + strconv.Itoa(c.inst.SystemDisk.SizeGiB) +
				" GiB > quota " + strconv.Itoa(q.LimitGiB) + " GiB"
		},
		evidence: func(c *evaluation) string {
			q := c.diskQuota()
			return fmt.Sprintf("%s quota in %s: %d + %d > %d GiB", q.Category, q.ZoneID, q.UsedGiB, c.inst.SystemDisk.SizeGiB, q.LimitGiB)
		}},
	{name: "eni.count", stage: StageCapacity, id: errcodes.InvalidOperationEniCountExceeded, needs: needInstance | needTarget,
		test: func(c *evaluation) bool { return c.to.EniQuantity > 0 && len(c.inst.ENIs) > c.to.EniQuantity },
		detail: func(c *evaluation) string {
			return "The instance has " + strconv.Itoa(len(c.inst.ENIs)) + " ENIs; " + c.to.InstanceTypeID + " supports " + strconv.Itoa(c.to.EniQuantity) + "."
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("%d ENIs > %d for %s", len(c.inst.ENIs), c.to.EniQuantity, c.to.InstanceTypeID)
		}},
	eniAddressSupport("eni.ipv4-support", errcodes.InvalidOperationIpv4NotSupport, "private IPv4", eniIPv4, 1, 0,
		func(t *model.InstanceType) bool { return t.EniPrivateIPv4PerEni == 1 }, "secondary private IPv4 addresses", "allows 1"),
	eniAddressCount("eni.ipv4-count", errcodes.InvalidOperationIpv4CountExceeded, "private IPv4", 1, 0,
		func(t *model.InstanceType) int { return t.EniPrivateIPv4PerEni }, eniIPv4),
	eniAddressSupport("eni.ipv6-support", errcodes.InvalidOperationIpv6NotSupport, "IPv6", eniIPv6, 0, noIPv6,
		func(t *model.InstanceType) bool { return !t.IPv6Supported }, "IPv6", "does not support IPv6"),
	eniAddressCount("eni.ipv6-count", errcodes.InvalidOperationIpv6CountExceeded, "IPv6", 0, noIPv6,
		func(t *model.InstanceType) int { return t.EniIPv6PerEni }, eniIPv6),
	{name: "eni.primary-queue", stage: StageCapacity, id: errcodes.InvalidParameterInvalidEniQueueNumber, needs: needInstance | needTarget,
		test: func(c *evaluation) bool {
			q := c.primaryQueue()
			return c.to.PrimaryEniQueueNumber > 0 && q > c.to.PrimaryEniQueueNumber
		},
		detail: func(c *evaluation) string {
			return "The primary ENI's queue number " + strconv.Itoa(c.primaryQueue()) + " exceeds " + strconv.Itoa(c.to.PrimaryEniQueueNumber) +
				" for " + c.to.InstanceTypeID + "."
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("primary ENI queues %d > %d", c.primaryQueue(), c.to.PrimaryEniQueueNumber)
		}},
	{name: "eni.queue-per-eni", stage: StageCapacity, id: errcodes.InvalidOperationMaxEniQueueNumberExceeded, needs: needInstance | needTarget,
		test: func(c *evaluation) bool {
			return c.to.MaximumQueueNumberPerEni > 0 && c.maxENI(eniQueues) > c.to.MaximumQueueNumberPerEni
		},
		detail: func(c *evaluation) string {
			return "An ENI's queue number " + strconv.Itoa(c.maxENI(eniQueues)) + " exceeds " +
				strconv.Itoa(c.to.MaximumQueueNumberPerEni) + " for " + c.to.InstanceTypeID + "."
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("max ENI queues %d > %d", c.maxENI(eniQueues), c.to.MaximumQueueNumberPerEni)
		}},
	{name: "eni.queue-total", stage: StageCapacity, id: errcodes.InvalidOperationExceedInstanceTypeQueueNumber, needs: needInstance | needTarget,
		test: func(c *evaluation) bool {
			return c.to.TotalEniQueueQuantity > 0 && c.totalQueues() > c.to.TotalEniQueueQuantity
		},
		detail: func(c *evaluation) string {
			return "The ENIs' queues add up to " + strconv.Itoa(c.totalQueues()) + "; " + c.to.InstanceTypeID + " supports " +
				strconv.Itoa(c.to.TotalEniQueueQuantity) + "."
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("total ENI queues %d > %d", c.totalQueues(), c.to.TotalEniQueueQuantity)
		}},

	// ---- Direction ----
	{name: "direction.operator-type", stage: StageDirection, id: errcodes.InvalidAction, needs: needInstance | needDirection, byDirection: true,
		test: func(c *evaluation) bool { return c.declared() != c.dir },
		detail: func(c *evaluation) string {
			return "OperatorType " + c.declared().String() + " does not match the change from " + c.from.InstanceTypeID + " to " +
				c.to.InstanceTypeID + ", which is a " + c.dir.String() + "."
		},
		evidence: func(c *evaluation) string {
			given := c.req.OperatorType.String()
			if given == "" {
				given = "(omitted; policy " + c.pol.Direction + " reads it as " + c.declared().String() + ")"
			}
			return fmt.Sprintf("OperatorType %s; the change is a %s by list price, vCPU and memory", given, c.dir)
		}},
	{name: "direction.temporary-upgrade-only", stage: StageDirection, id: errcodes.InvalidAction, needs: needInstance | needDirection, quiet: noEndTime, only: model.Downgrade, byDirection: true,
		test:     func(c *evaluation) bool { return c.req.HasEndTime() },
		detail:   func(c *evaluation) string { return "EndTime (a temporary change) applies only to an upgrade." },
		evidence: func(c *evaluation) string { return "EndTime is set and the change is a downgrade" }},
	// A downgrade in any status but Stopped (transitional ones too) is refused with the
	// documented precondition; an upgrade only when Running (its transitional statuses are
	// status.settled's).
	{name: "status.stopped-required", stage: StageDirection, id: errcodes.InvalidStatusNotStopped, needs: needInstance | needDirection, byDirection: true,
		test: func(c *evaluation) bool {
			ok, s := c.allowedStatuses(), c.inst.Status
			return (s == model.StatusRunning || c.dir == model.Downgrade) && s != model.StatusStopped &&
				!hasStatus(ok, s) && hasStatus(ok, model.StatusStopped)
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("a %s needs status %v under policy %s; the instance is %s", c.dir, c.allowedStatuses(), c.pol.Name, c.inst.Status)
		}},
	{name: "status.allowed", stage: StageDirection, id: errcodes.InvalidInstanceStatus400, needs: needInstance | needDirection, byDirection: true,
		test: func(c *evaluation) bool {
			// An allowed status first (the usual case, one look-up). Transitional statuses are
			// status.settled's; Running where only Stopped is allowed is
			// status.stopped-required's.
			ok, s := c.allowedStatuses(), c.inst.Status
			if hasStatus(ok, s) || (s != model.StatusRunning && s != model.StatusStopped) {
				return false
			}
			return s != model.StatusRunning || !hasStatus(ok, model.StatusStopped)
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("a %s needs status %v under policy %s; the instance is %s", c.dir, c.allowedStatuses(), c.pol.Name, c.inst.Status)
		}},
	{name: "ram.price", stage: StageDirection, id: errcodes.NoPermissionPrice, needs: needInstance | needDirection, quiet: mainAccount, only: model.Upgrade, byDirection: true,
		test: func(c *evaluation) bool {
			u := c.f.Account.RAMUser
			return !c.req.AutoPay && u != nil && !u.Has(model.PermPrice)
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("AutoPay=false upgrade needs %s, which RAM user %q lacks", model.PermPrice, c.f.Account.RAMUser.Name)
		}},
	// The older guides make the real-time downgrade privilege, granted from the account's
	// usage, a prerequisite of a downgrade; without it the account "does not support this
	// operation yet" (400 OperationDenied). The current page names no such prerequisite, so
	// an account that states nothing holds the privilege (NoRealTimeDowngrade false).
	{name: "account.realtime-downgrade", stage: StageDirection, id: errcodes.OperationDenied400, needs: needInstance | needDirection, quiet: goodStanding, only: model.Downgrade, byDirection: true,
		test: func(c *evaluation) bool { return c.f.Account.NoRealTimeDowngrade },
		evidence: func(c *evaluation) string {
			return "Account.NoRealTimeDowngrade is true: the account lacks the real-time downgrade privilege"
		}},
	{name: "ram.refund", stage: StageDirection, id: errcodes.NoPermissionRefund, needs: needInstance | needDirection, quiet: mainAccount, only: model.Downgrade, byDirection: true,
		test: func(c *evaluation) bool {
			u := c.f.Account.RAMUser
			return u != nil && !u.Has(model.PermRefund)
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("a downgrade needs %s, which RAM user %q lacks", model.PermRefund, c.f.Account.RAMUser.Name)
		}},
	{name: "quota.downgrades", stage: StageDirection, id: errcodes.InstanceDowngradeQuotaExceed, needs: needInstance | needDirection, only: model.Downgrade, byDirection: true,
		test: func(c *evaluation) bool {
			if q, ok := c.downgradeQuota(); ok && c.downgradesThisMonth() >= q {
				return true
			}
			return c.pol.RefundsPerInstance > 0 && c.inst.Refunds >= c.pol.RefundsPerInstance
		},
		evidence: func(c *evaluation) string {
			if q, ok := c.downgradeQuota(); ok && c.downgradesThisMonth() >= q {
				return fmt.Sprintf("%d downgrades this month (from %s) >= monthly quota %d; the quota resets at %s", c.downgradesThisMonth(),
					monthStart(c.now, c.pol.BillingUTCOffsetMinutes).Format(time.RFC3339), q, c.quotaReset().Format(time.RFC3339))
			}
			return fmt.Sprintf("%d refunds on the instance >= limit %d (a limit of the instance: it does not reset)", c.inst.Refunds, c.pol.RefundsPerInstance)
		}},
	{name: "quota.refunded-vcpu", stage: StageDirection, id: errcodes.QuotaExceedRufundVcpu, needs: needInstance | needDirection, only: model.Downgrade,
		test: func(c *evaluation) bool {
			q, ok := c.refundVCPUQuota()
			return ok && c.refundedVCPUThisMonth()+c.refundVCPUHours() > q
		},
		detail: func(c *evaluation) string {
			return strconv.FormatInt(c.refundedVCPUThisMonth(), 10) + " + " + strconv.FormatInt(c.refundVCPUHours(), 10) +
				" vCPU·hours > " + strconv.FormatInt(c.refundVCPUQuotaValue(), 10)
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("refunded this month %d + this downgrade %d vCPU·h > monthly quota %d; the quota resets at %s",
				c.refundedVCPUThisMonth(), c.refundVCPUHours(), c.refundVCPUQuotaValue(), c.quotaReset().Format(time.RFC3339))
		}},

	// ---- Money ----
	{name: "money.list-prices", stage: StageMoney, id: errcodes.OrderCreationFailed, needs: needInstance | needDirection,
		test: func(c *evaluation) bool { return c.fromPrice == nil || c.toPrice == nil },
		evidence: func(c *evaluation) string {
			_, a := c.from.MonthlyPrice[c.req.RegionID]
			_, b := c.to.MonthlyPrice[c.req.RegionID]
			return fmt.Sprintf("list price in %s: %s %v, %s %v", c.req.RegionID, c.from.InstanceTypeID, a, c.to.InstanceTypeID, b)
		}},
	{name: "money.marketplace-image", stage: StageMoney, id: errcodes.ImageOrderFailed, needs: needInstance, quiet: plainImage, targetFree: true,
		test: func(c *evaluation) bool { return c.inst.Image.Marketplace && c.inst.Image.MarketplaceOrderFails },
		evidence: func(c *evaluation) string {
			return "marketplace image " + c.inst.Image.ImageID + " cannot be ordered for the new type"
		}},
	{name: "money.orders-valid", stage: StageMoney, id: errcodes.InternalError, needs: needInstance | needDirection, only: model.Downgrade, byDirection: true,
		test:     func(c *evaluation) bool { return c.badOrder() != "" },
		detail:   func(c *evaluation) string { return c.badOrder() },
		evidence: func(c *evaluation) string { return c.badOrder() }},
}

// eniAddressCount is the rule that no ENI carries more addresses of a kind (what, counted by
// count) than the target type allows per ENI (limit), where the type states a limit above
// unstated (for IPv4, 1 means no secondary address and has a rule of its own); q is its quiet
// fact (0: none).
func eniAddressCount(name string, id errcodes.ID, what string, unstated int, q quiet, limit func(*model.InstanceType) int, count func(*model.ENI) int) rule {
	return rule{name: name, stage: StageCapacity, id: id, needs: needInstance | needTarget, quiet: q,
		test: func(c *evaluation) bool {
			l := limit(c.to)
			return l > unstated && c.maxENI(count) > l
		},
		detail: func(c *evaluation) string {
			return "An ENI has " + strconv.Itoa(c.maxENI(count)) + " " + what + " addresses; " +
				c.to.InstanceTypeID + " supports " + strconv.Itoa(limit(c.to)) + " per ENI."
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("max %s per ENI %d > %d", what, c.maxENI(count), limit(c.to))
		}}
}

// throttle is the rule that this minute's requests (count) have reached a stated per-minute
// limit; what names the requests counted and limitName the limit, for the evidence.
func throttle(name string, id errcodes.ID, counts func(*model.Throttle) (count, limit int), what func(*evaluation) string, limitName string) rule {
	return rule{name: name, stage: StageGateway, id: id,
		gate: func(now time.Time, _ *model.Request, f *model.Facts) bool {
			t := &f.Throttle
			n, limit := counts(t)
			return limit > 0 && sameMinute(t.Minute, now) && n >= limit
		},
		evidence: func(c *evaluation) string {
			n, limit := counts(&c.f.Throttle)
			return fmt.Sprintf("%s (%s) %d >= %s %d; allowed again from %s",
				what(c), minute(c.now).Format(time.RFC3339), n, limitName, limit, minute(c.now).Add(time.Minute).Format(time.RFC3339))
		}}
}

// eniAddressSupport is the rule that no ENI carries more than allowed addresses of a kind
// (what, counted by count) when the target type lacks the feature (lacks): the detail says
// the type does not support feature, the evidence that the type's limit is as stated; q is
// its quiet fact (0: none).
func eniAddressSupport(name string, id errcodes.ID, what string, count func(*model.ENI) int, allowed int, q quiet,
	lacks func(*model.InstanceType) bool, feature, stated string) rule {
	return rule{name: name, stage: StageCapacity, id: id, needs: needInstance | needTarget, quiet: q,
		test: func(c *evaluation) bool {
			return lacks(c.to) && c.maxENI(count) > allowed
		},
		detail: func(c *evaluation) string {
			return c.to.InstanceTypeID + " does not support " + feature + "."
		},
		evidence: func(c *evaluation) string {
			return fmt.Sprintf("an ENI has %d %s addresses; %s %s", c.maxENI(count), what, c.to.InstanceTypeID, stated)
		}}
}
