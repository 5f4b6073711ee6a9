package endpoint

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/respec-dev/respec/server"
	"github.com/respec-dev/respec/world"
	"github.com/shopspring/decimal"
)

// Actions returns the actions the backend serves (server.Backend).
func (b *Backend) Actions() []server.Action {
	return []server.Action{
		{Name: server.ActionModifyPrepayInstanceSpec, Handle: b.modify},
		{Name: server.ActionDescribeResourcesModification, Required: []string{"RegionId", "ResourceId"}, Handle: b.reading(describeResourcesModification)},
		{Name: server.ActionDescribeInstanceModificationPrice, Required: []string{"RegionId", "InstanceId"}, Handle: b.reading(describePrice)},
		{Name: server.ActionDescribeInstances, Required: []string{"RegionId"}, Handle: b.reading(describeInstances)},
		{Name: server.ActionDescribeInstanceAttribute, Required: []string{"InstanceId"}, Handle: b.reading(describeAttribute)},
		{Name: server.ActionStartInstance, Required: []string{"InstanceId"}, Handle: b.instanceOp(world.World.StartInstance)},
		{Name: server.ActionStopInstance, Required: []string{"InstanceId"}, Handle: b.instanceOp(world.World.StopInstance)},
		{Name: server.ActionRebootInstance, Required: []string{"InstanceId"}, Handle: b.instanceOp(world.World.RebootInstance)},
	}
}

// refusal returns the API error of a world refusal, and the rate-limit header a Throttling
// refusal carries (its TimeLeft runs to the end of the minute of t).
func refusal(out *world.Outcome, limit int, t time.Time) (server.Response, error) {
	var resp server.Response
	var r *world.Refusal
	if !errors.As(out.Err, &r) {
		return resp, errcodes.New(errcodes.InternalError, out.Err.Error())
	}
	if r.API == nil {
		return resp, errcodes.New(errcodes.InternalError, r.Error())
	}
	if r.API.ID == errcodes.Throttling400 || r.API.ID == errcodes.Throttling403 {
		next := t.Truncate(time.Minute).Add(time.Minute)
		resp.RateLimit = &server.RateLimit{Limit: limit, Remain: 0, TimeLeft: next.Sub(t)}
	}
	return resp, r.API
}

// misuse turns a world error of misuse (a key naming an account the world lost) into the
// server's fault.
func misuse(err error) error {
	var e *errcodes.Error
	if errors.As(err, &e) {
		return e
	}
	return errcodes.New(errcodes.InternalError, err.Error())
}

// changeOp is an action that changes the world: it returns the new world and the outcome.
type changeOp func(w world.World, caller world.Caller, t time.Time) (world.World, world.Outcome, error)

// applyChange runs op for the call's caller on the current world and keeps the world it
// returns. It answers a world error as the server's fault, a refusal as its API error (rated
// against the limit of api), and an outcome with answer.
func (b *Backend) applyChange(c *server.Call, api string, op changeOp, answer func(*world.Outcome) server.Response) (server.Response, error) {
	var out world.Outcome
	var limit int
	var at time.Time
	err := b.change(c.AccessKeyID, c.Now, func(w world.World, caller world.Caller, t time.Time) (world.World, error) {
		nw, o, err := op(w, caller, t)
		out, limit, at = o, w.Limits().PerAPI[api], t
		return nw, err
	})
	if err != nil {
		return server.Response{}, misuse(err)
	}
	if out.Err != nil {
		return refusal(&out, limit, at)
	}
	return answer(&out), nil
}

func (b *Backend) modify(_ context.Context, c *server.Call) (server.Response, error) {
	params := map[string]string(c.Params) // the action owns them
	op := func(w world.World, caller world.Caller, t time.Time) (world.World, world.Outcome, error) {
		return w.ModifyPrepayInstanceSpec(t, world.ModifyInput{Caller: caller, Params: params, Unexplained: true})
	}
	return b.applyChange(c, world.APIModifyPrepayInstanceSpec, op, func(out *world.Outcome) server.Response {
		return server.Response{
			RequestID: out.Plan.RequestID,
			Body:      server.ModifyPrepayInstanceSpecBody{RequestId: out.Plan.RequestID, OrderId: out.OrderID},
		}
	})
}

type instanceFunc func(w world.World, t time.Time, in world.InstanceInput) (world.World, world.Outcome, error)

