package fleet

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/world"
)

// oneWorld is the baseline instance on its account, with the catalog changed by edit and the
// given ModifyPrepayInstanceSpec limit a minute.
func oneWorld(t *testing.T, status model.Status, limit int, edit func(*model.CatalogData)) world.World {
	t.Helper()
	fw := fuzz.Baseline()
	if edit != nil {
		edit(&fw.Catalog)
	}
	f := fw.Build()
	f.Instance.Status = status
	acct := f.Account
	w, err := world.NewBuilder(fw.Now, f.Catalog, f.Policy, world.Limits{PerAPI: map[string]int{world.APIModifyPrepayInstanceSpec: limit}}).
		AddAccount(world.AccountSpec{Account: acct}).AddInstance(acct.AccountID, f.Instance).Build()
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func change(at time.Time, targets ...string) Request {
	return Request{At: at, Operation: OpModify, InstanceID: fuzz.BaseInstance, Targets: targets}
}

// trace writes each outcome as "option operation type code" for comparison.
func trace(res Result) []string {
	var out []string
	for _, o := range res.Outcomes {
		s := fmt.Sprintf("%s %s %s %s", o.At.Sub(fuzz.BaseNow), o.Option, o.Operation, o.InstanceType)
		if o.Code != "" {
			s += " " + o.Code
		}
		if o.Final {
			s += " final"
		}
		out = append(out, s)
	}
	return out
}

func wantTrace(t *testing.T, res Result, want ...string) {
	t.Helper()
	got := trace(res)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("outcomes:\n%q\nwant:\n%q", got, want)
	}
}

// TestStopStart: a Running instance is stopped before the change, which then takes effect on
// completion, and started once it has completed (CompletesAt): it ends Running on the new
// type, with nothing pending.
func TestStopStart(t *testing.T) {
	w := oneWorld(t, model.StatusRunning, 0, nil)
	res, err := Run(w, Plan{Requests: []Request{change(fuzz.BaseNow, fuzz.BaseDowngrade)}, Options: Options{StopStart: true}})
	if err != nil {
		t.Fatal(err)
	}
	wantTrace(t, res,
		"0s stop-before StopInstance ",
		"0s  ModifyPrepayInstanceSpec ecs.g6.large final",
		"10s start-after StartInstance ")
	in, _, _ := res.World.Instance(fuzz.BaseInstance)
	if in.Status != model.StatusRunning || in.InstanceType != fuzz.BaseDowngrade || in.PendingInstanceType != "" {
		t.Fatalf("after: %s %s pending %q", in.Status, in.InstanceType, in.PendingInstanceType)
	}
	if s := res.Summary; len(s.LeftStopped) != 0 || len(s.AwaitingRestart) != 0 || s.Final[ClassAccepted] != 1 {
		t.Fatalf("summary %+v", s)
	}
	// Without the option the downgrade of a Running instance is refused.
	res, err = Run(w, Plan{Requests: []Request{change(fuzz.BaseNow, fuzz.BaseDowngrade)}})
	if err != nil {
		t.Fatal(err)
	}
	if o := res.Outcomes[0]; o.Code != "InvalidStatus.NotStopped" || o.CausedByPlan != nil {
		t.Fatalf("without stop-start: %+v", o)
	}
}

