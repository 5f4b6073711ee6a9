package rules_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
)

// warned reports whether one of the plan's warnings contains s.
func warned(p rules.Plan, s string) bool {
	return slices.ContainsFunc(p.Warnings, func(w string) bool { return strings.Contains(w, s) })
}

// No invented quota: an account that states no monthly downgrade quota gets none (any number
// of downgrades this month), and the plan says the real quota is the account's.
func TestNoInventedDowngradeQuota(t *testing.T) {
	w := fuzz.BaselineDowngrade()
	w.Facts.Account.Quotas.Downgrades = []time.Time{w.Now.Add(-4 * time.Hour), w.Now.Add(-3 * time.Hour), w.Now.Add(-2 * time.Hour), w.Now.Add(-time.Hour)}
	p, err := fuzz.Decide(w, nil)
	if err != nil {
		t.Fatalf("4 downgrades this month, no quota stated: %v", err)
	}
	if !warned(p, "no monthly downgrade quota") || !warned(p, "console") || !warned(p, "InstanceDowngrade.QuotaExceed") {
		t.Errorf("warnings %q lack the downgrade quota's", p.Warnings)
	}
	if !warned(p, "no monthly refunded-vCPU quota") {
		t.Errorf("warnings %q lack the refunded-vCPU quota's", p.Warnings)
	}
	// The account's own quota applies, and then no warning.
	q := 4
	w.Facts.Account.Quotas.DowngradesPerMonth = &q
	if _, err := fuzz.Decide(w, nil); !errors.Is(err, errcodes.InstanceDowngradeQuotaExceed) {
		t.Fatalf("account quota 4, 4 used: %v", err)
	}
	q = 5
	vq := int64(1_000_000)
	w.Facts.Account.Quotas.RefundedVCPUHoursPerMonth = &vq
	p, err = fuzz.Decide(w, nil)
	if err != nil || warned(p, "quota") {
		t.Errorf("stated quotas: %v, warnings %q", err, p.Warnings)
	}
	// A stated refunded-vCPU quota of 0 allows no refunded vCPU·hour, as a stated downgrade
	// quota of 0 allows no downgrade; the policy's default of 0 is no limit.
	none := int64(0)
	w.Facts.Account.Quotas.RefundedVCPUHoursPerMonth = &none
	if _, err := fuzz.Decide(w, nil); !errors.Is(err, errcodes.QuotaExceedRufundVcpu) {
		t.Errorf("stated refunded-vCPU quota 0: %v, want QuotaExceed.RufundVcpu", err)
	}
	w.Facts.Account.Quotas.RefundedVCPUHoursPerMonth = nil
	w.Facts.Policy.RefundedVCPUHoursPerMonth = 0
	if _, err := fuzz.Decide(w, nil); err != nil {
		t.Errorf("policy refunded-vCPU quota 0 (no limit): %v", err)
	}
	// Under the older policies there is no monthly downgrade quota to warn about.
	w = fuzz.BaselineDowngrade()
	w.Facts.Policy = model.Policy2020()
	w.Request.OperatorType = model.Downgrade
	if p, err := fuzz.Decide(w, nil); err != nil || warned(p, "downgrade quota") {
		t.Errorf("2020: %v, warnings %q", err, p.Warnings)
	}
}

// The presets invent no number the documents do not give.
func TestPresetsInventNoQuota(t *testing.T) {
	for _, name := range []string{model.PresetCurrent, model.Preset2020, model.Preset2019, model.Preset2018Sep, model.Preset2018} {
		p, ok := model.PolicyByName(name)
		if !ok {
			t.Fatalf("no preset %q", name)
		}
		if p.DefaultDowngradesPerMonth != 0 || p.RefundedVCPUHoursPerMonth != 0 || p.RebootTimeMaxAhead != 0 ||
			p.MaxOnlineModifications != 0 || p.DefaultMaxDataDisks != 0 {
			t.Errorf("%s: downgrades %d, vCPU·h %d, RebootTime window %s, online %d, data disks %d", name,
				p.DefaultDowngradesPerMonth, p.RefundedVCPUHoursPerMonth, p.RebootTimeMaxAhead.D(), p.MaxOnlineModifications, p.DefaultMaxDataDisks)
		}
	}
	// No online-change limit unless the policy states one.
	w := fuzz.Baseline()
	w.Request.ModifyMode = model.ModifyOnline
	w.Facts.Instance.OnlineModifications = 50
	if p, err := fuzz.Decide(w, nil); err != nil || !warned(p, "online changes allowed between two restarts is not published") {
		t.Errorf("50 online changes, no limit: %v %q", err, p.Warnings)
	}
	// No data-disk limit for a type whose DiskQuantity is unpublished.
	w = fuzz.Baseline()
	w.Catalog.Types[2].DiskQuantity = 0
	for i := 0; i < 20; i++ {
		w.Facts.Instance.DataDisks = append(w.Facts.Instance.DataDisks, model.Disk{DiskID: "d-x" + string(rune('a'+i)), Category: model.DiskCloudESSD, SizeGiB: 20})
	}
	if _, err := fuzz.Decide(w, nil); err != nil {
		t.Errorf("21 data disks, DiskQuantity unpublished: %v", err)
	}
}

