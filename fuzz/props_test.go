package fuzz

import (
	"encoding/json"
	"errors"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/pricing"
	"github.com/respec-dev/respec/rules"
	"github.com/respec-dev/respec/scenario"
	"github.com/respec-dev/respec/world"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// decEq compares decimals by value.
var decEq = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

// planOpts compares plans field by field, decimals by value.
var planOpts = cmp.Options{decEq}

// catalogError checks that err is a *errcodes.Error with a catalog entry and returns it.
func catalogError(t fataler, err error) *errcodes.Error {
	var e *errcodes.Error
	if !errors.As(err, &e) || !e.ID.Valid() || e.HTTPStatus() == 0 || e.Code() == "" {
		t.Fatalf("error %#v is not a catalog entry", err)
	}
	return e
}

// TestTotalityAndDeterminism: every input, faulty or not, yields exactly one plan or one
// catalog error; the same input yields the same output; the inputs are not changed; and
// Decide's answer and Explain's agree.
func TestTotalityAndDeterminism(t *testing.T) {
	rapid.Check(t, totality)
}

// totality is the property of TestTotalityAndDeterminism and FuzzDecide.
func totality(t *rapid.T) {
	checkTotality(t, Wild().Draw(t, "world"))
}

// fataler is what the properties' checks need of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// checkTotality holds one world, with its wire change, to the totality property.
func checkTotality(t fataler, ww WildWorld) {
	t.Helper()
	req, f, perr := Prepare(ww.World, ww.Wire)
	checkDecision(t, ww.Now, req, f, perr)
}

// engine is the decision functions the properties hold to their specification: the rules
// package's, or (in TestCheckDecisionCatchesPlantedBugs) a broken copy that a property must
// catch.
type engine struct {
	decide  func(time.Time, *model.Request, *model.Facts) (rules.Plan, error)
	explain func(time.Time, *model.Request, *model.Facts) rules.Issues
	apply   func(model.Facts, rules.Plan) model.Facts
}

// rulesEngine is the engine under test.
var rulesEngine = engine{decide: rules.Decide, explain: rules.Explain, apply: rules.Apply}

// samePlan reports whether two plans are equal field by field, decimals by value. Two
// identical plans (the common case) are told apart without go-cmp.
func samePlan(a, b *rules.Plan) bool {
	return reflect.DeepEqual(a, b) || cmp.Diff(*a, *b, planOpts) == ""
}

// checkDecision holds one prepared input (perr is the parser's refusal, if any) to the
// totality property.
func checkDecision(t fataler, now time.Time, req model.Request, f model.Facts, perr error) {
	t.Helper()
	checkDecisionOf(t, rulesEngine, now, req, f, perr)
}

// checkDecisionOf is checkDecision for engine e.
func checkDecisionOf(t fataler, e engine, now time.Time, req model.Request, f model.Facts, perr error) {
	t.Helper()
	if perr != nil {
		catalogError(t, perr)
		return
	}
	before := captureInputs(now, &req, &f)
	p1, err1 := e.decide(now, &req, &f)
	is := e.explain(now, &req, &f)
	p2, err2 := e.decide(now, &req, &f)
	if err1 == nil {
		// One comparison after everything the input goes through: Apply is pure too.
		_ = e.apply(f, p1)
	}
	if !before.unchanged(now, &req, &f) {
		t.Fatalf("Decide, Explain or Apply changed its input:\n%s", before.diff(now, &req, &f))
	}
	if (err1 == nil) != (err2 == nil) || !samePlan(&p1, &p2) {
		t.Fatalf("same input, different output: %v / %v", err1, err2)
	}
	if err1 != nil {
		ce := catalogError(t, err1)
		if !samePlan(&p1, &rules.Plan{}) {
			t.Fatalf("an error with a non-empty plan")
		}
		if ce2 := catalogError(t, err2); ce2.ID != ce.ID || ce2.Detail() != ce.Detail() {
			t.Fatalf("same input, errors %v and %v", ce, ce2)
		}
		if len(is) == 0 || is[0].Err.ID != ce.ID {
			t.Fatalf("Decide %v, Explain %v", ce, is)
		}
		for k := 1; k < len(is); k++ {
			if is[k].Stage < is[k-1].Stage {
				t.Fatalf("Explain out of stage order: %v", is)
			}
		}
		return
	}
	if len(is) != 0 {
		t.Fatalf("Decide accepts, Explain reports %v", is)
	}
	if (p1.Charge == nil) == (p1.Refund == nil) && !p1.Replayed {
		t.Fatalf("plan with charge %v and refund %v", p1.Charge, p1.Refund)
	}
	if p1.ToType != req.InstanceType || p1.InstanceID != req.InstanceID {
		t.Fatalf("plan for %s/%s, request for %s/%s", p1.InstanceID, p1.ToType, req.InstanceID, req.InstanceType)
	}
	checkMoney(t, &p1, &f)
}

// TestGeneratedWorldsReachDeepRules: the generator is valid most of the time, so the other
// properties are not stopped at the parameter checks.
func TestGeneratedWorldsReachDeepRules(t *testing.T) {
	accepted, deep, n := 0, 0, 0
	rapid.Check(t, func(t *rapid.T) {
		w := WorldGen().Draw(t, "world")
		n++
		_, err := Decide(w, nil)
		if err == nil {
			accepted++
			return
		}
		is := Explain(w, nil)
		if is[0].Stage >= rules.StageDirection {
			deep++
		}
	})
	if n > 20 && accepted*2 < n {
		t.Fatalf("only %d of %d generated worlds accepted", accepted, n)
	}
	t.Logf("%d of %d generated worlds accepted, %d refused by a direction or money rule", accepted, n, deep)
}

// TestSingleFault: breaking exactly one precondition of any neutral variation of the
// fault's base world yields exactly that rule's entry (code and HTTP status), from Decide
// and as Explain's only issue, for every row of the catalog.
func TestSingleFault(t *testing.T) {
	faults := Faults()
	rapid.Check(t, func(t *rapid.T) {
		i := rapid.IntRange(0, len(faults)-1).Draw(t, "fault")
		f := faults[i]
		w := Neutral(f.Base).Draw(t, "world")
		if _, err := Decide(w, nil); err != nil {
			t.Fatalf("neutral world refused: %v", err)
		}
		if f.Break != nil {
			f.Break(&w)
		}
		_, err := Decide(w, f.Wire)
		e := catalogError(t, err)
		if e.ID != f.ID || e.Code() != f.ID.Code() || e.HTTPStatus() != f.ID.HTTPStatus() {
			t.Fatalf("%s: Decide = %v (HTTP %d), want %s (HTTP %d)", f.Name, e, e.HTTPStatus(), f.ID.Code(), f.ID.HTTPStatus())
		}
		is := Explain(w, f.Wire)
		if len(is) != 1 || is[0].Err.ID != f.ID {
			t.Fatalf("%s: Explain = %v, want exactly %s", f.Name, is, f.ID.Code())
		}
	})
}

// gate rules decide whether the others can be evaluated at all: when one of them fails,
// the rules that need what it looked for are skipped (documented in Explain), so a second
// fault may go unreported.
var gateRules = map[string]bool{
	"region.exists": true, "instance.exists": true, "instance.region": true, "facts.current-type": true,
	"target.exists": true, "target.differs": true,
}

// exclusive rules are alternatives by design: a type either takes no secondary address at
// all (the support rule) or takes a number of them (the count rule applies to limits above
// 1, or above 0 for IPv6).
var exclusive = map[[2]string]bool{
	{"eni.ipv4-count", "eni.ipv4-support"}: true, {"eni.ipv4-support", "eni.ipv4-count"}: true,
	{"eni.ipv6-count", "eni.ipv6-support"}: true, {"eni.ipv6-support", "eni.ipv6-count"}: true,
}

// TestPrecedence: with two faults, the earlier rule wins; Decide's error is Explain's first
// issue; Explain reports both faults when neither hides the other (they change different
// things and neither is a gate rule).
func TestPrecedence(t *testing.T) {
	faults := Faults()
	pos := map[string]int{}
	for _, r := range rules.Rules() {
		pos[r.Name] = r.Position
	}
	single := map[int]string{} // fault index -> rule name
	retarget := map[int]bool{} // the fault changes the request's InstanceType
	for i, f := range faults {
		if f.Break == nil {
			continue
		}
		w := f.Base()
		f.Break(&w)
		single[i] = Explain(w, nil)[0].Rule
		retarget[i] = w.Request.InstanceType != f.Base().Request.InstanceType
	}
	rapid.Check(t, func(t *rapid.T) {
		i := rapid.IntRange(0, len(faults)-1).Draw(t, "first")
		j := rapid.IntRange(0, len(faults)-1).Draw(t, "second")
		a, b := faults[i], faults[j]
		if i == j || a.Break == nil || b.Break == nil || a.Base().Request.InstanceType != b.Base().Request.InstanceType {
			t.Skip("not a pair of fact faults on one base")
		}
		w := Neutral(a.Base).Draw(t, "world")
		ab, ba := w.Clone(), w.Clone()
		if !tryBreak(&ab, a.Break) || !tryBreak(&ab, b.Break) || !tryBreak(&ba, b.Break) || !tryBreak(&ba, a.Break) {
			t.Skip("the faults do not compose")
		}
		_, err := Decide(ab, nil)
		is := Explain(ab, nil)
		if err == nil {
			t.Fatalf("%s + %s: accepted", a.Name, b.Name)
		}
		e := catalogError(t, err)
		if len(is) == 0 || is[0].Err.ID != e.ID {
			t.Fatalf("%s + %s: Decide %v, Explain %v", a.Name, b.Name, e, is)
		}
		for k := 1; k < len(is); k++ {
			if pos[is[k].Rule] <= pos[is[k-1].Rule] {
				t.Fatalf("%s + %s: Explain out of precedence order: %v", a.Name, b.Name, is)
			}
		}
		ra, rb := single[i], single[j]
		names := map[string]bool{}
		for _, x := range is {
			names[x.Rule] = true
		}
		if names[ra] && names[rb] {
			want := ra
			if pos[rb] < pos[ra] {
				want = rb
			}
			// The two faults together may break a third, earlier rule (two ENIs added
			// exceed the ENI count); the error is never a later rule than the earlier fault's.
			if pos[is[0].Rule] > pos[want] {
				t.Fatalf("%s + %s: first issue %s, want the earlier rule %s", a.Name, b.Name, is[0].Rule, want)
			}
		}
		// Independent faults change disjoint parts of the world (and commute).
		wa, wb := w.Clone(), w.Clone()
		tryBreak(&wa, a.Break)
		tryBreak(&wb, b.Break)
		base := flatten(t, w)
		commute := snapshotWorld(t, ab) == snapshotWorld(t, ba) && disjoint(changed(base, flatten(t, wa)), changed(base, flatten(t, wb)))
		// A fault that changes the target makes the other's change of "the target" (its
		// catalog entry, its quota) apply to another type.
		if commute && !gateRules[ra] && !gateRules[rb] && !retarget[i] && !retarget[j] && !exclusive[[2]string{ra, rb}] && (!names[ra] || !names[rb]) {
			t.Fatalf("%s + %s: Explain %v does not report both %s and %s", a.Name, b.Name, is, ra, rb)
		}
	})
}

// flatten maps every leaf of w's JSON form to its value, by path.
func flatten(t *rapid.T, w World) map[string]string {
	var v any
	if err := json.Unmarshal([]byte(snapshotWorld(t, w)), &v); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(path+"."+k, e)
			}
		case []any:
			for i, e := range x {
				walk(path+"["+strconv.Itoa(i)+"]", e)
			}
		default:
			b, _ := json.Marshal(x)
			out[path] = string(b)
		}
	}
	walk("", v)
	return out
}

