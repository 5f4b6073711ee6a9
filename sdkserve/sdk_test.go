package sdkserve_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/respec-dev/respec/endpoint"
)

const (
	region  = "cn-hangzhou"
	owner   = endpoint.ExampleKeyOwner
	running = "i-bp1g6example000001"
	stopped = "i-bp1g6stopped00002"
	expired = "i-bp1g6expired00003"
)

// wantSDKError checks that err is the SDK's *tea.SDKError with code and status.
func wantSDKError(t *testing.T, what string, err error, code string, status int) {
	t.Helper()
	var se *tea.SDKError
	if !errors.As(err, &se) {
		t.Errorf("%s: error %T %v, want *tea.SDKError", what, err, err)
		return
	}
	if tea.StringValue(se.Code) != code || tea.IntValue(se.StatusCode) != status {
		t.Errorf("%s: %s %d, want %s %d (%s)", what, tea.StringValue(se.Code), tea.IntValue(se.StatusCode), code, status, tea.StringValue(se.Message))
	}
}

// Every action through the official SDK, signed V3 and V2: the bodies decode into the SDK's
// structs with the world's values.
func TestEveryAction(t *testing.T) {
	for _, signing := range signings {
		t.Run(signing, func(t *testing.T) {
			addr, sig := serveSigned(t)
			c := newClient(t, addr, owner, signing)
			defer func() {
				// Every SDK call arrived signed the way the client was configured (the
				// operator's dumps are not signed).
				v2, v3 := sig.v2.Load(), sig.v3.Load()
				if (signing == "v2") != (v2 > 0) || (signing == "v3") != (v3 > 0) || v2+v3 != 9 { // the nine SDK calls below
					t.Errorf("%s: %d calls signed V2, %d V3", signing, v2, v3)
				}
			}()

			di, err := c.DescribeInstances(&ecs.DescribeInstancesRequest{RegionId: tea.String(region), PageSize: tea.Int32(2), PageNumber: tea.Int32(1)})
			if err != nil {
				t.Fatal(err)
			}
			if tea.Int32Value(di.Body.TotalCount) != 4 || len(di.Body.Instances.Instance) != 2 || tea.Int32Value(di.Body.PageSize) != 2 {
				t.Errorf("DescribeInstances: %v", di.Body)
			}
			first := di.Body.Instances.Instance[0]
			if tea.StringValue(first.InstanceId) != running || tea.StringValue(first.InstanceType) != "ecs.g6.xlarge" ||
				tea.StringValue(first.Status) != "Running" || tea.StringValue(first.InstanceChargeType) != "PrePaid" ||
				tea.StringValue(first.ExpiredTime) != "2027-06-01T16:00Z" || tea.StringValue(first.ZoneId) != "cn-hangzhou-h" ||
				tea.Int32Value(first.Cpu) != 4 || tea.Int32Value(first.Memory) != 16384 || first.OperationLocks == nil {
				t.Errorf("DescribeInstances instance: %v", first)
			}

			da, err := c.DescribeInstanceAttribute(&ecs.DescribeInstanceAttributeRequest{InstanceId: tea.String(stopped)})
			if err != nil {
				t.Fatal(err)
			}
			if tea.StringValue(da.Body.Status) != "Stopped" || tea.StringValue(da.Body.InstanceId) != stopped || tea.StringValue(da.Body.RegionId) != region {
				t.Errorf("DescribeInstanceAttribute: %v", da.Body)
			}

			dr, err := c.DescribeResourcesModification(&ecs.DescribeResourcesModificationRequest{RegionId: tea.String(region), ResourceId: tea.String(running),
				DestinationResource: tea.String("InstanceType"), OperationType: tea.String("Upgrade"), Cores: tea.Int32(8), Memory: tea.Float32(32)})
			if err != nil {
				t.Fatal(err)
			}
			zones := dr.Body.AvailableZones.AvailableZone
			if len(zones) != 1 || tea.StringValue(zones[0].ZoneId) != "cn-hangzhou-h" {
				t.Fatalf("DescribeResourcesModification: %v", dr.Body)
			}
			var values []string
			for _, sr := range zones[0].AvailableResources.AvailableResource[0].SupportedResources.SupportedResource {
				values = append(values, tea.StringValue(sr.Value))
				if tea.StringValue(sr.Status) != "Available" || tea.StringValue(sr.StatusCategory) != "WithStock" {
					t.Errorf("%s: %s %s", tea.StringValue(sr.Value), tea.StringValue(sr.Status), tea.StringValue(sr.StatusCategory))
				}
			}
			if !contains(values, "ecs.g6.2xlarge") {
				t.Errorf("8 vCPU 32 GiB upgrades: %v", values)
			}

			pr, err := c.DescribeInstanceModificationPrice(&ecs.DescribeInstanceModificationPriceRequest{RegionId: tea.String(region), InstanceId: tea.String(running), InstanceType: tea.String("ecs.g6.2xlarge")})
			if err != nil {
				t.Fatal(err)
			}
			price := pr.Body.PriceInfo.Price
			trade := tea.Float32Value(price.TradePrice)
			if tea.StringValue(price.Currency) != "CNY" || trade <= 0 || tea.Float32Value(price.OriginalPrice) < trade ||
				len(price.DetailInfos.DetailInfo) != 1 || tea.StringValue(price.DetailInfos.DetailInfo[0].Resource) != "instanceType" {
				t.Errorf("DescribeInstanceModificationPrice: %v", pr.Body)
			}

			if _, err := c.StopInstance(&ecs.StopInstanceRequest{InstanceId: tea.String(running)}); err != nil {
				t.Fatal(err)
			}
			before := charged(t, addr)
			mp, err := c.ModifyPrepayInstanceSpec(&ecs.ModifyPrepayInstanceSpecRequest{RegionId: tea.String(region), InstanceId: tea.String(running),
				InstanceType: tea.String("ecs.g6.2xlarge"), AutoPay: tea.Bool(true)})
			if err != nil {
				t.Fatal(err)
			}
			if tea.StringValue(mp.Body.OrderId) == "" || tea.StringValue(mp.Body.RequestId) == "" || tea.Int32Value(mp.StatusCode) != 200 {
				t.Errorf("ModifyPrepayInstanceSpec: %v", mp)
			}
			after := charged(t, addr)
			if got := fmt.Sprint(trade); diffMoney(before, after) != got {
				t.Errorf("quoted %s, charged %s (from %s to %s)", got, diffMoney(before, after), before, after)
			}
			if _, err := c.StartInstance(&ecs.StartInstanceRequest{InstanceId: tea.String(running)}); err != nil {
				t.Fatal(err)
			}
			if _, err := c.RebootInstance(&ecs.RebootInstanceRequest{InstanceId: tea.String(running)}); err != nil {
				t.Fatal(err)
			}
			da, err = c.DescribeInstanceAttribute(&ecs.DescribeInstanceAttributeRequest{InstanceId: tea.String(running)})
			if err != nil {
				t.Fatal(err)
			}
			if tea.StringValue(da.Body.InstanceType) != "ecs.g6.2xlarge" || tea.StringValue(da.Body.Status) != "Running" {
				t.Errorf("after the change and a start: %v", da.Body)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Errors arrive as *tea.SDKError with the code and status, V3 and V2.
func TestErrors(t *testing.T) {
	for _, signing := range signings {
		t.Run(signing, func(t *testing.T) {
			addr, _ := serveT(t)
			c := newClient(t, addr, owner, signing)
			_, err := c.StopInstance(&ecs.StopInstanceRequest{InstanceId: tea.String("i-nope")})
			wantSDKError(t, "unknown instance", err, "InvalidInstanceId.NotFound", 404)
			_, err = c.StartInstance(&ecs.StartInstanceRequest{InstanceId: tea.String(running)})
			wantSDKError(t, "start a running instance", err, "IncorrectInstanceStatus", 403)
			_, err = c.ModifyPrepayInstanceSpec(&ecs.ModifyPrepayInstanceSpecRequest{RegionId: tea.String(region), InstanceId: tea.String(running)})
			wantSDKError(t, "no InstanceType", err, "MissingParameter", 400)
			_, err = c.ModifyPrepayInstanceSpec(&ecs.ModifyPrepayInstanceSpecRequest{RegionId: tea.String(region), InstanceId: tea.String(running), InstanceType: tea.String("ecs.g6.large")})
			wantSDKError(t, "downgrade a running instance", err, "InvalidStatus.NotStopped", 400)
			_, err = c.DescribeInstanceModificationPrice(&ecs.DescribeInstanceModificationPriceRequest{RegionId: tea.String(region), InstanceId: tea.String(running), InstanceType: tea.String("ecs.g6.large")})
			wantSDKError(t, "price of a downgrade", err, "InvalidInstanceType.NotSupportUpgrade", 403)
			_, err = c.DescribeInstanceModificationPrice(&ecs.DescribeInstanceModificationPriceRequest{RegionId: tea.String(region), InstanceId: tea.String(expired), InstanceType: tea.String("ecs.g6.2xlarge")})
			wantSDKError(t, "price of an expired instance", err, "InstanceExpired", 403)
			_, err = c.DescribeResourcesModification(&ecs.DescribeResourcesModificationRequest{RegionId: tea.String(region), ResourceId: tea.String(running),
				DestinationResource: tea.String("InstanceType"), OperationType: tea.String("Sideways")})
			wantSDKError(t, "bad OperationType", err, "Invalid.OperationType", 400)
			_, err = c.DescribeResourcesModification(&ecs.DescribeResourcesModificationRequest{RegionId: tea.String(region), ResourceId: tea.String(running),
				DestinationResource: tea.String("Bandwidth")})
			wantSDKError(t, "bad DestinationResource", err, "Invalid.DestinationResource", 404)

			_, err = newClient(t, addr, "no-such-key", signing).DescribeInstances(&ecs.DescribeInstancesRequest{RegionId: tea.String(region)})
			wantSDKError(t, "unknown AccessKeyId", err, "InvalidAccessKeyId.NotFound", 404)
			auditor := newClient(t, addr, endpoint.ExampleKeyReadOnly, signing)
			if _, err := auditor.DescribeInstances(&ecs.DescribeInstancesRequest{RegionId: tea.String(region)}); err != nil {
				t.Errorf("the auditor describes: %v", err)
			}
			_, err = auditor.ModifyPrepayInstanceSpec(&ecs.ModifyPrepayInstanceSpecRequest{RegionId: tea.String(region), InstanceId: tea.String(running), InstanceType: tea.String("ecs.g6.2xlarge")})
			wantSDKError(t, "RAM user without the permission", err, "Forbidden.RAM", 403)
			_, err = auditor.StopInstance(&ecs.StopInstanceRequest{InstanceId: tea.String(running)})
			wantSDKError(t, "RAM user stops", err, "Forbidden.RAM", 403)
		})
	}
}

// The Terraform resize flow through the SDK: stop, ModifyPrepayInstanceSpec, poll
// DescribeInstances until the type shows, start. A retry with the same ClientToken answers the
// same OrderId and charges once; another change within the completion window is
// LastOrderProcessing; a burst past the throttle limit is Throttling with the retry-after, and
// the next minute (the manual clock moved through the operator endpoint) goes through.
func TestTerraformResizeFlow(t *testing.T) {
	addr, _ := serveT(t)
	c := newClient(t, addr, owner, "v3")
	if _, err := c.StopInstance(&ecs.StopInstanceRequest{InstanceId: tea.String(running)}); err != nil {
		t.Fatal(err)
	}
	req := &ecs.ModifyPrepayInstanceSpecRequest{RegionId: tea.String(region), InstanceId: tea.String(running),
		InstanceType: tea.String("ecs.g6.2xlarge"), ClientToken: tea.String("terraform-resize-1")}
	before := charged(t, addr)
	first, err := c.ModifyPrepayInstanceSpec(req)
	if err != nil {
		t.Fatal(err)
	}
	once := charged(t, addr)
	retry, err := c.ModifyPrepayInstanceSpec(req)
	if err != nil {
		t.Fatal(err)
	}
	if tea.StringValue(first.Body.OrderId) != tea.StringValue(retry.Body.OrderId) || tea.StringValue(first.Body.OrderId) == "" {
		t.Errorf("retry: OrderId %s then %s", tea.StringValue(first.Body.OrderId), tea.StringValue(retry.Body.OrderId))
	}
	if twice := charged(t, addr); twice != once || once == before {
		t.Errorf("charges: %s before, %s after the change, %s after the retry", before, once, twice)
	}
	_, err = c.ModifyPrepayInstanceSpec(&ecs.ModifyPrepayInstanceSpecRequest{RegionId: tea.String(region), InstanceId: tea.String(running), InstanceType: tea.String("ecs.g6.4xlarge")})
	wantSDKError(t, "change within the completion window", err, "LastOrderProcessing", 400)

	polls := 0
	for ; polls < 10; polls++ {
		di, err := c.DescribeInstances(&ecs.DescribeInstancesRequest{RegionId: tea.String(region), InstanceIds: tea.String(`["` + running + `"]`)})
		if err != nil {
			t.Fatal(err)
		}
		if tea.StringValue(di.Body.Instances.Instance[0].InstanceType) == "ecs.g6.2xlarge" {
			break
		}
		operator(t, addr, "POST", endpoint.PathClock+"?advance=2s")
	}
	if polls == 0 || polls == 10 {
		t.Fatalf("the type showed after %d polls (2 s apart)", polls)
	}
	if _, err := c.StartInstance(&ecs.StartInstanceRequest{InstanceId: tea.String(running)}); err != nil {
		t.Fatal(err)
	}

	// The burst: the example world allows ExampleModifyLimit calls a minute.
	now, _ := time.Parse(time.RFC3339Nano, operator(t, addr, "GET", endpoint.PathClock)["Now"].(string))
	operator(t, addr, "POST", endpoint.PathClock+"?to="+now.Truncate(time.Minute).Add(time.Minute+15*time.Second).Format(time.RFC3339))
	typed := typedClient(t, addr, owner)
	bad := &ecs.ModifyPrepayInstanceSpecRequest{RegionId: tea.String(region), InstanceId: tea.String(stopped), InstanceType: tea.String("ecs.nope")}
	var last error
	for i := 0; i <= endpoint.ExampleModifyLimit; i++ {
		_, last = typed.ModifyPrepayInstanceSpec(bad)
	}
	var te *openapi.ThrottlingError
	if !errors.As(last, &te) || tea.StringValue(te.Code) != "Throttling" || tea.Int64Value(te.RetryAfter) != 45000 {
		t.Fatalf("burst: %T %v", last, last)
	}
	_, err = c.ModifyPrepayInstanceSpec(bad)
	wantSDKError(t, "throttled, as SDKError", err, "Throttling", 400)
	operator(t, addr, "POST", endpoint.PathClock+"?advance=45s")
	if _, err := c.ModifyPrepayInstanceSpec(&ecs.ModifyPrepayInstanceSpecRequest{RegionId: tea.String(region), InstanceId: tea.String(stopped), InstanceType: tea.String("ecs.g6.large")}); err != nil {
		t.Errorf("the next minute: %v", err)
	}
}
