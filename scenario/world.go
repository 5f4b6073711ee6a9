package scenario

import (
	"reflect"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/respec-dev/respec/model"
)

// World is a world file: the accounts, each with its RAM users, used ClientTokens, the
// throttle counts of the current minute and the instances it owns, at the moment now, over a
// catalog, under a policy and limits. It is the document respec simulate (and the endpoint)
// builds a world.World from (package worldfile does that and checks what this reader cannot:
// unique IDs, tokens not after now).
//
// A world file is one JSON object (UTF-8, at most MaxWorldBytes) with the scenario's
// conventions (the API's names, amounts as decimal strings, RFC 3339 times, unknown and
// repeated keys refused, lists capped):
//
//	{
//	  "description": "free text, optional",
//	  "now":      "2026-03-01T10:00:00Z",     // required
//	  "policy":   "current",                  // optional, as in a scenario
//	  "limits":   {"PerApi": {"ModifyPrepayInstanceSpec": 60}},   // optional
//	  "catalog":  {...},                      // optional: absent, the caller's default
//	  "accounts": [{"Account": {"AccountId": "1234", "Balance": "8000"},
//	                "RamUsers": [...], "Tokens": {...}, "Requests": [...],
//	                "Instances": [{"InstanceId": "i-1", ...}, ...],
//	                "AccessKeys": {"AK-OWNER": "", "AK-OPS": "ops"}}, ...]
//	}
//
// Every field is a row of the schema (schema.go), listed in SCHEMA.md.
type World struct {
	// Description is free text ("description").
	Description string
	// Now is the world's moment ("now").
	Now time.Time
	// Policy is "policy"; PolicyCurrent when absent.
	Policy model.Policy
	// Limits is "limits": the throttle thresholds and the longest renewal.
	Limits WorldLimits
	// CatalogData is "catalog", or nil when absent (the caller supplies a default).
	CatalogData *model.CatalogData
	// Accounts is "accounts".
	Accounts []WorldAccount
}

// WorldLimits are the world's knobs the documents give no figure for (world.Limits).
type WorldLimits struct {
	// PerAPI is the per-minute threshold of each API per region and account.
	PerAPI map[string]int `json:"PerApi,omitempty"`
	// PerAccount is the per-minute threshold of an account across the APIs of a region.
	PerAccount int `json:"PerAccount,omitempty"`
	// MaxRenewMonths is the longest renewal RenewInstance accepts (0: 60).
	MaxRenewMonths int `json:"MaxRenewMonths,omitempty"`
}

// WorldAccount is one account of a world file, with what it owns.
type WorldAccount struct {
	// Account is the account; its RAMUser must be absent (the caller is named per request).
	Account model.Account `json:"Account"`
	// RAMUsers are the account's RAM users.
	RAMUsers []model.RAMUser `json:"RamUsers,omitempty"`
	// Tokens are ClientTokens already used, each with the record of its accepted request.
	Tokens map[string]model.Record `json:"Tokens,omitempty"`
	// Requests are the throttle counts of the world's current minute.
	Requests []WorldRequestCount `json:"Requests,omitempty"`
	// Instances are the instances the account owns.
	Instances []model.Instance `json:"Instances,omitempty"`
	// AccessKeys maps an AccessKeyId to who it authenticates as, for the endpoint (respec
	// serve): "" for the account itself, else the name of one of its RAM users.
	AccessKeys map[string]string `json:"AccessKeys,omitempty"`
}

// WorldRequestCount is a throttle count of the current minute: an account's requests to API
// in a region, or with API absent across all APIs of the region.
type WorldRequestCount struct {
	API      string `json:"Api,omitempty"`
	RegionID string `json:"RegionId"`
	Count    int    `json:"Count"`
}

// Caps of a world file.
const (
	// MaxWorldBytes is the largest world file read.
	MaxWorldBytes = 128 << 20
	// MaxWorldAccounts is the most accounts of a world file.
	MaxWorldAccounts = 10_000
	// MaxWorldInstances is the most instances of one account (the whole world is capped at
	// the same figure by package worldfile).
	MaxWorldInstances = 100_000
)

// worldKeys returns the world file's top-level keys, in the rows' order.
var worldKeys = sync.OnceValue(func() []string { return rootKeys(reflect.TypeFor[World]()) })

// rootKeys returns the keys of the top-level rows of the document struct t.
func rootKeys(t reflect.Type) []string {
	var keys []string
	for _, r := range schemaRows() {
		if r.owner == t {
			keys = append(keys, r.key)
		}
	}
	return keys
}

// DecodeWorld reads a world file (see World). Like Decode it never panics, does work bounded
// by the input (at most MaxWorldBytes, every list capped while it is read) and returns an
// *Error naming the JSON path of the first problem, such as
// accounts[0].Instances[3].Orders[0].CashPaid.
func DecodeWorld(b []byte) (World, error) {
	if len(b) > MaxWorldBytes {
		return World{}, &Error{Reason: "larger than " + strconv.Itoa(MaxWorldBytes>>20) + " MiB"}
	}
	if !utf8.Valid(b) {
		return World{}, &Error{Reason: "not valid UTF-8"}
	}
	d := &bdec{s: string(b)}
	w := new(World)
	if !d.document(worldDoc(), unsafe.Pointer(w)) {
		return World{}, d.err(b)
	}
	return *w, nil
}
