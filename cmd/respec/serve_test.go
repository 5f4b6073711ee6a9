package main

import (
	"bytes"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveRun starts respec serve with args on a free loopback port and returns its address, its
// output, and a function that stops it and returns the exit status.
func serveRun(t *testing.T, args ...string) (string, *syncBuffer, *syncBuffer, func() int) {
	t.Helper()
	ready, stop := make(chan string, 1), make(chan struct{})
	serveReady, serveStop = ready, stop
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- runEnv(append([]string{"serve", "--listen", "127.0.0.1:0"}, args...), env{stdin: strings.NewReader(""), stdout: &out, stderr: &errOut})
	}()
	select {
	case addr := <-ready:
		return addr, &out, &errOut, func() int {
			select {
			case code := <-done: // already stopped (by a signal)
				serveReady, serveStop = nil, nil
				return code
			default:
			}
			close(stop)
			code := <-done
			serveReady, serveStop = nil, nil
			return code
		}
	case code := <-done:
		t.Fatalf("respec serve exited %d: %s%s", code, out.String(), errOut.String())
	case <-time.After(10 * time.Second):
		t.Fatal("respec serve did not start")
	}
	return "", nil, nil, nil
}

func post(t *testing.T, url, action, key string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, url, nil)
	if action != "" {
		req.Header.Set("x-acs-action", action)
		req.Header.Set("x-acs-version", "2014-05-26")
		req.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential="+key+",SignedHeaders=host,Signature=x")
	}
	resp, err := (&http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: 10 * time.Second}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServe(t *testing.T) {
	addr, out, errOut, stop := serveRun(t, "--clock", "manual", "--now", "2026-09-14T03:00:00Z")
	if !strings.Contains(out.String(), "ECS endpoint at http://"+addr+"/") || !strings.Contains(out.String(), `Endpoint "`+addr+`"`) {
		t.Errorf("banner: %q", out.String())
	}
	code, body := post(t, "http://"+addr+"/?RegionId=cn-hangzhou&InstanceId=i-bp1g6example000001", "StopInstance", "respec-owner")
	if code != 200 || !strings.Contains(body, `"RequestId"`) {
		t.Errorf("StopInstance: %d %s", code, body)
	}
	code, body = post(t, "http://"+addr+"/?RegionId=cn-hangzhou", "DescribeInstances", "who")
	if code != 404 || !strings.Contains(body, `"Code":"InvalidAccessKeyId.NotFound"`) {
		t.Errorf("unknown key: %d %s", code, body)
	}
	code, body = post(t, "http://"+addr+"/respec/clock?advance=1m", "", "")
	if code != 200 || !strings.Contains(body, "2026-09-14T03:01:00Z") {
		t.Errorf("clock: %d %s", code, body)
	}
	if code := stop(); code != exitOK {
		t.Errorf("exit %d", code)
	}
	log := errOut.String()
	if !strings.Contains(log, "2026-09-14T03:00:00Z StopInstance i-bp1g6example000001 200 OK ") ||
		!strings.Contains(log, " DescribeInstances - 404 InvalidAccessKeyId.NotFound ") || strings.Count(log, "\n") != 2 {
		t.Errorf("log:\n%s", log)
	}
	if !strings.HasSuffix(out.String(), "respec serve: stopped\n") {
		t.Errorf("stdout: %q", out.String())
	}
}

// SIGTERM shuts respec serve down gracefully: exit 0, "stopped".
func TestServeStopsOnSIGTERM(t *testing.T) {
	addr, out, _, stop := serveRun(t)
	if code, _ := post(t, "http://"+addr+"/?RegionId=cn-hangzhou", "DescribeInstances", "respec-owner"); code != 200 {
		t.Errorf("DescribeInstances: %d", code)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "respec serve: stopped") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if code := stop(); code != exitOK || !strings.Contains(out.String(), "respec serve: stopped") {
		t.Errorf("exit %d, stdout %q", code, out.String())
	}
}

func TestServeWorldFile(t *testing.T) {
	addr, _, _, stop := serveRun(t, "--world", "../../examples/downgrade-stopped.json")
	defer stop()
	code, body := post(t, "http://"+addr+"/?InstanceId=i-bp1g6stopped00002", "DescribeInstanceAttribute", "any-key")
	if code != 200 || !strings.Contains(body, `"Status":"Stopped"`) {
		t.Errorf("DescribeInstanceAttribute: %d %s", code, body)
	}
}

