package model

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// MaxScenarioBytes is the largest scenario DecodeScenario reads.
const MaxScenarioBytes = 4 << 20

// Scenario is one question put to respec: the moment, the request exactly as it arrives, and
// the facts. It is the command line's input format.
//
// # JSON schema
//
// A scenario is one JSON object (UTF-8, at most MaxScenarioBytes). Keys are case-sensitive; an
// unknown key, at any level, is refused, and so is a key given twice in one object.
//
//	{
//	  "description": "free text, optional",
//	  "now":        "2026-03-01T10:00:00Z",       // required, RFC 3339
//	  "request":    {"InstanceId": "i-1", ...},   // required, wire names → string values
//	  "policy":     "current",                    // optional: "current" (default), "2019", "2018",
//	                                              //   or {"Base": "2019", <Policy field>: value, ...}
//	  "instance":   {...},                        // optional, Instance (DescribeInstances names)
//	  "account":    {...},                        // optional, Account
//	  "idempotency": {"<ClientToken>": Record},   // optional, Ledger
//	  "throttle":   {...},                        // optional, Throttle
//	  "serviceUnavailable": false,                // optional
//	  "catalog":    {...}                         // optional, CatalogData; absent → nil
//	}
//
// The objects use the JSON names of the Go types' struct tags (Instance: "InstanceId",
// "Status", "InstanceChargeType", "ExpiredTime", "SystemDisk", "DataDisks",
// "NetworkInterfaces", "Orders", ...; Account: "AccountId", "Balance", "RAMUser", "Quotas",
// ...). Values:
//
//   - "request" is an object whose values are all strings, exactly as in the query
//     ("AutoPay": "false", "Disk.1.DiskId": "d-1"); at most 4096 keys. It is not validated
//     here: ParseMap does that and returns the API's own error, so a scenario can ask what
//     happens to a malformed request.
//   - Times are RFC 3339 strings ("2026-01-31T16:00:00Z", "2026-02-01T00:00:00+08:00"); they
//     are kept as instants and returned in UTC.
//   - Amounts (decimal.Decimal) are JSON strings ("175.200") or numbers (175.2, taken exactly
//     as written), at most 64 characters, never negative, and must pass CheckDecimal. A zero
//     amount is normalised to 0 whatever its exponent ("0e100000000" becomes 0).
//   - Integers are JSON integers (no fraction or exponent), from 0 to 1,000,000 (int64
//     vCPU·hour amounts up to 1,000,000,000), except Policy.BillingUTCOffsetMinutes (−1440 to
//     1440) and Policy.CurrencyPlaces (0 to 15). Floats (catalog MemorySize) are from 0 to
//     1,000,000.
//   - Policy durations are Go duration strings ("5m", "24h0m0s"), from 0 to 10 years.
//   - Enumerations are checked: Status (Pending, Starting, Running, Stopping, Stopped),
//     InstanceChargeType (PrePaid, PostPaid or ""), SpotStrategy, OSType (linux, windows or
//     ""), NetworkType (vpc, classic or ""), Order Kind (Purchase, Renewal, Upgrade),
//     UnpaidOrder Kind (Modification, Renewal), PaymentMethod (balance, credit_card, paypal or
//     ""), stock statuses, NvmeSupport and the policy's Direction, RefundRule and rounding
//     modes. Status and the Kind of orders and unpaid orders are required wherever their
//     object appears. An order must pass Order.Validate: End after Start, Discount at most 1.
//   - null is accepted for optional objects, lists and maps (it means absent); [] and {} are
//     kept as empty, non-nil values (for a catalog type's Stock, {} means "offered nowhere"
//     while absent means "stock everywhere").
//   - Lists and maps are capped: Orders 1000, UnpaidOrders 100, DataDisks 64,
//     NetworkInterfaces 64, OperationLocks 64, quota use lists 10000, idempotency records
//     10000, catalog InstanceTypes 10000, MonthlyPrice 256 regions, Stock 1024 zones; any
//     other list 1000.
//   - "policy" as an object starts from the preset named by "Base" (default "current") and
//     replaces each field given; a list field is replaced whole. Name stays the base's
//     unless given.
//   - "catalog", when present, must also pass NewCatalog.
//
// Errors are *ScenarioError values naming the JSON path of the problem, such as
// instance.Orders[2].CashPaid or catalog.InstanceTypes[0].MonthlyPrice["cn-hangzhou"].
type Scenario struct {
	// Description is free text ("description"), ignored by the rules.
	Description string
	// Now is the moment of the request ("now").
	Now time.Time
	// Request is the raw request ("request"): wire names to string values, exactly as in the
	// query. Decoding always yields a non-nil map.
	Request map[string]string
	// Facts holds "instance", "account", "idempotency", "throttle" and
	// "serviceUnavailable". Facts.Policy and Facts.Catalog are left zero: see FactsWith.
	Facts Facts
	// Policy is "policy"; PolicyCurrent when absent.
	Policy Policy
	// CatalogData is "catalog", or nil when absent (the caller supplies a default).
	CatalogData *CatalogData
}

