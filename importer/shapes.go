package importer

import "encoding/json"

// The response shapes respec reads: the fields it uses of each response, with the JSON names
// of the official SDKs' response structs (github.com/alibabacloud-go/ecs-20140526/v7 client,
// and the BSS OpenAPI bssopenapi-20171214 models for QueryOrders and GetOrderDetail), which are
// the names the aliyun CLI prints. Every other field of a response is ignored. Numbers are read
// as json.Number, so amounts keep their exact decimal digits.

// describeInstances is DescribeInstancesResponseBody.
type describeInstances struct {
	Instances *struct {
		Instance []instanceShape `json:"Instance"`
	} `json:"Instances"`
	TotalCount *int `json:"TotalCount"`
}

// instanceShape is DescribeInstancesResponseBodyInstancesInstance.
type instanceShape struct {
	InstanceID          string `json:"InstanceId"`
	RegionID            string `json:"RegionId"`
	ZoneID              string `json:"ZoneId"`
	Status              string `json:"Status"`
	InstanceChargeType  string `json:"InstanceChargeType"`
	SpotStrategy        string `json:"SpotStrategy"`
	InstanceType        string `json:"InstanceType"`
	CreationTime        string `json:"CreationTime"`
	ExpiredTime         string `json:"ExpiredTime"`
	OSType              string `json:"OSType"`
	InstanceNetworkType string `json:"InstanceNetworkType"`
	ImageID             string `json:"ImageId"`
	LocalStorageAmount  *int   `json:"LocalStorageAmount"`
	EipAddress          *struct {
		IPAddress    string `json:"IpAddress"`
		AllocationID string `json:"AllocationId"`
	} `json:"EipAddress"`
	HibernationOptions *struct {
		Configured bool `json:"Configured"`
	} `json:"HibernationOptions"`
	NetworkInterfaces *struct {
		NetworkInterface []eniFields `json:"NetworkInterface"`
	} `json:"NetworkInterfaces"`
	OperationLocks *struct {
		LockReason []struct {
			LockReason string `json:"LockReason"`
			LockMsg    string `json:"LockMsg"`
		} `json:"LockReason"`
	} `json:"OperationLocks"`
}

// eniFields are the fields of an ENI that DescribeInstances' NetworkInterface and
// DescribeNetworkInterfaces' NetworkInterfaceSet both have.
type eniFields struct {
	NetworkInterfaceID string       `json:"NetworkInterfaceId"`
	Type               string       `json:"Type"`
	PrivateIPSets      *privateIPs  `json:"PrivateIpSets"`
	IPv6Sets           *ipv6Address `json:"Ipv6Sets"`
}

// privateIPs is the PrivateIpSets object of an ENI (DescribeInstances and
// DescribeNetworkInterfaces).
type privateIPs struct {
	PrivateIPSet []struct {
		Primary          bool   `json:"Primary"`
		PrivateIPAddress string `json:"PrivateIpAddress"`
	} `json:"PrivateIpSet"`
}

// ipv6Address is the Ipv6Sets object of an ENI.
type ipv6Address struct {
	IPv6Set []struct {
		IPv6Address string `json:"Ipv6Address"`
	} `json:"Ipv6Set"`
}

// describeDisks is DescribeDisksResponseBody.
type describeDisks struct {
	Disks *struct {
		Disk []diskShape `json:"Disk"`
	} `json:"Disks"`
}

// diskShape is DescribeDisksResponseBodyDisksDisk.
type diskShape struct {
	// DiskID and InstanceID name the disk and the instance it is attached to.
	DiskID     string `json:"DiskId"`
	InstanceID string `json:"InstanceId"`
	// Type is "system" or "data".
	Type string `json:"Type"`
	// Category, Size (GiB) and PerformanceLevel are what it is.
	Category         string `json:"Category"`
	Size             int    `json:"Size"`
	PerformanceLevel string `json:"PerformanceLevel"`
	// Status is "Available" when it is detached.
	Status string `json:"Status"`
}

// describeNetworkInterfaces is DescribeNetworkInterfacesResponseBody.
type describeNetworkInterfaces struct {
	NetworkInterfaceSets *struct {
		NetworkInterfaceSet []eniShape `json:"NetworkInterfaceSet"`
	} `json:"NetworkInterfaceSets"`
}

// eniShape is DescribeNetworkInterfacesResponseBodyNetworkInterfaceSetsNetworkInterfaceSet.
type eniShape struct {
	eniFields
	// InstanceID is the instance it is attached to.
	InstanceID string `json:"InstanceId"`
	// QueueNumber is its queues.
	QueueNumber int `json:"QueueNumber"`
}

// describeInstanceTypes is DescribeInstanceTypesResponseBody.
type describeInstanceTypes struct {
	InstanceTypes *struct {
		InstanceType []instanceTypeShape `json:"InstanceType"`
	} `json:"InstanceTypes"`
}

