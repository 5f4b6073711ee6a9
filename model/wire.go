package model

import (
	"bytes"
	"encoding/json"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/internal/wordscan"
)

// Wire names of the request parameters, in the order of the API page's parameter table. The
// Disk.N parameters are named Disk.<N>.DiskId, Disk.<N>.Category and Disk.<N>.PerformanceLevel.
const (
	ParamInstanceID           = "InstanceId"
	ParamRegionID             = "RegionId"
	ParamInstanceType         = "InstanceType"
	ParamOperatorType         = "OperatorType"
	ParamClientToken          = "ClientToken"
	ParamAutoPay              = "AutoPay"
	ParamMigrateAcrossZone    = "MigrateAcrossZone"
	ParamSystemDiskCategory   = "SystemDisk.Category"
	ParamRebootTime           = "RebootTime"
	ParamEndTime              = "EndTime"
	ParamRebootWhenFinished   = "RebootWhenFinished"
	ParamModifyMode           = "ModifyMode"
	ParamOwnerID              = "OwnerId"
	ParamResourceOwnerID      = "ResourceOwnerId"
	ParamOwnerAccount         = "OwnerAccount"
	ParamResourceOwnerAccount = "ResourceOwnerAccount"
)

// Bounds on a whole request, checked before any parameter is looked at.
const (
	// MaxRequestParams is the most key=value pairs a request may carry (repeated keys count
	// once per occurrence). The operation has fewer than 70 parameters with Disk.1–16.
	MaxRequestParams = 256
	// MaxRequestBytes is the largest request accepted: the raw query string for ParseQuery,
	// the raw body for ParseJSON, the sum of key and value lengths for ParseValues and
	// ParseMap.
	MaxRequestBytes = 64 << 10
)

// WireTimeLayout is the documented RebootTime and EndTime format (UTC, minute precision);
// WireTimeLayoutSeconds is the tolerated form with seconds.
const (
	WireTimeLayout        = "2006-01-02T15:04Z"
	WireTimeLayoutSeconds = "2006-01-02T15:04:05Z"
)

