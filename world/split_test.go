package world

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/respec-dev/respec/fuzz"
)

// A plan run on the whole world and the same plan run on its parts (each request on its
// caller's part) answer the same outcomes and, joined, hold the same world: parts are
// independent.
func TestSplitJoinIsTheWholeWorld(t *testing.T) {
	const accounts, perAccount, n = 5, 20, 3000
	w := testWorld(t, accounts, perAccount, "100000", Limits{PerAPI: map[string]int{APIModifyPrepayInstanceSpec: 50}})
	rest, parts := w.Split()
	if len(parts) != accounts {
		t.Fatalf("%d parts, want %d", len(parts), accounts)
	}
	if j, err := rest.Join(values(parts)...); err != nil || snapshot(t, j) != snapshot(t, w) {
		t.Fatalf("Join(Split) is not the world (%v)", err)
	}
	start := t0.Add(time.Second)
	whole, codes := w, map[string]int{}
	x := uint64(0x2545F4914F6CDD1D)
	for k := range n {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		a, i := int(x%accounts), int((x>>8)%perAccount)
		now := start.Add(time.Duration(k) * 300 * time.Millisecond)
		typ := []string{"ecs.g6.2xlarge", "ecs.g6.large", "ecs.g6.xlarge"}[(x>>16)%3]
		var op func(World) (World, Outcome, error)
		switch (x >> 24) % 4 {
		case 0:
			op = func(v World) (World, Outcome, error) { return v.StopInstance(now, inst(a, i)) }
		case 1:
			op = func(v World) (World, Outcome, error) { return v.StartInstance(now, inst(a, i)) }
		default:
			op = func(v World) (World, Outcome, error) { return v.ModifyPrepayInstanceSpec(now, modify(a, i, typ)) }
		}
		nw, o1, err1 := op(whole)
		np, o2, err2 := op(parts[accountID(a)])
		if (err1 == nil) != (err2 == nil) || o1.Code() != o2.Code() || !o1.BalanceAfter.Equal(o2.BalanceAfter) || o1.OrderID != o2.OrderID {
			t.Fatalf("request %d: whole %s %v, part %s %v", k, o1.Code(), err1, o2.Code(), err2)
		}
		whole, parts[accountID(a)] = nw, np
		codes[o1.Code()]++
	}
	if codes[""] < n/10 || len(codes) < 4 {
		t.Errorf("outcomes %v: too few accepted or too few kinds", codes)
	}
	joined, err := rest.Join(values(parts)...)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := snapshot(t, joined), snapshot(t, whole); got != want {
		t.Errorf("the joined parts differ from the whole world")
	}
	if _, err := joined.Join(parts[accountID(0)]); !errors.Is(err, ErrInvalidWorld) {
		t.Errorf("joining an account twice: %v", err)
	}
}

func values(m map[string]World) []World {
	out := make([]World, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	return out
}

// Unexplained changes no answer and no world: the same code, status, message, API error,
// balance and order for every request of a varied plan, and the same world after it; only the
// rule and evidence of a refusal are left to rules.Explain.
func TestUnexplainedAnswersTheSame(t *testing.T) {
	w := testWorld(t, 3, 10, "100000", Limits{PerAPI: map[string]int{APIModifyPrepayInstanceSpec: 40}})
	a, b := w, w
	refused := map[string]int{}
	for k := range 2000 {
		now := t0.Add(time.Second + time.Duration(k)*700*time.Millisecond)
		in := modify(k%3, (k/3)%10, []string{fuzz.BaseUpgrade, fuzz.BaseDowngrade, fuzz.BaseType, "ecs.nope"}[(k/30)%4])
		if k%7 == 0 {
			in.Params["ClientToken"] = fmt.Sprint("tok-", k%5) // replays, and mismatches
		}
		if (k/30)%4 == 1 { // the downgrades: the instance stopped first, in both worlds
			stop := func(v World) World {
				nv, _, err := v.StopInstance(now.Add(-time.Millisecond), inst(k%3, (k/3)%10))
				if err != nil {
					t.Fatal(err)
				}
				return nv
			}
			a, b = stop(a), stop(b)
		}
		na, oa, err1 := a.ModifyPrepayInstanceSpec(now, in)
		in.Unexplained = true
		nb, ob, err2 := b.ModifyPrepayInstanceSpec(now, in)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if (oa.Err == nil) != (ob.Err == nil) || oa.OrderID != ob.OrderID || !oa.BalanceAfter.Equal(ob.BalanceAfter) {
			t.Fatalf("request %d: %v / %v", k, oa.Err, ob.Err)
		}
		if oa.Err != nil {
			ra, rb := oa.Err.(*Refusal), ob.Err.(*Refusal)
			if ra.Code != rb.Code || ra.HTTPStatus != rb.HTTPStatus || ra.Message != rb.Message || ra.API.ID != rb.API.ID {
				t.Fatalf("request %d: %+v / %+v", k, ra, rb)
			}
			if rb.Rule != ra.Rule && (rb.Rule != "rules.decide" || strings.HasPrefix(ra.Rule, "gateway.")) {
				t.Fatalf("request %d: explained rule %q, unexplained %q", k, ra.Rule, rb.Rule)
			}
			refused[ra.Code]++
		}
		a, b = na, nb
	}
	n := 0
	for _, c := range refused {
		n += c
	}
	if n < 200 || n > 1800 || len(refused) < 2 {
		t.Errorf("refusals %v: the plan does not exercise acceptance and several refusals", refused)
	}
	if snapshot(t, a) != snapshot(t, b) {
		t.Error("the worlds differ")
	}
}
