package rules

import (
	"errors"
	"time"
	"unsafe"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/pricing"
)

// EffectNever and EffectWhenPaid complete the Effect* constants for orders that do not change
// the type now.
const (
	// EffectWhenPaid: AutoPay=false; the change happens once the order is paid in the console.
	EffectWhenPaid = "WhenPaid"
	// EffectNeverAbnormal: the order is abnormal (AutoPay with too little balance) and can only
	// be cancelled; the type never changes through it.
	EffectNeverAbnormal = "Never"
)

// replay answers a request whose ClientToken and parameters match a remembered accepted
// request: that request's outcome again, with no new effect.
func (c *evaluation) replay() (Plan, bool) {
	rec, ok := c.replayed()
	if !ok {
		return Plan{}, false
	}
	return c.replayOf(rec), true
}

// replayed returns the remembered request the request replays, if any: the one under its
// ClientToken, with the same fingerprint.
func (c *evaluation) replayed() (model.Record, bool) {
	rec, ok := c.record()
	if !ok || rec.Fingerprint != c.fingerprint() {
		return model.Record{}, false
	}
	return rec, true
}

// replayOf is the plan of a replay of rec.
func (c *evaluation) replayOf(rec model.Record) Plan {
	return Plan{
		RequestID: rec.RequestID, OrderID: rec.OrderID, Replayed: true,
		InstanceID: c.req.InstanceID, RegionID: c.req.RegionID, ToType: c.req.InstanceType,
		DecidedAt: rec.At, ClientToken: c.req.ClientToken, Fingerprint: rec.Fingerprint,
		Effect: Effect{When: "Replayed", Description: "The same request was accepted at " +
			rec.At.UTC().Format(time.RFC3339) + "; this is its outcome again and changes nothing."},
		Warnings: unknownWarnings(c.req, nil),
	}
}

// plan builds the plan of a request that broke no rule in p, which is zero (it is left zero
// on an error).
func (c *evaluation) plan(p *Plan) error {
	requestID, orderID := c.ids()
	*p = Plan{
		RequestID:          requestID,
		OrderID:            orderID,
		Operation:          c.dir.String(),
		Direction:          c.dir,
		InstanceID:         c.inst.InstanceID,
		RegionID:           c.inst.RegionID,
		ZoneID:             c.inst.ZoneID,
		FromType:           c.fromID,
		ToType:             c.to.InstanceTypeID,
		DecidedAt:          c.now,
		ClientToken:        c.req.ClientToken,
		CompletesAt:        c.now.Add(c.pol.CompletionTime.D()),
		PricesIllustrative: c.pricesIllustrative(),
	}
	if c.req.ClientToken != "" {
		p.Fingerprint = c.keptFingerprint()
	}
	var err error
	switch c.dir {
	case model.Upgrade:
		err = c.priceUpgrade(p)
	case model.Downgrade:
		err = c.priceDowngrade(p)
	}
	if err != nil {
		*p = Plan{}
		return err
	}
	if c.to.StockIn(c.inst.ZoneID) == model.ClosedWithStock {
		c.warn(p, c.to.InstanceTypeID+" is ClosedWithStock in "+c.inst.ZoneID+
			": stock is close to the low-water mark; the documents advise preferring a WithStock type.")
	}
	p.Effect = c.effect(p)
	c.choiceWarnings(p)
	p.Warnings = unknownWarnings(c.req, p.Warnings)
	p.Cross = c.crossZone()
	c.nvmePrecondition(p)
	return nil
}

// priceUpgrade sets the plan's charge: the quote to the expiry (or to EndTime for a temporary
// upgrade) and the order's status by AutoPay and the balance.
func (c *evaluation) priceUpgrade(p *Plan) error {
	until := c.inst.ExpiredTime
	if c.req.HasEndTime() {
		until = c.req.EndTime
		p.Temporary, p.Until = true, c.req.EndTime
	}
	var q pricing.Quote
	var err error
	if m := c.accepted(); m != nil {
		q, err = m.quote.Upgrade(c.now, until, c.req.RegionID, c.from, c.to, c.cat, c.pol)
	} else {
		q, err = pricing.Upgrade(c.now, until, c.req.RegionID, c.from, c.to, c.cat, c.pol)
	}
	if err != nil {
		return pricingError(err)
	}
	bal := c.f.Account.Balance
	ch := c.charge()
	*ch = Charge{Quote: q, AutoPay: c.req.AutoPay, BalanceBefore: bal, BalanceAfter: bal}
	switch after := c.subDecimal(bal, q.TradePrice); {
	case !c.req.AutoPay:
		ch.OrderStatus = OrderUnpaid
	case after.IsNegative():
		ch.OrderStatus = OrderAbnormal
	default:
		ch.OrderStatus = OrderPaid
		ch.BalanceAfter = after
	}
	p.Charge = ch
	return nil
}

