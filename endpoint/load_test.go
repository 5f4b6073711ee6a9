package endpoint_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/endpoint"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/scenario"
	"github.com/respec-dev/respec/server"
	"github.com/respec-dev/respec/world"
	"github.com/shopspring/decimal"
)

// bigWorld is accounts accounts of perAccount Running ecs.g6.xlarge each (the example
// scenario's instance), balance 1,000,000 each, key "ak-<n>" for account n, no throttle.
func bigWorld(t testing.TB, accounts, perAccount int) endpoint.State {
	t.Helper()
	sc, err := scenario.Decode([]byte(scenarioDoc(t)))
	if err != nil {
		t.Fatal(err)
	}
	b := world.NewBuilder(sc.Now, catalog.Default(), sc.Policy, world.Limits{})
	keys := map[string]world.Caller{}
	for a := range accounts {
		id := fmt.Sprintf("%016d", 1000+a)
		b.AddAccount(world.AccountSpec{Account: model.Account{AccountID: id, Balance: decimal.NewFromInt(1_000_000)}})
		keys[fmt.Sprintf("ak-%d", a)] = world.Caller{AccountID: id}
		for i := range perAccount {
			in := sc.Facts.Instance
			in.InstanceID = instID(a, i)
			b.AddInstance(id, in)
		}
	}
	w, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	return endpoint.State{World: w, Keys: keys}
}

func instID(a, i int) string { return fmt.Sprintf("i-load%04d%05d", a, i) }

// loadRequest is one prepared call of the load: the path with its query, and the AccessKeyId.
type loadRequest struct {
	path, key string
}

// modifyRequests prepares n ModifyPrepayInstanceSpec calls spread over the world's instances
// (one upgrade of each instance, then changes of instances with an order in progress), as the
// SDK sends them (V3: the query, the action and version headers).
func modifyRequests(accounts, perAccount, n int) []loadRequest {
	types := []string{"ecs.g6.2xlarge", "ecs.g6.4xlarge", "ecs.c6.2xlarge"}
	out := make([]loadRequest, n)
	for k := range n {
		a, i := k%accounts, (k/accounts)%perAccount
		q := url.Values{"RegionId": {"cn-hangzhou"}, "InstanceId": {instID(a, i)}, "InstanceType": {types[(k/(accounts*perAccount))%len(types)]},
			"AutoPay": {"true"}, "ClientToken": {fmt.Sprintf("load-%d", k)}}
		out[k] = loadRequest{path: "/?" + q.Encode(), key: fmt.Sprintf("ak-%d", a)}
	}
	return out
}

// drive sends calls [from, to) of the load, each client on its own goroutine taking the next
// call when its answer is in, and returns every latency and the count of 200 answers. Every
// answer is checked to be the API's (checkAnswer).
func drive(t testing.TB, conns []loadClient, from, to int) ([]time.Duration, int64) {
	var next atomic.Int64
	next.Store(int64(from))
	var ok atomic.Int64
	lat := make([][]time.Duration, len(conns))
	var wg sync.WaitGroup
	for c, conn := range conns {
		lat[c] = make([]time.Duration, 0, (to-from)/len(conns)+1)
		wg.Go(func() {
			for {
				k := int(next.Add(1)) - 1
				if k >= to {
					return
				}
				start := time.Now()
				status, _, err := conn.send(k)
				lat[c] = append(lat[c], time.Since(start))
				if err != nil {
					t.Errorf("call %d: %v", k, err)
					return
				}
				if status == http.StatusOK {
					ok.Add(1)
				}
			}
		})
	}
	wg.Wait()
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	return all, ok.Load()
}

// connectLoad connects clients clients of kind to ts for reqs, closed when the test ends.
func connectLoad(t testing.TB, connect func(url, host string, reqs []loadRequest, clients int) ([]loadClient, error),
	ts *httptest.Server, reqs []loadRequest, clients int) []loadClient {
	t.Helper()
	conns, err := connect(ts.URL, ts.Listener.Addr().String(), reqs, clients)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, c := range conns {
			c.close()
		}
	})
	return conns
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p * float64(len(sorted)-1))
	return sorted[i]
}

