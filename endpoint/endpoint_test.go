package endpoint_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/endpoint"
	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/examples"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/server"
	"github.com/respec-dev/respec/world"
	"github.com/shopspring/decimal"
)

// rig is a backend over the example world behind a server with a manual clock.
type rig struct {
	t     testing.TB
	b     *endpoint.Backend
	clock *server.ManualClock
	s     *server.Server
}

func newRig(t testing.TB) *rig {
	t.Helper()
	st, err := endpoint.Example()
	if err != nil {
		t.Fatal(err)
	}
	return newRigWith(t, st)
}

func newRigWith(t testing.TB, st endpoint.State) *rig {
	t.Helper()
	b, err := endpoint.New(st, nil)
	if err != nil {
		t.Fatal(err)
	}
	clock := server.NewManualClock(st.World.Now())
	s, err := server.NewServer(server.Config{Backend: b, Clock: clock, Operator: b.Operator(clock)})
	if err != nil {
		t.Fatal(err)
	}
	return &rig{t: t, b: b, clock: clock, s: s}
}

// call sends action with the query params as the SDK's V3 path does, with AccessKeyId key,
// and returns the status and the decoded JSON body.
func (r *rig) call(key, action string, params map[string]string) (int, map[string]any) {
	r.t.Helper()
	q := url.Values{}
	for k, v := range params {
		q.Set(k, v)
	}
	req := httptest.NewRequest(http.MethodPost, "/?"+q.Encode(), nil)
	req.Header.Set("x-acs-action", action)
	req.Header.Set("x-acs-version", server.APIVersion)
	req.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential="+key+",SignedHeaders=host,Signature=x")
	w := httptest.NewRecorder()
	r.s.ServeHTTP(w, req)
	var body map[string]any
	dec := json.NewDecoder(w.Body)
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		r.t.Fatalf("%s: body is not JSON: %v\n%s", action, err, w.Body.String())
	}
	return w.Code, body
}

// must calls and wants 200.
func (r *rig) must(key, action string, params map[string]string) map[string]any {
	r.t.Helper()
	code, body := r.call(key, action, params)
	if code != http.StatusOK {
		r.t.Fatalf("%s %v: %d %v", action, params, code, body)
	}
	return body
}

// refused calls and wants the error id.
func (r *rig) refused(key, action string, params map[string]string, want errcodes.ID) {
	r.t.Helper()
	code, body := r.call(key, action, params)
	if code != want.HTTPStatus() || body["Code"] != want.Code() {
		r.t.Errorf("%s %v: %d %v, want %d %s", action, params, code, body, want.HTTPStatus(), want.Code())
	}
}

const (
	owner   = endpoint.ExampleKeyOwner
	region  = "cn-hangzhou"
	running = "i-bp1g6example000001"
	stopped = "i-bp1g6stopped00002"
	expired = "i-bp1g6expired00003"
	noStock = "i-bp1g6zonei000005"
)

func inst(id string, kv ...string) map[string]string {
	m := map[string]string{"RegionId": region, "InstanceId": id}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return m
}

// listed returns the types DescribeResourcesModification lists for id and operation.
func (r *rig) listed(id, op string) map[string]string {
	r.t.Helper()
	body := r.must(owner, server.ActionDescribeResourcesModification, map[string]string{
		"RegionId": region, "ResourceId": id, "DestinationResource": "InstanceType", "OperationType": op})
	out := map[string]string{}
	for _, z := range body["AvailableZones"].(map[string]any)["AvailableZone"].([]any) {
		for _, res := range z.(map[string]any)["AvailableResources"].(map[string]any)["AvailableResource"].([]any) {
			for _, sr := range res.(map[string]any)["SupportedResources"].(map[string]any)["SupportedResource"].([]any) {
				m := sr.(map[string]any)
				out[m["Value"].(string)] = m["StatusCategory"].(string)
			}
		}
	}
	return out
}

