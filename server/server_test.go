package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/respec-dev/respec/errcodes"
)

var t0 = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// recorder is a backend whose actions record the calls they get.
type recorder struct {
	mu    sync.Mutex
	calls []Call
}

func (b *recorder) record(c *Call) {
	b.mu.Lock()
	b.calls = append(b.calls, *c)
	b.mu.Unlock()
}

func (b *recorder) last(t *testing.T) Call {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.calls) == 0 {
		t.Fatal("no call reached the backend")
	}
	return b.calls[len(b.calls)-1]
}

func (b *recorder) Actions() []Action {
	return []Action{
		{Name: ActionModifyPrepayInstanceSpec, Required: []string{"RegionId", "InstanceId", "InstanceType"},
			Handle: func(_ context.Context, c *Call) (Response, error) {
				b.record(c)
				return Response{Body: ModifyPrepayInstanceSpecBody{RequestId: c.RequestID, OrderId: "211111111110001"}}, nil
			}},
		{Name: ActionStopInstance, Required: []string{"InstanceId"},
			Handle: func(_ context.Context, c *Call) (Response, error) {
				b.record(c)
				switch c.Params.Get("InstanceId") {
				case "i-throttled":
					return Response{RateLimit: &RateLimit{Limit: 10, Remain: 0, TimeLeft: 1500 * time.Millisecond}}, errcodes.New(errcodes.Throttling403, "")
				case "i-wrapped":
					return Response{RequestID: "OWN-ID"}, errors.Join(errors.New("context"), errcodes.New(errcodes.IncorrectInstanceStatus, ""))
				case "i-plain":
					return Response{}, errors.New("not a catalog error")
				case "i-id":
					return Response{}, errcodes.InvalidInstanceIdNotFound404
				case "i-panic":
					panic("boom")
				case "i-badbody":
					return Response{Body: []int{1}}, nil
				}
				return Response{Body: RequestOnlyBody{RequestId: c.RequestID}}, nil
			}},
	}
}

func newTest(t *testing.T) (*Server, *recorder, *bytes.Buffer) {
	t.Helper()
	b := &recorder{}
	var log bytes.Buffer
	s, err := NewServer(Config{Backend: b, Clock: NewManualClock(t0), Log: &syncWriter{w: &log}})
	if err != nil {
		t.Fatal(err)
	}
	s.sinceFunc = func(time.Time) time.Duration { return 1500 * time.Microsecond }
	return s, b, &log
}

type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// do sends a request to the handler and returns the status, the decoded body and the header.
func do(t *testing.T, s *Server, r *http.Request) (int, map[string]any, http.Header) {
	t.Helper()
	w := httptest.NewRecorder()
	s.ServeHTTP(w, r)
	var body map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
		t.Fatalf("body %q is not a JSON object: %v", w.Body.String(), err)
	}
	if ct := w.Header().Get("Content-Type"); ct != "application/json;charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if w.Code == 200 {
		if _, ok := body["Code"]; ok {
			t.Errorf("a 200 carries a Code: %v", body)
		}
	}
	return w.Code, body, w.Header()
}

// v3 builds a request as the SDK's default (V3) signing sends it.
func v3(action, query string) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/?"+query, nil)
	r.Header.Set("x-acs-action", action)
	r.Header.Set("x-acs-version", APIVersion)
	r.Header.Set("x-acs-date", "2026-11-25T12:00:00Z")
	r.Header.Set("x-acs-signature-nonce", "n-1")
	r.Header.Set("x-acs-content-sha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
	r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential=AKID-1,SignedHeaders=host;x-acs-action,Signature=abc")
	r.Header.Set("Accept", "application/json")
	return r
}

// v2 builds a request as V2 (SignatureAlgorithm "v2") signing sends it.
func v2(action, query string) *http.Request {
	common := "Action=" + action + "&Version=" + APIVersion + "&Format=json&AccessKeyId=AKID-1" +
		"&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n-1&Timestamp=2026-11-25T12%3A00%3A00Z&Signature=c2ln"
	r := httptest.NewRequest(http.MethodPost, "/?"+common+"&"+query, nil)
	r.Header.Set("x-acs-action", action)
	return r
}

const mpisQuery = "AutoPay=true&ClientToken=tok-1&Disk.1.Category=cloud_essd&Disk.1.DiskId=d-1" +
	"&InstanceId=i-abc&InstanceType=ecs.g7.large&MigrateAcrossZone=false&OperatorType=downgrade" +
	"&RebootWhenFinished=false&RegionId=cn-hangzhou&SystemDisk.Category=cloud_essd"