// ParseValues parses the query parameters of one call (url.Values as decoded from the query
// string). v is not changed.
//
// ParseValues, ParseQuery, ParseMap and ParseJSON share one set of rules and report the first
// problem found, in this order:
//
//  1. Size: more than MaxRequestParams pairs or more than MaxRequestBytes →
//     InvalidParameter. Form-specific syntax comes next: a malformed %-escape in a query
//     (InvalidParameter naming the key), a JSON body that is not one object of string values,
//     has a duplicate key or trailing data (InvalidParameter).
//  2. The parameters, in the order of the API page's parameter table: InstanceId, RegionId,
//     InstanceType, OperatorType, ClientToken, AutoPay, MigrateAcrossZone,
//     SystemDisk.Category, RebootTime, EndTime, RebootWhenFinished, ModifyMode, Disk.N.*, then
//     the hidden common parameters OwnerId, ResourceOwnerId, OwnerAccount,
//     ResourceOwnerAccount. For each parameter: a key given more than once with different
//     values, then the generic value checks (length, UTF-8, control characters), then the
//     parameter's own format.
//  3. Within Disk.N.*: first a malformed Disk.* key (the smallest in byte order, e.g.
//     Disk.0.DiskId, Disk.17.DiskId, Disk.01.DiskId, Disk.x.DiskId, Disk.1.Foo) →
//     InvalidParameter naming it; then each N in ascending order: the value checks of DiskId,
//     Category, PerformanceLevel; a missing DiskId (MissingParameter, detail Disk.N.DiskId);
//     a missing Category (MissingParameter.DiskCategory); a bad Category
//     (InvalidParameter.DiskCategory); a bad PerformanceLevel
//     (InvalidPerformanceLevel.Malformed).
//
// Decisions where the API reference is silent:
//   - Names are case-sensitive; a key that is not a parameter of this operation (the RPC
//     common parameters Action, Version, Format, AccessKeyId, Signature, SignatureMethod,
//     SignatureVersion, SignatureNonce, SignatureType, Timestamp, SecurityToken, BearerToken,
//     or any unknown key) is accepted and ignored, as the API does: its value is not checked
//     and it may repeat. Every key that is neither a parameter nor a common parameter is
//     listed in Request.Unknown (with a did-you-mean suggestion on a close match, "Autopay"
//     → "AutoPay"), so that the plan can warn about it. Keys beginning with "Disk." belong to
//     the Disk.N list and must be well formed.
//   - An empty value counts as not given, for every parameter: a required one then fails with
//     MissingParameter, an optional one takes its default.
//   - Values are not trimmed. Lengths are in bytes: at most MaxParamLength, ClientToken at most
//     MaxClientTokenLength and printable ASCII (0x20–0x7E). Every other value must be valid
//     UTF-8 without control characters (Unicode category Cc: C0, DEL, C1).
//   - The generic value checks come first for every parameter, so an over-long RebootTime is
//     InvalidParameter, not InvalidRebootTime.MalFormed.
//   - Booleans accept true and false in any ASCII letter case (TRUE, False); anything else is
//     InvalidParameter. OperatorType (upgrade, downgrade) and ModifyMode (Online, Offline) are
//     matched ignoring ASCII case too. Disk categories and performance levels are exact.
//   - RebootTime and EndTime: yyyy-MM-ddTHH:mmZ, or yyyy-MM-ddTHH:mm:ssZ; the year must be
//     1970–9999 (a zero time means "not given"), seconds 00–59, the date must exist. No
//     fractions, offsets or other zones.
//     A bad RebootTime is InvalidRebootTime.MalFormed; a bad EndTime is InvalidParameter
//     (the page has no EndTime code).
//   - Disk.N: N is 1–MaxDisks in decimal without sign or leading zero; gaps are allowed
//     (Disk.1 and Disk.3 give two entries, Index 1 and 3); Disks is ordered by N.
//   - OwnerId and ResourceOwnerId are base-10 int64 values (strconv.ParseInt); they and the
//     two account names are kept in the Request and ignored by every rule.
//   - A query key repeated with identical values is one value; with different values it is
//     InvalidParameter naming the key (ignored keys excepted). A JSON body repeating any key is
//     InvalidParameter naming the key.
//
// Every error's Detail begins with the name of the parameter concerned (MissingParameter's is
// exactly the name). A name longer than 64 bytes or with bytes outside printable ASCII is shown
// Go-quoted and cut to 64 bytes. Errors not about one parameter begin with "the request" (size
// and count), "request body" (JSON shape) or "a parameter name" (a malformed escape in a name).
func ParseValues(v url.Values) (Request, error) {
	if len(v) > MaxRequestParams {
		return Request{}, tooManyParams()
	}
	pairs, size := 0, 0
	for k, vals := range v {
		pairs += len(vals)
		if pairs > MaxRequestParams {
			return Request{}, tooManyParams()
		}
		size += len(k) * len(vals)
		for _, s := range vals {
			size += len(s)
		}
		if size > MaxRequestBytes {
			return Request{}, tooLarge()
		}
	}
	var w wire
	for k, vals := range v {
		for _, s := range vals {
			w.add(k, s)
		}
	}
	return w.parse()
}

// ParseQuery parses a raw query string (e.g. "InstanceId=i-1&RegionId=cn-hangzhou&..."). Pairs
// are separated by '&'; a pair without '=' has an empty value; keys and values are
// %-unescaped with '+' as a space, as url.ParseQuery does, but ';' is an ordinary character.
func ParseQuery(raw string) (Request, error) {
	if len(raw) > MaxRequestBytes {
		return Request{}, tooLarge()
	}
	// A query shorter than MaxRequestParams bytes has fewer '&' than that.
	if len(raw) >= MaxRequestParams && strings.Count(raw, "&") >= MaxRequestParams {
		// Empty segments ("a=1&&b=2") are not pairs; count precisely before refusing.
		n := 0
		for seg := range strings.SplitSeq(raw, "&") {
			if seg != "" {
				n++
			}
		}
		if n > MaxRequestParams {
			return Request{}, tooManyParams()
		}
	}
	// Most queries have nothing to unescape: one look at the whole string tells.
	escaped := strings.IndexByte(raw, '%') >= 0 || strings.IndexByte(raw, '+') >= 0
	var w wire
	for len(raw) > 0 {
		seg := raw
		if i := strings.IndexByte(raw, '&'); i >= 0 {
			seg, raw = raw[:i], raw[i+1:]
		} else {
			raw = ""
		}
		if seg == "" {
			continue
		}
		k, v := seg, ""
		if i := strings.IndexByte(seg, '='); i >= 0 {
			k, v = seg[:i], seg[i+1:]
		}
		if escaped {
			var err *errcodes.Error
			if k, v, err = unescapePair(k, v); err != nil {
				return Request{}, err
			}
		}
		w.add(k, v)
	}
	return w.parse()
}

