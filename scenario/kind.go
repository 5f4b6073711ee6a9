package scenario

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"

	"github.com/respec-dev/respec/fleet/plan"
)

// Kind is which of respec's document formats a document is written in.
type Kind int

// The document formats.
const (
	// KindScenario is a scenario document (Decode).
	KindScenario Kind = iota
	// KindWorld is a world file (DecodeWorld).
	KindWorld
	// KindPlan is a plan file, a plan document or JSON Lines of requests (DecodePlan).
	KindPlan
)

// String returns "scenario", "world" or "plan".
func (k Kind) String() string {
	switch k {
	case KindWorld:
		return "world"
	case KindPlan:
		return "plan"
	}
	return "scenario"
}

// KindOf tells which format doc is written in from the keys of its first object: a plan
// document's first key is one of plan.Plan's (or the object is {}); otherwise the first key
// that only one format has decides (a world's "accounts" or "limits", a scenario's
// "request", "instance", ..., a plan request's "At", "Operation", ...). A document no key
// decides, or that is not an object, is taken as a scenario, the format the other commands
// read. It reads at most the first JSON value.
func KindOf(doc []byte) Kind {
	if isPlanDocument(string(doc)) {
		return KindPlan
	}
	dec := json.NewDecoder(bytes.NewReader(doc))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return KindScenario
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			break
		}
		if k, ok := kindOfKey(t.(string)); ok {
			return k
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			break
		}
	}
	return KindScenario
}

// kindOfKey returns the format whose top-level keys alone hold key.
func kindOfKey(key string) (Kind, bool) {
	inScenario, inWorld := slices.Contains(scenarioKeys(), key), slices.Contains(worldKeys(), key)
	switch {
	case inScenario && !inWorld:
		return KindScenario, true
	case inWorld && !inScenario:
		return KindWorld, true
	case !inScenario && !inWorld && isRequestKey(key):
		return KindPlan, true
	}
	return KindScenario, false
}

// isRequestKey reports whether key is a key of a plan request (a JSON Lines plan's line).
func isRequestKey(key string) bool {
	for _, f := range structInfoOf(reflect.TypeFor[plan.Request]()).fields {
		if f.name == key {
			return true
		}
	}
	return false
}