// A V2 and a V3 request of the same call decode to the same Call: action, parameters (the
// protocol's own removed), AccessKeyId and moment; only Signing differs.
func TestV2AndV3DecodeIdentically(t *testing.T) {
	s, b, _ := newTest(t)
	status, body, _ := do(t, s, v3(ActionModifyPrepayInstanceSpec, mpisQuery))
	if status != 200 || body["OrderId"] != "211111111110001" || body["RequestId"] != "00000000-0000-4000-8000-000000000001" {
		t.Fatalf("V3: %d %v", status, body)
	}
	c3 := b.last(t)
	status, body, _ = do(t, s, v2(ActionModifyPrepayInstanceSpec, mpisQuery))
	if status != 200 || body["OrderId"] != "211111111110001" {
		t.Fatalf("V2: %d %v", status, body)
	}
	c2 := b.last(t)
	if c3.Signing != SigningV3 || c2.Signing != SigningV2 {
		t.Errorf("signing %v and %v", c3.Signing, c2.Signing)
	}
	want := Call{
		Action: ActionModifyPrepayInstanceSpec, AccessKeyID: "AKID-1", Now: t0,
		Params: Params{
			"AutoPay": "true", "ClientToken": "tok-1", "Disk.1.Category": "cloud_essd", "Disk.1.DiskId": "d-1",
			"InstanceId": "i-abc", "InstanceType": "ecs.g7.large", "MigrateAcrossZone": "false",
			"OperatorType": "downgrade", "RebootWhenFinished": "false", "RegionId": "cn-hangzhou",
			"SystemDisk.Category": "cloud_essd",
		},
	}
	for _, c := range []Call{c3, c2} {
		c.Signing, c.RequestID = 0, ""
		if d := cmp.Diff(want, c); d != "" {
			t.Errorf("call (-want +got):\n%s", d)
		}
	}
}

