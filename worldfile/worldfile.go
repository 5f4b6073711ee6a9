// Package worldfile builds a world.World from a world file and a fleet.Plan from a plan file
// (both read by package scenario's reader, documented in scenario/SCHEMA.md), and checks
// what the reader cannot: IDs unique across the world, tokens not after now, a plan's
// instances, accounts and RAM users in the world, its moments in order. Every problem is an
// *Error naming the file, the line (JSON Lines plans) and the JSON path; nothing is built or
// run from a file with a problem.
//
// The package is pure: bytes in, values out.
package worldfile

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/respec-dev/respec/fleet"
	"github.com/respec-dev/respec/fleet/plan"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/scenario"
	"github.com/respec-dev/respec/world"
)

// Error is a problem with a world or plan file.
type Error struct {
	// File is "world" or "plan".
	File string
	// Line is the line of a JSON Lines plan (0 otherwise).
	Line int
	// Path is the JSON path of the problem ("" for the whole file).
	Path string
	// Reason says what is wrong.
	Reason string
}

// Error returns "world: path: reason" or "plan: line N: path: reason".
func (e *Error) Error() string {
	s := e.File + ": "
	if e.Line > 0 {
		s += "line " + strconv.Itoa(e.Line) + ": "
	}
	if e.Path != "" {
		s += e.Path + ": "
	}
	return s + e.Reason
}

func fromReader(file string, err error) error {
	var le *scenario.LineError
	if errors.As(err, &le) {
		return &Error{File: file, Line: le.Line, Path: le.Err.Path, Reason: le.Err.Reason}
	}
	var se *scenario.Error
	if errors.As(err, &se) {
		return &Error{File: file, Path: se.Path, Reason: se.Reason}
	}
	return &Error{File: file, Reason: err.Error()}
}

// apis are the APIs a world throttles.
var apis = []string{world.APIModifyPrepayInstanceSpec, world.APIStartInstance, world.APIStopInstance, world.APIRebootInstance, world.APIRenewInstance}

// DecodeWorld reads world file b and builds its world; def is the catalog of a file without
// "catalog" (catalog.Default() for the embedded one). The world shares nothing with b.
func DecodeWorld(b []byte, def *model.Catalog) (world.World, error) {
	doc, err := scenario.DecodeWorld(b)
	if err != nil {
		return world.World{}, fromReader("world", err)
	}
	return Build(&doc, def)
}

// Build builds the world of a decoded world file (see DecodeWorld).
func Build(doc *scenario.World, def *model.Catalog) (world.World, error) {
	fail := func(path, format string, a ...any) (world.World, error) {
		return world.World{}, &Error{File: "world", Path: path, Reason: fmt.Sprintf(format, a...)}
	}
	cat := def
	if doc.CatalogData != nil {
		var err error
		if cat, err = model.NewCatalog(*doc.CatalogData); err != nil {
			return fail("catalog", "%s", strings.TrimPrefix(err.Error(), "catalog: "))
		}
	}
	if cat == nil {
		return fail("catalog", "required (no default catalog)")
	}
	lim := world.Limits{PerAccount: doc.Limits.PerAccount, MaxRenewMonths: doc.Limits.MaxRenewMonths}
	for _, api := range sortedKeys(doc.Limits.PerAPI) {
		n := doc.Limits.PerAPI[api]
		if !slices.Contains(apis, api) {
			return fail("limits.PerApi["+strconv.Quote(api)+"]", "unknown API: want one of %s", strings.Join(apis, ", "))
		}
		if lim.PerAPI == nil {
			lim.PerAPI = map[string]int{}
		}
		lim.PerAPI[api] = n
	}
	total := 0
	for _, a := range doc.Accounts {
		total += len(a.Instances)
	}
	if total > scenario.MaxWorldInstances {
		return fail("accounts", "%d instances in all, more than %d", total, scenario.MaxWorldInstances)
	}
	b := world.NewBuilder(doc.Now, cat, doc.Policy, lim)
	accounts := make(map[string]int, len(doc.Accounts))
	instances := make(map[string]string, total)
	keys := map[string]string{} // AccessKeyId → the path of its account
	for i := range doc.Accounts {
		a := &doc.Accounts[i]
		at := "accounts[" + strconv.Itoa(i) + "]"
		id := a.Account.AccountID
		switch j, dup := accounts[id]; {
		case id == "":
			return fail(at+".Account.AccountId", "required")
		case dup:
			return fail(at+".Account.AccountId", "%q is given twice (also accounts[%d])", clip(id), j)
		case a.Account.RAMUser != nil:
			return fail(at+".Account.RAMUser", "must be absent in a world: the caller is named per request (list the account's users in RamUsers)")
		}
		accounts[id] = i
		users := map[string]bool{}
		for k, u := range a.RAMUsers {
			switch {
			case u.Name == "":
				return fail(at+".RamUsers["+strconv.Itoa(k)+"].Name", "required")
			case users[u.Name]:
				return fail(at+".RamUsers["+strconv.Itoa(k)+"].Name", "%q is given twice", clip(u.Name))
			}
			users[u.Name] = true
		}
		if err := checkAccessKeys(at, a.AccessKeys, users, keys); err != nil {
			return world.World{}, err
		}
		for _, tok := range sortedKeys(a.Tokens) {
			if r := a.Tokens[tok]; r.At.After(doc.Now) {
				return fail(at+".Tokens["+strconv.Quote(clip(tok))+"].At", "%s is after the world's now %s", r.At.Format(time.RFC3339), doc.Now.Format(time.RFC3339))
			}
		}
		counts := make([]world.RequestCount, 0, len(a.Requests))
		seen := map[[2]string]bool{}
		for k, rc := range a.Requests {
			key := [2]string{rc.API, rc.RegionID}
			if rc.API != "" && !slices.Contains(apis, rc.API) {
				return fail(at+".Requests["+strconv.Itoa(k)+"].Api", "unknown API: want one of %s", strings.Join(apis, ", "))
			}
			if seen[key] {
				return fail(at+".Requests["+strconv.Itoa(k)+"]", "the count of %q in %q is given twice", rc.API, clip(rc.RegionID))
			}
			seen[key] = true
			counts = append(counts, world.RequestCount{API: rc.API, RegionID: rc.RegionID, Count: rc.Count})
		}
		b.AddAccount(world.AccountSpec{Account: a.Account, RAMUsers: a.RAMUsers, Tokens: a.Tokens, Requests: counts})
		if _, err := b.Build(); err != nil {
			return fail(at, "%s", builderReason(err))
		}
		for k := range a.Instances {
			in := &a.Instances[k]
			ip := at + ".Instances[" + strconv.Itoa(k) + "]"
			switch other, dup := instances[in.InstanceID]; {
			case in.InstanceID == "":
				return fail(ip+".InstanceId", "required")
			case dup:
				return fail(ip+".InstanceId", "%q is given twice (also %s)", clip(in.InstanceID), other)
			}
			instances[in.InstanceID] = ip
			b.AddInstance(id, *in)
			if _, err := b.Build(); err != nil {
				return fail(ip, "%s", builderReason(err))
			}
		}
	}
	return b.Build()
}

