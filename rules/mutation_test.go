package rules_test

// Boundary tests: each limit of the rule table is tried exactly at the limit (accepted) and
// one step beyond it (refused with the rule's entry), so that an off-by-one, a flipped
// comparison or a dropped condition in a rule fails a test.

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/pricing"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

// edge is one boundary: at changes an accepted world to sit exactly at the limit, over one
// step beyond it.
type edge struct {
	name     string
	base     func() fuzz.World
	at, over func(w *fuzz.World)
	id       errcodes.ID
}

func intp(v int) *int       { return &v }
func int64p(v int64) *int64 { return &v }

// given is base with setup applied: the facts both sides of an edge share, stated once.
func given(base func() fuzz.World, setup func(w *fuzz.World)) func() fuzz.World {
	return func() fuzz.World {
		w := base()
		setup(&w)
		return w
	}
}

func TestRuleBoundaries(t *testing.T) {
	up, down, retired := fuzz.Baseline, fuzz.BaselineDowngrade, fuzz.Retired
	now := fuzz.BaseNow
	target := func(w *fuzz.World) *model.InstanceType { return w.Target() }
	// The month of now starts at 2026-11-01T00:00+08:00 = 2026-10-31T16:00Z.
	monthStart := time.Date(2026, 10, 31, 16, 0, 0, 0, time.UTC)
	edges := []edge{
		{"api throttle", up,
			func(w *fuzz.World) { w.Facts.Throttle = model.Throttle{Minute: now, Count: 19, Limit: 20} },
			func(w *fuzz.World) { w.Facts.Throttle = model.Throttle{Minute: now, Count: 20, Limit: 20} },
			errcodes.Throttling400},
		{"api throttle of another minute", up,
			func(w *fuzz.World) {
				w.Facts.Throttle = model.Throttle{Minute: now.Add(-time.Minute), Count: 20, Limit: 20}
			},
			func(w *fuzz.World) {
				w.Facts.Throttle = model.Throttle{Minute: now.Add(59 * time.Second), Count: 20, Limit: 20}
			},
			errcodes.Throttling400},
		{"api throttle without limit", up,
			func(w *fuzz.World) { w.Facts.Throttle = model.Throttle{Minute: now, Count: 1000} },
			func(w *fuzz.World) { w.Facts.Throttle = model.Throttle{Minute: now, Count: 1000, Limit: 1} },
			errcodes.Throttling400},
		{"account throttle", up,
			func(w *fuzz.World) {
				w.Facts.Throttle = model.Throttle{Minute: now, AccountCount: 499, AccountLimit: 500}
			},
			func(w *fuzz.World) {
				w.Facts.Throttle = model.Throttle{Minute: now, AccountCount: 500, AccountLimit: 500}
			},
			errcodes.Throttling403},
		{"account throttle without limit", up,
			func(w *fuzz.World) { w.Facts.Throttle = model.Throttle{Minute: now, AccountCount: 500} },
			func(w *fuzz.World) {
				w.Facts.Throttle = model.Throttle{Minute: now, AccountCount: 500, AccountLimit: 1}
			},
			errcodes.Throttling403},
		{"expiry", up,
			func(w *fuzz.World) { w.Facts.Instance.ExpiredTime = now.Add(time.Nanosecond) },
			func(w *fuzz.World) { w.Facts.Instance.ExpiredTime = now },
			errcodes.InvalidInstancePreInstanceExpired},
		{"order in progress", up,
			func(w *fuzz.World) {
				w.Facts.Instance.OrderInProgress = &model.OrderInProgress{OrderID: "1", Until: now}
			},
			func(w *fuzz.World) {
				w.Facts.Instance.OrderInProgress = &model.OrderInProgress{OrderID: "1", Until: now.Add(time.Nanosecond)}
			},
			errcodes.LastOrderProcessing},
		{"temporary upgrade", up,
			func(w *fuzz.World) {
				w.Facts.Instance.TemporaryUpgrade = &model.TemporaryUpgrade{Until: now, RevertTo: fuzz.BaseDowngrade}
			},
			func(w *fuzz.World) {
				w.Facts.Instance.TemporaryUpgrade = &model.TemporaryUpgrade{Until: now.Add(time.Nanosecond), RevertTo: fuzz.BaseDowngrade}
			},
			errcodes.InvalidActionWithActiveElasticUpgrade},
		{"gap between changes",
			given(up, func(w *fuzz.World) { w.Facts.Policy.MinGapBetweenChanges = model.Duration(5 * time.Minute) }),
			func(w *fuzz.World) { w.Facts.Instance.LastModifiedTime = now.Add(-5 * time.Minute) },
			func(w *fuzz.World) { w.Facts.Instance.LastModifiedTime = now.Add(-5*time.Minute + time.Nanosecond) },
			errcodes.OperationDenied403},
		{"RebootTime ahead, under the opt-in window",
			given(up, func(w *fuzz.World) { w.Facts.Policy.RebootTimeMaxAhead = model.Duration(7 * 24 * time.Hour) }),
			func(w *fuzz.World) { w.Request.RebootTime = now.Add(7 * 24 * time.Hour) },
			func(w *fuzz.World) { w.Request.RebootTime = now.Add(7*24*time.Hour + time.Minute) },
			errcodes.InvalidRebootTimeValueNotSupported},
		{"RebootTime at expiry",
			given(up, func(w *fuzz.World) { w.Facts.Instance.ExpiredTime = now.Add(time.Hour) }),
			func(w *fuzz.World) { w.Request.RebootTime = now.Add(time.Hour) },
			func(w *fuzz.World) { w.Request.RebootTime = now.Add(time.Hour + time.Minute) },
			errcodes.InvalidRebootTimeValueNotSupported},
		{"online changes",
			given(up, func(w *fuzz.World) {
				w.Request.ModifyMode = model.ModifyOnline
				w.Facts.Policy.MaxOnlineModifications = 3
			}),
			func(w *fuzz.World) { w.Facts.Instance.OnlineModifications = 2 },
			func(w *fuzz.World) { w.Facts.Instance.OnlineModifications = 3 },
			errcodes.InvalidOperationMaxModifyOnlineNumberExceeded},
		{"elastic quota",
			given(up, func(w *fuzz.World) {
				w.Facts.Account.Quotas.Elastic = []model.ElasticQuota{{ZoneID: fuzz.BaseZone, InstanceType: fuzz.BaseUpgrade, LimitVCPU: 12}}
			}),
			func(w *fuzz.World) { w.Facts.Account.Quotas.Elastic[0].UsedVCPU = 4 },
			func(w *fuzz.World) { w.Facts.Account.Quotas.Elastic[0].UsedVCPU = 5 },
			errcodes.QuotaExceedElasticQuota},
		{"elastic quota of another zone",
			given(up, func(w *fuzz.World) {
				w.Facts.Account.Quotas.Elastic = []model.ElasticQuota{{ZoneID: "cn-hangzhou-i", InstanceType: fuzz.BaseUpgrade, LimitVCPU: 1}}
			}),
			func(w *fuzz.World) {},
			func(w *fuzz.World) {
				w.Facts.Account.Quotas.Elastic = append(w.Facts.Account.Quotas.Elastic, model.ElasticQuota{ZoneID: fuzz.BaseZone, InstanceType: fuzz.BaseUpgrade, LimitVCPU: 1})
			},
			errcodes.QuotaExceedElasticQuota},
		{"data disk count",
			given(up, func(w *fuzz.World) { target(w).DiskQuantity = 1 }),
			func(w *fuzz.World) {},
			secondDataDisk,
			errcodes.InstanceTypeNotSupportedTooManyDisksAttached},
		{"data disk count by the policy's default",
			given(up, func(w *fuzz.World) { target(w).DiskQuantity = 0; w.Facts.Policy.DefaultMaxDataDisks = 1 }),
			func(w *fuzz.World) {},
			secondDataDisk,
			errcodes.InstanceTypeNotSupportedTooManyDisksAttached},
		{"disk capacity quota", retired,
			func(w *fuzz.World) {
				w.Facts.Account.Quotas.DiskCapacity = []model.DiskCapacityQuota{{ZoneID: fuzz.BaseZone, Category: model.DiskCloudSSD, LimitGiB: 100, UsedGiB: 60}}
			},
			func(w *fuzz.World) {
				w.Facts.Account.Quotas.DiskCapacity = []model.DiskCapacityQuota{{ZoneID: fuzz.BaseZone, Category: model.DiskCloudSSD, LimitGiB: 100, UsedGiB: 61}}
			},
			errcodes.QuotaExceedDiskCapacity},
		{"ENI count",
			given(up, func(w *fuzz.World) { target(w).EniQuantity = 1 }),
			func(w *fuzz.World) {},
			withENIs(model.ENI{ENIID: "eni-2", PrivateIPv4: 1}),
			errcodes.InvalidOperationEniCountExceeded},
		{"ENI count unpublished",
			given(up, withENIs(model.ENI{ENIID: "eni-2", PrivateIPv4: 1}, model.ENI{ENIID: "eni-3", PrivateIPv4: 1}, model.ENI{ENIID: "eni-4", PrivateIPv4: 1})),
			func(w *fuzz.World) { target(w).EniQuantity = 0 },
			func(w *fuzz.World) { target(w).EniQuantity = 3 },
			errcodes.InvalidOperationEniCountExceeded},
		{"secondary IPv4",
			given(up, func(w *fuzz.World) { target(w).EniPrivateIPv4PerEni = 1 }),
			func(w *fuzz.World) { w.Facts.Instance.ENIs[0].PrivateIPv4 = 1 },
			func(w *fuzz.World) { w.Facts.Instance.ENIs[0].PrivateIPv4 = 2 },
			errcodes.InvalidOperationIpv4NotSupport},
		{"IPv4 per ENI on a second ENI", up,
			withENIs(model.ENI{ENIID: "eni-2", PrivateIPv4: 10}),
			withENIs(model.ENI{ENIID: "eni-2", PrivateIPv4: 11}),
			errcodes.InvalidOperationIpv4CountExceeded},
		{"IPv6 support",
			given(up, func(w *fuzz.World) { target(w).IPv6Supported, target(w).EniIPv6PerEni = false, 0 }),
			func(w *fuzz.World) {},
			func(w *fuzz.World) { w.Facts.Instance.ENIs[0].IPv6 = 1 },
			errcodes.InvalidOperationIpv6NotSupport},
		{"queues per ENI", up,
			withENIs(model.ENI{ENIID: "eni-2", PrivateIPv4: 1, QueueNumber: 8}),
			withENIs(model.ENI{ENIID: "eni-2", PrivateIPv4: 1, QueueNumber: 9}),
			errcodes.InvalidOperationMaxEniQueueNumberExceeded},
		{"queues in total",
			given(up, withENIs(model.ENI{ENIID: "eni-2", PrivateIPv4: 1, QueueNumber: 8})),
			withENIs(model.ENI{ENIID: "eni-3", PrivateIPv4: 1, QueueNumber: 4}),
			withENIs(model.ENI{ENIID: "eni-3", PrivateIPv4: 1, QueueNumber: 5}),
			errcodes.InvalidOperationExceedInstanceTypeQueueNumber},
		{"monthly downgrades",
			given(down, func(w *fuzz.World) { w.Facts.Account.Quotas.DowngradesPerMonth = intp(3) }),
			// A downgrade a nanosecond before the month's start does not count, one at now does.
			func(w *fuzz.World) {
				w.Facts.Account.Quotas.Downgrades = []time.Time{monthStart.Add(-time.Nanosecond), monthStart, now, now.Add(time.Nanosecond)}
			},
			func(w *fuzz.World) {
				w.Facts.Account.Quotas.Downgrades = []time.Time{monthStart, monthStart.Add(time.Hour), now}
			},
			errcodes.InstanceDowngradeQuotaExceed},
		{"monthly downgrades, account's own quota", down,
			func(w *fuzz.World) {
				w.Facts.Account.Quotas.DowngradesPerMonth = intp(4)
				w.Facts.Account.Quotas.Downgrades = []time.Time{now, now, now}
			},
			func(w *fuzz.World) {
				w.Facts.Account.Quotas.DowngradesPerMonth = intp(2)
				w.Facts.Account.Quotas.Downgrades = []time.Time{now, now}
			},
			errcodes.InstanceDowngradeQuotaExceed},
		{"refunds per instance",
			given(down, func(w *fuzz.World) {
				w.Facts.Policy.MonthlyDowngradeQuota = false
				w.Facts.Policy.RefundsPerInstance = 3
			}),
			func(w *fuzz.World) { w.Facts.Instance.Refunds = 2 },
			func(w *fuzz.World) { w.Facts.Instance.Refunds = 3 },
			errcodes.InstanceDowngradeQuotaExceed},
		{"refunded vCPU hours", down,
			func(w *fuzz.World) {
				// 2 vCPU × 7428 h (2026-11-25T12:00Z to 2027-10-01T00:00Z) = 14856, plus 100 used.
				w.Facts.Account.Quotas.RefundedVCPUHoursPerMonth = int64p(14956)
				w.Facts.Account.Quotas.RefundedVCPU = []model.QuotaUse{{At: now, Amount: 100}, {At: now.AddDate(0, -1, 0), Amount: 1000}, {At: now.Add(time.Hour), Amount: 1000}}
			},
			func(w *fuzz.World) {
				w.Facts.Account.Quotas.RefundedVCPUHoursPerMonth = int64p(14955)
				w.Facts.Account.Quotas.RefundedVCPU = []model.QuotaUse{{At: now, Amount: 100}}
			},
			errcodes.QuotaExceedRufundVcpu},
		{"refunded vCPU hours, a started hour counts",
			given(down, func(w *fuzz.World) { w.Facts.Account.Quotas.RefundedVCPUHoursPerMonth = int64p(20) }),
			func(w *fuzz.World) { w.Facts.Instance.ExpiredTime = now.Add(10 * time.Hour) },
			func(w *fuzz.World) { w.Facts.Instance.ExpiredTime = now.Add(10*time.Hour + time.Nanosecond) },
			errcodes.QuotaExceedRufundVcpu},
		{"refunded vCPU hours, policy default",
			given(down, func(w *fuzz.World) { w.Facts.Instance.ExpiredTime = now.Add(10 * time.Hour) }),
			func(w *fuzz.World) { w.Facts.Policy.RefundedVCPUHoursPerMonth = 20 },
			func(w *fuzz.World) { w.Facts.Policy.RefundedVCPUHoursPerMonth = 19 },
			errcodes.QuotaExceedRufundVcpu},
		{"instance ID length", up,
			func(w *fuzz.World) { instanceID(w, "i-"+strings.Repeat("a", 62)) },
			func(w *fuzz.World) { instanceID(w, "i-"+strings.Repeat("a", 63)) },
			errcodes.InvalidParameterInstanceId},
		{"instance ID characters", up,
			func(w *fuzz.World) { instanceID(w, "i-az09") },
			func(w *fuzz.World) { instanceID(w, "i-az0{") },
			errcodes.InvalidParameterInstanceId},
		{"idempotency lifetime",
			given(up, func(w *fuzz.World) { w.Request.ClientToken = "t" }),
			func(w *fuzz.World) {
				w.Facts.Idempotency = model.Ledger{"t": {Fingerprint: "other", At: now.Add(-24 * time.Hour)}}
			},
			func(w *fuzz.World) {
				w.Facts.Idempotency = model.Ledger{"t": {Fingerprint: "other", At: now.Add(-24*time.Hour + time.Nanosecond)}}
			},
			errcodes.IdempotenceParamNotMatch},
		{"unpaid order kinds", up,
			func(w *fuzz.World) {},
			func(w *fuzz.World) {
				w.Facts.Instance.UnpaidOrders = []model.UnpaidOrder{{OrderID: "1", Kind: model.UnpaidRenewal}, {OrderID: "2", Kind: model.UnpaidModification}}
			},
			errcodes.InvalidInstanceUnpaidOrder},
		{"authorized type",
			given(up, func(w *fuzz.World) { target(w).RequiresAuthorization = true }),
			func(w *fuzz.World) { w.Facts.Account.AuthorizedTypes = []string{fuzz.BaseUpgrade} },
			func(w *fuzz.World) { w.Facts.Account.AuthorizedTypes = []string{fuzz.BaseType} },
			errcodes.InvalidInstanceTypeValueUnauthorized400},
		{"RAM user's allowed types", up,
			func(w *fuzz.World) {
				w.Facts.Account.RAMUser = &model.RAMUser{Name: "u", Permissions: []string{model.PermModify}, AllowedInstanceTypes: []string{fuzz.BaseUpgrade}}
			},
			func(w *fuzz.World) {
				w.Facts.Account.RAMUser = &model.RAMUser{Name: "u", Permissions: []string{model.PermModify}, AllowedInstanceTypes: []string{fuzz.BaseType}}
			},
			errcodes.InvalidInstanceTypeValueUnauthorized401},
		{"image families", up,
			func(w *fuzz.World) { w.Facts.Instance.Image.SupportedFamilies = []string{"ecs.g6"} },
			func(w *fuzz.World) { w.Facts.Instance.Image.UnsupportedFamilies = []string{"ecs.g6"} },
			errcodes.ImageNotSupportInstanceType},
		{"OS types", up,
			func(w *fuzz.World) { target(w).OSTypes = []string{model.OSWindows, model.OSLinux} },
			func(w *fuzz.World) { target(w).OSTypes = []string{model.OSWindows} },
			errcodes.InvalidOperationOSTypeNotSupported},
		{"recycling lock", up,
			func(w *fuzz.World) { w.Facts.Instance.OperationLocks = []string{"other"} },
			func(w *fuzz.World) { w.Facts.Instance.OperationLocks = []string{"other", model.LockRecycling} },
			errcodes.InvalidInstanceStatus403},
		{"entry-level target in an advanced VPC",
			given(down, func(w *fuzz.World) { w.Facts.Instance.VpcAdvancedNetworkFeature = true }),
			func(w *fuzz.World) {},
			func(w *fuzz.World) { target(w).FamilyLevel = model.LevelEntry },
			errcodes.InvalidOperationVpcHasEnabledAdvancedNetworkFeature},
		{"arrears under a policy that allows them",
			given(up, func(w *fuzz.World) { w.Facts.Account.InArrears = true }),
			func(w *fuzz.World) { w.Facts.Policy.ArrearsBlock = false },
			func(w *fuzz.World) {},
			errcodes.AccountArrearage},
		{"preemptible with a price limit", up,
			func(w *fuzz.World) { w.Facts.Instance.SpotStrategy = "" },
			func(w *fuzz.World) { w.Facts.Instance.SpotStrategy = model.SpotWithPriceLimit },
			errcodes.InvalidInstanceChargeTypeValueNotSupported},
		{"unknown charge type", up,
			func(w *fuzz.World) {},
			func(w *fuzz.World) { w.Facts.Instance.ChargeType = "Other" },
			errcodes.InvalidInstanceChargeTypeValueNotSupported},
		{"unknown status", up,
			func(w *fuzz.World) {},
			func(w *fuzz.World) { w.Facts.Instance.Status = "Rebooting" },
			errcodes.InternalError},
		{"downgrade from Running under 2018",
			given(down, func(w *fuzz.World) {
				w.Facts.Policy = model.Policy2018()
				w.Facts.Instance.Status = model.StatusRunning
			}),
			func(w *fuzz.World) { w.Request.OperatorType = model.Downgrade },
			func(w *fuzz.World) {},
			errcodes.InvalidAction},
		{"upgrade only from Stopped",
			given(up, func(w *fuzz.World) { w.Facts.Instance.Status = model.StatusStopped }),
			func(w *fuzz.World) { w.Facts.Policy.UpgradeStatuses = []model.Status{model.StatusStopped} },
			func(w *fuzz.World) { w.Facts.Policy.UpgradeStatuses = []model.Status{model.StatusRunning} },
			errcodes.InvalidInstanceStatus400},
	}
	edges = append(edges, requestTimeEdges(up)...)
	edges = append(edges, primaryENIEdges(up)...)
	for _, e := range edges {
		t.Run(e.name, func(t *testing.T) {
			w := e.base()
			e.at(&w)
			if _, err := fuzz.Decide(w, nil); err != nil {
				t.Fatalf("at the limit: %v", err)
			}
			w = e.base()
			e.over(&w)
			_, err := fuzz.Decide(w, nil)
			if !errors.Is(err, e.id) {
				t.Fatalf("beyond the limit: %v, want %s", err, e.id.Code())
			}
			is := fuzz.Explain(w, nil)
			if len(is) == 0 || is[0].Err.ID != e.id || is[0].Evidence == "" {
				t.Fatalf("Explain %v", is)
			}
		})
	}
}