// A form body adds parameters; GET works like POST.
func TestFormBodyAndGet(t *testing.T) {
	s, b, _ := newTest(t)
	r := httptest.NewRequest(http.MethodPost, "/?RegionId=cn-hangzhou", strings.NewReader("InstanceId=i-abc&InstanceType=ecs.g7.large"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	r.Header.Set("x-acs-action", ActionModifyPrepayInstanceSpec)
	r.Header.Set("x-acs-version", APIVersion)
	if status, body, _ := do(t, s, r); status != 200 {
		t.Fatalf("form body: %d %v", status, body)
	}
	if got := b.last(t).Params; got.Get("InstanceId") != "i-abc" || got.Get("RegionId") != "cn-hangzhou" || len(got) != 3 {
		t.Errorf("params %v", got)
	}
	g := httptest.NewRequest(http.MethodGet, "/?Action=StopInstance&Version=2014-05-26&InstanceId=i-1", nil)
	if status, body, _ := do(t, s, g); status != 200 || body["RequestId"] == nil {
		t.Fatalf("GET: %d %v", status, body)
	}
	if c := b.last(t); c.AccessKeyID != "" || c.Signing != SigningV3 {
		t.Errorf("GET without credentials: %+v", c)
	}
	// A body that is not a form is not read for parameters.
	j := httptest.NewRequest(http.MethodPost, "/?Action=StopInstance&Version=2014-05-26&InstanceId=i-1", strings.NewReader(`{"InstanceId":"i-2"}`))
	j.Header.Set("Content-Type", "application/json")
	if status, _, _ := do(t, s, j); status != 200 || b.last(t).Params.Get("InstanceId") != "i-1" {
		t.Errorf("JSON body: %d, params %v", status, b.last(t).Params)
	}
}

// Every gateway error: exact status, code and message.
func TestGatewayErrors(t *testing.T) {
	s, b, _ := newTest(t)
	long := strings.Repeat("a", MaxQueryBytes)
	var many strings.Builder
	for i := 0; i < MaxParams; i++ {
		many.WriteString("P" + strconv.Itoa(i) + "=1&")
	}
	formReq := func(body string) *http.Request {
		r := v3(ActionStopInstance, "InstanceId=i-1")
		r.Body = io.NopCloser(strings.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return r
	}
	methodReq := func(m, path string) *http.Request {
		r := v3(ActionStopInstance, "InstanceId=i-1")
		r.Method, r.URL.Path = m, path
		return r
	}
	noVersion := v3(ActionStopInstance, "InstanceId=i-1")
	noVersion.Header.Del("x-acs-version")
	wrongVersion := v3(ActionStopInstance, "InstanceId=i-1")
	wrongVersion.Header.Set("x-acs-version", "2016-03-14")
	noAction := v3("", "InstanceId=i-1")
	noAction.Header.Del("x-acs-action")
	for _, tc := range []struct {
		name    string
		r       *http.Request
		status  int
		code    string
		message string
	}{
		{"unknown action", v3("DescribeRegions", ""), 404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."},
		{"unknown V2 action", v2("RunInstances", ""), 404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method."},
		{"action case", v3("stopinstance", "InstanceId=i-1"), 404, "InvalidAction.NotFound", ""},
		{"PUT", methodReq(http.MethodPut, "/"), 404, "InvalidAction.NotFound", ""},
		{"DELETE", methodReq(http.MethodDelete, "/"), 404, "InvalidAction.NotFound", ""},
		{"other path", methodReq(http.MethodPost, "/ecs"), 404, "InvalidAction.NotFound", ""},
		{"operator path without operator", methodReq(http.MethodPost, OperatorPrefix+"world"), 404, "InvalidAction.NotFound", ""},
		{"no action", noAction, 400, "MissingParameter", `The input parameter "Action" that is mandatory for processing this request is not supplied.`},
		{"no version", noVersion, 400, "MissingParameter", `The input parameter "Version" that is mandatory for processing this request is not supplied.`},
		{"wrong version", wrongVersion, 400, "InvalidVersion", "Specified parameter Version is not valid."},
		{"wrong V2 version", httptest.NewRequest(http.MethodPost, "/?Action=StopInstance&Version=2014-05-27&InstanceId=i-1", nil), 400, "InvalidVersion", ""},
		{"missing required", v3(ActionModifyPrepayInstanceSpec, "RegionId=cn-hangzhou&InstanceType=ecs.g7.large"), 400, "MissingParameter",
			`The input parameter "InstanceId" that is mandatory for processing this request is not supplied.`},
		{"empty required", v3(ActionModifyPrepayInstanceSpec, "RegionId=cn-hangzhou&InstanceId=&InstanceType=ecs.g7.large"), 400, "MissingParameter", ""},
		{"first required first", v3(ActionModifyPrepayInstanceSpec, "InstanceId=i-1"), 400, "MissingParameter",
			`The input parameter "RegionId" that is mandatory for processing this request is not supplied.`},
		{"bad percent", v3(ActionStopInstance, "InstanceId=i-%zz"), 400, "InvalidParameter", `the query has a malformed percent-encoding in the value of "InstanceId"`},
		{"truncated percent", v3(ActionStopInstance, "InstanceId=i-1%2"), 400, "InvalidParameter", ""},
		{"bad percent in name", v3(ActionStopInstance, "Inst%gganceId=i-1"), 400, "InvalidParameter", "the query has a malformed percent-encoding in a parameter name"},
		{"invalid UTF-8 value", v3(ActionStopInstance, "InstanceId=i-%FF%FE"), 400, "InvalidParameter", `the value of "InstanceId" is not UTF-8`},
		{"invalid UTF-8 name", v3(ActionStopInstance, "%C3%28=1&InstanceId=i-1"), 400, "InvalidParameter", "the query has a parameter name that is not UTF-8"},
		{"empty name", v3(ActionStopInstance, "=1&InstanceId=i-1"), 400, "InvalidParameter", "the query has a parameter with an empty name"},
		{"given twice", v3(ActionStopInstance, "InstanceId=i-1&InstanceId=i-2"), 400, "InvalidParameter", `the parameter "InstanceId" is given more than once`},
		{"query and body", formReq("InstanceId=i-2"), 400, "InvalidParameter", `the parameter "InstanceId" is given more than once`},
		{"too many params", v3(ActionStopInstance, many.String()+"InstanceId=i-1"), 400, "InvalidParameter", "the request has more than 512 parameters"},
		{"long query", v3(ActionStopInstance, "InstanceId=i-1&X="+long), 400, "InvalidParameter", "the query string is longer than 65536 bytes"},
		{"big body", formReq("X=" + strings.Repeat("b", MaxBodyBytes)), 400, "InvalidParameter", "the request body is longer than 65536 bytes"},
		{"bad body percent", formReq("X=%"), 400, "InvalidParameter", `the form body has a malformed percent-encoding in the value of "X"`},
		{"header and query disagree", v2(ActionStopInstance, "InstanceId=i-1"), 0, "", ""}, // placeholder, replaced below
		{"bad access key", func() *http.Request {
			r := v3(ActionStopInstance, "InstanceId=i-1")
			r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential=AK\x01,Signature=x")
			return r
		}(), 400, "InvalidParameter", "the AccessKeyId is not a valid key id"},
	} {
		if tc.name == "header and query disagree" {
			tc.r = v2(ActionStopInstance, "InstanceId=i-1")
			tc.r.Header.Set("x-acs-action", ActionModifyPrepayInstanceSpec)
			tc.status, tc.code, tc.message = 400, "InvalidParameter", `the action is "ModifyPrepayInstanceSpec" in the x-acs-action header and "StopInstance" in Action`
		}
		t.Run(tc.name, func(t *testing.T) {
			n := len(b.calls)
			status, body, h := do(t, s, tc.r)
			if status != tc.status || body["Code"] != tc.code {
				t.Fatalf("%d %v, want %d %s", status, body, tc.status, tc.code)
			}
			if tc.message != "" && body["Message"] != tc.message {
				t.Errorf("Message %q, want %q", body["Message"], tc.message)
			}
			for _, k := range []string{"RequestId", "HostId", "Code", "Message", "Recommend"} {
				if v, ok := body[k].(string); !ok || v == "" {
					t.Errorf("%s = %v", k, body[k])
				}
			}
			if len(body) != 5 {
				t.Errorf("body has %d fields: %v", len(body), body)
			}
			if h.Get("x-acs-request-id") != body["RequestId"] {
				t.Errorf("x-acs-request-id %q, RequestId %v", h.Get("x-acs-request-id"), body["RequestId"])
			}
			if len(b.calls) != n {
				t.Error("a gateway error reached the backend")
			}
		})
	}
}

// The action's errors: a catalog error under its status; a wrapped one found with errors.As,
// with the action's own RequestId; a bare ID; anything else, a panic or a body that is not an
// object, InternalError. Throttling carries the rate-limit header.
func TestActionErrors(t *testing.T) {
	s, _, _ := newTest(t)
	for _, tc := range []struct {
		inst   string
		status int
		code   string
		reqID  string
	}{
		{"i-throttled", 403, "Throttling", ""},
		{"i-wrapped", 403, "IncorrectInstanceStatus", "OWN-ID"},
		{"i-id", 404, "InvalidInstanceId.NotFound", ""},
		{"i-plain", 500, "InternalError", ""},
		{"i-panic", 500, "InternalError", ""},
		{"i-badbody", 500, "InternalError", ""},
	} {
		status, body, h := do(t, s, v3(ActionStopInstance, "RegionId=cn-hangzhou&InstanceId="+tc.inst))
		if status != tc.status || body["Code"] != tc.code {
			t.Errorf("%s: %d %v, want %d %s", tc.inst, status, body, tc.status, tc.code)
		}
		if tc.reqID != "" && (body["RequestId"] != tc.reqID || h.Get("x-acs-request-id") != tc.reqID) {
			t.Errorf("%s: RequestId %v", tc.inst, body["RequestId"])
		}
		if body["HostId"] != "ecs.cn-hangzhou.aliyuncs.com" {
			t.Errorf("%s: HostId %v", tc.inst, body["HostId"])
		}
		wantRL := ""
		if tc.inst == "i-throttled" {
			wantRL = "Limit:10,Remain:0,TimeLeft:1500"
		}
		if got := h.Get(RateLimitHeader); got != wantRL {
			t.Errorf("%s: %s = %q, want %q", tc.inst, RateLimitHeader, got, wantRL)
		}
	}
}

// The SDK's parser (GetThrottlingTimeLeft): split on ",", then on ":", key "TimeLeft", the
// value in milliseconds. This is that parser, applied to the header the server sends.
func TestRateLimitHeaderParsesAsTheSDKDoes(t *testing.T) {
	sdkTimeLeft := func(h string) int64 {
		for _, pair := range strings.Split(h, ",") {
			kv := strings.Split(pair, ":")
			if len(kv) == 2 && strings.TrimSpace(kv[0]) == "TimeLeft" {
				var n int64
				if err := json.Unmarshal([]byte(strings.TrimSpace(kv[1])), &n); err == nil {
					return n
				}
			}
		}
		return -1
	}
	for d, want := range map[time.Duration]int64{1500 * time.Millisecond: 1500, 59 * time.Second: 59000, time.Microsecond: 1, 0: 0} {
		if got := sdkTimeLeft(RateLimit{Limit: 1, TimeLeft: d}.header()); got != want {
			t.Errorf("TimeLeft %v: SDK reads %d, want %d", d, got, want)
		}
	}
}

// One line per request: moment, action, instance, status, code, latency; fields cleaned.
func TestRequestLog(t *testing.T) {
	s, _, log := newTest(t)
	do(t, s, v3(ActionStopInstance, "InstanceId=i-1"))
	do(t, s, v3(ActionStopInstance, "InstanceId=i-throttled"))
	do(t, s, v3("Describe\nRegions", ""))
	do(t, s, v3(ActionStopInstance, "InstanceId=i-%0A%0Dinjected"))
	want := "2026-11-25T12:00:00Z StopInstance i-1 200 OK 1.5ms\n" +
		"2026-11-25T12:00:00Z StopInstance i-throttled 403 Throttling 1.5ms\n" +
		"2026-11-25T12:00:00Z Describe?Regions - 404 InvalidAction.NotFound 1.5ms\n" +
		"2026-11-25T12:00:00Z StopInstance i-??injected 200 OK 1.5ms\n"
	if got := log.String(); got != want {
		t.Errorf("log:\n%s\nwant:\n%s", got, want)
	}
	if !regexp.MustCompile(`^(\S+ ){5}\S+\n$`).MatchString(strings.SplitAfter(log.String(), "\n")[0]) {
		t.Error("a log line does not have six fields")
	}
}

// The manual clock gives each call its moment; it never runs backwards.
func TestManualClock(t *testing.T) {
	b := &recorder{}
	clk := NewManualClock(t0)
	s, err := NewServer(Config{Backend: b, Clock: clk})
	if err != nil {
		t.Fatal(err)
	}
	do(t, s, v3(ActionStopInstance, "InstanceId=i-1"))
	clk.Advance(90 * time.Second)
	do(t, s, v3(ActionStopInstance, "InstanceId=i-1"))
	if got := b.last(t).Now; !got.Equal(t0.Add(90 * time.Second)) {
		t.Errorf("second call at %v", got)
	}
	if clk.Set(t0) || !clk.Now().Equal(t0.Add(90*time.Second)) {
		t.Error("Set moved the clock backwards")
	}
	if clk.Advance(-time.Hour); !clk.Now().Equal(t0.Add(90 * time.Second)) {
		t.Error("a negative Advance moved the clock")
	}
	if !clk.Set(t0.Add(time.Hour)) || !clk.Now().Equal(t0.Add(time.Hour)) {
		t.Error("Set did not move the clock forward")
	}
}

func TestRegistry(t *testing.T) {
	h := func(context.Context, *Call) (Response, error) { return Response{}, nil }
	for _, tc := range []struct {
		name    string
		actions []Action
	}{
		{"empty name", []Action{{Name: "", Handle: h}}},
		{"bad name", []Action{{Name: "Stop Instance", Handle: h}}},
		{"no handler", []Action{{Name: "StopInstance"}}},
		{"twice", []Action{{Name: "StopInstance", Handle: h}, {Name: "StopInstance", Handle: h}}},
	} {
		if _, err := NewRegistry(tc.actions...); !errors.Is(err, ErrRegistry) {
			t.Errorf("%s: err %v", tc.name, err)
		}
	}
	req := []string{"InstanceId"}
	r, err := NewRegistry(Action{Name: "StopInstance", Required: req, Handle: h}, Action{Name: "StartInstance", Handle: h})
	if err != nil {
		t.Fatal(err)
	}
	req[0] = "changed"
	if a, ok := r.Lookup("StopInstance"); !ok || a.Required[0] != "InstanceId" {
		t.Errorf("Lookup = %+v, %v (the registry must own its Required)", a, ok)
	}
	if d := cmp.Diff([]string{"StartInstance", "StopInstance"}, r.Names()); d != "" {
		t.Errorf("Names (-want +got):\n%s", d)
	}
	if _, err := NewServer(Config{}); !errors.Is(err, ErrRegistry) {
		t.Errorf("NewServer without backend: %v", err)
	}
}

// The operator handler serves its prefix and nothing else.
func TestOperatorPrefix(t *testing.T) {
	op := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	s, err := NewServer(Config{Backend: &recorder{}, Operator: op})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodPost, OperatorPrefix+"clock", nil))
	if w.Code != http.StatusTeapot {
		t.Errorf("operator path: %d", w.Code)
	}
	if status, body, _ := do(t, s, httptest.NewRequest(http.MethodPost, "/respec", nil)); status != 404 || body["Code"] != "InvalidAction.NotFound" {
		t.Errorf("/respec: %d %v", status, body)
	}
}
