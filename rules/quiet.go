package rules

import "github.com/respec-dev/respec/model"

// quiet is a set of quiet facts: facts of the request, the facts or the catalog, each
// computed once per evaluation (quietFacts), under which some rules cannot be broken. A rule
// names in its row (rule.quiet) the one quiet fact that rules it out, a precondition its test
// reads (a RAM user, a lock, an unpaid order, …), and the walk does not evaluate it while
// that fact holds: most requests have no RAM user, no lock, no RebootTime, so most such rules
// cost no call. TestQuietFactsHold holds every rule to being unbroken under its quiet fact.
type quiet uint32

// The quiet facts.
const (
	// instanceFound: the instance the request names exists in the request's region, which is
	// in the catalog (needInstance).
	instanceFound quiet = 1 << iota
	// mainAccount: no RAM user calls (Account.RAMUser is nil): the main account holds every
	// permission and no policy restricts its types.
	mainAccount
	// noLocks: the instance has no OperationLocks.
	noLocks
	// noOrderInProgress: no configuration-change order is being processed.
	noOrderInProgress
	// noUnpaidOrders: no order of the instance awaits payment.
	noUnpaidOrders
	// noTemporaryUpgrade: no temporary upgrade is recorded.
	noTemporaryUpgrade
	// noRebootTime: the request gives no RebootTime.
	noRebootTime
	// noEndTime: the request gives no EndTime (the change is not temporary).
	noEndTime
	// noEIP: no EIP is associated with the instance.
	noEIP
	// notOnline: the request does not ask for ModifyMode=Online.
	notOnline
	// noTicketChanges: the current type's family has no ticket-only change in the catalog.
	noTicketChanges
	// imageAnyFamily: the image names no family it does or does not run on.
	imageAnyFamily
	// noElasticQuotas: the account states no per-type vCPU quota.
	noElasticQuotas
	// noSystemDiskCategory: the request gives no SystemDisk.Category.
	noSystemDiskCategory
	// noRequestDisks: the request names no data disk (Disk.N).
	noRequestDisks
	// noIPv6: no ENI of the instance carries an IPv6 address.
	noIPv6
	// plainInstance: the instance has none of the features that alone refuse a change or
	// restrict its target: no starter package, no hibernation, no local disks, no nested
	// virtualization, no VPC advanced network features.
	plainInstance
	// plainImage: the image is authorized and not from the marketplace.
	plainImage
	// goodStanding: the account has a billing method, is not in arrears and holds the
	// real-time downgrade privilege.
	goodStanding

	// quietAll is every quiet fact.
	quietAll = goodStanding<<1 - 1
)

// quietFacts returns the quiet facts that hold, once the resolution has found what it could
// (the instance and its current type: a fact of the current type holds only when it is
// found). None depends on the target type, so AvailableTargets keeps them for every target.
func (c *evaluation) quietFacts() quiet {
	in, a, r := c.inst, &c.f.Account, c.req
	var q quiet
	set := func(f quiet, holds bool) {
		if holds {
			q |= f
		}
	}
	set(instanceFound, c.have&needInstance != 0)
	set(mainAccount, a.RAMUser == nil)
	set(noLocks, len(in.OperationLocks) == 0)
	set(noOrderInProgress, in.OrderInProgress == nil)
	set(noUnpaidOrders, len(in.UnpaidOrders) == 0)
	set(noTemporaryUpgrade, in.TemporaryUpgrade == nil)
	set(noRebootTime, !r.HasRebootTime())
	set(noEndTime, !r.HasEndTime())
	set(noEIP, in.EIPAddress == "")
	set(notOnline, r.ModifyMode != model.ModifyOnline)
	set(noTicketChanges, c.have&needFrom != 0 && !c.cat.TicketChangesAt(c.fromIdx))
	set(imageAnyFamily, len(in.Image.UnsupportedFamilies) == 0 && len(in.Image.SupportedFamilies) == 0)
	set(noElasticQuotas, len(a.Quotas.Elastic) == 0)
	set(noSystemDiskCategory, r.SystemDiskCategory == "")
	set(noRequestDisks, len(r.Disks) == 0)
	set(noIPv6, c.maxENI(eniIPv6) == 0)
	set(plainInstance, !in.StarterPackage && !in.HibernationConfigured && in.LocalDisks <= 0 && !in.NestedVirtualization &&
		!in.VpcAdvancedNetworkFeature)
	set(plainImage, !in.Image.Unauthorized && !in.Image.Marketplace)
	set(goodStanding, !a.NoBillingMethod && !a.InArrears && !a.NoRealTimeDowngrade)
	return q
}
