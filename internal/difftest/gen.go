// Package difftest runs the engine (rules.Decide) and the reference model
// (internal/reference) side by side on generated worlds and compares every outcome: status,
// code and rule of a refusal, every field of a plan with exact money. It holds a fast seeded
// world generator (math/rand/v2 PCG, one stream per case), the comparison with its named
// exceptions, and the shrinker of a disagreement. Tooling only: the engine never imports it.
package difftest

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"reflect"
	"slices"
	"time"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

// Case is one generated input: the world, the faults applied to it (indices into
// fuzz.Faults()) and the wire change, if any, that the request went through.
type Case struct {
	Seed, Index uint64
	// Base is the world before the faults; World is Base with Faults applied.
	Base   fuzz.World
	World  fuzz.World
	Faults []int
	// Wire is set when a wire-form fault was drawn: the request is then written, changed
	// and parsed again before both engines see it.
	Wire func(url.Values)
	// Facts are the built facts (the catalog from World.Catalog).
	Facts model.Facts
	// baseCat is Base's catalog, built (shared by the cases whose faults leave it alone).
	baseCat *model.Catalog
}

// pooled is a catalog variant built once and shared by the cases that draw it unchanged.
type pooled struct {
	data model.CatalogData
	cat  *model.Catalog
}

// Generator draws cases. It is safe for use by one goroutine.
type Generator struct {
	seed   uint64
	pool   []pooled
	faults []fuzz.Fault
	// base is fuzz.Baseline() without its catalog, copied into every case; the generator
	// replaces, never changes in place, the slices it varies.
	base fuzz.World
	// touchesCatalog[i]: fault i changes the catalog (so a case with it rebuilds its own).
	touchesCatalog []bool
}

var movable = []string{"ecs.g6.large", "ecs.g6.xlarge", "ecs.g6.2xlarge", "ecs.g7.xlarge", "ecs.g7.2xlarge"}

var presets = []string{model.PresetCurrent, model.Preset2020, model.Preset2019, model.Preset2018Sep, model.Preset2018}

// NewGenerator returns a generator of the stream seed. The catalogs (prices, discounts,
// ticket-only changes) are drawn once, from the seed, into a pool of 64 variants.
func NewGenerator(seed uint64) *Generator {
	g := &Generator{seed: seed, faults: fuzz.Faults(), base: fuzz.Baseline()}
	g.base.Catalog = model.CatalogData{}
	// Which faults change the catalog: a case without them shares its pooled catalog.
	for _, f := range g.faults {
		g.touchesCatalog = append(g.touchesCatalog, changesCatalog(&f))
	}
	r := rand.New(rand.NewPCG(seed, 0x636174616c6f67))
	for range 64 {
		c := drawCatalog(r)
		cat, err := model.NewCatalog(c)
		if err != nil {
			panic("difftest: pooled catalog: " + err.Error())
		}
		g.pool = append(g.pool, pooled{c, cat})
	}
	return g
}

// changesCatalog reports whether fault f changes the catalog of its base world.
func changesCatalog(f *fuzz.Fault) bool {
	if f.Break == nil {
		return false
	}
	w := f.Base()
	before := w.Clone().Catalog
	return tryBreak(&w, f.Break) && !reflect.DeepEqual(before, w.Catalog)
}

// drawCatalog draws a catalog variant: a unit price per vCPU for each family, the types'
// order, at times a ticket-only change, and a subset of the discounts (at times one more).
func drawCatalog(r *rand.Rand) model.CatalogData {
	c := fuzz.BaseCatalog()
	unit := map[string]decimal.Decimal{}
	for _, fam := range []string{"ecs.g6", "ecs.g7", "ecs.t6", "ecs.d1", "ecs.n1"} {
		unit[fam] = decimal.New(r.Int64N(29001)+1000, -2)
	}
	for i := range c.Types {
		ty := &c.Types[i]
		p := unit[ty.Family].Mul(decimal.NewFromInt(int64(ty.CPU)))
		ty.MonthlyPrice = map[string]decimal.Decimal{fuzz.BaseRegion: p, "cn-beijing": p}
	}
	r.Shuffle(len(c.Types), func(i, j int) { c.Types[i], c.Types[j] = c.Types[j], c.Types[i] })
	if r.IntN(4) == 0 {
		c.TicketFamilyChanges = []model.TicketChange{{FromFamilies: []string{"ecs.g6"}, ToFamilies: []string{"ecs.g7"}}}
	}
	c.Discounts = drawDiscounts(r, c.Discounts)
	return c
}

