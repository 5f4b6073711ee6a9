package world

import (
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
)

// Targets lists, at moment t, the types ModifyPrepayInstanceSpec would accept for the
// instance in.Params names, on the view of the world that ModifyPrepayInstanceSpec decides
// on (the instance if the caller's account owns it, the account as the caller sees it, the
// catalog, the policy): rules.AvailableTargets over that view, so a type is listed exactly
// when ModifyPrepayInstanceSpec with that InstanceType (and no ClientToken) would accept it,
// stock and throttling aside (the throttle is not the type's: a listing is not refused because
// this minute's ModifyPrepayInstanceSpec calls are used up). in.Params["InstanceType"] is
// ignored. The world is not changed and the request is not counted.
//
// The error is misuse (ErrTimeBackwards, ErrUnknownAccount, ErrUnknownRAMUser) or the API
// error that refuses every type (an *errcodes.Error, e.g. an unknown instance).
func (w World) Targets(t time.Time, in ModifyInput) ([]rules.Target, error) {
	nw, a, user, err := w.begin(t, in.Caller)
	if err != nil {
		return nil, err
	}
	params := make(map[string]string, len(in.Params)+1)
	for k, v := range in.Params {
		params[k] = v
	}
	var inst model.Instance
	if s, ok := nw.instances.get(params["InstanceId"]); ok && s.owner == a.acct.AccountID {
		inst, _ = settle(s.in, t)
	}
	// A placeholder target for the parser, which requires one; AvailableTargets ignores it.
	params["InstanceType"] = inst.InstanceType
	if params["InstanceType"] == "" {
		params["InstanceType"] = "-"
	}
	req, perr := model.ParseMap(params)
	if perr != nil {
		return nil, perr
	}
	acct := nw.quotasAt(a.acct)
	acct.RAMUser = user
	f := model.Facts{
		Instance: inst, Account: acct, Catalog: nw.catalog, Policy: nw.policy,
	}
	return rules.AvailableTargets(t, &req, &f)
}
