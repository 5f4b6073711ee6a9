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

func TestIdempotentReplay(t *testing.T) {
	w := fuzz.Baseline()
	w.Request.ClientToken = "123e4567-e89b-12d3-a456-426655440000"
	req, f, _ := fuzz.Prepare(w, nil)
	first, err := rules.Decide(w.Now, &req, &f)
	if err != nil {
		t.Fatal(err)
	}
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