// drawDiscounts keeps each of ds at even odds and at times adds 5 % off from one month.
func drawDiscounts(r *rand.Rand, ds []model.DurationDiscount) []model.DurationDiscount {
	var out []model.DurationDiscount
	for _, d := range ds {
		if r.IntN(2) == 0 {
			out = append(out, d)
		}
	}
	if r.IntN(4) == 0 {
		out = append(out, model.DurationDiscount{MinMonths: 1, Factor: decimal.New(95, -2)})
	}
	return out
}

func cents(r *rand.Rand, lo, hi int64) decimal.Decimal {
	return decimal.New(lo*100+r.Int64N((hi-lo)*100+1), -2)
}

func oneOf[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// Case returns case number i of the generator's stream: the same (seed, i) always gives the
// same case. It draws, in this order: the pooled catalog, the policy, the moment, the
// instance, the account, the request, the edges and the faults.
func (g *Generator) Case(i uint64) Case {
	r := rand.New(rand.NewPCG(g.seed, i))
	c := Case{Seed: g.seed, Index: i}
	pc := &g.pool[r.IntN(len(g.pool))]
	w := g.base
	w.Catalog = pc.data
	cat := pc.cat
	w.Facts.Policy = drawPolicy(r)
	w.Now = drawNow(r)
	from, retired := g.instance(r, &w, cat)
	drawAccount(r, &w)
	to := drawRequest(r, &w, cat, from)
	if retired {
		drawRetired(r, &w)
	}
	if r.IntN(8) == 0 {
		w.Facts.Instance.EIPAddress = "47.96.0.1"
	}
	g.edges(r, &w, to)
	c.Faults = g.drawFaults(r)
	c.Base, c.World = w, w
	c.Facts = w.Facts
	c.Facts.Catalog, c.baseCat = cat, cat
	if len(c.Faults) > 0 {
		c = g.apply(c)
	}
	return c
}

// drawPolicy draws a preset, at times with the one-basis ratio reading, other rounding and
// currency places, or statuses of its own for each direction.
func drawPolicy(r *rand.Rand) model.Policy {
	pol, _ := model.PolicyByName(oneOf(r, presets...))
	if r.IntN(4) == 0 {
		pol.RatioReading = model.RatioOneBasis
	}
	if r.IntN(8) == 0 {
		modes := []string{model.RoundDown, model.RoundUp, model.RoundHalfUp, model.RoundHalfEven}
		pol.ChargeRounding, pol.RefundRounding = oneOf(r, modes...), oneOf(r, modes...)
		pol.CurrencyPlaces = int32(r.IntN(4))
	}
	if r.IntN(20) == 0 {
		// A policy of its own: the statuses each direction is allowed from.
		pol.UpgradeStatuses = drawStatuses(r)
		pol.DowngradeStatuses = drawStatuses(r)
	}
	return pol
}

// drawStatuses draws a non-empty subset of Running, Stopped and Starting.
func drawStatuses(r *rand.Rand) []model.Status {
	all := []model.Status{model.StatusRunning, model.StatusStopped, model.StatusStarting}
	var out []model.Status
	for _, st := range all {
		if r.IntN(2) == 0 {
			out = append(out, st)
		}
	}
	if len(out) == 0 {
		out = []model.Status{all[r.IntN(2)]}
	}
	return out
}

// drawNow draws a moment of 2026, on the minute or at times between.
func drawNow(r *rand.Rand) time.Time {
	now := time.Date(2026, time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), 0, 0, time.UTC)
	if r.IntN(4) == 0 {
		now = now.Add(time.Duration(r.IntN(60)) * time.Second)
	}
	return now
}

