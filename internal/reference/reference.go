// Package reference is an executable reference model of ModifyPrepayInstanceSpec, written
// from the README's rule table, decisions and money sections and from the domain brief, not
// from the engine. It is deliberately naive: one straight pass over the rules, every
// condition re-evaluated from the facts, no caching, no indices, no fast paths, and money as
// exact math/big.Rat fractions rounded once. It exists to be compared with rules.Decide on
// many generated worlds (cmd/respec-diff); it is test and tooling code, never the engine.
package reference

import (
	"math/big"
	"slices"
	"time"

	"github.com/respec-dev/respec/model"
)

// Outcome is the reference's answer: a refusal (Status, Code, Rule) or a Plan.
type Outcome struct {
	Status int
	Code   string
	Rule   string
	Plan   *Plan
}

// Plan is an accepted change, with exact money.
type Plan struct {
	Replayed           bool
	RequestID, OrderID string // set only for a replay (the remembered IDs)
	Operation          string
	Direction          model.OperatorType
	InstanceID         string
	RegionID           string
	ZoneID             string
	FromType, ToType   string
	DecidedAt          time.Time
	ClientToken        string
	Temporary          bool
	Until              time.Time
	Charge             *Charge
	Refund             *Refund
	When               string
	At                 time.Time
	Restart            bool
	Cross              *Cross
	Preconditions      int
	CompletesAt        time.Time
	Downgrades         int
	RefundedVCPUHours  int64
	PricesIllustrative bool
}

// Charge is an upgrade's money.
type Charge struct {
	OriginalPrice, DiscountPrice, TradePrice, Exact *big.Rat
	DiscountFactor                                  *big.Rat
	Hours                                           int64
	Currency                                        string
	AutoPay                                         bool
	OrderStatus                                     string
	BalanceBefore, BalanceAfter                     *big.Rat
}

// Refund is a downgrade's money.
type Refund struct {
	Total, Exact, VoucherWithheld *big.Rat
	Currency, RatioReading        string
	RefundedVCPUHours             int64
	Orders                        []OrderRefund
}

// OrderRefund is one order's part of a Refund.
type OrderRefund struct {
	OrderID, Kind                                                          string
	UsageDays, DurationDays                                                int64
	DailyUnitPrice, ConsumedFee, OnlineRefundable, Ratio, Amount, Refunded *big.Rat
	VoucherWithheld                                                        *big.Rat
	Destination                                                            string
}

// Cross is what MigrateAcrossZone=true changes.
type Cross struct{ DeviceNamesChange, LicenceCodesChange, PrivateIPChanges bool }

// state is one decision's inputs, with the two types looked up.
type state struct {
	now      time.Time
	req      *model.Request
	f        *model.Facts
	in       *model.Instance
	acc      *model.Account
	pol      *model.Policy
	cat      *model.CatalogData
	from, to *model.InstanceType
	// dir is the real direction, computed once from the two types (Unset while either is
	// unknown).
	dir model.OperatorType
}

// typ looks id up by walking the catalog's list.
func (s *state) typ(id string) *model.InstanceType {
	for i := range s.cat.Types {
		if s.cat.Types[i].InstanceTypeID == id {
			return &s.cat.Types[i]
		}
	}
	return nil
}

// direction is the real direction of the change: by monthly list price in the region, then
// vCPU, then memory; equal on all three is an upgrade. Unset while the target is unknown,
// and when it is the type the instance has: nothing changes, so there is no direction.
func (s *state) direction() model.OperatorType {
	if s.from == nil || s.to == nil || s.to.InstanceTypeID == s.from.InstanceTypeID {
		return model.OperatorUnset
	}
	fp, tp := s.monthly(s.from.InstanceTypeID, s.req.RegionID), s.monthly(s.to.InstanceTypeID, s.req.RegionID)
	if fp != nil && tp != nil && fp.Cmp(tp) != 0 {
		return pick(tp.Cmp(fp) > 0)
	}
	if s.from.CPU != s.to.CPU {
		return pick(s.to.CPU > s.from.CPU)
	}
	if s.from.MemoryGiB != s.to.MemoryGiB {
		return pick(s.to.MemoryGiB > s.from.MemoryGiB)
	}
	return model.Upgrade
}

