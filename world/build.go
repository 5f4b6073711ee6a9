package world

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

// Builder assembles a World from plain values, as a file decoder reads them: the moment, the
// catalog, the policy and the limits, then accounts, then the instances each account owns.
// Build checks the whole and returns the World; the Builder keeps no reference to what it was
// given that Build does not copy. A Builder is for one goroutine.
type Builder struct {
	w    World
	errs []error
}

// AccountSpec is one account as a world file states it.
type AccountSpec struct {
	// Account is the account: AccountId, Balance, InArrears, NoBillingMethod,
	// AuthorizedTypes and Quotas (their use so far). RAMUser must be nil: the caller is named
	// per request (Caller.RAMUser), and the account's users are RAMUsers.
	Account model.Account
	// RAMUsers are the account's RAM users, each with its permissions.
	RAMUsers []model.RAMUser
	// Tokens are ClientTokens already used, each with the record of its accepted request;
	// those past the policy's TokenTTL at the world's moment are forgotten at once.
	Tokens map[string]model.Record
	// Requests are the requests already counted in the world's current minute.
	Requests []RequestCount
}

// RequestCount is a throttle count of the current minute: the requests of an account to API
// in a region, or with API "" across all APIs of the region.
type RequestCount struct {
	API      string
	RegionID string
	Count    int
}

// NewBuilder starts a world at moment now over catalog cat (shared, read-only) under policy
// pol with the given limits.
func NewBuilder(now time.Time, cat *model.Catalog, pol model.Policy, lim Limits) *Builder {
	b := &Builder{w: World{now: now, catalog: cat, policy: clonePolicy(pol), limits: cloneLimits(lim)}}
	if cat == nil {
		b.fail("no catalog")
	}
	return b
}

func clonePolicy(p model.Policy) model.Policy {
	p.UpgradeStatuses = slices.Clone(p.UpgradeStatuses)
	p.DowngradeStatuses = slices.Clone(p.DowngradeStatuses)
	return p
}

func cloneLimits(l Limits) Limits {
	if l.PerAPI != nil {
		m := make(map[string]int, len(l.PerAPI))
		for k, v := range l.PerAPI {
			m[k] = v
		}
		l.PerAPI = m
	}
	return l
}

func (b *Builder) fail(format string, args ...any) {
	b.errs = append(b.errs, fmt.Errorf("%w: "+format, append([]any{ErrInvalidWorld}, args...)...))
}

// AddAccount adds an account. Its ID must be new and non-empty, its balance a sane decimal
// (model.CheckDecimal, negative allowed for an account in debt), its RAM users' names unique.
func (b *Builder) AddAccount(s AccountSpec) *Builder {
	id := s.Account.AccountID
	switch {
	case id == "":
		b.fail("an account has no AccountId")
		return b
	case s.Account.RAMUser != nil:
		b.fail("account %s: RAMUser must be nil (list the users in RAMUsers)", id)
		return b
	}
	if _, dup := b.w.accounts.get(id); dup {
		b.fail("account %s is given twice", id)
		return b
	}
	if err := model.CheckDecimal(s.Account.Balance, true); err != nil {
		b.fail("account %s: Balance %v", id, err)
		return b
	}
	a := &account{acct: s.Account.Clone(), users: make(map[string]*model.RAMUser, len(s.RAMUsers)),
		start: s.Account.Balance, charged: decimal.Zero, refunded: decimal.Zero}
	if !b.addUsers(a, id, s.RAMUsers) || !b.addTokens(a, id, s.Tokens) || !b.addRequests(a, id, s.Requests) {
		return b
	}
	b.w.accounts = b.w.accounts.set(id, a)
	return b
}

// addUsers gives account id (being built as a) its RAM users, each named and named once.
func (b *Builder) addUsers(a *account, id string, users []model.RAMUser) bool {
	for _, u := range users {
		if u.Name == "" {
			b.fail("account %s: a RAM user has no Name", id)
			return false
		}
		if _, dup := a.users[u.Name]; dup {
			b.fail("account %s: RAM user %s is given twice", id, u.Name)
			return false
		}
		u.Permissions = append([]string(nil), u.Permissions...)
		u.AllowedInstanceTypes = append([]string(nil), u.AllowedInstanceTypes...)
		a.users[u.Name] = &u
	}
	return true
}

// addTokens gives account id the token records not yet expired at the world's moment; none
// may be recorded after it.
func (b *Builder) addTokens(a *account, id string, tokens map[string]model.Record) bool {
	ttl := b.w.policy.TokenTTL.D()
	for _, tok := range slices.Sorted(maps.Keys(tokens)) {
		r := tokens[tok]
		if r.At.After(b.w.now) {
			b.fail("account %s: token %s is recorded at %s, after the world's moment", id, tok, r.At.Format(time.RFC3339))
			return false
		}
		if _, ok := (tokenBook{cur: pmap[model.Record]{}.set(tok, r)}).lookup(tok, b.w.now, ttl); ok {
			a.tokens = a.tokens.with(tok, r, ttl)
		}
	}
	return true
}

// addRequests gives account id this minute's request counts, each API and region once and
// none negative.
func (b *Builder) addRequests(a *account, id string, requests []RequestCount) bool {
	if len(requests) == 0 {
		return true
	}
	a.throttle = make([]throttleCount, 0, len(requests))
	m := minuteIndex(b.w.now)
	seen := make(map[throttleKey]bool, len(requests))
	for _, rc := range requests {
		k := apiKey(rc.API, rc.RegionID)
		if seen[k] || rc.Count < 0 {
			b.fail("account %s: request count of %q in %q is given twice or negative", id, rc.API, rc.RegionID)
			return false
		}
		seen[k] = true
		a.throttle = append(a.throttle, throttleCount{key: k, counter: counter{minute: m, count: rc.Count}})
	}
	return true
}

// AddInstance adds instance in, owned by account owner (added before). Its InstanceId must be
// new and non-empty and each of its orders valid (model.Order.Validate).
func (b *Builder) AddInstance(owner string, in model.Instance) *Builder {
	if in.InstanceID == "" {
		b.fail("an instance has no InstanceId")
		return b
	}
	if _, ok := b.w.accounts.get(owner); !ok {
		b.fail("instance %s: owner %q is not an account of the world", in.InstanceID, owner)
		return b
	}
	if _, dup := b.w.instances.get(in.InstanceID); dup {
		b.fail("instance %s is given twice", in.InstanceID)
		return b
	}
	for i := range in.Orders {
		if err := in.Orders[i].Validate(); err != nil {
			b.fail("instance %s: %v", in.InstanceID, err)
			return b
		}
	}
	b.w.instances = b.w.instances.set(in.InstanceID, &instance{owner: owner, in: in.Clone()})
	return b
}

// Build returns the world, or every problem found (joined, each wrapping ErrInvalidWorld).
func (b *Builder) Build() (World, error) {
	if len(b.errs) > 0 {
		return World{}, joinErrs(b.errs)
	}
	return b.w, nil
}

// joined is several builder problems reported as one error, on one line.
type joined []error

// Error joins the problems with "; ".
func (j joined) Error() string {
	s := j[0].Error()
	for _, e := range j[1:] {
		s += "; " + e.Error()
	}
	return s
}

// Unwrap returns the problems, for errors.Is and errors.As.
func (j joined) Unwrap() []error { return j }

func joinErrs(errs []error) error { return joined(append([]error(nil), errs...)) }