// priceDowngrade sets the plan's refund and what it counts against the quotas.
func (c *evaluation) priceDowngrade(p *Plan) error {
	r, err := pricing.DowngradeRefund(c.now, c.inst, c.from, c.to, c.cat, c.pol)
	if err != nil {
		return pricingError(err)
	}
	p.Refund = r
	p.Quota = QuotaCount{Downgrades: 1, RefundedVCPUHours: c.refundVCPUHours()}
	if c.req.AutoPaySet {
		c.warn(p, "AutoPay is ignored for a downgrade.")
	}
	return nil
}

// crossZone returns what a cross-zone migration changes, or nil when none is asked for (a
// downgrade never migrates).
func (c *evaluation) crossZone() *CrossZoneEffect {
	if !c.req.MigrateAcrossZone || c.dir == model.Downgrade {
		return nil
	}
	retiredToIO := c.from.Offline && !c.from.IoOptimized && c.to.IoOptimized
	return &CrossZoneEffect{
		DeviceNamesChange:  retiredToIO,
		LicenceCodesChange: retiredToIO,
		PrivateIPChanges:   c.inst.NetworkType == model.NetworkClassic,
	}
}

// nvmePrecondition adds the NVMe preventive steps a Windows instance needs when the change
// moves between a type with NVMe and one without, under a policy that asks for them.
func (c *evaluation) nvmePrecondition(p *Plan) {
	if !c.pol.NvmeWindowsPrecaution || c.inst.OSType != model.OSWindows || c.from.NVMe() == c.to.NVMe() {
		return
	}
	s := "Windows instance changing between a type with NVMe (" + nvmeWord(c.from) + ") and one " + nvmeWord(c.to) +
		": complete the published NVMe preventive steps before the change."
	if c.inst.NvmePrecautionsDone {
		s += " (Recorded as done.)"
	}
	p.Preconditions = append(p.Preconditions, s)
}

// choiceWarnings adds the warnings of the choices respec makes where the documents give no
// number or say a parameter does not take effect: the monthly quotas every account has but the
// account's facts do not state (none is applied, the real one is the account's), the
// unpublished limit of online changes, parameters that are ignored, and a temporary upgrade
// that may never take effect. The zone quotas (QuotaExceed.ElasticQuota,
// QuotaExceed.DiskCapacity) are facts of the zone like stock: checked where stated, not warned
// about.
func (c *evaluation) choiceWarnings(p *Plan) {
	c.ignoredParameterWarnings(p)
	if c.dir == model.Downgrade {
		c.unstatedQuotaWarnings(p)
	}
	if p.Temporary && c.inst.Status == model.StatusRunning && c.req.ModifyMode != model.ModifyOnline &&
		(p.Charge == nil || p.Charge.OrderStatus != OrderAbnormal) && !c.restartsBefore(p.Until, p.CompletesAt) {
		c.warn(p, "The temporary upgrade is paid but may never take effect: the new type applies only at a restart through the API or console, and none is scheduled before EndTime "+
			p.Until.UTC().Format(time.RFC3339)+" (set RebootWhenFinished=true or a RebootTime before EndTime).")
	}
}

// ignoredParameterWarnings warns of a SystemDisk.Category or MigrateAcrossZone that does not
// take effect, and of an online change under the unpublished limit.
func (c *evaluation) ignoredParameterWarnings(p *Plan) {
	if c.req.SystemDiskCategory != "" && !c.systemDiskCategoryApplies() {
		c.warn(p, "SystemDisk.Category is ignored: it takes effect only when a retired non-I/O-optimized type changes to an I/O-optimized type on sale; the system disk keeps its category.")
	}
	if c.req.MigrateAcrossZone && c.dir == model.Downgrade {
		c.warn(p, "MigrateAcrossZone is ignored for a downgrade: it applies to upgrades only.")
	}
	if c.req.ModifyMode == model.ModifyOnline && c.pol.MaxOnlineModifications <= 0 {
		c.warn(p, "The number of online changes allowed between two restarts is not published; none was applied (InvalidOperation.MaxModifyOnlineNumberExceeded may still refuse a later one).")
	}
}

// unstatedQuotaWarnings warns of the monthly downgrade quotas the account's facts do not
// state.
func (c *evaluation) unstatedQuotaWarnings(p *Plan) {
	if _, ok := c.downgradeQuota(); c.pol.MonthlyDowngradeQuota && !ok {
		c.warn(p, "The account states no monthly downgrade quota, so none was applied: the real quota is account-specific (shown in the ECS console) and may refuse the downgrade (InstanceDowngrade.QuotaExceed).")
	}
	if c.f.Account.Quotas.RefundedVCPUHoursPerMonth == nil && c.pol.RefundedVCPUHoursPerMonth <= 0 {
		c.warn(p, "The account states no monthly refunded-vCPU quota, so none was applied: the real quota is account-specific and may refuse the downgrade (QuotaExceed.RufundVcpu).")
	}
}