// requestTimeEdges are the bounds RebootTime and EndTime share: later than now, and no later
// than the instance's expiry (for RebootTime: when the policy sets no window ahead).
func requestTimeEdges(base func() fuzz.World) []edge {
	now := fuzz.BaseNow
	var edges []edge
	for _, f := range []struct {
		name, atExpiry string
		field          func(r *model.Request) *time.Time
		id             errcodes.ID
	}{
		{"RebootTime", "RebootTime far ahead, no window (any time before expiry)",
			func(r *model.Request) *time.Time { return &r.RebootTime }, errcodes.InvalidRebootTimeValueNotSupported},
		{"EndTime", "EndTime at expiry",
			func(r *model.Request) *time.Time { return &r.EndTime }, errcodes.InvalidParameter},
	} {
		edges = append(edges,
			edge{f.atExpiry, base,
				func(w *fuzz.World) { *f.field(&w.Request) = w.Facts.Instance.ExpiredTime },
				func(w *fuzz.World) { *f.field(&w.Request) = w.Facts.Instance.ExpiredTime.Add(time.Minute) },
				f.id},
			edge{f.name + " now", base,
				func(w *fuzz.World) { *f.field(&w.Request) = now.Add(time.Minute) },
				func(w *fuzz.World) { *f.field(&w.Request) = now },
				f.id})
	}
	return edges
}