// DecodeServed reads world file b as respec serve serves it: its world (DecodeWorld) and the
// callers its AccessKeyIds name (Callers).
func DecodeServed(b []byte, def *model.Catalog) (world.World, map[string]world.Caller, error) {
	doc, err := scenario.DecodeWorld(b)
	if err != nil {
		return world.World{}, nil, fromReader("world", err)
	}
	w, err := Build(&doc, def)
	if err != nil {
		return world.World{}, nil, err
	}
	return w, Callers(&doc), nil
}

// AnyKey, as an AccessKeyId of a world file, stands for every AccessKeyId the file does not
// list.
const AnyKey = "*"

// Callers returns the callers the AccessKeyIds of a world file that Build accepts name: each
// account's AccessKeys, "" as the account itself, any other value as its RAM user of that
// name. A file that gives no AccessKeys at all is open: with one account, every AccessKeyId
// (AnyKey) is that account; with several, each AccountId is an AccessKeyId naming its own
// account. (A decision: a file that states no keys is most often a fleet written for respec
// simulate, and serving it to a client with any key is what the scenario documents do; a file
// that states keys is served exactly those, so a wrong key is InvalidAccessKeyId.NotFound.)
func Callers(doc *scenario.World) map[string]world.Caller {
	out := map[string]world.Caller{}
	for _, a := range doc.Accounts {
		for key, user := range a.AccessKeys {
			out[key] = world.Caller{AccountID: a.Account.AccountID, RAMUser: user}
		}
	}
	if len(out) > 0 {
		return out
	}
	if len(doc.Accounts) == 1 {
		out[AnyKey] = world.Caller{AccountID: doc.Accounts[0].Account.AccountID}
		return out
	}
	for _, a := range doc.Accounts {
		out[a.Account.AccountID] = world.Caller{AccountID: a.Account.AccountID}
	}
	return out
}

// checkAccessKeys checks the AccessKeys of the account at path at, whose RAM users are users:
// each AccessKeyId not empty and not in keys (the AccessKeyIds of the accounts before, each
// with its account's path; the account's are added), each value "" or one of users.
func checkAccessKeys(at string, accessKeys map[string]string, users map[string]bool, keys map[string]string) error {
	for _, key := range sortedKeys(accessKeys) {
		kp := at + ".AccessKeys[" + strconv.Quote(clip(key)) + "]"
		switch user, other := accessKeys[key], keys[key]; {
		case key == "":
			return &Error{File: "world", Path: at + ".AccessKeys", Reason: "an AccessKeyId is empty"}
		case other != "":
			return &Error{File: "world", Path: kp, Reason: "the AccessKeyId is also given in " + other}
		case user != "" && !users[user]:
			return &Error{File: "world", Path: kp, Reason: strconv.Quote(clip(user)) + " is not one of the account's RamUsers"}
		}
		keys[key] = at
	}
	return nil
}

