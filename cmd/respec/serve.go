package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
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
loads a scenario document as a one-instance world whose every AccessKeyId is the scenario's
caller.

Operator endpoints (not ECS actions) under /respec/: GET /respec/world dumps the world as JSON,
POST /respec/world loads a document in its place, POST /respec/reset returns to the initial
world, POST /respec/clock?advance=90s (or ?to=RFC3339) moves a manual clock.

The clock is real time (--clock real, the default) or manual (--clock manual, standing at --now,
by default the world's moment), for deterministic tests. One log line per call goes to standard
error. SIGINT or SIGTERM shuts down gracefully: calls in flight finish.`

// serveOptions are the flags of respec serve.
type serveOptions struct {
	listen, world, clock, now string
}

func serveFlags(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.serve.listen, "listen", "127.0.0.1:8080", "listen on this host:port (loopback by default; port 0 picks a free one)")
	fs.StringVar(&o.serve.world, "world", "", "load `FILE` as the world (a scenario today) instead of the embedded example world")
	choiceVar(fs, &o.serve.clock, "clock", "real", []string{"real", "manual"}, "real (wall time) or manual (moves only through POST /respec/clock)")
	fs.StringVar(&o.serve.now, "now", "", "with --clock manual: the starting moment (RFC 3339; default the world's moment)")
}

// serveStop, when not nil, ends respec serve instead of a signal (tests).
var serveStop <-chan struct{}

// serveReady, when not nil, receives the address respec serve listens on (tests).
var serveReady chan<- string

func runServe(c *call) int {
	o := c.opts.serve
	var st endpoint.State
	var err error
	if o.world != "" {
		doc, rerr := os.ReadFile(o.world)
		if rerr != nil {
			return c.usageErr("%v", rerr)
		}
		st, err = endpoint.LoadDocument(doc)
	} else {
		st, err = endpoint.Example()
	}
	if err != nil {
		return c.usageErr("%v", err)
	}
	var clock server.Clock
	switch o.clock {
	case "real":
		if o.now != "" {
			return c.usageErr("--now needs --clock manual")
		}
		clock = server.RealClock{}
	case "manual":
		now := st.World.Now()
		if o.now != "" {
			t, perr := time.Parse(time.RFC3339Nano, o.now)
			if perr != nil {
				return c.usageErr("--now %q is not an RFC 3339 moment", o.now)
			}
			now = t.UTC()
		}
		clock = server.NewManualClock(now)
	default:
		return c.usageErr("--clock %q: want real or manual", o.clock)
	}
	b, err := endpoint.New(st, nil)
	if err != nil {
		return c.usageErr("%v", err)
	}
	s, err := server.NewServer(server.Config{Backend: b, Clock: clock, Log: c.stderr, Operator: b.Operator(clock)})
	if err != nil {
		fmt.Fprintln(c.stderr, "respec serve:", err)
		return exitFail
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return c.usageErr("%v", err)
	}
	addr := ln.Addr().String()
	hs := s.HTTPServer(addr)
	fmt.Fprintf(c.stdout, "respec serve: ECS endpoint at http://%s/ (SDK: Endpoint %q, Protocol \"http\"); operator at http://%s%s; clock %s\n",
		addr, addr, addr, server.OperatorPrefix, o.clock)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if serveReady != nil {
		serveReady <- addr
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		fmt.Fprintln(c.stderr, "respec serve:", err)
		return exitFail
	case <-ctx.Done():
	case <-serveStop:
	}
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintln(c.stderr, "respec serve: shutdown:", err)
		return exitFail
	}
	fmt.Fprintln(c.stdout, "respec serve: stopped")
	return exitOK
}
