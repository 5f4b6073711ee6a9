package rules

import (
	"time"
	"unsafe"

	"github.com/respec-dev/respec/internal/wordscan"
	"github.com/respec-dev/respec/model"
)

// validInstanceID reports whether id looks like an ECS instance ID: "i-" and then 1 to 62
// lowercase letters and digits. The bytes after "i-" are tested eight at a time
// (notIDBytes), the last eight as one word that may overlap the word before; fewer than
// eight one by one.
func validInstanceID(id string) bool {
	if len(id) < 3 || len(id) > 64 || id[0] != 'i' || id[1] != '-' {
		return false
	}
	rest := id[2:]
	if len(rest) < 8 {
		for i := 0; i < len(rest); i++ {
			if !idByte[rest[i]] {
				return false
			}
		}
		return true
	}
	for ; len(rest) > 8; rest = rest[8:] {
		if notIDBytes(wordscan.Load(rest)) != 0 {
			return false
		}
	}
	return notIDBytes(wordscan.Load(id[len(id)-8:])) == 0
}

// notIDBytes is not 0 exactly when some byte of the word x is not a lowercase letter or a
// digit. For a byte below 0x80, adding 0x80−lo sets its high bit exactly when it is at least
// lo, and no addition carries into the next byte; a byte of 0x80 or more has its high bit set
// in x, and makes the word fail whatever its carries do to the bytes above it.
func notIDBytes(x uint64) uint64 {
	const ones = wordscan.Ones
	letter := (x + ones*(0x80-'a')) &^ (x + ones*(0x80-'z'-1))
	digit := (x + ones*(0x80-'0')) &^ (x + ones*(0x80-'9'-1))
	return (^(letter | digit) | x) & wordscan.Highs
}

// idByte marks the bytes an instance ID has after "i-": lowercase letters and digits.
// Read-only.
var idByte = func() (t [256]bool) {
	for b := range t {
		t[b] = 'a' <= b && b <= 'z' || '0' <= b && b <= '9'
	}
	return t
}()

func minute(t time.Time) time.Time { return t.Truncate(time.Minute) }

// minuteIndex numbers the minutes since the Unix epoch (floor division, so instants before
// 1970 count too).
func minuteIndex(t time.Time) int64 {
	s := t.Unix()
	if s < 0 {
		return (s - 59) / 60
	}
	return s / 60
}

// sameMinute reports whether the counter's minute is now's: a count from another minute has
// rolled over (throttled in minute T, allowed again from T+1).
func sameMinute(counter, now time.Time) bool { return minuteIndex(counter) == minuteIndex(now) }

func isSpot(s string) bool { return s != "" && s != model.SpotNone }

// monthStart returns the start of now's month in the billing time zone (UTC plus offset
// minutes), as an instant.
func monthStart(now time.Time, offsetMinutes int) time.Time {
	off := time.Duration(offsetMinutes) * time.Minute
	local := now.UTC().Add(off)
	y, m, _ := local.Date()
	return time.Date(y, m, 1, 0, 0, 0, 0, time.UTC).Add(-off)
}

// quotaReset returns when the monthly quotas reset: the 1st of next month, 00:00 in the
// billing time zone, as an instant.
func (c *evaluation) quotaReset() time.Time {
	off := time.Duration(c.pol.BillingUTCOffsetMinutes) * time.Minute
	y, m, _ := c.now.UTC().Add(off).Date()
	return time.Date(y, m+1, 1, 0, 0, 0, 0, time.UTC).Add(-off)
}

// ceilHours returns the hours from a to b, a started hour counting whole; 0 when b <= a.
func ceilHours(a, b time.Time) int64 {
	d := b.Sub(a)
	if d <= 0 {
		return 0
	}
	h := int64(d / time.Hour)
	if d%time.Hour != 0 {
		h++
	}
	return h
}

// record returns the remembered request under the request's ClientToken, if any and not
// expired.
func (c *evaluation) record() (model.Record, bool) {
	if c.req.ClientToken == "" || c.f.Idempotency == nil {
		return model.Record{}, false
	}
	rec, ok := c.f.Idempotency[c.req.ClientToken]
	if !ok || !c.now.Before(rec.At.Add(c.pol.TokenTTL.D())) {
		return model.Record{}, false
	}
	return rec, true
}

