// Package errcodes is the catalog of every error ModifyPrepayInstanceSpec documents: one entry per
// row of the API page's error table (HTTP status, code, message template), plus the gateway's
// common MissingParameter, Forbidden.RAM, InvalidAction.NotFound and InvalidVersion; after them
// (AllAPIs, not All) the entries of the other APIs the endpoint serves, each from that API's own
// error table, and the gateway's InvalidAccessKeyId.NotFound. Each entry carries the condition respec returns it for and the retry
// class a caller should apply.
//
// Errors are values of type *Error. They work with errors.Is against an ID (errors.Is(err,
// errcodes.Throttling400)) and with errors.As to reach the status, code and message.
package errcodes

// ID names one entry of the catalog. A code documented under two HTTP statuses has two IDs, each
// suffixed with its status (InvalidInstanceIdNotFound400 and InvalidInstanceIdNotFound404); every
// other ID is the code with its dots removed.
//
// An ID is itself an error, so it can be the target of errors.Is.
type ID uint8

// The catalog, in the order of the API page's table. The zero ID is not an entry.
const (
	InvalidInstanceTypeValueUnauthorized400 ID = iota + 1
	InvalidInstanceTypeValueNotSupported400
	InvalidBillingMethodValueNotSupported
	InvalidInstancePurchaseNotFound
	InvalidInstanceUnpaidOrder
	InvalidInstanceTypeNotSupported
	OrderCreationFailed
	Throttling400
	AccountArrearage
	InvalidInstanceIdNotFound400
	InvalidRebootTimeMalFormed
	InvalidRebootTimeValueNotSupported
	IdempotenceParamNotMatch
	InvalidInstanceChargeTypeValueNotSupported
	InvalidStatusNotStopped
	InvalidAction
	InstanceDowngradeQuotaExceed
	InvalidParameter
	OperationDenied400
	LastOrderProcessing
	InvalidOperationVpcHasEnabledAdvancedNetworkFeature
	InvalidActionWithActiveElasticUpgrade
	InstanceTypeNotSupportedTooManyDisksAttached
	QuotaExceedDiskCapacity
	MissingParameterDiskCategory
	InvalidParameterDiskCategory
	InvalidPerformanceLevelMalformed
	InvalidSystemDiskCategoryNotMatchInstanceType
	QuotaExceedRufundVcpu
	NoPermissionPrice
	NoPermissionRefund
	InvalidInstanceStatus400
	InvalidOperationInstanceRenewWithDowngradeInPlan
	InvalidOperationOnlineModificationUnsupported
	InvalidInstanceTypeNotSupportCpuOptionsNestedVirtualization
	InvalidInstanceTypeValueUnauthorized401
	InternalError
	ImageOrderFailed
	OperationDeniedNoStock
	InvalidInstanceTypeValueNotSupported403
	InvalidUserPassRoleForbidden
	ImageNotSupportInstanceType
	InstanceTypeOffline
	IncorrectInstanceStatus
	Throttling403
	InvalidParameterInstanceId
	OperationDenied403
	InvalidInstanceStatus403
	InvalidOperationStarterPackage
	InvalidInstancePreInstanceExpired
	InvalidInstanceEipNotSupport
	OperationDeniedImageNotValid
	OperationDeniedLocalDiskUnsupported
	InvalidOperationEniCountExceeded
	InvalidOperationIpv4CountExceeded
	InvalidOperationIpv6CountExceeded
	InvalidOperationIpv6NotSupport
	InvalidOperationIpv4NotSupport
	InvalidInstanceNotFoundSystemDisk
	InvalidInstanceTypeNotSupportDiskCategory
	QuotaExceedElasticQuota
	InvalidResourceTypeNotSupported
	InvalidOperationMaxEniQueueNumberExceeded
	InvalidOperationExceedInstanceTypeQueueNumber
	InvalidParameterInvalidEniQueueNumber
	HibernationConfiguredInstanceOperationForbidden
	InvalidOperationMaxModifyOnlineNumberExceeded
	InvalidOperationRebootingRequired
	InvalidOperationOSTypeNotSupported
	OperationDeniedUnpaidOrder
	InvalidDiskDetachedSystemDisk
	InvalidDataDiskCategoryValueNotSupported
	InvalidDiskCategoryNotSupported
	InvalidRegionIdNotFound
	BillingMethodNotFound
	InvalidInstanceIdNotFound404
	LimitedOperationServiceUnavailable

	// MissingParameter is the gateway's common error for an absent required parameter. It is
	// not in the API page's table (the page lists only the operation's own codes) but every
	// Alibaba Cloud RPC API returns it, with HTTP 400.
	MissingParameter

	// ForbiddenRAM is the gateway's common error for a RAM user whose policies do not allow
	// the action: like MissingParameter it is not in the API page's table, and every Alibaba
	// Cloud RPC API returns it, with HTTP 403, before the operation itself runs.
	ForbiddenRAM

	// InvalidActionNotFound is the gateway's answer to an action it does not serve (or a
	// request that is not POST or GET on "/"): HTTP 404, before any parameter is read.
	InvalidActionNotFound

	// InvalidVersion is the gateway's answer to an API version other than ECS's 2014-05-26:
	// HTTP 400.
	InvalidVersion

	// numModify is one past the last entry of ModifyPrepayInstanceSpec's catalog (its table
	// and the gateway's common errors). The entries after it belong to the other APIs the
	// endpoint serves (Entry.API), each from that API's own error table.
	numModify

	// InvalidAccessKeyIdNotFound is the gateway's answer to an AccessKeyId the endpoint does
	// not know (HTTP 404), common to every action.
	InvalidAccessKeyIdNotFound ID = iota + 1

	// DescribeResourcesModification's own errors.
	InvalidParam
	InvalidOperationType
	InvalidDestinationResource
	InvalidParamCores
	InvalidParamMemory
	InvalidParamTypeAndCpuMemConflict
	InvalidRegionId
	InvalidResourceIdNotFound

	// DescribeInstanceModificationPrice's own errors.
	ChargeTypeViolation
	InvalidInstanceTypeNotSupportUpgrade
	InstanceExpired
	MissingParameterInstanceTypeOrDataDisk
	InvalidInstanceTypeValueNotSupportedPrice

	numIDs // one past the last entry
)

// Count is the number of entries in ModifyPrepayInstanceSpec's catalog (All); AllAPIs has
// the other APIs' entries too.
const Count = int(numModify) - 1

// SeedRows is the number of entries that are rows of the API page's table; the others
// (MissingParameter, Forbidden.RAM, InvalidAction.NotFound, InvalidVersion) are common gateway
// errors.
const SeedRows = int(LimitedOperationServiceUnavailable)
