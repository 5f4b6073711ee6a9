package server

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// startLoopback serves s over loopback HTTP with the endpoint's own http.Server settings,
// with a shorter ReadHeaderTimeout so the slow-client test is quick.
func startLoopback(t *testing.T, s *Server) (addr string, srv *http.Server) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv = s.HTTPServer(ln.Addr().String())
	srv.ReadHeaderTimeout = 300 * time.Millisecond
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return ln.Addr().String(), srv
}

func mustServer(t *testing.T, b Backend) *Server {
	t.Helper()
	s, err := NewServer(Config{Backend: b, Clock: NewManualClock(t0)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Hostile input over a real connection: each answered with its error, in bounded time.
func TestHostileInputOverHTTP(t *testing.T) {
	addr, _ := startLoopback(t, mustServer(t, &recorder{}))
	client := &http.Client{Timeout: 5 * time.Second}
	post := func(query string, body io.Reader, ct string) (int, map[string]any) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, "http://"+addr+"/?"+query, body)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("x-acs-action", ActionStopInstance)
		req.Header.Set("x-acs-version", APIVersion)
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("request: %v", err)
		}
		defer resp.Body.Close()
		var m map[string]any
		if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&m); err != nil {
			t.Fatalf("status %d, body not JSON: %v", resp.StatusCode, err)
		}
		if d := time.Since(start); d > 3*time.Second {
			t.Errorf("answered in %v", d)
		}
		return resp.StatusCode, m
	}
	// A 32 MiB body: refused after the first 64 KiB, without reading the rest.
	big := io.LimitReader(neverEnding('a'), 32<<20)
	if status, m := post("InstanceId=i-1", io.MultiReader(strings.NewReader("X="), big), "application/x-www-form-urlencoded"); status != 400 || m["Code"] != "InvalidParameter" {
		t.Errorf("32 MiB body: %d %v", status, m)
	}
	// Thousands of parameters.
	var q strings.Builder
	for i := range 5000 {
		q.WriteString("Disk." + strconv.Itoa(i) + ".DiskId=d&")
	}
	q.WriteString("InstanceId=i-1")
	if status, m := post(q.String()[:MaxQueryBytes-100], nil, ""); status != 400 || m["Code"] != "InvalidParameter" || m["Message"] != "the request has more than 512 parameters" {
		t.Errorf("5000 parameters: %d %v", status, m)
	}
	if status, m := post("InstanceId=%E0%80%80", nil, ""); status != 400 || m["Code"] != "InvalidParameter" {
		t.Errorf("overlong UTF-8: %d %v", status, m)
	}
	if status, m := post("InstanceId=%", nil, ""); status != 400 || m["Code"] != "InvalidParameter" {
		t.Errorf("lone %%: %d %v", status, m)
	}
	if status, m := post("InstanceId=i-1", nil, ""); status != 200 {
		t.Errorf("the server still answers: %d %v", status, m)
	}
}

type neverEnding byte

func (b neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

// A client that never finishes its headers is dropped after ReadHeaderTimeout.
func TestSlowHeadersAreDropped(t *testing.T) {
	addr, _ := startLoopback(t, mustServer(t, &recorder{}))
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "POST /?InstanceId=i-1 HTTP/1.1\r\nHost: x\r\nx-acs-act"); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	start := time.Now()
	_, err = io.ReadAll(conn) // the server closes the connection
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("connection held for %v (err %v)", d, err)
	}
}

// Shutdown lets an in-flight call finish and answer before the server stops.
func TestGracefulShutdown(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	b := backendFunc(func(ctx context.Context, c *Call) (Response, error) {
		close(entered)
		<-release
		return Response{Body: RequestOnlyBody{RequestId: c.RequestID}}, nil
	})
	addr, srv := startLoopback(t, mustServer(t, b))
	type result struct {
		status int
		err    error
	}
	done := make(chan result, 1)
	go func() {
		req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/?InstanceId=i-1", nil)
		req.Header.Set("x-acs-action", ActionStopInstance)
		req.Header.Set("x-acs-version", APIVersion)
		resp, err := (&http.Client{Timeout: 5 * time.Second}).Do(req)
		if err != nil {
			done <- result{0, err}
			return
		}
		resp.Body.Close()
		done <- result{resp.StatusCode, nil}
	}()
	<-entered
	shut := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		shut <- srv.Shutdown(ctx)
	}()
	select {
	case err := <-shut:
		t.Fatalf("Shutdown returned (%v) with a call in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	if r := <-done; r.err != nil || r.status != 200 {
		t.Errorf("in-flight call: %d %v", r.status, r.err)
	}
	if err := <-shut; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if _, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		t.Error("the server still accepts connections after Shutdown")
	}
}

// backendFunc serves StopInstance with one function.
type backendFunc HandlerFunc

func (f backendFunc) Actions() []Action {
	return []Action{{Name: ActionStopInstance, Required: []string{"InstanceId"}, Handle: HandlerFunc(f)}}
}

// Exactly MaxParams parameters are read; one more is refused.
func TestParamCapBoundary(t *testing.T) {
	s := mustServer(t, &recorder{})
	build := func(n int) string {
		var q strings.Builder
		q.WriteString("InstanceId=i-1")
		for i := 1; i < n; i++ {
			q.WriteString("&P" + strconv.Itoa(i) + "=v")
		}
		return q.String()
	}
	if status, body, _ := do(t, s, v3(ActionStopInstance, build(MaxParams))); status != 200 {
		t.Errorf("%d parameters: %d %v", MaxParams, status, body)
	}
	if status, body, _ := do(t, s, v3(ActionStopInstance, build(MaxParams+1))); status != 400 || body["Code"] != "InvalidParameter" {
		t.Errorf("%d parameters: %d %v", MaxParams+1, status, body)
	}
}

// A raw request line with bytes net/http lets through reaches the gateway and is refused.
func TestRawRequests(t *testing.T) {
	s := mustServer(t, &recorder{})
	for _, raw := range []string{
		"POST /?InstanceId=%ff HTTP/1.1\r\nHost: x\r\nx-acs-action: StopInstance\r\nx-acs-version: 2014-05-26\r\n\r\n",
		"POST /?InstanceId=i-1;x=1 HTTP/1.1\r\nHost: x\r\nx-acs-action: StopInstance\r\nx-acs-version: 2014-05-26\r\n\r\n",
	} {
		r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
		if err != nil {
			t.Fatalf("%q: %v", raw, err)
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if w.Code == 500 {
			t.Errorf("%q: %d %s", raw, w.Code, w.Body)
		}
	}
}

// Concurrent clients: every call answered, one log line each, RequestIds distinct.
func TestConcurrentCalls(t *testing.T) {
	s, _, log := newTest(t)
	const clients, each = 32, 20
	ids := make(chan string, clients*each)
	var wg sync.WaitGroup
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range each {
				w := httptest.NewRecorder()
				s.ServeHTTP(w, v3(ActionStopInstance, "InstanceId=i-1"))
				ids <- w.Header().Get("x-acs-request-id")
			}
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[string]bool{}
	for id := range ids {
		if seen[id] {
			t.Fatalf("RequestId %s given twice", id)
		}
		seen[id] = true
	}
	if n := strings.Count(log.String(), "\n"); n != clients*each || len(seen) != clients*each {
		t.Errorf("%d log lines, %d ids, want %d", n, len(seen), clients*each)
	}
}
