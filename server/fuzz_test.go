package server_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/respec-dev/respec/endpoint"
	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/server"
)

// loadDoc is a world file the seeds load.
const loadDoc = `{"now": "2026-09-14T02:30:00Z", "accounts": [{"Account": {"AccountId": "1234", "Balance": "10"}, "RamUsers": [{"Name": "ops"}], "AccessKeys": {"AK-1": "", "AK-2": "ops", "*": "ops"}}]}`

// serveSeeds are FuzzServe's seeds beyond its corpus, each with the status and code the world
// answers it (TestServeSeedsReachTheWorld): the world's actions with its keys, and the
// operator's.
var serveSeeds = []struct {
	raw    string
	status int
	code   string
}{
	{"POST /?InstanceId=i-1 HTTP/1.1\r\nHost: 127.0.0.1\r\nx-acs-action: StopInstance\r\nx-acs-version: 2014-05-26\r\n\r\n", 404, "InvalidAccessKeyId.NotFound"},
	{"GET /?Action=StopInstance&Version=2014-05-26&AccessKeyId=respec-owner&Signature=x&InstanceId=i-1 HTTP/1.1\r\nHost: h\r\n\r\n", 404, "InvalidInstanceId.NotFound"},
	{"POST /?RegionId=cn-hangzhou&InstanceId=" + seedInstance + "&InstanceType=ecs.g6.2xlarge&AutoPay=true&ClientToken=t1 HTTP/1.1\r\nHost: h\r\nx-acs-action: ModifyPrepayInstanceSpec\r\nx-acs-version: 2014-05-26\r\nAuthorization: ACS3-HMAC-SHA256 Credential=respec-owner,SignedHeaders=host,Signature=x\r\n\r\n", 200, ""},
	{"GET /?Action=ModifyPrepayInstanceSpec&Version=2014-05-26&AccessKeyId=respec-auditor&Signature=x&RegionId=cn-hangzhou&InstanceId=" + seedInstance + "&InstanceType=ecs.g6.2xlarge HTTP/1.1\r\nHost: h\r\n\r\n", 403, "Forbidden.RAM"},
	{"POST /?RegionId=cn-hangzhou&ResourceId=" + seedInstance + "&DestinationResource=InstanceType&OperationType=Upgrade HTTP/1.1\r\nHost: h\r\nx-acs-action: DescribeResourcesModification\r\nx-acs-version: 2014-05-26\r\nAuthorization: ACS3-HMAC-SHA256 Credential=respec-operator,SignedHeaders=host,Signature=x\r\n\r\n", 200, ""},
	{"POST /?RegionId=cn-hangzhou&InstanceId=" + seedInstance + "&InstanceType=ecs.g6.large HTTP/1.1\r\nHost: h\r\nx-acs-action: DescribeInstanceModificationPrice\r\nx-acs-version: 2014-05-26\r\nAuthorization: ACS3-HMAC-SHA256 Credential=respec-owner,SignedHeaders=host,Signature=x\r\n\r\n", 403, "InvalidInstanceType.NotSupportUpgrade"},
	{"POST /?RegionId=cn-hangzhou&PageSize=2&InstanceIds=%5B%22" + seedInstance + "%22%5D HTTP/1.1\r\nHost: h\r\nx-acs-action: DescribeInstances\r\nx-acs-version: 2014-05-26\r\nAuthorization: ACS3-HMAC-SHA256 Credential=respec-owner,SignedHeaders=host,Signature=x\r\n\r\n", 200, ""},
	{"POST /respec/clock?advance=90s HTTP/1.1\r\nHost: h\r\n\r\n", 200, ""},
	{"POST /respec/reset HTTP/1.1\r\nHost: h\r\n\r\n", 200, ""},
	{"GET /respec/world HTTP/1.1\r\nHost: h\r\n\r\n", 200, ""},
	{"POST /respec/world HTTP/1.1\r\nHost: h\r\nContent-Length: " + strconv.Itoa(len(loadDoc)) + "\r\n\r\n" + loadDoc, 200, ""},
}

// seedInstance is the example world's Running instance.
const seedInstance = "i-bp1g6example000001"

