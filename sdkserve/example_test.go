package sdkserve_test

import (
	"fmt"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/tea"
)

// The official SDK pointed at respec serve. The lines between the snippet markers are the
// README's snippet, word for word (TestReadmeSnippet checks it); endpoint is what respec
// serve prints.
func Example() {
	endpoint, _, stop := serve() // as `respec serve` does, on a free loopback port
	defer stop()
	// snippet: begin
	client, err := ecs.NewClient(&openapiutil.Config{
		AccessKeyId:     tea.String("respec-owner"), // the example world's account
		AccessKeySecret: tea.String("any"),          // signatures are not checked
		Endpoint:        tea.String(endpoint),       // e.g. "127.0.0.1:8080", as respec serve prints it
		Protocol:        tea.String("http"),
		NoProxy:         tea.String(endpoint), // the SDK honours HTTP_PROXY even for loopback
		ReadTimeout:     tea.Int(10000),       // milliseconds
		ConnectTimeout:  tea.Int(5),           // seconds
	})
	if err != nil {
		panic(err)
	}
	id := tea.String("i-bp1g6example000001")
	if _, err := client.StopInstance(&ecs.StopInstanceRequest{InstanceId: id}); err != nil {
		panic(err)
	}
	resp, err := client.ModifyPrepayInstanceSpec(&ecs.ModifyPrepayInstanceSpecRequest{
		RegionId: tea.String("cn-hangzhou"), InstanceId: id, InstanceType: tea.String("ecs.g6.2xlarge"),
	})
	if err != nil {
		panic(err) // a refusal is a *tea.SDKError with the API's Code and StatusCode
	}
	fmt.Println("OrderId", tea.StringValue(resp.Body.OrderId) != "")
	_, err = client.ModifyPrepayInstanceSpec(&ecs.ModifyPrepayInstanceSpecRequest{
		RegionId: tea.String("cn-hangzhou"), InstanceId: id, InstanceType: tea.String("ecs.g6.4xlarge"),
	})
	if e, ok := err.(*tea.SDKError); ok {
		fmt.Println(tea.IntValue(e.StatusCode), tea.StringValue(e.Code))
	}
	// snippet: end

	// Output:
	// OrderId true
	// 400 LastOrderProcessing
}
