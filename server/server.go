package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/respec-dev/respec/errcodes"
)

// OperatorPrefix is the path under which the endpoint reserves operator requests (load or
// dump the world, move a manual clock): they are not ECS actions, and every other path but
// "/" is 404 InvalidAction.NotFound.
const OperatorPrefix = "/respec/"

// RateLimitHeader is the response header the SDKs read a Throttling error's retry-after from.
const RateLimitHeader = "x-ratelimit-user-api"

// GCPercent is the garbage collector's target (GOGC) respec serve runs with when the
// environment sets none, and BenchmarkServeModify10k measures with. The world is a large live
// heap (a 10,000-instance world holds about 15 MiB) that a call changes only a little, while
// each call allocates a few KiB that die at once: at Go's default of 100 a collection, which
// marks the whole live world, comes every two thousand calls or so. At 400 it comes a quarter as
// often, for a heap of at most five times the live world.
const GCPercent = 400

// Config configures a Server.
type Config struct {
	// Backend serves the actions.
	Backend Backend
	// Clock gives the moment of each call; nil is RealClock.
	Clock Clock
	// Log, when not nil, receives one line per request (see Server.ServeHTTP).
	Log io.Writer
	// Operator, when not nil, serves the requests under OperatorPrefix.
	Operator http.Handler
	// RequestIDs, when not nil, gives the server's RequestId of each call; nil numbers the
	// calls of this server in order (see NewServer).
	RequestIDs func() string
}

// Server is the ECS endpoint: an http.Handler. It is safe for concurrent use.
type Server struct {
	registry  *Registry
	clock     Clock
	log       io.Writer
	logMu     sync.Mutex
	operator  http.Handler
	ids       func() string
	seq       atomic.Uint64
	sinceFunc func(time.Time) time.Duration
}

// NewServer returns the endpoint over cfg.Backend's actions. Without cfg.RequestIDs, the n-th
// call gets the RequestId "00000000-0000-4000-8000-" followed by n in 12 hex digits: the same
// sequence of calls gets the same ids.
func NewServer(cfg Config) (*Server, error) {
	if cfg.Backend == nil {
		return nil, fmt.Errorf("%w: no backend", ErrRegistry)
	}
	reg, err := NewRegistry(cfg.Backend.Actions()...)
	if err != nil {
		return nil, err
	}
	s := &Server{registry: reg, clock: cfg.Clock, log: cfg.Log, operator: cfg.Operator, ids: cfg.RequestIDs, sinceFunc: time.Since}
	if s.clock == nil {
		s.clock = RealClock{}
	}
	if s.ids == nil {
		s.ids = s.nextID
	}
	return s, nil
}

// Registry returns the server's actions.
func (s *Server) Registry() *Registry { return s.registry }

func (s *Server) nextID() string {
	const hexd = "0123456789ABCDEF"
	n := s.seq.Add(1)
	var b [36]byte
	copy(b[:], "00000000-0000-4000-8000-000000000000")
	for i := len(b) - 1; i >= len(b)-12; i-- {
		b[i] = hexd[n&0xf]
		n >>= 4
	}
	return string(b[:])
}

// ServeHTTP answers one request. In order:
//
//  1. A path under OperatorPrefix goes to the operator handler; a path other than "/", or a
//     method other than POST or GET, is 404 InvalidAction.NotFound.
//  2. The call is decoded (query, form body, headers): a request the gateway cannot read is
//     400 InvalidParameter (see decode's caps).
//  3. No action is 400 MissingParameter "Action"; an action the backend does not serve is 404
//     InvalidAction.NotFound; no version is 400 MissingParameter "Version"; another version
//     than 2014-05-26 is 400 InvalidVersion.
//  4. The first of the action's required parameters that is absent or empty is 400
//     MissingParameter.
//  5. The action answers, with the moment read once from the clock.
//
// A panic in the action is 500 InternalError. The answer is application/json; every error
// is its catalog HTTP status with the wire body, never a 200. When Log is set, one line is
// written per request: the moment (RFC 3339, from the clock), the action, the InstanceId
// (or ResourceId), the HTTP status, the code (OK on success) and the latency, each field
// cleaned to printable ASCII and shortened.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.operator != nil && len(r.URL.Path) >= len(OperatorPrefix) && r.URL.Path[:len(OperatorPrefix)] == OperatorPrefix {
		s.operator.ServeHTTP(w, r)
		return
	}
	start := time.Now()
	if r.Body != nil && r.Body != http.NoBody {
		r.Body = http.MaxBytesReader(w, r.Body, MaxBodyBytes)
	}
	now := s.clock.Now()
	c := Call{Now: now, RequestID: s.ids()}
	resp, apiErr := s.serve(r, &c)
	bp := bufPool.Get().(*[]byte)
	status := s.write(w, &c, resp, apiErr, bp)
	if s.log != nil {
		code := "OK"
		if apiErr != nil {
			code = apiErr.Code()
		}
		inst := c.Params.Get("InstanceId")
		if inst == "" {
			inst = c.Params.Get("ResourceId")
		}
		line := now.AppendFormat((*bp)[:0], time.RFC3339)
		line = appendLogField(append(line, ' '), c.Action)
		line = appendLogField(append(line, ' '), inst)
		line = strconv.AppendInt(append(line, ' '), int64(status), 10)
		line = append(append(append(line, ' '), code...), ' ')
		line = append(append(line, s.sinceFunc(start).String()...), '\n')
		s.logMu.Lock()
		_, _ = s.log.Write(line)
		s.logMu.Unlock()
		*bp = line
	}
	if cap(*bp) <= 64<<10 { // a rare large answer's buffer is left to the collector
		bufPool.Put(bp)
	}
}

