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
	"maps"
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
	wb, err := newWorldBuild(doc, def)
	if err != nil {
		return world.World{}, err
	}
	for i := range doc.Accounts {
		if err := wb.account(i); err != nil {
			return world.World{}, err
		}
	}
	return wb.b.Build()
}

// newWorldBuild starts the world of a world file: its catalog, limits and moment, once the
// file's instance count is within the cap.
func newWorldBuild(doc *scenario.World, def *model.Catalog) (*worldBuild, error) {
	cat, err := catalogOf(doc, def)
	if err != nil {
		return nil, err
	}
	lim, err := limitsOf(&doc.Limits)
	if err != nil {
		return nil, err
	}
	total, err := instanceTotal(doc)
	if err != nil {
		return nil, err
	}
	return &worldBuild{doc: doc, b: world.NewBuilder(doc.Now, cat, doc.Policy, lim),
		accounts: make(map[string]int, len(doc.Accounts)), instances: make(map[string]string, total),
		keys: map[string]string{}}, nil
}

// instanceTotal is how many instances the world file holds, at most
// scenario.MaxWorldInstances.
func instanceTotal(doc *scenario.World) (int, error) {
	total := 0
	for _, a := range doc.Accounts {
		total += len(a.Instances)
	}
	if total > scenario.MaxWorldInstances {
		return 0, worldError("accounts", "%d instances in all, more than %d", total, scenario.MaxWorldInstances)
	}
	return total, nil
}

// worldError is a problem at path of a world file.
func worldError(path, format string, a ...any) error {
	return &Error{File: "world", Path: path, Reason: fmt.Sprintf(format, a...)}
}

// catalogOf is the world file's catalog, or def when it has none.
func catalogOf(doc *scenario.World, def *model.Catalog) (*model.Catalog, error) {
	if doc.CatalogData != nil {
		cat, err := model.NewCatalog(*doc.CatalogData)
		if err != nil {
			return nil, worldError("catalog", "%s", strings.TrimPrefix(err.Error(), "catalog: "))
		}
		return cat, nil
	}
	if def == nil {
		return nil, worldError("catalog", "required (no default catalog)")
	}
	return def, nil
}

// limitsOf is the world's throttling limits, each per-API limit of a throttled API.
func limitsOf(l *scenario.WorldLimits) (world.Limits, error) {
	lim := world.Limits{PerAccount: l.PerAccount, MaxRenewMonths: l.MaxRenewMonths}
	for _, api := range slices.Sorted(maps.Keys(l.PerAPI)) {
		if !slices.Contains(apis, api) {
			return world.Limits{}, worldError("limits.PerApi["+strconv.Quote(api)+"]", "unknown API: want one of %s", strings.Join(apis, ", "))
		}
		if lim.PerAPI == nil {
			lim.PerAPI = map[string]int{}
		}
		lim.PerAPI[api] = l.PerAPI[api]
	}
	return lim, nil
}

// worldBuild is a world file's world being built: the builder, and the accounts (their
// index) and instances (their path) added so far.
type worldBuild struct {
	doc       *scenario.World
	b         *world.Builder
	accounts  map[string]int
	instances map[string]string
	keys      map[string]string // AccessKeyId → the path of its account
}

// account checks and adds account i of the file, with its instances.
func (wb *worldBuild) account(i int) error {
	a := &wb.doc.Accounts[i]
	at := "accounts[" + strconv.Itoa(i) + "]"
	if err := wb.checkAccount(at, a); err != nil {
		return err
	}
	wb.accounts[a.Account.AccountID] = i
	counts, err := requestCounts(at, a.Requests)
	if err != nil {
		return err
	}
	wb.b.AddAccount(world.AccountSpec{Account: a.Account, RAMUsers: a.RAMUsers, Tokens: a.Tokens, Requests: counts})
	if _, err := wb.b.Build(); err != nil {
		return worldError(at, "%s", builderReason(err))
	}
	return wb.instancesOf(at, a)
}

// instancesOf checks and adds the instances of account a at path at.
func (wb *worldBuild) instancesOf(at string, a *scenario.WorldAccount) error {
	for k := range a.Instances {
		if err := wb.instance(at+".Instances["+strconv.Itoa(k)+"]", a.Account.AccountID, &a.Instances[k]); err != nil {
			return err
		}
	}
	return nil
}

// checkAccount checks account a at path at: its ID, its RAM users, its AccessKeys and its
// tokens.
func (wb *worldBuild) checkAccount(at string, a *scenario.WorldAccount) error {
	if err := wb.accountID(at, &a.Account); err != nil {
		return err
	}
	if err := ramUsers(at, a.RAMUsers); err != nil {
		return err
	}
	users := make(map[string]bool, len(a.RAMUsers))
	for _, u := range a.RAMUsers {
		users[u.Name] = true
	}
	if err := checkAccessKeys(at, a.AccessKeys, users, wb.keys); err != nil {
		return err
	}
	return tokensNotAfter(at, a.Tokens, wb.doc.Now)
}