// DescribeResourcesModification lists a type exactly when ModifyPrepayInstanceSpec, asked for
// it at the same moment on the same world, accepts it, stock aside: for every instance of the
// example world, both directions and every catalog type.
//
// Stock aside: the listing ignores stock (it reports it), so it is compared with what
// ModifyPrepayInstanceSpec does on the same world over the same catalog with every type in
// stock everywhere; and the listing itself is the same over both catalogs.
func TestListedExactlyWhenAccepted(t *testing.T) {
	r := newRig(t)
	data := *catalog.Default().Data()
	data.Types = append([]model.InstanceType(nil), data.Types...)
	for i := range data.Types {
		data.Types[i].Stock = nil
	}
	inStock, err := model.NewCatalog(data)
	if err != nil {
		t.Fatal(err)
	}
	st, err := endpoint.ExampleOver(inStock)
	if err != nil {
		t.Fatal(err)
	}
	w := st.World
	rs := newRigWith(t, st)
	for _, id := range w.InstanceIDs() {
		for _, op := range []string{"Upgrade", "Downgrade"} {
			list := r.listed(id, op)
			if l2 := rs.listed(id, op); len(l2) != len(list) {
				t.Errorf("%s %s: %d types listed, %d with every type in stock", id, op, len(list), len(l2))
			}
			accepted := 0
			for k := 0; k < w.Catalog().Len(); k++ {
				typ := w.Catalog().At(k).InstanceTypeID
				_, out, err := w.ModifyPrepayInstanceSpec(w.Now(), world.ModifyInput{Caller: world.Caller{AccountID: endpoint.ExampleAccount},
					Params: map[string]string{"RegionId": region, "InstanceId": id, "InstanceType": typ, "OperatorType": strings.ToLower(op)}})
				if err != nil {
					t.Fatal(err)
				}
				ok := out.Err == nil
				_, inList := list[typ]
				if ok != inList {
					t.Errorf("%s %s %s: listed %v, ModifyPrepayInstanceSpec %q", id, op, typ, inList, out.Code())
				}
				if ok {
					accepted++
				}
			}
			t.Logf("%s %s: %d types", id, op, accepted)
		}
	}
	if n := len(r.listed(running, "Upgrade")); n == 0 {
		t.Error("the running instance has no upgrade target")
	}
	if n := len(r.listed(stopped, "Downgrade")); n == 0 {
		t.Error("the stopped instance has no downgrade target")
	}
	soldOut := false
	for _, cat := range r.listed(noStock, "Upgrade") {
		soldOut = soldOut || cat == "WithoutStock" || cat == "ClosedWithoutStock"
	}
	if !soldOut {
		t.Error("the no-stock instance lists no sold-out type")
	}
}

// The price DescribeInstanceModificationPrice quotes is what ModifyPrepayInstanceSpec then
// charges, for every upgrade target of the running instance.
func TestPriceIsTheCharge(t *testing.T) {
	base := newRig(t)
	paid := 0
	defer func() {
		if paid < 3 {
			t.Errorf("only %d upgrades were within the balance", paid)
		}
	}()
	for typ, cat := range base.listed(running, "Upgrade") {
		if cat != "WithStock" && cat != "ClosedWithStock" {
			continue
		}
		r := newRig(t)
		r.clock.Advance(37 * time.Minute)
		body := r.must(owner, server.ActionDescribeInstanceModificationPrice, inst(running, "InstanceType", typ))
		price := body["PriceInfo"].(map[string]any)["Price"].(map[string]any)
		trade := decimal.RequireFromString(price["TradePrice"].(json.Number).String())
		before, _ := r.b.Snapshot().World.Account(endpoint.ExampleAccount)
		r.must(owner, server.ActionModifyPrepayInstanceSpec, inst(running, "InstanceType", typ))
		after, _ := r.b.Snapshot().World.Account(endpoint.ExampleAccount)
		charged := after.Charged.Sub(before.Charged)
		switch {
		case trade.LessThanOrEqual(before.Account.Balance):
			paid++
			if !charged.Equal(trade) {
				t.Errorf("%s: quoted %s, charged %s", typ, trade, charged)
			}
		case !charged.IsZero(): // AutoPay without the balance: an abnormal order, no charge
			t.Errorf("%s: quoted %s over the balance %s, charged %s", typ, trade, before.Account.Balance, charged)
		}
		if price["Currency"] != "CNY" {
			t.Errorf("%s: currency %v", typ, price["Currency"])
		}
	}
}

