package sdkcheck_test

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	openapiutil "github.com/alibabacloud-go/darabonba-openapi/v2/utils"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/google/go-cmp/cmp"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
)

// sdkQuery builds the query parameters of a ModifyPrepayInstanceSpec call as the SDK does. The
// field-to-key mapping is copied from ModifyPrepayInstanceSpecWithOptions in
// github.com/alibabacloud-go/ecs-20140526/v7@v7.7.0/client/client.go, and the flattening
// (SystemDisk.Category, Disk.1.DiskId, booleans and integers as text) is the SDK's own
// openapiutil.Query from github.com/alibabacloud-go/darabonba-openapi/v2. clientQuery checks
// the copy against the real client.
func sdkQuery(request *ecs.ModifyPrepayInstanceSpecRequest) map[string]*string {
	query := map[string]interface{}{}
	if !dara.IsNil(request.AutoPay) {
		query["AutoPay"] = request.AutoPay
	}

	if !dara.IsNil(request.ClientToken) {
		query["ClientToken"] = request.ClientToken
	}

	if !dara.IsNil(request.Disk) {
		query["Disk"] = request.Disk
	}

	if !dara.IsNil(request.EndTime) {
		query["EndTime"] = request.EndTime
	}

	if !dara.IsNil(request.InstanceId) {
		query["InstanceId"] = request.InstanceId
	}

	if !dara.IsNil(request.InstanceType) {
		query["InstanceType"] = request.InstanceType
	}

	if !dara.IsNil(request.MigrateAcrossZone) {
		query["MigrateAcrossZone"] = request.MigrateAcrossZone
	}

	if !dara.IsNil(request.ModifyMode) {
		query["ModifyMode"] = request.ModifyMode
	}

	if !dara.IsNil(request.OperatorType) {
		query["OperatorType"] = request.OperatorType
	}

	if !dara.IsNil(request.OwnerAccount) {
		query["OwnerAccount"] = request.OwnerAccount
	}

	if !dara.IsNil(request.OwnerId) {
		query["OwnerId"] = request.OwnerId
	}

	if !dara.IsNil(request.RebootTime) {
		query["RebootTime"] = request.RebootTime
	}

	if !dara.IsNil(request.RebootWhenFinished) {
		query["RebootWhenFinished"] = request.RebootWhenFinished
	}

	if !dara.IsNil(request.RegionId) {
		query["RegionId"] = request.RegionId
	}

	if !dara.IsNil(request.ResourceOwnerAccount) {
		query["ResourceOwnerAccount"] = request.ResourceOwnerAccount
	}

	if !dara.IsNil(request.ResourceOwnerId) {
		query["ResourceOwnerId"] = request.ResourceOwnerId
	}

	if !dara.IsNil(request.SystemDisk) {
		query["SystemDisk"] = request.SystemDisk
	}

	return openapiutil.Query(query)
}

// wireValues turns the SDK's query map into url.Values the way the SDK's transport puts it in
// the request URL (dara.DoRequest in github.com/alibabacloud-go/tea@v1.3.13/dara/core.go:
// q.Add(key, StringValue(value)), then q.Encode()).
func wireValues(q map[string]*string) url.Values {
	v := url.Values{}
	for key, value := range q {
		v.Add(key, dara.StringValue(value))
	}
	return v
}

// captureClient is an in-process dara.HttpClient: it records the query string of each request
// the SDK sends and answers with a fixed success body, so nothing leaves the process.
type captureClient struct {
	raw []string
}

func (c *captureClient) Call(r *http.Request, _ *http.Transport) (*http.Response, error) {
	c.raw = append(c.raw, r.URL.RawQuery)
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(strings.NewReader(`{"RequestId":"sdkcheck","OrderId":"1"}`)),
		Request:    r,
	}, nil
}

// clientQuery runs the real SDK client's ModifyPrepayInstanceSpecWithOptions with an in-process
// HTTP client and returns the query parameters it put on the wire. The endpoint is a loopback
// discard port and the keys are placeholders: no request can reach Alibaba Cloud.
func clientQuery(req *ecs.ModifyPrepayInstanceSpecRequest) (url.Values, error) {
	capture := &captureClient{}
	cfg := &openapiutil.Config{
		AccessKeyId:     dara.String("placeholder-id"),
		AccessKeySecret: dara.String("placeholder-secret"),
		Endpoint:        dara.String("127.0.0.1:9"),
		Protocol:        dara.String("http"),
		HttpClient:      capture,
	}
	client, err := ecs.NewClient(cfg)
	if err != nil {
		return nil, err
	}
	if _, err := client.ModifyPrepayInstanceSpecWithOptions(req, &dara.RuntimeOptions{}); err != nil {
		return nil, err
	}
	if len(capture.raw) != 1 {
		return nil, errors.New("the SDK client did not send exactly one request through the capture client")
	}
	return url.ParseQuery(capture.raw[0])
}

