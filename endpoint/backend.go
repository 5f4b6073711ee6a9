// Package endpoint is the world behind respec serve: a server.Backend that answers every ECS
// action the endpoint serves (ModifyPrepayInstanceSpec, DescribeResourcesModification,
// DescribeInstanceModificationPrice, DescribeInstances, DescribeInstanceAttribute,
// StartInstance, StopInstance, RebootInstance) over world operations, the AccessKeyId
// mapping that names the caller, and the operator endpoints (dump, reset, load, clock).
//
// Concurrency: the world is served as its parts (world.World.Split), one per account, each
// behind its own mutex. No operation reads or changes more than its caller's account and that
// account's instances, so a call that changes the world is one critical section on its
// caller's part: "read the part, decide and apply (a pure function), store the result". The
// decision and its apply are atomic with respect to every other call of the same account,
// calls of different accounts run in parallel, and nothing is ever half-applied (a call that
// fails stores nothing). A call that only reads takes its caller's part under the lock and
// reads it after releasing it: it sees one consistent account. The moment of a changing call
// is the later of the server clock's reading and the part's moment, so calls that read the
// clock in one order and take the lock in the other never move an account's time back.
// Snapshot joins the parts, one lock at a time: each account is consistent, and once the calls
// have stopped the whole is. Reset and Replace swap every part at once (one atomic pointer);
// a call in flight on the parts they replace completes on those, as if it came just before.
package endpoint

import (
	"errors"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/world"
)

// AnyKey, as a key of State.Keys, maps every AccessKeyId the map does not name.
const AnyKey = "*"

// State is what the backend serves: the world and the AccessKeyIds that name its callers.
type State struct {
	World world.World
	// Keys maps an AccessKeyId to the account (RAMUser "") or the RAM user it authenticates.
	// An AccessKeyId it does not name is 404 InvalidAccessKeyId.NotFound, unless AnyKey is
	// a key.
	Keys map[string]world.Caller
}

// caller returns the caller of an AccessKeyId.
func (s *State) caller(key string) (world.Caller, error) {
	if c, ok := s.Keys[key]; ok && key != "" {
		return c, nil
	}
	if c, ok := s.Keys[AnyKey]; ok {
		return c, nil
	}
	return world.Caller{}, errcodes.New(errcodes.InvalidAccessKeyIdNotFound, key)
}

// Check returns an error when a key names an account or RAM user the world does not have.
func (s *State) Check() error {
	keys := make([]string, 0, len(s.Keys))
	for k := range s.Keys {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c := s.Keys[k]
		a, ok := s.World.Account(c.AccountID)
		if !ok {
			return fmt.Errorf("%w: AccessKeyId %q names account %q, which the world does not have", ErrState, k, c.AccountID)
		}
		if c.RAMUser != "" && !hasUser(a, c.RAMUser) {
			return fmt.Errorf("%w: AccessKeyId %q names RAM user %q, which account %s does not have", ErrState, k, c.RAMUser, c.AccountID)
		}
	}
	return nil
}

func hasUser(a world.AccountState, name string) bool {
	for _, u := range a.RAMUsers {
		if u.Name == name {
			return true
		}
	}
	return false
}

// ErrState is wrapped by the errors of an inconsistent State or an unreadable document.
var ErrState = errors.New("endpoint: invalid state")

// Loader turns a document (the operator's load request body, the --world file) into a State.
type Loader func(doc []byte) (State, error)

// Backend serves the world. It is safe for concurrent use; make it with New.
type Backend struct {
	cur     atomic.Pointer[served]
	mu      sync.Mutex // serializes Reset and Replace
	initial State
	split   split // initial's parts, for Reset
	load    Loader
}

// split is a State as its parts (world.World.Split).
type split struct {
	keys  map[string]world.Caller
	rest  world.World
	parts map[string]world.World
}

func splitOf(s State) split {
	rest, parts := s.World.Split()
	return split{keys: s.Keys, rest: rest, parts: parts}
}

