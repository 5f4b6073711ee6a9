package rules_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
)

// decideCode returns the catalog entry Decide answers w with (0 when accepted), the plan, and
// Explain's first issue.
func decideCode(t *testing.T, w fuzz.World) (errcodes.ID, rules.Plan, rules.Issues) {
	t.Helper()
	p, err := fuzz.Decide(w, nil)
	is := fuzz.Explain(w, nil)
	if err == nil {
		if len(is) != 0 {
			t.Fatalf("accepted, but Explain reports %v", is)
		}
		return 0, p, nil
	}
	var e *errcodes.Error
	if !errors.As(err, &e) {
		t.Fatalf("Decide: %T %v, not a catalog error", err, err)
	}
	if len(is) == 0 || is[0].Err.ID != e.ID {
		t.Fatalf("Decide %v, Explain %v", e, is)
	}
	return e.ID, p, is
}

// StatusCategory's four values: ClosedWithStock is accepted with a warning, the two sold-out
// values are refused with OperationDenied.NoStock, and a type the zone does not offer at all
// is a different fact: InvalidResourceType.NotSupported.
func TestStockStatusCategories(t *testing.T) {
	for _, c := range []struct {
		name  string
		stock map[string]model.StockStatus
		want  errcodes.ID
		warn  bool
	}{
		{"stock everywhere", nil, 0, false},
		{"WithStock", map[string]model.StockStatus{fuzz.BaseZone: model.WithStock}, 0, false},
		{"ClosedWithStock", map[string]model.StockStatus{fuzz.BaseZone: model.ClosedWithStock}, 0, true},
		{"WithoutStock", map[string]model.StockStatus{fuzz.BaseZone: model.WithoutStock}, errcodes.OperationDeniedNoStock, false},
		{"ClosedWithoutStock", map[string]model.StockStatus{fuzz.BaseZone: model.ClosedWithoutStock}, errcodes.OperationDeniedNoStock, false},
		{"not offered in the zone", map[string]model.StockStatus{"cn-hangzhou-z": model.WithStock}, errcodes.InvalidResourceTypeNotSupported, false},
		{"offered nowhere", map[string]model.StockStatus{}, errcodes.InvalidResourceTypeNotSupported, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := fuzz.Baseline()
			w.Target().Stock = c.stock
			id, p, is := decideCode(t, w)
			if id != c.want {
				t.Fatalf("Decide = %s, want %s (%v)", id.Code(), c.want.Code(), is)
			}
			warned := false
			for _, s := range p.Warnings {
				if strings.Contains(s, "ClosedWithStock") && strings.Contains(s, "WithStock type") {
					warned = true
				}
			}
			if id == 0 && warned != c.warn {
				t.Errorf("warnings %q, want a ClosedWithStock warning: %v", p.Warnings, c.warn)
			}
			if c.want == errcodes.InvalidResourceTypeNotSupported {
				if is[0].Rule != "target.offered" || is[0].Err.HTTPStatus() != 403 ||
					!strings.Contains(is[0].Err.Message(), "resource combination does not exist") ||
					!strings.Contains(is[0].Err.Message(), "another zone or specification") {
					t.Errorf("issue %+v, message %q", is[0], is[0].Err.Message())
				}
			}
		})
	}
}

// AvailableTargets reports the four StatusCategory values and leaves out a type the zone
// does not offer.
func TestAvailableTargetsReportsFourStockValues(t *testing.T) {
	w := fuzz.Baseline()
	w.Facts.Instance.Status = model.StatusStopped // so that downgrades are listed too
	set := map[string]model.StockStatus{
		fuzz.BaseUpgrade: model.WithStock, "ecs.g7.xlarge": model.ClosedWithStock,
		"ecs.g7.2xlarge": model.WithoutStock, fuzz.BaseDowngrade: model.ClosedWithoutStock,
	}
	for id, st := range set {
		w.Type(id).Stock = map[string]model.StockStatus{fuzz.BaseZone: st}
	}
	w.Type("ecs.t6-c1m2.large").Stock = map[string]model.StockStatus{"cn-hangzhou-z": model.WithStock}
	req, f, _ := fuzz.Prepare(w, nil)
	got := targetsByType(t, w.Now, &req, &f)
	for id, st := range set {
		if got[id].Stock != st {
			t.Errorf("%s listed with %q, want %s", id, got[id].Stock, st)
		}
	}
	if tg, ok := got["ecs.t6-c1m2.large"]; ok {
		t.Errorf("a type the zone does not offer is listed (%q)", tg.Stock)
	}
}