// changed returns the paths whose values differ between a and b.
func changed(a, b map[string]string) map[string]bool {
	out := map[string]bool{}
	for k, v := range a {
		if b[k] != v {
			out[k] = true
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out[k] = true
		}
	}
	return out
}

func disjoint(a, b map[string]bool) bool {
	for k := range a {
		if b[k] {
			return false
		}
	}
	return true
}

func snapshotWorld(t *rapid.T, w World) string {
	b, err := json.Marshal(struct {
		W World
		P model.Policy
	}{w, w.Facts.Policy})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestAvailableTargetsMatchDecide: AvailableTargets lists a type exactly when Decide accepts
// the same request for it without a ClientToken (a type out of stock is listed with its
// stock and refused by Decide with OperationDenied.NoStock); when it refuses, every type is
// refused with its error. For an accepted upgrade, pricing.Upgrade quotes the plan's charge.
func TestAvailableTargetsMatchDecide(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := WorldGen().Draw(t, "world")
		if rapid.IntRange(0, 3).Draw(t, "fault") == 0 {
			faults := Faults()
			f := faults[rapid.IntRange(0, len(faults)-1).Draw(t, "which")]
			if f.Break != nil {
				tryBreak(&w, f.Break)
			}
		}
		req, f, perr := Prepare(w, nil)
		if perr != nil {
			t.Skip("request does not parse")
		}
		req.ClientToken = ""
		list, lerr := rules.AvailableTargets(w.Now, &req, &f)
		listed := map[string]rules.Target{}
		for _, tg := range list {
			listed[tg.InstanceType] = tg
		}
		if lerr != nil && len(list) != 0 {
			t.Fatalf("AvailableTargets returned %d targets and %v", len(list), lerr)
		}
		for k := 0; k < f.Catalog.Len(); k++ {
			ty := f.Catalog.At(k)
			r := req
			r.InstanceType = ty.InstanceTypeID
			p, err := rules.Decide(w.Now, &r, &f)
			tg, ok := listed[ty.InstanceTypeID]
			if lerr != nil {
				// The rule AvailableTargets failed on holds for every type: Decide refuses
				// each, and Explain reports that rule for each (Decide may meet an earlier,
				// per-target rule first, such as the current type).
				id := catalogError(t, lerr).ID
				is := rules.Explain(w.Now, &r, &f)
				if err == nil || !slices.ContainsFunc(is, func(x rules.Issue) bool { return x.Err.ID == id }) {
					t.Fatalf("AvailableTargets fails with %v; Decide(%s) = %v, Explain %v", lerr, ty.InstanceTypeID, err, is)
				}
				continue
			}
			// Stock is reported, not refused on: a type is listed when stock is all that
			// Explain finds against it.
			noStock := errors.Is(err, errcodes.OperationDeniedNoStock)
			onlyStock := noStock && !slices.ContainsFunc(rules.Explain(w.Now, &r, &f), func(x rules.Issue) bool {
				return x.Err.ID != errcodes.OperationDeniedNoStock
			})
			if ok != (err == nil || onlyStock) {
				t.Fatalf("%s: listed %v, Decide %v", ty.InstanceTypeID, ok, err)
			}
			if noStock && tg.Stock == model.WithStock {
				t.Fatalf("%s listed with stock, Decide says %v", ty.InstanceTypeID, err)
			}
			if err != nil {
				continue
			}
			if tg.Operation != p.Operation {
				t.Fatalf("%s: listed as %s, planned as %s", ty.InstanceTypeID, tg.Operation, p.Operation)
			}
			if p.Charge != nil {
				until := f.Instance.ExpiredTime
				if p.Temporary {
					until = p.Until
				}
				from, _ := f.Catalog.Type(p.FromType)
				q, qerr := pricing.Upgrade(w.Now, until, r.RegionID, from, ty, f.Catalog, &f.Policy)
				if qerr != nil || !q.TradePrice.Equal(p.Charge.TradePrice) || !q.OriginalPrice.Equal(p.Charge.OriginalPrice) {
					t.Fatalf("%s: quote %v %v, plan charge %v", ty.InstanceTypeID, q, qerr, p.Charge.Quote)
				}
			}
		}
	})
}