// served is the state being served: the keys and the world as its parts.
type served struct {
	keys  map[string]world.Caller
	rest  world.World      // the world without its accounts (moment, catalog, policy, limits)
	parts map[string]*part // by AccountID; the map is read-only
	ids   []string         // the AccountIDs in ascending order
}

// part is one account's part of the world and the lock of its calls.
type part struct {
	mu sync.Mutex
	w  world.World
}

// serve returns the parts of sp as they are served.
func serve(sp split) *served {
	sv := &served{keys: sp.keys, rest: sp.rest, parts: make(map[string]*part, len(sp.parts))}
	for id, w := range sp.parts {
		sv.parts[id] = &part{w: w}
		sv.ids = append(sv.ids, id)
	}
	sort.Strings(sv.ids)
	return sv
}

// New returns a backend serving initial. load reads the documents of the operator's load
// request (nil: LoadDocument).
func New(initial State, load Loader) (*Backend, error) {
	if err := initial.Check(); err != nil {
		return nil, err
	}
	if load == nil {
		load = LoadDocument
	}
	initial.Keys = cloneKeys(initial.Keys)
	b := &Backend{initial: initial, split: splitOf(initial), load: load}
	b.cur.Store(serve(b.split))
	return b, nil
}

func cloneKeys(m map[string]world.Caller) map[string]world.Caller {
	out := make(map[string]world.Caller, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Snapshot returns the current state (a value: later calls do not change it; its Keys are
// shared and must not be changed): the accounts' parts joined, each taken under its lock.
func (b *Backend) Snapshot() State {
	sv := b.cur.Load()
	ws := make([]world.World, 0, len(sv.ids))
	for _, id := range sv.ids {
		p := sv.parts[id]
		p.mu.Lock()
		ws = append(ws, p.w)
		p.mu.Unlock()
	}
	w, err := sv.rest.Join(ws...)
	if err != nil { // the parts of one Split are disjoint
		panic("endpoint: the parts of the world overlap: " + err.Error())
	}
	return State{World: w, Keys: sv.keys}
}

// Reset returns the backend to its initial state (the one it was made with, or the last one
// loaded).
func (b *Backend) Reset() {
	b.mu.Lock()
	b.cur.Store(serve(b.split))
	b.mu.Unlock()
}

// Replace makes s the current and the initial state.
func (b *Backend) Replace(s State) error {
	if err := s.Check(); err != nil {
		return err
	}
	s.Keys = cloneKeys(s.Keys)
	b.mu.Lock()
	b.initial, b.split = s, splitOf(s)
	b.cur.Store(serve(b.split))
	b.mu.Unlock()
	return nil
}

// partOf returns the caller of key and its account's part.
func (sv *served) partOf(key string) (world.Caller, *part, error) {
	s := State{Keys: sv.keys}
	c, err := s.caller(key)
	if err != nil {
		return c, nil, err
	}
	p, ok := sv.parts[c.AccountID]
	if !ok { // State.Check keeps this from happening
		return c, nil, fmt.Errorf("%w: %q", world.ErrUnknownAccount, c.AccountID)
	}
	return c, p, nil
}

// change runs op on the caller's part of the world at the later of now and the part's moment,
// for the caller of key, and stores the world it returns (op's error stores nothing).
func (b *Backend) change(key string, now time.Time, op func(w world.World, c world.Caller, t time.Time) (world.World, error)) error {
	c, p, err := b.cur.Load().partOf(key)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	t := now
	if w := p.w.Now(); w.After(t) {
		t = w
	}
	nw, err := op(p.w, c, t)
	if err != nil {
		return err
	}
	p.w = nw
	return nil
}

// read returns the caller's part of the current world brought to the later of now and its
// moment, and the caller of key.
func (b *Backend) read(key string, now time.Time) (world.World, world.Caller, time.Time, error) {
	c, p, err := b.cur.Load().partOf(key)
	if err != nil {
		return world.World{}, c, now, err
	}
	p.mu.Lock()
	w := p.w
	p.mu.Unlock()
	t := now
	if wn := w.Now(); wn.After(t) {
		t = wn
	}
	w, err = w.Advance(t)
	return w, c, t, err
}