// serve decodes the call into c and runs its action.
func (s *Server) serve(r *http.Request, c *Call) (resp Response, apiErr *errcodes.Error) {
	if r.URL.Path != "/" || (r.Method != http.MethodPost && r.Method != http.MethodGet) {
		return resp, errcodes.New(errcodes.InvalidActionNotFound, r.Method+" "+r.URL.Path)
	}
	d, e := decode(r)
	c.Params, c.AccessKeyID, c.Signing = d.params, d.accessKeyID, d.signing
	if e != nil {
		return resp, e
	}
	if d.action == "" {
		return resp, errcodes.New(errcodes.MissingParameter, "Action")
	}
	c.Action = d.action
	a, ok := s.registry.Lookup(d.action)
	if !ok {
		return resp, errcodes.New(errcodes.InvalidActionNotFound, d.action)
	}
	if d.version == "" {
		return resp, errcodes.New(errcodes.MissingParameter, "Version")
	}
	if d.version != APIVersion {
		return resp, errcodes.New(errcodes.InvalidVersion, d.version)
	}
	for _, p := range a.Required {
		if c.Params.Get(p) == "" {
			return resp, errcodes.New(errcodes.MissingParameter, p)
		}
	}
	return s.run(r.Context(), a, c)
}

// run calls the action, turning a panic or an error outside the catalog into InternalError.
func (s *Server) run(ctx context.Context, a Action, c *Call) (resp Response, apiErr *errcodes.Error) {
	defer func() {
		if p := recover(); p != nil {
			resp, apiErr = Response{}, errcodes.New(errcodes.InternalError, fmt.Sprint("panic: ", p))
		}
	}()
	resp, err := a.Handle(ctx, c)
	if err == nil {
		return resp, nil
	}
	var e *errcodes.Error
	if errors.As(err, &e) && e.ID.Valid() {
		return resp, e
	}
	var id errcodes.ID
	if errors.As(err, &id) && id.Valid() {
		return resp, errcodes.New(id, "")
	}
	return resp, errcodes.New(errcodes.InternalError, err.Error())
}

// jsonContentType is the Content-Type of every answer (shared, never changed).
var jsonContentType = []string{"application/json;charset=utf-8"}

// write sends the answer, encoded into the buffer *bp (which it may grow), and returns its HTTP
// status.
func (s *Server) write(w http.ResponseWriter, c *Call, resp Response, apiErr *errcodes.Error, bp *[]byte) int {
	reqID := c.RequestID
	if resp.RequestID != "" {
		reqID = resp.RequestID
	}
	h := w.Header()
	// Canonical keys set directly: Header.Set would canonicalize them on every call. The
	// RequestId and the Content-Length share one allocation.
	vals := new([2]string)
	h["Content-Type"] = jsonContentType
	vals[0] = reqID
	h["X-Acs-Request-Id"] = vals[0:1:1]
	if resp.RateLimit != nil {
		h[http.CanonicalHeaderKey(RateLimitHeader)] = []string{resp.RateLimit.header()}
	}
	status := http.StatusOK
	var body []byte
	if apiErr == nil {
		var err error
		body, err = encodeBody((*bp)[:0], resp.Body)
		if err != nil || len(body) == 0 || body[0] != '{' {
			apiErr = errcodes.New(errcodes.InternalError, "the action's answer is not a JSON object")
		}
	}
	if apiErr != nil {
		status = apiErr.HTTPStatus()
		wire := apiErr.Wire(reqID, errcodes.HostFor(hostRegion(c.Params.Get("RegionId"))))
		body = wire.AppendJSON((*bp)[:0])
	}
	vals[1] = strconv.Itoa(len(body))
	h["Content-Length"] = vals[1:2:2]
	w.WriteHeader(status)
	_, _ = w.Write(body)
	*bp = body
	return status
}

// hostRegion returns region when it looks like a region id (lower-case letters, digits and
// dashes, at most 64 bytes), else "": the HostId never echoes arbitrary input.
func hostRegion(region string) string {
	if len(region) > 64 {
		return ""
	}
	for i := 0; i < len(region); i++ {
		if b := region[i]; !(b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '-') {
			return ""
		}
	}
	return region
}

// appendLogField appends s for a log line: "-" when empty, bytes outside printable ASCII as
// '?', at most 64 bytes.
func appendLogField(dst []byte, s string) []byte {
	if s == "" {
		return append(dst, '-')
	}
	if len(s) > 64 {
		s = s[:64]
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c > '~' {
			dst = append(dst, '?')
		} else {
			dst = append(dst, c)
		}
	}
	return dst
}

// HTTPServer returns an http.Server for s on addr with the endpoint's timeouts and header
// cap: ReadHeaderTimeout 5 s (a client that never finishes its headers is dropped), read and
// write 30 s, idle 120 s, headers at most MaxQueryBytes plus 8 KiB (the query travels in the
// request line). Shutdown on the returned server lets in-flight requests finish.
func (s *Server) HTTPServer(addr string) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           s,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    MaxQueryBytes + 8<<10,
	}
}
