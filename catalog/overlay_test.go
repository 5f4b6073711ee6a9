package catalog_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/respec-dev/respec/catalog"
)

const g6Overlay = `{"Currency": "CNY", "Source": "DescribePrice", "Prices": [
  {"InstanceType": "ecs.g6.xlarge", "RegionId": "cn-hangzhou", "MonthlyPrice": "500.00"},
  {"InstanceType": "ecs.g6.2xlarge", "RegionId": "cn-hangzhou", "MonthlyPrice": 1000.5},
  {"InstanceType": "ecs.g6.2xlarge", "RegionId": "cn-wulanchabu", "MonthlyPrice": "990"}]}`

func TestWithPrices(t *testing.T) {
	o, err := catalog.ParseOverlay([]byte(g6Overlay))
	if err != nil {
		t.Fatal(err)
	}
	base := catalog.Default()
	before, _ := base.Type("ecs.g6.xlarge")
	oldPrice := before.MonthlyPrice["cn-hangzhou"]
	c, err := catalog.WithPrices(base, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id, region   string
		price        string
		illustrative bool
	}{
		{"ecs.g6.xlarge", "cn-hangzhou", "500", false},
		{"ecs.g6.2xlarge", "cn-hangzhou", "1000.5", false},
		{"ecs.g6.2xlarge", "cn-wulanchabu", "990", false},
		{"ecs.g6.xlarge", "cn-shanghai", oldPriceOf(t, "ecs.g6.xlarge", "cn-shanghai"), true},
		{"ecs.c6.xlarge", "cn-hangzhou", oldPriceOf(t, "ecs.c6.xlarge", "cn-hangzhou"), true},
	} {
		typ, ok := c.Type(tc.id)
		if !ok {
			t.Fatalf("%s missing", tc.id)
		}
		if got := typ.MonthlyPrice[tc.region]; !got.Equal(decimal.RequireFromString(tc.price)) {
			t.Errorf("%s in %s: price %s, want %s", tc.id, tc.region, got, tc.price)
		}
		if got := c.PriceIllustrative(tc.id, tc.region); got != tc.illustrative {
			t.Errorf("%s in %s: illustrative %v, want %v", tc.id, tc.region, got, tc.illustrative)
		}
	}
	if !c.HasRegion("cn-wulanchabu") || base.HasRegion("cn-wulanchabu") {
		t.Errorf("the new region: overlay %v, base %v", c.HasRegion("cn-wulanchabu"), base.HasRegion("cn-wulanchabu"))
	}
	// The base is untouched.
	after, _ := base.Type("ecs.g6.xlarge")
	if !after.MonthlyPrice["cn-hangzhou"].Equal(oldPrice) || len(after.RealPriceRegions) != 0 || !base.PriceIllustrative("ecs.g6.xlarge", "cn-hangzhou") {
		t.Errorf("the base catalog changed: %s %v", after.MonthlyPrice["cn-hangzhou"], after.RealPriceRegions)
	}
}

func oldPriceOf(t *testing.T, id, region string) string {
	typ, ok := catalog.Default().Type(id)
	if !ok {
		t.Fatalf("%s missing", id)
	}
	return typ.MonthlyPrice[region].String()
}