// TestRetryThrottlingBacksOff: on a Stopped instance, with a limit of 1 a minute the second change of the minute is
// throttled, retried after 20 s and 40 s (still throttled), and accepted at 1m10s, in the
// next minute. Without the option it is refused, and attributed to the plan.
func TestRetryThrottlingBacksOff(t *testing.T) {
	w := oneWorld(t, model.StatusStopped, 1, nil)
	reqs := []Request{change(fuzz.BaseNow, fuzz.BaseUpgrade), change(fuzz.BaseNow.Add(10*time.Second), fuzz.BaseType)}
	res, err := Run(w, Plan{Requests: reqs, Options: Options{RetryThrottling: &Backoff{Retries: 3, Initial: model.Duration(20 * time.Second), Multiplier: 2}}})
	if err != nil {
		t.Fatal(err)
	}
	wantTrace(t, res,
		"0s  ModifyPrepayInstanceSpec ecs.g6.2xlarge final",
		"10s  ModifyPrepayInstanceSpec ecs.g6.xlarge Throttling",
		"30s retry-throttling ModifyPrepayInstanceSpec ecs.g6.xlarge Throttling",
		"1m10s retry-throttling ModifyPrepayInstanceSpec ecs.g6.xlarge final")
	if res.Outcomes[3].Attempt != 3 {
		t.Fatalf("attempt %d", res.Outcomes[3].Attempt)
	}
	res, err = Run(w, Plan{Requests: reqs})
	if err != nil {
		t.Fatal(err)
	}
	o := res.Outcomes[1]
	if o.Code != "Throttling" || o.CausedByPlan == nil || o.CausedByPlan.Reason != ReasonThrottle ||
		o.CausedByPlan.Fact != "ModifyPrepayInstanceSpec requests of account 1234567890123456 in cn-hangzhou in the minute of 2026-11-25T12:00:00Z: 0 counted before it in the starting world, 1 when sent" {
		t.Fatalf("without retries: %+v %+v", o, o.CausedByPlan)
	}
	if res.Summary.CausedByPlan[ReasonThrottle] != 1 {
		t.Fatalf("summary %+v", res.Summary.CausedByPlan)
	}
}

// TestWaitOrderProcessing: on a Stopped instance, a change 3 s after another meets LastOrderProcessing (the first
// completes 10 s after acceptance); waiting 4 s twice reaches 11 s, when it is accepted.
func TestWaitOrderProcessing(t *testing.T) {
	w := oneWorld(t, model.StatusStopped, 0, nil)
	reqs := []Request{change(fuzz.BaseNow, fuzz.BaseUpgrade), change(fuzz.BaseNow.Add(3*time.Second), fuzz.BaseType)}
	res, err := Run(w, Plan{Requests: reqs, Options: Options{WaitOrderProcessing: &Backoff{Retries: 5, Initial: model.Duration(4 * time.Second)}}})
	if err != nil {
		t.Fatal(err)
	}
	wantTrace(t, res,
		"0s  ModifyPrepayInstanceSpec ecs.g6.2xlarge final",
		"3s  ModifyPrepayInstanceSpec ecs.g6.xlarge LastOrderProcessing",
		"7s wait-order-processing ModifyPrepayInstanceSpec ecs.g6.xlarge LastOrderProcessing",
		"11s wait-order-processing ModifyPrepayInstanceSpec ecs.g6.xlarge final")
	res, err = Run(w, Plan{Requests: reqs})
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Outcomes[1].CausedByPlan; c == nil || c.Reason != ReasonInFlight {
		t.Fatalf("without waiting: %+v", res.Outcomes[1])
	}
}

// TestNextCandidateOnNoStock: the first target is sold out in the zone, so the next one is
// asked for.
func TestNextCandidateOnNoStock(t *testing.T) {
	w := oneWorld(t, model.StatusRunning, 0, func(c *model.CatalogData) {
		for i := range c.Types {
			if c.Types[i].InstanceTypeID == fuzz.BaseUpgrade {
				c.Types[i].Stock = map[string]model.StockStatus{fuzz.BaseZone: model.WithoutStock}
			}
		}
	})
	res, err := Run(w, Plan{Requests: []Request{change(fuzz.BaseNow, fuzz.BaseUpgrade, "ecs.g7.xlarge")}, Options: Options{NextCandidateOnNoStock: true}})
	if err != nil {
		t.Fatal(err)
	}
	wantTrace(t, res,
		"0s  ModifyPrepayInstanceSpec ecs.g6.2xlarge OperationDenied.NoStock",
		"0s next-candidate ModifyPrepayInstanceSpec ecs.g7.xlarge final")
	if d := res.Outcomes[1].Decision; d == nil || d.ToType != "ecs.g7.xlarge" || res.Outcomes[1].Charged.Sign() <= 0 {
		t.Fatalf("the next candidate: %+v", res.Outcomes[1])
	}
	// Without the option the refusal stands, and it is not the plan's doing.
	res, err = Run(w, Plan{Requests: []Request{change(fuzz.BaseNow, fuzz.BaseUpgrade, "ecs.g7.xlarge")}})
	if err != nil {
		t.Fatal(err)
	}
	if o := res.Outcomes[0]; len(res.Outcomes) != 1 || o.Code != "OperationDenied.NoStock" || o.CausedByPlan != nil {
		t.Fatalf("without the option: %+v", res.Outcomes)
	}
}

