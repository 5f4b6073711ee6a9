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
	w := wire{m: make(map[string]string, len(v))}
	for k, vals := range v {
		if len(vals) == 0 {
			continue
		}
		w.m[k] = vals[0]
		for _, s := range vals[1:] {
			if s != vals[0] {
				w.markConflict(k)
				break
			}
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
	if strings.Count(raw, "&") >= MaxRequestParams {
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
	w := wire{m: make(map[string]string, 8)} // a map of one group: most requests have fewer keys
	for seg := range strings.SplitSeq(raw, "&") {
		if seg == "" {
			continue
		}
		rk, rv, _ := strings.Cut(seg, "=")
		k, err := url.QueryUnescape(rk)
		if err != nil {
			return Request{}, invalid("a parameter name", "the query string has a malformed %-escape in "+quoteShort(rk))
		}
		v, err := url.QueryUnescape(rv)
		if err != nil {
			return Request{}, invalid(shortName(k), "malformed %-escape in the query string")
		}
		if old, ok := w.m[k]; ok {
			if old != v {
				w.markConflict(k)
			}
			continue
		}
		w.m[k] = v
	}
	return w.parse()
}

// ParseMap parses a map of wire names to string values (the scenario's "request" object).
// m is not changed.
func ParseMap(m map[string]string) (Request, error) {
	if len(m) > MaxRequestParams {
		return Request{}, tooManyParams()
	}
	size := 0
	for k, v := range m {
		size += len(k) + len(v)
	}
	if size > MaxRequestBytes {
		return Request{}, tooLarge()
	}
	return wire{m: m}.parse()
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
	w := wire{m: make(map[string]string, 16)}
	if err := readJSONPairs(dec, w.m, notObject); err != nil {
		return Request{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return Request{}, notObject
	}
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

// wire is a request as key → value, with the keys that were given more than once with
// different values.
type wire struct {
	m        map[string]string
	conflict map[string]bool
}

func (w *wire) markConflict(k string) {
	if w.conflict == nil {
		w.conflict = map[string]bool{}
	}
	w.conflict[k] = true
}

// get returns the value of parameter name after the conflict and generic value checks; ""
// means not given.
func (w *wire) get(name string, maxLen int) (string, *errcodes.Error) {
	if w.conflict[name] {
		return "", invalid(name, "given more than once with different values")
	}
	v := w.m[name]
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
func (w wire) parse() (Request, error) {
	r, err := w.parseParams()
	if err != nil {
		return Request{}, err
	}
	return r, nil
}

func (w wire) parseParams() (Request, *errcodes.Error) {
	// The steps are called through a table, so what they point to lives on the heap: the
	// wire and the request in one allocation.
	p := &struct {
		w wire
		r Request
	}{w: w, r: Request{AutoPay: true}}
	for _, step := range requestSteps {
		if err := step(&p.w, &p.r); err != nil {
			return Request{}, err
		}
	}
	p.r.Unknown = p.w.unknown()
	return p.r, nil
}

// requestSteps read the parameters into a Request in checking order (see ParseValues): the
// first step that fails gives the answer. Read-only.
var requestSteps = [...]func(w *wire, r *Request) *errcodes.Error{
	func(w *wire, r *Request) *errcodes.Error { return w.required(ParamInstanceID, &r.InstanceID) },
	func(w *wire, r *Request) *errcodes.Error { return w.required(ParamRegionID, &r.RegionID) },
	func(w *wire, r *Request) *errcodes.Error { return w.required(ParamInstanceType, &r.InstanceType) },
	func(w *wire, r *Request) *errcodes.Error {
		return choice(w, ParamOperatorType, "must be upgrade or downgrade", &r.OperatorType,
			[2]OperatorType{Upgrade, Downgrade}, [2]string{"upgrade", "downgrade"})
	},
	(*wire).clientToken,
	(*wire).autoPay,
	func(w *wire, r *Request) *errcodes.Error {
		var err *errcodes.Error
		r.MigrateAcrossZone, _, err = w.boolean(ParamMigrateAcrossZone, false)
		return err
	},
	(*wire).systemDiskCategory,
	func(w *wire, r *Request) *errcodes.Error {
		return w.time(ParamRebootTime, &r.RebootTime, func() *errcodes.Error {
			return errcodes.New(errcodes.InvalidRebootTimeMalFormed,
				ParamRebootTime+" is not valid: expected UTC yyyy-MM-ddTHH:mmZ or yyyy-MM-ddTHH:mm:ssZ")
		})
	},
	func(w *wire, r *Request) *errcodes.Error {
		return w.time(ParamEndTime, &r.EndTime, func() *errcodes.Error {
			return invalid(ParamEndTime, "expected UTC yyyy-MM-ddTHH:mmZ or yyyy-MM-ddTHH:mm:ssZ")
		})
	},
	func(w *wire, r *Request) *errcodes.Error {
		var err *errcodes.Error
		r.RebootWhenFinished, _, err = w.boolean(ParamRebootWhenFinished, false)
		return err
	},
	func(w *wire, r *Request) *errcodes.Error {
		return choice(w, ParamModifyMode, "must be Online or Offline", &r.ModifyMode,
			[2]ModifyMode{ModifyOnline, ModifyOffline}, [2]string{"Online", "Offline"})
	},
	func(w *wire, r *Request) *errcodes.Error {
		var err *errcodes.Error
		r.Disks, err = w.disks()
		return err
	},
	func(w *wire, r *Request) *errcodes.Error { return w.int64Into(ParamOwnerID, &r.OwnerID) },
	func(w *wire, r *Request) *errcodes.Error {
		return w.int64Into(ParamResourceOwnerID, &r.ResourceOwnerID)
	},
	func(w *wire, r *Request) *errcodes.Error { return w.optional(ParamOwnerAccount, &r.OwnerAccount) },
	func(w *wire, r *Request) *errcodes.Error {
		return w.optional(ParamResourceOwnerAccount, &r.ResourceOwnerAccount)
	},
}

// required reads parameter name into dst; it must be given.
func (w *wire) required(name string, dst *string) *errcodes.Error {
	v, err := w.get(name, MaxParamLength)
	if err != nil {
		return err
	}
	if v == "" {
		return errcodes.New(errcodes.MissingParameter, name)
	}
	*dst = v
	return nil
}

// optional reads parameter name into dst.
func (w *wire) optional(name string, dst *string) *errcodes.Error {
	v, err := w.get(name, MaxParamLength)
	if err != nil {
		return err
	}
	*dst = v
	return nil
}

// choice reads parameter name into dst as one of names, compared ignoring ASCII case: the
// value of the same index in values (dst is left as it is when the parameter is not given).
// why is the reason given for any other value.
func choice[T any](w *wire, name, why string, dst *T, values [2]T, names [2]string) *errcodes.Error {
	v, err := w.get(name, MaxParamLength)
	if err != nil || v == "" {
		return err
	}
	for i, want := range names {
		if asciiEqualFold(v, want) {
			*dst = values[i]
			return nil
		}
	}
	return invalid(name, why)
}

func (w *wire) clientToken(r *Request) *errcodes.Error {
	if w.conflict[ParamClientToken] {
		return invalid(ParamClientToken, "given more than once with different values")
	}
	tok := w.m[ParamClientToken]
	if len(tok) > MaxClientTokenLength {
		return invalid(ParamClientToken, "longer than "+strconv.Itoa(MaxClientTokenLength)+" characters")
	}
	for i := 0; i < len(tok); i++ {
		if tok[i] < 0x20 || tok[i] > 0x7e {
			return invalid(ParamClientToken, "must be printable ASCII")
		}
	}
	r.ClientToken = tok
	return nil
}

func (w *wire) autoPay(r *Request) *errcodes.Error {
	var err *errcodes.Error
	r.AutoPay, r.AutoPaySet, err = w.boolean(ParamAutoPay, true)
	return err
}

func (w *wire) systemDiskCategory(r *Request) *errcodes.Error {
	v, err := w.get(ParamSystemDiskCategory, MaxParamLength)
	if err != nil {
		return err
	}
	if v != "" && v != DiskCloudEfficiency && v != DiskCloudSSD {
		return invalid(ParamSystemDiskCategory, "must be cloud_efficiency or cloud_ssd")
	}
	r.SystemDiskCategory = v
	return nil
}

// time reads parameter name, when given, as a wire time into dst; bad makes the error of a
// value that is not one.
func (w *wire) time(name string, dst *time.Time, bad func() *errcodes.Error) *errcodes.Error {
	v, err := w.get(name, MaxParamLength)
	if err != nil || v == "" {
		return err
	}
	t, ok := parseWireTime(v)
	if !ok {
		return bad()
	}
	*dst = t
	return nil
}

// int64Into reads parameter name, when given, as a 64-bit integer into dst.
func (w *wire) int64Into(name string, dst *int64) *errcodes.Error {
	n, err := w.int64(name)
	if err != nil {
		return err
	}
	*dst = n
	return nil
}

func (w *wire) boolean(name string, def bool) (value, set bool, err *errcodes.Error) {
	v, err := w.get(name, MaxParamLength)
	if err != nil {
		return false, false, err
	}
	switch {
	case v == "":
		return def, false, nil
	case asciiEqualFold(v, "true"):
		return true, true, nil
	case asciiEqualFold(v, "false"):
		return false, true, nil
	}
	return false, false, invalid(name, "must be true or false")
}

func (w *wire) int64(name string) (int64, *errcodes.Error) {
	v, err := w.get(name, MaxParamLength)
	if err != nil || v == "" {
		return 0, err
	}
	n, perr := strconv.ParseInt(v, 10, 64)
	if perr != nil {
		return 0, invalid(name, "must be a 64-bit integer")
	}
	return n, nil
}

func (w *wire) disks() ([]DiskSpec, *errcodes.Error) {
	var keys [MaxDisks][numDiskFields]string
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

// diskKeys files the Disk.N.Field keys into keys by N and field; found is whether there is
// any. A Disk. key of another shape is refused (the smallest, for a stable answer).
func (w *wire) diskKeys(keys *[MaxDisks][numDiskFields]string) (found bool, err *errcodes.Error) {
	bad := ""
	for k := range w.m {
		if !strings.HasPrefix(k, "Disk.") {
			continue
		}
		n, f, ok := parseDiskKey(k)
		if !ok {
			if bad == "" || k < bad {
				bad = k
			}
			continue
		}
		keys[n-1][f] = k
		found = true
	}
	if bad != "" {
		return false, invalid(shortName(bad), "not a parameter: Disk.N.DiskId, Disk.N.Category or Disk.N.PerformanceLevel with N from 1 to "+strconv.Itoa(MaxDisks))
	}
	return found, nil
}

// disk reads disk n from its keys; given is false when none of its values is set.
func (w *wire) disk(n int, keys *[numDiskFields]string) (d DiskSpec, given bool, err *errcodes.Error) {
	var vals [numDiskFields]string
	for f, k := range keys {
		if k == "" {
			continue
		}
		if vals[f], err = w.get(k, MaxParamLength); err != nil {
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
// not match "s" or "k".
func asciiEqualFold(s, t string) bool {
	if len(s) != len(t) {
		return false
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
