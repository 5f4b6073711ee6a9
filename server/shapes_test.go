package server

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// sdkStructs transcribes the official Go SDK's response structs
// (github.com/alibabacloud-go/ecs-20140526/v7 v7.7.0, client/*_response_body_model.go; the
// same in v7.9.2) for the fields this package sends: struct name (the SDK's, with the
// response-body prefix shortened as below) → JSON name → Go type of the SDK's field
// (pointer dropped). Nested structs are "struct NAME", lists of structs "[]struct NAME".
var sdkStructs = map[string]map[string]string{
	"ModifyPrepayInstanceSpecResponseBody": {"OrderId": "string", "RequestId": "string"},
	"StartInstanceResponseBody":            {"RequestId": "string"},

	"DescribeResourcesModificationResponseBody": {
		"AvailableZones": "struct DRM.AvailableZones", "RequestId": "string"},
	"DRM.AvailableZones": {"AvailableZone": "[]struct DRM.AvailableZone"},
	"DRM.AvailableZone": {"AvailableResources": "struct DRM.AvailableResources", "RegionId": "string",
		"Status": "string", "StatusCategory": "string", "ZoneId": "string"},
	"DRM.AvailableResources": {"AvailableResource": "[]struct DRM.AvailableResource"},
	"DRM.AvailableResource": {"ConditionSupportedResources": "struct DRM.ConditionSupportedResources",
		"SupportedResources": "struct DRM.SupportedResources", "Type": "string"},
	"DRM.ConditionSupportedResources": {"ConditionSupportedResource": "[]struct DRM.ConditionSupportedResource"},
	"DRM.ConditionSupportedResource": {"Conditions": "struct DRM.Conditions", "Max": "int32", "Min": "int32",
		"Status": "string", "StatusCategory": "string", "Unit": "string", "Value": "string"},
	"DRM.Conditions":         {"Condition": "[]struct DRM.Condition"},
	"DRM.Condition":          {"Key": "string"},
	"DRM.SupportedResources": {"SupportedResource": "[]struct DRM.SupportedResource"},
	"DRM.SupportedResource": {"Max": "int32", "Min": "int32", "Status": "string", "StatusCategory": "string",
		"Unit": "string", "Value": "string"},

	"DescribeInstanceModificationPriceResponseBody": {"PriceInfo": "struct DIMP.PriceInfo", "RequestId": "string"},
	"DIMP.PriceInfo": {"Price": "struct DIMP.Price", "RelatedPrice": "struct DIMP.RelatedPrice", "Rules": "struct DIMP.Rules"},
	"DIMP.Price": {"Currency": "string", "DetailInfos": "struct DIMP.DetailInfos", "DiscountPrice": "float32",
		"OriginalPrice": "float32", "TradePrice": "float32"},
	"DIMP.DetailInfos": {"DetailInfo": "[]struct DIMP.DetailInfo"},
	"DIMP.DetailInfo": {"DiscountPrice": "float32", "OriginalPrice": "float32", "Resource": "string",
		"SubRules": "struct DIMP.Rules", "TradePrice": "float32"},
	"DIMP.Rules": {"Rule": "[]struct DIMP.Rule"},
	"DIMP.Rule":  {"Description": "string", "RuleId": "int64"},

	"DescribeInstancesResponseBody": {"Instances": "struct DI.Instances", "NextToken": "string", "PageNumber": "int32",
		"PageSize": "int32", "RequestId": "string", "TotalCount": "int32"},
	"DI.Instances": {"Instance": "[]struct DI.Instance"},
	"DI.Instance": {"Cpu": "int32", "ExpiredTime": "string", "InstanceChargeType": "string", "InstanceId": "string",
		"InstanceType": "string", "InstanceTypeFamily": "string", "Memory": "int32",
		"OperationLocks": "struct DI.OperationLocks", "RegionId": "string", "Status": "string", "ZoneId": "string"},
	"DI.OperationLocks": {"LockReason": "[]struct DI.LockReason"},
	"DI.LockReason":     {"LockMsg": "string", "LockReason": "string"},

	"DescribeInstanceAttributeResponseBody": {"Cpu": "int32", "ExpiredTime": "string", "InstanceChargeType": "string",
		"InstanceId": "string", "InstanceType": "string", "Memory": "int32", "OperationLocks": "struct DIA.OperationLocks",
		"RegionId": "string", "RequestId": "string", "Status": "string", "ZoneId": "string"},
	"DIA.OperationLocks": {"LockReason": "[]struct DIA.LockReason"},
	"DIA.LockReason":     {"LockReason": "string"},
}