func TestPriceErrors(t *testing.T) {
	r := newRig(t)
	a := server.ActionDescribeInstanceModificationPrice
	r.refused(owner, a, inst(running, "InstanceType", "ecs.g6.large"), errcodes.InvalidInstanceTypeNotSupportUpgrade)
	r.refused(owner, a, inst(expired, "InstanceType", "ecs.g6.2xlarge"), errcodes.InstanceExpired)
	r.refused(owner, a, inst(running), errcodes.MissingParameterInstanceTypeOrDataDisk)
	r.refused(owner, a, inst(running, "InstanceType", "ecs.nope"), errcodes.InvalidInstanceTypeValueNotSupportedPrice)
	r.refused(owner, a, inst("i-unknown", "InstanceType", "ecs.g6.2xlarge"), errcodes.InvalidInstanceIdNotFound404)

	// A pay-as-you-go instance: ChargeTypeViolation.
	st := r.b.Snapshot()
	w := st.World
	in, _, _ := w.Instance(running)
	in.InstanceID, in.ChargeType = "i-postpaid", "PostPaid"
	b := world.NewBuilder(w.Now(), w.Catalog(), w.Policy(), w.Limits())
	acct, _ := w.Account(endpoint.ExampleAccount)
	b.AddAccount(world.AccountSpec{Account: acct.Account})
	b.AddInstance(endpoint.ExampleAccount, in)
	pw, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	r2 := newRigWith(t, endpoint.State{World: pw, Keys: map[string]world.Caller{owner: {AccountID: endpoint.ExampleAccount}}})
	r2.refused(owner, a, inst("i-postpaid", "InstanceType", "ecs.g6.2xlarge"), errcodes.ChargeTypeViolation)
}

func TestDescribeResourcesModificationErrors(t *testing.T) {
	r := newRig(t)
	a := server.ActionDescribeResourcesModification
	p := func(kv ...string) map[string]string {
		m := map[string]string{"RegionId": region, "ResourceId": running, "DestinationResource": "InstanceType"}
		for i := 0; i+1 < len(kv); i += 2 {
			if kv[i+1] == "" {
				delete(m, kv[i])
			} else {
				m[kv[i]] = kv[i+1]
			}
		}
		return m
	}
	r.refused(owner, a, p("DestinationResource", ""), errcodes.InvalidParam)
	r.refused(owner, a, p("DestinationResource", "Bandwidth"), errcodes.InvalidDestinationResource)
	r.refused(owner, a, p("DestinationResource", "SystemDisk", "Cores", "2"), errcodes.InvalidParamCores)
	r.refused(owner, a, p("DestinationResource", "SystemDisk", "Memory", "8"), errcodes.InvalidParamMemory)
	r.refused(owner, a, p("OperationType", "Sideways"), errcodes.InvalidOperationType)
	r.refused(owner, a, p("OperationType", "RenewDowngrade"), errcodes.InvalidOperationType)
	r.refused(owner, a, p("InstanceType", "ecs.g6.2xlarge", "Cores", "8"), errcodes.InvalidParamTypeAndCpuMemConflict)
	r.refused(owner, a, p("RegionId", "xx-nowhere-9"), errcodes.InvalidRegionId)
	r.refused(owner, a, p("ResourceId", "i-unknown"), errcodes.InvalidResourceIdNotFound)
	r.refused(owner, a, p("ResourceId", ""), errcodes.MissingParameter)

	// Cores and Memory filter the list.
	all := r.listed(running, "Upgrade")
	body := r.must(owner, a, p("Cores", "8"))
	zones := body["AvailableZones"].(map[string]any)["AvailableZone"].([]any)
	if len(zones) != 1 {
		t.Fatalf("Cores=8: %v", body)
	}
	got := zones[0].(map[string]any)["AvailableResources"].(map[string]any)["AvailableResource"].([]any)[0].(map[string]any)["SupportedResources"].(map[string]any)["SupportedResource"].([]any)
	if len(got) == 0 || len(got) >= len(all) {
		t.Errorf("Cores=8 lists %d of %d types", len(got), len(all))
	}
	w := r.b.Snapshot().World
	for _, g := range got {
		typ, _ := w.Catalog().Type(g.(map[string]any)["Value"].(string))
		if typ.CPU != 8 {
			t.Errorf("Cores=8 lists %s with %d vCPUs", typ.InstanceTypeID, typ.CPU)
		}
	}
}

