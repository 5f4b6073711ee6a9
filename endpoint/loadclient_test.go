package endpoint_test

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/respec-dev/respec/server"
)

// loadClient sends the calls of a load over one connection (or one keep-alive transport)
// and returns each answer's status and body, the body checked to be the API's answer.
type loadClient interface {
	// send sends call k and returns the status and, valid until the next send, the body.
	send(k int) (status int, body []byte, err error)
	// close closes the client's connection.
	close()
}

// loadClients are the two clients of the load: the minimal HTTP/1.1 client the target is
// measured with (its own cost a small share of the CPU), and net/http's.
var loadClients = []struct {
	name string
	// connect returns clients clients over the server at ts's URL, each with the same
	// prepared calls.
	connect func(url, host string, reqs []loadRequest, clients int) ([]loadClient, error)
}{
	{"raw", connectRaw},
	{"nethttp", connectNetHTTP},
}

// rawClient is a minimal HTTP/1.1 keep-alive client over one net.Conn: each call's request
// bytes are formatted before the run (the request line with the query, Host, the SDK's V3
// headers, Content-Length: 0), and an answer is read as its status line, its headers and
// exactly Content-Length bytes of body.
type rawClient struct {
	conn net.Conn
	r    *bufio.Reader
	reqs [][]byte
	body []byte
}

// rawRequests formats the request bytes of every call for host.
func rawRequests(host string, reqs []loadRequest) [][]byte {
	out := make([][]byte, len(reqs))
	for k, r := range reqs {
		b := make([]byte, 0, 192+len(r.path)+len(r.key))
		b = append(b, "POST "...)
		b = append(b, r.path...)
		b = append(b, " HTTP/1.1\r\nHost: "...)
		b = append(b, host...)
		b = append(b, "\r\nUser-Agent: respec-load\r\nx-acs-action: "+server.ActionModifyPrepayInstanceSpec+
			"\r\nx-acs-version: "+server.APIVersion+"\r\nAuthorization: ACS3-HMAC-SHA256 Credential="...)
		b = append(b, r.key...)
		b = append(b, ",SignedHeaders=host,Signature=x\r\nContent-Length: 0\r\n\r\n"...)
		out[k] = b
	}
	return out
}

func connectRaw(_, host string, reqs []loadRequest, clients int) ([]loadClient, error) {
	raw := rawRequests(host, reqs)
	out := make([]loadClient, 0, clients)
	for range clients {
		conn, err := net.Dial("tcp", host)
		if err != nil {
			for _, c := range out {
				c.close()
			}
			return nil, err
		}
		out = append(out, &rawClient{conn: conn, r: bufio.NewReaderSize(conn, 4096), reqs: raw, body: make([]byte, 0, 512)})
	}
	return out, nil
}

func (c *rawClient) close() { c.conn.Close() }

func (c *rawClient) send(k int) (int, []byte, error) {
	if _, err := c.conn.Write(c.reqs[k]); err != nil {
		return 0, nil, err
	}
	status, length, err := readHead(c.r)
	if err != nil {
		return 0, nil, err
	}
	if length > 64<<10 {
		return 0, nil, fmt.Errorf("an answer of %d bytes", length)
	}
	c.body = c.body[:0]
	if cap(c.body) < length {
		c.body = make([]byte, 0, length)
	}
	body := c.body[:length]
	if _, err := io.ReadFull(c.r, body); err != nil {
		return 0, nil, err
	}
	return status, body, checkAnswer(status, body)
}

// readHead reads an answer's status line and headers and returns the status and the
// Content-Length. An answer without a Content-Length, or one that closes the connection, is
// an error: the server sends neither to this load.
func readHead(r *bufio.Reader) (status, length int, err error) {
	line, err := r.ReadSlice('\n')
	if err != nil {
		return 0, 0, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, 0, fmt.Errorf("status line %q", line)
	}
	if status, err = strconv.Atoi(string(line[9:12])); err != nil {
		return 0, 0, fmt.Errorf("status line %q", line)
	}
	length = -1
	for {
		line, err = r.ReadSlice('\n')
		if err != nil {
			return 0, 0, err
		}
		if len(line) <= 2 { // "\r\n": the end of the headers
			break
		}
		if err := readHeaderLine(line, &length); err != nil {
			return 0, 0, err
		}
	}
	if length < 0 {
		return 0, 0, errors.New("an answer without Content-Length")
	}
	return status, length, nil
}

// readHeaderLine reads one header line of an answer: a Content-Length into *length; a
// Connection: close or a Transfer-Encoding is an error.
func readHeaderLine(line []byte, length *int) error {
	name, value, ok := bytes.Cut(bytes.TrimRight(line, "\r\n"), []byte(":"))
	if !ok {
		return fmt.Errorf("header line %q", line)
	}
	value = bytes.TrimSpace(value)
	switch {
	case bytes.EqualFold(name, []byte("Content-Length")):
		n, err := strconv.Atoi(string(value))
		if err != nil || n < 0 {
			return fmt.Errorf("header line %q", line)
		}
		*length = n
	case bytes.EqualFold(name, []byte("Connection")) && bytes.EqualFold(value, []byte("close")):
		return errors.New("the server closes the connection")
	case bytes.EqualFold(name, []byte("Transfer-Encoding")):
		return fmt.Errorf("header line %q", line)
	}
	return nil
}

