package model

// This file keeps, unchanged but for the names, the decoder refDecodeScenario had before it read
// the bytes directly (json.Decoder tokens and reflection throughout). It is the reference
// the decoding tests compare against: same documents, same results, same errors.

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
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

func refScenarioKeys() []string {
	return []string{"description", "now", "request", "policy", "instance", "account",
		"idempotency", "throttle", "serviceUnavailable", "catalog"}
}

func refDecodeScenario(b []byte) (Scenario, error) {
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
	d := &refSdec{d: json.NewDecoder(bytes.NewReader(b)), infos: map[reflect.Type]*refStructInfo{}}
	d.d.UseNumber()
	sc, err := d.scenario()
	if err != nil {
		return Scenario{}, err
	}
	return sc, nil
}

func (d *refSdec) scenario() (Scenario, error) {
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
		d.push(refPathKey(key))
		if !slices.Contains(refScenarioKeys(), key) {
			return Scenario{}, d.fail("unknown field (the fields are " + strings.Join(refScenarioKeys(), ", ") + ")")
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

// refSdec reads JSON tokens into the model's types, keeping the path for errors.
type refSdec struct {
	d     *json.Decoder
	path  []string
	infos map[reflect.Type]*refStructInfo
}

type refFieldInfo struct {
	name  string // JSON name
	index int    // Go field index
	key   string // "Type.Field", for caps, ranges and checks
	omit  bool   // omitempty or omitzero
}

type refStructInfo struct {
	fields []refFieldInfo
	byName map[string]int
}

func refStructInfoOf(infos map[reflect.Type]*refStructInfo, t reflect.Type) *refStructInfo {
	if si, ok := infos[t]; ok {
		return si
	}
	si := &refStructInfo{byName: map[string]int{}}
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
		si.fields = append(si.fields, refFieldInfo{name: name, index: i, key: t.Name() + "." + f.Name, omit: omit})
	}
	infos[t] = si
	return si
}

func (d *refSdec) push(seg string) { d.path = append(d.path, seg) }
func (d *refSdec) pop()            { d.path = d.path[:len(d.path)-1] }

func (d *refSdec) fail(reason string) *ScenarioError {
	return &ScenarioError{Path: strings.Join(d.path, ""), Reason: reason}
}

func (d *refSdec) token() (json.Token, error) {
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

// refPathKey is a top-level or map-key path segment.
func refPathKey(k string) string {
	if len(k) > 64 {
		k = k[:64] + "..."
	}
	return k
}

func refMapSeg(k string) string {
	if len(k) > 64 {
		k = k[:64] + "..."
	}
	return "[" + strconv.Quote(k) + "]"
}

// value decodes the value that starts with tok into v (addressable). key is the "Type.Field"
// of the field holding v, or "".
func (d *refSdec) value(tok json.Token, v reflect.Value, key string) error {
	t := v.Type()
	switch t {
	case reflect.TypeFor[decimal.Decimal]():
		return d.decimal(tok, v, key)
	case reflect.TypeFor[time.Time]():
		s, ok := tok.(string)
		if !ok || len(s) > maxScenarioString {
			return d.fail("must be an RFC 3339 time string such as \"2026-01-02T15:04:05Z\"")
		}
		tm, err := time.ParseInLocation(time.RFC3339, s, time.UTC)
		if err != nil {
			return d.fail("must be an RFC 3339 time such as \"2026-01-02T15:04:05Z\"")
		}
		if tm = tm.UTC(); tm.Year() < 0 || tm.Year() > 9999 {
			return d.fail("must lie within years 0000–9999 in UTC")
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
		lo, hi := refIntRange(key, t.Kind())
		n, ok := tok.(json.Number)
		var x int64
		var err error
		if ok && len(n) <= maxScenarioString {
			x, err = strconv.ParseInt(string(n), 10, 64)
		}
		if !ok || len(n) > maxScenarioString || err != nil || x < lo || x > hi {
			return d.fail("must be an integer from " + strconv.FormatInt(lo, 10) + " to " + strconv.FormatInt(hi, 10))
		}
		v.SetInt(x)
	case reflect.Float64:
		n, ok := tok.(json.Number)
		var f float64
		var err error
		if ok && len(n) <= maxScenarioString {
			f, err = strconv.ParseFloat(string(n), 64)
		}
		if !ok || len(n) > maxScenarioString || err != nil || math.IsNaN(f) || f < 0 || f > maxScenarioFloat {
			return d.fail("must be a number from 0 to 1000000")
		}
		v.SetFloat(f)
	default:
		return d.fail("cannot be decoded (unsupported type " + t.String() + ")")
	}
	if reason := refCheckScalar(key, v); reason != "" {
		return d.fail(reason)
	}
	return nil
}

func (d *refSdec) decimal(tok json.Token, v reflect.Value, key string) error {
	var s string
	switch x := tok.(type) {
	case string:
		s = x
	case json.Number:
		s = string(x)
	default:
		return d.fail("must be a decimal string such as \"12.50\"")
	}
	if len(s) > maxScenarioString {
		return d.fail("decimal longer than " + strconv.Itoa(maxScenarioString) + " characters")
	}
	dv, err := decimal.NewFromString(s)
	if err != nil {
		return d.fail("must be a decimal such as \"12.50\"")
	}
	if dv.IsZero() {
		// "0e100000000" is zero: normalise it before CheckDecimal, which bounds a zero's
		// exponent too (arithmetic with it would rescale the other operand).
		dv = decimal.New(0, 0)
	}
	if err := CheckDecimal(dv, false); err != nil {
		return d.fail("decimal " + err.Error())
	}
	if key == "Order.Discount" && dv.GreaterThan(decimal.NewFromInt(1)) {
		return d.fail("a discount factor must not exceed 1")
	}
	v.Set(reflect.ValueOf(dv))
	return nil
}

func (d *refSdec) object(v reflect.Value) error {
	si := refStructInfoOf(d.infos, v.Type())
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
		d.push("." + refPathKey(name))
		i, ok := si.byName[name]
		if !ok {
			return d.fail(refUnknownField(si, name))
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
		if reason := refCheckScalar(f.key, v.Field(f.index)); reason != "" {
			d.push("." + f.name)
			return d.fail(reason)
		}
	}
	if field, reason := refCheckStruct(v); reason != "" {
		if field != "" {
			d.push("." + field)
		}
		return d.fail(reason)
	}
	return nil
}

func refUnknownField(si *refStructInfo, name string) string {
	for _, f := range si.fields {
		if strings.EqualFold(f.name, name) {
			return "unknown field (did you mean \"" + f.name + "\"?)"
		}
	}
	return "unknown field"
}

func (d *refSdec) slice(tok json.Token, v reflect.Value, key string) error {
	if tok == nil {
		v.SetZero()
		return nil
	}
	if tok != json.Delim('[') {
		return d.fail("must be a list")
	}
	limit := refListCap(key)
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

func (d *refSdec) mapping(tok json.Token, v reflect.Value, key string) error {
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
	limit := refListCap(key)
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
		d.push(refMapSeg(tok.(string)))
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
func (d *refSdec) policy(tok json.Token) (Policy, error) {
	if name, ok := tok.(string); ok {
		p, ok := PolicyByName(name)
		if !ok {
			return Policy{}, d.fail("unknown preset " + strconv.Quote(refPathKey(name)) + " (the presets are current, 2019, 2018)")
		}
		return p, nil
	}
	if tok != json.Delim('{') {
		return Policy{}, d.fail("must be a preset name or an object")
	}
	si := refStructInfoOf(d.infos, reflect.TypeFor[Policy]())
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
		d.push("." + refPathKey(name))
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
			return Policy{}, d.fail(refUnknownField(si, name))
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

// refIntRange returns the accepted range of an integer field.
func refIntRange(key string, k reflect.Kind) (lo, hi int64) {
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

// refListCap returns the most entries a list or map field may hold.
func refListCap(key string) int {
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

func refOneOf(s string, allowed ...string) string {
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

// refCheckScalar checks an enumerated string; "" means fine.
func refCheckScalar(key string, v reflect.Value) string {
	switch v.Type() {
	case reflect.TypeFor[Status]():
		if !Status(v.String()).Known() {
			return refOneOf("-", string(StatusPending), string(StatusStarting), string(StatusRunning), string(StatusStopping), string(StatusStopped))
		}
		return ""
	case reflect.TypeFor[StockStatus]():
		return refOneOf(v.String(), string(WithStock), string(ClosedWithStock), string(WithoutStock), string(ClosedWithoutStock))
	}
	if v.Kind() != reflect.String {
		return ""
	}
	s := v.String()
	switch key {
	case "Instance.ChargeType":
		return refOneOf(s, "", ChargePrePaid, ChargePostPaid)
	case "Instance.SpotStrategy":
		return refOneOf(s, "", SpotNone, SpotWithPriceLimit, SpotAsPriceGo)
	case "Instance.OSType":
		return refOneOf(s, "", OSLinux, OSWindows)
	case "Instance.NetworkType":
		return refOneOf(s, "", NetworkVPC, NetworkClassic)
	case "Order.Kind":
		return refOneOf(s, OrderPurchase, OrderRenewal, OrderUpgrade, OrderDowngrade)
	case "UnpaidOrder.Kind":
		return refOneOf(s, UnpaidModification, UnpaidRenewal)
	case "Order.PaymentMethod":
		return refOneOf(s, "", PayBalance, PayCreditCard, PayPal)
	case "InstanceType.NvmeSupport":
		return refOneOf(s, "", "required", "supported", "unsupported")
	case "Policy.Direction":
		return refOneOf(s, DirectionDetected, DirectionDeclared)
	case "Policy.RefundRule":
		return refOneOf(s, RefundCurrent, Refund2022)
	case "Policy.RatioReading":
		return refOneOf(s, RatioPrinted, RatioOneBasis)
	case "Policy.ChargeRounding", "Policy.RefundRounding":
		return refOneOf(s, RoundHalfUp, RoundHalfEven, RoundDown, RoundUp)
	}
	return ""
}

// refCheckStruct checks relations between the fields of a decoded object; it returns the field
// at fault and the reason, or "" and "".
func refCheckStruct(v reflect.Value) (field, reason string) {
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
