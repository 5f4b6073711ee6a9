package scenario

import (
	"strings"
	"testing"
	"time"

	"github.com/respec-dev/respec/model"
)

// downgradeScenario is a scenario whose instance has a purchase cancelled by a downgrade and
// the order that downgrade generated, under a policy that names the one-basis ratio reading.
const downgradeScenario = `{
  "now": "2026-03-12T00:00:00Z",
  "request": {"InstanceId": "i-1", "RegionId": "cn-hangzhou", "InstanceType": "ecs.g6.large"},
  "policy": {"Base": "current", "RatioReading": "%s"},
  "instance": {"InstanceId": "i-1", "RegionId": "cn-hangzhou", "Status": "Stopped",
    "InstanceType": "ecs.g6.xlarge", "CreationTime": "2026-01-01T00:00:00Z", "ExpiredTime": "2027-01-01T00:00:00Z",
    "Orders": [
      {"OrderId": "o-1", "Kind": "Purchase", "InstanceType": "ecs.g6.2xlarge", "Start": "2026-01-01T00:00:00Z",
       "End": "2027-01-01T00:00:00Z", "CancelledAt": "2026-03-02T00:00:00Z", "ListPrice": "3600", "CashPaid": "3600",
       "VoucherPaid": "0", "Discount": "1", "PaymentMethod": "balance", "PaidAt": "2026-01-01T00:00:00Z"},
      {"OrderId": "d-1", "Kind": "Downgrade", "InstanceType": "ecs.g6.xlarge", "PreviousInstanceType": "ecs.g6.2xlarge",
       "Start": "2026-03-02T00:00:00Z", "End": "2027-01-01T00:00:00Z", "ListPrice": "1525", "CashPaid": "1483.21",
       "VoucherPaid": "0", "Discount": "1", "PaymentMethod": "balance", "PaidAt": "2026-01-01T00:00:00Z"}]}
}`

// TestScenarioDowngradeOrder: the scenario format reads the order a downgrade generates, the
// CancelledAt of the order it replaced and the policy's RatioReading, and refuses an unknown
// reading and a cancellation before the order started.
func TestScenarioDowngradeOrder(t *testing.T) {
	doc := func(reading string) []byte { return []byte(strings.Replace(downgradeScenario, "%s", reading, 1)) }
	s, err := Decode(doc(model.RatioOneBasis))
	if err != nil {
		t.Fatal(err)
	}
	orders := s.Facts.Instance.Orders
	if len(orders) != 2 || orders[1].Kind != model.OrderDowngrade || !orders[0].CancelledAt.Equal(time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)) ||
		!orders[0].Cancelled(s.Now) || orders[1].Cancelled(s.Now) || s.Policy.RatioReading != model.RatioOneBasis {
		t.Fatalf("decoded %+v, policy reading %q", orders, s.Policy.RatioReading)
	}
	back, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	if again, err := Decode(back); err != nil || len(again.Facts.Instance.Orders) != 2 ||
		!again.Facts.Instance.Orders[0].CancelledAt.Equal(orders[0].CancelledAt) {
		t.Fatalf("round trip: %v", err)
	}
	if _, err := Decode(doc("both")); err == nil || !strings.Contains(err.Error(), "RatioReading") {
		t.Errorf("unknown reading: %v", err)
	}
	early := strings.Replace(string(doc(model.RatioPrinted)), `"CancelledAt": "2026-03-02T00:00:00Z"`, `"CancelledAt": "2025-12-31T00:00:00Z"`, 1)
	// A downgrade cancels a renewal paid ahead before it starts: a CancelledAt before the
	// start is valid.
	if _, err := Decode([]byte(early)); err != nil {
		t.Errorf("cancelled before the start: %v", err)
	}
	p := model.PolicyCurrent()
	if p.RatioReading != model.RatioPrinted || p.ChargeRounding != model.RoundDown {
		t.Errorf("current preset: reading %q, charge rounding %q", p.RatioReading, p.ChargeRounding)
	}
}
