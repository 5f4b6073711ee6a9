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
// which are then real, see model.InstanceType.RealPriceRegions); without them it carries none
// and the embedded catalog decides.
package importer

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
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
	dec := json.NewDecoder(bytes.NewReader(b))
	var out []T
	var err error
	if b[0] == '[' {
		err = dec.Decode(&out)
	} else {
		var one T
		err = dec.Decode(&one)
		out = []T{one}
	}
	if err != nil {
		return nil, inputErr(input, "%s", jsonReason(err))
	}
	if dec.More() {
		return nil, inputErr(input, "more than one JSON value (give an array of responses)")
	}
	return out, nil
}

// jsonReason makes encoding/json's errors name the field.
func jsonReason(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		field := te.Field
		if field == "" {
			field = "the document"
		}
		return fmt.Sprintf("%s: a JSON %s where %s is expected", field, te.Value, shapeName(te.Type.String()))
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
	var res Result
	for _, is := range chosen {
		sc, err := im.scenarioOf(is, req, &p, len(chosen) == 1)
		if err != nil {
			return Result{}, err
		}
		res.Scenarios = append(res.Scenarios, sc)
	}
	im.issues = dedupe(im.issues)
	res.Issues = im.issues
	for i := range res.Scenarios {
		s := &res.Scenarios[i]
		s.Description = describe(im.in, im.issues)
		// The catalog, shared by every scenario, is checked once, with the first.
		c := *s
		if i > 0 {
			c.CatalogData = nil
		}
		if err := check(&c); err != nil {
			return Result{}, err
		}
	}
	return res, nil
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
	req := maps.Clone(in.Request)
	if req == nil {
		req = map[string]string{}
	}
	if in.TargetType != "" {
		if t, ok := req[model.ParamInstanceType]; ok && t != in.TargetType {
			return nil, inputErr("request", "InstanceType %q and the target type %q disagree", t, in.TargetType)
		}
		req[model.ParamInstanceType] = in.TargetType
	}
	if req[model.ParamInstanceType] == "" {
		im.issue("request", "no target InstanceType: decide answers MissingParameter (respec targets lists the types)")
	}
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
		var chosen []*instanceShape
		for i := range instances {
			chosen = append(chosen, &instances[i])
		}
		if len(chosen) == 0 {
			return nil, inputErr("instances", "DescribeInstances lists no instance")
		}
		return chosen, nil
	}
	one, err := pick(instances, req[model.ParamInstanceID])
	if err != nil {
		return nil, err
	}
	return []*instanceShape{one}, nil
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
	if im.in.AllInstances || r[model.ParamInstanceID] == "" {
		r[model.ParamInstanceID] = v.InstanceID
	}
	if im.in.AllInstances || r[model.ParamRegionID] == "" {
		r[model.ParamRegionID] = v.RegionID
	}
	sc.Facts.Instance = v
	return sc, nil
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
	d := "Imported by respec import from " + orNone(strings.Join(from, ", ")) + "."
	if len(issues) == 0 {
		return d + " Defaults: none."
	}
	var parts []string
	for _, i := range issues {
		parts = append(parts, i.String())
	}
	return d + " Defaults: " + strings.Join(parts, "; ") + "."
}

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