// Keys name callers: an unknown one is InvalidAccessKeyId.NotFound, a RAM user without the
// permission is Forbidden.RAM, with it the call goes through.
func TestAccessKeys(t *testing.T) {
	r := newRig(t)
	r.refused("nobody", server.ActionDescribeInstances, map[string]string{"RegionId": region}, errcodes.InvalidAccessKeyIdNotFound)
	r.refused("nobody", server.ActionModifyPrepayInstanceSpec, inst(running, "InstanceType", "ecs.g6.2xlarge"), errcodes.InvalidAccessKeyIdNotFound)
	r.refused(endpoint.ExampleKeyReadOnly, server.ActionModifyPrepayInstanceSpec, inst(running, "InstanceType", "ecs.g6.2xlarge"), errcodes.ForbiddenRAM)
	r.refused(endpoint.ExampleKeyReadOnly, server.ActionStopInstance, inst(running), errcodes.ForbiddenRAM)
	r.must(endpoint.ExampleKeyReadOnly, server.ActionDescribeInstances, map[string]string{"RegionId": region})
	r.must(endpoint.ExampleKeyOperator, server.ActionStopInstance, inst(running))
	r.must(endpoint.ExampleKeyOperator, server.ActionModifyPrepayInstanceSpec, inst(running, "InstanceType", "ecs.g6.2xlarge"))
}

