package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The tests in this file hold the gateway's caps at their exact edges: a request at a cap is
// read, one byte past it is refused.

func TestGatewayCapsAtTheEdge(t *testing.T) {
	s, _, _ := newTest(t)
	key := func(n int) *http.Request {
		r := v3(ActionStopInstance, "InstanceId=i-1")
		r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential="+strings.Repeat("K", n)+",Signature=x")
		return r
	}
	pad := "InstanceId=i-1&X="
	query := func(n int) *http.Request { return v3(ActionStopInstance, pad+strings.Repeat("a", n-len(pad))) }
	form := func(n int) *http.Request {
		r := v3(ActionStopInstance, "InstanceId=i-1")
		body := "X=" + strings.Repeat("b", n-2)
		r.Body = io.NopCloser(strings.NewReader(body))
		r.ContentLength = int64(len(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		return r
	}
	name := func(n int) *http.Request { return v3(strings.Repeat("A", n), "InstanceId=i-1") }
	version := func(n int) *http.Request {
		r := v3(ActionStopInstance, "InstanceId=i-1")
		r.Header.Set("x-acs-version", strings.Repeat("9", n))
		return r
	}
	for _, tc := range []struct {
		name            string
		atCap, pastCap  *http.Request
		atCode, message string
	}{
		{"AccessKeyId", key(maxAccessKeyLen), key(maxAccessKeyLen + 1), "", "the AccessKeyId is not a valid key id"},
		{"query", query(MaxQueryBytes), query(MaxQueryBytes + 1), "", "the query string is longer than " + strconv.Itoa(MaxQueryBytes) + " bytes"},
		{"form body", form(MaxBodyBytes), form(MaxBodyBytes + 1), "", "the request body is longer than " + strconv.Itoa(MaxBodyBytes) + " bytes"},
		{"action name", name(maxActionLen), name(maxActionLen + 1), "InvalidAction.NotFound", "the action is not a valid name"},
		{"version name", version(maxActionLen), version(maxActionLen + 1), "InvalidVersion", "the version is not a valid name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, body, _ := do(t, s, tc.atCap)
			if code, _ := body["Code"].(string); code != tc.atCode {
				t.Errorf("at the cap: %d %v, want code %q", status, body, tc.atCode)
			}
			status, body, _ = do(t, s, tc.pastCap)
			if status != 400 || body["Code"] != "InvalidParameter" || body["Message"] != tc.message {
				t.Errorf("past the cap: %d %v, want 400 InvalidParameter %q", status, body, tc.message)
			}
		})
	}
}

// TestDuplicateNameQuotedInFull: a parameter name of 64 bytes is quoted whole in the message,
// a longer one is cut to 64 bytes.
func TestDuplicateNameQuotedInFull(t *testing.T) {
	s, _, _ := newTest(t)
	for _, n := range []int{64, 65} {
		k := strings.Repeat("k", n)
		want := `the parameter "` + k + `" is given more than once`
		if n > 64 {
			want = `the parameter "` + k[:64] + `..." is given more than once`
		}
		status, body, _ := do(t, s, v3(ActionStopInstance, "InstanceId=i-1&"+k+"=1&"+k+"=2"))
		if status != 400 || body["Message"] != want {
			t.Errorf("a %d-byte name given twice: %d %v", n, status, body)
		}
	}
}

func TestPrintableASCIIEdges(t *testing.T) {
	for s, want := range map[string]bool{"!": true, "~": true, "AKID-1": true, "": true, " ": false, "\x7f": false, "a b": false, "\x00": false, "é": false} {
		if got := printableASCII(s); got != want {
			t.Errorf("printableASCII(%q) = %v", s, got)
		}
	}
}

func TestIsActionNameEdges(t *testing.T) {
	for s, want := range map[string]bool{
		"a": true, "z": true, "A": true, "Z": true, "0": true, "9": true, "StopInstance": true,
		"`": false, "{": false, "@": false, "[": false, "/": false, ":": false, "": false, "Stop-Instance": false,
		strings.Repeat("A", maxActionLen): true, strings.Repeat("A", maxActionLen+1): false,
	} {
		if got := isActionName(s); got != want {
			t.Errorf("isActionName(%q) = %v", s, got)
		}
	}
}

// TestRequestIDUsesTwelveHexDigits: the sequence number fills the last 12 hex digits of the
// generated RequestId.
func TestRequestIDUsesTwelveHexDigits(t *testing.T) {
	s, _, _ := newTest(t)
	s.seq.Store(1<<44 - 1)
	if got, want := s.nextID(), "00000000-0000-4000-8000-100000000000"; got != want {
		t.Errorf("RequestId %s, want %s", got, want)
	}
}

// TestOperatorPrefixExactly: the operator prefix itself is the operator's.
func TestOperatorPrefixExactly(t *testing.T) {
	op := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusTeapot) })
	s, err := NewServer(Config{Backend: &recorder{}, Operator: op})
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, httptest.NewRequest(http.MethodPost, OperatorPrefix, nil))
	if w.Code != http.StatusTeapot {
		t.Errorf("%s: %d", OperatorPrefix, w.Code)
	}
}

// TestNilBody: a request built by hand with a nil Body (as http.Request allows for a
// server-side request in tests) is served like one with an empty body.
func TestNilBody(t *testing.T) {
	s, _, _ := newTest(t)
	r := v3(ActionStopInstance, "InstanceId=i-1")
	r.Body = nil
	if status, body, _ := do(t, s, r); status != 200 {
		t.Errorf("nil body: %d %v", status, body)
	}
}

func TestHostRegionEdges(t *testing.T) {
	for s, want := range map[string]string{
		"cn-hangzhou": "cn-hangzhou", "az09-": "az09-", "": "",
		strings.Repeat("a", 64): strings.Repeat("a", 64), strings.Repeat("a", 65): "",
		"`": "", "{": "", "/": "", ":": "", "A": "", "cn_hangzhou": "", "cn hangzhou": "",
	} {
		if got := hostRegion(s); got != want {
			t.Errorf("hostRegion(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestLogFieldEdges(t *testing.T) {
	for s, want := range map[string]string{
		"": "-", "i-1": "i-1", "!~": "!~", "a b": "a?b", "a\x7fb": "a?b", "a\x1fb": "a?b", "é": "??",
		strings.Repeat("k", 64): strings.Repeat("k", 64), strings.Repeat("k", 65): strings.Repeat("k", 64),
	} {
		if got := string(appendLogField(nil, s)); got != want {
			t.Errorf("appendLogField(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestHTTPServerTimeouts(t *testing.T) {
	s, _, _ := newTest(t)
	h := s.HTTPServer("127.0.0.1:0")
	if h.ReadHeaderTimeout != 5*time.Second || h.ReadTimeout != 30*time.Second || h.WriteTimeout != 30*time.Second ||
		h.IdleTimeout != 120*time.Second || h.MaxHeaderBytes != 64<<10+8<<10 || h.Handler != s || h.Addr != "127.0.0.1:0" {
		t.Errorf("HTTPServer: %+v", h)
	}
}

// TestSigningZeroIsNeither: the zero Signing is neither signature version, so a Call that
// was not decoded cannot pass for a V3 one.
func TestSigningZeroIsNeither(t *testing.T) {
	var zero Signing
	if zero == SigningV3 || zero == SigningV2 || SigningV3 == SigningV2 {
		t.Errorf("SigningV3 %d, SigningV2 %d", SigningV3, SigningV2)
	}
}
