package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/respec-dev/respec/errcodes"
)

// FuzzServe sends raw HTTP requests to the handler. Whatever the bytes, the answer is
// application/json: a 200 without a Code, or a catalog error under its own status with the
// five wire fields; the handler never panics. The seed corpus (testdata/fuzz/FuzzServe) holds
// V2 and V3 calls as the SDK sends them and each gateway error.
func FuzzServe(f *testing.F) {
	f.Add([]byte("POST /?InstanceId=i-1 HTTP/1.1\r\nHost: 127.0.0.1\r\nx-acs-action: StopInstance\r\nx-acs-version: 2014-05-26\r\n\r\n"))
	f.Add([]byte("GET /?Action=StopInstance&Version=2014-05-26&AccessKeyId=AK&Signature=x&InstanceId=i-1 HTTP/1.1\r\nHost: h\r\n\r\n"))
	s, err := NewServer(Config{Backend: &recorder{}, Clock: NewManualClock(t0)})
	if err != nil {
		f.Fatal(err)
	}
	type codeStatus struct {
		code   string
		status int
	}
	inCatalog := map[codeStatus]bool{}
	for _, e := range errcodes.All() {
		inCatalog[codeStatus{e.Code, e.HTTPStatus}] = true
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		r, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(raw)))
		if err != nil {
			return // net/http refuses it before any handler runs
		}
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		if ct := w.Header().Get("Content-Type"); ct != "application/json;charset=utf-8" {
			t.Fatalf("Content-Type %q", ct)
		}
		var body map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &body); err != nil {
			t.Fatalf("status %d, body %q is not a JSON object", w.Code, w.Body)
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
		if len(body) != 5 {
			t.Fatalf("error body %v does not have the five wire fields", body)
		}
	})
}
