package rules

import (
	"encoding/binary"
	"errors"
	"math/bits"
	"time"
	"unsafe"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/internal/wordscan"
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
// on an error): the fields are set one by one, so the zero ones are not written twice.
func (c *evaluation) plan(p *Plan) error {
	p.RequestID, p.OrderID = c.ids()
	p.Operation, p.Direction = c.dir.String(), c.dir
	p.InstanceID, p.RegionID, p.ZoneID = c.inst.InstanceID, c.inst.RegionID, c.inst.ZoneID
	p.FromType, p.ToType = c.fromID, c.to.InstanceTypeID
	p.DecidedAt, p.CompletesAt = c.now, c.now.Add(c.pol.CompletionTime.D())
	p.ClientToken = c.req.ClientToken
	p.PricesIllustrative = c.pricesIllustrative()
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
	ch, m := c.charge()
	bal := c.f.Account.Balance
	ch.AutoPay, ch.BalanceBefore, ch.BalanceAfter = c.req.AutoPay, bal, bal
	from, to := pricing.Priced{Type: c.from, Price: c.fromPrice}, pricing.Priced{Type: c.to, Price: c.toPrice}
	if err := m.UpgradePriced(&ch.Quote, c.now, until, c.req.RegionID, from, to, c.cat, c.pol); err != nil {
		return pricingError(err)
	}
	switch after := c.subDecimal(bal, ch.TradePrice); {
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
	from, to := pricing.Priced{Type: c.from, Price: c.fromPrice}, pricing.Priced{Type: c.to, Price: c.toPrice}
	r, err := c.refund.DowngradeRefundPriced(c.now, c.inst, from, to, c.cat, c.pol)
	if err != nil {
		return pricingError(err)
	}
	p.Refund = r
	p.Quota = QuotaCount{Downgrades: 1, RefundedVCPUHours: quotaVCPUHours(c, r)}
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

// nvmeWord names t in the NVMe precondition: with the disks it presents, or "does not".
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
	writeRequestID((*[36]byte)(both[:36]), h, mix(h^0x13198A2E03707344))
	writeOrderID((*[15]byte)(both[36:]), h%900000000000000)
}

// writeOrderID writes the OrderId of v < 9·10^14 to ob: 15 decimal digits, like the order
// numbers of the API's examples, never with a leading zero: v with its first digit raised by
// one, as the seven digits of v/10^8 + 10^6 and the eight of v%10^8 (the second word
// overwrites the spare eighth byte of the first).
func writeOrderID(ob *[15]byte, v uint64) {
	binary.LittleEndian.PutUint64(ob[0:8], decimal8(v/1e8+1e6)>>8)
	binary.LittleEndian.PutUint64(ob[7:15], decimal8(v%1e8))
}

// writeRequestID writes the RequestId of the hashes h1 and h2 to b: a UUID-shaped upper-case
// hex string, 8-4-4-4-12: the high 32 bits of h1, its low 32 split 4-4, then the high 32 bits
// of h2 split 4-4 and its low 32.
func writeRequestID(b *[36]byte, h1, h2 uint64) {
	binary.LittleEndian.PutUint64(b[0:8], hex8(h1>>32))
	lo := hex8(h1)
	binary.LittleEndian.PutUint32(b[9:13], uint32(lo))
	binary.LittleEndian.PutUint32(b[14:18], uint32(lo>>32))
	hi := hex8(h2 >> 32)
	binary.LittleEndian.PutUint32(b[19:23], uint32(hi))
	binary.LittleEndian.PutUint32(b[24:28], uint32(hi>>32))
	binary.LittleEndian.PutUint64(b[28:36], hex8(h2))
	b[8], b[13], b[18], b[23] = '-', '-', '-', '-'
}

// decimal8 returns the eight decimal digits of v < 10^8, with leading zeros, as a word whose
// bytes in little-endian order are the digits from the most significant: v is split into two
// halves of four digits in the 32-bit lanes of the word, each half into two of two digits in
// 16-bit lanes, each of those into two digits in bytes. The quotients are multiplications:
// n·10486>>20 is n/100 for n < 10^4, n·103>>10 is n/10 for n < 100, and no lane overflows.
func decimal8(v uint64) uint64 {
	x := v/10000 | v%10000<<32
	q := x * 10486 >> 20 & 0x0000007F0000007F
	x = q | (x-q*100)<<16
	q = x * 103 >> 10 & 0x000F000F000F000F
	x = q | (x-q*10)<<8
	return x + 0x3030303030303030
}

// hex8 returns the eight upper-case hex digits of the low 32 bits of v as a word whose bytes
// in little-endian order are the digits from the most significant: the nibbles are spread one
// to a byte (the most significant in the lowest byte), then 0–9 become '0'–'9' and 10–15
// become 'A'–'F' (a nibble above 9 carries into bit 4 when 6 is added).
func hex8(v uint64) uint64 {
	x := v & 0xFFFFFFFF
	x = (x | x<<16) & 0x0000FFFF0000FFFF
	x = (x | x<<8) & 0x00FF00FF00FF00FF
	x = (x | x<<4) & 0x0F0F0F0F0F0F0F0F
	x = bits.ReverseBytes64(x)
	letters := (x + 0x0606060606060606) >> 4 & 0x0101010101010101
	return x + 0x3030303030303030 + letters*7
}

// mix is the 64-bit finalizer of MurmurHash3 (fmix64): a bijection of words that spreads each
// bit of h over the whole result.
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
	n := len(s)
	for i := 0; i <= n-8; i += 8 {
		h = mix(h ^ wordscan.Load(s[i:]))
	}
	// The last n%8 bytes, little-endian: the string's last eight bytes shifted down when it has
	// eight (a shift by 64 is 0), else read one at a time.
	r := n % 8
	var last uint64
	if n >= 8 {
		last = wordscan.Load(s[n-8:]) >> (64 - 8*r)
	} else {
		last = shortWord(s)
	}
	return mix(h ^ last ^ uint64(r)<<59 ^ 0x9E3779B97F4A7C15)
}

// shortWord returns the bytes of s, shorter than eight, as a little-endian word, the last
// byte first (a loop small enough to be inlined, so that mixString calls nothing).
func shortWord(s string) uint64 {
	var w uint64
	for i := len(s) - 1; i >= 0; i-- {
		w = w<<8 | uint64(s[i])
	}
	return w
}