// checkMoney checks every account's books (balance = start + refunded − charged), the sum over
// the world, and that the charges are exactly the upgrade orders the run added.
func checkMoney(t testing.TB, before, after world.World) (charged decimal.Decimal) {
	t.Helper()
	var start, bal, ch, ref decimal.Decimal
	for _, id := range after.AccountIDs() {
		a, _ := after.Account(id)
		if !a.Account.Balance.Equal(a.StartBalance.Add(a.Refunded).Sub(a.Charged)) {
			t.Errorf("account %s: balance %s != start %s + refunded %s - charged %s", id, a.Account.Balance, a.StartBalance, a.Refunded, a.Charged)
		}
		if a.Account.Balance.IsNegative() {
			t.Errorf("account %s: balance %s", id, a.Account.Balance)
		}
		b0, _ := before.Account(id)
		start, bal, ch, ref = start.Add(b0.Account.Balance), bal.Add(a.Account.Balance), ch.Add(a.Charged), ref.Add(a.Refunded)
	}
	if !bal.Add(ch).Sub(ref).Equal(start) {
		t.Errorf("money: balances %s + charges %s - refunds %s != %s at the start", bal, ch, ref, start)
	}
	orders := decimal.Zero
	for _, id := range after.InstanceIDs() {
		in, _, _ := after.Instance(id)
		in0, _, _ := before.Instance(id)
		for _, o := range in.Orders[len(in0.Orders):] {
			if o.PaymentMethod == model.PayBalance {
				orders = orders.Add(o.CashPaid)
			}
		}
	}
	if !orders.Equal(ch) {
		t.Errorf("the new orders paid %s from balances, the books say %s", orders, ch)
	}
	return ch
}

// 32 clients at once over loopback HTTP, with each load client: every answer is a full
// decision, the books balance, and (under -race) nothing races.
func TestConcurrentClientsConserveMoney(t *testing.T) {
	for _, lc := range loadClients {
		t.Run("client="+lc.name, func(t *testing.T) {
			const accounts, per, clients = 20, 50, 32
			n := 3000
			if testing.Short() {
				n = 600
			}
			st := bigWorld(t, accounts, per)
			b, err := endpoint.New(st, nil)
			if err != nil {
				t.Fatal(err)
			}
			s, err := server.NewServer(server.Config{Backend: b, Clock: server.NewManualClock(st.World.Now()), Log: io.Discard})
			if err != nil {
				t.Fatal(err)
			}
			ts := httptest.NewServer(s)
			defer ts.Close()
			conns := connectLoad(t, lc.connect, ts, modifyRequests(accounts, per, n), clients)
			// Some instances also stop and start while their changes arrive.
			var wg sync.WaitGroup
			wg.Go(func() {
				client := keepAlive(1)
				defer client.CloseIdleConnections()
				for i := range per {
					for _, action := range []string{server.ActionStopInstance, server.ActionStartInstance} {
						req, _ := http.NewRequest(http.MethodPost, ts.URL+"/?RegionId=cn-hangzhou&InstanceId="+instID(0, i), nil)
						setV3Headers(req, action, "ak-0")
						if resp, err := client.Do(req); err == nil {
							_, _ = io.Copy(io.Discard, resp.Body)
							resp.Body.Close()
						}
					}
				}
			})
			lat, ok := drive(t, conns, 0, n)
			wg.Wait()
			if len(lat) != n {
				t.Fatalf("%d answers of %d", len(lat), n)
			}
			after := b.Snapshot().World
			ch := checkMoney(t, st.World, after)
			if ok < int64(accounts*per)/2 || !ch.IsPositive() {
				t.Errorf("%d calls accepted, %s charged: the load did not change much", ok, ch)
			}
		})
	}
}

// BenchmarkServeModify10k: ModifyPrepayInstanceSpec over loopback HTTP/1.1 keep-alive against
// a 10,000-instance world (50 accounts of 200), the server (server.Server behind net/http's
// server, as respec serve runs it) with its request log (to io.Discard) and the garbage
// collector at server.GCPercent; closed loop with 4, 8 and 32 clients, one connection each
// (each sends its next request when its answer is in, so by Little's law the mean latency is
// clients ÷ throughput). One op is one request; requests/s, the p50 and p99 latencies and the
// process's CPU per request are reported, every answer is checked to be the API's JSON, and
// the books are checked after the run.
//
// Client and server share the process and its two cores, so what the client costs is taken
// from the server. The target (20,000 requests/s, p99 under 2 ms) is measured with
// client=raw, a minimal HTTP/1.1 client over net.Conn (request bytes formatted before the
// run, the answer read as status line, headers and Content-Length bytes): what a real
// SDK's client costs is its own, on its own machine, and the figure is the server's.
// client=nethttp drives the same calls through net/http's client, which costs about 20 µs of
// CPU per request more on this machine.
func BenchmarkServeModify10k(b *testing.B) {
	for _, lc := range loadClients {
		for _, clients := range []int{4, 8, 32} {
			b.Run(fmt.Sprintf("client=%s/clients=%d", lc.name, clients), func(b *testing.B) { benchServe(b, lc.connect, clients) })
		}
	}
}