func (b *Backend) instanceOp(fn instanceFunc) server.HandlerFunc {
	return func(_ context.Context, c *server.Call) (server.Response, error) {
		op := func(w world.World, caller world.Caller, t time.Time) (world.World, world.Outcome, error) {
			if err := permitted(w, caller, c.Action); err != nil {
				return w, world.Outcome{}, err
			}
			return fn(w, t, world.InstanceInput{Caller: caller, RegionID: c.Params.Get("RegionId"), InstanceID: c.Params.Get("InstanceId")})
		}
		return b.applyChange(c, c.Action, op, func(*world.Outcome) server.Response {
			return server.Response{Body: server.RequestOnlyBody{RequestId: c.RequestID}}
		})
	}
}

// view is a read-only action: it answers the call from the world as its caller sees it at t.
type view func(w world.World, caller world.Caller, t time.Time, c *server.Call) (server.Response, error)

// reading returns the handler that answers with v from a copy of the current world, once the
// caller is known and permitted the action.
func (b *Backend) reading(v view) server.HandlerFunc {
	return func(_ context.Context, c *server.Call) (server.Response, error) {
		w, caller, t, err := b.read(c.AccessKeyID, c.Now)
		if err != nil {
			return server.Response{}, misuse(err)
		}
		if err := permitted(w, caller, c.Action); err != nil {
			return server.Response{}, err
		}
		return v(w, caller, t, c)
	}
}

// permitted refuses a RAM user that lacks the action's permission (ecs:<Action>, or ecs:*)
// with Forbidden.RAM, as the gateway does before the action runs. ModifyPrepayInstanceSpec's
// check is the rules' own (RAM.permission).
func permitted(w world.World, c world.Caller, action string) error {
	if c.RAMUser == "" {
		return nil
	}
	a, _ := w.Account(c.AccountID)
	for _, u := range a.RAMUsers {
		if u.Name == c.RAMUser {
			if u.Has("ecs:"+action) || u.Has("ecs:*") {
				return nil
			}
		}
	}
	return errcodes.New(errcodes.ForbiddenRAM, "ecs:"+action)
}

// ownInstance returns the caller's instance id (in region, when region is not empty).
func ownInstance(w world.World, c world.Caller, region, id string) (model.Instance, bool) {
	in, owner, ok := w.Instance(id)
	if !ok || owner != c.AccountID || (region != "" && in.RegionID != region) {
		return model.Instance{}, false
	}
	return in, true
}

// describeResourcesModification lists the instance types the instance can change to in its
// zone, with their stock, filtered by InstanceType or by Cores and Memory.
func describeResourcesModification(w world.World, caller world.Caller, t time.Time, c *server.Call) (server.Response, error) {
	p := c.Params
	if err := checkDestination(p); err != nil {
		return server.Response{}, err
	}
	op, err := operationType(p.Get("OperationType"))
	if err != nil {
		return server.Response{}, err
	}
	f, err := targetFilterOf(p)
	if err != nil {
		return server.Response{}, err
	}
	region := p.Get("RegionId")
	if !w.Catalog().HasRegion(region) {
		return server.Response{}, errcodes.New(errcodes.InvalidRegionId, region)
	}
	inst, ok := ownInstance(w, caller, region, p.Get("ResourceId"))
	if !ok {
		return server.Response{}, errcodes.New(errcodes.InvalidResourceIdNotFound, p.Get("ResourceId"))
	}
	params := map[string]string{"RegionId": region, "InstanceId": inst.InstanceID, "OperatorType": op.String()}
	if v := p.Get("MigrateAcrossZone"); v != "" {
		params["MigrateAcrossZone"] = v
	}
	body := server.DescribeResourcesModificationBody{RequestId: c.RequestID, AvailableZones: server.AvailableZones{AvailableZone: []server.AvailableZone{}}}
	targets, err := w.Targets(t, world.ModifyInput{Caller: caller, Params: params})
	var apiErr *errcodes.Error
	switch {
	case errors.As(err, &apiErr):
		// A rule that does not depend on the target refuses every type (an expired instance,
		// an unpaid order, a RAM user without ecs:ModifyPrepayInstanceSpec): nothing is
		// listed, as nothing would be accepted; the refusal is ModifyPrepayInstanceSpec's, not
		// one of this API's errors.
		return server.Response{Body: body}, nil
	case err != nil:
		return server.Response{}, misuse(err)
	}
	if z := p.Get("ZoneId"); z != "" && z != inst.ZoneID {
		return server.Response{Body: body}, nil
	}
	if supported := f.supported(targets); len(supported) > 0 {
		body.AvailableZones.AvailableZone = []server.AvailableZone{zoneOf(region, inst.ZoneID, supported)}
	}
	return server.Response{Body: body}, nil
}