// An expired instance answers InvalidInstance.PreInstanceExpired ("the current instance has
// expired"); another business state (a financial lock before expiry) IncorrectInstanceStatus.
func TestExpiredAndBusinessStates(t *testing.T) {
	w := fuzz.Baseline()
	w.Facts.Instance.ExpiredTime = w.Now
	if id, _, _ := decideCode(t, w); id != errcodes.InvalidInstancePreInstanceExpired {
		t.Errorf("expired: %s, want InvalidInstance.PreInstanceExpired", id.Code())
	}
	w = fuzz.Baseline()
	w.Facts.Instance.OperationLocks = []string{model.LockFinancial}
	if id, _, _ := decideCode(t, w); id != errcodes.IncorrectInstanceStatus {
		t.Errorf("financial lock: %s, want IncorrectInstanceStatus", id.Code())
	}
}

// A family that can never change type: every target is beyond the permitted range (403
// InvalidInstanceType.ValueNotSupported), from Decide and from AvailableTargets.
func TestUnchangeableFamily(t *testing.T) {
	w := fuzz.BaselineDowngrade()
	w.Facts.Instance.InstanceType = "ecs.d1.2xlarge"
	w.Request.InstanceType = fuzz.BaseUpgrade
	id, _, is := decideCode(t, w)
	if id != errcodes.InvalidInstanceTypeValueNotSupported403 || is[0].Rule != "instance.family-changeable" {
		t.Fatalf("Decide = %s (%v), want 403 InvalidInstanceType.ValueNotSupported", id.Code(), is)
	}
	req, f, _ := fuzz.Prepare(w, nil)
	ts, err := rules.AvailableTargets(w.Now, &req, &f)
	if len(ts) != 0 || !errors.Is(err, errcodes.InvalidInstanceTypeValueNotSupported403) {
		t.Errorf("AvailableTargets = %v, %v", ts, err)
	}
}

// 400 OperationDenied is the account's missing real-time downgrade privilege (downgrades
// only); a RAM user without the action gets the gateway's 403 Forbidden.RAM.
func TestAccountAndRAMRestrictions(t *testing.T) {
	w := fuzz.BaselineDowngrade()
	w.Facts.Account.NoRealTimeDowngrade = true
	id, _, is := decideCode(t, w)
	if id != errcodes.OperationDenied400 || is[0].Rule != "account.realtime-downgrade" {
		t.Errorf("downgrade without the privilege: %s (%v), want 400 OperationDenied", id.Code(), is)
	}
	w = fuzz.Baseline()
	w.Facts.Account.NoRealTimeDowngrade = true
	if id, _, _ := decideCode(t, w); id != 0 {
		t.Errorf("upgrade without the downgrade privilege: %s, want accepted", id.Code())
	}
	w = fuzz.Baseline()
	w.Facts.Account.RAMUser = &model.RAMUser{Name: "ops"}
	_, err := fuzz.Decide(w, nil)
	var e *errcodes.Error
	if !errors.As(err, &e) || e.ID != errcodes.ForbiddenRAM || e.HTTPStatus() != 403 || e.Code() != "Forbidden.RAM" ||
		e.Retry() != errcodes.FixThenRetry {
		t.Errorf("RAM user without %s: %v, want 403 Forbidden.RAM", model.PermModify, err)
	}
}