// cashPaid is the cash paid for the instance's orders.
func cashPaid(in *model.Instance) decimal.Decimal {
	s := decimal.Zero
	for _, o := range in.Orders {
		s = s.Add(o.CashPaid)
	}
	return s
}

// checkMoney holds one accepted plan to the pricing invariants.
func checkMoney(t fataler, p *rules.Plan, f *model.Facts) {
	if ch := p.Charge; ch != nil {
		if ch.TradePrice.IsNegative() || ch.OriginalPrice.IsNegative() || ch.DiscountPrice.IsNegative() {
			t.Fatalf("negative charge %+v", ch.Quote)
		}
		if !ch.OriginalPrice.Sub(ch.DiscountPrice).Equal(ch.TradePrice) || ch.TradePrice.GreaterThan(ch.OriginalPrice) {
			t.Fatalf("charge %+v: Trade != Original - Discount", ch.Quote)
		}
		if ch.TradePrice.Exponent() < -f.Policy.CurrencyPlaces {
			t.Fatalf("charge %s not rounded to %d places", ch.TradePrice, f.Policy.CurrencyPlaces)
		}
		if ch.OrderStatus == rules.OrderPaid && !ch.BalanceAfter.Equal(ch.BalanceBefore.Sub(ch.TradePrice)) {
			t.Fatalf("paid: balance %s -> %s for %s", ch.BalanceBefore, ch.BalanceAfter, ch.TradePrice)
		}
		if ch.OrderStatus != rules.OrderPaid && !ch.BalanceAfter.Equal(ch.BalanceBefore) {
			t.Fatalf("%s order moved the balance", ch.OrderStatus)
		}
		if ch.BalanceAfter.IsNegative() {
			t.Fatalf("balance after %s", ch.BalanceAfter)
		}
	}
	if r := p.Refund; r != nil {
		if r.Total.IsNegative() || r.Total.GreaterThan(cashPaid(&f.Instance)) {
			t.Fatalf("refund %s outside [0, cash paid %s]", r.Total, cashPaid(&f.Instance))
		}
		if r.Total.Exponent() < -f.Policy.CurrencyPlaces {
			t.Fatalf("refund %s not rounded", r.Total)
		}
		for i, o := range r.Orders {
			if o.Amount.IsNegative() || o.Amount.GreaterThan(f.Instance.Orders[i].CashPaid) {
				t.Fatalf("order %s refund %s outside [0, %s]", o.OrderID, o.Amount, f.Instance.Orders[i].CashPaid)
			}
			if o.Ratio.IsNegative() || o.Ratio.GreaterThan(decimal.NewFromInt(1)) {
				t.Fatalf("order %s ratio %s", o.OrderID, o.Ratio)
			}
		}
		if tb := rules.ToBalance(r); tb.IsNegative() || tb.GreaterThan(r.Total) {
			t.Fatalf("to balance %s of %s", tb, r.Total)
		}
	}
}

