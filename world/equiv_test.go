package world

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// fromScenario builds the one-account, one-instance world of a fuzz world's facts.
func fromScenario(t failer, w fuzz.World) (World, model.Facts) {
	f := w.Build()
	acct := f.Account
	spec := AccountSpec{Account: acct, Tokens: map[string]model.Record(f.Idempotency)}
	spec.Account.RAMUser = nil
	if acct.RAMUser != nil {
		spec.RAMUsers = []model.RAMUser{*acct.RAMUser}
	}
	b := NewBuilder(w.Now, f.Catalog, f.Policy, Limits{})
	b.AddAccount(spec).AddInstance(acct.AccountID, f.Instance)
	wd, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return wd, f
}

var decimalEqual = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

// TestOneInstanceWorldDecidesAsTheRules: on a world of one instance, ModifyPrepayInstanceSpec
// gives exactly the plan or the error rules.Decide gives on the same facts, and the instance
// and balance after are rules.Apply's.
func TestOneInstanceWorldDecidesAsTheRules(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		fw := fuzz.WorldGen().Draw(t, "world")
		wd, f := fromScenario(t, fw)
		params := map[string]string{}
		for k, v := range fw.Request.Values() {
			params[k] = v[0]
		}
		req, perr := model.ParseMap(params)
		if perr != nil {
			t.Fatalf("generated request does not parse: %v", perr)
		}
		c := Caller{AccountID: f.Account.AccountID}
		if f.Account.RAMUser != nil {
			c.RAMUser = f.Account.RAMUser.Name
		}
		w2, out, err := wd.ModifyPrepayInstanceSpec(fw.Now, ModifyInput{Caller: c, Params: params})
		if err != nil {
			t.Fatal(err)
		}
		p, derr := rules.Decide(fw.Now, &req, &f)
		if derr != nil {
			if out.Err == nil || !errorsIs(out.Err, derr) {
				t.Fatalf("world %v, rules %v", out.Err, derr)
			}
			return
		}
		if out.Err != nil {
			t.Fatalf("world refused (%v), rules accepted", out.Err)
		}
		if diff := cmp.Diff(p, *out.Plan, decimalEqual); diff != "" {
			t.Fatalf("plans differ:\n%s", diff)
		}
		f2 := rules.Apply(f, p)
		in, _, _ := w2.Instance(f.Instance.InstanceID)
		settled, _ := settle(f2.Instance, fw.Now)
		if diff := cmp.Diff(settled, in, decimalEqual); diff != "" {
			t.Fatalf("instances differ:\n%s", diff)
		}
		if !out.BalanceAfter.Equal(f2.Account.Balance) {
			t.Fatalf("balance %s, rules %s", out.BalanceAfter, f2.Account.Balance)
		}
	})
}

func errorsIs(err, target error) bool {
	r, ok := err.(*Refusal)
	return ok && r.API != nil && r.API.Is(target)
}
