// Package sdkserve holds respec serve to the official, unmodified Alibaba Cloud ECS Go SDK
// (github.com/alibabacloud-go/ecs-20140526/v7): its tests start the endpoint on a loopback
// port and drive every action through the SDK, with V3 and V2 signing. It is a nested module
// so that the root module keeps its three dependencies.
package sdkserve