// FactsWith returns the scenario's facts with Policy set to s.Policy and Catalog to c. s is
// not changed; the Facts share s's slices and maps, which are treated as read-only.
func (s *Scenario) FactsWith(c *Catalog) Facts {
	f := s.Facts
	f.Policy = s.Policy
	f.Catalog = c
	return f
}

// ScenarioError is a problem with a scenario document, at a JSON path ("" for the whole
// document).
type ScenarioError struct {
	// Path is the JSON path, such as instance.Orders[2].CashPaid.
	Path string
	// Reason says what is wrong.
	Reason string
}

// Error returns "scenario: path: reason".
func (e *ScenarioError) Error() string {
	if e.Path == "" {
		return "scenario: " + e.Reason
	}
	return "scenario: " + e.Path + ": " + e.Reason
}

// Limits of scenario values.
const (
	maxScenarioString  = 64 // decimals, times, numbers
	maxScenarioCount   = 1_000_000
	maxScenarioCount64 = 1_000_000_000
	maxScenarioFloat   = 1e6
	maxRequestEntries  = 4096
	defaultListCap     = 1000
)

// scenarioKeys returns the top-level keys, in output order.
func scenarioKeys() []string {
	return []string{"description", "now", "request", "policy", "instance", "account",
		"idempotency", "throttle", "serviceUnavailable", "catalog"}
}

// DecodeScenario reads one scenario (see Scenario for the schema). It never panics and does
// work bounded by the input: input over MaxScenarioBytes is refused before parsing, lists and
// maps are capped while they are read, and every amount passes CheckDecimal before it is
// stored. Errors are *ScenarioError.
func DecodeScenario(b []byte) (Scenario, error) {
	if len(b) > MaxScenarioBytes {
		return Scenario{}, &ScenarioError{Reason: "larger than " + strconv.Itoa(MaxScenarioBytes>>20) + " MiB"}
	}
	if !utf8.Valid(b) {
		off := 0
		for off < len(b) {
			r, n := utf8.DecodeRune(b[off:])
			if r == utf8.RuneError && n <= 1 {
				break
			}
			off += n
		}
		return Scenario{}, &ScenarioError{Reason: "not valid UTF-8 (byte " + strconv.Itoa(off) + ")"}
	}
	if sc, ok := decodeScenarioBytes(b); ok {
		return sc, nil
	}
	// The document is refused (or holds something the direct reader leaves to this one):
	// read it again token by token, which finds the first problem and names its path.
	d := &sdec{d: json.NewDecoder(bytes.NewReader(b))}
	d.d.UseNumber()
	sc, err := d.scenario()
	if err != nil {
		return Scenario{}, err
	}
	return sc, nil
}