func pick(up bool) model.OperatorType {
	if up {
		return model.Upgrade
	}
	return model.Downgrade
}

func (s *state) up() bool   { return s.dir == model.Upgrade }
func (s *state) down() bool { return s.dir == model.Downgrade }

// allowed reports whether the policy allows the change's direction from status st.
func (s *state) allowed(st model.Status) bool {
	if s.down() {
		return slices.Contains(s.pol.DowngradeStatuses, st)
	}
	return slices.Contains(s.pol.UpgradeStatuses, st)
}

func (s *state) ram(perm string) bool { return s.acc.RAMUser != nil && !s.acc.RAMUser.Has(perm) }

func (s *state) hasLock(locks ...string) bool {
	for _, l := range s.in.OperationLocks {
		if slices.Contains(locks, l) {
			return true
		}
	}
	return false
}

// familyRule returns the family-change rule naming family, or nil.
func (s *state) familyRule(family string) *model.FamilyChange {
	for i := range s.cat.FamilyChanges {
		if slices.Contains(s.cat.FamilyChanges[i].FromFamilies, family) {
			return &s.cat.FamilyChanges[i]
		}
	}
	return nil
}

func (s *state) ticketOnly() bool {
	for _, t := range s.cat.TicketFamilyChanges {
		if slices.Contains(t.FromFamilies, s.from.Family) && slices.Contains(t.ToFamilies, s.to.Family) {
			return true
		}
	}
	return false
}

func (s *state) reachableByRule() bool {
	r := s.familyRule(s.from.Family)
	if r == nil {
		return s.to.Family == s.from.Family
	}
	return r.Changeable && (slices.Contains(r.ToFamilies, s.to.Family) || slices.Contains(r.ToInstanceTypes, s.to.InstanceTypeID))
}

// categoryTakesEffect: SystemDisk.Category is given and the change is from a retired
// non-I/O-optimized type to an I/O-optimized type on sale.
func (s *state) categoryTakesEffect() bool {
	return s.req.SystemDiskCategory != "" && s.from.Offline && !s.from.IoOptimized && s.to.IoOptimized && !s.to.Offline
}

func (s *state) anyENI(bad func(e model.ENI) bool) bool { return slices.ContainsFunc(s.in.ENIs, bad) }

// monthStart is the start of the billing month of now (UTC+offset).
func (s *state) monthStart() time.Time {
	zone := time.FixedZone("billing", s.pol.BillingUTCOffsetMinutes*60)
	t := s.now.In(zone)
	return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, zone)
}

func (s *state) thisMonth(t time.Time) bool { return !t.Before(s.monthStart()) && !t.After(s.now) }

// Decide is the reference's answer for req on f at now.
func Decide(now time.Time, req *model.Request, f *model.Facts) Outcome {
	if f.Catalog == nil {
		return Outcome{Status: 500, Code: "InternalError", Rule: "facts.catalog"}
	}
	s := &state{now: now, req: req, f: f, in: &f.Instance, acc: &f.Account, pol: &f.Policy, cat: f.Catalog.Data()}
	// The type the change starts from: the pending type of an earlier change, else the
	// current type (rows 9 and 40: "the current (or pending) type").
	fromID := s.in.InstanceType
	if s.in.PendingInstanceType != "" {
		fromID = s.in.PendingInstanceType
	}
	s.from = s.typ(fromID)
	s.to = s.typ(req.InstanceType)
	s.dir = s.direction()
	for _, r := range table {
		if r.when(s) {
			if r.stage > stageIdempotency {
				if p := s.replay(); p != nil {
					return Outcome{Plan: p}
				}
			}
			return Outcome{Status: r.status, Code: r.code, Rule: r.name}
		}
	}
	if p := s.replay(); p != nil {
		return Outcome{Plan: p}
	}
	return Outcome{Plan: s.plan()}
}