// unknownWarnings appends to ws one warning per request key respec does not know
// (req.Unknown): the API ignores such a key, so a misspelt parameter silently keeps its
// default.
func unknownWarnings(req *model.Request, ws []string) []string {
	for _, u := range req.Unknown {
		s := "Request parameter " + u.Key + " is not a parameter of ModifyPrepayInstanceSpec and is ignored, as the API ignores it"
		if u.Suggestion != "" {
			s += "; did you mean " + u.Suggestion + "? (" + u.Suggestion + " keeps its default)"
		}
		ws = append(ws, s+".")
	}
	return ws
}

// restartsBefore reports whether the request restarts the (Running) instance before until:
// right after completion (RebootWhenFinished) or at RebootTime.
func (c *evaluation) restartsBefore(until, completes time.Time) bool {
	if c.req.HasRebootTime() {
		return c.req.RebootTime.Before(until)
	}
	return c.req.RebootWhenFinished && completes.Before(until)
}

func nvmeWord(t *model.InstanceType) string {
	if t.NVMe() {
		return t.InstanceTypeID + " presents NVMe disks"
	}
	return t.InstanceTypeID + " does not"
}

// effect decides when the new type takes effect and what restarts.
func (c *evaluation) effect(p *Plan) Effect {
	running := c.inst.Status == model.StatusRunning
	if ch := p.Charge; ch != nil {
		switch ch.OrderStatus {
		case OrderUnpaid:
			return Effect{When: EffectWhenPaid, Description: "The order is created unpaid (AutoPay=false); the change happens once it is paid in the console, and the new type then takes effect at the next start or restart through the API or console."}
		case OrderAbnormal:
			return Effect{When: EffectNeverAbnormal, Description: "The balance (" + ch.BalanceBefore.String() + ") does not cover " + ch.TradePrice.String() + ": the order is abnormal and can only be cancelled; the type does not change."}
		}
	}
	var e Effect
	switch {
	case c.req.ModifyMode == model.ModifyOnline:
		e = Effect{When: EffectOnline, At: p.CompletesAt, Description: "The new type takes effect online when the change completes, without a restart."}
	case running && c.req.HasRebootTime():
		e = Effect{When: EffectAtRebootTime, At: c.req.RebootTime, Restart: true, Description: "The instance restarts at RebootTime and runs as the new type from then."}
		if c.req.RebootWhenFinished {
			c.warn(p, "RebootWhenFinished is ignored: RebootTime schedules the restart.")
		}
	case running && c.req.RebootWhenFinished:
		e = Effect{When: EffectAfterCompletion, At: p.CompletesAt, Restart: true, Description: "The instance restarts right after the change completes (5–10 s) and runs as the new type from then."}
	case running:
		e = Effect{When: EffectNextStart, Description: "The new type takes effect at the next start or restart through the API or console; a reboot from inside the operating system does not apply it."}
	default:
		e = Effect{When: EffectNextStart, Description: staysDescription(c.inst.Status)}
		if c.req.RebootWhenFinished {
			c.warn(p, "RebootWhenFinished has no effect on a Stopped instance: it stays stopped.")
		}
		if c.req.HasRebootTime() {
			c.warn(p, "RebootTime has no effect on a Stopped instance.")
		}
	}
	if p.Temporary {
		e.Description += " The change is temporary: the instance returns to " + c.fromID + " at " + p.Until.UTC().Format(time.RFC3339) + "."
	}
	return e
}

// staysDescription is the effect's description for an instance that is not Running: it stays
// in its status until it is next started (a constant for Stopped, the usual case).
func staysDescription(s model.Status) string {
	const before, after = "The instance stays ", "; the new type takes effect when it is next started."
	if s == model.StatusStopped {
		return before + string(model.StatusStopped) + after
	}
	return before + string(s) + after
}

// warn appends warning s to the plan's warnings, the first ones held in the plan's memory.
func (c *evaluation) warn(p *Plan, s string) {
	if p.Warnings == nil {
		if m := c.accepted(); m != nil {
			p.Warnings = m.warnings[:0]
		}
	}
	p.Warnings = append(p.Warnings, s)
}

// pricingError maps a pricing failure to its catalog entry: a missing list price cannot be
// ordered (OrderCreationFailed); anything else means the facts are inconsistent
// (InternalError).
func pricingError(err error) *errcodes.Error {
	if errors.Is(err, pricing.ErrNoPrice) {
		return errcodes.New(errcodes.OrderCreationFailed, err.Error())
	}
	return errcodes.New(errcodes.InternalError, err.Error())
}