func (d *sdec) scenario() (Scenario, error) {
	sc := Scenario{Policy: PolicyCurrent()}
	tok, err := d.token()
	if err != nil {
		return Scenario{}, err
	}
	if tok != json.Delim('{') {
		return Scenario{}, d.fail("a scenario must be a JSON object")
	}
	seen := map[string]bool{}
	for {
		if tok, err = d.token(); err != nil {
			return Scenario{}, err
		}
		if tok == json.Delim('}') {
			break
		}
		key := tok.(string) // the decoder guarantees string keys
		d.push(pathKey(key))
		if !slices.Contains(scenarioKeys(), key) {
			return Scenario{}, d.fail("unknown field (the fields are " + strings.Join(scenarioKeys(), ", ") + ")")
		}
		if seen[key] {
			return Scenario{}, d.fail("given more than once")
		}
		seen[key] = true
		if tok, err = d.token(); err != nil {
			return Scenario{}, err
		}
		switch key {
		case "description":
			err = d.value(tok, reflect.ValueOf(&sc.Description).Elem(), "")
		case "now":
			err = d.value(tok, reflect.ValueOf(&sc.Now).Elem(), "")
		case "request":
			if tok == nil {
				return Scenario{}, d.fail("must be an object of strings")
			}
			err = d.value(tok, reflect.ValueOf(&sc.Request).Elem(), "Scenario.Request")
		case "policy":
			sc.Policy, err = d.policy(tok)
		case "instance":
			err = d.value(tok, reflect.ValueOf(&sc.Facts.Instance).Elem(), "")
		case "account":
			err = d.value(tok, reflect.ValueOf(&sc.Facts.Account).Elem(), "")
		case "idempotency":
			err = d.value(tok, reflect.ValueOf(&sc.Facts.Idempotency).Elem(), "Facts.Idempotency")
		case "throttle":
			err = d.value(tok, reflect.ValueOf(&sc.Facts.Throttle).Elem(), "")
		case "serviceUnavailable":
			err = d.value(tok, reflect.ValueOf(&sc.Facts.ServiceUnavailable).Elem(), "")
		case "catalog":
			err = d.value(tok, reflect.ValueOf(&sc.CatalogData).Elem(), "")
		}
		if err != nil {
			return Scenario{}, err
		}
		d.pop()
	}
	if _, err := d.d.Token(); err != io.EOF {
		return Scenario{}, d.fail("unexpected data after the scenario object")
	}
	for _, k := range []string{"now", "request"} {
		if !seen[k] {
			return Scenario{}, &ScenarioError{Path: k, Reason: "required"}
		}
	}
	if sc.CatalogData != nil {
		if _, err := NewCatalog(*sc.CatalogData); err != nil {
			return Scenario{}, &ScenarioError{Path: "catalog", Reason: strings.TrimPrefix(err.Error(), "catalog: ")}
		}
	}
	return sc, nil
}

// sdec reads JSON tokens into the model's types, keeping the path for errors.
type sdec struct {
	d    *json.Decoder
	path []string
}

type fieldInfo struct {
	name  string // JSON name
	index int    // Go field index
	key   string // "Type.Field", for caps, ranges and checks
	omit  bool   // omitempty or omitzero
}

type structInfo struct {
	fields []fieldInfo
	byName map[string]int
}

// scenarioStructs returns the field tables of every struct type a scenario holds, built once
// and read-only.
var scenarioStructs = sync.OnceValue(func() map[reflect.Type]*structInfo {
	infos := map[reflect.Type]*structInfo{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map:
			walk(t.Elem())
		case reflect.Struct:
			if _, done := infos[t]; done || t == reflect.TypeFor[decimal.Decimal]() || t == reflect.TypeFor[time.Time]() {
				return
			}
			si := newStructInfo(t)
			infos[t] = si
			for _, f := range si.fields {
				walk(t.Field(f.index).Type)
			}
		}
	}
	walk(reflect.TypeFor[Scenario]())
	return infos
})

// structInfoOf returns the field table of the struct type t.
func structInfoOf(t reflect.Type) *structInfo {
	if si, ok := scenarioStructs()[t]; ok {
		return si
	}
	return newStructInfo(t)
}

// newStructInfo lists the JSON fields of the struct type t.
func newStructInfo(t reflect.Type) *structInfo {
	si := &structInfo{byName: map[string]int{}}
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		omit := false
		for o := range strings.SplitSeq(opts, ",") {
			omit = omit || o == "omitempty" || o == "omitzero"
		}
		si.byName[name] = len(si.fields)
		si.fields = append(si.fields, fieldInfo{name: name, index: i, key: t.Name() + "." + f.Name, omit: omit})
	}
	return si
}

func (d *sdec) push(seg string) { d.path = append(d.path, seg) }
func (d *sdec) pop()            { d.path = d.path[:len(d.path)-1] }

func (d *sdec) fail(reason string) *ScenarioError {
	return &ScenarioError{Path: strings.Join(d.path, ""), Reason: reason}
}

func (d *sdec) token() (json.Token, error) {
	tok, err := d.d.Token()
	if err == nil {
		return tok, nil
	}
	var se *json.SyntaxError
	switch {
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		return nil, d.fail("unexpected end of input")
	case errors.As(err, &se):
		return nil, d.fail("invalid JSON at byte " + strconv.FormatInt(se.Offset, 10) + ": " + se.Error())
	}
	return nil, d.fail("invalid JSON: " + err.Error())
}