// instance draws the instance: its type (at times a retired one, reported), its orders and
// expiry, its status, disks, interfaces and OS.
func (g *Generator) instance(r *rand.Rand, w *fuzz.World, cat *model.Catalog) (from *model.InstanceType, retired bool) {
	in := &w.Facts.Instance
	in.InstanceType = oneOf(r, movable...)
	retired = r.IntN(30) == 0
	if retired {
		// A retired non-I/O-optimized type: the one case in which SystemDisk.Category acts.
		in.InstanceType = "ecs.n1.medium"
		in.SystemDisk = &model.Disk{DiskID: "d-bp1system000000001", Category: model.DiskCloud, SizeGiB: 40}
	}
	from, _ = cat.Type(in.InstanceType)
	created := w.Now.Add(-time.Duration(1+r.IntN(24*400)) * time.Hour)
	in.CreationTime = created
	in.Orders = g.orders(r, cat, from, created, w.Now)
	in.ExpiredTime = in.Orders[len(in.Orders)-1].End
	for _, o := range in.Orders {
		in.ExpiredTime = later(in.ExpiredTime, o.End)
	}
	in.Status = oneOf(r, model.StatusRunning, model.StatusStopped)
	drawDevices(r, in)
	return from, retired
}

// drawDevices draws the instance's data disks, interfaces and OS.
func drawDevices(r *rand.Rand, in *model.Instance) {
	in.DataDisks = nil
	for i, n := 0, r.IntN(4); i < n; i++ {
		in.DataDisks = append(in.DataDisks, model.Disk{DiskID: fmt.Sprintf("d-bp1data0000000000%d", i+1), Category: model.DiskCloudESSD, SizeGiB: 20 * (i + 1)})
	}
	in.ENIs = []model.ENI{{ENIID: "eni-bp1primary000001", Primary: true, PrivateIPv4: 1, QueueNumber: r.IntN(5)}}
	if r.IntN(2) == 0 {
		in.ENIs = append(in.ENIs, model.ENI{ENIID: "eni-bp1second0000002", PrivateIPv4: 1})
	}
	if r.IntN(6) == 0 {
		in.OSType = model.OSWindows
	}
}

// drawAccount draws the account: balance, caller, ticketed changes and quotas, and the
// instance's refunds when the policy counts them.
func drawAccount(r *rand.Rand, w *fuzz.World) {
	acc := &w.Facts.Account
	acc.Balance = cents(r, 0, 50000)
	if r.IntN(2) == 0 {
		acc.RAMUser = &model.RAMUser{Name: "ops", Permissions: []string{model.PermModify, model.PermPrice, model.PermRefund, model.PermPassRole}}
	}
	if r.IntN(2) == 0 {
		acc.TicketedFamilyChanges = []model.FamilyPair{{From: "ecs.g6", To: "ecs.g7"}}
	}
	drawQuotas(r, w.Now, &acc.Quotas)
	if w.Facts.Policy.RefundsPerInstance > 0 {
		w.Facts.Instance.Refunds = r.IntN(4)
	}
}

// drawQuotas draws the month's downgrades and, at times, the downgrade and refunded-vCPU
// quotas.
func drawQuotas(r *rand.Rand, now time.Time, q *model.Quotas) {
	for i, n := 0, r.IntN(3); i < n; i++ {
		q.Downgrades = append(q.Downgrades, now.Add(-time.Duration(1+r.IntN(40*24))*time.Hour))
	}
	if r.IntN(2) == 0 {
		n := len(q.Downgrades) + r.IntN(3)
		q.DowngradesPerMonth = &n
	}
	if r.IntN(5) == 0 {
		n := int64(r.IntN(20000))
		q.RefundedVCPUHoursPerMonth = &n
		q.RefundedVCPU = []model.QuotaUse{{At: now.Add(-time.Duration(r.IntN(40*24)) * time.Hour), Amount: int64(r.IntN(5000))}}
	}
}

