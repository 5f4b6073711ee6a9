package sdkserve_test

import (
	"fmt"

	"github.com/shopspring/decimal"
)

var sprint = fmt.Sprint

// diffMoney returns after − before as the SDK prints a float32 amount (fmt of float32).
func diffMoney(before, after string) string {
	d := decimal.RequireFromString(after).Sub(decimal.RequireFromString(before))
	f, _ := d.Float64()
	return fmtFloat32(float32(f))
}

func fmtFloat32(f float32) string { return sprint(f) }
