package importer_test

import (
	"strings"
	"testing"

	"github.com/respec-dev/respec/importer"
	"github.com/respec-dev/respec/model"
)

// priceCall is one --prices entry for ecs.g6.xlarge in cn-hangzhou: PriceUnit unit, Period
// period, the instanceType line's OriginalPrice typ.
func priceCall(unit, period, typ string) string {
	return `{"Request": {"RegionId": "cn-hangzhou", "InstanceType": "ecs.g6.xlarge", "PriceUnit": "` + unit + `", "Period": "` + period + `"},
 "Response": {"PriceInfo": {"Price": {"OriginalPrice": 999, "Currency": "CNY",
  "DetailInfos": {"DetailInfo": [{"Resource": "instanceType", "OriginalPrice": ` + typ + `}, {"Resource": "systemDisk", "OriginalPrice": 1}]}}}}}`
}

// TestImportPricesPerWeekOrHour: a DescribePrice price per week or per hour becomes a monthly
// price at 30 days of 24 hours a month (a week's over its 168 hours, an hour's times 720),
// kept illustrative (it is not the monthly list price), with an issue; a price per month or
// year is the list price and real, and wins over a converted one in either order; the charge
// computed from a converted price is marked illustrative, from a real one not.
func TestImportPricesPerWeekOrHour(t *testing.T) {
	for _, tc := range []struct {
		name         string
		calls        []string
		price        string
		illustrative bool
		issue        string
	}{
		{"one week", []string{priceCall("Week", "1", "140")}, "600", true,
			"ecs.g6.xlarge in cn-hangzhou: priced per week (PriceUnit Week, Period 1): taken as 600 a month at 30 days of 24 hours; not a monthly list price, so still illustrative (README: DescribePrice per hour or per week)"},
		{"four weeks", []string{priceCall("Week", "4", "600")}, "642.857143", true,
			"ecs.g6.xlarge in cn-hangzhou: priced per week (PriceUnit Week, Period 4): taken as 642.857143 a month at 30 days of 24 hours; not a monthly list price, so still illustrative (README: DescribePrice per hour or per week)"},
		{"one hour", []string{priceCall("Hour", "1", "1.2")}, "864", true,
			"ecs.g6.xlarge in cn-hangzhou: priced per hour (PriceUnit Hour, Period 1): taken as 864 a month at 30 days of 24 hours; not a monthly list price, so still illustrative (README: DescribePrice per hour or per week)"},
		{"a month after a week", []string{priceCall("Week", "1", "140"), priceCall("Month", "1", "520")}, "520", false,
			"ecs.g6.xlarge in cn-hangzhou: priced per week (PriceUnit Week, Period 1): not used: the type has a real monthly price there"},
		{"a week after a month", []string{priceCall("Month", "1", "520"), priceCall("Week", "1", "140")}, "520", false,
			"ecs.g6.xlarge in cn-hangzhou: priced per week (PriceUnit Week, Period 1): not used: the type has a real monthly price there"},
		{"a year", []string{priceCall("Year", "1", "6240")}, "520", false, ""},
		// DescribePrice's PriceUnit defaults to Hour: a call that names none priced an hour.
		{"no PriceUnit", []string{strings.Replace(priceCall("Hour", "1", "1.2"), `"PriceUnit": "Hour", `, "", 1)}, "864", true,
			"ecs.g6.xlarge in cn-hangzhou: priced per hour (PriceUnit Hour, Period 1): taken as 864 a month at 30 days of 24 hours; not a monthly list price, so still illustrative (README: DescribePrice per hour or per week)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, err := importer.Import(importer.Input{Now: now, TargetType: "ecs.g6.2xlarge", Balance: "100000",
				Request:   map[string]string{"InstanceId": "i-bp1import0000000001"},
				Instances: fixture(t, "describe-instances.json"), Prices: []byte("[" + strings.Join(tc.calls, ",") + "]")})
			if err != nil {
				t.Fatal(err)
			}
			s := &res.Scenarios[0]
			cat, err := model.NewCatalog(*s.CatalogData)
			if err != nil {
				t.Fatal(err)
			}
			typ, _ := cat.Type("ecs.g6.xlarge")
			if got := typ.MonthlyPrice["cn-hangzhou"]; !got.Equal(dec(tc.price)) || cat.PriceIllustrative("ecs.g6.xlarge", "cn-hangzhou") != tc.illustrative {
				t.Errorf("price %s (illustrative %v), want %s (%v)", got, cat.PriceIllustrative("ecs.g6.xlarge", "cn-hangzhou"), tc.price, tc.illustrative)
			}
			var want []string
			if tc.issue != "" {
				want = []string{tc.issue}
			}
			checkIssues(t, res, "prices", want)
			plan, err := decide(t, s)
			if err != nil {
				t.Fatal(err)
			}
			// The target's price is the catalog's, illustrative: the charge is marked whatever
			// the source's; the source's price changes the amount.
			if !plan.PricesIllustrative {
				t.Errorf("the charge is not marked illustrative (the target's price is)")
			}
		})
	}
}

// TestImportPricesIllustrativeMarking: with a converted price for the source type and a real one
// for the target, the charge is still marked illustrative; with both real it is not.
func TestImportPricesIllustrativeMarking(t *testing.T) {
	target := strings.ReplaceAll(priceCall("Month", "1", "1040"), "ecs.g6.xlarge", "ecs.g6.2xlarge")
	for _, tc := range []struct {
		source       string
		illustrative bool
	}{
		{priceCall("Hour", "1", "0.7"), true},
		{priceCall("Week", "2", "250"), true},
		{priceCall("Month", "1", "520"), false},
	} {
		res, err := importer.Import(importer.Input{Now: now, TargetType: "ecs.g6.2xlarge", Balance: "100000",
			Request:   map[string]string{"InstanceId": "i-bp1import0000000001"},
			Instances: fixture(t, "describe-instances.json"), Prices: []byte("[" + tc.source + "," + target + "]")})
		if err != nil {
			t.Fatal(err)
		}
		plan, err := decide(t, &res.Scenarios[0])
		if err != nil {
			t.Fatal(err)
		}
		if plan.PricesIllustrative != tc.illustrative {
			t.Errorf("%.80s: illustrative %v, want %v", tc.source, plan.PricesIllustrative, tc.illustrative)
		}
	}
}
