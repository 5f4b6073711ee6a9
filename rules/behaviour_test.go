package rules_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

var cmpFacts = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	cmpopts.IgnoreUnexported(model.Catalog{}),
	cmpopts.EquateEmpty(),
}

// tokenUpgrade returns the baseline upgrade with a ClientToken, its prepared request and facts,
// and its first plan.
func tokenUpgrade(t *testing.T) (fuzz.World, model.Request, model.Facts, rules.Plan) {
	t.Helper()
	w := fuzz.Baseline()
	w.Request.ClientToken = "123e4567-e89b-12d3-a456-426655440000"
	req, f, _ := fuzz.Prepare(w, nil)
	first, err := rules.Decide(w.Now, &req, &f)
	if err != nil {
		t.Fatal(err)
	}
	return w, req, f, first
}

func TestIdempotentReplay(t *testing.T) {
	w, req, f, first := tokenUpgrade(t)
	after := rules.Apply(f, first)
	if _, ok := after.Idempotency[req.ClientToken]; !ok {
		t.Fatal("token not recorded")
	}
	// Same token, same parameters, a minute later (the order has completed): the first outcome.
	again, err := rules.Decide(w.Now.Add(time.Minute), &req, &after)
	if err != nil {
		t.Fatalf("replay refused: %v", err)
	}
	if !again.Replayed || again.OrderID != first.OrderID || again.RequestID != first.RequestID {
		t.Errorf("replay = %+v, want the first OrderId %s", again, first.OrderID)
	}
	if diff := cmp.Diff(after, rules.Apply(after, again), cmpFacts); diff != "" {
		t.Errorf("replay changed the world:\n%s", diff)
	}
	// Same token, different parameters.
	other := req
	other.InstanceType = "ecs.g7.2xlarge"
	if _, err := rules.Decide(w.Now.Add(time.Minute), &other, &after); !errors.Is(err, errcodes.IdempotenceParamNotMatch) {
		t.Errorf("changed parameters under the same token: %v", err)
	}
	// An omitted default written out is the same request.
	spelled := req
	spelled.AutoPaySet = true
	if p, err := rules.Decide(w.Now.Add(time.Minute), &spelled, &after); err != nil || !p.Replayed {
		t.Errorf("AutoPay=true spelled out: %v, replayed %v", err, p.Replayed)
	}
	// After the token's lifetime the token is new again.
	if p, err := rules.Decide(w.Now.Add(25*time.Hour), &other, &after); err != nil || p.Replayed {
		t.Errorf("expired token: %v, replayed %v", err, p.Replayed)
	}
}

func TestThrottlingRollsOverAtTheNextMinute(t *testing.T) {
	w := fuzz.Baseline()
	w.Now = time.Date(2026, 11, 25, 12, 0, 59, 0, time.UTC)
	w.Facts.Throttle = model.Throttle{Minute: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC), Count: 5, Limit: 5}
	if _, err := fuzz.Decide(w, nil); !errors.Is(err, errcodes.Throttling400) {
		t.Fatalf("minute T: %v", err)
	}
	w.Now = time.Date(2026, 11, 25, 12, 1, 0, 0, time.UTC)
	if _, err := fuzz.Decide(w, nil); err != nil {
		t.Fatalf("minute T+1: %v", err)
	}
	w.Facts.Throttle.Count = 4
	w.Now = time.Date(2026, 11, 25, 12, 0, 30, 0, time.UTC)
	if _, err := fuzz.Decide(w, nil); err != nil {
		t.Fatalf("under the limit: %v", err)
	}
}

func TestMonthlyDowngradeQuotaResetsOnTheFirst(t *testing.T) {
	w := fuzz.BaselineDowngrade()
	q := 3
	w.Facts.Account.Quotas.DowngradesPerMonth = &q
	// Billing month in UTC+8: 2026-11-30T16:00Z is already December 1st there.
	w.Facts.Account.Quotas.Downgrades = []time.Time{
		time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 4, 0, 0, 0, 0, time.UTC),
	}
	w.Now = time.Date(2026, 11, 30, 15, 59, 0, 0, time.UTC)
	if _, err := fuzz.Decide(w, nil); !errors.Is(err, errcodes.InstanceDowngradeQuotaExceed) {
		t.Fatalf("November (UTC+8): %v", err)
	}
	w.Now = time.Date(2026, 11, 30, 16, 0, 0, 0, time.UTC)
	if _, err := fuzz.Decide(w, nil); err != nil {
		t.Fatalf("December 1st UTC+8: %v", err)
	}
}