// accountID refuses an account at path at without an ID, with an ID given before, or with a
// RAM user (a world names the caller per request).
func (wb *worldBuild) accountID(at string, a *model.Account) error {
	switch j, dup := wb.accounts[a.AccountID]; {
	case a.AccountID == "":
		return worldError(at+".Account.AccountId", "required")
	case dup:
		return worldError(at+".Account.AccountId", "%q is given twice (also accounts[%d])", clip(a.AccountID), j)
	case a.RAMUser != nil:
		return worldError(at+".Account.RAMUser", "must be absent in a world: the caller is named per request (list the account's users in RamUsers)")
	}
	return nil
}

// ramUsers refuses a RAM user without a name or with a name given before.
func ramUsers(at string, us []model.RAMUser) error {
	names := map[string]bool{}
	for k, u := range us {
		switch {
		case u.Name == "":
			return worldError(at+".RamUsers["+strconv.Itoa(k)+"].Name", "required")
		case names[u.Name]:
			return worldError(at+".RamUsers["+strconv.Itoa(k)+"].Name", "%q is given twice", clip(u.Name))
		}
		names[u.Name] = true
	}
	return nil
}

// tokensNotAfter refuses a token used after the world's now.
func tokensNotAfter(at string, tokens map[string]model.Record, now time.Time) error {
	for _, tok := range slices.Sorted(maps.Keys(tokens)) {
		if r := tokens[tok]; r.At.After(now) {
			return worldError(at+".Tokens["+strconv.Quote(clip(tok))+"].At", "%s is after the world's now %s", r.At.Format(time.RFC3339), now.Format(time.RFC3339))
		}
	}
	return nil
}

// requestCounts is an account's counts of the current minute, each of a throttled API (or
// "", every API) and given once per API and region.
func requestCounts(at string, rcs []scenario.WorldRequestCount) ([]world.RequestCount, error) {
	counts := make([]world.RequestCount, 0, len(rcs))
	seen := map[[2]string]bool{}
	for k, rc := range rcs {
		if err := countError(at+".Requests["+strconv.Itoa(k)+"]", &rc, seen); err != nil {
			return nil, err
		}
		seen[[2]string{rc.API, rc.RegionID}] = true
		counts = append(counts, world.RequestCount{API: rc.API, RegionID: rc.RegionID, Count: rc.Count})
	}
	return counts, nil
}

// countError refuses count rc at path rp of an API not throttled, or of an API and region
// already seen.
func countError(rp string, rc *scenario.WorldRequestCount, seen map[[2]string]bool) error {
	if rc.API != "" && !slices.Contains(apis, rc.API) {
		return worldError(rp+".Api", "unknown API: want one of %s", strings.Join(apis, ", "))
	}
	if seen[[2]string{rc.API, rc.RegionID}] {
		return worldError(rp, "the count of %q in %q is given twice", rc.API, clip(rc.RegionID))
	}
	return nil
}

