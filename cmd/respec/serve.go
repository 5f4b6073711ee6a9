package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"sync"
	"syscall"
	"time"

	"github.com/respec-dev/respec/endpoint"
	"github.com/respec-dev/respec/server"
)

const serveAbout = `Serves a wire-compatible ECS endpoint (RPC, API version 2014-05-26) over a simulated world,
for the official, unmodified SDKs and the aliyun CLI: ModifyPrepayInstanceSpec,
DescribeResourcesModification, DescribeInstanceModificationPrice, DescribeInstances,
DescribeInstanceAttribute, StartInstance, StopInstance and RebootInstance. Point a client at the
endpoint it prints (Endpoint = that address, Protocol = http; any AccessKeySecret: signatures are
not checked, the AccessKeyId names the caller).

Without --world it serves the embedded example world: four instances of the example scenarios on
account 1234567890123456, AccessKeyIds respec-owner (the account), respec-operator and
respec-auditor (RAM users); any other AccessKeyId is InvalidAccessKeyId.NotFound. --world FILE
serves a world file (the file respec simulate reads): its accounts' AccessKeys name the caller
of each AccessKeyId (one to the account itself, others to its RAM users, "*" to every other
key); a file without AccessKeys serves its one account to any AccessKeyId (with several
accounts, each AccountId is its own account's key). A scenario document is also read, as a
one-instance world whose every AccessKeyId is the scenario's caller.

Operator endpoints (not ECS actions) under /respec/: GET /respec/world dumps the world as JSON,
POST /respec/world loads a world file (or a scenario) in its place, POST /respec/reset returns to the initial
world, POST /respec/clock?advance=90s (or ?to=RFC3339) moves a manual clock.

The clock is real time (--clock real, the default) or manual (--clock manual, standing at --now,
by default the world's moment), for deterministic tests. One log line per call goes to standard
error (buffered: written out at least every 100 ms, and at shutdown). Unless GOGC is set, the garbage collector runs at GOGC=400 (a large world, small
allocations per call). SIGINT or SIGTERM shuts down gracefully: calls in flight finish.`

// serveOptions are the flags of respec serve.
type serveOptions struct {
	listen, world, clock, now string
}

func serveFlags(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.serve.listen, "listen", "127.0.0.1:8080", "listen on this host:port (loopback by default; port 0 picks a free one)")
	fs.StringVar(&o.serve.world, "world", "", "serve `FILE`, a world file (or a scenario document), instead of the embedded example world")
	choiceVar(fs, &o.serve.clock, "clock", "real", []string{"real", "manual"}, "real (wall time) or manual (moves only through POST /respec/clock)")
	fs.StringVar(&o.serve.now, "now", "", "with --clock manual: the starting moment (RFC 3339; default the world's moment)")
}

// serveStop, when not nil, ends respec serve instead of a signal (tests).
var serveStop <-chan struct{}

// serveReady, when not nil, receives the address respec serve listens on (tests).
var serveReady chan<- string

func runServe(c *call) int {
	o := c.opts.serve
	st, err := servedState(o.world)
	if err != nil {
		return c.usageErr("%v", err)
	}
	clock, err := serveClock(o.clock, o.now, st.World.Now())
	if err != nil {
		return c.usageErr("%v", err)
	}
	b, err := endpoint.New(st, endpoint.LoadDocument)
	if err != nil {
		return c.usageErr("%v", err)
	}
	logs := newLogBuffer(c.stderr, logFlushEvery)
	defer logs.Close()
	s, err := server.NewServer(server.Config{Backend: b, Clock: clock, Log: logs, Operator: b.Operator(clock)})
	if err != nil {
		fmt.Fprintln(logs, "respec serve:", err)
		return exitFail
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return c.usageErr("%v", err)
	}
	addr := ln.Addr().String()
	fmt.Fprintf(c.stdout, "respec serve: ECS endpoint at http://%s/ (SDK: Endpoint %q, Protocol \"http\"); operator at http://%s%s; clock %s\n",
		addr, addr, addr, server.OperatorPrefix, o.clock)
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(server.GCPercent)
	}
	return serveUntilStopped(c, s.HTTPServer(addr), ln, logs)
}

// servedState is the world respec serve starts with: the file world (a world file or a
// scenario document, endpoint.LoadDocument), or the embedded example world when world is "".
func servedState(world string) (endpoint.State, error) {
	if world == "" {
		return endpoint.Example()
	}
	doc, err := os.ReadFile(world)
	if err != nil {
		return endpoint.State{}, err
	}
	return endpoint.LoadDocument(doc)
}

// serveClock is the clock of --clock kind: the wall's (real), or a manual one at --now (an
// RFC 3339 moment; the world's moment worldNow when now is "").
func serveClock(kind, now string, worldNow time.Time) (server.Clock, error) {
	switch {
	case kind == "real" && now != "":
		return nil, errors.New("--now needs --clock manual")
	case kind == "real":
		return server.RealClock{}, nil
	case kind != "manual":
		return nil, fmt.Errorf("--clock %q: want real or manual", kind)
	case now == "":
		return server.NewManualClock(worldNow), nil
	}
	t, err := time.Parse(time.RFC3339Nano, now)
	if err != nil {
		return nil, fmt.Errorf("--now %q is not an RFC 3339 moment", now)
	}
	return server.NewManualClock(t.UTC()), nil
}

// serveUntilStopped serves hs on ln until it fails (exit 1) or a signal (SIGINT, SIGTERM) or
// serveStop ends it: then in-flight requests finish (within 30 s) and it returns 0.
func serveUntilStopped(c *call, hs *http.Server, ln net.Listener, logs io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if serveReady != nil {
		serveReady <- ln.Addr().String()
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintln(logs, "respec serve:", err)
		return exitFail
	case <-ctx.Done():
	case <-serveStop:
	}
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(logs, "respec serve: shutdown:", err)
		return exitFail
	}
	fmt.Fprintln(c.stdout, "respec serve: stopped")
	return exitOK
}

// logFlushEvery is how long a log line of respec serve waits in its buffer at most.
const logFlushEvery = 100 * time.Millisecond

// logBuffer batches respec serve's standard error: a write goes into a buffer, which is written
// out when it fills (32 KiB), every interval, and on Close, so that a call's log line costs no
// system call of its own. It is safe for concurrent use.
type logBuffer struct {
	mu   sync.Mutex
	w    *bufio.Writer
	stop chan struct{}
	done chan struct{}
}

// newLogBuffer returns a logBuffer over w that flushes every interval until Close.
func newLogBuffer(w io.Writer, every time.Duration) *logBuffer {
	l := &logBuffer{w: bufio.NewWriterSize(w, 32<<10), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(l.done)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				l.flush()
			case <-l.stop:
				return
			}
		}
	}()
	return l
}

// Write buffers p.
func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (l *logBuffer) flush() {
	l.mu.Lock()
	_ = l.w.Flush()
	l.mu.Unlock()
}

// Close stops the flushing and writes out what is buffered.
func (l *logBuffer) Close() {
	close(l.stop)
	<-l.done
	l.flush()
}