func TestOverlayErrors(t *testing.T) {
	for doc, want := range map[string]string{
		``:                                     "the document is empty",
		`[]`:                                   "the document: a JSON array where",
		`{"Currency": "CNY", "Prices": []} {}`: "more than one JSON value",
		`{"Prices": []}`:                       "Currency is missing",
		`{"Currency": "CNY", "Price": []}`:     `unknown field "Price"`,
		`{"Currency": "CNY", "Prices": [{"InstanceType": "ecs.g6.xlarge", "MonthlyPrice": "1"}]}`:                                                                   "Prices[0]: RegionId is missing",
		`{"Currency": "CNY", "Prices": [{"RegionId": "cn-hangzhou", "MonthlyPrice": "1"}]}`:                                                                         "Prices[0]: InstanceType is missing",
		`{"Currency": "CNY", "Prices": [{"InstanceType": "ecs.g6.xlarge", "RegionId": "cn-hangzhou", "MonthlyPrice": "-1"}]}`:                                       "Prices[0]: MonthlyPrice: ",
		`{"Currency": "CNY", "Prices": [{"InstanceType": "ecs.g6.xlarge", "RegionId": "cn-hangzhou", "MonthlyPrice": "1e100000000"}]}`:                              "Prices[0]: MonthlyPrice: ",
		`{"Currency": "CNY", "Prices": [{"InstanceType": "ecs.g6.xlarge", "RegionId": "cn-hangzhou", "MonthlyPrice": true}]}`:                                       "MonthlyPrice",
		`{"Currency": "CNY", "Prices": [{"InstanceType": "a", "RegionId": "r", "MonthlyPrice": "1"}, {"InstanceType": "a", "RegionId": "r", "MonthlyPrice": "2"}]}`: "Prices[1]: a in r is given twice",
		`{"Currency": "USD", "Prices": []}`: "the prices are in USD, the catalog's in CNY",
		`{"Currency": "CNY", "Prices": [{"InstanceType": "ecs.nope", "RegionId": "cn-hangzhou", "MonthlyPrice": "1"}]}`: "Prices[0]: ecs.nope is not an instance type of the catalog",
		strings.Repeat(" ", catalog.MaxOverlayBytes+1):                                                                  "more than",
	} {
		o, err := catalog.ParseOverlay([]byte(doc))
		if err == nil {
			_, err = catalog.WithPrices(catalog.Default(), o)
		}
		if err == nil || !errors.Is(err, catalog.ErrInvalidOverlay) || !strings.Contains(err.Error(), want) {
			t.Errorf("%.60q: error %v, want one containing %q", doc, err, want)
		}
	}
}

// Real prices for two types in one region, over the embedded catalog: those two prices are
// real, every other stays illustrative.
func ExampleWithPrices() {
	o, err := catalog.ParseOverlay([]byte(`{"Currency": "CNY", "Prices": [
	  {"InstanceType": "ecs.g6.xlarge", "RegionId": "cn-hangzhou", "MonthlyPrice": "500.00"},
	  {"InstanceType": "ecs.g6.2xlarge", "RegionId": "cn-hangzhou", "MonthlyPrice": "1000.00"}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := catalog.WithPrices(catalog.Default(), o)
	if err != nil {
		fmt.Println(err)
		return
	}
	t, _ := c.Type("ecs.g6.2xlarge")
	fmt.Println(t.MonthlyPrice["cn-hangzhou"], c.PriceIllustrative("ecs.g6.2xlarge", "cn-hangzhou"), c.PriceIllustrative("ecs.g6.2xlarge", "cn-shanghai"))
	// Output: 1000 false true
}

// For any overlay, a price is illustrative exactly when the overlay does not give it, and the
// overlay's prices are the catalog's; the base never changes.
func TestOverlayMarksExactlyItsPrices(t *testing.T) {
	base := catalog.Default()
	regions := catalog.DefaultRegions()
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 20).Draw(t, "n")
		o := catalog.Overlay{Currency: "CNY"}
		given := map[[2]string]decimal.Decimal{}
		for range n {
			typ := base.At(rapid.IntRange(0, base.Len()-1).Draw(t, "type")).InstanceTypeID
			region := rapid.SampledFrom(regions).Draw(t, "region")
			if _, dup := given[[2]string{typ, region}]; dup {
				continue
			}
			price := decimal.New(rapid.Int64Range(0, 10_000_000).Draw(t, "cents"), -2)
			given[[2]string{typ, region}] = price
			o.Prices = append(o.Prices, catalog.OverlayPrice{InstanceType: typ, RegionID: region, MonthlyPrice: price})
		}
		c, err := catalog.WithPrices(base, o)
		if err != nil {
			t.Fatal(err)
		}
		for k := 0; k < 30; k++ {
			typ := base.At(rapid.IntRange(0, base.Len()-1).Draw(t, "probe")).InstanceTypeID
			region := rapid.SampledFrom(regions).Draw(t, "probe region")
			p, isReal := given[[2]string{typ, region}]
			if c.PriceIllustrative(typ, region) == isReal {
				t.Fatalf("%s in %s: illustrative %v, overlay gives it: %v", typ, region, c.PriceIllustrative(typ, region), isReal)
			}
			ct, _ := c.Type(typ)
			bt, _ := base.Type(typ)
			want := bt.MonthlyPrice[region]
			if isReal {
				want = p
			}
			if !ct.MonthlyPrice[region].Equal(want) || !base.PriceIllustrative(typ, region) {
				t.Fatalf("%s in %s: price %s, want %s", typ, region, ct.MonthlyPrice[region], want)
			}
		}
	})
}
