package world

import (
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"testing"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
)

// The tests in this file hold the world's limits at their exact edges and its copies of what
// the caller passed.

// TestBuilderCopiesTheLimits: a change to the caller's PerAPI map after NewBuilder, or to
// the map Limits returns, does not reach the world.
func TestBuilderCopiesTheLimits(t *testing.T) {
	per := map[string]int{APIStartInstance: 5}
	w := testWorld(t, 1, 1, "100", Limits{PerAPI: per})
	per[APIModifyPrepayInstanceSpec] = 1
	per[APIStartInstance] = 1
	if got := w.Limits().PerAPI; len(got) != 1 || got[APIStartInstance] != 5 {
		t.Fatalf("the world's limits follow the caller's map: %v", got)
	}
	w.Limits().PerAPI[APIStartInstance] = 1
	if got := w.Limits().PerAPI[APIStartInstance]; got != 5 {
		t.Fatalf("the world's limits follow the returned map: %d", got)
	}
	if got := (Limits{}).PerAPI; cloneLimits(Limits{}).PerAPI != nil || got != nil {
		t.Error("a nil PerAPI is not kept nil")
	}
}

// TestBuilderAcceptsAZeroRequestCount: a count of 0 is a count (nothing used yet), only a
// negative one is refused.
func TestBuilderAcceptsAZeroRequestCount(t *testing.T) {
	cat, err := model.NewCatalog(fuzz.BaseCatalog())
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		count int
		ok    bool
	}{{0, true}, {1, true}, {-1, false}} {
		b := NewBuilder(t0, cat, model.PolicyCurrent(), Limits{})
		b.AddAccount(AccountSpec{Account: model.Account{AccountID: "a", Balance: dec("1")},
			Requests: []RequestCount{{API: APIStartInstance, RegionID: fuzz.BaseRegion, Count: tc.count}}})
		if _, err := b.Build(); (err == nil) != tc.ok {
			t.Errorf("a request count of %d: %v", tc.count, err)
		}
	}
}

// TestRenewPeriodEdges: Months from 1 to the limit (60 by default, Limits.MaxRenewMonths
// when set) are renewed; 0 and one past the limit are InvalidPeriod.
func TestRenewPeriodEdges(t *testing.T) {
	for _, tc := range []struct {
		max, months int
		ok          bool
	}{
		{0, 0, false}, {0, 1, true}, {0, 60, true}, {0, 61, false},
		{3, 3, true}, {3, 4, false}, {-1, 60, true}, {-1, 61, false},
	} {
		w := testWorld(t, 1, 1, "100000000", Limits{MaxRenewMonths: tc.max})
		_, o := run(t)(w.RenewInstance(t0, RenewInput{Caller: caller(0), RegionID: fuzz.BaseRegion, InstanceID: instanceID(0, 0), Months: tc.months}))
		if tc.ok {
			wantCode(t, o, "")
		} else {
			wantCode(t, o, CodeInvalidPeriod)
		}
	}
}

// TestCancelOrderNamesTheOrder: an accepted cancellation reports the order it cancelled; a
// refused one reports none.
func TestCancelOrderNamesTheOrder(t *testing.T) {
	w := testWorld(t, 1, 1, "100", Limits{})
	w, o := run(t)(w.ModifyPrepayInstanceSpec(t0, modify(0, 0, fuzz.BaseUpgrade, "AutoPay", "false")))
	wantCode(t, o, "")
	unpaid := o.OrderID
	later := t0.Add(time.Minute)
	_, o = run(t)(w.CancelOrder(later, OrderInput{Caller: caller(0), InstanceID: instanceID(0, 0), OrderID: "nope"}))
	wantCode(t, o, CodeOrderNotFound)
	if o.OrderID != "" {
		t.Errorf("a refused cancellation names order %q", o.OrderID)
	}
	_, o = run(t)(w.CancelOrder(later, OrderInput{Caller: caller(0), InstanceID: instanceID(0, 0), OrderID: unpaid}))
	wantCode(t, o, "")
	if o.OrderID != unpaid {
		t.Errorf("an accepted cancellation names order %q, want %q", o.OrderID, unpaid)
	}
}

