package sdkserve_test

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// diffMoney returns after − before as fmt prints the SDK's float32 amounts.
func diffMoney(before, after string) string {
	d := decimal.RequireFromString(after).Sub(decimal.RequireFromString(before))
	f, _ := d.Float64()
	return fmt.Sprint(float32(f))
}