// targetsFrom lists the types on sale, other than from, that from's family may change to.
func targetsFrom(cat *model.Catalog, from *model.InstanceType) []string {
	var out []string
	for i := range cat.Len() {
		if to := cat.At(i); to.InstanceTypeID != from.InstanceTypeID && !to.Offline && cat.Reachable(from.Family, to) {
			out = append(out, to.InstanceTypeID)
		}
	}
	return out
}

// drawRequest draws the request: a reachable target on sale, mostly from a status its
// direction allows, and its optional parameters. It returns the target.
func drawRequest(r *rand.Rand, w *fuzz.World, cat *model.Catalog, from *model.InstanceType) *model.InstanceType {
	in, pol := &w.Facts.Instance, &w.Facts.Policy
	rq := &w.Request
	*rq = model.Request{InstanceID: in.InstanceID, RegionID: in.RegionID, AutoPay: true}
	rq.InstanceType = oneOf(r, targetsFrom(cat, from)...)
	to, _ := cat.Type(rq.InstanceType)
	dir := rules.Direction(from, to, rq.RegionID)
	allowed := pol.UpgradeStatuses
	if dir == model.Downgrade {
		allowed = pol.DowngradeStatuses
	}
	if !slices.Contains(allowed, in.Status) && r.IntN(10) > 0 {
		in.Status = allowed[0]
	}
	if dir == model.Downgrade && pol.Direction == model.DirectionDeclared || r.IntN(2) == 0 {
		rq.OperatorType = dir
	}
	drawPayment(r, rq)
	drawTiming(r, w, dir)
	if r.IntN(6) == 0 {
		rq.ModifyMode = model.ModifyOnline
	}
	if r.IntN(2) == 0 {
		rq.ClientToken = fmt.Sprintf("tok-%x", r.Uint32())
	}
	rq.MigrateAcrossZone = r.IntN(6) == 0
	return to
}

// drawPayment draws AutoPay, given or not, and RebootWhenFinished.
func drawPayment(r *rand.Rand, rq *model.Request) {
	if r.IntN(4) == 0 {
		rq.AutoPay, rq.AutoPaySet = false, true
	} else {
		rq.AutoPaySet = r.IntN(2) == 0
	}
	rq.RebootWhenFinished = r.IntN(2) == 0
}

// drawTiming draws at times a RebootTime before expiry and, for an upgrade, an EndTime (a
// temporary upgrade).
func drawTiming(r *rand.Rand, w *fuzz.World, dir model.OperatorType) {
	rq, in := &w.Request, &w.Facts.Instance
	if r.IntN(4) == 0 {
		rq.RebootTime = w.Now.Truncate(time.Minute).Add(time.Duration(1+r.IntN(7*24*60)) * time.Minute)
		if rq.RebootTime.After(in.ExpiredTime) {
			rq.RebootTime = time.Time{}
		}
	}
	if dir == model.Upgrade && r.IntN(4) == 0 {
		span := int(in.ExpiredTime.Sub(w.Now) / time.Minute)
		rq.EndTime = w.Now.Truncate(time.Minute).Add(time.Duration(60+r.IntN(max(1, span-60))) * time.Minute)
	}
}

// drawRetired draws, for a retired type, a system disk category and at times the zone's disk
// quota (no data disks).
func drawRetired(r *rand.Rand, w *fuzz.World) {
	in, rq, acc := &w.Facts.Instance, &w.Request, &w.Facts.Account
	in.DataDisks = nil
	rq.SystemDiskCategory = oneOf(r, "", model.DiskCloudSSD, model.DiskCloudEfficiency)
	if r.IntN(2) == 0 {
		acc.Quotas.DiskCapacity = []model.DiskCapacityQuota{{ZoneID: in.ZoneID, Category: oneOf(r, model.DiskCloudSSD, model.DiskCloudEfficiency),
			LimitGiB: 100, UsedGiB: 40 + r.IntN(40)}}
	}
}