// instance checks and adds instance in of account id, at path ip.
func (wb *worldBuild) instance(ip, id string, in *model.Instance) error {
	switch other, dup := wb.instances[in.InstanceID]; {
	case in.InstanceID == "":
		return worldError(ip+".InstanceId", "required")
	case dup:
		return worldError(ip+".InstanceId", "%q is given twice (also %s)", clip(in.InstanceID), other)
	}
	wb.instances[in.InstanceID] = ip
	wb.b.AddInstance(id, *in)
	if _, err := wb.b.Build(); err != nil {
		return worldError(ip, "%s", builderReason(err))
	}
	return nil
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
	for _, key := range slices.Sorted(maps.Keys(accessKeys)) {
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
	c := planCheck{pf: pf, w: w, now: w.Now()}
	if err := c.requests(); err != nil {
		return err
	}
	if err := c.rules(); err != nil {
		return err
	}
	return backoffs(&pf.Plan.Options)
}

// planCheck is a plan file being checked against world w, whose moment is now.
type planCheck struct {
	pf  *scenario.PlanFile
	w   world.World
	now time.Time
}

// requestChecks are the checks of a request, in the order a problem is reported.
var requestChecks = []func(c *planCheck, i int) error{
	(*planCheck).moment,
	(*planCheck).instance,
	(*planCheck).caller,
	(*planCheck).targets,
}

// requests checks every request of the plan.
func (c *planCheck) requests() error {
	for i := range c.pf.Plan.Requests {
		for _, check := range requestChecks {
			if err := check(c, i); err != nil {
				return err
			}
		}
	}
	return nil
}

// at is a problem with field of request i: on its line in JSON Lines, at its path otherwise.
func (c *planCheck) at(i int, field, format string, a ...any) error {
	e := &Error{File: "plan", Reason: fmt.Sprintf(format, a...)}
	switch {
	case c.pf.Lines != nil:
		e.Line, e.Path = c.pf.Lines[i], field
	case field != "":
		e.Path = "Requests[" + strconv.Itoa(i) + "]." + field
	default:
		e.Path = "Requests[" + strconv.Itoa(i) + "]"
	}
	return e
}

// moment checks request i's moment: set, not before the world's now nor the previous
// request's.
func (c *planCheck) moment(i int) error {
	rqs := c.pf.Plan.Requests
	t := rqs[i].At
	switch {
	case t.IsZero():
		return c.at(i, "At", "required")
	case t.Before(c.now):
		return c.at(i, "At", "%s is before the world's now %s", rfc(t), rfc(c.now))
	case i > 0 && t.Before(rqs[i-1].At):
		return c.at(i, "At", "%s is before %s %s (requests are in time order)", rfc(t), c.previous(i), rfc(rqs[i-1].At))
	}
	return nil
}

// previous names the request before request i in a message.
func (c *planCheck) previous(i int) string {
	if c.pf.Lines != nil {
		return "line " + strconv.Itoa(c.pf.Lines[i-1]) + "'s"
	}
	return "the previous request's"
}

// instance checks that request i names an instance of the world.
func (c *planCheck) instance(i int) error {
	id := c.pf.Plan.Requests[i].InstanceID
	if id == "" {
		return c.at(i, "InstanceId", "required")
	}
	if _, _, ok := c.w.Instance(id); !ok {
		return c.at(i, "InstanceId", "%q is not an instance of the world", clip(id))
	}
	return nil
}

// caller checks request i's account (the instance's owner when it names none) and RAM user.
func (c *planCheck) caller(i int) error {
	rq := &c.pf.Plan.Requests[i]
	_, acct, _ := c.w.Instance(rq.InstanceID)
	if rq.AccountID != "" {
		acct = rq.AccountID
	}
	st, ok := c.w.Account(acct)
	if !ok {
		return c.at(i, "AccountId", "%q is not an account of the world", clip(rq.AccountID))
	}
	if rq.RAMUser != "" && !slices.ContainsFunc(st.RAMUsers, func(u model.RAMUser) bool { return u.Name == rq.RAMUser }) {
		return c.at(i, "RamUser", "%q is not a RAM user of account %s", clip(rq.RAMUser), acct)
	}
	return nil
}

// targets checks that a change names its targets.
func (c *planCheck) targets(i int) error {
	if rq := &c.pf.Plan.Requests[i]; rq.Operation == plan.OpModify && len(rq.Targets) == 0 {
		return c.at(i, "Targets", "required for %s", plan.OpModify)
	}
	return nil
}

// rules checks every resize rule: targets, a start not before the world's now, and the
// accounts its filter names in the world.
func (c *planCheck) rules() error {
	for k := range c.pf.Plan.Rules {
		r := &c.pf.Plan.Rules[k]
		rp := "Rules[" + strconv.Itoa(k) + "]."
		if err := c.ruleFields(rp, r); err != nil {
			return err
		}
		if err := c.filterAccounts(rp, r); err != nil {
			return err
		}
	}
	return nil
}

// ruleError is a problem at field of the rule at path rp.
func ruleError(rp, field, format string, a ...any) error {
	return &Error{File: "plan", Path: rp + field, Reason: fmt.Sprintf(format, a...)}
}

// ruleFields checks rule r's targets and start.
func (c *planCheck) ruleFields(rp string, r *plan.ResizeRule) error {
	switch {
	case len(r.Targets) == 0:
		return ruleError(rp, "Targets", "required")
	case r.Start.IsZero():
		return ruleError(rp, "Start", "required")
	case r.Start.Before(c.now):
		return ruleError(rp, "Start", "%s is before the world's now %s", rfc(r.Start), rfc(c.now))
	}
	return nil
}

// filterAccounts checks that the accounts rule r's filter names are in the world.
func (c *planCheck) filterAccounts(rp string, r *plan.ResizeRule) error {
	for j, id := range r.Filter.AccountIDs {
		if _, ok := c.w.Account(id); !ok {
			return ruleError(rp, "Filter.AccountIds["+strconv.Itoa(j)+"]", "%q is not an account of the world", clip(id))
		}
	}
	return nil
}

// backoffs checks the options' backoff multipliers.
func backoffs(o *plan.Options) error {
	for i, b := range []*plan.Backoff{o.RetryThrottling, o.WaitOrderProcessing} {
		name := [2]string{"RetryThrottling", "WaitOrderProcessing"}[i]
		if b != nil && b.Multiplier > plan.MaxMultiplier {
			return &Error{File: "plan", Path: "Options." + name + ".Multiplier", Reason: fmt.Sprintf("must be from 0 to %d", plan.MaxMultiplier)}
		}
	}
	return nil
}

func rfc(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }
