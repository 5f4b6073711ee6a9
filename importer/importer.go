// Package importer builds scenarios from what the aliyun CLI and the official SDKs print:
// DescribeInstances, DescribeDisks, DescribeNetworkInterfaces, DescribeInstanceTypes,
// DescribeAvailableResource or DescribeResourcesModification (stock), DescribePrice (list
// prices) and the billing API's QueryOrders or GetOrderDetail (the order history).
//
// It is pure: bytes in, scenario values out, with the list of what was missing or defaulted
// (Result.Issues, also written in each scenario's description). It reads no file, clock or
// environment: the caller passes the moment and the documents.
//
// Every input is optional. Each is one response as the API returns it (the aliyun CLI's
// output) or a JSON array of such responses (the pages of a paged call). What no input gives
// is defaulted, and each default is an Issue:
//
//   - no DescribeInstances: the scenario has no instance;
//   - no DescribeDisks: a 40 GiB cloud_essd system disk and no data disks;
//   - no DescribeNetworkInterfaces: the ENIs DescribeInstances lists, with no queue numbers;
//   - no order list: one assumed purchase order of a subscription instance's type, from its
//     CreationTime to its ExpiredTime at the catalog's monthly price times the months it
//     spans, paid in full from the balance (without any, a subscription instance is refused
//     with InvalidInstance.PurchaseNotFound, which is not what the instance would get); an
//     order without a payment method is paid from the balance; one without its usage period
//     (QueryOrders), from its payment to the instance's expiry;
//   - no balance: 0;
//   - no target type: the request has no InstanceType (decide answers MissingParameter;
//     targets lists the types);
//   - the facts no ECS or billing API prints (a starter package, the image's authorization,
//     RAM, quotas, tickets): their defaults, as the scenario format documents them.
//
// With DescribeInstanceTypes, stock or prices, the scenario carries a catalog: Input.Base with
// those applied (the types' published limits, the zones' StatusCategory, the list prices,
// which are then real, see model.InstanceType.RealPriceRegions; a price per week or hour is
// converted to a month at 30 days of 24 hours and stays illustrative); without them it
// carries none and the embedded catalog decides.
package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/scenario"
)

// MaxInputBytes is the largest document read for one input.
const MaxInputBytes = 32 << 20

// MaxItems is the most entries (instances, disks, interfaces, types, zones, prices, orders)
// one input may list, over all its pages.
const MaxItems = 100_000

// Input is what Import reads. Every document is optional (nil).
type Input struct {
	// Now is the moment of the request; required.
	Now time.Time
	// NowDefaulted says the caller chose Now itself (the command line's clock): an Issue
	// says so.
	NowDefaulted bool
	// Request is the request's wire parameters; InstanceId and RegionId are filled from the
	// instance when absent. It is not changed.
	Request map[string]string
	// TargetType is the InstanceType to change to; it may also be given in Request (both:
	// they must agree).
	TargetType string
	// Balance is the account's balance ("" when unknown: 0, with an Issue).
	Balance string
	// AccountID is the account's ID ("" when unknown).
	AccountID string
	// AllInstances makes one scenario per instance of DescribeInstances, in its order, instead
	// of one for the request's InstanceId.
	AllInstances bool
	// Base is the catalog the imported types, stock and prices apply over; nil means the
	// embedded default.
	Base *model.Catalog

	Instances, Disks, ENIs, Types, Stock, Prices, Orders []byte
}

// Issue is something an input did not give and Import defaulted, or gave and Import did not
// use.
type Issue struct {
	// Input is the input concerned: "now", "request", "instances", "disks", "enis", "types",
	// "stock", "prices", "orders", "account".
	Input string
	// Message says what was missing and what was assumed.
	Message string
}

// String returns "input: message".
func (i Issue) String() string { return i.Input + ": " + i.Message }

// Result is what Import built.
type Result struct {
	// Scenarios are the scenarios, one unless Input.AllInstances; each is a valid scenario
	// document (scenario.Encode, then scenario.Decode and scenario.Prepare accept it).
	Scenarios []scenario.Scenario
	// Issues lists what was missing or defaulted, in input order.
	Issues []Issue
}

// Error is an input Import cannot use: not JSON, the wrong shape, a value out of range, too
// large. It names the input and, where it can, the field.
type Error struct {
	Input  string
	Reason string
}