// ids derives the RequestId and OrderId of a request deterministically from the moment and
// the request, so the same input always yields the same plan. The hash mixes eight bytes at a
// time (a multiply-xorshift, not cryptographic).
func ids(now time.Time, req *model.Request) (requestID, orderID string) {
	var both [36 + 15]byte
	writeIDs(&both, now, req)
	s := string(both[:])
	return s[:36], s[36:]
}

// ids returns ids(c.now, c.req), its bytes held in the decision when there is one.
func (c *evaluation) ids() (requestID, orderID string) {
	m := c.accepted()
	if m == nil {
		return ids(c.now, c.req)
	}
	b := &m.ids
	writeIDs(b, c.now, c.req)
	s := unsafe.String(&b[0], len(b))
	return s[:36], s[36:]
}

// writeIDs writes the RequestId (36 bytes) and then the OrderId (15 bytes) of a request to
// both.
func writeIDs(both *[36 + 15]byte, now time.Time, req *model.Request) {
	h := mix(0x243F6A8885A308D3 ^ uint64(now.UnixNano()))
	h = mixString(h, req.InstanceID)
	h = mixString(h, req.RegionID)
	h = mixString(h, req.InstanceType)
	h = mixString(h, req.ClientToken)
	h1 := h
	h2 := mix(h ^ 0x13198A2E03707344)
	// OrderId: 15 decimal digits, like the order numbers of the API's examples, two at a time.
	ob := both[36:]
	v := h1 % 900000000000000
	for i := len(ob) - 1; i > 0; i -= 2 {
		d := v % 100
		ob[i], ob[i-1] = decimalPairs[2*d+1], decimalPairs[2*d]
		v /= 100
	}
	ob[0] = byte('1' + v) // 1 to 9: never a leading zero
	// RequestId: a UUID-shaped upper-case hex string, 8-4-4-4-12.
	b := both[:36]
	hex(b[0:8], h1>>32)
	b[8] = '-'
	hex(b[9:13], h1>>16)
	b[13] = '-'
	hex(b[14:18], h1)
	b[18] = '-'
	hex(b[19:23], h2>>48)
	b[23] = '-'
	hex(b[24:36], h2)
}

// decimalPairs and hexPairs are the two-digit decimal and upper-case hex numbers, in order.
const (
	decimalPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
		"40414243444546474849505152535455565758596061626364656667686970717273747576777879" +
		"8081828384858687888990919293949596979899"
	hexPairs = "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F" +
		"202122232425262728292A2B2C2D2E2F303132333435363738393A3B3C3D3E3F" +
		"404142434445464748494A4B4C4D4E4F505152535455565758595A5B5C5D5E5F" +
		"606162636465666768696A6B6C6D6E6F707172737475767778797A7B7C7D7E7F" +
		"808182838485868788898A8B8C8D8E8F909192939495969798999A9B9C9D9E9F" +
		"A0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3B4B5B6B7B8B9BABBBCBDBEBF" +
		"C0C1C2C3C4C5C6C7C8C9CACBCCCDCECFD0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF" +
		"E0E1E2E3E4E5E6E7E8E9EAEBECEDEEEFF0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF"
)

// hex writes the low 4·len(dst) bits of v as upper-case hex digits, two at a time (len(dst)
// is even).
func hex(dst []byte, v uint64) {
	for i := len(dst) - 1; i > 0; i -= 2 {
		d := v & 0xff
		dst[i], dst[i-1] = hexPairs[2*d+1], hexPairs[2*d]
		v >>= 8
	}
}

func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xFF51AFD7ED558CCD
	h ^= h >> 33
	h *= 0xC4CEB9FE1A85EC53
	h ^= h >> 33
	return h
}

// mixString folds s into h, eight bytes at a time, and its length, so that ("ab", "c") and
// ("a", "bc") differ.
func mixString(h uint64, s string) uint64 {
	for len(s) >= 8 {
		h = mix(h ^ (uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
			uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56))
		s = s[8:]
	}
	// The last len(s) < 8 bytes, little-endian: four, two and one at a time.
	var last uint64
	n, i := len(s), 0
	if n >= 4 {
		last = uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24
		i = 4
	}
	if n-i >= 2 {
		last |= (uint64(s[i]) | uint64(s[i+1])<<8) << (8 * i)
		i += 2
	}
	if n > i {
		last |= uint64(s[i]) << (8 * i)
	}
	return mix(h ^ last ^ uint64(n)<<59 ^ 0x9E3779B97F4A7C15)
}
