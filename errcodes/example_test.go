package errcodes_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/respec-dev/respec/errcodes"
)

func ExampleNew() {
	err := fmt.Errorf("upgrade refused: %w", errcodes.New(errcodes.InvalidOperationEniCountExceeded,
		"the instance has 4 ENIs; ecs.g7.large takes at most 3"))

	if errors.Is(err, errcodes.InvalidOperationEniCountExceeded) {
		var e *errcodes.Error
		errors.As(err, &e)
		fmt.Println(e.HTTPStatus(), e.Code(), e.Retry())
		fmt.Println(e.Message())
	}
	// Output:
	// 403 InvalidOperation.EniCountExceeded TryAnotherType
	// the instance has 4 ENIs; ecs.g7.large takes at most 3
}

func ExampleError_Wire() {
	e := errcodes.New(errcodes.InvalidStatusNotStopped, "")
	body := e.Wire("C0003E8B-B930-4F59-ADC0-0E209A9012A8", errcodes.HostFor("cn-hangzhou"))
	out, _ := json.MarshalIndent(body, "", "  ")
	fmt.Println(e.HTTPStatus())
	fmt.Println(string(out))
	// Output:
	// 400
	// {
	//   "RequestId": "C0003E8B-B930-4F59-ADC0-0E209A9012A8",
	//   "HostId": "ecs.cn-hangzhou.aliyuncs.com",
	//   "Code": "InvalidStatus.NotStopped",
	//   "Message": "Instance status must be stopped.",
	//   "Recommend": "https://api.aliyun.com/troubleshoot?q=InvalidStatus.NotStopped\u0026product=Ecs\u0026requestId=C0003E8B-B930-4F59-ADC0-0E209A9012A8"
	// }
}