// checkDestination refuses a DestinationResource other than InstanceType, the only one served.
func checkDestination(p server.Params) error {
	dest := p.Get("DestinationResource")
	switch {
	case dest == "":
		return errcodes.New(errcodes.InvalidParam, "")
	case dest == "InstanceType":
		return nil
	case p.Get("Cores") != "":
		return errcodes.New(errcodes.InvalidParamCores, "")
	case p.Get("Memory") != "":
		return errcodes.New(errcodes.InvalidParamMemory, "")
	}
	return errcodes.New(errcodes.InvalidDestinationResource, dest)
}

// operationType reads OperationType: Upgrade (also when empty) or Downgrade.
func operationType(s string) (model.OperatorType, error) {
	switch s {
	case "", "Upgrade":
		return model.Upgrade, nil
	case "Downgrade":
		return model.Downgrade, nil
	}
	return 0, errcodes.New(errcodes.InvalidOperationType, s)
}

// targetFilter is what DescribeResourcesModification's caller asks of the listed types: an
// InstanceType, or a number of cores and of GiB of memory (-1 where not given).
type targetFilter struct {
	instanceType string
	cores        int
	memory       float64
}

// targetFilterOf reads the filter: InstanceType, or Cores and Memory, not both.
func targetFilterOf(p server.Params) (targetFilter, error) {
	f := targetFilter{instanceType: p.Get("InstanceType"), cores: -1, memory: -1}
	if f.instanceType != "" && (p.Get("Cores") != "" || p.Get("Memory") != "") {
		return f, errcodes.New(errcodes.InvalidParamTypeAndCpuMemConflict, "")
	}
	if s := p.Get("Cores"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1<<16 {
			return f, errcodes.New(errcodes.InvalidParameter, "Cores is not a positive integer")
		}
		f.cores = n
	}
	if s := p.Get("Memory"); s != "" {
		m, err := strconv.ParseFloat(s, 64)
		if err != nil || !(m > 0 && m < 1<<20) {
			return f, errcodes.New(errcodes.InvalidParameter, "Memory is not a positive number of GiB")
		}
		f.memory = m
	}
	return f, nil
}

// supported returns the targets that pass the filter, as the API lists them.
func (f targetFilter) supported(targets []rules.Target) []server.SupportedResource {
	var out []server.SupportedResource
	for _, tg := range targets {
		if f.instanceType != "" && tg.InstanceType != f.instanceType {
			continue
		}
		if f.cores >= 0 && tg.CPU != f.cores || f.memory >= 0 && tg.MemoryGiB != f.memory {
			continue
		}
		out = append(out, server.SupportedResource{Value: tg.InstanceType, Status: stockStatus(tg.Stock), StatusCategory: string(tg.Stock)})
	}
	return out
}

// zoneOf is the zone that lists the supported types: with stock while one of them has it.
func zoneOf(region, zone string, supported []server.SupportedResource) server.AvailableZone {
	zoneCat := model.WithoutStock
	for _, s := range supported {
		if s.Status == "Available" {
			zoneCat = model.WithStock
		}
	}
	return server.AvailableZone{
		RegionId: region, ZoneId: zone, Status: stockStatus(zoneCat), StatusCategory: string(zoneCat),
		AvailableResources: server.AvailableResources{AvailableResource: []server.AvailableResource{{
			Type: "InstanceType", SupportedResources: server.SupportedResources{SupportedResource: supported},
		}}},
	}
}

// stockStatus is the Status of a StatusCategory: Available while there is stock.
func stockStatus(s model.StockStatus) string {
	if s == model.WithStock || s == model.ClosedWithStock {
		return "Available"
	}
	return "SoldOut"
}

