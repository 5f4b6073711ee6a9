// Package world is a simulated Alibaba Cloud account landscape over time: accounts (balance,
// arrears, RAM users, quotas and their use, the ClientToken record, throttle counters),
// instances owned by accounts, the instance-type catalog, the policy, and the moment Now.
//
// Every operation is a pure function (World, moment, input) → (World, Outcome): the input world
// is never changed, and the same world and inputs always give the same outcomes. A World is a
// value; keep the old one to branch or compare. Worlds share everything they do not change:
// accounts and instances live in persistent maps and are copied on write, so one operation
// costs in proportion to the instance and the account it touches, not to the world.
//
// Time is lazy but exact: an instance or an account is brought to the moment whenever it is
// read (its order completes CompletionTime after acceptance, a scheduled restart applies the
// pending type, a temporary upgrade reverts at its end, an expired instance stops, the monthly
// quotas restart on the 1st in the billing time zone, ClientTokens are forgotten after the
// policy's TokenTTL, throttle counts belong to their minute). Advance therefore only moves Now;
// what any reader sees is the same as if every event had been applied as it fell due.
//
// The package is pure: no clock, no I/O, no randomness.
package world

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// API names, as the throttle counters and the outcomes name them.
const (
	APIModifyPrepayInstanceSpec = "ModifyPrepayInstanceSpec"
	APIStartInstance            = "StartInstance"
	APIStopInstance             = "StopInstance"
	APIRebootInstance           = "RebootInstance"
	APIRenewInstance            = "RenewInstance"
	// OpPayOrder and OpCancelOrder are billing-console actions on an unpaid or abnormal order,
	// not ECS APIs: they are not throttled.
	OpPayOrder    = "PayOrder"
	OpCancelOrder = "CancelOrder"
)

// Limits are the world's knobs that neither the documents nor the policy give a figure for.
// The zero Limits throttles nothing.
type Limits struct {
	// PerAPI is the per-minute request threshold of each API (by API name) per region and
	// account; a missing or 0 entry means no limit. The thresholds are per account and not
	// published (Quota Center), so a world states them.
	PerAPI map[string]int
	// PerAccount is the per-minute threshold of an account across all APIs of a region
	// (0 = no limit).
	PerAccount int
	// MaxRenewMonths is the longest renewal RenewInstance accepts, in months (0 = 60, the
	// longest period of the API's Period parameter).
	MaxRenewMonths int
}

func (l Limits) maxRenewMonths() int {
	if l.MaxRenewMonths <= 0 {
		return 60
	}
	return l.MaxRenewMonths
}

// World is the state of every account and instance at Now. The zero World is empty and has no
// catalog; build one with NewBuilder.
type World struct {
	now       time.Time
	catalog   *model.Catalog
	policy    model.Policy
	limits    Limits
	accounts  pmap[*account]
	instances pmap[*instance]
}

// instance is one stored instance. Stored values are never changed: a change stores a new one.
type instance struct {
	owner string
	in    model.Instance
}

// account is one stored account. Stored values are never changed.
type account struct {
	// acct holds the balance, arrears, billing method, authorizations and quotas; its RAMUser
	// is always nil (the caller is chosen per request).
	acct  model.Account
	users map[string]*model.RAMUser // read-only after Build
	// start is the balance the account started with; charged and refunded are the totals
	// taken from and credited to the balance since.
	start, charged, refunded decimal.Decimal
	tokens                   tokenBook
	// throttle holds the per-minute counters, each key once. Read-only: a count makes a new
	// list.
	throttle []throttleCount
}

// counter is a request count within one minute (minute is the Unix minute index).
type counter struct {
	minute int64
	count  int
}

// Now returns the world's moment.
func (w World) Now() time.Time { return w.now }

// Catalog returns the shared, read-only catalog.
func (w World) Catalog() *model.Catalog { return w.catalog }

// Policy returns the policy in force (a copy: changing it does not change the world).
func (w World) Policy() model.Policy { return clonePolicy(w.policy) }

// Limits returns the world's throttle and renewal knobs (a copy).
func (w World) Limits() Limits { return cloneLimits(w.limits) }

// Len returns the number of instances.
func (w World) Len() int { return w.instances.len() }

// Advance returns the world at moment to. Events due up to to (order completion, scheduled
// restarts, temporary upgrades ending, expiry, the monthly quota reset, token retention,
// throttle windows) are seen by every later read and operation. A moment before Now is an
// error (ErrTimeBackwards).
func (w World) Advance(to time.Time) (World, error) {
	if to.Before(w.now) {
		return w, fmt.Errorf("%w: %s is before the world's moment %s", ErrTimeBackwards, to.UTC().Format(time.RFC3339Nano), w.now.UTC().Format(time.RFC3339Nano))
	}
	w.now = to
	return w, nil
}

