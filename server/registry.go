package server

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Signing says how a call was signed, which decides where its action and AccessKeyId were
// read. Both are decoded to the same Call: only this field tells them apart.
type Signing uint8

const (
	// SigningV3 is ACS3-HMAC-SHA256, the official SDKs' default: the action in the
	// x-acs-action header, the AccessKeyId in the Authorization header's Credential.
	SigningV3 Signing = iota + 1
	// SigningV2 is the classic RPC signature: Action and AccessKeyId in the query.
	SigningV2
)

// String returns "V3" or "V2".
func (s Signing) String() string {
	switch s {
	case SigningV3:
		return "V3"
	case SigningV2:
		return "V2"
	}
	return "unknown"
}

// Params are a call's parameters, each name given once with its one value.
type Params map[string]string

// Get returns the value of the parameter name, or "" when it is not given.
func (p Params) Get(name string) string { return p[name] }

// Has reports whether the parameter name is given.
func (p Params) Has(name string) bool {
	_, ok := p[name]
	return ok
}

// Call is one decoded API call, as an Action receives it.
type Call struct {
	// Action is the API action, e.g. "ModifyPrepayInstanceSpec".
	Action string
	// Params are the action's parameters from the URL query and the form body, each given
	// once, valid UTF-8, with the protocol's own parameters removed (Action, Version, Format,
	// AccessKeyId, the Signature* parameters, Timestamp, SecurityToken): a V2 and a V3 call
	// of the same request have equal Params. The Action owns the map.
	Params Params
	// AccessKeyID is the caller's AccessKeyId ("" when the request names none). It is not
	// checked: the backend maps it to an account or a RAM user, or refuses it.
	AccessKeyID string
	// Now is the moment of the call, read once from the server's clock.
	Now time.Time
	// RequestID is the id the server gives the call; an Action answers with it unless it has
	// its own (Response.RequestID).
	RequestID string
	// Signing is how the call was signed.
	Signing Signing
}

// RateLimit is the throttle state of the caller for the action, sent in the
// x-ratelimit-user-api header as "Limit:<n>,Remain:<n>,TimeLeft:<ms>". The SDKs read TimeLeft
// (milliseconds until the window rolls over) as the retry-after of a Throttling error.
type RateLimit struct {
	// Limit is the number of calls the window allows.
	Limit int
	// Remain is the number of calls left in the window (0 when throttled).
	Remain int
	// TimeLeft is the time until the window rolls over.
	TimeLeft time.Duration
}

// header returns the x-ratelimit-user-api value.
func (r RateLimit) header() string {
	ms := r.TimeLeft.Milliseconds()
	if r.TimeLeft > 0 && ms == 0 {
		ms = 1 // a window that has not rolled over yet is never "0 ms left"
	}
	return "Limit:" + strconv.Itoa(r.Limit) + ",Remain:" + strconv.Itoa(r.Remain) + ",TimeLeft:" + strconv.FormatInt(ms, 10)
}

// Response is what an Action answers besides its error.
type Response struct {
	// Body is the success body (one of this package's response types, or any value that
	// encodes to a JSON object); it is ignored when the Action returns an error.
	Body any
	// RequestID, when not empty, is the RequestId of the answer (success or error) instead of
	// Call.RequestID: an operation whose RequestId is part of its record answers with it.
	RequestID string
	// RateLimit, when not nil, is sent in the x-ratelimit-user-api header (success or error).
	// A Throttling error should carry it: it is the SDK's retry-after.
	RateLimit *RateLimit
}

// HandlerFunc answers one call. It returns a documented API error as an *errcodes.Error (or
// an error wrapping one); any other error, or a panic, is answered as 500 InternalError.
// It must not keep c.Params beyond the call unless it owns them (it does: they are its copy).
type HandlerFunc func(ctx context.Context, c *Call) (Response, error)

// Action is one API action a backend serves.
type Action struct {
	// Name is the API action, exactly as clients send it.
	Name string
	// Required are the parameters the gateway requires before the action runs, in the order
	// it checks them: the first one absent or empty is 400 MissingParameter.
	Required []string
	// Handle answers the call.
	Handle HandlerFunc
}

// Backend is what serves the actions: the world, or a test double. The server reads
// Actions once, when it is made.
type Backend interface {
	Actions() []Action
}

// Registry maps action names to the actions that serve them. It is read-only once made and
// safe for concurrent use.
type Registry struct {
	byName map[string]Action
}

// ErrRegistry is wrapped by every error NewRegistry returns.
var ErrRegistry = errors.New("server: invalid action registry")

// NewRegistry returns the registry of actions. Each needs a non-empty name of ASCII letters
// and digits, given once, and a handler.
func NewRegistry(actions ...Action) (*Registry, error) {
	r := &Registry{byName: make(map[string]Action, len(actions))}
	for i, a := range actions {
		if !isActionName(a.Name) {
			return nil, fmt.Errorf("%w: action %d has name %q (want ASCII letters and digits)", ErrRegistry, i, a.Name)
		}
		if a.Handle == nil {
			return nil, fmt.Errorf("%w: action %s has no handler", ErrRegistry, a.Name)
		}
		if _, dup := r.byName[a.Name]; dup {
			return nil, fmt.Errorf("%w: action %s is registered twice", ErrRegistry, a.Name)
		}
		a.Required = append([]string(nil), a.Required...)
		r.byName[a.Name] = a
	}
	return r, nil
}

// Lookup returns the action named name.
func (r *Registry) Lookup(name string) (Action, bool) {
	a, ok := r.byName[name]
	return a, ok
}

// Names returns the names of the registered actions, sorted.
func (r *Registry) Names() []string {
	out := make([]string, 0, len(r.byName))
	for n := range r.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func isActionName(s string) bool {
	if s == "" || len(s) > maxActionLen {
		return false
	}
	return strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) < 0
}