// describePrice answers what upgrading the instance to InstanceType would cost now.
func describePrice(w world.World, caller world.Caller, t time.Time, c *server.Call) (server.Response, error) {
	p := c.Params
	to, err := priceQueryType(p)
	if err != nil {
		return server.Response{}, err
	}
	region := p.Get("RegionId")
	inst, ok := ownInstance(w, caller, region, p.Get("InstanceId"))
	if !ok {
		return server.Response{}, errcodes.New(errcodes.InvalidInstanceIdNotFound404, p.Get("InstanceId"))
	}
	if err := checkPriceable(w, t, &inst, region, to); err != nil {
		return server.Response{}, err
	}
	// The price is what ModifyPrepayInstanceSpec would charge now: the operation itself, run
	// on this call's copy of the world and thrown away (worlds are values).
	params := map[string]string{"RegionId": region, "InstanceId": inst.InstanceID, "InstanceType": to, "OperatorType": "upgrade", "AutoPay": "false"}
	_, out, err := w.ModifyPrepayInstanceSpec(t, world.ModifyInput{Caller: caller, Params: params})
	if err != nil {
		return server.Response{}, misuse(err)
	}
	if out.Err != nil {
		return refusal(&out, w.Limits().PerAPI[world.APIModifyPrepayInstanceSpec], t)
	}
	ch := out.Plan.Charge
	if ch == nil {
		return server.Response{}, errcodes.New(errcodes.InvalidInstanceTypeNotSupportUpgrade, "")
	}
	return server.Response{Body: server.DescribeInstanceModificationPriceBody{
		RequestId: c.RequestID, PriceInfo: server.PriceInfo{Price: priceOf(ch), Rules: server.PriceRules{Rule: []server.PriceRule{}}},
	}}, nil
}

// priceQueryType returns the InstanceType a price query asks about; disk price queries
// (DataDisk.N) are not served.
func priceQueryType(p server.Params) (string, error) {
	to := p.Get("InstanceType")
	hasDisk := false
	for k := range p {
		if strings.HasPrefix(k, "DataDisk.") {
			hasDisk = true
		}
	}
	switch {
	case to == "" && !hasDisk:
		return "", errcodes.New(errcodes.MissingParameterInstanceTypeOrDataDisk, "")
	case to == "" || hasDisk:
		return "", errcodes.New(errcodes.InvalidInstanceTypeValueNotSupportedPrice, "DataDisk.N: disk price queries are not served")
	}
	return to, nil
}

// checkPriceable refuses a price query for an instance that is not a live subscription, for
// a type the catalog does not have, and for a downgrade (in region).
func checkPriceable(w world.World, t time.Time, inst *model.Instance, region, to string) error {
	if inst.ChargeType == model.ChargePostPaid {
		return errcodes.New(errcodes.ChargeTypeViolation, "")
	}
	if !t.Before(inst.ExpiredTime) {
		return errcodes.New(errcodes.InstanceExpired, "")
	}
	target, ok := w.Catalog().Type(to)
	if !ok {
		return errcodes.New(errcodes.InvalidInstanceTypeValueNotSupportedPrice, to)
	}
	current := inst.InstanceType
	if inst.PendingInstanceType != "" {
		current = inst.PendingInstanceType
	}
	if from, ok := w.Catalog().Type(current); ok && rules.Direction(from, target, region) == model.Downgrade {
		return errcodes.New(errcodes.InvalidInstanceTypeNotSupportUpgrade, "")
	}
	return nil
}

// priceOf is an upgrade's charge as the price API shows it: one detail, for the instance type.
func priceOf(ch *rules.Charge) server.Price {
	amounts := server.Amounts{OriginalPrice: num(ch.OriginalPrice), DiscountPrice: num(ch.DiscountPrice), TradePrice: num(ch.TradePrice)}
	return server.Price{
		Currency: ch.Currency, Amounts: amounts,
		DetailInfos: server.DetailInfos{DetailInfo: []server.DetailInfo{{
			Resource: "instanceType", Amounts: amounts,
			SubRules: server.PriceRules{Rule: []server.PriceRule{}},
		}}},
	}
}

func num(d decimal.Decimal) json.Number { return json.Number(d.String()) }

// MaxPageSize is DescribeInstances' largest PageSize (the API's documented maximum, 100);
// DefaultPageSize its default (10).
const (
	MaxPageSize     = 100
	DefaultPageSize = 10
	// maxInstanceIds is the most ids InstanceIds takes (the API's documented 100).
	maxInstanceIds = 100
)