// primaryENIEdges are the baseline target's per-interface limits tried on the primary ENI:
// at the limit, and one over it.
func primaryENIEdges(base func() fuzz.World) []edge {
	var edges []edge
	for _, c := range []struct {
		name  string
		field func(e *model.ENI) *int
		limit int
		id    errcodes.ID
	}{
		{"IPv4 per ENI", func(e *model.ENI) *int { return &e.PrivateIPv4 }, 10, errcodes.InvalidOperationIpv4CountExceeded},
		{"IPv6 per ENI", func(e *model.ENI) *int { return &e.IPv6 }, 10, errcodes.InvalidOperationIpv6CountExceeded},
		{"primary ENI queues", func(e *model.ENI) *int { return &e.QueueNumber }, 4, errcodes.InvalidParameterInvalidEniQueueNumber},
	} {
		edges = append(edges, edge{c.name, base,
			func(w *fuzz.World) { *c.field(&w.Facts.Instance.ENIs[0]) = c.limit },
			func(w *fuzz.World) { *c.field(&w.Facts.Instance.ENIs[0]) = c.limit + 1 },
			c.id})
	}
	return edges
}

// withENIs attaches the interfaces enis to the instance.
func withENIs(enis ...model.ENI) func(w *fuzz.World) {
	return func(w *fuzz.World) { w.Facts.Instance.ENIs = append(w.Facts.Instance.ENIs, enis...) }
}