func TestDecideDoesNotMutateItsInputs(t *testing.T) {
	for _, base := range []func() fuzz.World{fuzz.Baseline, fuzz.BaselineDowngrade, fuzz.Retired} {
		w := base()
		w.Request.ClientToken = "t"
		req, f, _ := fuzz.Prepare(w, nil)
		req0, f0 := req, f
		f0.Instance.Orders = append([]model.Order(nil), f.Instance.Orders...)
		p, err := rules.Decide(w.Now, &req, &f)
		if err != nil {
			t.Fatal(err)
		}
		rules.Explain(w.Now, &req, &f)
		rules.AvailableTargets(w.Now, &req, &f)
		after := rules.Apply(f, p)
		if diff := cmp.Diff(req0, req); diff != "" {
			t.Errorf("request changed:\n%s", diff)
		}
		if diff := cmp.Diff(f0, f, cmpFacts); diff != "" {
			t.Errorf("facts changed:\n%s", diff)
		}
		if cmp.Equal(after, f, cmpFacts) {
			t.Errorf("Apply changed nothing")
		}
	}
}

func TestEffectMoments(t *testing.T) {
	cases := []struct {
		name    string
		change  func(w *fuzz.World)
		when    string
		restart bool
		warn    int
	}{
		{"running, default", func(w *fuzz.World) {}, rules.EffectNextStart, false, 0},
		{"running, RebootWhenFinished", func(w *fuzz.World) { w.Request.RebootWhenFinished = true }, rules.EffectAfterCompletion, true, 0},
		{"running, RebootTime", func(w *fuzz.World) { w.Request.RebootTime = fuzz.BaseNow.Add(2 * time.Hour) }, rules.EffectAtRebootTime, true, 0},
		{"running, both", func(w *fuzz.World) {
			w.Request.RebootTime = fuzz.BaseNow.Add(2 * time.Hour)
			w.Request.RebootWhenFinished = true
		}, rules.EffectAtRebootTime, true, 1},
		{"online (the unpublished online-change limit warns)", func(w *fuzz.World) { w.Request.ModifyMode = model.ModifyOnline }, rules.EffectOnline, false, 1},
		{"online, policy states a limit", func(w *fuzz.World) {
			w.Request.ModifyMode = model.ModifyOnline
			w.Facts.Policy.MaxOnlineModifications = 3
		}, rules.EffectOnline, false, 0},
		{"stopped, RebootWhenFinished", func(w *fuzz.World) {
			w.Facts.Instance.Status = model.StatusStopped
			w.Request.RebootWhenFinished = true
		}, rules.EffectNextStart, false, 1},
		{"AutoPay=false", func(w *fuzz.World) { w.Request.AutoPay = false }, rules.EffectWhenPaid, false, 0},
		{"too little balance", func(w *fuzz.World) { w.Facts.Account.Balance = decimal.NewFromInt(10) }, rules.EffectNeverAbnormal, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := fuzz.Baseline()
			c.change(&w)
			p, err := fuzz.Decide(w, nil)
			if err != nil {
				t.Fatal(err)
			}
			if p.Effect.When != c.when || p.Effect.Restart != c.restart || len(p.Warnings) != c.warn {
				t.Errorf("effect %+v, warnings %q; want %s restart %v, %d warnings", p.Effect, p.Warnings, c.when, c.restart, c.warn)
			}
		})
	}
}