// TestInvalidPlans: a plan that cannot be run is an error naming the request or rule, and
// nothing runs.
func TestInvalidPlans(t *testing.T) {
	w := oneWorld(t, model.StatusRunning, 0, nil)
	now := fuzz.BaseNow
	for name, p := range map[string]Plan{
		"unknown instance":     {Requests: []Request{{At: now, Operation: OpModify, InstanceID: "i-nope", Targets: []string{fuzz.BaseUpgrade}}}},
		"unknown account":      {Requests: []Request{{At: now, Operation: OpStop, InstanceID: fuzz.BaseInstance, AccountID: "9"}}},
		"unknown operation":    {Requests: []Request{{At: now, Operation: "DeleteInstance", InstanceID: fuzz.BaseInstance}}},
		"no targets":           {Requests: []Request{{At: now, Operation: OpModify, InstanceID: fuzz.BaseInstance}}},
		"before the world":     {Requests: []Request{change(now.Add(-time.Second), fuzz.BaseUpgrade)}},
		"out of order":         {Requests: []Request{change(now.Add(time.Second), fuzz.BaseUpgrade), change(now, fuzz.BaseType)}},
		"rule without targets": {Rules: []ResizeRule{{Start: now}}},
		"unknown RAM user":     {Requests: []Request{{At: now, Operation: OpStop, InstanceID: fuzz.BaseInstance, RAMUser: "nobody"}}},
		"too many retries":     {Options: Options{RetryThrottling: &Backoff{Retries: MaxRetries + 1}}},
	} {
		if _, err := Run(w, p); !errors.Is(err, ErrInvalidPlan) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestFilter: each field of a filter selects as documented.
func TestFilter(t *testing.T) {
	fw := fuzz.Baseline()
	cat := fw.Build().Catalog
	in := model.Instance{InstanceType: "ecs.g6.xlarge", ZoneID: "z1", Status: model.StatusRunning,
		Tags: []model.Tag{{TagKey: "env", TagValue: "prod"}, {TagKey: "team", TagValue: "a"}}}
	for _, c := range []struct {
		f    Filter
		want bool
	}{
		{Filter{}, true},
		{Filter{InstanceTypes: []string{"ecs.g6.large", "ecs.g6.xlarge"}}, true},
		{Filter{InstanceTypes: []string{"ecs.g6.large"}}, false},
		{Filter{Families: []string{"ecs.g6"}}, true},
		{Filter{Families: []string{"ecs.g7"}}, false},
		{Filter{Zones: []string{"z2"}}, false},
		{Filter{Statuses: []model.Status{model.StatusStopped}}, false},
		{Filter{Tags: []model.Tag{{TagKey: "env", TagValue: "prod"}, {TagKey: "team"}}}, true},
		{Filter{Tags: []model.Tag{{TagKey: "env", TagValue: "dev"}}}, false},
		{Filter{AccountIDs: []string{"other"}}, false},
	} {
		if got := matches(&c.f, &in, "owner", cat); got != c.want {
			t.Errorf("%+v: %v, want %v", c.f, got, c.want)
		}
	}
}