// TestMoney: every accepted decision keeps the pricing invariants (charge ≥ 0 and
// Trade = Original − Discount; 0 ≤ refund ≤ cash paid, order by order too), and an upgrade
// followed by the downgrade back never leaves the customer richer: balance and refunds to
// cards after both are at most the balance before.
// accepted prepares w and decides it; ok is false when the request does not parse or is
// refused.
func accepted(w World) (model.Request, model.Facts, rules.Plan, bool) {
	req, f, perr := Prepare(w, nil)
	if perr != nil {
		return req, f, rules.Plan{}, false
	}
	p, err := rules.Decide(w.Now, &req, &f)
	return req, f, p, err == nil
}

func TestMoney(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := WorldGen().Draw(t, "world")
		req, f, p, ok := accepted(w)
		if !ok {
			return
		}
		checkMoney(t, &p, &f)
		if p.Direction != model.Upgrade || p.Charge.OrderStatus != rules.OrderPaid || p.Temporary {
			return
		}
		// The downgrade back, once the upgrade has completed, on the world: the upgrade, time
		// passing, a stop and the change back.
		wq := w
		wq.Facts.Policy.MonthlyDowngradeQuota = false
		wd, c, _ := worldOf(t, wq, 1)
		must := must(t)
		wd, up := must(wd.ModifyPrepayInstanceSpec(w.Now, world.ModifyInput{Caller: c, Params: params(&req)}))
		if up.Err != nil || !up.Charged.Equal(p.Charge.TradePrice) {
			t.Fatalf("the world refuses or prices differently the upgrade the rules accept: %v, %s", up.Err, up.Charged)
		}
		later := w.Now.Add(time.Duration(rapid.IntRange(600, 40*24*3600).Draw(t, "laterSeconds")) * time.Second)
		wd, _ = must(wd.StopInstance(later, world.InstanceInput{Caller: c, InstanceID: req.InstanceID}))
		f2 := factsOf(wd, req.InstanceID)
		back := model.Request{InstanceID: req.InstanceID, RegionID: req.RegionID, InstanceType: p.FromType, OperatorType: model.Downgrade, AutoPay: true}
		_, down := must(wd.ModifyPrepayInstanceSpec(later, world.ModifyInput{Caller: c, Params: params(&back)}))
		err := down.Err
		if err != nil {
			// Expired meanwhile, or the family rules do not lead back (g6 to g7 is allowed,
			// g7 to g6 is not).
			if !later.Before(f2.Instance.ExpiredTime) || errors.Is(err, errcodes.InvalidInstanceTypeValueNotSupported403) {
				return
			}
			t.Fatalf("downgrade back refused: %v", err)
		}
		p2 := *down.Plan
		checkMoney(t, &p2, &f2)
		before := f.Account.Balance
		after := p.Charge.BalanceAfter.Add(p2.Refund.Total)
		if after.GreaterThan(before) {
			t.Fatalf("upgrade %s then downgrade back %s: %s -> %s", p.Charge.TradePrice, p2.Refund.Total, before, after)
		}
	})
}