func TestAvailableTargetsAgreeWithDecide(t *testing.T) {
	worlds := map[string]fuzz.World{"upgrade": fuzz.Baseline(), "downgrade": fuzz.BaselineDowngrade(), "retired": fuzz.Retired()}
	noStock := fuzz.Baseline()
	noStock.Type("ecs.g7.2xlarge").Stock = map[string]model.StockStatus{fuzz.BaseZone: model.ClosedWithStock}
	noStock.Type("ecs.g7.xlarge").Stock = map[string]model.StockStatus{fuzz.BaseZone: model.ClosedWithoutStock}
	noStock.Type(fuzz.BaseUpgrade).Stock = map[string]model.StockStatus{fuzz.BaseZone: model.WithoutStock}
	noStock.Type("ecs.t6-c1m2.large").Stock = map[string]model.StockStatus{"cn-hangzhou-z": model.WithStock}
	worlds["no stock"] = noStock
	declared := fuzz.BaselineDowngrade()
	declared.Request.OperatorType = model.Downgrade
	worlds["declared downgrade"] = declared
	for name, w := range worlds {
		t.Run(name, func(t *testing.T) {
			req, f, _ := fuzz.Prepare(w, nil)
			listed := targetsByType(t, w.Now, &req, &f)
			for k := 0; k < f.Catalog.Len(); k++ {
				typ := f.Catalog.At(k)
				r := req
				r.InstanceType = typ.InstanceTypeID
				_, err := rules.Decide(w.Now, &r, &f)
				ok := err == nil || errors.Is(err, errcodes.OperationDeniedNoStock)
				tg, isListed := listed[typ.InstanceTypeID]
				stock := tg.Stock
				if ok != isListed {
					t.Errorf("%s: Decide %v, listed %v", typ.InstanceTypeID, err, isListed)
				}
				if isListed && stock.Available() != (err == nil) {
					t.Errorf("%s: stock %s, Decide %v", typ.InstanceTypeID, stock, err)
				}
			}
			if len(listed) == 0 {
				t.Errorf("no target listed")
			}
		})
	}
}

func TestBaselinesAreAccepted(t *testing.T) {
	for name, base := range map[string]func() fuzz.World{
		"upgrade": fuzz.Baseline, "downgrade": fuzz.BaselineDowngrade, "retired": fuzz.Retired,
	} {
		t.Run(name, func(t *testing.T) {
			w := base()
			p, err := decide(t, w)
			if err != nil {
				t.Fatalf("Decide: %v", err)
			}
			if is := fuzz.Explain(w, nil); len(is) != 0 {
				t.Fatalf("Explain reports %v for an accepted world", is)
			}
			if p.ToType != w.Request.InstanceType || p.InstanceID != w.Request.InstanceID {
				t.Errorf("plan %s -> %s for %s", p.FromType, p.ToType, p.InstanceID)
			}
		})
	}
}

func TestUpgradePlan(t *testing.T) {
	w := fuzz.Baseline()
	p, err := decide(t, w)
	if err != nil {
		t.Fatal(err)
	}
	if p.Operation != "upgrade" || p.Direction != model.Upgrade || p.Refund != nil || p.Charge == nil {
		t.Fatalf("operation %q, charge %v, refund %v", p.Operation, p.Charge, p.Refund)
	}
	if p.Charge.OrderStatus != rules.OrderPaid {
		t.Errorf("order status %s, want Paid", p.Charge.OrderStatus)
	}
	// (1200 - 600) / 720 per hour, from 2026-11-25T12:00Z to 2027-10-01T00:00Z = 7428 hours,
	// 10 whole months: discount 0.9. Original 600*7428/720 = 6190.00; trade 5571.00.
	if want := decimal.RequireFromString("6190"); !p.Charge.OriginalPrice.Equal(want) {
		t.Errorf("OriginalPrice %s, want %s", p.Charge.OriginalPrice, want)
	}
	if want := decimal.RequireFromString("5571"); !p.Charge.TradePrice.Equal(want) {
		t.Errorf("TradePrice %s, want %s", p.Charge.TradePrice, want)
	}
	if want := decimal.RequireFromString("4429"); !p.Charge.BalanceAfter.Equal(want) {
		t.Errorf("BalanceAfter %s, want %s", p.Charge.BalanceAfter, want)
	}
	if p.Effect.When != rules.EffectNextStart || p.Effect.Restart {
		t.Errorf("effect %+v, want next start without restart", p.Effect)
	}
	if !p.CompletesAt.Equal(w.Now.Add(10 * time.Second)) {
		t.Errorf("CompletesAt %s", p.CompletesAt)
	}
	if len(p.OrderID) != 15 || len(p.RequestID) != 36 {
		t.Errorf("ids %q %q", p.OrderID, p.RequestID)
	}
	p2, _ := decide(t, w)
	if diff := cmp.Diff(p, p2); diff != "" {
		t.Errorf("same input, different plan (-first +second):\n%s", diff)
	}
}

