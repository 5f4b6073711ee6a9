package scenario

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/model"
)

// Scenario is one question put to respec: the moment, the request exactly as it arrives, and
// the facts. It is the command line's input format.
//
// # JSON schema
//
// A scenario is one JSON object (UTF-8, at most model.MaxScenarioBytes). Keys are case-sensitive; an
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
// Every field, with its key, type, whether it is required, its cap, range or values, and what
// it means, is a row of the schema (schema.go), listed in SCHEMA.md.
//
// The objects use the JSON names of the Go types' struct tags (Instance: "InstanceId",
// "Status", "InstanceChargeType", "ExpiredTime", "SystemDisk", "DataDisks",
// "NetworkInterfaces", "Orders", ...; Account: "AccountId", "Balance", "RAMUser", "Quotas",
// ...). Values:
//
//   - "request" is an object whose values are all strings, exactly as in the query
//     ("AutoPay": "false", "Disk.1.DiskId": "d-1"). It is not validated here: ParseMap does
//     that (see Prepare) and returns the API's own error, so a scenario can ask what
//     happens to a malformed request.
//   - Times are RFC 3339 strings ("2026-01-31T16:00:00Z", "2026-02-01T00:00:00+08:00"); they
//     are kept as instants and returned in UTC.
//   - Amounts (decimal.Decimal) are JSON strings ("175.200") or numbers (175.2, taken exactly
//     as written), at most 64 characters, never negative, and must pass CheckDecimal. A zero
//     amount is normalised to 0 whatever its exponent ("0e100000000" becomes 0).
//   - Integers are JSON integers (no fraction or exponent), from 0 to 1,000,000 (int64
//     vCPU·hour amounts up to 1,000,000,000) unless their row gives another range. Floats
//     (catalog MemorySize) are from 0 to 1,000,000.
//   - Policy durations are Go duration strings ("5m", "24h0m0s"), from 0 to 10 years.
//   - Enumerations are checked; one without "" among its values (Status, the Kind of orders
//     and unpaid orders) is required wherever its object appears. An order must pass
//     Order.Validate: End after Start, Discount at most 1.
//   - null is accepted for optional objects, lists and maps (it means absent); [] and {} are
//     kept as empty, non-nil values (for a catalog type's Stock, {} means "no stock anywhere"
//     while absent means "stock everywhere").
//   - Lists and maps are capped (1000 entries unless their row says otherwise).
//   - "policy" as an object starts from the preset named by "Base" (default "current") and
//     replaces each field given; a list field is replaced whole. Name stays the base's
//     unless given.
//   - "catalog", when present, must also pass NewCatalog.
//
// Errors are *Error values naming the JSON path of the problem, such as
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
	Facts model.Facts
	// Policy is "policy"; PolicyCurrent when absent.
	Policy model.Policy
	// CatalogData is "catalog", or nil when absent (the caller supplies a default).
	CatalogData *model.CatalogData
}

// FactsWith returns the scenario's facts with Policy set to s.Policy and Catalog to c. s is
// not changed; the Facts share s's slices and maps, which are treated as read-only.
func (s *Scenario) FactsWith(c *model.Catalog) model.Facts {
	f := s.Facts
	f.Policy = s.Policy
	f.Catalog = c
	return f
}

// Error is a problem with a scenario document, at a JSON path ("" for the whole
// document).
type Error struct {
	// Path is the JSON path, such as instance.Orders[2].CashPaid.
	Path string
	// Reason says what is wrong.
	Reason string
}

// Error returns "scenario: path: reason".
func (e *Error) Error() string {
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
)

// scenarioKeys returns the top-level keys, in output order.
func scenarioKeys() []string {
	return []string{"description", "now", "request", "policy", "instance", "account",
		"idempotency", "throttle", "serviceUnavailable", "catalog"}
}

type fieldInfo struct {
	name  string // JSON name
	index int    // Go field index
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
		si.fields = append(si.fields, fieldInfo{name: name, index: i, omit: omit})
	}
	return si
}

// checkStruct checks relations between the fields of a decoded object; it returns the field
// at fault and the reason, or "" and "".
func checkStruct(v reflect.Value) (field, reason string) {
	if o, ok := v.Addr().Interface().(*model.Order); ok {
		if !o.End.After(o.Start) {
			return "End", "must be after Start"
		}
		if err := o.Validate(); err != nil {
			return "", err.Error()
		}
	}
	return "", ""
}

// Encode writes s as indented JSON such that Decode returns s again (with times
// in UTC, and a nil Request as an empty map). It refuses a scenario Decode would
// refuse: strings that are not valid UTF-8, values out of range, an invalid policy or catalog.
// Output that would exceed model.MaxScenarioBytes is written without indentation, and refused if it
// still does (fields left out of a document are written out in full, so a document near the
// cap can grow).
// A policy equal to its preset is written as the preset's name; otherwise as {"Base": ...}
// with the fields that differ from the base.
func Encode(s Scenario) ([]byte, error) {
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
			return nil, &Error{Path: k + strings.Join(e.path, ""), Reason: err.Error()}
		}
	}
	e.b.WriteByte('}')
	var out bytes.Buffer
	if err := json.Indent(&out, e.b.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	if out.Len() > model.MaxScenarioBytes {
		// Near the cap, indentation (or defaults written out) may push a scenario over it.
		out.Reset()
		out.Write(e.b.Bytes())
		out.WriteByte('\n')
	}
	if out.Len() > model.MaxScenarioBytes {
		return nil, &Error{Reason: "encoding larger than " + strconv.Itoa(model.MaxScenarioBytes>>20) + " MiB"}
	}
	if _, err := Decode(out.Bytes()); err != nil {
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
		if err := model.CheckDecimal(dv, false); err != nil {
			return errors.New("decimal " + err.Error())
		}
		switch exp := dv.Exponent(); {
		case exp < 0:
			e.str(dv.StringFixed(-exp))
		case exp > 0:
			// "1e3" reads back with exponent 3; "1000" would read back as exponent 0.
			e.str(dv.Coefficient().String() + "e" + strconv.Itoa(int(exp)))
		default:
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
func (e *senc) policy(p model.Policy) error {
	base := model.PresetCurrent
	if _, ok := model.PolicyByName(p.Name); ok && p.Name != "" {
		base = p.Name
	}
	bp, _ := model.PolicyByName(base)
	si := structInfoOf(reflect.TypeFor[model.Policy]())
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