// The resize flow: stop, change, the type shows once the instance starts; a ClientToken
// retry answers the same OrderId and charges once; a change within the completion window is
// LastOrderProcessing; a burst past the limit is Throttling with the retry-after header, and
// the next minute goes through.
func TestResizeFlow(t *testing.T) {
	r := newRig(t)
	r.must(owner, server.ActionStopInstance, inst(running))
	req := inst(running, "InstanceType", "ecs.g6.2xlarge", "ClientToken", "tok-1")
	first := r.must(owner, server.ActionModifyPrepayInstanceSpec, req)
	a1, _ := r.b.Snapshot().World.Account(endpoint.ExampleAccount)
	again := r.must(owner, server.ActionModifyPrepayInstanceSpec, req)
	a2, _ := r.b.Snapshot().World.Account(endpoint.ExampleAccount)
	if first["OrderId"] == "" || first["OrderId"] != again["OrderId"] || !a1.Charged.Equal(a2.Charged) || !a1.Charged.IsPositive() {
		t.Errorf("retry: %v then %v, charged %s then %s", first, again, a1.Charged, a2.Charged)
	}
	r.refused(owner, server.ActionModifyPrepayInstanceSpec, inst(running, "InstanceType", "ecs.g6.4xlarge"), errcodes.LastOrderProcessing)
	body := r.must(owner, server.ActionDescribeInstances, map[string]string{"RegionId": region, "InstanceIds": `["` + running + `"]`})
	is := body["Instances"].(map[string]any)["Instance"].([]any)
	if len(is) != 1 || is[0].(map[string]any)["InstanceType"] != "ecs.g6.xlarge" || is[0].(map[string]any)["Status"] != "Stopped" {
		t.Errorf("before start: %v", is)
	}
	// Once the change completes (the policy's CompletionTime), the Stopped instance shows the
	// type it will start as.
	r.clock.Advance(r.b.Snapshot().World.Policy().CompletionTime.D())
	body = r.must(owner, server.ActionDescribeInstances, map[string]string{"RegionId": region, "InstanceIds": `["` + running + `"]`})
	if is := body["Instances"].(map[string]any)["Instance"].([]any); is[0].(map[string]any)["InstanceType"] != "ecs.g6.2xlarge" {
		t.Errorf("after completion: %v", is)
	}
	r.clock.Advance(time.Minute)
	r.must(owner, server.ActionStartInstance, inst(running))
	attr := r.must(owner, server.ActionDescribeInstanceAttribute, map[string]string{"InstanceId": running})
	if attr["InstanceType"] != "ecs.g6.2xlarge" || attr["Status"] != "Running" || attr["ExpiredTime"] != "2027-06-01T16:00Z" {
		t.Errorf("after start: %v", attr)
	}

	// The burst: the example world allows ExampleModifyLimit calls a minute.
	r.clock.Advance(time.Minute)
	r.clock.Set(r.clock.Now().Truncate(time.Minute).Add(10 * time.Second))
	var last *httptest.ResponseRecorder
	for i := 0; i <= endpoint.ExampleModifyLimit; i++ {
		q := url.Values{"RegionId": {region}, "InstanceId": {stopped}, "InstanceType": {"ecs.nope"}}
		rq := httptest.NewRequest(http.MethodPost, "/?"+q.Encode(), nil)
		rq.Header.Set("x-acs-action", server.ActionModifyPrepayInstanceSpec)
		rq.Header.Set("x-acs-version", server.APIVersion)
		rq.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential="+owner+",SignedHeaders=host,Signature=x")
		last = httptest.NewRecorder()
		r.s.ServeHTTP(last, rq)
	}
	if !strings.Contains(last.Body.String(), `"Code":"Throttling"`) || last.Header().Get(server.RateLimitHeader) != "Limit:20,Remain:0,TimeLeft:50000" {
		t.Errorf("burst: %d %s %q", last.Code, last.Body, last.Header().Get(server.RateLimitHeader))
	}
	r.clock.Advance(50 * time.Second)
	r.refused(owner, server.ActionModifyPrepayInstanceSpec, inst(stopped, "InstanceType", "ecs.nope"), errcodes.InvalidInstanceTypeValueNotSupported400)
}

func TestDescribeInstancesPaging(t *testing.T) {
	r := newRig(t)
	body := r.must(owner, server.ActionDescribeInstances, map[string]string{"RegionId": region, "PageSize": "3", "PageNumber": "2"})
	is := body["Instances"].(map[string]any)["Instance"].([]any)
	if body["TotalCount"] != json.Number("4") || len(is) != 1 || is[0].(map[string]any)["InstanceId"] != noStock {
		t.Errorf("page 2 of 3: %v", body)
	}
	r.refused(owner, server.ActionDescribeInstances, map[string]string{"RegionId": region, "PageSize": "101"}, errcodes.InvalidParameter)
	r.refused(owner, server.ActionDescribeInstances, map[string]string{"RegionId": region, "InstanceIds": "i-1"}, errcodes.InvalidParameter)
	body = r.must(owner, server.ActionDescribeInstances, map[string]string{"RegionId": "cn-beijing"})
	if body["TotalCount"] != json.Number("0") {
		t.Errorf("another region: %v", body)
	}
}

