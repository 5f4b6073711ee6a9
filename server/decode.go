package server

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/respec-dev/respec/errcodes"
)

// APIVersion is the ECS API version the endpoint serves.
const APIVersion = "2014-05-26"

// The gateway's caps. A request over any of them is 400 InvalidParameter, read no further.
const (
	// MaxQueryBytes caps the URL query, as sent (still percent-encoded).
	MaxQueryBytes = 64 << 10
	// MaxBodyBytes caps the request body. The official SDKs send an empty body; a form body
	// is read up to this cap, and the rest of a longer one is never read.
	MaxBodyBytes = 64 << 10
	// MaxParams caps the number of parameters of one call, query and form together. The
	// largest real call (ModifyPrepayInstanceSpec with Disk.N for 64 data disks) has about 200.
	MaxParams = 512
	// maxActionLen caps an action or version name.
	maxActionLen = 128
	// maxAccessKeyLen caps an AccessKeyId.
	maxAccessKeyLen = 128
)

// protocolParam reports whether name is one of the RPC protocol's own parameters (V2 signing
// and the common ones): they describe the call, not the action, and are not in Call.Params.
func protocolParam(name string) bool {
	switch name {
	case "Action", "Version", "Format", "AccessKeyId",
		"SignatureMethod", "SignatureVersion", "SignatureNonce",
		"SignatureType", "Signature", "Timestamp", "SecurityToken":
		return true
	}
	return false
}

// decoded is a request as the gateway reads it, before the action is looked up.
type decoded struct {
	action, version string
	params          Params
	accessKeyID     string
	signing         Signing
}

// invalid is the gateway's InvalidParameter with detail.
func invalid(detail string) *errcodes.Error { return errcodes.New(errcodes.InvalidParameter, detail) }

// decode reads the call from r: the query, a form body, the action, version and AccessKeyId.
// It reads at most MaxBodyBytes+1 bytes of the body and does no work proportional to more
// than MaxQueryBytes of query.
func decode(r *http.Request) (decoded, *errcodes.Error) {
	var d decoded
	params, e := readParams(r)
	if e != nil {
		return d, e
	}
	if d.action, e = fromHeader(params.Get("Action"), header(r.Header, "X-Acs-Action"), "action", "x-acs-action", "Action"); e != nil {
		return d, e
	}
	if d.version, e = fromHeader(params.Get("Version"), header(r.Header, "X-Acs-Version"), "version", "x-acs-version", "Version"); e != nil {
		return d, e
	}
	if !validName(d.action) {
		return d, invalid("the action is not a valid name")
	}
	if !validName(d.version) {
		return d, invalid("the version is not a valid name")
	}
	auth := header(r.Header, "Authorization")
	d.signing = signingOf(params, auth)
	if d.signing == SigningV2 {
		d.accessKeyID = params.Get("AccessKeyId")
	}
	if d.accessKeyID == "" {
		d.accessKeyID = credential(auth)
	}
	if len(d.accessKeyID) > maxAccessKeyLen || !printableASCII(d.accessKeyID) {
		return d, invalid("the AccessKeyId is not a valid key id")
	}
	for k := range params {
		if protocolParam(k) {
			delete(params, k)
		}
	}
	d.params = params
	return d, nil
}

// readParams reads the parameters of the query and of a form body.
func readParams(r *http.Request) (Params, *errcodes.Error) {
	if len(r.URL.RawQuery) > MaxQueryBytes {
		return nil, invalid("the query string is longer than " + strconv.Itoa(MaxQueryBytes) + " bytes")
	}
	params := make(Params, 8)
	n := 0
	if e := parseParams(r.URL.RawQuery, "query", params, &n); e != nil {
		return nil, e
	}
	if r.Body == nil || r.Body == http.NoBody {
		return params, nil
	}
	body, e := readBody(r.Body)
	if e != nil {
		return nil, e
	}
	if len(body) > 0 && isForm(r.Header.Get("Content-Type")) {
		if e := parseParams(string(body), "form body", params, &n); e != nil {
			return nil, e
		}
	}
	return params, nil
}