// compatible reports whether a field of Go type t encodes to JSON that the SDK decodes into
// a field of its type sdk.
func compatible(t reflect.Type, sdk string) bool {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch sdk {
	case "string":
		return t.Kind() == reflect.String && t != reflect.TypeOf(json.Number(""))
	case "int32":
		return t.Kind() == reflect.Int32
	case "int64":
		return t.Kind() == reflect.Int64
	case "float32":
		// The SDK decodes a number (or a numeric string) into float32; json.Number is sent as
		// the exact number.
		return t == reflect.TypeOf(json.Number(""))
	case "bool":
		return t.Kind() == reflect.Bool
	}
	if strings.HasPrefix(sdk, "[]struct ") {
		return t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Struct
	}
	if strings.HasPrefix(sdk, "struct ") {
		return t.Kind() == reflect.Struct
	}
	return false
}

// checkShape compares the Go type t with the SDK struct named sdk, recursively: every JSON
// field of t is a field of the SDK struct, of a compatible type.
func checkShape(t *testing.T, path string, typ reflect.Type, sdk string, seen map[string]bool) {
	t.Helper()
	fields, ok := sdkStructs[sdk]
	if !ok {
		t.Fatalf("%s: no SDK struct %s in the table", path, sdk)
	}
	seen[sdk] = true
	for _, f := range reflect.VisibleFields(typ) { // an embedded struct's fields, as JSON flattens them
		if f.Anonymous {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "" || name == "-" {
			t.Errorf("%s.%s has no JSON name", path, f.Name)
			continue
		}
		want, ok := fields[name]
		if !ok {
			t.Errorf("%s.%s: the SDK's %s has no field %q", path, f.Name, sdk, name)
			continue
		}
		if !compatible(f.Type, want) {
			t.Errorf("%s.%s: Go type %s does not decode into the SDK's %s", path, name, f.Type, want)
			continue
		}
		ft := f.Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		if ft.Kind() == reflect.Slice {
			ft = ft.Elem()
		}
		if _, nested, ok := strings.Cut(want, "struct "); ok {
			checkShape(t, path+"."+name, ft, nested, seen)
		}
	}
}

// Every response type is, field by field, a subset of the SDK's response struct.
func TestShapesMatchTheSDK(t *testing.T) {
	seen := map[string]bool{}
	for typ, sdk := range map[reflect.Type]string{
		reflect.TypeOf(ModifyPrepayInstanceSpecBody{}):          "ModifyPrepayInstanceSpecResponseBody",
		reflect.TypeOf(RequestOnlyBody{}):                       "StartInstanceResponseBody",
		reflect.TypeOf(DescribeResourcesModificationBody{}):     "DescribeResourcesModificationResponseBody",
		reflect.TypeOf(DescribeInstanceModificationPriceBody{}): "DescribeInstanceModificationPriceResponseBody",
		reflect.TypeOf(DescribeInstancesBody{}):                 "DescribeInstancesResponseBody",
		reflect.TypeOf(DescribeInstanceAttributeBody{}):         "DescribeInstanceAttributeResponseBody",
	} {
		checkShape(t, typ.Name(), typ, sdk, seen)
	}
	// Every transcribed struct is reached (except RelatedPrice, which respec does not send).
	for name := range sdkStructs {
		if !seen[name] && name != "DIMP.RelatedPrice" {
			t.Errorf("SDK struct %s is transcribed but no response type reaches it", name)
		}
	}
}

// The wire form of each body, as the SDK reads it: wrapper objects around lists, exact
// amounts as JSON numbers, optional fields left out.
func TestShapesOnTheWire(t *testing.T) {
	min, max := int32(20), int32(500)
	for _, tc := range []struct {
		body any
		want string
	}{
		{ModifyPrepayInstanceSpecBody{RequestId: "R", OrderId: "1234567890"}, `{"RequestId":"R","OrderId":"1234567890"}`},
		{RequestOnlyBody{RequestId: "R"}, `{"RequestId":"R"}`},
		{DescribeResourcesModificationBody{RequestId: "R", AvailableZones: AvailableZones{AvailableZone: []AvailableZone{{
			RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h", Status: "Available", StatusCategory: "WithStock",
			AvailableResources: AvailableResources{AvailableResource: []AvailableResource{{Type: "InstanceType",
				SupportedResources: SupportedResources{SupportedResource: []SupportedResource{
					{Value: "ecs.g7.large", Status: "Available", StatusCategory: "WithStock"},
					{Value: "ecs.g7.xlarge", Status: "SoldOut", StatusCategory: "WithoutStock"}}}}}}}}}},
			`{"RequestId":"R","AvailableZones":{"AvailableZone":[{"RegionId":"cn-hangzhou","ZoneId":"cn-hangzhou-h","Status":"Available","StatusCategory":"WithStock",` +
				`"AvailableResources":{"AvailableResource":[{"Type":"InstanceType","SupportedResources":{"SupportedResource":[` +
				`{"Value":"ecs.g7.large","Status":"Available","StatusCategory":"WithStock"},{"Value":"ecs.g7.xlarge","Status":"SoldOut","StatusCategory":"WithoutStock"}]}}]}}]}}`},
		{SupportedResource{Value: "cloud_essd", Status: "Available", StatusCategory: "WithStock", Min: &min, Max: &max, Unit: "GiB"},
			`{"Value":"cloud_essd","Status":"Available","StatusCategory":"WithStock","Min":20,"Max":500,"Unit":"GiB"}`},
		{DescribeInstanceModificationPriceBody{RequestId: "R", PriceInfo: PriceInfo{
			Price: Price{Currency: "CNY", Amounts: Amounts{OriginalPrice: "113.88", DiscountPrice: "0", TradePrice: "113.88"},
				DetailInfos: DetailInfos{DetailInfo: []DetailInfo{{Resource: "instanceType", Amounts: Amounts{OriginalPrice: "113.88", DiscountPrice: "0", TradePrice: "113.88"},
					SubRules: PriceRules{Rule: []PriceRule{}}}}}},
			Rules: PriceRules{Rule: []PriceRule{{RuleId: 1234567890, Description: "illustrative"}}}}},
			`{"RequestId":"R","PriceInfo":{"Price":{"Currency":"CNY","OriginalPrice":113.88,"DiscountPrice":0,"TradePrice":113.88,` +
				`"DetailInfos":{"DetailInfo":[{"Resource":"instanceType","OriginalPrice":113.88,"DiscountPrice":0,"TradePrice":113.88,"SubRules":{"Rule":[]}}]}},` +
				`"Rules":{"Rule":[{"RuleId":1234567890,"Description":"illustrative"}]}}}`},
		{DescribeInstancesBody{RequestId: "R", TotalCount: 1, PageNumber: 1, PageSize: 10, Instances: Instances{Instance: []Instance{{
			InstanceId: "i-1", RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h", InstanceType: "ecs.g7.large", Status: "Stopped",
			InstanceChargeType: "PrePaid", ExpiredTime: "2027-11-25T16:00Z",
			OperationLocks: OperationLocks{LockReason: []LockReason{}}}}}},
			`{"RequestId":"R","TotalCount":1,"PageNumber":1,"PageSize":10,"Instances":{"Instance":[{"InstanceId":"i-1","RegionId":"cn-hangzhou",` +
				`"ZoneId":"cn-hangzhou-h","InstanceType":"ecs.g7.large","Status":"Stopped","InstanceChargeType":"PrePaid","ExpiredTime":"2027-11-25T16:00Z",` +
				`"OperationLocks":{"LockReason":[]}}]}}`},
		{DescribeInstanceAttributeBody{RequestId: "R", InstanceId: "i-1", RegionId: "cn-hangzhou", ZoneId: "cn-hangzhou-h",
			InstanceType: "ecs.g7.large", Cpu: 2, Memory: 8192, Status: "Running", InstanceChargeType: "PrePaid",
			OperationLocks: AttributeOperationLocks{LockReason: []AttributeLockReason{{LockReason: "financial"}}}},
			`{"RequestId":"R","InstanceId":"i-1","RegionId":"cn-hangzhou","ZoneId":"cn-hangzhou-h","InstanceType":"ecs.g7.large","Cpu":2,"Memory":8192,` +
				`"Status":"Running","InstanceChargeType":"PrePaid","OperationLocks":{"LockReason":[{"LockReason":"financial"}]}}`},
	} {
		got, err := json.Marshal(tc.body)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != tc.want {
			t.Errorf("%T:\n got %s\nwant %s", tc.body, got, tc.want)
		}
	}
}