// fingerprint returns the request's canonical parameter string, computed once per
// evaluation: the idempotency rule, the replay and the plan all need it.
func (c *evaluation) fingerprint() string {
	if c.fp == "" {
		c.fp = c.req.Fingerprint()
	}
	return c.fp
}

// keptFingerprint is fingerprint() for the plan: built in the plan's memory when there is one
// and it was not built before.
func (c *evaluation) keptFingerprint() string {
	m := c.accepted()
	if c.fp != "" || m == nil {
		return c.fingerprint()
	}
	b := c.req.AppendFingerprint(m.fp[:0])
	c.fp = unsafe.String(unsafe.SliceData(b), len(b))
	return c.fp
}

// hasPurchase reports whether the instance's orders include its purchase.
func (c *evaluation) hasPurchase() bool {
	for i := range c.inst.Orders {
		if c.inst.Orders[i].Kind == model.OrderPurchase {
			return true
		}
	}
	return false
}

// unpaid returns the index of the first unpaid order that is (modification) or is not a
// configuration change, or -1.
func (c *evaluation) unpaid(modification bool) int {
	for i, o := range c.inst.UnpaidOrders {
		if (o.Kind == model.UnpaidModification) == modification {
			return i
		}
	}
	return -1
}

func (c *evaluation) elasticQuota() *model.ElasticQuota {
	qs := c.f.Account.Quotas.Elastic
	for i := range qs {
		if qs[i].ZoneID == c.inst.ZoneID && qs[i].InstanceType == c.to.InstanceTypeID {
			return &qs[i]
		}
	}
	return nil
}

func (c *evaluation) diskQuota() *model.DiskCapacityQuota {
	if !c.systemDiskCategoryApplies() {
		return nil
	}
	qs := c.f.Account.Quotas.DiskCapacity
	for i := range qs {
		if qs[i].ZoneID == c.inst.ZoneID && qs[i].Category == c.req.SystemDiskCategory {
			return &qs[i]
		}
	}
	return nil
}

// maxDataDisks is the most data disks the target takes: its published DiskQuantity, else the
// policy's DefaultMaxDataDisks; 0 when neither gives a number (no limit is checked).
func (c *evaluation) maxDataDisks() int {
	if c.to.DiskQuantity > 0 {
		return c.to.DiskQuantity
	}
	return c.pol.DefaultMaxDataDisks
}

// systemDiskCategoryApplies reports whether SystemDisk.Category takes effect: it is given and
// the change is the one case the API page names, from a retired non-I/O-optimized type to an
// I/O-optimized type on sale. Elsewhere the page says it does not take effect, and respec
// ignores it (with a warning) rather than refusing.
func (c *evaluation) systemDiskCategoryApplies() bool {
	return c.req.SystemDiskCategory != "" && c.from != nil && c.to != nil &&
		c.from.Offline && !c.from.IoOptimized && !c.to.Offline && c.to.IoOptimized
}

// systemDiskCategory is the system disk's category after the change: SystemDisk.Category
// when it takes effect, else the disk's own.
func (c *evaluation) systemDiskCategory() string {
	if c.systemDiskCategoryApplies() {
		return c.req.SystemDiskCategory
	}
	if c.inst.SystemDisk == nil {
		return ""
	}
	return c.inst.SystemDisk.Category
}

func (c *evaluation) badDataDisk() int {
	for i := range c.inst.DataDisks {
		if !c.to.TakesDisk(c.inst.DataDisks[i].Category) {
			return i
		}
	}
	return -1
}

func (c *evaluation) isDataDisk(id string) bool {
	for i := range c.inst.DataDisks {
		if c.inst.DataDisks[i].DiskID == id {
			return true
		}
	}
	return false
}

func (c *evaluation) badRequestDisk() int {
	for i := range c.req.Disks {
		d := &c.req.Disks[i]
		if !c.isDataDisk(d.DiskID) || !c.to.TakesDisk(d.Category) {
			return i
		}
	}
	return -1
}

// The per-ENI quantities the capacity rules compare with the target's limits.
func eniIPv4(e *model.ENI) int   { return e.PrivateIPv4 }
func eniIPv6(e *model.ENI) int   { return e.IPv6 }
func eniQueues(e *model.ENI) int { return e.QueueNumber }

