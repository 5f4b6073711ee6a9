package sdkcheck

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/respec-dev/respec/importer"
	"github.com/respec-dev/respec/model"
)

// strictDecode decodes b into v, refusing a key v has no field for (exact case: the SDK's
// JSON names).
func strictDecode(t *testing.T, name string, b []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Errorf("%s does not decode into %T: %v", name, v, err)
	}
}

func fixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "importer", "testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Every key of the importer's ECS fixtures is a field of the official SDK's response struct,
// with a value of its type: the fixtures are in the shapes the SDK (and the aliyun CLI) print.
// (The BSS fixtures, QueryOrders and GetOrderDetail, follow the bssopenapi-20171214 models;
// that SDK is not a dependency of this module.)
func TestImportFixturesAreSDKShapes(t *testing.T) {
	strictDecode(t, "describe-instances.json", fixture(t, "describe-instances.json"), new(ecs.DescribeInstancesResponseBody))
	strictDecode(t, "describe-instance.json", fixture(t, "describe-instance.json"), new(ecs.DescribeInstancesResponseBody))
	strictDecode(t, "describe-disks.json", fixture(t, "describe-disks.json"), new(ecs.DescribeDisksResponseBody))
	strictDecode(t, "describe-network-interfaces.json", fixture(t, "describe-network-interfaces.json"), new(ecs.DescribeNetworkInterfacesResponseBody))
	strictDecode(t, "describe-instance-types.json", fixture(t, "describe-instance-types.json"), new(ecs.DescribeInstanceTypesResponseBody))
	strictDecode(t, "describe-resources-modification.json", fixture(t, "describe-resources-modification.json"), new(ecs.DescribeResourcesModificationResponseBody))
	strictDecode(t, "describe-available-resource.json", fixture(t, "describe-available-resource.json"), new(ecs.DescribeAvailableResourceResponseBody))
	var calls []struct {
		Request  map[string]string
		Response json.RawMessage
	}
	if err := json.Unmarshal(fixture(t, "describe-price.json"), &calls); err != nil || len(calls) == 0 {
		t.Fatalf("describe-price.json: %v", err)
	}
	for i, c := range calls {
		strictDecode(t, "describe-price.json["+string(rune('0'+i))+"].Response", c.Response, new(ecs.DescribePriceResponseBody))
	}
}

// What the SDK's own structs marshal to is what respec import reads.
func TestImportReadsSDKOutput(t *testing.T) {
	body := &ecs.DescribeInstancesResponseBody{
		RequestId:  dara.String("473469C7-AA6F-4DC5-B3DB-A3DC0DE3C83E"),
		TotalCount: dara.Int32(1),
		Instances: &ecs.DescribeInstancesResponseBodyInstances{Instance: []*ecs.DescribeInstancesResponseBodyInstancesInstance{{
			InstanceId: dara.String("i-bp1sdk000000000001"), RegionId: dara.String("cn-hangzhou"), ZoneId: dara.String("cn-hangzhou-h"),
			Status: dara.String("Stopped"), InstanceChargeType: dara.String("PrePaid"), InstanceType: dara.String("ecs.g6.2xlarge"),
			CreationTime: dara.String("2026-01-01T00:00Z"), ExpiredTime: dara.String("2027-01-01T16:00Z"),
			OSType: dara.String("linux"), InstanceNetworkType: dara.String("vpc"), ImageId: dara.String("img-1"),
			EipAddress: &ecs.DescribeInstancesResponseBodyInstancesInstanceEipAddress{IpAddress: dara.String("47.1.2.3")},
			NetworkInterfaces: &ecs.DescribeInstancesResponseBodyInstancesInstanceNetworkInterfaces{
				NetworkInterface: []*ecs.DescribeInstancesResponseBodyInstancesInstanceNetworkInterfacesNetworkInterface{{
					NetworkInterfaceId: dara.String("eni-1"), Type: dara.String("Primary"),
					PrivateIpSets: &ecs.DescribeInstancesResponseBodyInstancesInstanceNetworkInterfacesNetworkInterfacePrivateIpSets{
						PrivateIpSet: []*ecs.DescribeInstancesResponseBodyInstancesInstanceNetworkInterfacesNetworkInterfacePrivateIpSetsPrivateIpSet{
							{Primary: dara.Bool(true), PrivateIpAddress: dara.String("172.16.0.1")},
							{Primary: dara.Bool(false), PrivateIpAddress: dara.String("172.16.0.2")},
						}},
				}}},
			OperationLocks: &ecs.DescribeInstancesResponseBodyInstancesInstanceOperationLocks{
				LockReason: []*ecs.DescribeInstancesResponseBodyInstancesInstanceOperationLocksLockReason{{LockReason: dara.String("security")}}},
		}}},
	}
	b, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	res, err := importer.Import(importer.Input{Now: time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC), TargetType: "ecs.g6.xlarge", Instances: b})
	if err != nil {
		t.Fatal(err)
	}
	inst := res.Scenarios[0].Facts.Instance
	if inst.InstanceID != "i-bp1sdk000000000001" || inst.Status != model.StatusStopped || inst.NetworkType != "vpc" ||
		inst.Image.ImageID != "img-1" || inst.EIPAddress != "47.1.2.3" || len(inst.ENIs) != 1 || inst.ENIs[0].PrivateIPv4 != 2 ||
		!inst.ExpiredTime.Equal(time.Date(2027, 1, 1, 16, 0, 0, 0, time.UTC)) || len(inst.OperationLocks) != 1 || inst.OperationLocks[0] != "security" {
		t.Errorf("imported %+v", inst)
	}
}