// unescapePair %-unescapes a query's key and value, '+' as a space (url.QueryUnescape).
func unescapePair(rk, rv string) (k, v string, _ *errcodes.Error) {
	k, err := url.QueryUnescape(rk)
	if err != nil {
		return "", "", invalid("a parameter name", "the query string has a malformed %-escape in "+quoteShort(rk))
	}
	if v, err = url.QueryUnescape(rv); err != nil {
		return "", "", invalid(shortName(k), "malformed %-escape in the query string")
	}
	return k, v, nil
}

// ParseMap parses a map of wire names to string values (the scenario's "request" object).
// m is not changed. The map is walked once: its pairs are filed while their sizes are added
// up, which changes no answer, since filing a pair checks nothing and the size is refused
// before any parameter is looked at.
func ParseMap(m map[string]string) (Request, error) {
	if len(m) > MaxRequestParams {
		return Request{}, tooManyParams()
	}
	var w wire
	size := 0
	for k, v := range m {
		if size += len(k) + len(v); size > MaxRequestBytes {
			return Request{}, tooLarge()
		}
		w.add(k, v)
	}
	return w.parse()
}

// addMap files the pairs of m.
func (w *wire) addMap(m map[string]string) {
	for k, v := range m {
		w.add(k, v)
	}
}

// detailNotJSONObject is the InvalidParameter detail of a JSON body of the wrong shape.
const detailNotJSONObject = "request body is not a JSON object of strings"