// Error returns "import: input: reason".
func (e *Error) Error() string { return "import: " + e.Input + ": " + e.Reason }

func inputErr(input, format string, a ...any) error {
	return &Error{Input: input, Reason: fmt.Sprintf(format, a...)}
}

// defaults of what no input gives.
const (
	defaultSystemDiskCategory = model.DiskCloudESSD
	defaultSystemDiskGiB      = 40
)

// Import builds the scenarios. The error is an *Error for an input it cannot use.
func Import(in Input) (Result, error) {
	im := &importer{in: in}
	return im.run()
}

type importer struct {
	in     Input
	issues []Issue
}

func (im *importer) issue(input, format string, a ...any) {
	im.issues = append(im.issues, Issue{Input: input, Message: fmt.Sprintf(format, a...)})
}

// pages decodes b as one T or a JSON array of T.
func pages[T any](input string, b []byte) ([]T, error) {
	b, err := document(input, b)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	out, err := decodePages[T](dec, b[0] == '[')
	if err != nil {
		return nil, inputErr(input, "%s", jsonReason(err))
	}
	if dec.More() {
		return nil, inputErr(input, "more than one JSON value (give an array of responses)")
	}
	return out, nil
}

// document returns the input b without its surrounding space: at most MaxInputBytes, not
// empty, UTF-8.
func document(input string, b []byte) ([]byte, error) {
	if len(b) > MaxInputBytes {
		return nil, inputErr(input, "%d bytes, more than %d MiB", len(b), MaxInputBytes>>20)
	}
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil, inputErr(input, "empty: expected the response's JSON (an object) or an array of responses")
	}
	if !utf8.Valid(b) {
		return nil, inputErr(input, "not UTF-8")
	}
	return b, nil
}

// decodePages decodes the next value of dec: an array of T when array, else one T.
func decodePages[T any](dec *json.Decoder, array bool) ([]T, error) {
	var out []T
	if array {
		err := dec.Decode(&out)
		return out, err
	}
	var one T
	err := dec.Decode(&one)
	return []T{one}, err
}

// jsonReason makes encoding/json's errors name the field.
func jsonReason(err error) string {
	if r, ok := catalog.TypeErrorReason(err, func(t reflect.Type) string { return shapeName(t.String()) }); ok {
		return r
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fmt.Sprintf("not JSON at byte %d: %s", se.Offset, strings.TrimPrefix(se.Error(), "json: "))
	}
	return "not JSON: " + strings.TrimPrefix(err.Error(), "json: ")
}

// shapeName names a Go type as JSON would.
func shapeName(t string) string {
	switch {
	case strings.HasPrefix(t, "[]"):
		return "an array"
	case strings.Contains(t, "struct") || strings.HasPrefix(t, "importer.") || strings.HasPrefix(t, "map"):
		return "an object"
	case t == "string" || t == "json.Number":
		return "a string"
	case t == "bool":
		return "a boolean"
	case strings.HasPrefix(t, "int") || strings.HasPrefix(t, "*int"):
		return "an integer (of at most 18 digits)"
	}
	return "a number"
}

// apiTime parses the times the APIs print: RFC 3339, and the ECS API's minutes-only
// "2027-06-01T16:00Z".
func apiTime(input, field, s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, inputErr(input, "%s: %q is not a time (want 2006-01-02T15:04Z or RFC 3339)", field, s)
}

// amount parses a decimal amount the APIs print.
func amount(input, field, s string) (decimal.Decimal, error) {
	if len(s) > 64 {
		return decimal.Decimal{}, inputErr(input, "%s: longer than 64 characters", field)
	}
	d, err := decimal.NewFromString(strings.TrimSpace(s))
	if err == nil {
		err = model.CheckDecimal(d, false)
	}
	if err != nil {
		return decimal.Decimal{}, inputErr(input, "%s: %q is not an amount (%v)", field, s, err)
	}
	return d, nil
}

// parsed is everything the import read from its inputs.
type parsed struct {
	instances []instanceShape
	disks     []diskShape
	enis      []eniShape
	orders    []orderShape
	cat       *model.CatalogData
	acct      model.Account
}

