package sdkserve_test

import (
	"testing"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/tea"
)

// The world file of the endpoint's tests: account 1234567890123456 with the keys AK-OWNER (the
// account), AK-OPS (RAM user ops, who may change types) and AK-AUDITOR (RAM user auditor, who
// may only describe); account 6543210987654321 with AK-OTHER.
const keysWorld = "../endpoint/testdata/world.json"

// Permission errors through the official SDK, against a world file whose AccessKeys map each
// AccessKeyId to an account or a RAM user: a RAM user without the permission is 403
// Forbidden.RAM, one with it is served, an AccessKeyId the file does not list is 404
// InvalidAccessKeyId.NotFound, and another account's key does not see the instance.
func TestWorldFileAccessKeys(t *testing.T) {
	const inst = "i-bp1keys000000"
	for _, signing := range signings {
		t.Run(signing, func(t *testing.T) {
			addr := serveWorldFile(t, keysWorld)
			upgrade := func(key string) error {
				_, err := newClient(t, addr, key, signing).ModifyPrepayInstanceSpec(&ecs.ModifyPrepayInstanceSpecRequest{
					RegionId: tea.String(region), InstanceId: tea.String(inst), InstanceType: tea.String("ecs.g6.2xlarge"), ClientToken: tea.String("tok-" + signing)})
				return err
			}
			auditor := newClient(t, addr, "AK-AUDITOR", signing)
			attr, err := auditor.DescribeInstanceAttribute(&ecs.DescribeInstanceAttributeRequest{InstanceId: tea.String(inst)})
			if err != nil || tea.StringValue(attr.Body.InstanceType) != "ecs.g6.xlarge" {
				t.Fatalf("the auditor describes: %v %v", attr, err)
			}
			wantSDKError(t, "the auditor upgrades", upgrade("AK-AUDITOR"), "Forbidden.RAM", 403)
			_, err = auditor.StopInstance(&ecs.StopInstanceRequest{InstanceId: tea.String(inst)})
			wantSDKError(t, "the auditor stops", err, "Forbidden.RAM", 403)
			wantSDKError(t, "an unlisted key", upgrade("AK-NOBODY"), "InvalidAccessKeyId.NotFound", 404)
			wantSDKError(t, "another account's key", upgrade("AK-OTHER"), "InvalidInstanceId.NotFound", 404)

			resp, err := newClient(t, addr, "AK-OPS", signing).ModifyPrepayInstanceSpec(&ecs.ModifyPrepayInstanceSpecRequest{
				RegionId: tea.String(region), InstanceId: tea.String(inst), InstanceType: tea.String("ecs.g6.2xlarge"), ClientToken: tea.String("tok-" + signing)})
			if err != nil || tea.StringValue(resp.Body.OrderId) == "" || tea.Int32Value(resp.StatusCode) != 200 {
				t.Fatalf("ops upgrades: %v %v", resp, err)
			}
			// The owner's retry with the same ClientToken is the same order.
			again, err := newClient(t, addr, "AK-OWNER", signing).ModifyPrepayInstanceSpec(&ecs.ModifyPrepayInstanceSpecRequest{
				RegionId: tea.String(region), InstanceId: tea.String(inst), InstanceType: tea.String("ecs.g6.2xlarge"), ClientToken: tea.String("tok-" + signing)})
			if err != nil || tea.StringValue(again.Body.OrderId) != tea.StringValue(resp.Body.OrderId) {
				t.Errorf("the owner's retry: %v %v, want OrderId %s", again, err, tea.StringValue(resp.Body.OrderId))
			}
		})
	}
}