// secondDataDisk attaches a second data disk to the instance.
func secondDataDisk(w *fuzz.World) {
	w.Facts.Instance.DataDisks = append(w.Facts.Instance.DataDisks, model.Disk{DiskID: "d-2", Category: model.DiskCloudESSD, SizeGiB: 20})
}

// instanceID gives the request and the instance the same ID.
func instanceID(w *fuzz.World, id string) { w.Request.InstanceID, w.Facts.Instance.InstanceID = id, id }

func TestDirection(t *testing.T) {
	ty := func(cpu int, mem float64, price string) *model.InstanceType {
		t := &model.InstanceType{CPU: cpu, MemoryGiB: mem}
		if price != "" {
			t.MonthlyPrice = map[string]decimal.Decimal{"r": decimal.RequireFromString(price)}
		}
		return t
	}
	cases := []struct {
		from, to *model.InstanceType
		want     model.OperatorType
	}{
		{ty(2, 8, "100"), ty(1, 1, "101"), model.Upgrade},   // price decides
		{ty(1, 1, "101"), ty(2, 8, "100"), model.Downgrade}, // price decides
		{ty(2, 8, "100"), ty(4, 8, "100"), model.Upgrade},   // equal price: vCPU
		{ty(4, 8, "100"), ty(2, 8, "100"), model.Downgrade},
		{ty(2, 8, ""), ty(2, 16, "100"), model.Upgrade}, // one price missing: memory
		{ty(2, 16, "100"), ty(2, 8, ""), model.Downgrade},
		{ty(2, 8, "100"), ty(2, 8, "100"), model.Upgrade}, // lateral
	}
	for i, c := range cases {
		if got := rules.Direction(c.from, c.to, "r"); got != c.want {
			t.Errorf("case %d: %v, want %v", i, got, c.want)
		}
	}
}

func TestStagesAndRules(t *testing.T) {
	names := map[rules.Stage]string{rules.StageParameters: "parameters", rules.StageGateway: "gateway",
		rules.StageIdempotency: "idempotency", rules.StageRegionAndInstance: "region and instance",
		rules.StageAccount: "account and permissions", rules.StageInstanceState: "instance state",
		rules.StageOrders: "orders in flight", rules.StageSchedule: "schedule and mode", rules.StageTargetType: "target type",
		rules.StageCapacity: "capacity and attachments", rules.StageDirection: "direction", rules.StageMoney: "money", 0: "unknown"}
	for s, n := range names {
		if s.String() != n {
			t.Errorf("Stage(%d) = %q, want %q", s, s.String(), n)
		}
	}
	if (rules.Issues{}).Err() != nil {
		t.Error("no issues, an error")
	}
	rs := rules.Rules()
	for i, r := range rs {
		if r.Position != i || r.Name == "" || !r.ID.Valid() {
			t.Errorf("rule %d: %+v", i, r)
		}
		if i > 0 && r.Stage < rs[i-1].Stage {
			t.Errorf("rule %s out of stage order", r.Name)
		}
		// status.settled depends on the direction (a downgrade's statuses are
		// status.stopped-required's) and migrate.eip ignores MigrateAcrossZone for a downgrade,
		// so both are evaluated per type although they come earlier.
		if r.PerTarget && r.Stage < rules.StageTargetType && r.Name != "status.settled" && r.Name != "migrate.eip" {
			t.Errorf("rule %s per target before the target stage", r.Name)
		}
	}
}