// readBody reads a request body of at most MaxBodyBytes (and no more than one byte beyond).
func readBody(body io.Reader) ([]byte, *errcodes.Error) {
	tooLong := invalid("the request body is longer than " + strconv.Itoa(MaxBodyBytes) + " bytes")
	b, err := io.ReadAll(io.LimitReader(body, MaxBodyBytes+1))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, tooLong
		}
		return nil, invalid("the request body cannot be read")
	}
	if len(b) > MaxBodyBytes {
		return nil, tooLong
	}
	return b, nil
}

// header returns the first value of the header whose canonical key is key, as Header.Get
// does, without canonicalizing key on every call (which allocates for "x-acs-action").
func header(h http.Header, key string) string {
	if v := h[key]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// fromHeader is the action or version (what) of a call: the header's value (V3), which
// must then agree with the parameter's (V2) when both are given.
func fromHeader(param, header, what, headerName, paramName string) (string, *errcodes.Error) {
	if header == "" {
		return param, nil
	}
	if param != "" && param != header {
		return param, invalid("the " + what + " is " + strconv.Quote(header) + " in the " + headerName + " header and " + strconv.Quote(param) + " in " + paramName)
	}
	return header, nil
}

// validName reports whether an action or version name is short valid UTF-8.
func validName(s string) bool { return len(s) <= maxActionLen && utf8.ValidString(s) }

// signingOf is the signature version of a call: V2 when the query carries a V2 signature
// (Signature or SignatureMethod), or an AccessKeyId without a V3 Authorization header.
func signingOf(params Params, auth string) Signing {
	if _, ok := params["Signature"]; ok {
		return SigningV2
	}
	if _, ok := params["SignatureMethod"]; ok {
		return SigningV2
	}
	if _, ok := params["AccessKeyId"]; ok && !strings.HasPrefix(auth, "ACS3-") {
		return SigningV2
	}
	return SigningV3
}

// parseParams adds the parameters of an application/x-www-form-urlencoded string to into,
// counting them in *n. A parameter given twice (in the query, the body, or both), a
// malformed percent-encoding, text that is not UTF-8, an empty name or more than MaxParams
// parameters is InvalidParameter.
func parseParams(s, where string, into Params, n *int) *errcodes.Error {
	for s != "" {
		var seg string
		seg, s, _ = strings.Cut(s, "&")
		if seg == "" {
			continue
		}
		*n++
		if *n > MaxParams {
			return invalid("the request has more than " + strconv.Itoa(MaxParams) + " parameters")
		}
		rawKey, rawValue, _ := strings.Cut(seg, "=")
		key, err := url.QueryUnescape(rawKey)
		if err != nil {
			return invalid("the " + where + " has a malformed percent-encoding in a parameter name")
		}
		value, err := url.QueryUnescape(rawValue)
		if err != nil {
			return invalid("the " + where + " has a malformed percent-encoding in the value of " + quoteName(key))
		}
		if key == "" {
			return invalid("the " + where + " has a parameter with an empty name")
		}
		if !utf8.ValidString(key) {
			return invalid("the " + where + " has a parameter name that is not UTF-8")
		}
		if !utf8.ValidString(value) {
			return invalid("the value of " + quoteName(key) + " is not UTF-8")
		}
		if _, dup := into[key]; dup {
			return invalid("the parameter " + quoteName(key) + " is given more than once")
		}
		into[key] = value
	}
	return nil
}

// quoteName quotes a parameter name for a message, shortened to 64 bytes.
func quoteName(k string) string {
	if len(k) > 64 {
		k = k[:64] + "..."
	}
	return strconv.Quote(k)
}

// isForm reports whether a Content-Type is application/x-www-form-urlencoded.
func isForm(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && mt == "application/x-www-form-urlencoded"
}

// credential returns the AccessKeyId of a V3 Authorization header
// ("ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=...,Signature=..."), or "".
func credential(auth string) string {
	alg, rest, ok := strings.Cut(auth, " ")
	if !ok || !strings.HasPrefix(alg, "ACS3-") {
		return ""
	}
	for rest != "" {
		var part string
		part, rest, _ = strings.Cut(rest, ",")
		if k, v, ok := strings.Cut(strings.TrimSpace(part), "="); ok && k == "Credential" {
			return v
		}
	}
	return ""
}

// printableASCII reports whether s is printable ASCII without spaces.
func printableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