// SystemDisk.Category outside its one documented case does not take effect: ignored, warned.
func TestSystemDiskCategoryIgnoredOutsideItsCase(t *testing.T) {
	w := fuzz.Baseline()
	w.Request.SystemDiskCategory = model.DiskCloudSSD
	w.Catalog.Types[2].SupportedDiskCategories = []string{model.DiskCloudESSD} // would refuse cloud_ssd if applied
	w.Facts.Account.Quotas.DiskCapacity = []model.DiskCapacityQuota{{ZoneID: fuzz.BaseZone, Category: model.DiskCloudSSD, LimitGiB: 1, UsedGiB: 1}}
	p, err := fuzz.Decide(w, nil)
	if err != nil {
		t.Fatalf("SystemDisk.Category on a g6 upgrade: %v", err)
	}
	if !warned(p, "SystemDisk.Category is ignored") {
		t.Errorf("warnings %q", p.Warnings)
	}
	// In its case it applies: the target must take the category.
	r := fuzz.Retired()
	r.Catalog.Types[1].SupportedDiskCategories = []string{model.DiskCloudESSD}
	if _, err := fuzz.Decide(r, nil); !errors.Is(err, errcodes.InvalidDiskCategoryNotSupported) {
		t.Errorf("retired to I/O-optimized, category not taken: %v", err)
	}
	r = fuzz.Retired()
	if p, err := fuzz.Decide(r, nil); err != nil || warned(p, "is ignored") {
		t.Errorf("retired to I/O-optimized: %v %q", err, p.Warnings)
	}
}

// RebootTime: any time after now and not after expiry; the window is an opt-in knob.
func TestRebootTimeWindowIsOptIn(t *testing.T) {
	w := fuzz.Baseline()
	w.Request.RebootTime = w.Now.Add(30 * 24 * time.Hour)
	p, err := fuzz.Decide(w, nil)
	if err != nil || p.Effect.When != rules.EffectAtRebootTime {
		t.Fatalf("RebootTime 30 days ahead: %v %+v", err, p.Effect)
	}
	w.Facts.Policy.RebootTimeMaxAhead = model.Duration(7 * 24 * time.Hour)
	is := fuzz.Explain(w, nil)
	if len(is) != 1 || !errors.Is(is[0].Err, errcodes.InvalidRebootTimeValueNotSupported) || !strings.Contains(is[0].Evidence, "RebootTimeMaxAhead") {
		t.Errorf("with a 7-day window: %v", is)
	}
}

// Ticket-only family changes: refused without the account's ticket (400
// InvalidInstanceType.ValueUnauthorized), left out of AvailableTargets, accepted with it.
func TestTicketOnlyFamilyChanges(t *testing.T) {
	w := fuzz.Baseline()
	w.Catalog.TicketFamilyChanges = []model.TicketChange{{FromFamilies: []string{"ecs.g6"}, ToFamilies: []string{"ecs.g7"}}}
	w.Request.InstanceType = "ecs.g7.2xlarge"
	is := fuzz.Explain(w, nil)
	if len(is) != 1 || is[0].Rule != "target.ticket" || is[0].Err.HTTPStatus() != 400 ||
		is[0].Err.Code() != "InvalidInstanceType.ValueUnauthorized" || is[0].Retry != errcodes.FixThenRetry {
		t.Fatalf("no ticket: %+v", is)
	}
	f := w.Build()
	ts, err := rules.AvailableTargets(w.Now, &w.Request, &f)
	if err != nil {
		t.Fatal(err)
	}
	for _, tg := range ts {
		if tg.Family == "ecs.g7" {
			t.Errorf("AvailableTargets lists %s without the ticket", tg.InstanceType)
		}
	}
	if len(ts) == 0 {
		t.Error("AvailableTargets lists nothing")
	}
	w.Facts.Account.TicketedFamilyChanges = []model.FamilyPair{{From: "ecs.g6", To: "ecs.g7"}}
	if _, err := fuzz.Decide(w, nil); err != nil {
		t.Fatalf("with the ticket: %v", err)
	}
	f = w.Build()
	ts, _ = rules.AvailableTargets(w.Now, &w.Request, &f)
	if !slices.ContainsFunc(ts, func(tg rules.Target) bool { return tg.InstanceType == "ecs.g7.2xlarge" }) {
		t.Errorf("with the ticket, AvailableTargets %v lacks ecs.g7.2xlarge", ts)
	}
}