// Errors of misuse (not refusals of the API, which are Outcomes).
var (
	// ErrTimeBackwards: an operation's moment is before the world's Now.
	ErrTimeBackwards = errors.New("world: moment before the world's Now")
	// ErrUnknownAccount: the caller's account is not in the world.
	ErrUnknownAccount = errors.New("world: unknown account")
	// ErrUnknownRAMUser: the caller's RAM user is not one of the account's.
	ErrUnknownRAMUser = errors.New("world: unknown RAM user")
	// ErrInvalidWorld: a builder input is inconsistent (see the wrapped message).
	ErrInvalidWorld = errors.New("world: invalid")
)

// Instance returns instance id as it is at Now and the ID of its owning account. The returned
// value shares its slices with the world: treat it as read-only.
func (w World) Instance(id string) (model.Instance, string, bool) {
	s, ok := w.instances.get(id)
	if !ok {
		return model.Instance{}, "", false
	}
	in, _ := settle(s.in, w.now)
	return in, s.owner, true
}

// InstanceIDs returns every instance ID in ascending order.
func (w World) InstanceIDs() []string {
	out := make([]string, 0, w.instances.len())
	w.instances.each(func(k string, _ *instance) bool { out = append(out, k); return true })
	slices.Sort(out)
	return out
}

// AccountIDs returns every account ID in ascending order.
func (w World) AccountIDs() []string {
	out := make([]string, 0, w.accounts.len())
	w.accounts.each(func(k string, _ *account) bool { out = append(out, k); return true })
	slices.Sort(out)
	return out
}

// AccountState is an account as it is at Now, with its books.
type AccountState struct {
	// Account is the account (RAMUser nil; its quotas' use counts only the current month).
	Account model.Account
	// RAMUsers are the account's RAM users, by name in ascending order.
	RAMUsers []model.RAMUser
	// StartBalance is the balance the account was built with; Charged and Refunded are the
	// totals taken from and credited to the balance since. Account.Balance always equals
	// StartBalance + Refunded − Charged.
	StartBalance, Charged, Refunded decimal.Decimal
	// Tokens are the ClientTokens still remembered at Now, with their records.
	Tokens map[string]model.Record
	// Requests are the throttle counts of Now's minute, ordered by region and API (API ""
	// is the count across all APIs of the region).
	Requests []RequestCount
}

// Account returns account id as it is at Now. The value shares its slices with the world:
// treat it as read-only.
func (w World) Account(id string) (AccountState, bool) {
	a, ok := w.accounts.get(id)
	if !ok {
		return AccountState{}, false
	}
	st := AccountState{Account: w.quotasAt(a.acct), StartBalance: a.start, Charged: a.charged, Refunded: a.refunded}
	for _, name := range slices.Sorted(maps.Keys(a.users)) {
		st.RAMUsers = append(st.RAMUsers, *a.users[name])
	}
	ttl := w.policy.TokenTTL.D()
	for _, m := range [2]pmap[model.Record]{a.tokens.prev, a.tokens.cur} {
		m.each(func(tok string, _ model.Record) bool {
			if r, ok := a.tokens.lookup(tok, w.now, ttl); ok {
				if st.Tokens == nil {
					st.Tokens = map[string]model.Record{}
				}
				st.Tokens[tok] = r
			}
			return true
		})
	}
	m := minuteIndex(w.now)
	for _, c := range a.throttle { // sorted below
		if c.minute == m {
			st.Requests = append(st.Requests, RequestCount{API: c.key.api, RegionID: c.key.region, Count: c.count})
		}
	}
	slices.SortFunc(st.Requests, func(x, y RequestCount) int {
		if c := strings.Compare(x.RegionID, y.RegionID); c != 0 {
			return c
		}
		return strings.Compare(x.API, y.API)
	})
	return st, true
}

// Requests returns how many requests the account made to api in region during Now's minute,
// and the account's requests across all APIs of the region in that minute.
func (w World) Requests(accountID, api, region string) (perAPI, perAccount int) {
	a, ok := w.accounts.get(accountID)
	if !ok {
		return 0, 0
	}
	m := minuteIndex(w.now)
	return a.count(apiKey(api, region), m), a.count(regionKey(region), m)
}

// Token returns the record of an accepted request that carried token, while it is remembered
// (until its moment plus the policy's TokenTTL).
func (w World) Token(accountID, token string) (model.Record, bool) {
	a, ok := w.accounts.get(accountID)
	if !ok {
		return model.Record{}, false
	}
	return a.tokens.lookup(token, w.now, w.policy.TokenTTL.D())
}