// drawFaults draws the faults: none for about half the cases, one for a third, two or three
// for the rest.
func (g *Generator) drawFaults(r *rand.Rand) []int {
	n := 0
	switch k := r.IntN(20); {
	case k >= 17:
		n = 2 + r.IntN(2)
	case k >= 10:
		n = 1
	}
	var out []int
	for range n {
		out = append(out, r.IntN(len(g.faults)))
	}
	return out
}

// apply applies c.Faults to c.World (on a deep copy) and rebuilds the facts. A fault whose
// mutator needs a part another one removed is skipped; a catalog a fault made invalid leaves
// the world unfaulted.
func (g *Generator) apply(c Case) Case {
	c.Wire = nil
	pooledCat := c.baseCat
	own := slices.ContainsFunc(c.Faults, func(fi int) bool { return g.touchesCatalog[fi] })
	var w fuzz.World
	if own {
		w = c.Base.Clone()
	} else {
		// The catalog is shared, read only: copy the rest.
		shallow := c.Base
		shallow.Catalog = model.CatalogData{}
		w = shallow.Clone()
		w.Catalog = c.Base.Catalog
	}
	var wires []func(url.Values)
	var kept []int
	for k, fi := range c.Faults {
		f := g.faults[fi]
		if f.Wire != nil {
			wires = append(wires, f.Wire)
			kept = append(kept, fi)
			continue
		}
		if !tryBreak(&w, f.Break) {
			// The mutator needed a part an earlier one removed: start again without it.
			c.Faults = slices.Delete(slices.Clone(c.Faults), k, k+1)
			return g.apply(c)
		}
		kept = append(kept, fi)
	}
	cat := pooledCat
	if own {
		var err error
		if cat, err = model.NewCatalog(w.Catalog); err != nil {
			c.Faults = nil
			return g.apply(c)
		}
	}
	c.World, c.Faults = w, kept
	c.Facts = w.Facts
	c.Facts.Catalog = cat
	if len(wires) > 0 {
		c.Wire = func(v url.Values) {
			for _, f := range wires {
				f(v)
			}
		}
	}
	return c
}

func tryBreak(w *fuzz.World, brk func(*fuzz.World)) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	brk(w)
	return true
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// orders draws an order history that has not expired at now: a purchase, at times a renewal,
// at times an upgrade layer from a smaller type and at times a downgrade order that replaced
// cancelled orders, priced from the catalog, paid in cash (with a voucher at times) by any
// payment method.
func (g *Generator) orders(r *rand.Rand, cat *model.Catalog, ty *model.InstanceType, created, now time.Time) []model.Order {
	od := orderDraw{r: r, cat: cat, ty: ty, price: ty.MonthlyPrice[fuzz.BaseRegion]}
	for {
		out := od.purchase(created)
		end := out[len(out)-1].End
		if end.After(now.Add(time.Hour)) {
			return od.changes(out, created, now, end)
		}
		created = created.Add(time.Duration(r.IntN(24*30)) * time.Hour)
		if created.After(now) {
			created = now.Add(-time.Hour)
		}
	}
}

// orderDraw draws the orders of an instance of type ty, whose monthly price is price.
type orderDraw struct {
	r     *rand.Rand
	cat   *model.Catalog
	ty    *model.InstanceType
	price decimal.Decimal
}

// order is an order of months months from start at the catalog's discount, at times partly
// paid by voucher.
func (od *orderDraw) order(id, kind string, start time.Time, months int) model.Order {
	r := od.r
	list := od.price.Mul(decimal.NewFromInt(int64(months)))
	disc := od.cat.Discount(months)
	paid := list.Mul(disc).RoundDown(2)
	voucher := decimal.Zero
	if r.IntN(5) == 0 {
		voucher = paid.Div(decimal.NewFromInt(10)).RoundDown(2)
		paid = paid.Sub(voucher)
	}
	return model.Order{OrderID: id, Kind: kind, InstanceType: od.ty.InstanceTypeID, Start: start, End: start.AddDate(0, months, 0),
		ListPrice: list, CashPaid: paid, VoucherPaid: voucher, Discount: disc,
		PaymentMethod: oneOf(r, model.PayBalance, model.PayCreditCard, model.PayPal), PaidAt: start}
}

