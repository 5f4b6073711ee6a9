package scenario

import (
	"reflect"
	"strings"
	"sync"
	"time"

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
//	  "policy":     "current",                    // optional: "current" (default), "2020", "2019",
//	                                              //   "2018-09", "2018", or {"Base": "2019",
//	                                              //   <Policy field>: value, ...}
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
	var f model.Facts
	s.factsInto(&f, c)
	return f
}

// factsInto sets *f to the facts FactsWith returns.
func (s *Scenario) factsInto(f *model.Facts, c *model.Catalog) {
	*f = s.Facts
	f.Policy = s.Policy
	f.Catalog = c
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
	for i := range t.NumField() {
		if fi, ok := jsonField(t.Field(i)); ok {
			fi.index = i
			si.byName[fi.name] = len(si.fields)
			si.fields = append(si.fields, fi)
		}
	}
	return si
}

// jsonField returns the JSON name of the struct field f and whether it is left out when zero;
// ok is false for a field JSON does not see (unexported, or tagged "-").
func jsonField(f reflect.StructField) (fi fieldInfo, ok bool) {
	tag := f.Tag.Get("json")
	if !f.IsExported() || tag == "-" {
		return fieldInfo{}, false
	}
	name, opts, _ := strings.Cut(tag, ",")
	if name == "" {
		name = f.Name
	}
	return fieldInfo{name: name, omit: omitsZero(opts)}, true
}

// omitsZero reports whether a json tag's options leave the field out when zero.
func omitsZero(opts string) bool {
	for o := range strings.SplitSeq(opts, ",") {
		if o == "omitempty" || o == "omitzero" {
			return true
		}
	}
	return false
}