// checkAnswer checks that body is the API's answer to a ModifyPrepayInstanceSpec call with
// that status: a 200 is {"RequestId":"...","OrderId":"..."} with both set, any other status
// a 4xx error body whose Code is set.
func checkAnswer(status int, body []byte) error {
	if status == http.StatusOK {
		if jsonString(body, `{"RequestId":"`) == "" || jsonString(body, `","OrderId":"`) == "" || !bytes.HasSuffix(body, []byte(`"}`)) {
			return fmt.Errorf("200 with %s", body)
		}
		return nil
	}
	if status < 400 || status >= 500 || !bytes.HasPrefix(body, []byte(`{"RequestId":"`)) || jsonString(body, `"Code":"`) == "" {
		return fmt.Errorf("%d with %s", status, body)
	}
	return nil
}

// jsonString returns the string value that follows key (ending in its opening quote) in
// body, or "" when key is absent (a value with escapes is cut at its first backslash, which
// is enough to tell it is set).
func jsonString(body []byte, key string) string {
	i := bytes.Index(body, []byte(key))
	if i < 0 {
		return ""
	}
	v := body[i+len(key):]
	if j := bytes.IndexAny(v, `"\`); j >= 0 {
		return string(v[:j])
	}
	return ""
}

// netHTTPClient sends the calls through net/http's client over a keep-alive transport
// shared by the clients.
type netHTTPClient struct {
	client *http.Client
	url    string
	reqs   []loadRequest
	body   bytes.Buffer
}

func connectNetHTTP(url, _ string, reqs []loadRequest, clients int) ([]loadClient, error) {
	client := keepAlive(clients)
	out := make([]loadClient, clients)
	for c := range out {
		out[c] = &netHTTPClient{client: client, url: url, reqs: reqs}
	}
	return out, nil
}

func (c *netHTTPClient) close() { c.client.CloseIdleConnections() }

func (c *netHTTPClient) send(k int) (int, []byte, error) {
	req, err := http.NewRequest(http.MethodPost, c.url+c.reqs[k].path, nil)
	if err != nil {
		return 0, nil, err
	}
	setV3Headers(req, server.ActionModifyPrepayInstanceSpec, c.reqs[k].key)
	resp, err := c.client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	c.body.Reset()
	if _, err := c.body.ReadFrom(io.LimitReader(resp.Body, 64<<10)); err != nil {
		return 0, nil, err
	}
	return resp.StatusCode, c.body.Bytes(), checkAnswer(resp.StatusCode, c.body.Bytes())
}

// setV3Headers sets the headers the SDK sends with V3 signing for action and key.
func setV3Headers(req *http.Request, action, key string) {
	req.Header.Set("x-acs-action", action)
	req.Header.Set("x-acs-version", server.APIVersion)
	req.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential="+key+",SignedHeaders=host,Signature=x")
}

func keepAlive(clients int) *http.Client {
	return &http.Client{Transport: &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients,
		DisableCompression: true, ForceAttemptHTTP2: false}}
}

// The load's check of an answer refuses what is not the API's answer.
func TestCheckAnswer(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		ok     bool
	}{
		{200, `{"RequestId":"r-1","OrderId":"212345678900001"}`, true},
		{400, `{"RequestId":"r-1","HostId":"ecs.aliyuncs.com","Code":"LastOrderProcessing","Message":"m","Recommend":""}`, true},
		{200, `{"RequestId":"r-1","OrderId":""}`, false},
		{200, `{"RequestId":"r-1","Code":"LastOrderProcessing"}`, false},
		{200, `{"RequestId":"r-1","OrderId":"2123`, false},
		{500, `{"RequestId":"r-1","HostId":"h","Code":"InternalError","Message":"m","Recommend":""}`, false},
		{400, `{"RequestId":"r-1","Code":""}`, false},
		{403, `not json`, false},
	} {
		if err := checkAnswer(tc.status, []byte(tc.body)); (err == nil) != tc.ok {
			t.Errorf("checkAnswer(%d, %s) = %v, want ok %v", tc.status, tc.body, err, tc.ok)
		}
	}
}

// readHead reads the status and Content-Length, and refuses an answer it cannot frame.
func TestReadHead(t *testing.T) {
	for _, tc := range []struct {
		head           string
		status, length int
		ok             bool
	}{
		{"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\ncontent-length: 42\r\n\r\n", 200, 42, true},
		{"HTTP/1.1 404 Not Found\r\nContent-Length: 7\r\n\r\n", 404, 7, true},
		{"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", 0, 0, false},
		{"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n", 0, 0, false},
		{"HTTP/1.1 200 OK\r\n\r\n", 0, 0, false},
		{"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n", 0, 0, false},
		{"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n", 0, 0, false},
	} {
		status, length, err := readHead(bufio.NewReader(strings.NewReader(tc.head)))
		if (err == nil) != tc.ok || status != tc.status || length != tc.length {
			t.Errorf("readHead(%q) = %d, %d, %v; want %d, %d, ok %v", tc.head, status, length, err, tc.status, tc.length, tc.ok)
		}
	}
}