// purchase draws the purchase at created and at times a renewal after it.
func (od *orderDraw) purchase(created time.Time) []model.Order {
	months := oneOf(od.r, 1, 2, 3, 6, 12, 24, 36)
	out := []model.Order{od.order("210000000000001", model.OrderPurchase, created, months)}
	if od.r.IntN(4) == 0 {
		out = append(out, od.order("210000000000002", model.OrderRenewal, out[0].End, oneOf(od.r, 1, 3, 12)))
	}
	return out
}

// changes adds at times an upgrade layer (to a g6 type above the smallest) or else at times
// a downgrade order, each starting between created and now and running to end.
func (od *orderDraw) changes(out []model.Order, created, now, end time.Time) []model.Order {
	r := od.r
	switch {
	case r.IntN(5) == 0 && od.ty.InstanceTypeID != "ecs.g6.large" && od.ty.Family == "ecs.g6":
		return od.upgradeLayer(out, od.changeStart(created, now), end)
	case r.IntN(8) == 0:
		return od.downgrade(out, od.changeStart(created, now), end)
	}
	return out
}

// changeStart draws the start of a change: some hours after created, by now.
func (od *orderDraw) changeStart(created, now time.Time) time.Time {
	return created.Add(time.Duration(1+od.r.IntN(int(now.Sub(created)/time.Hour))) * time.Hour)
}

// upgradeLayer adds, when start is before end, an upgrade from the smaller g6 to this type.
func (od *orderDraw) upgradeLayer(out []model.Order, start, end time.Time) []model.Order {
	if !start.Before(end) {
		return out
	}
	r, cat := od.r, od.cat
	prev, _ := cat.Type("ecs.g6.large")
	days := int64(end.Sub(start) / (24 * time.Hour))
	gap := od.price.Sub(prev.MonthlyPrice[fuzz.BaseRegion])
	list := gap.Div(decimal.NewFromInt(30)).Mul(decimal.NewFromInt(max(days, 1))).Round(2)
	return append(out, model.Order{OrderID: "210000000000003", Kind: model.OrderUpgrade, InstanceType: od.ty.InstanceTypeID,
		PreviousInstanceType: prev.InstanceTypeID, Start: start, End: end, ListPrice: list, CashPaid: list.Mul(cat.Discount(int(days / 30))).RoundDown(2),
		VoucherPaid: decimal.Zero, Discount: cat.Discount(int(days / 30)), PaymentMethod: oneOf(r, model.PayBalance, model.PayCreditCard), PaidAt: start})
}

// downgrade adds, when start is before the purchase's end, a downgrade order that replaced
// the orders before it, cancelled at its start.
func (od *orderDraw) downgrade(out []model.Order, start, end time.Time) []model.Order {
	if !start.Before(out[0].End) {
		return out
	}
	for i := range out {
		out[i].CancelledAt = later(start, out[i].Start)
	}
	days := max(int64(end.Sub(start)/(24*time.Hour)), 1)
	list := od.price.Div(decimal.NewFromInt(30)).Mul(decimal.NewFromInt(days)).Round(2)
	return append(out, model.Order{OrderID: "210000000000004", Kind: model.OrderDowngrade, InstanceType: od.ty.InstanceTypeID,
		PreviousInstanceType: "ecs.g6.2xlarge", Start: start, End: end, ListPrice: list, CashPaid: list.Mul(decimal.New(9, -1)).RoundDown(2),
		VoucherPaid: decimal.Zero, Discount: out[0].Discount, PaymentMethod: out[0].PaymentMethod, PaidAt: out[0].PaidAt})
}