// pathKey is a top-level or map-key path segment.
func pathKey(k string) string {
	if len(k) > 64 {
		k = k[:64] + "..."
	}
	return k
}

func mapSeg(k string) string {
	if len(k) > 64 {
		k = k[:64] + "..."
	}
	return "[" + strconv.Quote(k) + "]"
}

// value decodes the value that starts with tok into v (addressable). key is the "Type.Field"
// of the field holding v, or "".
func (d *sdec) value(tok json.Token, v reflect.Value, key string) error {
	t := v.Type()
	switch t {
	case reflect.TypeFor[decimal.Decimal]():
		return d.decimal(tok, v, key)
	case reflect.TypeFor[time.Time]():
		s, ok := tok.(string)
		if !ok {
			return d.fail(reasonTimeString)
		}
		tm, reason := scenarioTime(s)
		if reason != "" {
			return d.fail(reason)
		}
		v.Set(reflect.ValueOf(tm))
		return nil
	}
	if t.Kind() != reflect.Pointer && reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()) {
		s, ok := tok.(string)
		if !ok {
			return d.fail("must be a string")
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			return d.fail(err.Error())
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		if tok == nil {
			v.SetZero()
			return nil
		}
		nv := reflect.New(t.Elem())
		if err := d.value(tok, nv.Elem(), key); err != nil {
			return err
		}
		v.Set(nv)
		return nil
	case reflect.Struct:
		if tok == nil {
			v.SetZero()
			return nil
		}
		if tok != json.Delim('{') {
			return d.fail("must be an object")
		}
		return d.object(v)
	case reflect.Slice:
		return d.slice(tok, v, key)
	case reflect.Map:
		return d.mapping(tok, v, key)
	case reflect.String:
		s, ok := tok.(string)
		if !ok {
			return d.fail("must be a string")
		}
		v.SetString(s)
	case reflect.Bool:
		b, ok := tok.(bool)
		if !ok {
			return d.fail("must be true or false")
		}
		v.SetBool(b)
	case reflect.Int, reflect.Int32, reflect.Int64:
		lo, hi := intRange(key, t.Kind())
		n, ok := tok.(json.Number)
		var x int64
		if ok {
			x, ok = scenarioInt(string(n), lo, hi)
		}
		if !ok {
			return d.fail("must be an integer from " + strconv.FormatInt(lo, 10) + " to " + strconv.FormatInt(hi, 10))
		}
		v.SetInt(x)
	case reflect.Float64:
		n, ok := tok.(json.Number)
		var f float64
		if ok {
			f, ok = scenarioFloat(string(n))
		}
		if !ok {
			return d.fail("must be a number from 0 to 1000000")
		}
		v.SetFloat(f)
	default:
		return d.fail("cannot be decoded (unsupported type " + t.String() + ")")
	}
	if reason := checkScalar(key, v); reason != "" {
		return d.fail(reason)
	}
	return nil
}

func (d *sdec) decimal(tok json.Token, v reflect.Value, key string) error {
	var s string
	switch x := tok.(type) {
	case string:
		s = x
	case json.Number:
		s = string(x)
	default:
		return d.fail("must be a decimal string such as \"12.50\"")
	}
	dv, reason := scenarioAmount(s, key == discountKey)
	if reason != "" {
		return d.fail(reason)
	}
	v.Set(reflect.ValueOf(dv))
	return nil
}

func (d *sdec) object(v reflect.Value) error {
	si := structInfoOf(v.Type())
	seen := make([]bool, len(si.fields))
	for {
		tok, err := d.token()
		if err != nil {
			return err
		}
		if tok == json.Delim('}') {
			break
		}
		name := tok.(string)
		d.push("." + pathKey(name))
		i, ok := si.byName[name]
		if !ok {
			return d.fail(unknownField(si, name))
		}
		if seen[i] {
			return d.fail("given more than once")
		}
		seen[i] = true
		if tok, err = d.token(); err != nil {
			return err
		}
		f := si.fields[i]
		if err := d.value(tok, v.Field(f.index), f.key); err != nil {
			return err
		}
		d.pop()
	}
	// Enumerations are checked whether given or not: a required one (Status, Kind) left out
	// is reported here.
	for _, f := range si.fields {
		if reason := checkScalar(f.key, v.Field(f.index)); reason != "" {
			d.push("." + f.name)
			return d.fail(reason)
		}
	}
	if field, reason := checkStruct(v); reason != "" {
		if field != "" {
			d.push("." + field)
		}
		return d.fail(reason)
	}
	return nil
}