// --world reads a world file: its AccessKeys name the callers (the account, its RAM users;
// any other key is InvalidAccessKeyId.NotFound), and a RAM user without the permission is
// Forbidden.RAM. The operator load reads world files too, and a file without AccessKeys is
// served to any key.
func TestServeWorldFileKeys(t *testing.T) {
	addr, _, _, stop := serveRun(t, "--clock", "manual", "--world", "../../endpoint/testdata/world.json")
	defer stop()
	url := "http://" + addr + "/?RegionId=cn-hangzhou&InstanceId=i-bp1keys000000&InstanceType=ecs.g6.2xlarge"
	for _, tc := range []struct {
		action, key string
		code        int
		want        string
	}{
		{"DescribeInstanceAttribute", "AK-AUDITOR", 200, `"InstanceType":"ecs.g6.xlarge"`},
		{"ModifyPrepayInstanceSpec", "AK-AUDITOR", 403, `"Code":"Forbidden.RAM"`},
		{"ModifyPrepayInstanceSpec", "AK-OTHER", 404, `"Code":"InvalidInstanceId.NotFound"`},
		{"ModifyPrepayInstanceSpec", "AK-NOBODY", 404, `"Code":"InvalidAccessKeyId.NotFound"`},
		{"ModifyPrepayInstanceSpec", "AK-OPS", 200, `"OrderId"`},
	} {
		if code, body := post(t, url, tc.action, tc.key); code != tc.code || !strings.Contains(body, tc.want) {
			t.Errorf("%s as %s: %d %s, want %d %s", tc.action, tc.key, code, body, tc.code, tc.want)
		}
	}
	fleet, err := os.ReadFile("../../examples/fleet500/world.json")
	if err != nil {
		t.Fatal(err)
	}
	load := func(doc string) (int, string) {
		resp, err := http.Post("http://"+addr+"/respec/world", "application/json", strings.NewReader(doc))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := load(string(fleet)); code != 200 || !strings.Contains(body, `"InstanceId": "i-bp1fleet00499"`) {
		t.Fatalf("load fleet500: %d %.300s", code, body)
	}
	if code, body := post(t, "http://"+addr+"/?InstanceId=i-bp1fleet00001", "DescribeInstanceAttribute", "any-key"); code != 200 || !strings.Contains(body, `"Status":"Stopped"`) {
		t.Errorf("fleet500 as any key: %d %s", code, body)
	}
	for doc, want := range map[string]string{
		strings.Replace(string(fleet), `"Balance": "434399.70"`, `"Balance": "lots"`, 1):     `world: accounts[0].Account.Balance: `,
		`{"now": "2026-09-14T02:30:00Z", "request": {}, "instance": {"Status": "Sleeping"}}`: `instance.Status: `,
		`{"now": "2026-09-14T02:30:00Z", "acounts": []}`:                                     `world: acounts: unknown field`,
	} {
		if code, body := load(doc); code != 400 || !strings.Contains(body, want) {
			t.Errorf("load %.60s: %d %s, want 400 %s", doc, code, body, want)
		}
	}
}

func TestServeUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"serve", "--clock", "sometimes"}, `--clock "sometimes": want real or manual`},
		{[]string{"serve", "--now", "2026-01-01T00:00:00Z"}, "--now needs --clock manual"},
		{[]string{"serve", "--clock", "manual", "--now", "noon"}, `--now "noon" is not an RFC 3339 moment`},
		{[]string{"serve", "--world", "/nonexistent/world.json"}, "no such file"},
		{[]string{"serve", "--listen", "127.0.0.1:notaport"}, "notaport"},
	} {
		code, _, errOut := runArgs(tc.args...)
		if code != exitUsage || !strings.Contains(errOut, tc.want) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q", tc.args, code, errOut)
		}
	}
}

// The log buffer writes its lines out within its interval, and everything at Close.
func TestLogBuffer(t *testing.T) {
	var out syncBuffer
	l := newLogBuffer(&out, 10*time.Millisecond)
	_, _ = l.Write([]byte("first\n"))
	deadline := time.Now().Add(5 * time.Second)
	for out.String() == "" && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if out.String() != "first\n" {
		t.Errorf("after the interval: %q", out.String())
	}
	_, _ = l.Write([]byte("second\n"))
	l.Close()
	if out.String() != "first\nsecond\n" {
		t.Errorf("after Close: %q", out.String())
	}
}