func TestRefusalErrorText(t *testing.T) {
	for _, tc := range []struct {
		r    Refusal
		want string
	}{
		{Refusal{Code: "C", Rule: "r"}, "C (r)"},
		{Refusal{Code: "C", Rule: "r", Message: "m"}, "C (r): m"},
		{Refusal{Code: "C", Rule: "r", Evidence: "e"}, "C (r) [e]"},
		{Refusal{Code: "C", Rule: "r", Message: "m", Evidence: "e"}, "C (r): m [e]"},
	} {
		if got := tc.r.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

// TestEpochIndicesBefore1970: the minute and token-epoch indices are floor divisions on both
// sides of the Unix epoch.
func TestEpochIndicesBefore1970(t *testing.T) {
	for _, tc := range []struct{ unix, want int64 }{{0, 0}, {59, 0}, {60, 1}, {-1, -1}, {-60, -1}, {-61, -2}} {
		if got := minuteIndex(time.Unix(tc.unix, 0)); got != tc.want {
			t.Errorf("minuteIndex(%d s) = %d, want %d", tc.unix, got, tc.want)
		}
	}
	for _, tc := range []struct{ nanos, want int64 }{{0, 0}, {int64(time.Hour) - 1, 0}, {int64(time.Hour), 1}, {-1, -1}, {-int64(time.Hour), -1}, {-int64(time.Hour) - 1, -2}} {
		if got := tokenEpoch(time.Unix(0, tc.nanos), time.Hour); got != tc.want {
			t.Errorf("tokenEpoch(%d ns) = %d, want %d", tc.nanos, got, tc.want)
		}
	}
}

// TestTokenBookEpochs: a token recorded in the next epoch moves the current epoch's tokens
// to the previous one; a later epoch forgets both; the same epoch adds to the current one.
func TestTokenBookEpochs(t *testing.T) {
	const ttl = time.Hour
	at := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	has := func(m pmap[model.Record], keys ...string) bool {
		if m.len() != len(keys) {
			return false
		}
		for _, k := range keys {
			if _, ok := m.get(k); !ok {
				return false
			}
		}
		return true
	}
	b := tokenBook{}.with("a", model.Record{At: at}, ttl)
	if b.epoch != tokenEpoch(at, ttl) || !has(b.cur, "a") || !has(b.prev) {
		t.Fatalf("first token: %+v", b)
	}
	same := b.with("b", model.Record{At: at.Add(time.Minute)}, ttl)
	if same.epoch != b.epoch || !has(same.cur, "a", "b") || !has(same.prev) {
		t.Errorf("same epoch: epoch %d cur %d prev %d", same.epoch, same.cur.len(), same.prev.len())
	}
	next := b.with("c", model.Record{At: at.Add(ttl)}, ttl)
	if next.epoch != b.epoch+1 || !has(next.cur, "c") || !has(next.prev, "a") {
		t.Errorf("next epoch: epoch %d cur %d prev %d", next.epoch, next.cur.len(), next.prev.len())
	}
	later := b.with("d", model.Record{At: at.Add(2 * ttl)}, ttl)
	if later.epoch != b.epoch+2 || !has(later.cur, "d") || !has(later.prev) {
		t.Errorf("two epochs on: epoch %d cur %d prev %d", later.epoch, later.cur.len(), later.prev.len())
	}
	if r, ok := next.lookup("a", at.Add(ttl-time.Nanosecond), ttl); !ok || !r.At.Equal(at) {
		t.Error("a token of the previous epoch within its TTL is forgotten")
	}
	if _, ok := next.lookup("a", at.Add(ttl), ttl); ok {
		t.Error("a token is remembered past its TTL")
	}
	if got := (tokenBook{}).with("a", model.Record{At: at}, 0); got.cur.len() != 0 {
		t.Error("a token is remembered with a TTL of 0")
	}
}

// TestAccountDropsQuotaUseOfPastMonths: the account a world reports keeps only this month's
// downgrades and refunded vCPU·hours (the month starts in the billing time zone, UTC+8).
func TestAccountDropsQuotaUseOfPastMonths(t *testing.T) {
	cat, err := model.NewCatalog(fuzz.BaseCatalog())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	lastMonth := time.Date(2026, 10, 31, 15, 59, 0, 0, time.UTC) // 23:59 on 31 October in UTC+8
	thisMonth := time.Date(2026, 10, 31, 16, 0, 0, 0, time.UTC)  // 00:00 on 1 November in UTC+8
	b := NewBuilder(now, cat, model.PolicyCurrent(), Limits{})
	b.AddAccount(AccountSpec{Account: model.Account{AccountID: "a", Balance: dec("1"), Quotas: model.Quotas{
		Downgrades:   []time.Time{lastMonth, thisMonth},
		RefundedVCPU: []model.QuotaUse{{At: lastMonth, Amount: 5}, {At: thisMonth, Amount: 7}},
	}}})
	w, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	st, _ := w.Account("a")
	q := st.Account.Quotas
	if len(q.Downgrades) != 1 || !q.Downgrades[0].Equal(thisMonth) {
		t.Errorf("downgrades: %v", q.Downgrades)
	}
	if len(q.RefundedVCPU) != 1 || q.RefundedVCPU[0].Amount != 7 {
		t.Errorf("refunded vCPU: %v", q.RefundedVCPU)
	}
}

// TestPmapLeavesHoldOneHash: the trie splits a leaf as soon as two different hashes meet in
// it, so a leaf with more than one entry holds one hash only and no path is longer than the
// 64 bits of the hash need (13 levels of 5 bits).
func TestPmapLeavesHoldOneHash(t *testing.T) {
	var m pmap[int]
	for i := range 3000 {
		m = m.set(fmt.Sprintf("i-%d", i), i)
	}
	var walk func(n *pnode[int], depth int)
	walk = func(n *pnode[int], depth int) {
		if n == nil {
			return
		}
		if depth > 13 {
			t.Fatalf("a path of %d levels", depth)
		}
		if n.kids != nil {
			for _, k := range n.kids {
				walk(k, depth+1)
			}
			return
		}
		for _, e := range n.entries {
			if e.hash != n.entries[0].hash {
				t.Fatalf("a leaf at depth %d holds %d entries of different hashes", depth, len(n.entries))
			}
		}
	}
	walk(m.root, 0)
	for i := range 3000 {
		if v, ok := m.get(fmt.Sprintf("i-%d", i)); !ok || v != i {
			t.Fatalf("get(i-%d) = %d, %v", i, v, ok)
		}
	}
}

// TestAccountRequestsInOrder: an account's request counts are listed by region, then API.
func TestAccountRequestsInOrder(t *testing.T) {
	cat, err := model.NewCatalog(fuzz.BaseCatalog())
	if err != nil {
		t.Fatal(err)
	}
	give := []RequestCount{
		{API: APIStopInstance, RegionID: "cn-shanghai", Count: 1},
		{API: APIStopInstance, RegionID: "cn-beijing", Count: 2},
		{API: "", RegionID: "cn-shanghai", Count: 3},
		{API: APIStartInstance, RegionID: "cn-beijing", Count: 4},
	}
	b := NewBuilder(t0, cat, model.PolicyCurrent(), Limits{})
	b.AddAccount(AccountSpec{Account: model.Account{AccountID: "a", Balance: dec("1")}, Requests: give})
	w, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	st, _ := w.Account("a")
	want := []RequestCount{give[3], give[1], give[2], give[0]}
	if fmt.Sprint(st.Requests) != fmt.Sprint(want) {
		t.Errorf("requests %v, want %v", st.Requests, want)
	}
}

// TestTargetsOfOwnInstanceOnly: Targets lists the changes of the caller's own instance; an
// instance of another account, or none, is InvalidInstanceId.NotFound (not a parse error
// about the placeholder type), and an unknown caller is misuse.
func TestTargetsOfOwnInstanceOnly(t *testing.T) {
	w := testWorld(t, 2, 1, "100", Limits{})
	ts, err := w.Targets(t0, modify(0, 0, ""))
	if err != nil || !slices.ContainsFunc(ts, func(x rules.Target) bool { return x.InstanceType == fuzz.BaseUpgrade }) {
		t.Fatalf("own instance: %v, %v", ts, err)
	}
	other := modify(0, 0, "")
	other.Caller = caller(1)
	for name, in := range map[string]ModifyInput{"another account's": other, "no such": modify(0, 9, "")} {
		ts, err := w.Targets(t0, in)
		if !errors.Is(err, errcodes.InvalidInstanceIdNotFound404) {
			t.Errorf("%s instance: %v, %v", name, ts, err)
		}
	}
	unknown := modify(0, 0, "")
	unknown.Caller = Caller{AccountID: "nobody"}
	if _, err := w.Targets(t0, unknown); !errors.Is(err, ErrUnknownAccount) {
		t.Errorf("unknown account: %v", err)
	}
}

func TestOutcomeAccepted(t *testing.T) {
	w := testWorld(t, 1, 1, "100", Limits{})
	_, o := run(t)(w.StopInstance(t0, inst(0, 0)))
	if !o.Accepted() || o.Code() != "" {
		t.Errorf("a stop of a Running instance: accepted %v, code %q", o.Accepted(), o.Code())
	}
	_, o = run(t)(w.StartInstance(t0, inst(0, 0)))
	if o.Accepted() || o.Code() == "" {
		t.Errorf("a start of a Running instance: accepted %v, code %q", o.Accepted(), o.Code())
	}
}

// TestStrHashIsFNV1a: the trie's hash is 64-bit FNV-1a, as hash/fnv computes it.
func TestStrHashIsFNV1a(t *testing.T) {
	for _, s := range []string{"", "a", "i-bp1w00x00000", "1000000000000000\x00cn-hangzhou"} {
		h := fnv.New64a()
		h.Write([]byte(s))
		if got, want := strHash(s), h.Sum64(); got != want {
			t.Errorf("strHash(%q) = %#x, want %#x", s, got, want)
		}
	}
}

// TestTokenBookFirstEpochBefore1970: the first token sets the book's epoch to its own, before
// the Unix epoch too.
func TestTokenBookFirstEpochBefore1970(t *testing.T) {
	b := tokenBook{}.with("a", model.Record{At: time.Unix(-7200, 0)}, time.Hour)
	if b.epoch != -2 || b.cur.len() != 1 {
		t.Errorf("epoch %d, %d current tokens", b.epoch, b.cur.len())
	}
}

// TestInstanceOpThrottlesAtTheLimit: the instance operations are refused once the minute's
// count reaches the limit, per API (400) and per account (403).
func TestInstanceOpThrottlesAtTheLimit(t *testing.T) {
	w := testWorld(t, 1, 2, "10000", Limits{PerAPI: map[string]int{APIStopInstance: 1}})
	w, o := run(t)(w.StopInstance(t0, inst(0, 0)))
	wantCode(t, o, "")
	_, o = run(t)(w.StopInstance(t0, inst(0, 1)))
	wantCode(t, o, "Throttling")
	if r := o.Err.(*Refusal); r.HTTPStatus != 400 || r.Rule != "gateway.throttle-api" {
		t.Fatalf("refusal %+v", r)
	}

	w = testWorld(t, 1, 2, "10000", Limits{PerAccount: 1})
	w, o = run(t)(w.StopInstance(t0, inst(0, 0)))
	wantCode(t, o, "")
	_, o = run(t)(w.StopInstance(t0, inst(0, 1)))
	wantCode(t, o, "Throttling")
	if r := o.Err.(*Refusal); r.HTTPStatus != 403 || r.Rule != "gateway.throttle-account" {
		t.Fatalf("refusal %+v", r)
	}
}