// fataler is the part of testing.TB that *rapid.T has too.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// sdkWire returns the wire form of req from the copied query building, after checking that the
// real client sends the same parameters.
func sdkWire(t fataler, req *ecs.ModifyPrepayInstanceSpecRequest) url.Values {
	t.Helper()
	v := wireValues(sdkQuery(req))
	sent, err := clientQuery(req)
	if err != nil {
		t.Fatalf("SDK client: %v", err)
	}
	if diff := cmp.Diff(sent, v); diff != "" {
		t.Fatalf("copied query building differs from the SDK client (-client +copy):\n%s", diff)
	}
	return v
}

// parseWire parses v with ParseValues and checks that ParseQuery of its encoding (the URL the
// SDK sends) gives the same Request.
func parseWire(t fataler, v url.Values) (model.Request, *errcodes.Error) {
	t.Helper()
	r, perr := model.ParseValues(v)
	q, pqerr := model.ParseQuery(v.Encode())
	var err, qerr *errcodes.Error
	errors.As(perr, &err)
	errors.As(pqerr, &qerr)
	if (perr == nil) != (err == nil) || (pqerr == nil) != (qerr == nil) {
		t.Fatalf("a parse error of %q is not an *errcodes.Error: %v / %v", v.Encode(), perr, pqerr)
	}
	if diff := cmp.Diff(r, q); diff != "" || (err == nil) != (qerr == nil) || (err != nil && err.ID != qerr.ID) {
		t.Fatalf("ParseValues and ParseQuery disagree on %q: errors %v / %v, diff (-values +query):\n%s", v.Encode(), err, qerr, diff)
	}
	return r, err
}

func disk(id, category, pl string) *ecs.ModifyPrepayInstanceSpecRequestDisk {
	d := new(ecs.ModifyPrepayInstanceSpecRequestDisk).SetDiskId(id).SetCategory(category)
	if pl != "" {
		d.SetPerformanceLevel(pl)
	}
	return d
}

func required() *ecs.ModifyPrepayInstanceSpecRequest {
	return new(ecs.ModifyPrepayInstanceSpecRequest).
		SetInstanceId("i-bp67acfmxazb4ph****").
		SetRegionId("cn-hangzhou").
		SetInstanceType("ecs.g6.xlarge")
}