// A downgrade in any status but Stopped answers InvalidStatus.NotStopped; an upgrade of a
// transitional instance keeps InvalidInstanceStatus.
func TestDowngradeNeedsStopped(t *testing.T) {
	for _, s := range []model.Status{model.StatusRunning, model.StatusStopping, model.StatusStarting, model.StatusPending} {
		w := fuzz.BaselineDowngrade()
		w.Facts.Instance.Status = s
		if id, _, _ := decideCode(t, w); id != errcodes.InvalidStatusNotStopped {
			t.Errorf("downgrade, %s: %s, want InvalidStatus.NotStopped", s, id.Code())
		}
		if s == model.StatusRunning {
			continue
		}
		w = fuzz.Baseline()
		w.Facts.Instance.Status = s
		if id, _, _ := decideCode(t, w); id != errcodes.InvalidInstanceStatus400 {
			t.Errorf("upgrade, %s: %s, want 400 InvalidInstanceStatus", s, id.Code())
		}
	}
	// AvailableTargets, for a Stopping instance: neither an upgrade nor a downgrade can be
	// had now, and the status is no longer a target-free refusal.
	w := fuzz.Baseline()
	w.Facts.Instance.Status = model.StatusStopping
	req, f, _ := fuzz.Prepare(w, nil)
	if ts, err := rules.AvailableTargets(w.Now, &req, &f); len(ts) != 0 || err != nil {
		t.Errorf("AvailableTargets of a Stopping instance = %v, %v; want none, no error", ts, err)
	}
}

// InvalidInstance.EipNotSupport follows the instance's EIP (SpecialEip), not only a
// cross-zone migration.
func TestSpecialEIP(t *testing.T) {
	w := fuzz.Baseline()
	w.Facts.Instance.EIPAddress = "47.96.0.1"
	if id, _, _ := decideCode(t, w); id != 0 {
		t.Fatalf("an ordinary EIP, same zone: %s, want accepted", id.Code())
	}
	w.Facts.Instance.SpecialEIP = true
	id, _, is := decideCode(t, w)
	if id != errcodes.InvalidInstanceEipNotSupport || !strings.Contains(is[0].Evidence, "SpecialEip") {
		t.Errorf("special EIP: %s (%v), want InvalidInstance.EipNotSupport", id.Code(), is)
	}
	w.Facts.Instance.EIPAddress = ""
	if id, _, _ := decideCode(t, w); id != 0 {
		t.Errorf("SpecialEip without an EIP: %s, want accepted", id.Code())
	}
}

// The monthly quotas are wait-then-retry, and the evidence gives the reset moment: the 1st
// of next month, 00:00 in the billing time zone (UTC+8 by default).
func TestMonthlyQuotasResetMoment(t *testing.T) {
	const reset = "2026-11-30T16:00:00Z" // 2026-12-01T00:00+08:00; BaseNow is 2026-11-25T12:00Z
	three := 3                           // the account states its quota: none applies otherwise
	downgrades := fuzz.BaselineDowngrade()
	downgrades.Facts.Account.Quotas.DowngradesPerMonth = &three
	downgrades.Facts.Account.Quotas.Downgrades = []time.Time{downgrades.Now.Add(-72 * time.Hour), downgrades.Now.Add(-48 * time.Hour), downgrades.Now.Add(-24 * time.Hour)}
	vcpu := fuzz.BaselineDowngrade()
	q := int64(10000)
	vcpu.Facts.Account.Quotas.RefundedVCPUHoursPerMonth = &q
	for name, c := range map[string]struct {
		w  fuzz.World
		id errcodes.ID
	}{"downgrades": {downgrades, errcodes.InstanceDowngradeQuotaExceed}, "refunded vCPU": {vcpu, errcodes.QuotaExceedRufundVcpu}} {
		id, _, is := decideCode(t, c.w)
		if id != c.id || is[0].Err.Retry() != errcodes.WaitThenRetry || !strings.Contains(is[0].Evidence, "resets at "+reset) {
			t.Errorf("%s: %s retry %s, evidence %q; want %s, WaitThenRetry, reset %s", name, id.Code(), is[0].Err.Retry(), is[0].Evidence, c.id.Code(), reset)
		}
	}
	// January's reset in UTC billing: the 1st of February.
	w := fuzz.BaselineDowngrade()
	w.Now = time.Date(2027, 1, 31, 23, 59, 0, 0, time.UTC)
	w.Facts.Policy.BillingUTCOffsetMinutes = 0
	w.Facts.Account.Quotas.DowngradesPerMonth = &three
	w.Facts.Account.Quotas.Downgrades = []time.Time{w.Now.Add(-3 * time.Hour), w.Now.Add(-2 * time.Hour), w.Now.Add(-time.Hour)}
	if _, _, is := decideCode(t, w); len(is) == 0 || !strings.Contains(is[0].Evidence, "resets at 2027-02-01T00:00:00Z") {
		t.Errorf("UTC billing, end of January: %v", is)
	}
}
