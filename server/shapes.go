package server

import "encoding/json"

// The actions of the endpoint, as clients name them.
const (
	ActionModifyPrepayInstanceSpec          = "ModifyPrepayInstanceSpec"
	ActionDescribeResourcesModification     = "DescribeResourcesModification"
	ActionDescribeInstanceModificationPrice = "DescribeInstanceModificationPrice"
	ActionDescribeInstances                 = "DescribeInstances"
	ActionDescribeInstanceAttribute         = "DescribeInstanceAttribute"
	ActionStartInstance                     = "StartInstance"
	ActionStopInstance                      = "StopInstance"
	ActionRebootInstance                    = "RebootInstance"
)

// The success bodies below are the API's JSON, field for field a subset of the official Go
// SDK's response structs (github.com/alibabacloud-go/ecs-20140526/v7, client/*_response_body
// _model.go: same JSON names, compatible JSON types; shapes_test.go holds the comparison).
// ECS wraps every list in an object named for the list (Instances.Instance[]); a field the
// endpoint has no fact for is left out, never sent empty with a made-up value. Amounts are
// json.Number: the exact decimal digits, which the SDK decodes into its float32 fields.

// ModifyPrepayInstanceSpecBody is ModifyPrepayInstanceSpec's success body.
type ModifyPrepayInstanceSpecBody struct {
	RequestId string `json:"RequestId"`
	OrderId   string `json:"OrderId"`
}

// RequestOnlyBody is the success body of StartInstance, StopInstance and RebootInstance: the
// RequestId alone.
type RequestOnlyBody struct {
	RequestId string `json:"RequestId"`
}

// DescribeResourcesModificationBody is DescribeResourcesModification's success body.
type DescribeResourcesModificationBody struct {
	RequestId      string         `json:"RequestId"`
	AvailableZones AvailableZones `json:"AvailableZones"`
}

// AvailableZones wraps the zones of DescribeResourcesModification.
type AvailableZones struct {
	AvailableZone []AvailableZone `json:"AvailableZone"`
}

// AvailableZone is one zone and the resources available in it.
type AvailableZone struct {
	RegionId string `json:"RegionId"`
	ZoneId   string `json:"ZoneId"`
	// Status is Available or SoldOut.
	Status string `json:"Status"`
	// StatusCategory is WithStock, ClosedWithStock or WithoutStock.
	StatusCategory     string             `json:"StatusCategory"`
	AvailableResources AvailableResources `json:"AvailableResources"`
}

// AvailableResources wraps the resources of a zone.
type AvailableResources struct {
	AvailableResource []AvailableResource `json:"AvailableResource"`
}

// AvailableResource is one kind of resource (Type "InstanceType" or "SystemDisk") and its
// supported values.
type AvailableResource struct {
	Type                        string                       `json:"Type"`
	SupportedResources          SupportedResources           `json:"SupportedResources"`
	ConditionSupportedResources *ConditionSupportedResources `json:"ConditionSupportedResources,omitempty"`
}

// SupportedResources wraps the supported values of a resource.
type SupportedResources struct {
	SupportedResource []SupportedResource `json:"SupportedResource"`
}

// SupportedResource is one value (an instance type) and its stock.
type SupportedResource struct {
	Value string `json:"Value"`
	// Status is Available or SoldOut.
	Status string `json:"Status"`
	// StatusCategory is WithStock, ClosedWithStock or WithoutStock.
	StatusCategory string `json:"StatusCategory"`
	// Min, Max and Unit are meaningful for a SystemDisk only.
	Min  *int32 `json:"Min,omitempty"`
	Max  *int32 `json:"Max,omitempty"`
	Unit string `json:"Unit,omitempty"`
}

// ConditionSupportedResources wraps the values supported under conditions.
type ConditionSupportedResources struct {
	ConditionSupportedResource []ConditionSupportedResource `json:"ConditionSupportedResource"`
}

// ConditionSupportedResource is a value supported under conditions (Conditions.1=DiskCategory).
type ConditionSupportedResource struct {
	// SupportedResource is the value and its stock (its members come first, as the API
	// writes them).
	SupportedResource
	Conditions Conditions `json:"Conditions"`
}

// Conditions wraps the conditions of a ConditionSupportedResource.
type Conditions struct {
	Condition []Condition `json:"Condition"`
}

// Condition is one condition, by key.
type Condition struct {
	Key string `json:"Key"`
}

// DescribeInstanceModificationPriceBody is DescribeInstanceModificationPrice's success body.
type DescribeInstanceModificationPriceBody struct {
	RequestId string    `json:"RequestId"`
	PriceInfo PriceInfo `json:"PriceInfo"`
}

