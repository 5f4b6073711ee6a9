package sdkserve_test

import (
	"encoding/json"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/endpoint"
	"github.com/respec-dev/respec/server"
	"github.com/respec-dev/respec/worldfile"
)

// serve starts what "respec serve --clock manual" serves (the example world, the operator
// endpoints) on a free loopback port and returns its address ("127.0.0.1:PORT") and a stop
// function.
func serve() (addr string, backend *endpoint.Backend, stop func()) {
	addr, backend, _, stop = serveCounting()
	return addr, backend, stop
}

// signed counts the calls that arrived signed V2 (a Signature query parameter) and V3 (an
// ACS3 Authorization header).
type signed struct{ v2, v3 atomic.Int64 }

// serveCounting is serve that also counts how the calls were signed.
func serveCounting() (addr string, backend *endpoint.Backend, sig *signed, stop func()) {
	st, err := endpoint.Example()
	if err != nil {
		panic(err)
	}
	return serveState(st)
}

// serveWorldFile is serveT over a world file, read as respec serve --world reads it (its
// accounts' AccessKeys name the callers).
func serveWorldFile(t *testing.T, path string) string {
	t.Helper()
	doc, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	w, keys, err := worldfile.DecodeServed(doc, catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	addr, _, _, stop := serveState(endpoint.State{World: w, Keys: keys})
	t.Cleanup(stop)
	return addr
}

// serveState is serveCounting over st.
func serveState(st endpoint.State) (addr string, backend *endpoint.Backend, sig *signed, stop func()) {
	sig = &signed{}
	b, err := endpoint.New(st, nil)
	if err != nil {
		panic(err)
	}
	clock := server.NewManualClock(st.World.Now())
	s, err := server.NewServer(server.Config{Backend: b, Clock: clock, Operator: b.Operator(clock)})
	if err != nil {
		panic(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	hs := s.HTTPServer(ln.Addr().String())
	hs.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("Signature") && r.URL.Query().Get("SignatureMethod") == "HMAC-SHA1" {
			sig.v2.Add(1)
		}
		if strings.HasPrefix(r.Header.Get("Authorization"), "ACS3-HMAC-SHA256 ") {
			sig.v3.Add(1)
		}
		s.ServeHTTP(w, r)
	})
	go func() { _ = hs.Serve(ln) }()
	return ln.Addr().String(), b, sig, func() { _ = hs.Close() }
}

// serveT is serve for a test, stopped at its end.
func serveT(t *testing.T) (string, *endpoint.Backend) {
	t.Helper()
	addr, b, _, stop := serveCounting()
	t.Cleanup(stop)
	return addr, b
}

// serveSigned is serveT with the signing counts.
func serveSigned(t *testing.T) (string, *signed) {
	t.Helper()
	addr, _, sig, stop := serveCounting()
	t.Cleanup(stop)
	return addr, sig
}

// signings are the SDK's two signing paths: V3 (the default) and V2 (SignatureAlgorithm v2).
var signings = []string{"v3", "v2"}

// newClient returns the official client pointed at addr with AccessKeyId key.
func newClient(t *testing.T, addr, key, signing string) *ecs.Client {
	t.Helper()
	cfg := &openapiutil.Config{
		AccessKeyId: tea.String(key), AccessKeySecret: tea.String("any secret"),
		Endpoint: tea.String(addr), Protocol: tea.String("http"), NoProxy: tea.String(addr),
		ReadTimeout: tea.Int(10000), ConnectTimeout: tea.Int(5),
	}
	if signing == "v2" {
		cfg.SignatureAlgorithm = tea.String("v2")
	}
	c, err := ecs.NewClient(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// typedClient is newClient with the SDK's typed errors (ThrottlingError, ClientError).
func typedClient(t *testing.T, addr, key string) *ecs.Client {
	c := newClient(t, addr, key, "v3")
	c.Client.DisableSDKError = tea.Bool(true)
	return c
}

// operator sends an operator request and decodes its JSON answer.
func operator(t *testing.T, addr, method, path string) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(method, "http://"+addr+path, nil)
	resp, err := (&http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var m map[string]any
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%s %s: %d %v %v", method, path, resp.StatusCode, m, err)
	}
	return m
}

// charged returns the example account's total charges, from the operator's dump.
func charged(t *testing.T, addr string) string {
	t.Helper()
	d := operator(t, addr, "GET", endpoint.PathWorld)
	a := d["Accounts"].([]any)[0].(map[string]any)
	return a["Charged"].(string)
}