func unknownField(si *structInfo, name string) string {
	for _, f := range si.fields {
		if strings.EqualFold(f.name, name) {
			return "unknown field (did you mean \"" + f.name + "\"?)"
		}
	}
	return "unknown field"
}

func (d *sdec) slice(tok json.Token, v reflect.Value, key string) error {
	if tok == nil {
		v.SetZero()
		return nil
	}
	if tok != json.Delim('[') {
		return d.fail("must be a list")
	}
	limit := listCap(key)
	out := reflect.MakeSlice(v.Type(), 0, 0)
	for i := 0; ; i++ {
		tok, err := d.token()
		if err != nil {
			return err
		}
		if tok == json.Delim(']') {
			break
		}
		if i >= limit {
			return d.fail("more than " + strconv.Itoa(limit) + " entries")
		}
		d.push("[" + strconv.Itoa(i) + "]")
		elem := reflect.New(v.Type().Elem()).Elem()
		if err := d.value(tok, elem, ""); err != nil {
			return err
		}
		d.pop()
		out = reflect.Append(out, elem)
	}
	v.Set(out)
	return nil
}

func (d *sdec) mapping(tok json.Token, v reflect.Value, key string) error {
	if tok == nil {
		v.SetZero()
		return nil
	}
	if tok != json.Delim('{') {
		return d.fail("must be an object")
	}
	t := v.Type()
	if t.Key().Kind() != reflect.String {
		return d.fail("cannot be decoded (unsupported type " + t.String() + ")")
	}
	limit := listCap(key)
	m := reflect.MakeMap(t)
	for {
		tok, err := d.token()
		if err != nil {
			return err
		}
		if tok == json.Delim('}') {
			break
		}
		k := reflect.ValueOf(tok.(string)).Convert(t.Key())
		exists := m.MapIndex(k).IsValid()
		if !exists && m.Len() >= limit {
			return d.fail("more than " + strconv.Itoa(limit) + " entries")
		}
		d.push(mapSeg(tok.(string)))
		if exists {
			return d.fail("given more than once")
		}
		if tok, err = d.token(); err != nil {
			return err
		}
		elem := reflect.New(t.Elem()).Elem()
		if err := d.value(tok, elem, ""); err != nil {
			return err
		}
		d.pop()
		m.SetMapIndex(k, elem)
	}
	v.Set(m)
	return nil
}

// policy reads "policy": a preset name or {"Base": name, field: value, ...}.
func (d *sdec) policy(tok json.Token) (Policy, error) {
	if name, ok := tok.(string); ok {
		p, ok := PolicyByName(name)
		if !ok {
			return Policy{}, d.fail("unknown preset " + strconv.Quote(pathKey(name)) + " (the presets are current, 2019, 2018)")
		}
		return p, nil
	}
	if tok != json.Delim('{') {
		return Policy{}, d.fail("must be a preset name or an object")
	}
	si := structInfoOf(reflect.TypeFor[Policy]())
	type override struct {
		index int
		value reflect.Value
	}
	var overrides []override
	seen := make([]bool, len(si.fields))
	base, baseSeen := "", false
	for {
		tok, err := d.token()
		if err != nil {
			return Policy{}, err
		}
		if tok == json.Delim('}') {
			break
		}
		name := tok.(string)
		d.push("." + pathKey(name))
		if tok, err = d.token(); err != nil {
			return Policy{}, err
		}
		if name == "Base" {
			if baseSeen {
				return Policy{}, d.fail("given more than once")
			}
			baseSeen = true
			s, ok := tok.(string)
			if _, known := PolicyByName(s); !ok || !known {
				return Policy{}, d.fail("must be a preset name: current, 2019 or 2018")
			}
			base = s
			d.pop()
			continue
		}
		i, ok := si.byName[name]
		if !ok {
			return Policy{}, d.fail(unknownField(si, name))
		}
		if seen[i] {
			return Policy{}, d.fail("given more than once")
		}
		seen[i] = true
		f := si.fields[i]
		val := reflect.New(reflect.TypeFor[Policy]().Field(f.index).Type).Elem()
		if err := d.value(tok, val, f.key); err != nil {
			return Policy{}, err
		}
		d.pop()
		overrides = append(overrides, override{f.index, val})
	}
	p, _ := PolicyByName(base)
	pv := reflect.ValueOf(&p).Elem()
	for _, o := range overrides {
		pv.Field(o.index).Set(o.value)
	}
	return p, nil
}

