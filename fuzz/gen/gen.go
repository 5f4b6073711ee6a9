// Package gen holds rapid generators of the worlds of package fuzz: type-directed generators
// of consistent worlds (catalog, instance, account, order history, policy, request), their
// neutral variations, and worlds with faults of the fault table applied. They live apart from
// package fuzz so that neither it nor its fuzz targets' test binary links rapid: after every
// execution the fuzzer copies and scans the coverage counters of all the code linked into the
// test binary, and rapid brings text/template, compress/flate and image/png with it. The
// properties that use them are in fuzz/props (and in the tests of rules, world and fleet).
package gen

import (
	"fmt"
	"slices"
	"time"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The generators below are type-directed: each draws a value of one part of a fuzz.World
// (catalog, instance, account, order history, policy, request) from the space of consistent
// values, so that most drawn worlds pass every parameter and state check and the properties
// reach the deep rules (direction, quotas, money). A fault is added on purpose, never by
// accident: see fuzz.Faults and Neutral.

// cents draws an amount with two decimals in [lo, hi] units.
func cents(t *rapid.T, lo, hi int64, label string) decimal.Decimal {
	return decimal.New(rapid.Int64Range(lo*100, hi*100).Draw(t, label), -2)
}

// InstanceID draws a well-formed instance ID ("i-" and lowercase letters and digits).
func InstanceID() *rapid.Generator[string] {
	return rapid.StringMatching(`i-[a-z0-9]{8,20}`)
}

// Neutral returns a generator of variations of base() that change nothing any fault of
// fuzz.Faults depends on: the clock within November 2026, the balance, the catalog's order, the
// list prices and order amounts scaled by one factor, the instance ID, unrelated idempotency
// records, a fresh ClientToken, AutoPay spelled out, an explicit and correct OperatorType,
// RebootWhenFinished, a main account or a RAM user holding every permission, for the
// upgrade baseline a Stopped instance, and the target's stock in the zone stated as WithStock
// or ClosedWithStock (accepted, with a warning for the latter). Every world it draws is accepted; every fault of
// fuzz.Faults applied to it yields the fault's entry.
func Neutral(base func() fuzz.World) *rapid.Generator[fuzz.World] {
	return rapid.Custom(func(t *rapid.T) fuzz.World {
		w := base()
		dir := model.Upgrade
		if p, err := fuzz.Decide(w, nil); err == nil {
			dir = p.Direction
		}
		day := rapid.IntRange(5, 28).Draw(t, "day")
		w.Now = time.Date(2026, 11, day, rapid.IntRange(0, 23).Draw(t, "hour"), rapid.IntRange(0, 59).Draw(t, "minute"), 0, 0, time.UTC)
		w.Facts.Account.Balance = cents(t, 0, 100000, "balance")
		perm := rapid.Permutation(w.Catalog.Types).Draw(t, "catalogOrder")
		w.Catalog.Types = perm
		if k := rapid.SampledFrom([]int64{1, 2, 5}).Draw(t, "priceFactor"); k != 1 {
			fuzz.ScalePrices(&w, decimal.NewFromInt(k))
		}
		if rapid.Bool().Draw(t, "rename") {
			id := InstanceID().Filter(func(s string) bool { return s != "i-bp1other000000001" }).Draw(t, "instanceId")
			w.Request.InstanceID, w.Facts.Instance.InstanceID = id, id
		}
		for i, n := 0, rapid.IntRange(0, 3).Draw(t, "records"); i < n; i++ {
			w.Facts.Idempotency = w.Facts.Idempotency.With(fmt.Sprintf("old-%d", i), model.Record{
				Fingerprint: "InstanceId=other", At: w.Now.Add(-time.Duration(i+1) * time.Hour), RequestID: "R", OrderID: "1"})
		}
		if rapid.Bool().Draw(t, "token") {
			w.Request.ClientToken = rapid.StringMatching(`fresh-[a-z0-9]{1,20}`).Draw(t, "clientToken")
		}
		if rapid.Bool().Draw(t, "autoPaySet") {
			w.Request.AutoPaySet = true
		}
		if rapid.Bool().Draw(t, "operatorType") {
			w.Request.OperatorType = dir
		}
		w.Request.RebootWhenFinished = rapid.Bool().Draw(t, "rebootWhenFinished")
		if rapid.Bool().Draw(t, "ramUser") {
			w.Facts.Account.RAMUser = fuzz.PermittedRAMUser()
		}
		if dir == model.Upgrade && rapid.Bool().Draw(t, "stopped") {
			w.Facts.Instance.Status = model.StatusStopped
		}
		if st := rapid.SampledFrom([]model.StockStatus{"", model.WithStock, model.ClosedWithStock}).Draw(t, "targetStock"); st != "" {
			// Available stock stated explicitly for the zone (ClosedWithStock only warns).
			w.Target().Stock = map[string]model.StockStatus{w.Facts.Instance.ZoneID: st, "cn-hangzhou-z": model.WithoutStock}
		}
		return w
	})
}

// movable are the catalog types an instance of the generated worlds may run.
var movable = []string{"ecs.g6.large", "ecs.g6.xlarge", "ecs.g6.2xlarge", "ecs.g7.xlarge", "ecs.g7.2xlarge"}

// MovableType draws one of the catalog types an instance of the generated worlds may run.
func MovableType() *rapid.Generator[string] { return rapid.SampledFrom(movable) }

// Catalog draws fuzz.BaseCatalog with its types in any order, list prices of u·vCPU per family
// (u drawn per family, with cents, so that g6 and g7 of one size may go either way), and a
// subset of its duration discounts.
func Catalog() *rapid.Generator[model.CatalogData] {
	return rapid.Custom(func(t *rapid.T) model.CatalogData {
		c := fuzz.BaseCatalog()
		unit := map[string]decimal.Decimal{}
		for _, fam := range []string{"ecs.g6", "ecs.g7", "ecs.t6", "ecs.d1", "ecs.n1"} {
			unit[fam] = cents(t, 10, 300, "unit "+fam)
		}
		for i := range c.Types {
			ty := &c.Types[i]
			p := unit[ty.Family].Mul(decimal.NewFromInt(int64(ty.CPU)))
			ty.MonthlyPrice = map[string]decimal.Decimal{fuzz.BaseRegion: p, "cn-beijing": p}
		}
		c.Types = rapid.Permutation(c.Types).Draw(t, "catalogOrder")
		if rapid.IntRange(0, 3).Draw(t, "ticketOnly") == 0 {
			// The g6 to g7 change needs a support ticket (as in the embedded catalog).
			c.TicketFamilyChanges = []model.TicketChange{{FromFamilies: []string{"ecs.g6"}, ToFamilies: []string{"ecs.g7"}}}
		}
		var ds []model.DurationDiscount
		for _, d := range c.Discounts {
			if rapid.Bool().Draw(t, fmt.Sprintf("discount %d", d.MinMonths)) {
				ds = append(ds, d)
			}
		}
		c.Discounts = ds
		return c
	})
}

// Policy draws one of the dated presets ("2019", the alias of "2020", included).
func Policy() *rapid.Generator[model.Policy] {
	return rapid.Custom(func(t *rapid.T) model.Policy {
		p, _ := model.PolicyByName(rapid.SampledFrom([]string{model.PresetCurrent, model.Preset2020, model.Preset2019,
			model.Preset2018Sep, model.Preset2018}).Draw(t, "policy"))
		return p
	})
}

// Orders draws an order history for an instance of typ created at created: a purchase of
// some months and, at times, a renewal after it, priced from the catalog with its discounts,
// paid in cash (with a voucher at times) by any payment method. It returns the orders and the
// expiry.
func Orders(c *model.Catalog, typ string, created time.Time) *rapid.Generator[[]model.Order] {
	return rapid.Custom(func(t *rapid.T) []model.Order {
		ty, _ := c.Type(typ)
		price := ty.MonthlyPrice[fuzz.BaseRegion]
		order := func(id, kind string, start time.Time, months int) model.Order {
			list := price.Mul(decimal.NewFromInt(int64(months)))
			disc := c.Discount(months)
			paid := list.Mul(disc).RoundDown(2)
			voucher := decimal.Zero
			if rapid.IntRange(0, 4).Draw(t, "voucher "+id) == 0 {
				voucher = paid.Div(decimal.NewFromInt(10)).RoundDown(2)
				paid = paid.Sub(voucher)
			}
			return model.Order{OrderID: id, Kind: kind, InstanceType: typ, Start: start, End: start.AddDate(0, months, 0),
				ListPrice: list, CashPaid: paid, VoucherPaid: voucher, Discount: disc,
				PaymentMethod: rapid.SampledFrom([]string{model.PayBalance, model.PayCreditCard, model.PayPal}).Draw(t, "method "+id),
				PaidAt:        start}
		}
		months := rapid.SampledFrom([]int{1, 2, 3, 6, 12, 24, 36}).Draw(t, "months")
		out := []model.Order{order("210000000000001", model.OrderPurchase, created, months)}
		if rapid.IntRange(0, 3).Draw(t, "renewed") == 0 {
			out = append(out, order("210000000000002", model.OrderRenewal, out[0].End,
				rapid.SampledFrom([]int{1, 3, 12}).Draw(t, "renewalMonths")))
		}
		return out
	})
}

// World draws a consistent world: a catalog (Catalog), a policy (Policy), a
// subscription instance of one of the g6/g7 types with a history (Orders) that has not
// expired, disks and ENIs every target takes, an account (a balance, at times a RAM user with
// every permission, downgrades already used this month), and a request to change to a type
// the family rules allow, with the direction, status and optional parameters (OperatorType,
// AutoPay, RebootTime, RebootWhenFinished, EndTime, ModifyMode, ClientToken,
// MigrateAcrossZone) drawn from their valid values. Most drawn worlds are accepted; the rest
// break a deep rule (status for a downgrade, the quotas, EndTime past the expiry).
func World() *rapid.Generator[fuzz.World] {
	return rapid.Custom(func(t *rapid.T) fuzz.World {
		w := fuzz.Baseline()
		w.Catalog = Catalog().Draw(t, "catalog")
		cat, err := model.NewCatalog(w.Catalog)
		if err != nil {
			t.Fatalf("generated catalog: %v", err)
		}
		w.Facts.Policy = Policy().Draw(t, "policy")
		w.Now = time.Date(2026, time.Month(rapid.IntRange(1, 12).Draw(t, "month")), rapid.IntRange(1, 28).Draw(t, "day"),
			rapid.IntRange(0, 23).Draw(t, "hour"), rapid.IntRange(0, 59).Draw(t, "minute"), 0, 0, time.UTC)
		drawInstance(t, &w, cat)
		drawAccount(t, &w)
		drawRequest(t, &w, cat)
		return w
	})
}

// drawInstance draws the instance's type, age, history, status, disks and ENIs.
func drawInstance(t *rapid.T, w *fuzz.World, cat *model.Catalog) {
	in := &w.Facts.Instance
	in.InstanceType = MovableType().Draw(t, "type")
	created := w.Now.Add(-time.Duration(rapid.IntRange(1, 24*20).Draw(t, "ageHours")) * time.Hour)
	in.CreationTime = created
	in.Orders = Orders(cat, in.InstanceType, created).Filter(func(os []model.Order) bool {
		return os[len(os)-1].End.After(w.Now.Add(time.Hour))
	}).Draw(t, "orders")
	in.ExpiredTime = in.Orders[len(in.Orders)-1].End
	in.Status = rapid.SampledFrom([]model.Status{model.StatusRunning, model.StatusStopped}).Draw(t, "status")
	in.DataDisks = nil
	for i, n := 0, rapid.IntRange(0, 3).Draw(t, "dataDisks"); i < n; i++ {
		in.DataDisks = append(in.DataDisks, model.Disk{DiskID: fmt.Sprintf("d-bp1data0000000000%d", i+1), Category: model.DiskCloudESSD, SizeGiB: 20 * (i + 1)})
	}
	in.ENIs = []model.ENI{{ENIID: "eni-bp1primary000001", Primary: true, PrivateIPv4: 1, QueueNumber: rapid.IntRange(0, 4).Draw(t, "queues")}}
	if rapid.Bool().Draw(t, "secondaryENI") {
		in.ENIs = append(in.ENIs, fuzz.SecondaryENI("2", 1, 0))
	}
}

// drawAccount draws the balance, the RAM user, a ticket and the downgrades already used.
func drawAccount(t *rapid.T, w *fuzz.World) {
	acc := &w.Facts.Account
	acc.Balance = cents(t, 0, 50000, "balance")
	if rapid.Bool().Draw(t, "ramUser") {
		acc.RAMUser = fuzz.PermittedRAMUser()
	}
	if rapid.Bool().Draw(t, "ticket") {
		acc.TicketedFamilyChanges = []model.FamilyPair{{From: "ecs.g6", To: "ecs.g7"}}
	}
	for i, n := 0, rapid.IntRange(0, 2).Draw(t, "downgradesUsed"); i < n; i++ {
		acc.Quotas.Downgrades = append(acc.Quotas.Downgrades, w.Now.Add(-time.Duration(rapid.IntRange(1, 40*24).Draw(t, "downgradeAgo"))*time.Hour))
	}
	if rapid.Bool().Draw(t, "downgradeQuotaStated") {
		// The account's own quota, never below what it has already used.
		q := len(acc.Quotas.Downgrades) + rapid.IntRange(0, 2).Draw(t, "downgradeQuota")
		acc.Quotas.DowngradesPerMonth = &q
	}
}

// drawRequest draws a target the family rules allow, then the direction's status and the
// request's optional parameters.
func drawRequest(t *rapid.T, w *fuzz.World, cat *model.Catalog) {
	in := &w.Facts.Instance
	from, _ := cat.Type(in.InstanceType)
	var targets []string
	for i := 0; i < cat.Len(); i++ {
		to := cat.At(i)
		if to.InstanceTypeID != from.InstanceTypeID && !to.Offline && cat.Reachable(from.Family, to) {
			targets = append(targets, to.InstanceTypeID)
		}
	}
	rq := &w.Request
	*rq = model.Request{InstanceID: in.InstanceID, RegionID: in.RegionID, AutoPay: true}
	rq.InstanceType = rapid.SampledFrom(targets).Draw(t, "target")
	to, _ := cat.Type(rq.InstanceType)
	dir := rules.Direction(from, to, rq.RegionID)
	pol := &w.Facts.Policy
	allowed := pol.UpgradeStatuses
	if dir == model.Downgrade {
		allowed = pol.DowngradeStatuses
	}
	if !slices.Contains(allowed, in.Status) && rapid.IntRange(0, 9).Draw(t, "keepStatus") > 0 {
		in.Status = allowed[0]
	}
	if dir == model.Downgrade && pol.Direction == model.DirectionDeclared || rapid.Bool().Draw(t, "operatorType") {
		rq.OperatorType = dir
	}
	drawOptions(t, w, dir)
}

// drawOptions draws AutoPay, RebootWhenFinished, RebootTime, EndTime (upgrades), ModifyMode,
// ClientToken and MigrateAcrossZone.
func drawOptions(t *rapid.T, w *fuzz.World, dir model.OperatorType) {
	rq, in := &w.Request, &w.Facts.Instance
	if rapid.IntRange(0, 3).Draw(t, "autoPayFalse") == 0 {
		rq.AutoPay, rq.AutoPaySet = false, true
	} else {
		rq.AutoPaySet = rapid.Bool().Draw(t, "autoPaySet")
	}
	rq.RebootWhenFinished = rapid.Bool().Draw(t, "rebootWhenFinished")
	if rapid.IntRange(0, 3).Draw(t, "rebootTime") == 0 {
		rq.RebootTime = w.Now.Truncate(time.Minute).Add(time.Duration(rapid.IntRange(1, 7*24*60).Draw(t, "rebootMinutes")) * time.Minute)
		if rq.RebootTime.After(in.ExpiredTime) {
			rq.RebootTime = time.Time{}
		}
	}
	if dir == model.Upgrade && rapid.IntRange(0, 3).Draw(t, "temporary") == 0 {
		span := int(in.ExpiredTime.Sub(w.Now) / time.Minute)
		rq.EndTime = w.Now.Add(time.Duration(rapid.IntRange(60, max(60, span)).Draw(t, "endMinutes")) * time.Minute)
	}
	if rapid.IntRange(0, 5).Draw(t, "online") == 0 {
		rq.ModifyMode = model.ModifyOnline
	}
	if rapid.Bool().Draw(t, "clientToken") {
		rq.ClientToken = rapid.StringMatching(`[A-Za-z0-9-]{1,64}`).Draw(t, "token")
	}
	rq.MigrateAcrossZone = rapid.IntRange(0, 5).Draw(t, "migrate") == 0
}

// Request draws a request with every parameter in its valid form, including the hidden
// ones (ModifyMode, Disk.N, the owner parameters), for the round trips.
func Request() *rapid.Generator[model.Request] {
	return rapid.Custom(func(t *rapid.T) model.Request {
		r := model.Request{
			InstanceID:   InstanceID().Draw(t, "InstanceId"),
			RegionID:     rapid.SampledFrom([]string{fuzz.BaseRegion, "cn-beijing", "eu-central-1"}).Draw(t, "RegionId"),
			InstanceType: rapid.StringMatching(`ecs\.[a-z0-9]{1,6}\.[a-z0-9]{1,8}`).Draw(t, "InstanceType"),
			OperatorType: rapid.SampledFrom([]model.OperatorType{model.OperatorUnset, model.Upgrade, model.Downgrade}).Draw(t, "OperatorType"),
			AutoPay:      true,
		}
		if rapid.Bool().Draw(t, "hasToken") {
			r.ClientToken = rapid.StringMatching(`[A-Za-z0-9_.-]{1,64}`).Draw(t, "ClientToken")
		}
		if rapid.Bool().Draw(t, "AutoPaySet") {
			r.AutoPaySet = true
			r.AutoPay = rapid.Bool().Draw(t, "AutoPay")
		}
		r.MigrateAcrossZone = rapid.Bool().Draw(t, "MigrateAcrossZone")
		r.RebootWhenFinished = rapid.Bool().Draw(t, "RebootWhenFinished")
		r.SystemDiskCategory = rapid.SampledFrom([]string{"", model.DiskCloudEfficiency, model.DiskCloudSSD}).Draw(t, "SystemDisk.Category")
		wireTime := func(label string) time.Time {
			if !rapid.Bool().Draw(t, "has"+label) {
				return time.Time{}
			}
			sec := 0
			if rapid.Bool().Draw(t, label+"Seconds") {
				sec = rapid.IntRange(1, 59).Draw(t, label+"Second")
			}
			return time.Date(rapid.IntRange(2000, 2099).Draw(t, label+"Year"), time.Month(rapid.IntRange(1, 12).Draw(t, label+"Month")),
				rapid.IntRange(1, 28).Draw(t, label+"Day"), rapid.IntRange(0, 23).Draw(t, label+"Hour"), rapid.IntRange(0, 59).Draw(t, label+"Minute"), sec, 0, time.UTC)
		}
		r.RebootTime = wireTime("RebootTime")
		r.EndTime = wireTime("EndTime")
		r.ModifyMode = rapid.SampledFrom([]model.ModifyMode{model.ModifyModeUnset, model.ModifyOnline, model.ModifyOffline}).Draw(t, "ModifyMode")
		idx := rapid.SliceOfNDistinct(rapid.IntRange(1, model.MaxDisks), 0, 4, rapid.ID[int]).Draw(t, "diskIndexes")
		slices.Sort(idx)
		for _, n := range idx {
			r.Disks = append(r.Disks, model.DiskSpec{Index: n, DiskID: rapid.StringMatching(`d-[a-z0-9]{8,20}`).Draw(t, "DiskId"),
				Category:         rapid.SampledFrom([]string{model.DiskCloudEfficiency, model.DiskCloudSSD, model.DiskCloudESSD}).Draw(t, "Category"),
				PerformanceLevel: rapid.SampledFrom([]string{"", "PL0", "PL1", "PL2", "PL3"}).Draw(t, "PerformanceLevel")})
		}
		if rapid.Bool().Draw(t, "owner") {
			r.OwnerID = rapid.Int64Range(1, 1<<53).Draw(t, "OwnerId")
			r.ResourceOwnerID = rapid.Int64Range(1, 1<<53).Draw(t, "ResourceOwnerId")
			r.OwnerAccount = rapid.StringMatching(`[a-z0-9@.]{1,30}`).Draw(t, "OwnerAccount")
			r.ResourceOwnerAccount = rapid.StringMatching(`[a-z0-9@.]{1,30}`).Draw(t, "ResourceOwnerAccount")
		}
		return r
	})
}

// Wild draws a world of World with up to three faults of fuzz.Faults applied (on the facts
// or on the wire form, by fuzz.WithFaults), for the totality properties: anything may be wrong, several things at
// once. The returned wire function is nil when no wire fault was drawn.
func Wild() *rapid.Generator[fuzz.WildWorld] {
	return rapid.Custom(func(t *rapid.T) fuzz.WildWorld {
		w := World().Draw(t, "world")
		faults := fuzz.Faults()
		var chosen []fuzz.Fault
		for i, n := 0, rapid.IntRange(0, 3).Draw(t, "faults"); i < n; i++ {
			chosen = append(chosen, faults[rapid.IntRange(0, len(faults)-1).Draw(t, "fault")])
		}
		return fuzz.WithFaults(w, chosen)
	})
}
