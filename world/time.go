package world

import (
	"slices"
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
)

// settle returns in as it is at moment t, applying in order the events due by then, as the API
// documentation describes them:
//   - an order in progress completes at its Until (the policy's CompletionTime after
//     acceptance); until then a further change is LastOrderProcessing;
//   - a restart scheduled by RebootTime (PendingRebootTime, instance Running) applies the
//     pending type;
//   - a temporary upgrade returns the instance to its previous type at its end (EndTime);
//   - at ExpiredTime a Running instance stops (an expired instance reports Stopped).
//
// It reports whether anything changed; when nothing did, in is returned as is (no copy).
// Events are state, not a queue: each, once applied, no longer holds, so settling twice, or
// at t1 and then at t2 >= t1, gives the same instance as settling once at t2.
func settle(in model.Instance, t time.Time) (model.Instance, bool) {
	changed := false
	for {
		_, e := rules.NextEvent(&in, time.Time{}, t)
		if e == rules.EventNone {
			return in, changed
		}
		rules.ApplyEvent(&in, e)
		changed = true
	}
}

// quotasAt returns acct with the quota use of months before Now's month dropped: the monthly
// quotas restart on the 1st in the billing time zone (the policy's BillingUTCOffsetMinutes).
// The rules count only the current month anyway; dropping the rest keeps an account's record
// bounded. acct's slices are not changed.
func (w World) quotasAt(acct model.Account) model.Account {
	start := rules.MonthStart(w.now, w.policy.BillingUTCOffsetMinutes)
	q := &acct.Quotas
	q.Downgrades = slices.Clip(q.Downgrades[firstFrom(q.Downgrades, start, func(t time.Time) time.Time { return t }):])
	q.RefundedVCPU = slices.Clip(q.RefundedVCPU[firstFrom(q.RefundedVCPU, start, func(u model.QuotaUse) time.Time { return u.At }):])
	return acct
}

// firstFrom returns the index of the first element at or after start, assuming the elements
// before it are all before start (they are recorded in time order); an out-of-order element
// stops the scan, so nothing of the current month is ever dropped.
func firstFrom[E any](s []E, start time.Time, at func(E) time.Time) int {
	i := 0
	for i < len(s) && at(s[i]).Before(start) {
		i++
	}
	return i
}

// minuteIndex numbers the minutes since the Unix epoch.
func minuteIndex(t time.Time) int64 { return floorDiv(t.Unix(), 60) }

// floorDiv returns n/d rounded down (d > 0): the index of the d-long span since the Unix
// epoch that n falls in, before 1970 too.
func floorDiv(n, d int64) int64 {
	q := n / d
	if n%d < 0 {
		q--
	}
	return q
}

func apiKey(api, region string) throttleKey { return throttleKey{api: api, region: region} }
func regionKey(region string) throttleKey   { return throttleKey{region: region} }

// throttleKey names a throttle counter: an API's requests in a region, or with api "" the
// account's requests across the APIs of the region. (A struct, not a joined string: a lookup
// builds no key.)
type throttleKey struct{ api, region string }

// throttleCount is one throttle counter and its key.
type throttleCount struct {
	key throttleKey
	counter
}

// count returns the counter key's count in minute m: a count of another minute has rolled over.
func (a *account) count(key throttleKey, m int64) int {
	for _, c := range a.throttle {
		if c.key == key && c.minute == m {
			return c.count
		}
	}
	return 0
}

// counted returns a's throttle counters with one more request to api in region at t. (A list,
// not a map: an account counts a few APIs in a few regions in any one minute, and the list is
// copied on every request.)
func (a *account) counted(api, region string, t time.Time) []throttleCount {
	m := minuteIndex(t)
	out := make([]throttleCount, 0, len(a.throttle)+2)
	for _, c := range a.throttle {
		if c.minute == m { // counts of past minutes are dropped: their window rolled over
			out = append(out, c)
		}
	}
	for _, k := range [2]throttleKey{apiKey(api, region), regionKey(region)} {
		out = increment(out, k, m)
	}
	return out
}

// increment returns counts with the count of key in minute m one more (counts holds only
// minute m's).
func increment(counts []throttleCount, key throttleKey, m int64) []throttleCount {
	for i := range counts {
		if counts[i].key == key {
			counts[i].count++
			return counts
		}
	}
	return append(counts, throttleCount{key: key, counter: counter{minute: m, count: 1}})
}

// throttleView is the rules' view of the counters of api in region for the account at t.
func (w World) throttleView(a *account, api, region string, t time.Time) model.Throttle {
	m := minuteIndex(t)
	return model.Throttle{
		Minute:       t.Truncate(time.Minute),
		Count:        a.count(apiKey(api, region), m),
		Limit:        w.limits.PerAPI[api],
		AccountCount: a.count(regionKey(region), m),
		AccountLimit: w.limits.PerAccount,
	}
}

// tokenBook remembers the accepted requests that carried a ClientToken, for the policy's
// TokenTTL. Records go into generations one TTL long: the current one and the one before it.
// A record is remembered until its moment plus TTL, so only those two generations can hold
// one; an older generation is dropped whole. Memory stays bounded by the tokens of two TTLs and
// each insertion costs one path of a persistent map.
type tokenBook struct {
	epoch     int64
	cur, prev pmap[model.Record]
}

// tokenEpoch numbers the generation, ttl long, that t falls in.
func tokenEpoch(t time.Time, ttl time.Duration) int64 { return floorDiv(t.UnixNano(), int64(ttl)) }

// lookup returns token's record when it is still remembered at t.
func (b tokenBook) lookup(token string, t time.Time, ttl time.Duration) (model.Record, bool) {
	if ttl <= 0 {
		return model.Record{}, false
	}
	for _, m := range [2]pmap[model.Record]{b.cur, b.prev} {
		if r, ok := m.get(token); ok {
			if t.Before(r.At.Add(ttl)) {
				return r, true
			}
			return model.Record{}, false
		}
	}
	return model.Record{}, false
}

// with returns the book with token recorded as r at r.At (moments never go back).
func (b tokenBook) with(token string, r model.Record, ttl time.Duration) tokenBook {
	if ttl <= 0 {
		return b // a token is not remembered at all
	}
	e := tokenEpoch(r.At, ttl)
	switch {
	case b.cur.len() == 0 && b.prev.len() == 0:
		b.epoch = e
	case e == b.epoch+1:
		b.prev, b.cur, b.epoch = b.cur, pmap[model.Record]{}, e
	case e > b.epoch+1:
		b.prev, b.cur, b.epoch = pmap[model.Record]{}, pmap[model.Record]{}, e
	}
	b.cur = b.cur.set(token, r)
	return b
}
