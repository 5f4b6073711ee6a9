package rules_test

// Tests for mutants that survived the rest of the suite (testdata/mutation/survivors.txt): each
// pins down an answer that a flipped comparison or a changed constant would alter.

import (
	"encoding/json"
	"errors"
	"math"
	"runtime"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/examples"
	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/respec-dev/respec/scenario"
	"github.com/shopspring/decimal"
)

// TestRebootTimeEvidenceWithoutWindow: with no RebootTimeMaxAhead (the default 0) the evidence
// of schedule.reboot-time names no window; with one it names it.
func TestRebootTimeEvidenceWithoutWindow(t *testing.T) {
	w := fuzz.Baseline()
	w.Request.RebootTime = w.Now.Add(-time.Hour)
	evidence := func(w fuzz.World) string {
		t.Helper()
		for _, is := range fuzz.Explain(w, nil) {
			if is.Rule == "schedule.reboot-time" {
				return is.Evidence
			}
		}
		t.Fatal("schedule.reboot-time not reported")
		return ""
	}
	want := "RebootTime 2026-11-25T11:00:00Z must be after now 2026-11-25T12:00:00Z and not after expiry " +
		w.Facts.Instance.ExpiredTime.Format(time.RFC3339)
	if got := evidence(w); got != want {
		t.Errorf("evidence\n got %q\nwant %q", got, want)
	}
	w.Facts.Policy.RebootTimeMaxAhead = model.Duration(time.Hour)
	want = "RebootTime 2026-11-25T11:00:00Z must be after now 2026-11-25T12:00:00Z, at most 1h0m0s ahead " +
		"(policy RebootTimeMaxAhead) and not after expiry " + w.Facts.Instance.ExpiredTime.Format(time.RFC3339)
	if got := evidence(w); got != want {
		t.Errorf("evidence with a window\n got %q\nwant %q", got, want)
	}
}

// TestStageTextRoundTrip: every stage, the first and the last included, is written by its
// name and read back; a value outside the stages is not written, an unknown name not read.
func TestStageTextRoundTrip(t *testing.T) {
	for s := rules.StageParameters; s <= rules.StageMoney; s++ {
		b, err := s.MarshalText()
		if err != nil || string(b) != s.String() {
			t.Errorf("Stage(%d).MarshalText() = %q, %v; want %q", s, b, err, s.String())
			continue
		}
		var back rules.Stage
		if err := back.UnmarshalText(b); err != nil || back != s {
			t.Errorf("UnmarshalText(%q) = %d, %v; want %d", b, back, err, s)
		}
	}
	for _, s := range []rules.Stage{0, rules.StageMoney + 1} {
		if b, err := s.MarshalText(); err == nil {
			t.Errorf("Stage(%d).MarshalText() = %q, want an error", s, b)
		}
	}
	var s rules.Stage
	if err := s.UnmarshalText([]byte("unknown")); err == nil {
		t.Errorf("UnmarshalText(unknown) = %d, want an error", s)
	}
	b, err := json.Marshal(rules.Issue{Rule: "r", Stage: rules.StageMoney})
	if err != nil || string(b) != `{"Rule":"r","Stage":"money","Error":null,"Evidence":""}` {
		t.Errorf("an issue of the money stage: %s, %v", b, err)
	}
}