// run imports: the request, the inputs, one scenario per instance chosen, each checked.
func (im *importer) run() (Result, error) {
	req, err := im.request()
	if err != nil {
		return Result{}, err
	}
	p, err := im.parse()
	if err != nil {
		return Result{}, err
	}
	chosen, err := im.choose(p.instances, req)
	if err != nil {
		return Result{}, err
	}
	res := Result{}
	if res.Scenarios, err = im.scenarios(chosen, req, &p); err != nil {
		return Result{}, err
	}
	im.issues = dedupe(im.issues)
	res.Issues = im.issues
	return res, im.finish(res.Scenarios)
}

// scenarios returns the scenario of each instance chosen.
func (im *importer) scenarios(chosen []*instanceShape, req map[string]string, p *parsed) ([]scenario.Scenario, error) {
	var out []scenario.Scenario
	for _, is := range chosen {
		sc, err := im.scenarioOf(is, req, p, len(chosen) == 1)
		if err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	return out, nil
}

// finish describes each scenario (the sources and every default) and checks it.
func (im *importer) finish(scs []scenario.Scenario) error {
	for i := range scs {
		s := &scs[i]
		s.Description = describe(im.in, im.issues)
		// The catalog, shared by every scenario, is checked once, with the first.
		c := *s
		if i > 0 {
			c.CatalogData = nil
		}
		if err := check(&c); err != nil {
			return err
		}
	}
	return nil
}

// request checks the moment and returns the request, with the target type in it.
func (im *importer) request() (map[string]string, error) {
	in := im.in
	if in.Now.IsZero() {
		return nil, inputErr("now", "no moment given")
	}
	if in.NowDefaulted {
		im.issue("now", "not given: the moment of the import, %s", in.Now.UTC().Format(time.RFC3339))
	}
	req, err := withTarget(in.Request, in.TargetType)
	if err == nil && req[model.ParamInstanceType] == "" {
		im.issue("request", "no target InstanceType: decide answers MissingParameter (respec targets lists the types)")
	}
	return req, err
}

// withTarget returns a copy of the request with the target type as its InstanceType (when
// given: the request's, if any, must agree).
func withTarget(request map[string]string, target string) (map[string]string, error) {
	req := maps.Clone(request)
	if req == nil {
		req = map[string]string{}
	}
	if target == "" {
		return req, nil
	}
	if t, ok := req[model.ParamInstanceType]; ok && t != target {
		return nil, inputErr("request", "InstanceType %q and the target type %q disagree", t, target)
	}
	req[model.ParamInstanceType] = target
	return req, nil
}

// parse reads every input, in the order their errors are reported.
func (im *importer) parse() (parsed, error) {
	var p parsed
	var err error
	if p.instances, err = im.instances(); err != nil {
		return p, err
	}
	if p.disks, err = im.disks(); err != nil {
		return p, err
	}
	if p.enis, err = im.enis(); err != nil {
		return p, err
	}
	if p.orders, err = im.orders(); err != nil {
		return p, err
	}
	if p.cat, err = im.catalog(); err != nil {
		return p, err
	}
	p.acct, err = im.account()
	return p, err
}

// choose returns the instances to import: none (a nil entry: a scenario without an
// instance) without DescribeInstances output, all of them with AllInstances, else the one
// the request names.
func (im *importer) choose(instances []instanceShape, req map[string]string) ([]*instanceShape, error) {
	switch {
	case im.in.Instances == nil:
		im.issue("instances", "no DescribeInstances output: the scenario has no instance (decide answers InvalidInstanceId.NotFound)")
		return []*instanceShape{nil}, nil
	case im.in.AllInstances:
		return every(instances)
	}
	one, err := pick(instances, req[model.ParamInstanceID])
	if err != nil {
		return nil, err
	}
	return []*instanceShape{one}, nil
}

// every returns each of the instances, at least one.
func every(instances []instanceShape) ([]*instanceShape, error) {
	if len(instances) == 0 {
		return nil, inputErr("instances", "DescribeInstances lists no instance")
	}
	chosen := make([]*instanceShape, len(instances))
	for i := range instances {
		chosen[i] = &instances[i]
	}
	return chosen, nil
}

// scenarioOf is the scenario of the instance is (nil: none), its request naming it.
func (im *importer) scenarioOf(is *instanceShape, req map[string]string, p *parsed, single bool) (scenario.Scenario, error) {
	r := maps.Clone(req)
	sc := scenario.Scenario{Now: im.in.Now.UTC(), Request: r, Policy: model.PolicyCurrent(), CatalogData: p.cat}
	sc.Facts.Account = p.acct
	if is == nil {
		return sc, nil
	}
	v, err := im.instance(is, p.disks, p.enis, p.orders, single, p.cat)
	if err != nil {
		return scenario.Scenario{}, err
	}
	im.name(r, model.ParamInstanceID, v.InstanceID)
	im.name(r, model.ParamRegionID, v.RegionID)
	sc.Facts.Instance = v
	return sc, nil
}

// name sets the request's parameter key to the instance's value: always with AllInstances
// (each scenario names its own instance), else when the request does not give it.
func (im *importer) name(r map[string]string, key, value string) {
	if im.in.AllInstances || r[key] == "" {
		r[key] = value
	}
}

// dedupe drops repeated issues (one per instance in AllInstances), keeping the first.
func dedupe(list []Issue) []Issue {
	seen := map[Issue]bool{}
	var out []Issue
	for _, i := range list {
		if !seen[i] {
			seen[i] = true
			out = append(out, i)
		}
	}
	return out
}

// describe writes the description line: the sources read and every default.
func describe(in Input, issues []Issue) string {
	d := "Imported by respec import from " + orNone(strings.Join(in.sources(), ", ")) + "."
	if len(issues) == 0 {
		return d + " Defaults: none."
	}
	var parts []string
	for _, i := range issues {
		parts = append(parts, i.String())
	}
	return d + " Defaults: " + strings.Join(parts, "; ") + "."
}

// sources names the responses given, in the order of Input's fields.
func (in *Input) sources() []string {
	var from []string
	for _, s := range []struct {
		b    []byte
		name string
	}{
		{in.Instances, "DescribeInstances"}, {in.Disks, "DescribeDisks"}, {in.ENIs, "DescribeNetworkInterfaces"},
		{in.Types, "DescribeInstanceTypes"}, {in.Stock, "stock (DescribeAvailableResource/DescribeResourcesModification)"},
		{in.Prices, "DescribePrice"}, {in.Orders, "orders (QueryOrders/GetOrderDetail)"},
	} {
		if s.b != nil {
			from = append(from, s.name)
		}
	}
	return from
}

// catalogGiven reports whether a response the catalog is built from is given: types, stock
// or prices.
func (in *Input) catalogGiven() bool { return in.Types != nil || in.Stock != nil || in.Prices != nil }

func orNone(s string) string {
	if s == "" {
		return "no API output"
	}
	return s
}

// check proves s is a valid scenario document: it encodes, decodes and prepares.
func check(s *scenario.Scenario) error {
	b, err := scenario.Encode(*s)
	if err != nil {
		return inputErr("scenario", "the imported values do not make a valid scenario: %v", err)
	}
	back, err := scenario.Decode(b)
	if err != nil {
		return inputErr("scenario", "the imported values do not make a valid scenario: %v", err)
	}
	if _, err := scenario.Prepare(&back, catalog.Default()); err != nil {
		return inputErr("scenario", "the imported catalog is not valid: %v", err)
	}
	return nil
}

// eachEntry reads the pages of input (one response of type P, or a JSON array of them) and
// calls fn with each entry of each page's list, in order, until fn fails. list returns a
// page's entries, or the error of a page that is not the response expected. Nothing given
// (nil): no entry.
func eachEntry[P, E any](input string, b []byte, list func(*P) ([]E, error), fn func(*E) error) error {
	if b == nil {
		return nil
	}
	ps, err := pages[P](input, b)
	if err != nil {
		return err
	}
	return eachOf(ps, func(p *P) error {
		es, err := list(p)
		if err != nil {
			return err
		}
		return eachOf(es, fn)
	})
}

// eachOf calls fn with each entry of es, in order, until fn fails.
func eachOf[E any](es []E, fn func(*E) error) error {
	for i := range es {
		if err := fn(&es[i]); err != nil {
			return err
		}
	}
	return nil
}

// collect returns the entries of input's pages (eachEntry), at most MaxItems (noun names
// them).
func collect[P, E any](input string, b []byte, list func(*P) ([]E, error), noun string) ([]E, error) {
	var out []E
	c := counter{input: input, noun: noun}
	err := eachEntry(input, b, list, func(e *E) error {
		out = append(out, *e)
		return c.count()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// counter counts the entries of an input against MaxItems.
type counter struct {
	input, noun string
	n           int
}

// count counts one more entry: an error past MaxItems.
func (c *counter) count() error {
	if c.n++; c.n > MaxItems {
		return inputErr(c.input, "more than %d %s", MaxItems, c.noun)
	}
	return nil
}

// The lists of the responses eachEntry reads, each with the error of a page without it.

// notThe is the error of a page of input without its list: not the response expected.
func notThe(input, list, response string) error {
	return inputErr(input, "no %s list: is this %s output?", list, response)
}

// listed returns the page's list when it has one (has), else notThe(input, name, response).
func listed[E any](has bool, list func() []E, input, name, response string) ([]E, error) {
	if !has {
		return nil, notThe(input, name, response)
	}
	return list(), nil
}

// list returns DescribeInstances' instances.
func (p *describeInstances) list() ([]instanceShape, error) {
	return listed(p.Instances != nil, func() []instanceShape { return p.Instances.Instance }, "instances", "Instances.Instance", "DescribeInstances")
}

// list returns DescribeDisks' disks.
func (p *describeDisks) list() ([]diskShape, error) {
	return listed(p.Disks != nil, func() []diskShape { return p.Disks.Disk }, "disks", "Disks.Disk", "DescribeDisks")
}

// list returns DescribeNetworkInterfaces' interfaces.
func (p *describeNetworkInterfaces) list() ([]eniShape, error) {
	return listed(p.NetworkInterfaceSets != nil, func() []eniShape { return p.NetworkInterfaceSets.NetworkInterfaceSet },
		"enis", "NetworkInterfaceSets.NetworkInterfaceSet", "DescribeNetworkInterfaces")
}

// list returns DescribeInstanceTypes' types.
func (p *describeInstanceTypes) list() ([]instanceTypeShape, error) {
	return listed(p.InstanceTypes != nil, func() []instanceTypeShape { return p.InstanceTypes.InstanceType },
		"types", "InstanceTypes.InstanceType", "DescribeInstanceTypes")
}

// list returns the zones of DescribeAvailableResource or DescribeResourcesModification.
func (p *availableZones) list() ([]zoneShape, error) {
	return listed(p.AvailableZones != nil, func() []zoneShape { return p.AvailableZones.AvailableZone },
		"stock", "AvailableZones.AvailableZone", "DescribeAvailableResource or DescribeResourcesModification")
}

// list returns the orders of a page: an error when the page says the call failed.
func (p *orderList) list() ([]orderShape, error) {
	switch {
	case p.Success != nil && !*p.Success:
		return nil, inputErr("orders", "the call failed: %s %s", p.Code, p.Message)
	case p.Data == nil || p.Data.OrderList == nil:
		return nil, notThe("orders", "Data.OrderList.Order", "QueryOrders or GetOrderDetail")
	}
	return p.Data.OrderList.Order, nil
}

// instances reads DescribeInstances: every instance, each with its own InstanceId.
func (im *importer) instances() ([]instanceShape, error) {
	out, err := collect("instances", im.in.Instances, (*describeInstances).list, "instances")
	if err != nil {
		return nil, err
	}
	return out, uniqueIDs(out)
}

// uniqueIDs checks that every instance has an InstanceId, listed once.
func uniqueIDs(list []instanceShape) error {
	seen := map[string]bool{}
	for i := range list {
		id := list[i].InstanceID
		switch {
		case id == "":
			return inputErr("instances", "Instances.Instance[%d]: no InstanceId", i)
		case seen[id]:
			return inputErr("instances", "Instances.Instance[%d]: %s is listed twice", i, id)
		}
		seen[id] = true
	}
	return nil
}

// pick returns the instance called id, or the only one when id is "".
func pick(list []instanceShape, id string) (*instanceShape, error) {
	if id == "" {
		if len(list) == 1 {
			return &list[0], nil
		}
		return nil, inputErr("instances", "DescribeInstances lists %d instances: say which with InstanceId in the request (or import them all)", len(list))
	}
	for i := range list {
		if list[i].InstanceID == id {
			return &list[i], nil
		}
	}
	return nil, inputErr("instances", "DescribeInstances does not list %s", id)
}

// disks reads DescribeDisks.
func (im *importer) disks() ([]diskShape, error) {
	return collect("disks", im.in.Disks, (*describeDisks).list, "disks")
}

// enis reads DescribeNetworkInterfaces.
func (im *importer) enis() ([]eniShape, error) {
	return collect("enis", im.in.ENIs, (*describeNetworkInterfaces).list, "network interfaces")
}

// orders reads the order list: the orders of every page, each once.
func (im *importer) orders() ([]orderShape, error) {
	l := orderLedger{byID: map[string]int{}, counter: counter{input: "orders", noun: "orders"}}
	if err := eachEntry("orders", im.in.Orders, (*orderList).list, l.add); err != nil {
		return nil, err
	}
	return l.out, nil
}

// orderLedger collects the orders of a list, each once.
type orderLedger struct {
	out  []orderShape
	byID map[string]int
	counter
}

// detailed reports whether o has GetOrderDetail's fields.
func (o *orderShape) detailed() bool {
	return o.UsageStartTime != "" || o.InstanceIDs != "" || o.Config != ""
}

// add adds o, or, for an order listed again (by GetOrderDetail after QueryOrders), replaces
// the first listing when o has the detail's fields.
func (l *orderLedger) add(o *orderShape) error {
	if o.OrderID == "" {
		return inputErr("orders", "an order has no OrderId")
	}
	if k, ok := l.byID[o.OrderID]; ok {
		if o.detailed() {
			l.out[k] = *o
		}
		return nil
	}
	l.byID[o.OrderID] = len(l.out)
	l.out = append(l.out, *o)
	return l.count()
}

func (im *importer) account() (model.Account, error) {
	a := model.Account{AccountID: im.in.AccountID}
	if im.in.Balance == "" {
		im.issue("account", "no balance given: 0 (an AutoPay upgrade's order is then abnormal)")
		return a, nil
	}
	b, err := amount("account", "balance", im.in.Balance)
	if err != nil {
		return a, err
	}
	a.Balance = b
	return a, nil
}

// instance builds the model instance of is, with its disks, interfaces and orders.
// single says is the only instance imported (orders that name no instance are its own).
func (im *importer) instance(is *instanceShape, disks []diskShape, enis []eniShape, orders []orderShape, single bool, cat *model.CatalogData) (model.Instance, error) {
	inst := model.Instance{
		InstanceID:     is.InstanceID,
		RegionID:       is.RegionID,
		ZoneID:         is.ZoneID,
		Status:         model.Status(is.Status),
		ChargeType:     is.InstanceChargeType,
		SpotStrategy:   is.SpotStrategy,
		InstanceType:   is.InstanceType,
		OSType:         strings.ToLower(is.OSType),
		NetworkType:    is.InstanceNetworkType,
		Image:          model.Image{ImageID: is.ImageID},
		OperationLocks: is.lockReasons(),
	}
	var err error
	if inst.CreationTime, err = im.instanceTime(is.InstanceID, "CreationTime", is.CreationTime, ""); err != nil {
		return inst, err
	}
	if inst.ExpiredTime, err = im.instanceTime(is.InstanceID, "ExpiredTime", is.ExpiredTime, " (the instance counts as expired)"); err != nil {
		return inst, err
	}
	is.optionalFacts(&inst)
	im.attachDisks(&inst, disks)
	im.attachENIs(&inst, is, enis)
	return inst, im.attachOrders(&inst, orders, single, cat)
}

// instanceTime reads the instance's time field, or, when DescribeInstances gives none, takes
// the zero time and says so (and what that means).
func (im *importer) instanceTime(id, field, value, means string) (time.Time, error) {
	if value == "" {
		im.issue("instances", "%s has no %s: the zero time%s", id, field, means)
		return time.Time{}, nil
	}
	return apiTime("instances", id+"."+field, value)
}

// optionalFacts sets what DescribeInstances may leave out: the EIP, hibernation, local
// disks.
func (is *instanceShape) optionalFacts(inst *model.Instance) {
	if is.EipAddress != nil {
		inst.EIPAddress = is.EipAddress.IPAddress
	}
	if is.HibernationOptions != nil {
		inst.HibernationConfigured = is.HibernationOptions.Configured
	}
	if is.LocalStorageAmount != nil {
		inst.LocalDisks = *is.LocalStorageAmount
	}
}

// lockReasons returns the instance's operation lock reasons, those given.
func (is *instanceShape) lockReasons() []string {
	if is.OperationLocks == nil {
		return nil
	}
	var out []string
	for _, l := range is.OperationLocks.LockReason {
		if l.LockReason != "" {
			out = append(out, l.LockReason)
		}
	}
	return out
}

// attachDisks gives inst its disks from DescribeDisks, or the default system disk without it.
func (im *importer) attachDisks(inst *model.Instance, disks []diskShape) {
	if im.in.Disks == nil {
		inst.SystemDisk = &model.Disk{Category: defaultSystemDiskCategory, SizeGiB: defaultSystemDiskGiB}
		im.issue("disks", "no DescribeDisks output: a %d GiB %s system disk, no data disks", defaultSystemDiskGiB, defaultSystemDiskCategory)
		return
	}
	for i := range disks {
		if disks[i].InstanceID == inst.InstanceID {
			attachDisk(inst, &disks[i])
		}
	}
	if inst.SystemDisk == nil {
		im.issue("disks", "DescribeDisks lists no system disk of %s: it has none (decide answers InvalidInstance.NotFoundSystemDisk)", inst.InstanceID)
	}
}

// attachDisk adds the disk d to inst: a local disk counts (at least one), the system disk
// and the data disks are listed.
func attachDisk(inst *model.Instance, d *diskShape) {
	md := model.Disk{DiskID: d.DiskID, Category: d.Category, SizeGiB: d.Size, PerformanceLevel: d.PerformanceLevel}
	switch {
	case strings.HasPrefix(d.Category, "local") || strings.HasPrefix(d.Category, "ephemeral"):
		if inst.LocalDisks == 0 {
			inst.LocalDisks = 1
		}
	case strings.EqualFold(d.Type, "system"):
		md.Detached = d.Status == "Available"
		inst.SystemDisk = &md
	default:
		inst.DataDisks = append(inst.DataDisks, md)
	}
}

// countIPv4 counts an interface's private IPv4 addresses (at least its primary one).
func countIPv4(p *privateIPs) int {
	if p == nil || len(p.PrivateIPSet) == 0 {
		return 1 // the primary private address every interface has
	}
	return len(p.PrivateIPSet)
}

// countIPv6 counts an interface's IPv6 addresses.
func countIPv6(p *ipv6Address) int {
	if p == nil {
		return 0
	}
	return len(p.IPv6Set)
}

// eni returns the interface as the model has it, with queues queues.
func (e *eniFields) eni(queues int) model.ENI {
	return model.ENI{ENIID: e.NetworkInterfaceID, Primary: e.Type == "Primary",
		PrivateIPv4: countIPv4(e.PrivateIPSets), IPv6: countIPv6(e.IPv6Sets), QueueNumber: queues}
}

// attachENIs gives inst its interfaces: DescribeNetworkInterfaces', else those
// DescribeInstances lists (at the types' default queue numbers); the only one is primary.
func (im *importer) attachENIs(inst *model.Instance, is *instanceShape, enis []eniShape) {
	switch {
	case im.in.ENIs != nil:
		inst.ENIs = interfacesOf(inst.InstanceID, enis)
	case is.NetworkInterfaces != nil:
		im.issue("enis", "no DescribeNetworkInterfaces output: the interfaces DescribeInstances lists, at their types' default queue numbers")
		inst.ENIs = is.interfaces()
	default:
		im.issue("enis", "no network interfaces listed for %s: none", inst.InstanceID)
	}
	if len(inst.ENIs) == 1 {
		inst.ENIs[0].Primary = true
	}
}

// interfacesOf returns the interfaces of enis attached to the instance id, with their queues.
func interfacesOf(id string, enis []eniShape) []model.ENI {
	var out []model.ENI
	for i := range enis {
		if enis[i].InstanceID == id {
			out = append(out, enis[i].eni(enis[i].QueueNumber))
		}
	}
	return out
}

// interfaces returns the interfaces DescribeInstances lists, without queue numbers.
func (is *instanceShape) interfaces() []model.ENI {
	var out []model.ENI
	for i := range is.NetworkInterfaces.NetworkInterface {
		out = append(out, is.NetworkInterfaces.NetworkInterface[i].eni(0))
	}
	return out
}