// intRange returns the accepted range of an integer field.
func intRange(key string, k reflect.Kind) (lo, hi int64) {
	switch key {
	case "Policy.BillingUTCOffsetMinutes":
		return -24 * 60, 24 * 60
	case "Policy.CurrencyPlaces":
		return 0, MaxDecimalExponent
	}
	if k == reflect.Int64 {
		return 0, maxScenarioCount64
	}
	return 0, maxScenarioCount
}

// listCap returns the most entries a list or map field may hold.
func listCap(key string) int {
	switch key {
	case "Instance.DataDisks", "Instance.ENIs", "Instance.OperationLocks", "InstanceType.SupportedDiskCategories":
		return 64
	case "Instance.UnpaidOrders", "CatalogData.Discounts":
		return 100
	case "Policy.UpgradeStatuses", "Policy.DowngradeStatuses", "InstanceType.OSTypes":
		return 16
	case "CatalogData.Regions", "InstanceType.MonthlyPrice":
		return 256
	case "InstanceType.Stock":
		return 1024
	case "Scenario.Request":
		return maxRequestEntries
	case "Account.AuthorizedTypes", "RAMUser.AllowedInstanceTypes", "Quotas.Downgrades",
		"Quotas.RefundedVCPU", "Quotas.Elastic", "Facts.Idempotency", "CatalogData.Types":
		return 10000
	}
	return defaultListCap
}

func oneOf(s string, allowed ...string) string {
	if slices.Contains(allowed, s) {
		return ""
	}
	var quoted []string
	for _, a := range allowed {
		if a != "" {
			quoted = append(quoted, a)
		}
	}
	return "must be one of " + strings.Join(quoted, ", ")
}

// checkScalar checks an enumerated string; "" means fine.
func checkScalar(key string, v reflect.Value) string {
	allowed := enumOf(key, v.Type())
	if allowed == nil || slices.Contains(allowed, v.String()) {
		return ""
	}
	return oneOf(v.String(), allowed...)
}

// enumOf returns the values a string of type t in the field key ("Type.Field", or "") may
// take, or nil when any string will do. "" among them means the field is optional.
func enumOf(key string, t reflect.Type) []string {
	switch t {
	case reflect.TypeFor[Status]():
		return []string{string(StatusPending), string(StatusStarting), string(StatusRunning), string(StatusStopping), string(StatusStopped)}
	case reflect.TypeFor[StockStatus]():
		return []string{string(WithStock), string(ClosedWithStock), string(WithoutStock), string(ClosedWithoutStock)}
	}
	if t.Kind() != reflect.String {
		return nil
	}
	switch key {
	case "Instance.ChargeType":
		return []string{"", ChargePrePaid, ChargePostPaid}
	case "Instance.SpotStrategy":
		return []string{"", SpotNone, SpotWithPriceLimit, SpotAsPriceGo}
	case "Instance.OSType":
		return []string{"", OSLinux, OSWindows}
	case "Instance.NetworkType":
		return []string{"", NetworkVPC, NetworkClassic}
	case "Order.Kind":
		return []string{OrderPurchase, OrderRenewal, OrderUpgrade, OrderDowngrade}
	case "UnpaidOrder.Kind":
		return []string{UnpaidModification, UnpaidRenewal}
	case "Order.PaymentMethod":
		return []string{"", PayBalance, PayCreditCard, PayPal}
	case "InstanceType.NvmeSupport":
		return []string{"", "required", "supported", "unsupported"}
	case "Policy.Direction":
		return []string{DirectionDetected, DirectionDeclared}
	case "Policy.RefundRule":
		return []string{RefundCurrent, Refund2022}
	case "Policy.RatioReading":
		return []string{RatioPrinted, RatioOneBasis}
	case "Policy.ChargeRounding", "Policy.RefundRounding":
		return []string{RoundHalfUp, RoundHalfEven, RoundDown, RoundUp}
	}
	return nil
}

// checkStruct checks relations between the fields of a decoded object; it returns the field
// at fault and the reason, or "" and "".
func checkStruct(v reflect.Value) (field, reason string) {
	if o, ok := v.Addr().Interface().(*Order); ok {
		if !o.End.After(o.Start) {
			return "End", "must be after Start"
		}
		if err := o.Validate(); err != nil {
			return "", err.Error()
		}
	}
	return "", ""
}

// EncodeScenario writes s as indented JSON such that DecodeScenario returns s again (with times
// in UTC, and a nil Request as an empty map). It refuses a scenario DecodeScenario would
// refuse: strings that are not valid UTF-8, values out of range, an invalid policy or catalog.
// Output that would exceed MaxScenarioBytes is written without indentation, and refused if it
// still does (fields left out of a document are written out in full, so a document near the
// cap can grow).
// A policy equal to its preset is written as the preset's name; otherwise as {"Base": ...}
// with the fields that differ from the base.
func EncodeScenario(s Scenario) ([]byte, error) {
	e := &senc{}
	e.b.WriteByte('{')
	n := 0
	key := func(k string) {
		if n > 0 {
			e.b.WriteByte(',')
		}
		n++
		e.str(k)
		e.b.WriteByte(':')
	}
	for _, k := range scenarioKeys() {
		var err error
		switch k {
		case "description":
			if s.Description != "" {
				key(k)
				err = e.value(reflect.ValueOf(s.Description))
			}
		case "now":
			key(k)
			err = e.value(reflect.ValueOf(s.Now))
		case "request":
			key(k)
			req := s.Request
			if req == nil {
				req = map[string]string{}
			}
			err = e.value(reflect.ValueOf(req))
		case "policy":
			key(k)
			err = e.policy(s.Policy)
		case "instance":
			if !reflect.ValueOf(s.Facts.Instance).IsZero() {
				key(k)
				err = e.value(reflect.ValueOf(s.Facts.Instance))
			}
		case "account":
			if !reflect.ValueOf(s.Facts.Account).IsZero() {
				key(k)
				err = e.value(reflect.ValueOf(s.Facts.Account))
			}
		case "idempotency":
			if s.Facts.Idempotency != nil {
				key(k)
				err = e.value(reflect.ValueOf(s.Facts.Idempotency))
			}
		case "throttle":
			if !reflect.ValueOf(s.Facts.Throttle).IsZero() {
				key(k)
				err = e.value(reflect.ValueOf(s.Facts.Throttle))
			}
		case "serviceUnavailable":
			if s.Facts.ServiceUnavailable {
				key(k)
				e.b.WriteString("true")
			}
		case "catalog":
			if s.CatalogData != nil {
				key(k)
				err = e.value(reflect.ValueOf(s.CatalogData))
			}
		}
		if err != nil {
			return nil, &ScenarioError{Path: k + strings.Join(e.path, ""), Reason: err.Error()}
		}
	}
	e.b.WriteByte('}')
	var out bytes.Buffer
	if err := json.Indent(&out, e.b.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	if out.Len() > MaxScenarioBytes {
		// Near the cap, indentation (or defaults written out) may push a scenario over it.
		out.Reset()
		out.Write(e.b.Bytes())
		out.WriteByte('\n')
	}
	if out.Len() > MaxScenarioBytes {
		return nil, &ScenarioError{Reason: "encoding larger than " + strconv.Itoa(MaxScenarioBytes>>20) + " MiB"}
	}
	if _, err := DecodeScenario(out.Bytes()); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// senc writes the model's types as JSON, mirroring sdec.
type senc struct {
	b    bytes.Buffer
	path []string
}

// str writes s as a JSON string, without escaping <, > and & (scenarios are not HTML).
func (e *senc) str(s string) {
	writeJSONString(&e.b, s)
}

func writeJSONString(b *bytes.Buffer, s string) {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)       // a string always encodes
	b.Truncate(b.Len() - 1) // Encode's newline
}

func (e *senc) value(v reflect.Value) error {
	t := v.Type()
	switch t {
	case reflect.TypeFor[decimal.Decimal]():
		// Keep the places as written ("1402.50" stays "1402.50").
		dv := v.Interface().(decimal.Decimal)
		if dv.IsZero() {
			e.str("0")
			return nil
		}
		if err := CheckDecimal(dv, false); err != nil {
			return errors.New("decimal " + err.Error())
		}
		if exp := dv.Exponent(); exp < 0 {
			e.str(dv.StringFixed(-exp))
		} else {
			e.str(dv.String())
		}
		return nil
	case reflect.TypeFor[time.Time]():
		tm := v.Interface().(time.Time).UTC()
		if y := tm.Year(); y < 0 || y > 9999 {
			return errors.New("time outside years 0–9999")
		}
		e.str(tm.Format(time.RFC3339Nano))
		return nil
	}
	if t.Kind() != reflect.Pointer && t.Implements(reflect.TypeFor[encoding.TextMarshaler]()) {
		b, err := v.Interface().(encoding.TextMarshaler).MarshalText()
		if err != nil {
			return err
		}
		e.str(string(b))
		return nil
	}
	switch t.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			e.b.WriteString("null")
			return nil
		}
		return e.value(v.Elem())
	case reflect.Struct:
		si := structInfoOf(t)
		e.b.WriteByte('{')
		n := 0
		for _, f := range si.fields {
			fv := v.Field(f.index)
			if f.omit && fv.IsZero() {
				continue
			}
			if n > 0 {
				e.b.WriteByte(',')
			}
			n++
			e.str(f.name)
			e.b.WriteByte(':')
			e.path = append(e.path, "."+f.name)
			if err := e.value(fv); err != nil {
				return err
			}
			e.path = e.path[:len(e.path)-1]
		}
		e.b.WriteByte('}')
	case reflect.Slice:
		if v.IsNil() {
			e.b.WriteString("null")
			return nil
		}
		e.b.WriteByte('[')
		for i := 0; i < v.Len(); i++ {
			if i > 0 {
				e.b.WriteByte(',')
			}
			e.path = append(e.path, "["+strconv.Itoa(i)+"]")
			if err := e.value(v.Index(i)); err != nil {
				return err
			}
			e.path = e.path[:len(e.path)-1]
		}
		e.b.WriteByte(']')
	case reflect.Map:
		if v.IsNil() {
			e.b.WriteString("null")
			return nil
		}
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		e.b.WriteByte('{')
		for i, k := range keys {
			if i > 0 {
				e.b.WriteByte(',')
			}
			if !utf8.ValidString(k.String()) {
				return errors.New("map key is not valid UTF-8")
			}
			e.str(k.String())
			e.b.WriteByte(':')
			e.path = append(e.path, mapSeg(k.String()))
			if err := e.value(v.MapIndex(k)); err != nil {
				return err
			}
			e.path = e.path[:len(e.path)-1]
		}
		e.b.WriteByte('}')
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			return errors.New("string is not valid UTF-8")
		}
		e.str(v.String())
	case reflect.Bool:
		e.b.WriteString(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int32, reflect.Int64:
		e.b.WriteString(strconv.FormatInt(v.Int(), 10))
	case reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return errors.New("number is not finite")
		}
		e.b.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	default:
		return errors.New("cannot be encoded (unsupported type " + t.String() + ")")
	}
	return nil
}

// policy writes p as its preset's name when it equals the preset, else as an object of the
// fields that differ from the base preset.
func (e *senc) policy(p Policy) error {
	base := PresetCurrent
	if _, ok := PolicyByName(p.Name); ok && p.Name != "" {
		base = p.Name
	}
	bp, _ := PolicyByName(base)
	si := structInfoOf(reflect.TypeFor[Policy]())
	pv, bv := reflect.ValueOf(p), reflect.ValueOf(bp)
	var diff bytes.Buffer
	for _, f := range si.fields {
		sub := &senc{}
		if err := sub.value(pv.Field(f.index)); err != nil {
			e.path = append(e.path, "."+f.name)
			return err
		}
		ref := &senc{}
		if err := ref.value(bv.Field(f.index)); err != nil {
			return err
		}
		if bytes.Equal(sub.b.Bytes(), ref.b.Bytes()) {
			continue
		}
		diff.WriteByte(',')
		writeJSONString(&diff, f.name)
		diff.WriteByte(':')
		diff.Write(sub.b.Bytes())
	}
	if diff.Len() == 0 {
		e.str(base)
		return nil
	}
	e.b.WriteString(`{"Base":`)
	e.str(base)
	e.b.Write(diff.Bytes())
	e.b.WriteByte('}')
	return nil
}
