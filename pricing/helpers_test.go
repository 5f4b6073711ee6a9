package pricing

import (
	"testing"
	"time"

	"github.com/respec-dev/respec/model"
	"github.com/shopspring/decimal"
)

const region = "cn-hangzhou"

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// itype returns an instance type with one monthly price in region.
func itype(id string, cpu int, price string) model.InstanceType {
	return model.InstanceType{
		InstanceTypeID: id, Family: "ecs.g6", CPU: cpu,
		MonthlyPrice: map[string]decimal.Decimal{region: d(price)},
	}
}

// testCatalog has ecs.g6.large (2 vCPU, 300/month), ecs.g6.xlarge (4 vCPU, 600/month),
// ecs.g6.2xlarge (8 vCPU, 1200/month) and ecs.g6.nopr (no price), with discounts 0.9 from 6
// months and 0.85 from 12 months.
func testCatalog(t testing.TB) *model.Catalog {
	t.Helper()
	return catalogWith(t, []model.DurationDiscount{{MinMonths: 6, Factor: d("0.9")}, {MinMonths: 12, Factor: d("0.85")}},
		itype("ecs.g6.large", 2, "300"), itype("ecs.g6.xlarge", 4, "600"), itype("ecs.g6.2xlarge", 8, "1200"),
		model.InstanceType{InstanceTypeID: "ecs.g6.nopr", Family: "ecs.g6", CPU: 16})
}

func catalogWith(t testing.TB, disc []model.DurationDiscount, types ...model.InstanceType) *model.Catalog {
	t.Helper()
	c, err := model.NewCatalog(model.CatalogData{Regions: []string{region}, Currency: "CNY", Types: types, Discounts: disc})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func typ(t testing.TB, c *model.Catalog, id string) *model.InstanceType {
	t.Helper()
	it, ok := c.Type(id)
	if !ok {
		t.Fatalf("no type %s", id)
	}
	return it
}

func pol() *model.Policy {
	p := model.PolicyCurrent()
	return &p
}

func pol2022() *model.Policy {
	p := model.Policy2019()
	return &p
}

// purchase is a one-month Purchase order of ecs.g6.xlarge paid in cash by credit card.
func purchase(start, end time.Time, list, cash string) model.Order {
	return model.Order{
		OrderID: "o-1", Kind: model.OrderPurchase, InstanceType: "ecs.g6.xlarge",
		Start: start, End: end, ListPrice: d(list), CashPaid: d(cash), VoucherPaid: decimal.Zero,
		Discount: d("1"), PaymentMethod: model.PayCreditCard, PaidAt: start,
	}
}

// hostileTime is how long one call may take on any input, hostile amounts included: generous
// under load, far too short for minutes of arithmetic.
const hostileTime = 5 * time.Second

// took runs f and returns how long it took.
func took(f func()) time.Duration {
	start := time.Now()
	f()
	return time.Since(start)
}