// TestIdempotency: replaying an accepted request with its ClientToken returns the recorded
// outcome and changes nothing; the same token with any parameter changed is refused with
// IdempotenceParamNotMatch; after the token's lifetime it is a new request.
func TestIdempotency(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := WorldGen().Draw(t, "world")
		w.Request.ClientToken = rapid.StringMatching(`[a-z0-9]{1,20}`).Draw(t, "token")
		req, f, p, ok := accepted(w)
		if !ok {
			return
		}
		f2 := rules.Apply(f, p)
		later := w.Now.Add(time.Duration(rapid.Int64Range(0, int64(f.Policy.TokenTTL.D()/time.Second)-1).Draw(t, "afterSeconds")) * time.Second)
		r, err := rules.Decide(later, &req, &f2)
		if err != nil {
			t.Fatalf("replay refused: %v", err)
		}
		if !r.Replayed || r.RequestID != p.RequestID || r.OrderID != p.OrderID || !r.DecidedAt.Equal(p.DecidedAt) {
			t.Fatalf("replay %+v of %s/%s", r, p.RequestID, p.OrderID)
		}
		if is := rules.Explain(later, &req, &f2); len(is) != 0 {
			t.Fatalf("Explain of a replay: %v", is)
		}
		before := captureInputs(later, &req, &f2)
		f3 := rules.Apply(f2, r)
		if !before.unchanged(later, &req, &f3) {
			t.Fatalf("applying a replay changed the facts:\n%s", before.diff(later, &req, &f3))
		}
		// One parameter changed under the same token.
		changed := req
		switch rapid.IntRange(0, 3).Draw(t, "change") {
		case 0:
			changed.AutoPay = !changed.AutoPay
			changed.AutoPaySet = true
		case 1:
			changed.RebootWhenFinished = !changed.RebootWhenFinished
		case 2:
			changed.MigrateAcrossZone = !changed.MigrateAcrossZone
		case 3:
			changed.InstanceType = p.FromType
		}
		if _, err := rules.Decide(later, &changed, &f2); !errors.Is(err, errcodes.IdempotenceParamNotMatch) {
			t.Fatalf("changed parameter under the same token: %v", err)
		}
		// Once the token has expired, the request is decided again (and the order in
		// progress has long completed).
		expired := w.Now.Add(f.Policy.TokenTTL.D())
		if r, err := rules.Decide(expired, &req, &f2); err == nil && r.Replayed {
			t.Fatalf("replayed after the token expired")
		}
	})
}