// PriceInfo is the price of an upgrade and the promotion rules applied to it.
type PriceInfo struct {
	Price Price      `json:"Price"`
	Rules PriceRules `json:"Rules"`
}

// Price is the price of an upgrade: its currency, its amounts and the amounts per resource.
type Price struct {
	Currency string `json:"Currency"`
	Amounts
	DetailInfos DetailInfos `json:"DetailInfos"`
}

// Amounts are the three amounts of a price, as the price API writes them (its members, in
// this order, in the object that embeds them): the list price, the discount and what is paid.
type Amounts struct {
	OriginalPrice json.Number `json:"OriginalPrice"`
	DiscountPrice json.Number `json:"DiscountPrice"`
	TradePrice    json.Number `json:"TradePrice"`
}

// DetailInfos wraps the per-resource prices.
type DetailInfos struct {
	DetailInfo []DetailInfo `json:"DetailInfo"`
}

// DetailInfo is the price of one resource of the upgrade (e.g. "instanceType").
type DetailInfo struct {
	Resource string `json:"Resource"`
	Amounts
	SubRules PriceRules `json:"SubRules"`
}

// PriceRules wraps promotion rules.
type PriceRules struct {
	Rule []PriceRule `json:"Rule"`
}

// PriceRule is one promotion rule.
type PriceRule struct {
	RuleId      int64  `json:"RuleId"`
	Description string `json:"Description"`
}

// DescribeInstancesBody is DescribeInstances' success body: one page of instances.
type DescribeInstancesBody struct {
	RequestId  string    `json:"RequestId"`
	TotalCount int32     `json:"TotalCount"`
	PageNumber int32     `json:"PageNumber"`
	PageSize   int32     `json:"PageSize"`
	NextToken  string    `json:"NextToken,omitempty"`
	Instances  Instances `json:"Instances"`
}

// Instances wraps the instances of DescribeInstances.
type Instances struct {
	Instance []Instance `json:"Instance"`
}

// Instance is one instance in DescribeInstances: the fields clients poll.
type Instance struct {
	InstanceId         string `json:"InstanceId"`
	RegionId           string `json:"RegionId"`
	ZoneId             string `json:"ZoneId"`
	InstanceType       string `json:"InstanceType"`
	InstanceTypeFamily string `json:"InstanceTypeFamily,omitempty"`
	// Cpu is the vCPU count and Memory the memory in MiB, of the current type.
	Cpu    int32 `json:"Cpu,omitempty"`
	Memory int32 `json:"Memory,omitempty"`
	// Status is Pending, Running, Starting, Stopping or Stopped.
	Status string `json:"Status"`
	// InstanceChargeType is PrePaid or PostPaid.
	InstanceChargeType string `json:"InstanceChargeType"`
	// ExpiredTime is yyyy-MM-ddTHH:mmZ (UTC), as the API writes it.
	ExpiredTime    string         `json:"ExpiredTime,omitempty"`
	OperationLocks OperationLocks `json:"OperationLocks"`
}

// OperationLocks wraps the locks of an instance in DescribeInstances.
type OperationLocks struct {
	LockReason []LockReason `json:"LockReason"`
}

// LockReason is one lock of an instance (e.g. "financial", "security").
type LockReason struct {
	LockReason string `json:"LockReason"`
	LockMsg    string `json:"LockMsg,omitempty"`
}

// DescribeInstanceAttributeBody is DescribeInstanceAttribute's success body.
type DescribeInstanceAttributeBody struct {
	RequestId          string                  `json:"RequestId"`
	InstanceId         string                  `json:"InstanceId"`
	RegionId           string                  `json:"RegionId"`
	ZoneId             string                  `json:"ZoneId"`
	InstanceType       string                  `json:"InstanceType"`
	Cpu                int32                   `json:"Cpu,omitempty"`
	Memory             int32                   `json:"Memory,omitempty"`
	Status             string                  `json:"Status"`
	InstanceChargeType string                  `json:"InstanceChargeType"`
	ExpiredTime        string                  `json:"ExpiredTime,omitempty"`
	OperationLocks     AttributeOperationLocks `json:"OperationLocks"`
}

// AttributeOperationLocks wraps the locks of an instance in DescribeInstanceAttribute, whose
// LockReason has no LockMsg.
type AttributeOperationLocks struct {
	LockReason []AttributeLockReason `json:"LockReason"`
}

// AttributeLockReason is one lock in DescribeInstanceAttribute.
type AttributeLockReason struct {
	LockReason string `json:"LockReason"`
}