// TestApplyChanges checks what Apply writes, field by field.
func TestApplyChanges(t *testing.T) {
	decideApply := func(t *testing.T, w fuzz.World) (rules.Plan, model.Facts, model.Facts) {
		t.Helper()
		req, f, perr := fuzz.Prepare(w, nil)
		if perr != nil {
			t.Fatal(perr)
		}
		p, err := rules.Decide(w.Now, &req, &f)
		if err != nil {
			t.Fatal(err)
		}
		return p, f, rules.Apply(f, p)
	}
	t.Run("paid upgrade, next start", func(t *testing.T) {
		w := fuzz.Baseline()
		w.Request.ClientToken = "tok"
		p, f, g := decideApply(t, w)
		if !g.Account.Balance.Equal(decimal.RequireFromString("4429")) {
			t.Errorf("balance %s", g.Account.Balance)
		}
		if g.Instance.InstanceType != fuzz.BaseType || g.Instance.PendingInstanceType != fuzz.BaseUpgrade || !g.Instance.PendingRebootTime.IsZero() {
			t.Errorf("type %s pending %s", g.Instance.InstanceType, g.Instance.PendingInstanceType)
		}
		if n := len(g.Instance.Orders); n != 2 || len(f.Instance.Orders) != 1 {
			t.Fatalf("%d orders", n)
		}
		o := g.Instance.Orders[1]
		if o.Kind != model.OrderUpgrade || o.InstanceType != fuzz.BaseUpgrade || o.PreviousInstanceType != fuzz.BaseType ||
			!o.CashPaid.Equal(p.Charge.TradePrice) || !o.ListPrice.Equal(p.Charge.OriginalPrice) || !o.End.Equal(w.Facts.Instance.ExpiredTime) ||
			!o.Start.Equal(w.Now) || o.OrderID != p.OrderID {
			t.Errorf("order %+v", o)
		}
		if g.Instance.OrderInProgress == nil || !g.Instance.OrderInProgress.Until.Equal(p.CompletesAt) || !g.Instance.LastModifiedTime.Equal(w.Now) {
			t.Errorf("in progress %+v, last modified %s", g.Instance.OrderInProgress, g.Instance.LastModifiedTime)
		}
		if rec, ok := g.Idempotency["tok"]; !ok || rec.OrderID != p.OrderID || rec.Fingerprint == "" {
			t.Errorf("ledger %+v", g.Idempotency)
		}
		if f.Idempotency != nil || f.Instance.OrderInProgress != nil {
			t.Error("Apply changed its input")
		}
		if g.Instance.TemporaryUpgrade != nil || g.Instance.Refunds != 0 || g.Instance.OnlineModifications != 0 {
			t.Errorf("unexpected %+v", g.Instance)
		}
	})
	t.Run("temporary online upgrade", func(t *testing.T) {
		w := fuzz.Baseline()
		w.Request.EndTime = w.Now.Add(48 * time.Hour)
		w.Request.ModifyMode = model.ModifyOnline
		p, _, g := decideApply(t, w)
		if !p.Temporary || p.Effect.When != rules.EffectOnline {
			t.Fatalf("plan %+v", p)
		}
		if g.Instance.InstanceType != fuzz.BaseUpgrade || g.Instance.PendingInstanceType != "" || g.Instance.OnlineModifications != 1 {
			t.Errorf("type %s pending %q online %d", g.Instance.InstanceType, g.Instance.PendingInstanceType, g.Instance.OnlineModifications)
		}
		if tu := g.Instance.TemporaryUpgrade; tu == nil || !tu.Until.Equal(w.Request.EndTime) || tu.RevertTo != fuzz.BaseType {
			t.Errorf("temporary %+v", tu)
		}
		if o := g.Instance.Orders[1]; !o.End.Equal(w.Request.EndTime) {
			t.Errorf("order end %s", o.End)
		}
	})
	t.Run("restart after completion", func(t *testing.T) {
		w := fuzz.Baseline()
		w.Request.RebootWhenFinished = true
		p, _, g := decideApply(t, w)
		if p.Effect.When != rules.EffectAfterCompletion || !p.Effect.Restart || g.Instance.InstanceType != fuzz.BaseUpgrade || g.Instance.OnlineModifications != 0 {
			t.Errorf("effect %+v type %s", p.Effect, g.Instance.InstanceType)
		}
	})
	t.Run("restart at RebootTime", func(t *testing.T) {
		w := fuzz.Baseline()
		w.Request.RebootTime = w.Now.Add(time.Hour)
		w.Request.RebootWhenFinished = true
		p, _, g := decideApply(t, w)
		if p.Effect.When != rules.EffectAtRebootTime || !p.Effect.At.Equal(w.Request.RebootTime) || len(p.Warnings) != 1 {
			t.Fatalf("effect %+v warnings %v", p.Effect, p.Warnings)
		}
		if g.Instance.PendingInstanceType != fuzz.BaseUpgrade || !g.Instance.PendingRebootTime.Equal(w.Request.RebootTime) {
			t.Errorf("pending %s at %s", g.Instance.PendingInstanceType, g.Instance.PendingRebootTime)
		}
	})
	t.Run("unpaid and abnormal orders", func(t *testing.T) {
		for _, c := range []struct {
			autoPay  bool
			balance  string
			status   string
			abnormal bool
		}{{false, "10000", rules.OrderUnpaid, false}, {true, "5570.99", rules.OrderAbnormal, true}, {true, "5571", rules.OrderPaid, false}} {
			w := fuzz.Baseline()
			w.Request.AutoPay, w.Request.AutoPaySet = c.autoPay, true
			w.Facts.Account.Balance = decimal.RequireFromString(c.balance)
			p, f, g := decideApply(t, w)
			if p.Charge.OrderStatus != c.status {
				t.Fatalf("%+v: status %s", c, p.Charge.OrderStatus)
			}
			if c.status == rules.OrderPaid {
				if !g.Account.Balance.IsZero() || len(g.Instance.UnpaidOrders) != 0 {
					t.Errorf("paid: balance %s", g.Account.Balance)
				}
				continue
			}
			if !g.Account.Balance.Equal(f.Account.Balance) || g.Instance.PendingInstanceType != "" || len(g.Instance.Orders) != 1 {
				t.Errorf("%s: balance %s pending %q", c.status, g.Account.Balance, g.Instance.PendingInstanceType)
			}
			u := g.Instance.UnpaidOrders
			if len(u) != 1 || u[0].Abnormal != c.abnormal || u[0].Kind != model.UnpaidModification || u[0].InstanceType != fuzz.BaseUpgrade ||
				!u[0].Amount.Equal(p.Charge.TradePrice) || u[0].OrderID != p.OrderID {
				t.Errorf("%s: unpaid %+v", c.status, u)
			}
			if !strings.Contains(p.Effect.Description, "") || (c.status == rules.OrderAbnormal) != (p.Effect.When == rules.EffectNeverAbnormal) {
				t.Errorf("effect %+v", p.Effect)
			}
		}
	})
	t.Run("downgrade", func(t *testing.T) {
		w := fuzz.BaselineDowngrade()
		statedQuotas(&w)
		w.Request.AutoPaySet = true
		p, f, g := decideApply(t, w)
		if p.Refund == nil || len(p.Warnings) != 1 || p.Quota.Downgrades != 1 || p.Quota.RefundedVCPUHours != 2*7428 {
			t.Fatalf("plan %+v", p)
		}
		if !g.Account.Balance.Equal(f.Account.Balance.Add(p.Refund.Total)) {
			t.Errorf("balance %s + refund %s = %s", f.Account.Balance, p.Refund.Total, g.Account.Balance)
		}
		// The downgrade cancels the purchase and generates an order with the new type.
		if len(g.Instance.Orders) != 2 || !g.Instance.Orders[0].CancelledAt.Equal(w.Now) ||
			!g.Instance.Orders[0].CashPaid.Equal(f.Instance.Orders[0].CashPaid) {
			t.Fatalf("orders after: %+v", g.Instance.Orders)
		}
		or := p.Refund.Orders[0]
		kept, _ := pricing.Round(or.OnlineRefundable.Sub(or.Refunded), 2, model.RoundDown)
		if n := g.Instance.Orders[1]; n.Kind != model.OrderDowngrade || n.InstanceType != fuzz.BaseDowngrade ||
			n.PreviousInstanceType != p.FromType || !n.Start.Equal(w.Now) || !n.End.Equal(f.Instance.Orders[0].End) ||
			!n.CashPaid.Equal(kept) || n.OrderID != p.OrderID {
			t.Errorf("new order %+v, want cash %s", n, kept)
		}
		if !f.Instance.Orders[0].CashPaid.Equal(decimal.RequireFromString("6120")) {
			t.Error("Apply changed the input's orders")
		}
		if g.Instance.Refunds != 1 || len(g.Account.Quotas.Downgrades) != 1 || len(g.Account.Quotas.RefundedVCPU) != 1 ||
			g.Account.Quotas.RefundedVCPU[0].Amount != 2*7428 || !g.Account.Quotas.Downgrades[0].Equal(w.Now) {
			t.Errorf("quotas %+v refunds %d", g.Account.Quotas, g.Instance.Refunds)
		}
		if g.Instance.PendingInstanceType != fuzz.BaseDowngrade {
			t.Errorf("pending %q", g.Instance.PendingInstanceType)
		}
		if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0], "AutoPay") {
			t.Errorf("warnings %v", p.Warnings)
		}
	})
	t.Run("downgrade to the same vCPU count", func(t *testing.T) {
		w := fuzz.BaselineDowngrade()
		w.Target().CPU = 4
		p, _, g := decideApply(t, w)
		if p.Quota.RefundedVCPUHours != 0 || len(g.Account.Quotas.RefundedVCPU) != 0 {
			t.Errorf("quota %+v", p.Quota)
		}
	})
	t.Run("back to the running type", func(t *testing.T) {
		w := fuzz.Baseline()
		w.Facts.Instance.PendingInstanceType = fuzz.BaseUpgrade
		w.Facts.Instance.PendingRebootTime = w.Now.Add(time.Hour)
		w.Facts.Instance.Status = model.StatusStopped
		w.Request.InstanceType = fuzz.BaseType
		p, _, g := decideApply(t, w)
		if p.FromType != fuzz.BaseUpgrade || p.Direction != model.Downgrade {
			t.Fatalf("plan %s -> %s %v", p.FromType, p.ToType, p.Direction)
		}
		if g.Instance.PendingInstanceType != "" || !g.Instance.PendingRebootTime.IsZero() || g.Instance.InstanceType != fuzz.BaseType {
			t.Errorf("pending %q at %s", g.Instance.PendingInstanceType, g.Instance.PendingRebootTime)
		}
	})
	t.Run("replay", func(t *testing.T) {
		w := fuzz.Baseline()
		w.Request.ClientToken = "tok"
		p, _, g := decideApply(t, w)
		req, _, _ := fuzz.Prepare(w, nil)
		r, err := rules.Decide(w.Now.Add(time.Hour), &req, &g)
		if err != nil || !r.Replayed || r.OrderID != p.OrderID || r.Effect.When != "Replayed" {
			t.Fatalf("replay %+v %v", r, err)
		}
		h := rules.Apply(g, r)
		if !h.Account.Balance.Equal(g.Account.Balance) || len(h.Instance.Orders) != len(g.Instance.Orders) {
			t.Error("a replay changed the facts")
		}
	})
}

