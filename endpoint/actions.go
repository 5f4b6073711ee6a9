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
		{Name: server.ActionDescribeResourcesModification, Required: []string{"RegionId", "ResourceId"}, Handle: b.describeResourcesModification},
		{Name: server.ActionDescribeInstanceModificationPrice, Required: []string{"RegionId", "InstanceId"}, Handle: b.describePrice},
		{Name: server.ActionDescribeInstances, Required: []string{"RegionId"}, Handle: b.describeInstances},
		{Name: server.ActionDescribeInstanceAttribute, Required: []string{"InstanceId"}, Handle: b.describeAttribute},
		{Name: server.ActionStartInstance, Required: []string{"InstanceId"}, Handle: b.instanceOp(world.World.StartInstance)},
		{Name: server.ActionStopInstance, Required: []string{"InstanceId"}, Handle: b.instanceOp(world.World.StopInstance)},
		{Name: server.ActionRebootInstance, Required: []string{"InstanceId"}, Handle: b.instanceOp(world.World.RebootInstance)},
	}
}

// flat returns the call's parameters as the world reads them (each is given once).
func flat(c *server.Call) map[string]string {
	m := make(map[string]string, len(c.Params))
	for k, v := range c.Params {
		if len(v) > 0 {
			m[k] = v[0]
		}
	}
	return m
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

func (b *Backend) modify(_ context.Context, c *server.Call) (server.Response, error) {
	params := flat(c)
	var out world.Outcome
	var limit int
	var at time.Time
	err := b.change(c.AccessKeyID, c.Now, func(w world.World, caller world.Caller, t time.Time) (world.World, error) {
		nw, o, err := w.ModifyPrepayInstanceSpec(t, world.ModifyInput{Caller: caller, Params: params})
		out, limit, at = o, w.Limits().PerAPI[world.APIModifyPrepayInstanceSpec], t
		return nw, err
	})
	if err != nil {
		return server.Response{}, misuse(err)
	}
	if out.Err != nil {
		return refusal(&out, limit, at)
	}
	return server.Response{
		RequestID: out.Plan.RequestID,
		Body:      server.ModifyPrepayInstanceSpecBody{RequestId: out.Plan.RequestID, OrderId: out.OrderID},
	}, nil
}

type instanceFunc func(w world.World, t time.Time, in world.InstanceInput) (world.World, world.Outcome, error)

func (b *Backend) instanceOp(op instanceFunc) server.HandlerFunc {
	return func(_ context.Context, c *server.Call) (server.Response, error) {
		var out world.Outcome
		var limit int
		var at time.Time
		err := b.change(c.AccessKeyID, c.Now, func(w world.World, caller world.Caller, t time.Time) (world.World, error) {
			if err := permitted(w, caller, c.Action); err != nil {
				return w, err
			}
			nw, o, err := op(w, t, world.InstanceInput{Caller: caller, RegionID: c.Params.Get("RegionId"), InstanceID: c.Params.Get("InstanceId")})
			out, limit, at = o, w.Limits().PerAPI[c.Action], t
			return nw, err
		})
		if err != nil {
			return server.Response{}, misuse(err)
		}
		if out.Err != nil {
			return refusal(&out, limit, at)
		}
		return server.Response{Body: server.RequestOnlyBody{RequestId: c.RequestID}}, nil
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

func (b *Backend) describeResourcesModification(_ context.Context, c *server.Call) (server.Response, error) {
	w, caller, t, err := b.read(c.AccessKeyID, c.Now)
	if err != nil {
		return server.Response{}, misuse(err)
	}
	if err := permitted(w, caller, c.Action); err != nil {
		return server.Response{}, err
	}
	p := c.Params
	dest := p.Get("DestinationResource")
	switch {
	case dest == "":
		return server.Response{}, errcodes.New(errcodes.InvalidParam, "")
	case dest != "InstanceType" && p.Get("Cores") != "":
		return server.Response{}, errcodes.New(errcodes.InvalidParamCores, "")
	case dest != "InstanceType" && p.Get("Memory") != "":
		return server.Response{}, errcodes.New(errcodes.InvalidParamMemory, "")
	case dest != "InstanceType":
		return server.Response{}, errcodes.New(errcodes.InvalidDestinationResource, dest)
	}
	opType := p.Get("OperationType")
	var op model.OperatorType
	switch opType {
	case "", "Upgrade":
		op = model.Upgrade
	case "Downgrade":
		op = model.Downgrade
	default:
		return server.Response{}, errcodes.New(errcodes.InvalidOperationType, opType)
	}
	if p.Get("InstanceType") != "" && (p.Get("Cores") != "" || p.Get("Memory") != "") {
		return server.Response{}, errcodes.New(errcodes.InvalidParamTypeAndCpuMemConflict, "")
	}
	cores, memory := -1, -1.0
	if s := p.Get("Cores"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 1<<16 {
			return server.Response{}, errcodes.New(errcodes.InvalidParameter, "Cores is not a positive integer")
		}
		cores = n
	}
	if s := p.Get("Memory"); s != "" {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || !(f > 0 && f < 1<<20) {
			return server.Response{}, errcodes.New(errcodes.InvalidParameter, "Memory is not a positive number of GiB")
		}
		memory = f
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
	var supported []server.SupportedResource
	for _, tg := range targets {
		if want := p.Get("InstanceType"); want != "" && tg.InstanceType != want {
			continue
		}
		if cores >= 0 && tg.CPU != cores || memory >= 0 && tg.MemoryGiB != memory {
			continue
		}
		supported = append(supported, server.SupportedResource{Value: tg.InstanceType, Status: stockStatus(tg.Stock), StatusCategory: string(tg.Stock)})
	}
	if len(supported) == 0 {
		return server.Response{Body: body}, nil
	}
	zoneCat := model.WithoutStock
	for _, s := range supported {
		if s.Status == "Available" {
			zoneCat = model.WithStock
		}
	}
	body.AvailableZones.AvailableZone = []server.AvailableZone{{
		RegionId: region, ZoneId: inst.ZoneID, Status: stockStatus(zoneCat), StatusCategory: string(zoneCat),
		AvailableResources: server.AvailableResources{AvailableResource: []server.AvailableResource{{
			Type: "InstanceType", SupportedResources: server.SupportedResources{SupportedResource: supported},
		}}},
	}}
	return server.Response{Body: body}, nil
}

// stockStatus is the Status of a StatusCategory: Available while there is stock.
func stockStatus(s model.StockStatus) string {
	if s == model.WithStock || s == model.ClosedWithStock {
		return "Available"
	}
	return "SoldOut"
}

func (b *Backend) describePrice(_ context.Context, c *server.Call) (server.Response, error) {
	w, caller, t, err := b.read(c.AccessKeyID, c.Now)
	if err != nil {
		return server.Response{}, misuse(err)
	}
	if err := permitted(w, caller, c.Action); err != nil {
		return server.Response{}, err
	}
	p := c.Params
	to := p.Get("InstanceType")
	hasDisk := false
	for k := range p {
		if strings.HasPrefix(k, "DataDisk.") {
			hasDisk = true
		}
	}
	switch {
	case to == "" && !hasDisk:
		return server.Response{}, errcodes.New(errcodes.MissingParameterInstanceTypeOrDataDisk, "")
	case to == "" || hasDisk:
		return server.Response{}, errcodes.New(errcodes.InvalidInstanceTypeValueNotSupportedPrice, "DataDisk.N: disk price queries are not served")
	}
	region := p.Get("RegionId")
	inst, ok := ownInstance(w, caller, region, p.Get("InstanceId"))
	if !ok {
		return server.Response{}, errcodes.New(errcodes.InvalidInstanceIdNotFound404, p.Get("InstanceId"))
	}
	if inst.ChargeType == model.ChargePostPaid {
		return server.Response{}, errcodes.New(errcodes.ChargeTypeViolation, "")
	}
	if !t.Before(inst.ExpiredTime) {
		return server.Response{}, errcodes.New(errcodes.InstanceExpired, "")
	}
	target, ok := w.Catalog().Type(to)
	if !ok {
		return server.Response{}, errcodes.New(errcodes.InvalidInstanceTypeValueNotSupportedPrice, to)
	}
	current := inst.InstanceType
	if inst.PendingInstanceType != "" {
		current = inst.PendingInstanceType
	}
	if from, ok := w.Catalog().Type(current); ok && rules.Direction(from, target, region) == model.Downgrade {
		return server.Response{}, errcodes.New(errcodes.InvalidInstanceTypeNotSupportUpgrade, "")
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
	price := server.Price{
		Currency: ch.Currency, OriginalPrice: num(ch.OriginalPrice), DiscountPrice: num(ch.DiscountPrice), TradePrice: num(ch.TradePrice),
		DetailInfos: server.DetailInfos{DetailInfo: []server.DetailInfo{{
			Resource: "instanceType", OriginalPrice: num(ch.OriginalPrice), DiscountPrice: num(ch.DiscountPrice), TradePrice: num(ch.TradePrice),
			SubRules: server.PriceRules{Rule: []server.PriceRule{}},
		}}},
	}
	return server.Response{Body: server.DescribeInstanceModificationPriceBody{
		RequestId: c.RequestID, PriceInfo: server.PriceInfo{Price: price, Rules: server.PriceRules{Rule: []server.PriceRule{}}},
	}}, nil
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

func (b *Backend) describeInstances(_ context.Context, c *server.Call) (server.Response, error) {
	w, caller, _, err := b.read(c.AccessKeyID, c.Now)
	if err != nil {
		return server.Response{}, misuse(err)
	}
	if err := permitted(w, caller, c.Action); err != nil {
		return server.Response{}, err
	}
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

func (b *Backend) describeAttribute(_ context.Context, c *server.Call) (server.Response, error) {
	w, caller, _, err := b.read(c.AccessKeyID, c.Now)
	if err != nil {
		return server.Response{}, misuse(err)
	}
	if err := permitted(w, caller, c.Action); err != nil {
		return server.Response{}, err
	}
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