func describeInstances(w world.World, caller world.Caller, _ time.Time, c *server.Call) (server.Response, error) {
	p := c.Params
	page, err := intParam(p.Get("PageNumber"), 1, 1, 1<<30, "PageNumber")
	if err != nil {
		return server.Response{}, err
	}
	size, err := intParam(p.Get("PageSize"), DefaultPageSize, 1, MaxPageSize, "PageSize")
	if err != nil {
		return server.Response{}, err
	}
	region := p.Get("RegionId")
	var ids []string
	if s := p.Get("InstanceIds"); s != "" {
		if err := json.Unmarshal([]byte(s), &ids); err != nil || len(ids) > maxInstanceIds {
			return server.Response{}, errcodes.New(errcodes.InvalidParameter, "InstanceIds is not a JSON array of at most 100 instance ids")
		}
	} else {
		ids = w.InstanceIDs()
	}
	var match []model.Instance
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if in, ok := ownInstance(w, caller, region, id); ok {
			match = append(match, in)
		}
	}
	body := server.DescribeInstancesBody{RequestId: c.RequestID, TotalCount: int32(len(match)), PageNumber: int32(page), PageSize: int32(size),
		Instances: server.Instances{Instance: []server.Instance{}}}
	start := (page - 1) * size
	for i := start; i < len(match) && i < start+size; i++ {
		body.Instances.Instance = append(body.Instances.Instance, instanceShape(w, &match[i]))
	}
	return server.Response{Body: body}, nil
}

func intParam(s string, def, lo, hi int, name string) (int, error) {
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, errcodes.New(errcodes.InvalidParameter, fmt.Sprintf("%s is not an integer from %d to %d", name, lo, hi))
	}
	return n, nil
}

// expiredTime is the API's ExpiredTime format, yyyy-MM-ddTHH:mmZ in UTC.
const expiredTime = "2006-01-02T15:04Z"

// shownType is the InstanceType DescribeInstances reports: the type the instance runs as,
// except that a Stopped (not Running) instance whose change has completed (no order in
// progress) reports the pending type it will start as. Clients poll for exactly that: the
// Terraform provider stops the instance, calls ModifyPrepayInstanceSpec, polls DescribeInstances
// until the new type shows, then starts it. The documents do not say what DescribeInstances
// reports for a pending type; this is respec's decision (README, decisions).
func shownType(in *model.Instance) string {
	if in.PendingInstanceType != "" && in.Status != model.StatusRunning && in.OrderInProgress == nil {
		return in.PendingInstanceType
	}
	return in.InstanceType
}

func instanceShape(w world.World, in *model.Instance) server.Instance {
	out := server.Instance{
		InstanceId: in.InstanceID, RegionId: in.RegionID, ZoneId: in.ZoneID, InstanceType: shownType(in),
		Status: string(in.Status), InstanceChargeType: in.ChargeType,
		OperationLocks: server.OperationLocks{LockReason: []server.LockReason{}},
	}
	if t, ok := w.Catalog().Type(out.InstanceType); ok {
		out.InstanceTypeFamily, out.Cpu, out.Memory = t.Family, int32(t.CPU), int32(t.MemoryGiB*1024)
	}
	if !in.ExpiredTime.IsZero() {
		out.ExpiredTime = in.ExpiredTime.UTC().Format(expiredTime)
	}
	for _, l := range in.OperationLocks {
		out.OperationLocks.LockReason = append(out.OperationLocks.LockReason, server.LockReason{LockReason: l})
	}
	return out
}

func describeAttribute(w world.World, caller world.Caller, _ time.Time, c *server.Call) (server.Response, error) {
	in, ok := ownInstance(w, caller, "", c.Params.Get("InstanceId"))
	if !ok {
		return server.Response{}, errcodes.New(errcodes.InvalidInstanceIdNotFound404, "")
	}
	s := instanceShape(w, &in)
	body := server.DescribeInstanceAttributeBody{
		RequestId: c.RequestID, InstanceId: s.InstanceId, RegionId: s.RegionId, ZoneId: s.ZoneId, InstanceType: s.InstanceType,
		Cpu: s.Cpu, Memory: s.Memory, Status: s.Status, InstanceChargeType: s.InstanceChargeType, ExpiredTime: s.ExpiredTime,
		OperationLocks: server.AttributeOperationLocks{LockReason: []server.AttributeLockReason{}},
	}
	for _, l := range s.OperationLocks.LockReason {
		body.OperationLocks.LockReason = append(body.OperationLocks.LockReason, server.AttributeLockReason{LockReason: l.LockReason})
	}
	return server.Response{Body: body}, nil
}