// The embedded catalog: g6 to g7 needs a ticket; g6 within g6 does not; g5 reaches g6e only by
// a ticket, g5ne not at all.
func TestEmbeddedTicketOnlyChanges(t *testing.T) {
	cat := catalog.Default()
	g7, _ := cat.Type("ecs.g7.2xlarge")
	g6e, _ := cat.Type("ecs.g6e.2xlarge")
	if !cat.TicketOnly("ecs.g6", "ecs.g7") || cat.TicketOnly("ecs.g6", "ecs.g6") || !cat.Reachable("ecs.g6", g7) {
		t.Error("g6: g7 ticket-only, g6 free")
	}
	if !cat.TicketOnly("ecs.g5", "ecs.g6e") || !cat.Reachable("ecs.g5", g6e) || cat.Reachable("ecs.g5ne", g6e) {
		t.Error("g5 reaches g6e by a ticket; g5ne does not")
	}
	if !cat.TicketOnly("ecs.hfc6", "ecs.hfc7") || cat.TicketOnly("ecs.hfc6", "ecs.g7") {
		t.Error("hfc6: hfc7 ticket-only")
	}
}

// Policy eras: the September 2018 – September 2019 pages need Stopped for every change; from
// 2020 an upgrade runs on a Running instance; "2019" is the later era's alias.
func TestPolicyEras(t *testing.T) {
	w := fuzz.Baseline() // a Running instance, an upgrade
	w.Facts.Policy = model.Policy2018Sep()
	if _, err := fuzz.Decide(w, nil); !errors.Is(err, errcodes.InvalidStatusNotStopped) {
		t.Errorf("2018-09, Running upgrade: %v", err)
	}
	for _, name := range []string{model.Preset2020, model.Preset2019} {
		w.Facts.Policy, _ = model.PolicyByName(name)
		if _, err := fuzz.Decide(w, nil); err != nil {
			t.Errorf("%s, Running upgrade: %v", name, err)
		}
	}
	a, b := model.Policy2019(), model.Policy2020()
	a.Name = b.Name
	if !slices.Equal(a.UpgradeStatuses, b.UpgradeStatuses) || a.RefundRule != b.RefundRule || a.Direction != b.Direction {
		t.Error("2019 is not an alias of 2020")
	}
	w.Facts.Instance.Status = model.StatusStopped
	w.Facts.Policy = model.Policy2018Sep()
	if _, err := fuzz.Decide(w, nil); err != nil {
		t.Errorf("2018-09, Stopped upgrade: %v", err)
	}
}

// A temporary upgrade of a Running instance with no restart before EndTime is paid but may
// never take effect: the plan warns. MigrateAcrossZone on a downgrade is ignored with a warning.
func TestTemporaryUpgradeAndCrossZoneWarnings(t *testing.T) {
	w := fuzz.Baseline()
	w.Request.EndTime = w.Now.Add(48 * time.Hour)
	p, err := fuzz.Decide(w, nil)
	if err != nil || !warned(p, "may never take effect") {
		t.Fatalf("temporary, no restart: %v %q", err, p.Warnings)
	}
	w.Request.RebootWhenFinished = true
	if p, _ := fuzz.Decide(w, nil); warned(p, "may never take effect") {
		t.Errorf("restart after completion: %q", p.Warnings)
	}
	w.Request.RebootWhenFinished = false
	w.Request.RebootTime = w.Now.Add(24 * time.Hour)
	if p, _ := fuzz.Decide(w, nil); warned(p, "may never take effect") {
		t.Errorf("RebootTime before EndTime: %q", p.Warnings)
	}
	w.Request.RebootTime = w.Now.Add(72 * time.Hour)
	if p, _ := fuzz.Decide(w, nil); !warned(p, "may never take effect") {
		t.Errorf("RebootTime after EndTime: %q", p.Warnings)
	}

	d := fuzz.BaselineDowngrade()
	d.Request.MigrateAcrossZone = true
	d.Facts.Instance.EIPAddress = "47.96.0.1"
	p, err = fuzz.Decide(d, nil)
	if err != nil || p.Cross != nil || !warned(p, "MigrateAcrossZone is ignored") {
		t.Fatalf("downgrade with MigrateAcrossZone: %v cross %+v warnings %q", err, p.Cross, p.Warnings)
	}
	f := d.Build()
	ts, err := rules.AvailableTargets(d.Now, &d.Request, &f)
	if err != nil || !slices.ContainsFunc(ts, func(tg rules.Target) bool { return tg.InstanceType == fuzz.BaseDowngrade }) ||
		slices.ContainsFunc(ts, func(tg rules.Target) bool { return tg.Operation == "upgrade" }) {
		t.Errorf("AvailableTargets with an EIP and MigrateAcrossZone: %v %v", ts, err)
	}
}