// maxENI returns the largest value of field over the instance's ENIs (0 without ENIs).
func (c *evaluation) maxENI(field func(*model.ENI) int) int {
	m := 0
	for i := range c.inst.ENIs {
		if v := field(&c.inst.ENIs[i]); v > m {
			m = v
		}
	}
	return m
}

func (c *evaluation) primaryQueue() int {
	for i := range c.inst.ENIs {
		if c.inst.ENIs[i].Primary {
			return c.inst.ENIs[i].QueueNumber
		}
	}
	return 0
}

func (c *evaluation) totalQueues() int {
	t := 0
	for i := range c.inst.ENIs {
		t += c.inst.ENIs[i].QueueNumber
	}
	return t
}

// declared is the direction the request states: OperatorType when given; when omitted, the
// real direction under the current policy (detected) and upgrade under the older one
// (declared: a downgrade must say so).
func (c *evaluation) declared() model.OperatorType {
	if c.req.OperatorType != model.OperatorUnset {
		return c.req.OperatorType
	}
	if c.pol.Direction == model.DirectionDeclared {
		return model.Upgrade
	}
	return c.dir
}

// hasStatus reports whether ss holds s (as slices.Contains, in fewer instructions: the
// status rules ask it on every accepted change).
func hasStatus(ss []model.Status, s model.Status) bool {
	for _, t := range ss {
		if t == s {
			return true
		}
	}
	return false
}

func (c *evaluation) allowedStatuses() []model.Status {
	if c.dir == model.Downgrade {
		return c.pol.DowngradeStatuses
	}
	return c.pol.UpgradeStatuses
}

func (c *evaluation) downgradesThisMonth() int {
	start := monthStart(c.now, c.pol.BillingUTCOffsetMinutes)
	n := 0
	for _, t := range c.f.Account.Quotas.Downgrades {
		if !t.Before(start) && !t.After(c.now) {
			n++
		}
	}
	return n
}

// downgradeQuota returns the monthly downgrade quota and whether one applies: the policy must
// have a monthly quota, and its number is the account's (Quotas.DowngradesPerMonth) or, when
// the account states none, the policy's DefaultDowngradesPerMonth when positive. The documents
// give no number (the console shows each account's), so no preset invents one.
func (c *evaluation) downgradeQuota() (int, bool) {
	if !c.pol.MonthlyDowngradeQuota {
		return 0, false
	}
	if q := c.f.Account.Quotas.DowngradesPerMonth; q != nil {
		return *q, true
	}
	return c.pol.DefaultDowngradesPerMonth, c.pol.DefaultDowngradesPerMonth > 0
}

// refundVCPUQuota is the monthly refunded-vCPU quota and whether one applies: the account's
// stated figure as it is (0: no vCPU·hour may be refunded, as a stated downgrade quota of 0
// allows no downgrade), else the policy's default, where 0 means no limit.
func (c *evaluation) refundVCPUQuota() (int64, bool) {
	if q := c.f.Account.Quotas.RefundedVCPUHoursPerMonth; q != nil {
		return *q, true
	}
	return c.pol.RefundedVCPUHoursPerMonth, c.pol.RefundedVCPUHoursPerMonth > 0
}

// refundVCPUQuotaValue is the monthly refunded-vCPU quota's figure (see refundVCPUQuota).
func (c *evaluation) refundVCPUQuotaValue() int64 {
	q, _ := c.refundVCPUQuota()
	return q
}

func (c *evaluation) refundedVCPUThisMonth() int64 {
	start := monthStart(c.now, c.pol.BillingUTCOffsetMinutes)
	var n int64
	for _, u := range c.f.Account.Quotas.RefundedVCPU {
		if !u.At.Before(start) && !u.At.After(c.now) {
			n += u.Amount
		}
	}
	return n
}

// refundVCPUHours is what a downgrade refunds in vCPU·hours: the vCPUs given back times the
// hours left to expiry, a started hour counting whole.
func (c *evaluation) refundVCPUHours() int64 {
	d := int64(c.from.CPU - c.to.CPU)
	if d <= 0 {
		return 0
	}
	return d * ceilHours(c.now, c.inst.ExpiredTime)
}