// TestRequestRoundTrip: a request encodes to a query string and back to an equal request,
// with the same fingerprint.
func TestRequestRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := RequestGen().Draw(t, "request")
		v := r.Values()
		back, err := model.ParseQuery(v.Encode())
		if err != nil {
			t.Fatalf("ParseQuery(%q) = %v", v.Encode(), err)
		}
		if d := cmp.Diff(r, back); d != "" {
			t.Fatalf("round trip (-want +got):\n%s", d)
		}
		if r.Fingerprint() != back.Fingerprint() {
			t.Fatal("fingerprint changed")
		}
		v2, _ := url.ParseQuery(v.Encode())
		if d := cmp.Diff(v, v2); d != "" {
			t.Fatalf("query string round trip:\n%s", d)
		}
	})
}

// TestScenarioRoundTrip: a generated world written as a scenario encodes and decodes to an
// equal scenario, and decides the same.
func TestScenarioRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := WorldGen().Draw(t, "world")
		s := w.Scenario(nil)
		s.Description = "generated"
		b, err := scenario.Encode(s)
		if err != nil {
			t.Fatalf("Encode: %v", err)
		}
		back, err := scenario.Decode(b)
		if err != nil {
			t.Fatalf("Decode: %v\n%s", err, b)
		}
		if d := cmp.Diff(s, back, decEq, cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("scenario round trip (-want +got):\n%s", d)
		}
		b2, err := scenario.Encode(back)
		if err != nil || string(b2) != string(b) {
			t.Fatalf("encoding is not stable: %v", err)
		}
		req, perr := model.ParseMap(back.Request)
		if perr != nil {
			t.Fatalf("scenario request: %v", perr)
		}
		cat, cerr := model.NewCatalog(*back.CatalogData)
		if cerr != nil {
			t.Fatal(cerr)
		}
		f := back.FactsWith(cat)
		p1, e1 := rules.Decide(back.Now, &req, &f)
		p2, e2 := Decide(w, nil)
		if (e1 == nil) != (e2 == nil) || cmp.Diff(p1, p2, planOpts) != "" {
			t.Fatalf("decoded scenario decides %v / %v, the world %v", p1, e1, e2)
		}
	})
}