func (im *importer) instances() ([]instanceShape, error) {
	if im.in.Instances == nil {
		return nil, nil
	}
	ps, err := pages[describeInstances]("instances", im.in.Instances)
	if err != nil {
		return nil, err
	}
	var out []instanceShape
	for _, p := range ps {
		if p.Instances == nil {
			return nil, inputErr("instances", "no Instances.Instance list: is this DescribeInstances output?")
		}
		out = append(out, p.Instances.Instance...)
		if len(out) > MaxItems {
			return nil, inputErr("instances", "more than %d instances", MaxItems)
		}
	}
	seen := map[string]bool{}
	for i := range out {
		id := out[i].InstanceID
		switch {
		case id == "":
			return nil, inputErr("instances", "Instances.Instance[%d]: no InstanceId", i)
		case seen[id]:
			return nil, inputErr("instances", "Instances.Instance[%d]: %s is listed twice", i, id)
		}
		seen[id] = true
	}
	return out, nil
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

// diskShape is one DescribeDisks disk.
type diskShape = struct {
	DiskID           string `json:"DiskId"`
	InstanceID       string `json:"InstanceId"`
	Type             string `json:"Type"`
	Category         string `json:"Category"`
	Size             int    `json:"Size"`
	PerformanceLevel string `json:"PerformanceLevel"`
	Status           string `json:"Status"`
}

func (im *importer) disks() ([]diskShape, error) {
	if im.in.Disks == nil {
		return nil, nil
	}
	ps, err := pages[describeDisks]("disks", im.in.Disks)
	if err != nil {
		return nil, err
	}
	var out []diskShape
	for _, p := range ps {
		if p.Disks == nil {
			return nil, inputErr("disks", "no Disks.Disk list: is this DescribeDisks output?")
		}
		out = append(out, p.Disks.Disk...)
		if len(out) > MaxItems {
			return nil, inputErr("disks", "more than %d disks", MaxItems)
		}
	}
	return out, nil
}

// eniShape is one DescribeNetworkInterfaces interface.
type eniShape = struct {
	NetworkInterfaceID string       `json:"NetworkInterfaceId"`
	InstanceID         string       `json:"InstanceId"`
	Type               string       `json:"Type"`
	QueueNumber        int          `json:"QueueNumber"`
	PrivateIPSets      *privateIPs  `json:"PrivateIpSets"`
	IPv6Sets           *ipv6Address `json:"Ipv6Sets"`
}

func (im *importer) enis() ([]eniShape, error) {
	if im.in.ENIs == nil {
		return nil, nil
	}
	ps, err := pages[describeNetworkInterfaces]("enis", im.in.ENIs)
	if err != nil {
		return nil, err
	}
	var out []eniShape
	for _, p := range ps {
		if p.NetworkInterfaceSets == nil {
			return nil, inputErr("enis", "no NetworkInterfaceSets.NetworkInterfaceSet list: is this DescribeNetworkInterfaces output?")
		}
		out = append(out, p.NetworkInterfaceSets.NetworkInterfaceSet...)
		if len(out) > MaxItems {
			return nil, inputErr("enis", "more than %d network interfaces", MaxItems)
		}
	}
	return out, nil
}

func (im *importer) orders() ([]orderShape, error) {
	if im.in.Orders == nil {
		return nil, nil
	}
	ps, err := pages[orderList]("orders", im.in.Orders)
	if err != nil {
		return nil, err
	}
	byID := map[string]int{}
	var out []orderShape
	for _, p := range ps {
		if p.Success != nil && !*p.Success {
			return nil, inputErr("orders", "the call failed: %s %s", p.Code, p.Message)
		}
		if p.Data == nil || p.Data.OrderList == nil {
			return nil, inputErr("orders", "no Data.OrderList.Order list: is this QueryOrders or GetOrderDetail output?")
		}
		for _, o := range p.Data.OrderList.Order {
			if o.OrderID == "" {
				return nil, inputErr("orders", "an order has no OrderId")
			}
			if k, ok := byID[o.OrderID]; ok {
				// The same order from QueryOrders and GetOrderDetail: the detail has more.
				if o.UsageStartTime != "" || o.InstanceIDs != "" || o.Config != "" {
					out[k] = o
				}
				continue
			}
			byID[o.OrderID] = len(out)
			out = append(out, o)
			if len(out) > MaxItems {
				return nil, inputErr("orders", "more than %d orders", MaxItems)
			}
		}
	}
	return out, nil
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
	in := "instances"
	inst := model.Instance{
		InstanceID:   is.InstanceID,
		RegionID:     is.RegionID,
		ZoneID:       is.ZoneID,
		Status:       model.Status(is.Status),
		ChargeType:   is.InstanceChargeType,
		SpotStrategy: is.SpotStrategy,
		InstanceType: is.InstanceType,
		OSType:       strings.ToLower(is.OSType),
		NetworkType:  is.InstanceNetworkType,
		Image:        model.Image{ImageID: is.ImageID},
	}
	var err error
	if is.CreationTime != "" {
		if inst.CreationTime, err = apiTime(in, is.InstanceID+".CreationTime", is.CreationTime); err != nil {
			return inst, err
		}
	} else {
		im.issue(in, "%s has no CreationTime: the zero time", is.InstanceID)
	}
	if is.ExpiredTime != "" {
		if inst.ExpiredTime, err = apiTime(in, is.InstanceID+".ExpiredTime", is.ExpiredTime); err != nil {
			return inst, err
		}
	} else {
		im.issue(in, "%s has no ExpiredTime: the zero time (the instance counts as expired)", is.InstanceID)
	}
	if is.EipAddress != nil {
		inst.EIPAddress = is.EipAddress.IPAddress
	}
	if is.HibernationOptions != nil {
		inst.HibernationConfigured = is.HibernationOptions.Configured
	}
	if is.LocalStorageAmount != nil {
		inst.LocalDisks = *is.LocalStorageAmount
	}
	if is.OperationLocks != nil {
		for _, l := range is.OperationLocks.LockReason {
			if l.LockReason != "" {
				inst.OperationLocks = append(inst.OperationLocks, l.LockReason)
			}
		}
	}
	im.attachDisks(&inst, disks)
	im.attachENIs(&inst, is, enis)
	if err := im.attachOrders(&inst, orders, single, cat); err != nil {
		return inst, err
	}
	return inst, nil
}

func (im *importer) attachDisks(inst *model.Instance, disks []diskShape) {
	if im.in.Disks == nil {
		inst.SystemDisk = &model.Disk{Category: defaultSystemDiskCategory, SizeGiB: defaultSystemDiskGiB}
		im.issue("disks", "no DescribeDisks output: a %d GiB %s system disk, no data disks", defaultSystemDiskGiB, defaultSystemDiskCategory)
		return
	}
	for _, d := range disks {
		if d.InstanceID != inst.InstanceID {
			continue
		}
		if strings.HasPrefix(d.Category, "local") || strings.HasPrefix(d.Category, "ephemeral") {
			if inst.LocalDisks == 0 {
				inst.LocalDisks = 1
			}
			continue
		}
		md := model.Disk{DiskID: d.DiskID, Category: d.Category, SizeGiB: d.Size, PerformanceLevel: d.PerformanceLevel}
		if strings.EqualFold(d.Type, "system") {
			md.Detached = d.Status == "Available"
			inst.SystemDisk = &md
			continue
		}
		inst.DataDisks = append(inst.DataDisks, md)
	}
	if inst.SystemDisk == nil {
		im.issue("disks", "DescribeDisks lists no system disk of %s: it has none (decide answers InvalidInstance.NotFoundSystemDisk)", inst.InstanceID)
	}
}

func countIPv4(p *privateIPs) int {
	if p == nil || len(p.PrivateIPSet) == 0 {
		return 1 // the primary private address every interface has
	}
	return len(p.PrivateIPSet)
}

func countIPv6(p *ipv6Address) int {
	if p == nil {
		return 0
	}
	return len(p.IPv6Set)
}

func (im *importer) attachENIs(inst *model.Instance, is *instanceShape, enis []eniShape) {
	if im.in.ENIs != nil {
		for _, e := range enis {
			if e.InstanceID != inst.InstanceID {
				continue
			}
			inst.ENIs = append(inst.ENIs, model.ENI{ENIID: e.NetworkInterfaceID, Primary: e.Type == "Primary",
				PrivateIPv4: countIPv4(e.PrivateIPSets), IPv6: countIPv6(e.IPv6Sets), QueueNumber: e.QueueNumber})
		}
	} else if is.NetworkInterfaces != nil {
		im.issue("enis", "no DescribeNetworkInterfaces output: the interfaces DescribeInstances lists, at their types' default queue numbers")
		for _, e := range is.NetworkInterfaces.NetworkInterface {
			inst.ENIs = append(inst.ENIs, model.ENI{ENIID: e.NetworkInterfaceID, Primary: e.Type == "Primary",
				PrivateIPv4: countIPv4(e.PrivateIPSets), IPv6: countIPv6(e.IPv6Sets)})
		}
	} else {
		im.issue("enis", "no network interfaces listed for %s: none", inst.InstanceID)
	}
	if len(inst.ENIs) == 1 {
		inst.ENIs[0].Primary = true
	}
}