func builderReason(err error) string {
	return strings.TrimPrefix(err.Error(), world.ErrInvalidWorld.Error()+": ")
}

// clip shortens a value from the file for a message.
func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

// DecodePlan reads plan file b (a plan document, or JSON Lines of requests: see
// scenario.PlanFile) and checks it against w, the world it is to run on.
func DecodePlan(b []byte, w world.World) (fleet.Plan, error) {
	pf, err := scenario.DecodePlan(b)
	if err != nil {
		return fleet.Plan{}, fromReader("plan", err)
	}
	if err := Check(&pf, w); err != nil {
		return fleet.Plan{}, err
	}
	return pf.Plan, nil
}

// Check checks a decoded plan file against world w: every request's moment set, not before
// the world's now nor the previous request's; its instance, account and RAM user in the
// world; a change with targets; every rule with targets and a start; the accounts a filter
// names in the world; backoff multipliers at most plan.MaxMultiplier.
func Check(pf *scenario.PlanFile, w world.World) error {
	p := &pf.Plan
	at := func(i int, field string) *Error {
		if pf.Lines != nil {
			return &Error{File: "plan", Line: pf.Lines[i], Path: field}
		}
		path := "Requests[" + strconv.Itoa(i) + "]"
		if field != "" {
			path += "." + field
		}
		return &Error{File: "plan", Path: path}
	}
	with := func(e *Error, format string, a ...any) error {
		e.Reason = fmt.Sprintf(format, a...)
		return e
	}
	now := w.Now()
	for i := range p.Requests {
		rq := &p.Requests[i]
		switch {
		case rq.At.IsZero():
			return with(at(i, "At"), "required")
		case rq.At.Before(now):
			return with(at(i, "At"), "%s is before the world's now %s", rfc(rq.At), rfc(now))
		case i > 0 && rq.At.Before(p.Requests[i-1].At):
			prev := "the previous request's"
			if pf.Lines != nil {
				prev = "line " + strconv.Itoa(pf.Lines[i-1]) + "'s"
			}
			return with(at(i, "At"), "%s is before %s %s (requests are in time order)", rfc(rq.At), prev, rfc(p.Requests[i-1].At))
		case rq.InstanceID == "":
			return with(at(i, "InstanceId"), "required")
		}
		_, owner, ok := w.Instance(rq.InstanceID)
		if !ok {
			return with(at(i, "InstanceId"), "%q is not an instance of the world", clip(rq.InstanceID))
		}
		acct := owner
		if rq.AccountID != "" {
			acct = rq.AccountID
		}
		st, ok := w.Account(acct)
		if !ok {
			return with(at(i, "AccountId"), "%q is not an account of the world", clip(rq.AccountID))
		}
		if rq.RAMUser != "" && !slices.ContainsFunc(st.RAMUsers, func(u model.RAMUser) bool { return u.Name == rq.RAMUser }) {
			return with(at(i, "RamUser"), "%q is not a RAM user of account %s", clip(rq.RAMUser), acct)
		}
		if rq.Operation == plan.OpModify && len(rq.Targets) == 0 {
			return with(at(i, "Targets"), "required for %s", plan.OpModify)
		}
	}
	for k := range p.Rules {
		r := &p.Rules[k]
		rp := "Rules[" + strconv.Itoa(k) + "]"
		fail := func(field, format string, a ...any) error {
			return &Error{File: "plan", Path: rp + "." + field, Reason: fmt.Sprintf(format, a...)}
		}
		switch {
		case len(r.Targets) == 0:
			return fail("Targets", "required")
		case r.Start.IsZero():
			return fail("Start", "required")
		case r.Start.Before(now):
			return fail("Start", "%s is before the world's now %s", rfc(r.Start), rfc(now))
		}
		for j, id := range r.Filter.AccountIDs {
			if _, ok := w.Account(id); !ok {
				return fail("Filter.AccountIds["+strconv.Itoa(j)+"]", "%q is not an account of the world", clip(id))
			}
		}
	}
	for i, b := range []*plan.Backoff{p.Options.RetryThrottling, p.Options.WaitOrderProcessing} {
		name := [2]string{"RetryThrottling", "WaitOrderProcessing"}[i]
		if b != nil && b.Multiplier > plan.MaxMultiplier {
			return &Error{File: "plan", Path: "Options." + name + ".Multiplier", Reason: fmt.Sprintf("must be from 0 to %d", plan.MaxMultiplier)}
		}
	}
	return nil
}

func rfc(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