// outcome is what a metamorphic relation compares: the plan without its money and ids,
// or the error's entry.
type outcome struct {
	Err       errcodes.ID
	Rules     []string
	Operation string
	From, To  string
	Effect    string
	Status    string
	Quota     rules.QuotaCount
	Hours     int64
}

func outcomeOf(w World) (outcome, rules.Plan) {
	p, err := Decide(w, nil)
	var o outcome
	for _, is := range Explain(w, nil) {
		o.Rules = append(o.Rules, is.Rule)
	}
	if err != nil {
		var e *errcodes.Error
		errors.As(err, &e)
		o.Err = e.ID
		return o, p
	}
	o.Operation, o.From, o.To, o.Effect, o.Quota = p.Operation, p.FromType, p.ToType, p.Effect.When, p.Quota
	if p.Charge != nil {
		o.Status, o.Hours = p.Charge.OrderStatus, p.Charge.Hours
	}
	return o, p
}

// TestMetamorphicRenameAndReorder: renaming the instance, reordering the catalog and the
// data disks change nothing but the ids derived from the instance ID; reordering changes
// nothing at all.
func TestMetamorphicRenameAndReorder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := WorldGen().Draw(t, "world")
		base, p := outcomeOf(w)

		re := w.Clone()
		id := instanceIDGen().Draw(t, "newId")
		re.Request.InstanceID, re.Facts.Instance.InstanceID = id, id
		got, p2 := outcomeOf(re)
		if d := cmp.Diff(base, got); d != "" {
			t.Fatalf("renaming the instance changed the outcome:\n%s", d)
		}
		// The ids and the fingerprint are derived from the instance ID.
		p2.InstanceID, p2.RequestID, p2.OrderID, p2.Fingerprint = p.InstanceID, p.RequestID, p.OrderID, p.Fingerprint
		if d := cmp.Diff(p, p2, planOpts); d != "" {
			t.Fatalf("renaming the instance changed the plan:\n%s", d)
		}

		ro := w.Clone()
		ro.Catalog.Types = rapid.Permutation(ro.Catalog.Types).Draw(t, "catalogOrder")
		ro.Facts.Instance.DataDisks = rapid.Permutation(ro.Facts.Instance.DataDisks).Draw(t, "diskOrder")
		got, p3 := outcomeOf(ro)
		if d := cmp.Diff(base, got); d != "" {
			t.Fatalf("reordering changed the outcome:\n%s", d)
		}
		if d := cmp.Diff(p, p3, planOpts); d != "" {
			t.Fatalf("reordering changed the plan:\n%s", d)
		}
	})
}