// TestApplyPendingWithoutPendingType: with no pending type the running type stays; the
// restart state is cleared either way.
func TestApplyPendingWithoutPendingType(t *testing.T) {
	in := model.Instance{InstanceType: "ecs.g6.large", OnlineModifications: 2, RebootRequired: true,
		PendingRebootTime: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	rules.ApplyPending(&in)
	if in.InstanceType != "ecs.g6.large" || in.PendingInstanceType != "" || !in.PendingRebootTime.IsZero() ||
		in.OnlineModifications != 0 || in.RebootRequired {
		t.Errorf("after ApplyPending: %+v", in)
	}
	in.PendingInstanceType = "ecs.g6.xlarge"
	rules.ApplyPending(&in)
	if in.InstanceType != "ecs.g6.xlarge" || in.PendingInstanceType != "" {
		t.Errorf("pending type not applied: %q, pending %q", in.InstanceType, in.PendingInstanceType)
	}
}

// TestPayModification: paying an unpaid change removes exactly that order from UnpaidOrders
// (wherever it is, without touching the caller's slice), records an Upgrade order from the
// pending or current type, and makes the order's type pending unless it is the current one.
func TestPayModification(t *testing.T) {
	t0 := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	unpaid := func(id, typ, amount string) model.UnpaidOrder {
		return model.UnpaidOrder{OrderID: id, Kind: model.UnpaidModification, InstanceType: typ,
			Amount: decimal.RequireFromString(amount)}
	}
	a, b := unpaid("u-1", "ecs.g6.xlarge", "10"), unpaid("u-2", "ecs.g6.2xlarge", "20")
	for _, tc := range []struct {
		name         string
		pending      string
		pay          model.UnpaidOrder
		left         []string
		prev, pendAt string
	}{
		{"the first unpaid order", "", a, []string{"u-2"}, "ecs.g6.large", "ecs.g6.xlarge"},
		{"the second unpaid order", "", b, []string{"u-1"}, "ecs.g6.large", "ecs.g6.2xlarge"},
		{"from a pending type", "ecs.g6.xlarge", b, []string{"u-1"}, "ecs.g6.xlarge", "ecs.g6.2xlarge"},
		{"an order not listed", "", unpaid("u-9", "ecs.g6.xlarge", "5"), []string{"u-1", "u-2"}, "ecs.g6.large", "ecs.g6.xlarge"},
		{"back to the current type", "ecs.g6.xlarge", unpaid("u-9", "ecs.g6.large", "0"), []string{"u-1", "u-2"}, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			given := []model.UnpaidOrder{a, b}
			in := model.Instance{InstanceType: "ecs.g6.large", PendingInstanceType: tc.pending,
				ExpiredTime: t0.Add(30 * 24 * time.Hour), UnpaidOrders: given}
			rules.PayModification(&in, tc.pay, t0)
			var left []string
			for _, u := range in.UnpaidOrders {
				left = append(left, u.OrderID)
			}
			if len(left) != len(tc.left) || (len(left) > 0 && (left[0] != tc.left[0] || left[len(left)-1] != tc.left[len(tc.left)-1])) {
				t.Errorf("unpaid orders left %v, want %v", left, tc.left)
			}
			if given[0].OrderID != "u-1" || given[1].OrderID != "u-2" {
				t.Errorf("the caller's UnpaidOrders changed: %v", given)
			}
			if in.PendingInstanceType != tc.pendAt {
				t.Errorf("pending type %q, want %q", in.PendingInstanceType, tc.pendAt)
			}
			if tc.prev == "" {
				if len(in.Orders) != 0 {
					t.Errorf("a zero amount recorded an order: %+v", in.Orders)
				}
				return
			}
			if len(in.Orders) != 1 || in.Orders[0].PreviousInstanceType != tc.prev || in.Orders[0].InstanceType != tc.pay.InstanceType ||
				in.Orders[0].Kind != model.OrderUpgrade || !in.Orders[0].CashPaid.Equal(tc.pay.Amount) {
				t.Errorf("orders %+v, want one upgrade from %s", in.Orders, tc.prev)
			}
		})
	}
}

// TestRestartEventNeedsAPendingTypeAndRunning: a scheduled restart is an event only with a
// pending type, a RebootTime and a Running instance.
func TestRestartEventNeedsAPendingTypeAndRunning(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	base := model.Instance{Status: model.StatusRunning, ExpiredTime: t0.Add(48 * time.Hour),
		PendingInstanceType: "ecs.g6.large", PendingRebootTime: t0.Add(time.Hour)}
	for _, tc := range []struct {
		name string
		edit func(in *model.Instance)
		want rules.Event
	}{
		{"pending, scheduled, running", func(*model.Instance) {}, rules.EventRestart},
		{"no pending type", func(in *model.Instance) { in.PendingInstanceType = "" }, rules.EventExpiry},
		{"stopped", func(in *model.Instance) { in.Status = model.StatusStopped }, rules.EventNone},
	} {
		in := base
		tc.edit(&in)
		if _, e := rules.NextEvent(&in, t0, t0.Add(72*time.Hour)); e != tc.want {
			t.Errorf("%s: event %v, want %v", tc.name, e, tc.want)
		}
	}
}