// instanceTypeShape is DescribeInstanceTypesResponseBodyInstanceTypesInstanceType.
type instanceTypeShape struct {
	InstanceTypeID              string      `json:"InstanceTypeId"`
	InstanceTypeFamily          string      `json:"InstanceTypeFamily"`
	InstanceFamilyLevel         string      `json:"InstanceFamilyLevel"`
	CPUArchitecture             string      `json:"CpuArchitecture"`
	CPUCoreCount                int         `json:"CpuCoreCount"`
	MemorySize                  json.Number `json:"MemorySize"`
	EniQuantity                 int         `json:"EniQuantity"`
	EniPrivateIPAddressQuantity int         `json:"EniPrivateIpAddressQuantity"`
	EniIPv6AddressQuantity      int         `json:"EniIpv6AddressQuantity"`
	PrimaryEniQueueNumber       int         `json:"PrimaryEniQueueNumber"`
	SecondaryEniQueueNumber     int         `json:"SecondaryEniQueueNumber"`
	MaximumQueueNumberPerEni    int         `json:"MaximumQueueNumberPerEni"`
	TotalEniQueueQuantity       int         `json:"TotalEniQueueQuantity"`
	DiskQuantity                int         `json:"DiskQuantity"`
	LocalStorageAmount          int         `json:"LocalStorageAmount"`
	NvmeSupport                 string      `json:"NvmeSupport"`
}

// availableZones is DescribeAvailableResourceResponseBody and
// DescribeResourcesModificationResponseBody (the same AvailableZones tree).
type availableZones struct {
	AvailableZones *struct {
		AvailableZone []zoneShape `json:"AvailableZone"`
	} `json:"AvailableZones"`
}

// zoneShape is one AvailableZone: the resources offered in a zone.
type zoneShape struct {
	ZoneID             string `json:"ZoneId"`
	RegionID           string `json:"RegionId"`
	AvailableResources *struct {
		AvailableResource []resourceShape `json:"AvailableResource"`
	} `json:"AvailableResources"`
}

// resourceShape is one AvailableResource: the resources of one Type offered in a zone.
type resourceShape struct {
	Type               string `json:"Type"`
	SupportedResources *struct {
		SupportedResource []supportedShape `json:"SupportedResource"`
	} `json:"SupportedResources"`
}

// supportedShape is one SupportedResource: an instance type (Value) and its stock.
type supportedShape struct {
	Value          string `json:"Value"`
	Status         string `json:"Status"`
	StatusCategory string `json:"StatusCategory"`
}

// pricedCall is one DescribePrice call as --prices records it: the request's parameters
// (the response does not say what it priced) and DescribePriceResponseBody.
type pricedCall struct {
	Request  map[string]string `json:"Request"`
	Response *struct {
		PriceInfo *struct {
			Price *priceShape `json:"Price"`
		} `json:"PriceInfo"`
	} `json:"Response"`
}

// priceShape is DescribePriceResponseBodyPriceInfoPrice.
type priceShape struct {
	Currency      string      `json:"Currency"`
	OriginalPrice json.Number `json:"OriginalPrice"`
	DiscountPrice json.Number `json:"DiscountPrice"`
	TradePrice    json.Number `json:"TradePrice"`
	DetailInfos   *struct {
		DetailInfo []struct {
			Resource      string      `json:"Resource"`
			OriginalPrice json.Number `json:"OriginalPrice"`
		} `json:"DetailInfo"`
	} `json:"DetailInfos"`
}

// orderList is QueryOrdersResponseBody and GetOrderDetailResponseBody (BSS OpenAPI
// 2017-12-14): Data.OrderList.Order[], the detail's extra fields included. Amounts are
// strings in both.
type orderList struct {
	Code    string `json:"Code"`
	Message string `json:"Message"`
	Success *bool  `json:"Success"`
	Data    *struct {
		OrderList *struct {
			Order []orderShape `json:"Order"`
		} `json:"OrderList"`
	} `json:"Data"`
}

// orderShape is QueryOrdersResponseBodyDataOrderListOrder and
// GetOrderDetailResponseBodyDataOrderListOrder.
type orderShape struct {
	OrderID           string `json:"OrderId"`
	OrderType         string `json:"OrderType"`
	ProductCode       string `json:"ProductCode"`
	PaymentStatus     string `json:"PaymentStatus"`
	CreateTime        string `json:"CreateTime"`
	PaymentTime       string `json:"PaymentTime"`
	PretaxGrossAmount string `json:"PretaxGrossAmount"`
	PretaxAmount      string `json:"PretaxAmount"`
	Currency          string `json:"Currency"`
	// GetOrderDetail only.
	InstanceIDs    string `json:"InstanceIDs"`
	Config         string `json:"Config"`
	OriginalConfig string `json:"OriginalConfig"`
	Region         string `json:"Region"`
	UsageStartTime string `json:"UsageStartTime"`
	UsageEndTime   string `json:"UsageEndTime"`
}