// serveFresh answers raw from a fresh endpoint over st, as respec serve runs it; ok is false
// when net/http refuses the bytes before any handler runs.
func serveFresh(t *testing.T, st endpoint.State, raw []byte) (r *http.Request, w *httptest.ResponseRecorder, ok bool) {
	r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
	if err != nil {
		return nil, nil, false
	}
	b, err := endpoint.New(st, endpoint.LoadDocument)
	if err != nil {
		t.Fatal(err)
	}
	clock := server.NewManualClock(st.World.Now())
	s, err := server.NewServer(server.Config{Backend: b, Clock: clock, Operator: b.Operator(clock)})
	if err != nil {
		t.Fatal(err)
	}
	w = httptest.NewRecorder()
	s.ServeHTTP(w, r)
	return r, w, true
}

// FuzzServe's seeds reach the world (accepted changes, refusals of its rules, permissions, the
// operator's load), not only the gateway.
func TestServeSeedsReachTheWorld(t *testing.T) {
	st, err := endpoint.Example()
	if err != nil {
		t.Fatal(err)
	}
	for _, sd := range serveSeeds {
		_, w, ok := serveFresh(t, st, []byte(sd.raw))
		var body map[string]any
		_ = json.Unmarshal(w.Body.Bytes(), &body)
		if code, _ := body["Code"].(string); !ok || w.Code != sd.status || code != sd.code {
			t.Errorf("%.70q: %d %q, want %d %q", sd.raw, w.Code, code, sd.status, sd.code)
		}
	}
}

// FuzzServe sends raw HTTP requests to the endpoint as respec serve runs it: the world
// backend (package endpoint) over the example world, with its AccessKeyIds, a manual clock and
// the operator endpoints (so the fuzzer also loads documents, moves the clock and resets).
// Every call starts from the same fresh backend. Whatever the bytes:
//
//   - an ECS call (any path but /respec/...) answers application/json: a 200 without a Code,
//     or an error of the catalog (errcodes.AllAPIs) under its own status with the five wire
//     fields, never InternalError (no input makes the backend fail or panic);
//   - an operator call answers a JSON object, 200 or {"Error"} with 400, 404, 405 or 409.
//
// The seed corpus (testdata/fuzz/FuzzServe) holds V2 and V3 calls as the SDK sends them and
// each gateway error; the seeds below add the world's actions with its keys and the operator's.
func FuzzServe(f *testing.F) {
	for _, sd := range serveSeeds {
		f.Add([]byte(sd.raw))
	}
	st, err := endpoint.Example()
	if err != nil {
		f.Fatal(err)
	}
	type codeStatus struct {
		code   string
		status int
	}
	inCatalog := map[codeStatus]bool{}
	for _, e := range errcodes.AllAPIs() {
		inCatalog[codeStatus{e.Code, e.HTTPStatus}] = true
	}
	operatorStatus := map[int]bool{200: true, 400: true, 404: true, 405: true, 409: true}
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, w, ok := serveFresh(t, st, raw)
		if !ok {
			return // net/http refuses it before any handler runs
		}
		if ct := w.Header().Get("Content-Type"); ct != "application/json;charset=utf-8" {
			t.Fatalf("Content-Type %q", ct)
		}
		var body map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
			t.Fatalf("status %d, body %q is not a JSON object", w.Code, w.Body)
		}
		if strings.HasPrefix(r.URL.Path, server.OperatorPrefix) {
			if _, isErr := body["Error"]; !operatorStatus[w.Code] || isErr == (w.Code == http.StatusOK) {
				t.Fatalf("operator %s %s: %d %.200s", r.Method, r.URL.Path, w.Code, w.Body)
			}
			return
		}
		code, hasCode := body["Code"].(string)
		if w.Code == http.StatusOK {
			if hasCode {
				t.Fatalf("200 with Code %q", code)
			}
			return
		}
		if !hasCode || !inCatalog[codeStatus{code, w.Code}] {
			t.Fatalf("status %d with Code %q is not a catalog error", w.Code, code)
		}
		if code == "InternalError" {
			t.Fatalf("InternalError: %s", body["Message"])
		}
		if len(body) != 5 {
			t.Fatalf("error body %v does not have the five wire fields", body)
		}
	})
}