// TestMetamorphicScale: multiplying every amount of money by k changes nothing but the
// money, and the money by k. Two forms:
//
//   - k = 10^j with the policy's CurrencyPlaces lowered by j in the scaled world: rounding
//     to p+j places then scaling by 10^j is rounding the scaled amount to p places, for
//     every rounding mode, so the rounded amounts (TradePrice, OriginalPrice, refund Total)
//     are compared for exact equality;
//   - k any integer from 2 to 9 at the same CurrencyPlaces: the unrounded amounts (Exact,
//     24 decimals) are compared, within the 24th-decimal rounding of each order's amount.
func TestMetamorphicScale(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := WorldGen().Draw(t, "world")
		decimalScale := rapid.Bool().Draw(t, "powerOfTen")
		var k decimal.Decimal
		scaled := w.Clone()
		if decimalScale {
			j := rapid.Int32Range(1, 3).Draw(t, "j")
			k = decimal.New(1, j)
			w.Facts.Policy.CurrencyPlaces = 2 + j
			scaled.Facts.Policy.CurrencyPlaces = 2
		} else {
			k = decimal.NewFromInt(rapid.Int64Range(2, 9).Draw(t, "k"))
			// Rounding to cents does not commute with k: a balance just covering the charge
			// may not cover k times it. Keep the balance away from the charge.
			// (A zero balance would not do: a charge that rounds to 0.00 is paid, k times it
			// may round to 0.01.)
			w.Facts.Account.Balance = decimal.New(1, 9)
			scaled.Facts.Account.Balance = w.Facts.Account.Balance
		}
		ScalePrices(&scaled, k)
		base, p := outcomeOf(w)
		got, q := outcomeOf(scaled)
		if d := cmp.Diff(base, got); d != "" {
			t.Fatalf("scaling by %s changed the outcome:\n%s", k, d)
		}
		if base.Err != 0 {
			return
		}
		n := len(w.Facts.Instance.Orders) + 1
		tol := decimal.New(int64(n)*(k.IntPart()+1), -24)
		near := func(what string, a, b decimal.Decimal) {
			if a.Mul(k).Sub(b).Abs().GreaterThan(tol) {
				t.Fatalf("%s: %s × %s != %s", what, a, k, b)
			}
		}
		exact := func(what string, a, b decimal.Decimal) {
			if !a.Mul(k).Equal(b) {
				t.Fatalf("%s: %s × %s != %s", what, a, k, b)
			}
		}
		if p.Charge != nil {
			near("charge Exact", p.Charge.Exact, q.Charge.Exact)
			exact("BalanceBefore", p.Charge.BalanceBefore, q.Charge.BalanceBefore)
			if decimalScale {
				exact("TradePrice", p.Charge.TradePrice, q.Charge.TradePrice)
				exact("OriginalPrice", p.Charge.OriginalPrice, q.Charge.OriginalPrice)
				exact("BalanceAfter", p.Charge.BalanceAfter, q.Charge.BalanceAfter)
			}
		}
		if p.Refund != nil {
			near("refund Exact", p.Refund.Exact, q.Refund.Exact)
			if p.Refund.RefundedVCPUHours != q.Refund.RefundedVCPUHours {
				t.Fatalf("refunded vCPU hours %d vs %d", p.Refund.RefundedVCPUHours, q.Refund.RefundedVCPUHours)
			}
			for i := range p.Refund.Orders {
				near("order amount", p.Refund.Orders[i].Amount, q.Refund.Orders[i].Amount)
			}
			if decimalScale {
				exact("refund Total", p.Refund.Total, q.Refund.Total)
			}
		}
	})
}

// TestNeutralWorldsAreAccepted keeps Neutral honest: every variation of every base is
// accepted.
func TestNeutralWorldsAreAccepted(t *testing.T) {
	bases := []func() World{Baseline, BaselineDowngrade, Retired}
	rapid.Check(t, func(t *rapid.T) {
		w := Neutral(bases[rapid.IntRange(0, len(bases)-1).Draw(t, "base")]).Draw(t, "world")
		if _, err := Decide(w, nil); err != nil {
			t.Fatalf("neutral world refused: %v", err)
		}
	})
}