func TestToBalance(t *testing.T) {
	d := decimal.RequireFromString
	r := &pricing.Refund{Total: d("10.01"), Orders: []pricing.OrderRefund{
		{Amount: d("6.005"), Refunded: d("6.01"), Destination: model.PayBalance},
		{Amount: d("4.004"), Refunded: d("4.00"), Destination: model.PayCreditCard},
		{Amount: d("0"), Destination: model.PayPal},
	}}
	if got := rules.ToBalance(r); !got.Equal(d("6.01")) {
		t.Errorf("mixed: %s, want 6.01 (the balance order's share)", got)
	}
	r.Orders[1].Destination = model.PayBalance
	if got := rules.ToBalance(r); !got.Equal(d("10.01")) {
		t.Errorf("all to balance: %s, want the total", got)
	}
	if got := rules.ToBalance(&pricing.Refund{Total: d("0")}); !got.IsZero() {
		t.Errorf("empty: %s", got)
	}
}

func TestPlanDetails(t *testing.T) {
	t.Run("cross zone from a retired type", func(t *testing.T) {
		w := fuzz.Retired()
		w.Request.MigrateAcrossZone = true
		w.Facts.Instance.NetworkType = model.NetworkClassic
		p, err := fuzz.Decide(w, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c := p.Cross; c == nil || !c.DeviceNamesChange || !c.LicenceCodesChange || !c.PrivateIPChanges {
			t.Errorf("cross %+v", p.Cross)
		}
	})
	t.Run("cross zone in a VPC", func(t *testing.T) {
		w := fuzz.Baseline()
		w.Request.MigrateAcrossZone = true
		p, err := fuzz.Decide(w, nil)
		if err != nil {
			t.Fatal(err)
		}
		if c := p.Cross; c == nil || c.DeviceNamesChange || c.LicenceCodesChange || c.PrivateIPChanges {
			t.Errorf("cross %+v", p.Cross)
		}
		if p.Fingerprint != "" || p.ClientToken != "" {
			t.Errorf("fingerprint without a token: %q", p.Fingerprint)
		}
		if !p.PricesIllustrative {
			t.Error("prices not marked illustrative")
		}
	})
	t.Run("NVMe precaution for Windows", func(t *testing.T) {
		w := fuzz.Baseline()
		w.Facts.Instance.OSType = model.OSWindows
		w.Request.InstanceType = "ecs.g7.2xlarge"
		p, err := fuzz.Decide(w, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Preconditions) != 1 || !strings.Contains(p.Preconditions[0], "NVMe") || strings.Contains(p.Preconditions[0], "Recorded") {
			t.Errorf("preconditions %v", p.Preconditions)
		}
		w.Facts.Instance.NvmePrecautionsDone = true
		p, _ = fuzz.Decide(w, nil)
		if len(p.Preconditions) != 1 || !strings.Contains(p.Preconditions[0], "Recorded as done") {
			t.Errorf("preconditions %v", p.Preconditions)
		}
		w.Facts.Policy.NvmeWindowsPrecaution = false
		if p, _ = fuzz.Decide(w, nil); len(p.Preconditions) != 0 {
			t.Errorf("preconditions %v without the policy", p.Preconditions)
		}
		w = fuzz.Baseline()
		w.Facts.Instance.OSType = model.OSWindows
		if p, _ = fuzz.Decide(w, nil); len(p.Preconditions) != 0 {
			t.Errorf("preconditions %v between non-NVMe types", p.Preconditions)
		}
	})
	t.Run("stopped instance warnings", func(t *testing.T) {
		w := fuzz.BaselineDowngrade()
		statedQuotas(&w)
		w.Request.RebootWhenFinished = true
		w.Request.RebootTime = w.Now.Add(time.Hour)
		p, err := fuzz.Decide(w, nil)
		if err != nil {
			t.Fatal(err)
		}
		if p.Effect.When != rules.EffectNextStart || p.Effect.Restart || len(p.Warnings) != 2 {
			t.Errorf("effect %+v warnings %v", p.Effect, p.Warnings)
		}
	})
	t.Run("temporary description", func(t *testing.T) {
		w := fuzz.Baseline()
		w.Request.EndTime = w.Now.Add(48 * time.Hour)
		p, err := fuzz.Decide(w, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(p.Effect.Description, "temporary") || !p.Until.Equal(w.Request.EndTime) || p.Charge.Hours != 48 {
			t.Errorf("plan %+v", p)
		}
	})
	t.Run("ids", func(t *testing.T) {
		w := fuzz.Baseline()
		p, _ := fuzz.Decide(w, nil)
		w.Request.ClientToken = "x"
		q, _ := fuzz.Decide(w, nil)
		w.Now = w.Now.Add(time.Nanosecond)
		r, _ := fuzz.Decide(w, nil)
		if p.OrderID == q.OrderID || q.OrderID == r.OrderID || p.RequestID == q.RequestID || q.RequestID == r.RequestID {
			t.Errorf("ids do not depend on the token and the moment: %s %s %s", p.OrderID, q.OrderID, r.OrderID)
		}
		for _, x := range []rules.Plan{p, q, r} {
			if len(x.OrderID) != 15 || x.OrderID[0] == '0' || len(x.RequestID) != 36 || strings.Count(x.RequestID, "-") != 4 ||
				x.RequestID[8] != '-' || x.RequestID[13] != '-' || x.RequestID[18] != '-' || x.RequestID[23] != '-' ||
				strings.ToUpper(x.RequestID) != x.RequestID {
				t.Errorf("ids %q %q", x.OrderID, x.RequestID)
			}
		}
	})
}

func TestAvailableTargetsDetails(t *testing.T) {
	w := fuzz.Baseline()
	w.Facts.Instance.Status = model.StatusStopped
	w.Target().Stock = map[string]model.StockStatus{fuzz.BaseZone: model.ClosedWithStock}
	req, f, _ := fuzz.Prepare(w, nil)
	got := targetsByType(t, w.Now, &req, &f)
	up := got[fuzz.BaseUpgrade]
	if up.Operation != "upgrade" || up.Stock != model.ClosedWithStock || !up.MonthlyPriceDelta.Equal(decimal.NewFromInt(600)) || up.CPU != 8 || up.Family != "ecs.g6" {
		t.Errorf("upgrade target %+v", up)
	}
	if dn := got[fuzz.BaseDowngrade]; dn.Operation != "downgrade" || !dn.MonthlyPriceDelta.Equal(decimal.NewFromInt(-300)) {
		t.Errorf("downgrade target %+v", dn)
	}
	if _, ok := got[fuzz.BaseType]; ok {
		t.Error("the current type is listed")
	}
	req.OperatorType = model.Upgrade
	list, _ := rules.AvailableTargets(w.Now, &req, &f)
	for _, tg := range list {
		if tg.Operation != "upgrade" {
			t.Errorf("%s listed for OperatorType=upgrade", tg.InstanceType)
		}
	}
	f.Catalog = nil
	if _, err := rules.AvailableTargets(w.Now, &req, &f); !errors.Is(err, errcodes.InternalError) {
		t.Errorf("nil catalog: %v", err)
	}
	if _, err := rules.Decide(w.Now, &req, &f); !errors.Is(err, errcodes.InternalError) {
		t.Errorf("nil catalog: %v", err)
	}
	if is := rules.Explain(w.Now, &req, &f); len(is) != 1 || !errors.Is(is[0].Err, errcodes.InternalError) {
		t.Errorf("nil catalog: %v", is)
	}
}

func TestMinGapZeroIgnoresTheClock(t *testing.T) {
	w := fuzz.Baseline()
	w.Facts.Policy.MinGapBetweenChanges = 0
	w.Facts.Instance.LastModifiedTime = w.Now.Add(time.Hour) // a clock skew: no gap, no refusal
	if _, err := fuzz.Decide(w, nil); err != nil {
		t.Fatalf("no gap: %v", err)
	}
}

func TestCurrentTypeEvidence(t *testing.T) {
	w := fuzz.Baseline()
	w.Facts.Instance.InstanceType = "ecs.gone.large"
	is := fuzz.Explain(w, nil)
	if len(is) != 1 || !strings.Contains(is[0].Evidence, "in catalog: false") || !strings.Contains(is[0].Err.Detail(), "ecs.gone.large") {
		t.Errorf("unknown type: %v", is)
	}
	w = fuzz.Baseline()
	w.Facts.Instance.Status = "Rebooting"
	is = fuzz.Explain(w, nil)
	if len(is) == 0 || !strings.Contains(is[0].Evidence, "in catalog: true") || !strings.Contains(is[0].Evidence, "known: false") ||
		!strings.Contains(is[0].Err.Detail(), "Rebooting") {
		t.Errorf("unknown status: %v", is)
	}
}

// TestApplyRoundsTheBalancePart: when some of a refund goes back to a card, the balance is
// credited with the balance-bound order's share of the total (Refunded), and the shares shown
// add up to the total, whichever way the policy rounds.
func TestApplyRoundsTheBalancePart(t *testing.T) {
	found := 0
	for k := int64(1); k <= 30; k++ {
		w := fuzz.BaselineDowngrade()
		w.Facts.Policy.RefundRounding = model.RoundHalfUp
		in := &w.Facts.Instance
		in.Orders[0].CashPaid = decimal.New(6120000+k, -3)
		card := in.Orders[0]
		card.OrderID, card.PaymentMethod, card.PaidAt = "210000000000002", model.PayCreditCard, w.Now.Add(-24*time.Hour)
		card.Kind, card.Start = model.OrderRenewal, in.Orders[0].Start
		in.Orders = append(in.Orders, card)
		req, f, _ := fuzz.Prepare(w, nil)
		p, err := rules.Decide(w.Now, &req, &f)
		if err != nil {
			t.Fatal(err)
		}
		bal := p.Refund.Orders[0].Amount
		want := p.Refund.Orders[0].Refunded
		if sum := want.Add(p.Refund.Orders[1].Refunded); !sum.Equal(p.Refund.Total) {
			t.Fatalf("shares %s + %s != total %s", want, p.Refund.Orders[1].Refunded, p.Refund.Total)
		}
		g := rules.Apply(f, p)
		if got := g.Account.Balance.Sub(f.Account.Balance); !got.Equal(want) {
			t.Fatalf("cash 6120 + %d/1000: balance credited %s, want %s (balance-bound exact %s, total %s)", k, got, want, bal, p.Refund.Total)
		}
		if !bal.Truncate(2).Equal(want) {
			found++
		}
	}
	if found == 0 {
		t.Fatal("no case where rounding half up differs from truncation")
	}
}

func TestDirectionAndQuotaEvidence(t *testing.T) {
	w := fuzz.BaselineDowngrade()
	w.Facts.Policy = model.Policy2019()
	is := fuzz.Explain(w, nil)
	if len(is) == 0 || is[0].Rule != "direction.operator-type" || !strings.Contains(is[0].Evidence, "omitted") {
		t.Errorf("omitted OperatorType: %v", is)
	}
	w = fuzz.Baseline()
	w.Request.OperatorType = model.Downgrade
	is = fuzz.Explain(w, nil)
	if len(is) == 0 || strings.Contains(is[0].Evidence, "omitted") || !strings.Contains(is[0].Evidence, "OperatorType downgrade") {
		t.Errorf("given OperatorType: %v", is)
	}

	w = fuzz.BaselineDowngrade()
	w.Facts.Account.Quotas.DowngradesPerMonth = intp(3)
	w.Facts.Account.Quotas.Downgrades = []time.Time{w.Now, w.Now, w.Now}
	is = fuzz.Explain(w, nil)
	if len(is) == 0 || !strings.Contains(is[0].Evidence, "3 downgrades this month") || !strings.Contains(is[0].Evidence, "monthly quota 3") {
		t.Errorf("monthly quota: %v", is)
	}
	w = fuzz.BaselineDowngrade()
	w.Facts.Policy.RefundsPerInstance = 2
	w.Facts.Instance.Refunds = 2
	w.Facts.Account.Quotas.Downgrades = []time.Time{w.Now, w.Now}
	is = fuzz.Explain(w, nil)
	if len(is) == 0 || !strings.Contains(is[0].Evidence, "2 refunds on the instance >= limit 2") {
		t.Errorf("refunds per instance: %v", is)
	}
}

// TestOrdersAreReadByDowngrades: a malformed order is an InternalError for a downgrade,
// which prices the orders, and does not matter to an upgrade, which does not.
func TestOrdersAreReadByDowngrades(t *testing.T) {
	bad := func(w *fuzz.World) { o := &w.Facts.Instance.Orders[0]; o.End = o.Start.Add(-time.Hour) }
	w := fuzz.BaselineDowngrade()
	bad(&w)
	if _, err := fuzz.Decide(w, nil); !errors.Is(err, errcodes.InternalError) {
		t.Errorf("downgrade: %v", err)
	}
	w = fuzz.Baseline()
	bad(&w)
	if _, err := fuzz.Decide(w, nil); err != nil {
		t.Errorf("upgrade: %v", err)
	}
}

// TestIDsAreWellFormed: OrderId is 15 decimal digits without a leading zero, RequestId a
// UUID-shaped string of upper-case hex digits, over many moments and tokens.
func TestIDsAreWellFormed(t *testing.T) {
	w := fuzz.Baseline()
	seen := map[string]bool{}
	for i := 0; i < 300; i++ {
		w.Now = fuzz.BaseNow.Add(time.Duration(i) * 7 * time.Second)
		w.Request.ClientToken = strings.Repeat("t", i%5)
		p, err := fuzz.Decide(w, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.OrderID) != 15 || p.OrderID[0] < '1' || p.OrderID[0] > '9' || strings.Trim(p.OrderID, "0123456789") != "" {
			t.Fatalf("OrderId %q", p.OrderID)
		}
		r := p.RequestID
		if len(r) != 36 || r[8] != '-' || r[13] != '-' || r[18] != '-' || r[23] != '-' || strings.Trim(r, "0123456789ABCDEF-") != "" || strings.Count(r, "-") != 4 {
			t.Fatalf("RequestId %q", r)
		}
		if seen[p.OrderID] || seen[r] {
			t.Fatalf("id repeated: %s %s", p.OrderID, r)
		}
		seen[p.OrderID], seen[r] = true, true
	}
}

// TestParametersPrecedeReplay: a malformed InstanceId is refused even when a remembered
// request with the same token and parameters exists; a replay is answered before any later
// rule, by Decide and Explain alike.
func TestParametersPrecedeReplay(t *testing.T) {
	w := fuzz.Baseline()
	w.Request.InstanceID, w.Facts.Instance.InstanceID = "I_BASE", "I_BASE"
	w.Request.ClientToken = "tok"
	req, f, _ := fuzz.Prepare(w, nil)
	f.Idempotency = model.Ledger{"tok": {Fingerprint: req.Fingerprint(), At: w.Now.Add(-time.Minute), RequestID: "R", OrderID: "1"}}
	if _, err := rules.Decide(w.Now, &req, &f); !errors.Is(err, errcodes.InvalidParameterInstanceId) {
		t.Errorf("Decide: %v", err)
	}
	if is := rules.Explain(w.Now, &req, &f); len(is) == 0 || is[0].Err.ID != errcodes.InvalidParameterInstanceId {
		t.Errorf("Explain: %v", is)
	}
	if _, err := rules.AvailableTargets(w.Now, &req, &f); !errors.Is(err, errcodes.InvalidParameterInstanceId) {
		t.Errorf("AvailableTargets: %v", err)
	}

	// A replay while the change is still in progress and the balance spent.
	w = fuzz.Baseline()
	w.Request.ClientToken = "tok"
	req, f, _ = fuzz.Prepare(w, nil)
	p, err := rules.Decide(w.Now, &req, &f)
	if err != nil {
		t.Fatal(err)
	}
	g := rules.Apply(f, p)
	if is := rules.Explain(w.Now.Add(time.Second), &req, &g); len(is) != 0 {
		t.Errorf("Explain of a replay with its order in progress: %v", is)
	}
	g.Account.InArrears = true
	if is := rules.Explain(w.Now.Add(time.Second), &req, &g); len(is) != 0 {
		t.Errorf("Explain of a replay in arrears: %v", is)
	}
	if r, err := rules.Decide(w.Now.Add(time.Second), &req, &g); err != nil || !r.Replayed {
		t.Errorf("Decide of a replay: %v", err)
	}
}

func TestShortestInstanceID(t *testing.T) {
	w := fuzz.Baseline()
	w.Request.InstanceID, w.Facts.Instance.InstanceID = "i-a", "i-a"
	if _, err := fuzz.Decide(w, nil); err != nil {
		t.Errorf("i-a: %v", err)
	}
	w.Request.InstanceID, w.Facts.Instance.InstanceID = "i-", "i-"
	if _, err := fuzz.Decide(w, nil); !errors.Is(err, errcodes.InvalidParameterInstanceId) {
		t.Errorf("i-: %v", err)
	}
}

// TestReplayOfAnUnpaidOrder: the replay of an AutoPay=false upgrade, whose unpaid order is
// now the one rule against the request, is the recorded outcome in Explain too.
func TestReplayOfAnUnpaidOrder(t *testing.T) {
	w := fuzz.Baseline()
	w.Request.ClientToken = "tok"
	w.Request.AutoPay, w.Request.AutoPaySet = false, true
	req, f, _ := fuzz.Prepare(w, nil)
	p, err := rules.Decide(w.Now, &req, &f)
	if err != nil || p.Charge.OrderStatus != rules.OrderUnpaid {
		t.Fatalf("%v %+v", err, p.Charge)
	}
	g := rules.Apply(f, p)
	later := w.Now.Add(time.Minute)
	fresh := req
	fresh.ClientToken = ""
	if is := rules.Explain(later, &fresh, &g); len(is) != 1 || is[0].Err.ID != errcodes.InvalidInstanceUnpaidOrder {
		t.Fatalf("without the token: %v", is)
	}
	if is := rules.Explain(later, &req, &g); len(is) != 0 {
		t.Errorf("Explain of the replay: %v", is)
	}
}

// statedQuotas gives the world's account a monthly downgrade quota and a refunded-vCPU quota
// it does not reach, so that a downgrade's plan carries no warning about unstated quotas.
func statedQuotas(w *fuzz.World) {
	q := int64(1_000_000)
	w.Facts.Account.Quotas.DowngradesPerMonth = intp(3)
	w.Facts.Account.Quotas.RefundedVCPUHoursPerMonth = &q
}