// loadServer returns the load world of accounts × per instances (bigWorld), its backend and
// the server over it with a real clock and its request log to io.Discard.
func loadServer(b *testing.B, accounts, per int) (endpoint.State, *endpoint.Backend, *server.Server) {
	st := bigWorld(b, accounts, per)
	be, err := endpoint.New(st, nil)
	if err != nil {
		b.Fatal(err)
	}
	s, err := server.NewServer(server.Config{Backend: be, Clock: server.RealClock{}, Log: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	return st, be, s
}

func benchServe(b *testing.B, connect func(url, host string, reqs []loadRequest, clients int) ([]loadClient, error), clients int) {
	const accounts, per = 50, 200
	defer debug.SetGCPercent(debug.SetGCPercent(server.GCPercent)) // as respec serve runs
	st, be, s := loadServer(b, accounts, per)
	ts := httptest.NewServer(s)
	defer ts.Close()
	// The first clients calls warm the connections; the world is then reset and the load
	// sends them again.
	n := max(b.N, 1)
	reqs := modifyRequests(accounts, per, max(n, clients))
	conns := connectLoad(b, connect, ts, append(slices.Clip(reqs[:clients]), reqs[:n]...), clients)
	drive(b, conns, 0, clients)
	be.Reset()
	runtime.GC()
	b.ResetTimer()
	cpu0 := cpuTime()
	start := time.Now()
	lat, ok := drive(b, conns, clients, clients+n)
	elapsed := time.Since(start)
	cpu := cpuTime() - cpu0
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "requests/s")
	b.ReportMetric(float64(percentile(lat, 0.50).Microseconds()), "p50-µs")
	b.ReportMetric(float64(percentile(lat, 0.99).Microseconds()), "p99-µs")
	b.ReportMetric(float64(ok)/float64(len(lat)), "accepted/req")
	b.ReportMetric(float64(runtime.GOMAXPROCS(0)), "procs")
	// The process's CPU time per request, client and server together: what the load costs,
	// whatever else the machine runs.
	b.ReportMetric(float64(cpu.Microseconds())/float64(len(lat)), "cpu-µs/req")
	checkMoney(b, st.World, be.Snapshot().World)
}

// discardWriter is an http.ResponseWriter that keeps the status and drops the body.
type discardWriter struct {
	h      http.Header
	status int
}

func (d *discardWriter) Header() http.Header         { return d.h }
func (d *discardWriter) WriteHeader(status int)      { d.status = status }
func (d *discardWriter) Write(p []byte) (int, error) { return len(p), nil }

// BenchmarkHandlerModify10k: the handler alone (no network, no HTTP parsing: requests built
// once) answering the ModifyPrepayInstanceSpec calls of BenchmarkServeModify10k, half of
// them accepted (the world is reset, untimed, every 20,000 calls), with its request log to
// io.Discard. It measures what the server path itself costs a call, allocations included.
func BenchmarkHandlerModify10k(b *testing.B) {
	const accounts, per, cycle = 50, 200, 20000
	_, be, s := loadServer(b, accounts, per)
	lr := modifyRequests(accounts, per, cycle)
	reqs := make([]*http.Request, len(lr))
	for k, r := range lr {
		reqs[k] = httptest.NewRequest(http.MethodPost, "http://127.0.0.1"+r.path, nil)
		setV3Headers(reqs[k], server.ActionModifyPrepayInstanceSpec, r.key)
	}
	w := &discardWriter{h: http.Header{}}
	ok := 0
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuTime()
	for k := range b.N {
		if k%cycle == 0 && k > 0 {
			b.StopTimer()
			be.Reset()
			b.StartTimer()
		}
		clear(w.h)
		s.ServeHTTP(w, reqs[k%cycle])
		if w.status == http.StatusOK {
			ok++
		}
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(ok)/float64(b.N), "accepted/req")
	// The process's CPU time per call (the world's reset included): what a call costs,
	// whatever else the machine runs.
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/1000, "cpu-µs/req")
}