// replay returns the remembered outcome of the same request under its ClientToken, or nil.
func (s *state) replay() *Plan {
	rec, ok := s.remembered()
	if !ok || rec.Fingerprint != s.req.Fingerprint() {
		return nil
	}
	return &Plan{Replayed: true, RequestID: rec.RequestID, OrderID: rec.OrderID}
}

func (s *state) remembered() (model.Record, bool) {
	if s.req.ClientToken == "" {
		return model.Record{}, false
	}
	rec, ok := s.f.Idempotency[s.req.ClientToken]
	return rec, ok && s.now.Sub(rec.At) < s.pol.TokenTTL.D()
}

// plan builds the accepted change: what changes, its money (a charge for an upgrade, a
// refund for a downgrade), when it takes effect and its preconditions.
func (s *state) plan() *Plan {
	dir := s.dir
	p := &Plan{Operation: dir.String(), Direction: dir, InstanceID: s.in.InstanceID, RegionID: s.req.RegionID,
		ZoneID: s.in.ZoneID, FromType: s.from.InstanceTypeID, ToType: s.to.InstanceTypeID, DecidedAt: s.now,
		ClientToken: s.req.ClientToken, CompletesAt: s.now.Add(s.pol.CompletionTime.D()), PricesIllustrative: s.cat.PricesIllustrative}
	if s.req.HasEndTime() {
		p.Temporary, p.Until = true, s.req.EndTime
	}
	if dir == model.Upgrade {
		s.upgrade(p)
	} else {
		s.downgrade(p)
	}
	p.When, p.At, p.Restart = s.takesEffect(p.Charge, p.CompletesAt)
	if s.pol.NvmeWindowsPrecaution && s.in.OSType == model.OSWindows && nvme(s.from) != nvme(s.to) {
		p.Preconditions = 1
	}
	return p
}

// upgrade sets an upgrade's charge and, across zones, what the migration changes.
func (s *state) upgrade(p *Plan) {
	p.Charge = s.charge()
	if s.req.MigrateAcrossZone {
		retired := s.from.Offline && !s.from.IoOptimized && s.to.IoOptimized
		p.Cross = &Cross{DeviceNamesChange: retired, LicenceCodesChange: retired,
			PrivateIPChanges: s.in.NetworkType == model.NetworkClassic}
	}
}

// downgrade sets a downgrade's refund and the quota it uses.
func (s *state) downgrade(p *Plan) {
	p.Refund = s.refund()
	p.Downgrades = 1
	p.RefundedVCPUHours = p.Refund.RefundedVCPUHours
}

// takesEffect is when the new type takes effect, the moment when there is one, and whether
// the instance restarts, for a change with charge c (nil for a downgrade) completing at
// completes.
func (s *state) takesEffect(c *Charge, completes time.Time) (when string, at time.Time, restart bool) {
	running := s.in.Status == model.StatusRunning
	switch {
	case c != nil && c.OrderStatus == "Unpaid":
		return "WhenPaid", time.Time{}, false // the change happens once the order is paid in the console
	case c != nil && c.OrderStatus == "Abnormal":
		return "Never", time.Time{}, false // an abnormal order can only be cancelled; the type does not change
	case s.req.ModifyMode == model.ModifyOnline:
		return "Online", completes, false
	case running && s.req.HasRebootTime():
		return "AtRebootTime", s.req.RebootTime, true
	case running && s.req.RebootWhenFinished:
		return "AfterCompletion", completes, true
	}
	return "NextStart", time.Time{}, false
}

func nvme(t *model.InstanceType) bool {
	return t.NvmeSupport == "required" || t.NvmeSupport == "supported"
}