// ParseJSON parses a JSON object whose values are all strings, with the same wire names as the
// query. A value that is not a string (number, boolean, null, object, array) is
// InvalidParameter naming its key; a key given twice is InvalidParameter naming it (the
// standard decoder's last-wins is not applied); anything else that is not exactly one such
// object, including invalid UTF-8, is InvalidParameter with the detail "request body is not a
// JSON object of strings".
func ParseJSON(b []byte) (Request, error) {
	if len(b) > MaxRequestBytes {
		return Request{}, tooLarge()
	}
	if !utf8.Valid(b) {
		return Request{}, errcodes.New(errcodes.InvalidParameter, detailNotJSONObject+": invalid UTF-8")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	notObject := errcodes.New(errcodes.InvalidParameter, detailNotJSONObject)
	tok, err := dec.Token()
	if err != nil || tok != json.Delim('{') {
		return Request{}, notObject
	}
	m := make(map[string]string, 16)
	if err := readJSONPairs(dec, m, notObject); err != nil {
		return Request{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return Request{}, notObject
	}
	var w wire
	w.addMap(m)
	return w.parse()
}

// readJSONPairs reads the members of a JSON object, after its '{', into m: string values
// only, each key once, at most MaxRequestParams of them. notObject is the error of a body
// that is not a JSON object.
func readJSONPairs(dec *json.Decoder, m map[string]string, notObject *errcodes.Error) *errcodes.Error {
	for {
		tok, err := dec.Token()
		if err != nil {
			return notObject
		}
		if tok == json.Delim('}') {
			return nil
		}
		k, ok := tok.(string)
		if !ok {
			return notObject
		}
		if len(m) >= MaxRequestParams {
			return tooManyParams()
		}
		if tok, err = dec.Token(); err != nil {
			return notObject
		}
		v, ok := tok.(string)
		if !ok {
			return invalid(shortName(k), "must be a JSON string")
		}
		if _, dup := m[k]; dup {
			return invalid(shortName(k), "given more than once")
		}
		m[k] = v
	}
}

// Values encodes r back to wire form: only the parameters that were given, defaults omitted
// (AutoPay is written when AutoPaySet or false), times in the minute form unless they carry
// seconds. For any Request a parser returned, ParseValues(r.Values()) returns r again, except
// Unknown: the keys respec ignores are not written.
func (r *Request) Values() url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set(ParamInstanceID, r.InstanceID)
	set(ParamRegionID, r.RegionID)
	set(ParamInstanceType, r.InstanceType)
	set(ParamOperatorType, r.OperatorType.String())
	set(ParamClientToken, r.ClientToken)
	if r.AutoPaySet || !r.AutoPay {
		set(ParamAutoPay, strconv.FormatBool(r.AutoPay))
	}
	if r.MigrateAcrossZone {
		set(ParamMigrateAcrossZone, "true")
	}
	set(ParamSystemDiskCategory, r.SystemDiskCategory)
	set(ParamRebootTime, formatWireTime(r.RebootTime))
	set(ParamEndTime, formatWireTime(r.EndTime))
	if r.RebootWhenFinished {
		set(ParamRebootWhenFinished, "true")
	}
	set(ParamModifyMode, r.ModifyMode.String())
	for _, d := range r.Disks {
		prefix := "Disk." + strconv.Itoa(d.Index) + "."
		set(prefix+diskFields[diskID], d.DiskID)
		set(prefix+diskFields[diskCategory], d.Category)
		set(prefix+diskFields[diskPL], d.PerformanceLevel)
	}
	if r.OwnerID != 0 {
		set(ParamOwnerID, strconv.FormatInt(r.OwnerID, 10))
	}
	if r.ResourceOwnerID != 0 {
		set(ParamResourceOwnerID, strconv.FormatInt(r.ResourceOwnerID, 10))
	}
	set(ParamOwnerAccount, r.OwnerAccount)
	set(ParamResourceOwnerAccount, r.ResourceOwnerAccount)
	return v
}

// The parameters of the operation other than Disk.N, numbered in the order of the API page's
// parameter table (operationParams names them).
const (
	pInstanceID = iota
	pRegionID
	pInstanceType
	pOperatorType
	pClientToken
	pAutoPay
	pMigrateAcrossZone
	pSystemDiskCategory
	pRebootTime
	pEndTime
	pRebootWhenFinished
	pModifyMode
	pOwnerID
	pResourceOwnerID
	pOwnerAccount
	pResourceOwnerAccount
	numParams
)

// wire is a request as given: the value of each parameter of the operation by number, and the
// other keys (Disk.* and unknown ones) with their values. A key given more than once keeps its
// first value and is marked in conflict when a later value differs.
type wire struct {
	params [numParams]string
	// given and conflict hold a bit for each parameter (TestKeyIndex holds numParams to 32):
	// given (even empty), given more than once with different values.
	given, conflict uint32
	// extra holds the Disk.* and unknown keys in the order given, repeats included, until
	// settle sorts them by key and keeps each key once.
	extra []pair
	// err is the first error of the reads of parseParams.
	err *errcodes.Error
}

// pair is one key of wire.extra.
type pair struct {
	k, v     string
	conflict bool
}

// add files one key=value pair of the request; the RPC common parameters are dropped.
func (w *wire) add(k, v string) {
	i := keyIndex(k)
	switch {
	case i == commonKey:
		return
	case i < 0:
		w.extra = append(w.extra, pair{k: k, v: v})
	case w.given&(1<<i) == 0:
		w.params[i] = v
		w.given |= 1 << i
	case w.params[i] != v:
		w.conflict |= 1 << i
	}
}

// settle sorts w.extra by key and keeps each key once, with its first value, marked in
// conflict when a later value differs.
func (w *wire) settle() {
	if len(w.extra) < 2 {
		return
	}
	slices.SortStableFunc(w.extra, func(a, b pair) int { return strings.Compare(a.k, b.k) })
	out := w.extra[:1]
	for _, p := range w.extra[1:] {
		last := &out[len(out)-1]
		if p.k != last.k {
			out = append(out, p)
			continue
		}
		last.conflict = last.conflict || p.v != last.v
	}
	w.extra = out
}

// checked returns v, the value of key name, after the conflict and generic value checks.
func checked(name, v string, conflict bool, maxLen int) (string, *errcodes.Error) {
	if conflict {
		return "", invalid(name, "given more than once with different values")
	}
	if v == "" {
		return "", nil
	}
	if err := checkValue(name, v, maxLen); err != nil {
		return "", err
	}
	return v, nil
}

func checkValue(name, v string, maxLen int) *errcodes.Error {
	if len(v) > maxLen {
		return invalid(name, "longer than "+strconv.Itoa(maxLen)+" bytes")
	}
	if printableASCII(v) {
		return nil
	}
	if !utf8.ValidString(v) {
		return invalid(name, "not valid UTF-8")
	}
	for _, c := range v {
		if unicode.IsControl(c) {
			return invalid(name, "contains a control character")
		}
	}
	return nil
}

// printableASCII reports whether every byte of s is printable ASCII (0x20–0x7E): valid UTF-8
// without a control character, told without decoding, eight bytes at a time. A string of
// eight bytes or more ends with its last eight (overlapping the word before, which does not
// change the answer); a shorter one is read byte by byte.
func printableASCII(s string) bool {
	if len(s) >= 8 {
		for i := 0; i < len(s)-8; i += 8 {
			if wordscan.NotPrintable(wordscan.Load(s[i:])) != 0 {
				return false
			}
		}
		return wordscan.NotPrintable(wordscan.Load(s[len(s)-8:])) == 0
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}

// Disk.N fields, in checking order.
const (
	diskID = iota
	diskCategory
	diskPL
	numDiskFields
)

var diskFields = [numDiskFields]string{"DiskId", "Category", "PerformanceLevel"}

// parseDiskKey splits "Disk.<N>.<Field>"; ok is false for any other shape or N outside
// 1..MaxDisks. It never converts more than two digits.
func parseDiskKey(k string) (n, field int, ok bool) {
	rest, found := strings.CutPrefix(k, "Disk.")
	if !found {
		return 0, 0, false
	}
	dot := strings.IndexByte(rest, '.')
	if dot < 1 || dot > 2 || rest[0] == '0' {
		return 0, 0, false
	}
	for i := 0; i < dot; i++ {
		if rest[i] < '0' || rest[i] > '9' {
			return 0, 0, false
		}
		n = n*10 + int(rest[i]-'0')
	}
	if n < 1 || n > MaxDisks {
		return 0, 0, false
	}
	for f, name := range diskFields {
		if rest[dot+1:] == name {
			return n, f, true
		}
	}
	return 0, 0, false
}

// parse parses the request. Its error is a plain error so that the exported parsers can return
// it directly: a nil *errcodes.Error never reaches an error interface (the typed-nil trap).
func (w *wire) parse() (r Request, _ error) {
	if err := w.parseParams(&r); err != nil {
		return Request{}, err
	}
	return r, nil
}

// parseParams reads the parameters into r, which is zero, in checking order (see
// ParseValues): the first read that fails gives the answer (wire.err), and the reads after it
// do nothing.
func (w *wire) parseParams(r *Request) *errcodes.Error {
	w.settle()
	r.InstanceID = w.required(pInstanceID)
	r.RegionID = w.required(pRegionID)
	r.InstanceType = w.required(pInstanceType)
	r.OperatorType = choice(w, pOperatorType, "must be upgrade or downgrade",
		[2]OperatorType{Upgrade, Downgrade}, [2]string{"upgrade", "downgrade"})
	r.ClientToken = w.clientToken()
	r.AutoPay, r.AutoPaySet = w.boolean(pAutoPay, true)
	r.MigrateAcrossZone, _ = w.boolean(pMigrateAcrossZone, false)
	r.SystemDiskCategory = w.systemDiskCategory()
	r.RebootTime = w.time(pRebootTime, func() *errcodes.Error {
		return errcodes.New(errcodes.InvalidRebootTimeMalFormed,
			ParamRebootTime+" is not valid: expected UTC yyyy-MM-ddTHH:mmZ or yyyy-MM-ddTHH:mm:ssZ")
	})
	r.EndTime = w.time(pEndTime, func() *errcodes.Error {
		return invalid(ParamEndTime, "expected UTC yyyy-MM-ddTHH:mmZ or yyyy-MM-ddTHH:mm:ssZ")
	})
	r.RebootWhenFinished, _ = w.boolean(pRebootWhenFinished, false)
	r.ModifyMode = choice(w, pModifyMode, "must be Online or Offline",
		[2]ModifyMode{ModifyOnline, ModifyOffline}, [2]string{"Online", "Offline"})
	r.Disks = w.readDisks()
	r.OwnerID = w.int64(pOwnerID)
	r.ResourceOwnerID = w.int64(pResourceOwnerID)
	r.OwnerAccount = w.optional(pOwnerAccount)
	r.ResourceOwnerAccount = w.optional(pResourceOwnerAccount)
	if w.err != nil {
		return w.err
	}
	r.Unknown = w.unknown()
	return nil
}

// value returns parameter i after the conflict and generic value checks ("": not given or
// an earlier error). The test for a parameter not given is small enough to be inlined into
// each read: most parameters of a request are not given.
func (w *wire) value(i int) string {
	if w.err != nil || w.given&(1<<i) == 0 {
		return ""
	}
	return w.givenValue(i)
}

// givenValue is value for a parameter that was given, with no earlier error.
func (w *wire) givenValue(i int) string {
	v, err := checked(operationParams[i], w.params[i], w.conflict&(1<<i) != 0, MaxParamLength)
	w.err = err
	return v
}

// fail records err, the first error of the reads.
func (w *wire) fail(err *errcodes.Error) { w.err = err }

// required reads parameter i; it must be given.
func (w *wire) required(i int) string {
	v := w.value(i)
	if v == "" && w.err == nil {
		w.fail(errcodes.New(errcodes.MissingParameter, operationParams[i]))
	}
	return v
}

// optional reads parameter i.
func (w *wire) optional(i int) string { return w.value(i) }

// choice reads parameter i as one of names, compared ignoring ASCII case: the value of the
// same index in values (the zero T when the parameter is not given). why is the reason given
// for any other value.
func choice[T any](w *wire, i int, why string, values [2]T, names [2]string) T {
	var zero T
	v := w.value(i)
	if v == "" {
		return zero
	}
	for k, want := range names {
		if asciiEqualFold(v, want) {
			return values[k]
		}
	}
	w.fail(invalid(operationParams[i], why))
	return zero
}

func (w *wire) clientToken() string {
	if w.err != nil {
		return ""
	}
	if w.conflict&(1<<pClientToken) != 0 {
		w.fail(invalid(ParamClientToken, "given more than once with different values"))
		return ""
	}
	tok := w.params[pClientToken]
	if len(tok) > MaxClientTokenLength {
		w.fail(invalid(ParamClientToken, "longer than "+strconv.Itoa(MaxClientTokenLength)+" characters"))
		return ""
	}
	if !printableASCII(tok) {
		w.fail(invalid(ParamClientToken, "must be printable ASCII"))
		return ""
	}
	return tok
}

func (w *wire) systemDiskCategory() string {
	v := w.value(pSystemDiskCategory)
	if v != "" && v != DiskCloudEfficiency && v != DiskCloudSSD {
		w.fail(invalid(ParamSystemDiskCategory, "must be cloud_efficiency or cloud_ssd"))
		return ""
	}
	return v
}

// time reads parameter i, when given, as a wire time; bad makes the error of a value that is
// not one.
func (w *wire) time(i int, bad func() *errcodes.Error) time.Time {
	v := w.value(i)
	if v == "" {
		return time.Time{}
	}
	t, ok := parseWireTime(v)
	if !ok {
		w.fail(bad())
	}
	return t
}

// boolean reads parameter i as true or false in any ASCII case; def when it is not given,
// set whether it was.
func (w *wire) boolean(i int, def bool) (value, set bool) {
	v := w.value(i)
	switch {
	case w.err != nil:
		return false, false
	case v == "":
		return def, false
	case asciiEqualFold(v, "true"):
		return true, true
	case asciiEqualFold(v, "false"):
		return false, true
	}
	w.fail(invalid(operationParams[i], "must be true or false"))
	return false, false
}

// int64 reads parameter i, when given, as a base-10 64-bit integer.
func (w *wire) int64(i int) int64 {
	v := w.value(i)
	if v == "" {
		return 0
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		w.fail(invalid(operationParams[i], "must be a 64-bit integer"))
		return 0
	}
	return n
}

// readDisks reads the Disk.N list.
func (w *wire) readDisks() []DiskSpec {
	if w.err != nil {
		return nil
	}
	d, err := w.disks()
	w.fail(err)
	return d
}

func (w *wire) disks() ([]DiskSpec, *errcodes.Error) {
	var keys diskSlots
	found, err := w.diskKeys(&keys)
	if err != nil || !found {
		return nil, err
	}
	var out []DiskSpec
	for i := range keys {
		d, given, err := w.disk(i+1, &keys[i])
		if err != nil {
			return nil, err
		}
		if given {
			out = append(out, d)
		}
	}
	return slices.Clip(out), nil
}

// diskSlots locates the Disk.N.Field keys of a wire by N and field: 1 + the key's index in
// wire.extra, 0 for a key not given.
type diskSlots [MaxDisks][numDiskFields]uint16

// The indices of wire.extra fit a diskSlots entry.
const _ = uint16(MaxRequestParams)

// diskKeys files the Disk.N.Field keys into keys by N and field; found is whether there is
// any. A Disk. key of another shape is refused (the smallest: extra is sorted, so the first).
func (w *wire) diskKeys(keys *diskSlots) (found bool, err *errcodes.Error) {
	for i := range w.extra {
		k := w.extra[i].k
		if !strings.HasPrefix(k, "Disk.") {
			continue
		}
		n, f, ok := parseDiskKey(k)
		if !ok {
			return false, invalid(shortName(k), "not a parameter: Disk.N.DiskId, Disk.N.Category or Disk.N.PerformanceLevel with N from 1 to "+strconv.Itoa(MaxDisks))
		}
		keys[n-1][f] = uint16(i + 1)
		found = true
	}
	return found, nil
}

// disk reads disk n from its keys; given is false when none of its values is set.
func (w *wire) disk(n int, keys *[numDiskFields]uint16) (d DiskSpec, given bool, err *errcodes.Error) {
	var vals [numDiskFields]string
	for f, k := range keys {
		if k == 0 {
			continue
		}
		p := &w.extra[k-1]
		if vals[f], err = checked(p.k, p.v, p.conflict, MaxParamLength); err != nil {
			return DiskSpec{}, false, err
		}
		given = given || vals[f] != ""
	}
	if !given {
		return DiskSpec{}, false, nil
	}
	prefix := "Disk." + strconv.Itoa(n) + "."
	switch {
	case vals[diskID] == "":
		return DiskSpec{}, false, errcodes.New(errcodes.MissingParameter, prefix+diskFields[diskID])
	case vals[diskCategory] == "":
		return DiskSpec{}, false, errcodes.New(errcodes.MissingParameterDiskCategory, prefix+diskFields[diskCategory])
	case !slices.Contains(diskCategories, vals[diskCategory]):
		return DiskSpec{}, false, errcodes.New(errcodes.InvalidParameterDiskCategory, prefix+diskFields[diskCategory]+
			" is not valid: must be cloud_efficiency, cloud_ssd, cloud_essd, cloud_auto or cloud_essd_entry")
	case !slices.Contains(performanceLevels, vals[diskPL]):
		return DiskSpec{}, false, errcodes.New(errcodes.InvalidPerformanceLevelMalformed, prefix+diskFields[diskPL]+
			" is not valid: must be PL0, PL1, PL2 or PL3")
	}
	return DiskSpec{Index: n, DiskID: vals[diskID], Category: vals[diskCategory], PerformanceLevel: vals[diskPL]}, true, nil
}

// The values a Disk.N.Category and a Disk.N.PerformanceLevel may take ("": not given).
// Read-only.
var (
	diskCategories    = []string{DiskCloudEfficiency, DiskCloudSSD, DiskCloudESSD, DiskCloudAuto, DiskCloudESSDEntry}
	performanceLevels = []string{"", "PL0", "PL1", "PL2", "PL3"}
)

// parseWireTime parses yyyy-MM-ddTHH:mmZ or yyyy-MM-ddTHH:mm:ssZ, years 1970–9999, by hand:
// time.Parse would also take fractional seconds.
func parseWireTime(s string) (time.Time, bool) {
	n, ok := wireTimeShape(s)
	if !ok {
		return time.Time{}, false
	}
	var v [6]int // year, month, day, hour, minute, second
	for i := 0; i < n; i++ {
		f := &wireTimeFields[i]
		if v[i], ok = decimalAt(s, f.at, f.width); !ok || v[i] < f.min || v[i] > f.max {
			return time.Time{}, false
		}
	}
	t := time.Date(v[0], time.Month(v[1]), v[2], v[3], v[4], v[5], 0, time.UTC)
	if t.Day() != v[2] {
		return time.Time{}, false // 2023-02-30 normalises to March
	}
	return t, true
}

// wireTimeFields are the numbers of yyyy-MM-ddTHH:mm:ssZ: where each stands, its width and
// its range. Read-only.
var wireTimeFields = [6]struct{ at, width, min, max int }{
	{0, 4, 1970, 9999}, {5, 2, 1, 12}, {8, 2, 1, 31}, {11, 2, 0, 23}, {14, 2, 0, 59}, {17, 2, 0, 59},
}

// wireTimeShape checks the separators of a wire time and returns how many of
// wireTimeFields it holds: 5 without seconds, 6 with.
func wireTimeShape(s string) (int, bool) {
	n := 5
	switch {
	case len(s) == 20 && s[16] == ':':
		n = 6
	case len(s) != 17:
		return 0, false
	}
	return n, s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[len(s)-1] == 'Z'
}

// decimalAt reads the n ASCII digits of s from i as a number.
func decimalAt(s string, i, n int) (int, bool) {
	v := 0
	for j := i; j < i+n; j++ {
		if s[j] < '0' || s[j] > '9' {
			return 0, false
		}
		v = v*10 + int(s[j]-'0')
	}
	return v, true
}

// formatWireTime writes t in the minute form, or with seconds when it has any; "" for zero.
func formatWireTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.UTC()
	if t.Second() != 0 {
		return t.Format(WireTimeLayoutSeconds)
	}
	return t.Format(WireTimeLayout)
}

// asciiEqualFold is strings.EqualFold restricted to ASCII, so that "ſ" or the Kelvin sign do
// not match "s" or "k". The usual value, spelt as the documents spell it, is equal outright.
func asciiEqualFold(s, t string) bool {
	if len(s) != len(t) {
		return false
	}
	if s == t {
		return true
	}
	for i := 0; i < len(s); i++ {
		a, b := s[i], t[i]
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}

func invalid(name, why string) *errcodes.Error {
	return errcodes.New(errcodes.InvalidParameter, name+" is not valid: "+why)
}

func tooManyParams() *errcodes.Error {
	return errcodes.New(errcodes.InvalidParameter, "the request is not valid: more than "+strconv.Itoa(MaxRequestParams)+" parameters")
}

func tooLarge() *errcodes.Error {
	return errcodes.New(errcodes.InvalidParameter, "the request is not valid: larger than "+strconv.Itoa(MaxRequestBytes>>10)+" KiB")
}

// shortName returns a key for an error message: at most 64 bytes, quoted when it is not
// printable ASCII so that the message stays readable.
func shortName(k string) string {
	clean := len(k) <= 64
	for i := 0; clean && i < len(k); i++ {
		clean = k[i] > 0x20 && k[i] < 0x7f
	}
	if clean {
		return k
	}
	return quoteShort(k)
}

func quoteShort(k string) string {
	if len(k) > 64 {
		k = k[:64] + "..."
	}
	return strconv.QuoteToASCII(k)
}
