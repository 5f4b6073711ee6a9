// Package endpoint is the world behind respec serve: a server.Backend that answers every ECS
// action the endpoint serves (ModifyPrepayInstanceSpec, DescribeResourcesModification,
// DescribeInstanceModificationPrice, DescribeInstances, DescribeInstanceAttribute,
// StartInstance, StopInstance, RebootInstance) over world operations, the AccessKeyId
// mapping that names the caller, and the operator endpoints (dump, reset, load, clock).
//
// Concurrency: the backend holds the current State (a world.World value and its keys) behind
// one mutex. A world is persistent: an operation returns a new World and leaves the old one
// intact, sharing what it did not change, so a call that changes the world is one critical
// section of "read the current value, decide and apply (a pure function), store the result":
// the decision and its apply are atomic with respect to every other call, and nothing is ever
// half-applied (a call that fails stores nothing). A call that only reads takes the current
// value under the lock and reads it after releasing it: it sees one consistent world. The
// moment of a changing call is the later of the server clock's reading and the world's Now, so
// calls that read the clock in one order and take the lock in the other never move time back.
// The critical section costs a few microseconds (one instance and one account are copied), so
// one lock for the whole world is not the bottleneck at the endpoint's load (see the README).
package endpoint

import (
	"errors"
	"fmt"
	"sort"
	"sync"
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
	mu      sync.Mutex
	cur     State
	initial State
	load    Loader
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
	return &Backend{cur: initial, initial: initial, load: load}, nil
}

func cloneKeys(m map[string]world.Caller) map[string]world.Caller {
	out := make(map[string]world.Caller, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Snapshot returns the current state (a value: later calls do not change it; its Keys are
// shared and must not be changed).
func (b *Backend) Snapshot() State {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.cur
}

// Reset returns the backend to its initial state (the one it was made with, or the last one
// loaded).
func (b *Backend) Reset() {
	b.mu.Lock()
	b.cur = b.initial
	b.mu.Unlock()
}

// Replace makes s the current and the initial state.
func (b *Backend) Replace(s State) error {
	if err := s.Check(); err != nil {
		return err
	}
	s.Keys = cloneKeys(s.Keys)
	b.mu.Lock()
	b.cur, b.initial = s, s
	b.mu.Unlock()
	return nil
}

// change runs op on the current world at the later of now and the world's moment, for the
// caller of key, and stores the world it returns (op's error stores nothing).
func (b *Backend) change(key string, now time.Time, op func(w world.World, c world.Caller, t time.Time) (world.World, error)) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	c, err := b.cur.caller(key)
	if err != nil {
		return err
	}
	t := now
	if w := b.cur.World.Now(); w.After(t) {
		t = w
	}
	nw, err := op(b.cur.World, c, t)
	if err != nil {
		return err
	}
	b.cur.World = nw
	return nil
}

// read returns the current world brought to the later of now and its moment, and the caller
// of key.
func (b *Backend) read(key string, now time.Time) (world.World, world.Caller, time.Time, error) {
	s := b.Snapshot()
	c, err := s.caller(key)
	if err != nil {
		return world.World{}, c, now, err
	}
	t := now
	if wn := s.World.Now(); wn.After(t) {
		t = wn
	}
	w, err := s.World.Advance(t)
	return w, c, t, err
}