// TestSDKWireReachesRespec builds requests with the SDK's setters and checks the exact wire
// form the SDK produces and the Request respec parses from it.
func TestSDKWireReachesRespec(t *testing.T) {
	reboot := time.Date(2024, 5, 1, 12, 5, 0, 0, time.UTC)
	end := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		req      *ecs.ModifyPrepayInstanceSpecRequest
		wantWire url.Values
		want     model.Request
	}{
		{
			name: "required only",
			req:  required(),
			wantWire: url.Values{
				"InstanceId":   {"i-bp67acfmxazb4ph****"},
				"RegionId":     {"cn-hangzhou"},
				"InstanceType": {"ecs.g6.xlarge"},
			},
			want: model.Request{
				InstanceID: "i-bp67acfmxazb4ph****", RegionID: "cn-hangzhou", InstanceType: "ecs.g6.xlarge",
				AutoPay: true,
			},
		},
		{
			name: "every field",
			req: required().
				SetOperatorType("upgrade").
				SetClientToken("0c593ea1-3bea-11e9-b96b-88e9fe63 &=+%").
				SetAutoPay(false).
				SetMigrateAcrossZone(true).
				SetSystemDisk(new(ecs.ModifyPrepayInstanceSpecRequestSystemDisk).SetCategory("cloud_ssd")).
				SetRebootTime("2024-05-01T12:05Z").
				SetEndTime("2024-06-01T00:00Z").
				SetRebootWhenFinished(true).
				SetModifyMode("Offline").
				SetDisk([]*ecs.ModifyPrepayInstanceSpecRequestDisk{
					disk("d-bp1", "cloud_essd", "PL2"),
					disk("d-bp2", "cloud_auto", ""),
				}).
				SetOwnerId(9223372036854775807).
				SetResourceOwnerId(-42).
				SetOwnerAccount("owner@example.com").
				SetResourceOwnerAccount("资源账号"),
			wantWire: url.Values{
				"InstanceId":              {"i-bp67acfmxazb4ph****"},
				"RegionId":                {"cn-hangzhou"},
				"InstanceType":            {"ecs.g6.xlarge"},
				"OperatorType":            {"upgrade"},
				"ClientToken":             {"0c593ea1-3bea-11e9-b96b-88e9fe63 &=+%"},
				"AutoPay":                 {"false"},
				"MigrateAcrossZone":       {"true"},
				"SystemDisk.Category":     {"cloud_ssd"},
				"RebootTime":              {"2024-05-01T12:05Z"},
				"EndTime":                 {"2024-06-01T00:00Z"},
				"RebootWhenFinished":      {"true"},
				"ModifyMode":              {"Offline"},
				"Disk.1.DiskId":           {"d-bp1"},
				"Disk.1.Category":         {"cloud_essd"},
				"Disk.1.PerformanceLevel": {"PL2"},
				"Disk.2.DiskId":           {"d-bp2"},
				"Disk.2.Category":         {"cloud_auto"},
				"OwnerId":                 {"9223372036854775807"},
				"ResourceOwnerId":         {"-42"},
				"OwnerAccount":            {"owner@example.com"},
				"ResourceOwnerAccount":    {"资源账号"},
			},
			want: model.Request{
				InstanceID: "i-bp67acfmxazb4ph****", RegionID: "cn-hangzhou", InstanceType: "ecs.g6.xlarge",
				OperatorType:       model.Upgrade,
				ClientToken:        "0c593ea1-3bea-11e9-b96b-88e9fe63 &=+%",
				AutoPay:            false,
				AutoPaySet:         true,
				MigrateAcrossZone:  true,
				RebootWhenFinished: true,
				SystemDiskCategory: "cloud_ssd",
				RebootTime:         reboot,
				EndTime:            end,
				ModifyMode:         model.ModifyOffline,
				Disks: []model.DiskSpec{
					{Index: 1, DiskID: "d-bp1", Category: "cloud_essd", PerformanceLevel: "PL2"},
					{Index: 2, DiskID: "d-bp2", Category: "cloud_auto"},
				},
				OwnerID:              9223372036854775807,
				ResourceOwnerID:      -42,
				OwnerAccount:         "owner@example.com",
				ResourceOwnerAccount: "资源账号",
			},
		},
		{
			name: "booleans set to their defaults",
			req:  required().SetAutoPay(true).SetMigrateAcrossZone(false).SetRebootWhenFinished(false),
			wantWire: url.Values{
				"InstanceId":         {"i-bp67acfmxazb4ph****"},
				"RegionId":           {"cn-hangzhou"},
				"InstanceType":       {"ecs.g6.xlarge"},
				"AutoPay":            {"true"},
				"MigrateAcrossZone":  {"false"},
				"RebootWhenFinished": {"false"},
			},
			want: model.Request{
				InstanceID: "i-bp67acfmxazb4ph****", RegionID: "cn-hangzhou", InstanceType: "ecs.g6.xlarge",
				AutoPay: true, AutoPaySet: true,
			},
		},
		{
			name: "downgrade online with seconds and an empty Disk element",
			req: required().
				SetOperatorType("downgrade").
				SetModifyMode("Online").
				SetRebootTime("2024-05-01T12:05:30Z").
				SetSystemDisk(new(ecs.ModifyPrepayInstanceSpecRequestSystemDisk).SetCategory("cloud_efficiency")).
				SetDisk([]*ecs.ModifyPrepayInstanceSpecRequestDisk{
					disk("d-a", "cloud_efficiency", ""),
					new(ecs.ModifyPrepayInstanceSpecRequestDisk),
					disk("d-c", "cloud_essd_entry", "PL0"),
				}),
			wantWire: url.Values{
				"InstanceId":              {"i-bp67acfmxazb4ph****"},
				"RegionId":                {"cn-hangzhou"},
				"InstanceType":            {"ecs.g6.xlarge"},
				"OperatorType":            {"downgrade"},
				"ModifyMode":              {"Online"},
				"RebootTime":              {"2024-05-01T12:05:30Z"},
				"SystemDisk.Category":     {"cloud_efficiency"},
				"Disk.1.DiskId":           {"d-a"},
				"Disk.1.Category":         {"cloud_efficiency"},
				"Disk.3.DiskId":           {"d-c"},
				"Disk.3.Category":         {"cloud_essd_entry"},
				"Disk.3.PerformanceLevel": {"PL0"},
			},
			want: model.Request{
				InstanceID: "i-bp67acfmxazb4ph****", RegionID: "cn-hangzhou", InstanceType: "ecs.g6.xlarge",
				OperatorType:       model.Downgrade,
				AutoPay:            true,
				SystemDiskCategory: "cloud_efficiency",
				RebootTime:         reboot.Add(30 * time.Second),
				ModifyMode:         model.ModifyOnline,
				Disks: []model.DiskSpec{
					{Index: 1, DiskID: "d-a", Category: "cloud_efficiency"},
					{Index: 3, DiskID: "d-c", Category: "cloud_essd_entry", PerformanceLevel: "PL0"},
				},
			},
		},
		{
			name: "empty strings and zero integers are sent and read as not given",
			req:  required().SetClientToken("").SetOperatorType("").SetOwnerId(0).SetOwnerAccount(""),
			wantWire: url.Values{
				"InstanceId":   {"i-bp67acfmxazb4ph****"},
				"RegionId":     {"cn-hangzhou"},
				"InstanceType": {"ecs.g6.xlarge"},
				"ClientToken":  {""},
				"OperatorType": {""},
				"OwnerId":      {"0"},
				"OwnerAccount": {""},
			},
			want: model.Request{
				InstanceID: "i-bp67acfmxazb4ph****", RegionID: "cn-hangzhou", InstanceType: "ecs.g6.xlarge",
				AutoPay: true,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := sdkWire(t, tt.req)
			if diff := cmp.Diff(tt.wantWire, v); diff != "" {
				t.Errorf("SDK wire form (-want +got):\n%s", diff)
			}
			got, err := parseWire(t, v)
			if err != nil {
				t.Fatalf("ParseValues(%q) = %v", v.Encode(), err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("parsed Request (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(want(tt.req), got); diff != "" {
				t.Errorf("parsed Request differs from the SDK request's fields (-sdk +respec):\n%s", diff)
			}
		})
	}
}

// TestDiskCapIsRespecs documents the one place where the SDK sends what respec refuses: the SDK
// numbers any number of Disk elements, respec takes Disk.1 to Disk.MaxDisks.
func TestDiskCapIsRespecs(t *testing.T) {
	disks := make([]*ecs.ModifyPrepayInstanceSpecRequestDisk, model.MaxDisks+1)
	for i := range disks {
		disks[i] = disk("d-"+string(rune('a'+i)), "cloud_essd", "")
	}
	v := sdkWire(t, required().SetDisk(disks[:model.MaxDisks]))
	if r, err := parseWire(t, v); err != nil || len(r.Disks) != model.MaxDisks || r.Disks[model.MaxDisks-1].Index != model.MaxDisks {
		t.Fatalf("%d disks: err %v, disks %+v", model.MaxDisks, err, r.Disks)
	}
	v = sdkWire(t, required().SetDisk(disks))
	if got := v.Get("Disk.17.DiskId"); got != "d-q" {
		t.Fatalf("SDK Disk.17.DiskId = %q, want d-q", got)
	}
	_, err := parseWire(t, v)
	if err == nil || err.ID != errcodes.InvalidParameter || !strings.HasPrefix(err.Detail(), "Disk.17.") {
		t.Fatalf("17 disks: err = %v, want InvalidParameter naming a Disk.17 key", err)
	}
}

// want is the Request the SDK request stands for, read from its fields directly (not from the
// wire): nil and empty values are "not given", enumerations match ignoring ASCII case.
func want(req *ecs.ModifyPrepayInstanceSpecRequest) model.Request {
	s := dara.StringValue
	r := model.Request{
		InstanceID:           s(req.InstanceId),
		RegionID:             s(req.RegionId),
		InstanceType:         s(req.InstanceType),
		ClientToken:          s(req.ClientToken),
		AutoPay:              req.AutoPay == nil || *req.AutoPay,
		AutoPaySet:           req.AutoPay != nil,
		MigrateAcrossZone:    dara.BoolValue(req.MigrateAcrossZone),
		RebootWhenFinished:   dara.BoolValue(req.RebootWhenFinished),
		RebootTime:           wireTime(s(req.RebootTime)),
		EndTime:              wireTime(s(req.EndTime)),
		OwnerID:              dara.Int64Value(req.OwnerId),
		ResourceOwnerID:      dara.Int64Value(req.ResourceOwnerId),
		OwnerAccount:         s(req.OwnerAccount),
		ResourceOwnerAccount: s(req.ResourceOwnerAccount),
	}
	switch strings.ToLower(s(req.OperatorType)) {
	case "upgrade":
		r.OperatorType = model.Upgrade
	case "downgrade":
		r.OperatorType = model.Downgrade
	}
	switch strings.ToLower(s(req.ModifyMode)) {
	case "online":
		r.ModifyMode = model.ModifyOnline
	case "offline":
		r.ModifyMode = model.ModifyOffline
	}
	if req.SystemDisk != nil {
		r.SystemDiskCategory = s(req.SystemDisk.Category)
	}
	for i, d := range req.Disk {
		spec := model.DiskSpec{Index: i + 1, DiskID: s(d.DiskId), Category: s(d.Category), PerformanceLevel: s(d.PerformanceLevel)}
		if spec.DiskID != "" || spec.Category != "" || spec.PerformanceLevel != "" {
			r.Disks = append(r.Disks, spec)
		}
	}
	return r
}

func wireTime(s string) time.Time {
	for _, layout := range []string{model.WireTimeLayout, model.WireTimeLayoutSeconds} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}