func TestEveryCatalogEntryIsReachable(t *testing.T) {
	covered := map[errcodes.ID]bool{}
	for _, f := range fuzz.Faults() {
		t.Run(f.ID.Code()+"/"+f.Name, func(t *testing.T) {
			w := f.Base()
			if f.Break != nil {
				f.Break(&w)
			}
			_, err := fuzz.Decide(w, f.Wire)
			if !errors.Is(err, f.ID) {
				t.Fatalf("Decide = %v, want %s %d", err, f.ID.Code(), f.ID.HTTPStatus())
			}
			var e *errcodes.Error
			if !errors.As(err, &e) || e.HTTPStatus() != f.ID.HTTPStatus() || e.Code() != f.ID.Code() {
				t.Fatalf("error %v: status/code mismatch", err)
			}
			is := fuzz.Explain(w, f.Wire)
			if len(is) != 1 || !errors.Is(is[0].Err, f.ID) {
				t.Fatalf("Explain = %v, want exactly one issue %s", is, f.ID.Code())
			}
			if f.Break != nil && is[0].Evidence == "" {
				t.Errorf("issue %s has no evidence", is[0].Rule)
			}
			covered[f.ID] = true
		})
	}
	// InvalidAction.NotFound and InvalidVersion are the endpoint's gateway errors: no request
	// to ModifyPrepayInstanceSpec can reach them, and server/'s tests cover them.
	covered[errcodes.InvalidActionNotFound] = true
	covered[errcodes.InvalidVersion] = true
	for _, e := range errcodes.All() {
		if !covered[e.ID] {
			t.Errorf("no fault reaches %s (HTTP %d)", e.Code, e.HTTPStatus)
		}
	}
}

func TestDecideErrorIsExplainFirstForFaultPairs(t *testing.T) {
	faults := fuzz.Faults()
	pos := map[errcodes.ID]int{}
	for _, r := range rules.Rules() {
		if _, ok := pos[r.ID]; !ok {
			pos[r.ID] = r.Position
		}
	}
	n := 0
	for i, a := range faults {
		for j, b := range faults {
			if i >= j || a.Break == nil || b.Break == nil {
				continue
			}
			w := a.Base()
			if b.Base != nil && a.Base().Facts.Instance.Status != b.Base().Facts.Instance.Status {
				continue
			}
			if !compose(&w, a.Break, b.Break) {
				continue // the second fault needs what the first removed
			}
			_, err := fuzz.Decide(w, nil)
			is := fuzz.Explain(w, nil)
			if err == nil {
				if len(is) != 0 {
					t.Errorf("%s + %s: Decide accepts, Explain %v", a.Name, b.Name, is)
				}
				continue
			}
			if len(is) == 0 || !errors.Is(err, is[0].Err.ID) {
				t.Errorf("%s + %s: Decide %v, Explain first %v", a.Name, b.Name, err, is)
			}
			for k := 1; k < len(is); k++ {
				if is[k].Stage < is[k-1].Stage {
					t.Errorf("%s + %s: Explain out of stage order: %v", a.Name, b.Name, is)
				}
			}
			n++
		}
	}
	if n < 1000 {
		t.Errorf("only %d pairs checked", n)
	}
}

// compose applies both mutators; it reports false when they do not compose (the second one
// needs a part of the world, a disk or an ENI, that the first one removed).
func compose(w *fuzz.World, a, b func(*fuzz.World)) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	a(w)
	b(w)
	return true
}