// TestInstanceIDDetailQuoted: the malformed-InstanceId detail quotes the ID as strconv.Quote
// does, also for an ID made only of a control character, a double quote or a backslash.
func TestInstanceIDDetailQuoted(t *testing.T) {
	for _, id := range []string{"\x01", "\t", `"`, `\`, `""`, "i-Ab c"} {
		w := fuzz.Baseline()
		w.Request.InstanceID = id
		_, err := rules.Decide(w.Now, &w.Request, func() *model.Facts { f := w.Build(); return &f }())
		var e *errcodes.Error
		if !errors.As(err, &e) || e.ID != errcodes.InvalidParameterInstanceId {
			t.Fatalf("InstanceId %q: %v", id, err)
		}
		if want := "The specified InstanceId " + strconv.Quote(id) + " is not a valid instance ID."; e.Detail() != want {
			t.Errorf("detail\n got %q\nwant %q", e.Detail(), want)
		}
	}
}

// TestBalanceAfterAsSubDecimal: an upgrade's BalanceAfter is model.SubDecimal(BalanceBefore,
// TradePrice) in value and exponent, and the order is abnormal exactly when that is negative:
// for a balance that just covers the price (a zero after it, at the cents' exponent), one cent
// more or less, and a balance so negative that, aligned to the price's cents, balance − price
// overflows an int64 (the plan memory's fast path must leave that to the exact subtraction).
func TestBalanceAfterAsSubDecimal(t *testing.T) {
	price := func() decimal.Decimal {
		p, err := fuzz.Decide(fuzz.Baseline(), nil)
		if err != nil || p.Charge == nil {
			t.Fatalf("baseline upgrade: %v", err)
		}
		return p.Charge.TradePrice
	}()
	cent := decimal.New(1, -2)
	for _, tc := range []struct {
		name    string
		balance decimal.Decimal
		status  string
	}{
		{"exactly the price", price, rules.OrderPaid},
		{"a cent more", price.Add(cent), rules.OrderPaid},
		{"a cent less", price.Sub(cent), rules.OrderAbnormal},
		// −922337203685477·10² at the price's exponent −2 is −9223372036854770000, within an
		// int64; less the price's coefficient it is below −2⁶³.
		{"balance − price overflows an int64", decimal.New(-922337203685477, 2), rules.OrderAbnormal},
	} {
		w := fuzz.Baseline()
		w.Facts.Account.Balance = tc.balance
		p, err := fuzz.Decide(w, nil)
		if err != nil || p.Charge == nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		ch := p.Charge
		if ch.OrderStatus != tc.status {
			t.Errorf("%s: balance %s, price %s: status %s, want %s", tc.name, ch.BalanceBefore, ch.TradePrice, ch.OrderStatus, tc.status)
		}
		want := tc.balance // an abnormal order leaves the balance as it was
		if tc.status == rules.OrderPaid {
			want = model.SubDecimal(tc.balance, ch.TradePrice)
		}
		if got := ch.BalanceAfter; !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Errorf("%s: BalanceAfter %s (exponent %d), want %s (exponent %d)", tc.name, got, got.Exponent(), want, want.Exponent())
		}
	}
	if w := model.SubDecimal(price, price); w.Exponent() != price.Exponent() {
		t.Fatalf("the zero balance's expected exponent: %d, want the price's %d", w.Exponent(), price.Exponent())
	}
}

// TestTemporaryUpgradeAbnormalNotWarned: a temporary upgrade that cannot be paid (AutoPay with
// too low a balance: the order is abnormal, the type never changes) gets no warning that it is
// paid but may never take effect; the same upgrade paid does.
func TestTemporaryUpgradeAbnormalNotWarned(t *testing.T) {
	w := fuzz.Baseline()
	w.Request.EndTime = w.Now.Add(48 * time.Hour)
	const never = "may never take effect"
	p, err := fuzz.Decide(w, nil)
	if err != nil || p.Charge == nil || p.Charge.OrderStatus != rules.OrderPaid || !warned(p, never) {
		t.Fatalf("paid temporary upgrade, no restart: %v %+v %q", err, p.Charge, p.Warnings)
	}
	w.Facts.Account.Balance = decimal.Zero
	p, err = fuzz.Decide(w, nil)
	if err != nil || p.Charge == nil || p.Charge.OrderStatus != rules.OrderAbnormal {
		t.Fatalf("unpayable temporary upgrade: %v %+v", err, p.Charge)
	}
	if p.Effect.When != rules.EffectNeverAbnormal || warned(p, never) {
		t.Errorf("abnormal temporary upgrade: effect %q, warnings %q", p.Effect.When, p.Warnings)
	}
}

// TestDecideAllocations: a decision that ends in a written walk runs on decide's stack; a
// refusal then takes its decision, one block of the evaluation and the error, and an
// acceptance one block for the plan's memory (README, "decision targets"): a late rejection
// takes 1 allocation of at most 256 bytes, an accepted upgrade with a ClientToken (its
// fingerprint built in the block) 1 of at most 768, a downgrade with its refund 1 (the
// refund's memory in the acceptance's block, downgradeAcceptance), and the embedded example,
// whose family has a ticket-only change in the embedded catalog (a quiet fact that does not
// hold: lateWalk), 1.
func TestDecideAllocations(t *testing.T) {
	up := fuzz.Baseline()
	up.Request.ClientToken = "123e4567-e89b-12d3-a456-426655440000"
	late := fuzz.Baseline()
	late.Target().Stock = map[string]model.StockStatus{fuzz.BaseZone: model.WithoutStock}
	world := func(w fuzz.World) func(*testing.T) (model.Request, model.Facts, time.Time) {
		return func(*testing.T) (model.Request, model.Facts, time.Time) {
			req, f, _ := fuzz.Prepare(w, nil)
			return req, f, w.Now
		}
	}
	example := func(t *testing.T) (model.Request, model.Facts, time.Time) {
		req, f, now := embeddedExample(t)
		if quiet, _ := rules.QuietFacts(now, &req, &f); slices.Contains(quiet, "noTicketChanges") {
			t.Fatalf("the embedded example's family has no ticket-only change: %v", quiet)
		}
		return req, f, now
	}
	for _, tc := range []struct {
		name     string
		prepare  func(*testing.T) (model.Request, model.Facts, time.Time)
		max      float64
		maxBytes uint64
		rejects  bool
	}{
		{"late rejection", world(late), 1, 256, true},
		{"upgrade with a ClientToken", world(up), 1, 768, false},
		{"downgrade", world(fuzz.BaselineDowngrade()), 1, 0, false},
		{"the embedded example", example, 1, 768, false},
	} {
		req, f, now := tc.prepare(t)
		if _, err := rules.Decide(now, &req, &f); (err != nil) != tc.rejects {
			t.Fatalf("%s: error %v", tc.name, err)
		}
		if tc.maxBytes > 0 {
			if n := bytesPerDecide(now, &req, &f); n > tc.maxBytes {
				t.Errorf("%s: %d bytes a decision, want at most %d", tc.name, n, tc.maxBytes)
			}
		}
		if n := testing.AllocsPerRun(20, func() { _, _ = rules.Decide(now, &req, &f) }); n > tc.max {
			t.Errorf("%s: %v allocations, want at most %v", tc.name, n, tc.max)
		}
	}
}

// embeddedExample returns the embedded example's request, facts (the embedded catalog) and
// moment.
func embeddedExample(t *testing.T) (model.Request, model.Facts, time.Time) {
	t.Helper()
	b, err := examples.Read(examples.Starter)
	if err != nil {
		t.Fatal(err)
	}
	s, err := scenario.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	p, err := scenario.Prepare(&s, catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	return p.Request, p.Facts, s.Now
}

// bytesPerDecide returns the bytes one Decide of req allocates: the least of five rounds of
// 100 calls, after a collection, since the runtime's TotalAlloc also counts what the runtime
// itself allocates meanwhile (a first collection's workers, another goroutine's), which once
// added 2 bytes a call in CI.
func bytesPerDecide(now time.Time, req *model.Request, f *model.Facts) uint64 {
	runtime.GC()
	least := uint64(math.MaxUint64)
	for range 5 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range 100 {
			_, _ = rules.Decide(now, req, f)
		}
		runtime.ReadMemStats(&after)
		least = min(least, (after.TotalAlloc-before.TotalAlloc)/100)
	}
	return least
}
