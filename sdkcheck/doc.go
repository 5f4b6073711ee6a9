// Package sdkcheck cross-checks respec's request parsing against Alibaba Cloud's official Go SDK
// for ECS (github.com/alibabacloud-go/ecs-20140526/v7): requests built with the SDK's own types
// and setters are turned into query parameters exactly as the SDK's client does it, parsed with
// model.ParseValues, and compared field by field.
//
// It lives in its own module so that the root module keeps its three dependencies. It has no
// API: the checks are its tests, which make no network calls.
package sdkcheck
