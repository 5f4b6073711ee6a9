package catalog_test

import (
	"fmt"

	"github.com/respec-dev/respec/catalog"
)

func ExampleDefault() {
	c := catalog.Default()
	g6, _ := c.Type("ecs.g6.large")
	g7, _ := c.Type("ecs.g7.large")
	fmt.Println(c.Len(), "types; prices illustrative:", c.PricesIllustrative())
	fmt.Println(g6.InstanceTypeID, g6.MonthlyPrice["cn-hangzhou"], c.Currency())
	fmt.Println(g7.InstanceTypeID, g7.MonthlyPrice["cn-hangzhou"], c.Currency())
	fmt.Println("g6 → g7:", c.Reachable(g6.Family, g7))
	fmt.Println("12-month discount:", c.Discount(12))
	// Output:
	// 429 types; prices illustrative: true
	// ecs.g6.large 252 CNY
	// ecs.g7.large 264 CNY
	// g6 → g7: true
	// 12-month discount: 0.85
}

func ExampleDefault_stock() {
	r7, _ := catalog.Default().Type("ecs.r7.large")
	for _, zone := range []string{"cn-hangzhou-h", "cn-hangzhou-i", "cn-hangzhou-j", "cn-hangzhou-k", "cn-beijing-k"} {
		fmt.Println(zone, r7.StockIn(zone), r7.StockIn(zone).Available(), r7.OfferedIn(zone))
	}
	// Output:
	// cn-hangzhou-h WithStock true true
	// cn-hangzhou-i WithoutStock false true
	// cn-hangzhou-j ClosedWithStock true true
	// cn-hangzhou-k ClosedWithoutStock false true
	// cn-beijing-k  false false
}

func ExampleDefaultData() {
	d := catalog.DefaultData()
	// Mark a family as retired in a copy; Default is unchanged.
	for i := range d.Types {
		if d.Types[i].Family == "ecs.n4" {
			d.Types[i].Offline = true
		}
	}
	n4, _ := catalog.Default().Type("ecs.n4.small")
	fmt.Println(n4.Offline)
	// Output: false
}