// edges puts a few cases near the boundaries of the rules that count or time something: a
// remembered token (a replay, or a record about to expire), a pending type, the minimum gap,
// the throttles, an order in progress or a temporary upgrade about to end, the policy's
// optional windows and limits, the zone quotas, and Disk.N entries.
func (g *Generator) edges(r *rand.Rand, w *fuzz.World, to *model.InstanceType) {
	stateEdges(r, w)
	timerEdges(r, w)
	limitEdges(r, w, to)
}

// near draws a moment within spread of now.
func near(r *rand.Rand, now time.Time, spread time.Duration) time.Time {
	return now.Add(time.Duration(r.Int64N(int64(2*spread))) - spread)
}

// stateEdges: a remembered token, a pending type, a last change near the minimum gap.
func stateEdges(r *rand.Rand, w *fuzz.World) {
	in, rq := &w.Facts.Instance, &w.Request
	if rq.ClientToken != "" && r.IntN(10) == 0 {
		w.Facts.Idempotency = model.Ledger{rq.ClientToken: {Fingerprint: rq.Fingerprint(), At: near(r, w.Now, 26*time.Hour).Add(-24 * time.Hour),
			RequestID: "R-remembered", OrderID: "O-remembered"}}
	}
	if r.IntN(20) == 0 {
		in.PendingInstanceType = oneOf(r, movable...)
		if in.PendingInstanceType == in.InstanceType {
			in.PendingInstanceType = ""
		}
	}
	if r.IntN(8) == 0 {
		in.LastModifiedTime = near(r, w.Now, 10*time.Minute)
	}
}

// timerEdges: the throttles at their limits, an order in progress or a temporary upgrade
// about to end.
func timerEdges(r *rand.Rand, w *fuzz.World) {
	in := &w.Facts.Instance
	if r.IntN(10) == 0 {
		limit := 1 + r.IntN(5)
		w.Facts.Throttle = model.Throttle{Minute: w.Now.Truncate(time.Minute).Add(-time.Duration(r.IntN(2)) * time.Minute),
			Count: limit - 1 + r.IntN(2), Limit: limit, AccountCount: limit - 1 + r.IntN(2), AccountLimit: limit * r.IntN(2)}
	}
	if r.IntN(20) == 0 {
		in.OrderInProgress = &model.OrderInProgress{OrderID: "210000000000009", Until: near(r, w.Now, 20*time.Second)}
	}
	if r.IntN(20) == 0 {
		in.TemporaryUpgrade = &model.TemporaryUpgrade{Until: near(r, w.Now, time.Hour), RevertTo: in.InstanceType}
	}
}

// limitEdges: the policy's online and reboot-time limits, the zone's elastic quota for the
// target to, and a Disk.N entry.
func limitEdges(r *rand.Rand, w *fuzz.World, to *model.InstanceType) {
	in, acc, rq, pol := &w.Facts.Instance, &w.Facts.Account, &w.Request, &w.Facts.Policy
	if r.IntN(10) == 0 {
		pol.MaxOnlineModifications = 1 + r.IntN(3)
		in.OnlineModifications = r.IntN(4)
	}
	if r.IntN(10) == 0 {
		pol.RebootTimeMaxAhead = model.Duration(time.Duration(1+r.IntN(7)) * 24 * time.Hour)
	}
	if r.IntN(10) == 0 {
		acc.Quotas.Elastic = []model.ElasticQuota{{ZoneID: in.ZoneID, InstanceType: to.InstanceTypeID, LimitVCPU: 8 + r.IntN(8), UsedVCPU: r.IntN(10)}}
	}
	if len(in.DataDisks) > 0 && r.IntN(8) == 0 {
		d := in.DataDisks[r.IntN(len(in.DataDisks))]
		rq.Disks = []model.DiskSpec{{Index: 1 + r.IntN(model.MaxDisks), DiskID: d.DiskID,
			Category: oneOf(r, model.DiskCloudESSD, model.DiskCloudSSD, model.DiskCloudEfficiency)}}
	}
}
