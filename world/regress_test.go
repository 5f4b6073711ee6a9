package world

import (
	"testing"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// TestUpgradeStopDowngradeBackThenAnyChange: on the baseline instance, an upgrade placed while
// Running (the new type pending), a stop, the change back to the running type 11 s later (a
// downgrade against the upgrade's order) and, 11 s after that, any further change. The last
// request once answered InternalError (money.orders-valid): the downgrade left an order whose
// CashPaid had 24 decimals (30.048543689320388349514563). Every order stored must keep at most
// the currency's places, and the last request is decided on the rules, not refused as invalid.
func TestUpgradeStopDowngradeBackThenAnyChange(t *testing.T) {
	fw := fuzz.Baseline()
	w, f := fromScenario(t, fw)
	c := Caller{AccountID: f.Account.AccountID}
	params := func(typ string) ModifyInput {
		return ModifyInput{Caller: c, Params: map[string]string{"InstanceId": fuzz.BaseInstance, "RegionId": fuzz.BaseRegion, "InstanceType": typ}}
	}
	do := run(t)
	t0 := fw.Now
	w, up := do(w.ModifyPrepayInstanceSpec(t0, params(fuzz.BaseUpgrade)))
	wantCode(t, up, "")
	if in, _, _ := w.Instance(fuzz.BaseInstance); in.PendingInstanceType != fuzz.BaseUpgrade {
		t.Fatalf("upgrade while Running: pending %q, want %s", in.PendingInstanceType, fuzz.BaseUpgrade)
	}
	w, stop := do(w.StopInstance(t0.Add(1e9), InstanceInput{Caller: c, RegionID: fuzz.BaseRegion, InstanceID: fuzz.BaseInstance}))
	wantCode(t, stop, "")
	w, back := do(w.ModifyPrepayInstanceSpec(t0.Add(11e9), params(fuzz.BaseType)))
	wantCode(t, back, "")
	if back.Plan.Direction != model.Downgrade {
		t.Fatalf("change back: direction %s, want downgrade", back.Plan.Direction)
	}
	places := int32(w.Policy().CurrencyPlaces)
	in, _, _ := w.Instance(fuzz.BaseInstance)
	for _, o := range in.Orders {
		for _, d := range []decimal.Decimal{o.ListPrice, o.CashPaid, o.VoucherPaid} {
			if !d.Equal(d.Truncate(places)) {
				t.Fatalf("order %s (%s) holds %s: more than %d places", o.OrderID, o.Kind, d, places)
			}
		}
	}
	for _, typ := range []string{fuzz.BaseUpgrade, fuzz.BaseDowngrade} {
		_, any, err := w.ModifyPrepayInstanceSpec(t0.Add(22e9), params(typ))
		if err != nil {
			t.Fatal(err)
		}
		if any.Err != nil {
			t.Fatalf("change to %s after the change back: %v", typ, any.Err)
		}
	}
}

// TestRenewAheadThenDowngradeThenAnyChange: a renewal paid ahead (its order starts at the
// expiry) and then a downgrade, which cancels every order in force, the renewal included,
// before it starts. The next change once answered InternalError (money.orders-valid:
// CancelledAt before Start). The renewal's cash is carried by the Downgrade order, and the
// change after is decided on the rules.
func TestRenewAheadThenDowngradeThenAnyChange(t *testing.T) {
	fw := fuzz.BaselineDowngrade()
	w, f := fromScenario(t, fw)
	c := Caller{AccountID: f.Account.AccountID}
	do := run(t)
	t0 := fw.Now
	w, rn := do(w.RenewInstance(t0, RenewInput{Caller: c, RegionID: fuzz.BaseRegion, InstanceID: fuzz.BaseInstance, Months: 1}))
	wantCode(t, rn, "")
	params := func(typ string) ModifyInput {
		return ModifyInput{Caller: c, Params: map[string]string{"InstanceId": fuzz.BaseInstance, "RegionId": fuzz.BaseRegion, "InstanceType": typ}}
	}
	w, down := do(w.ModifyPrepayInstanceSpec(t0.Add(60e9), params(fuzz.BaseDowngrade)))
	wantCode(t, down, "")
	in, _, _ := w.Instance(fuzz.BaseInstance)
	if n := len(in.Orders); n != 3 || in.Orders[1].Kind != model.OrderRenewal || !in.Orders[1].CancelledAt.Equal(t0.Add(60e9)) || in.Orders[2].Kind != model.OrderDowngrade {
		t.Fatalf("orders after the downgrade: %+v", in.Orders)
	}
	_, up, err := w.ModifyPrepayInstanceSpec(t0.Add(120e9), params(fuzz.BaseType))
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, up, "")
	_, down2, err := w.ModifyPrepayInstanceSpec(t0.Add(120e9), params("ecs.t6-c1m2.large"))
	if err != nil {
		t.Fatal(err)
	}
	wantCode(t, down2, "")
}
