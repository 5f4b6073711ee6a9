package server_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/server"
)

// stopper is a backend with one action: StopInstance of the one instance it knows.
type stopper struct{}

func (stopper) Actions() []server.Action {
	return []server.Action{{
		Name:     server.ActionStopInstance,
		Required: []string{"InstanceId"},
		Handle: func(_ context.Context, c *server.Call) (server.Response, error) {
			if c.Params.Get("InstanceId") != "i-bp1one" {
				return server.Response{}, errcodes.New(errcodes.InvalidInstanceIdNotFound404, "")
			}
			return server.Response{Body: server.RequestOnlyBody{RequestId: c.RequestID}}, nil
		},
	}}
}

// A backend plugs its actions in; the server decodes the call (here V3, as the SDK sends it),
// answers the gateway's errors itself and writes the action's answer as ECS does.
func Example() {
	s, err := server.NewServer(server.Config{
		Backend: stopper{},
		Clock:   server.NewManualClock(time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)),
	})
	if err != nil {
		panic(err)
	}
	call := func(action, query string) {
		r := httptest.NewRequest(http.MethodPost, "/?"+query, nil)
		r.Header.Set("x-acs-action", action)
		r.Header.Set("x-acs-version", server.APIVersion)
		r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential=AKID,SignedHeaders=host,Signature=x")
		w := httptest.NewRecorder()
		s.ServeHTTP(w, r)
		body, _ := io.ReadAll(w.Body)
		fmt.Println(w.Code, strings.TrimSpace(string(body)))
	}
	call("StopInstance", "RegionId=cn-hangzhou&InstanceId=i-bp1one")
	call("StopInstance", "RegionId=cn-hangzhou&InstanceId=i-bp1two")
	call("StopInstance", "RegionId=cn-hangzhou")
	call("DescribeRegions", "")
	// Output:
	// 200 {"RequestId":"00000000-0000-4000-8000-000000000001"}
	// 404 {"RequestId":"00000000-0000-4000-8000-000000000002","HostId":"ecs.cn-hangzhou.aliyuncs.com","Code":"InvalidInstanceId.NotFound","Message":"The specified InstanceId does not exist.","Recommend":"https://api.aliyun.com/troubleshoot?q=InvalidInstanceId.NotFound&product=Ecs&requestId=00000000-0000-4000-8000-000000000002"}
	// 400 {"RequestId":"00000000-0000-4000-8000-000000000003","HostId":"ecs.cn-hangzhou.aliyuncs.com","Code":"MissingParameter","Message":"The input parameter \"InstanceId\" that is mandatory for processing this request is not supplied.","Recommend":"https://api.aliyun.com/troubleshoot?q=MissingParameter&product=Ecs&requestId=00000000-0000-4000-8000-000000000003"}
	// 404 {"RequestId":"00000000-0000-4000-8000-000000000004","HostId":"ecs.aliyuncs.com","Code":"InvalidAction.NotFound","Message":"Specified api is not found, please check your url and method.","Recommend":"https://api.aliyun.com/troubleshoot?q=InvalidAction.NotFound&product=Ecs&requestId=00000000-0000-4000-8000-000000000004"}
}