// The operator endpoints: dump, advance a manual clock, load a scenario, reset.
func TestOperator(t *testing.T) {
	r := newRig(t)
	op := func(method, path, body string) (int, map[string]any) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		w := httptest.NewRecorder()
		r.s.ServeHTTP(w, req)
		var m map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil {
			t.Fatalf("%s %s: %v %s", method, path, err, w.Body)
		}
		return w.Code, m
	}
	code, dump := op("GET", endpoint.PathWorld, "")
	if code != 200 || len(dump["Instances"].([]any)) != 4 || len(dump["Accounts"].([]any)) != 1 {
		t.Fatalf("dump: %d %v", code, dump)
	}
	start := r.clock.Now()
	if code, m := op("POST", endpoint.PathClock+"?advance=90s", ""); code != 200 || !r.clock.Now().Equal(start.Add(90*time.Second)) {
		t.Errorf("advance: %d %v", code, m)
	}
	if code, _ := op("POST", endpoint.PathClock+"?to=2020-01-01T00:00:00Z", ""); code != http.StatusConflict {
		t.Errorf("back in time: %d", code)
	}
	if code, _ := op("POST", endpoint.PathClock+"?advance=soon", ""); code != http.StatusBadRequest {
		t.Errorf("bad duration: %d", code)
	}
	r.must(owner, server.ActionStopInstance, inst(running))
	if code, _ := op("POST", endpoint.PathReset, ""); code != 200 {
		t.Error("reset")
	}
	if in, _, _ := r.b.Snapshot().World.Instance(running); in.Status != "Running" {
		t.Errorf("after reset: %s", in.Status)
	}
	code, dump = op("POST", endpoint.PathWorld, scenarioDoc(t))
	if code != 200 || len(dump["Instances"].([]any)) != 1 {
		t.Fatalf("load: %d %v", code, dump)
	}
	// A scenario world: any AccessKeyId is its caller.
	r.must("any-key-at-all", server.ActionDescribeInstanceAttribute, map[string]string{"InstanceId": running})
	if code, m := op("POST", endpoint.PathWorld, `{"now": 1}`); code != 400 || m["Error"] == "" {
		t.Errorf("bad document: %d %v", code, m)
	}
	if code, _ := op("GET", server.OperatorPrefix+"nothing", ""); code != 404 {
		t.Errorf("unknown operator path: %d", code)
	}
	// A real clock does not move.
	rs, _ := server.NewServer(server.Config{Backend: r.b, Operator: r.b.Operator(server.RealClock{})})
	w := httptest.NewRecorder()
	rs.ServeHTTP(w, httptest.NewRequest("POST", endpoint.PathClock+"?advance=1s", nil))
	if w.Code != http.StatusConflict {
		t.Errorf("real clock advance: %d", w.Code)
	}
}

// LoadDocument (the loader of a Backend made without one) reads world files, with their
// accounts and AccessKeys, and scenarios; a document neither reader takes gets the reader's
// error that got further.
func TestLoadDocumentReadsWorldsAndScenarios(t *testing.T) {
	doc, err := os.ReadFile("testdata/world.json")
	if err != nil {
		t.Fatal(err)
	}
	st, err := endpoint.LoadDocument(doc)
	if err != nil {
		t.Fatalf("LoadDocument(world file): %v", err)
	}
	if st.World.Len() < 2 || len(st.Keys) == 0 {
		t.Errorf("LoadDocument(world file): %d instances, %d keys", st.World.Len(), len(st.Keys))
	}
	sc, _ := examples.Read("upgrade-running.json")
	if st, err := endpoint.LoadDocument(sc); err != nil || st.World.Len() != 1 {
		t.Errorf("LoadDocument(scenario): %v", err)
	}
	for _, c := range []struct{ doc, want string }{
		{`{"now": "2026-09-14T02:30:00Z", "accounts": [{"Account": {"AccountId": 7}}]}`, "accounts[0].Account.AccountId"},
		{`{"request": {"InstanceId": 5}}`, `scenario: request["InstanceId"]: must be a string`},
		{`[]`, ""},
	} {
		_, err := endpoint.LoadDocument([]byte(c.doc))
		if !errors.Is(err, endpoint.ErrState) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("LoadDocument(%s): %v, want ErrState naming %q", c.doc, err, c.want)
		}
	}
}
