package rules

import (
	"math"

	"github.com/respec-dev/respec/pricing"
)

// badOrder describes the first order a refund cannot be computed from (Order.Validate's
// message), or "". The orders are checked as pricing reads them (pricing.RefundMemory.Read,
// which finds what Order.Check finds); in a decision what it read is kept in the memory of the
// refund (refundMemory; money.orders-valid is the table's last rule: the plan follows).
// Only a faulty order is described. Only a downgrade reads the orders; the answer is kept for
// the rest of the evaluation (AvailableTargets asks once per downgrade target).
func (c *evaluation) badOrder() string {
	if c.ordersChecked {
		return c.ordersBad
	}
	c.ordersChecked = true
	m := c.refundMemory()
	for i := range c.inst.Orders {
		o := &c.inst.Orders[i]
		if _, err := m.Read(i, o); err != nil {
			c.ordersBad = o.Validate().Error()
			break
		}
	}
	return c.ordersBad
}

// quotaVCPUHours is c.refundVCPUHours() for the downgrade whose refund is r: the refund's
// RefundedVCPUHours, the same product of the same vCPUs and hours (pricing refuses a negative
// CPU count and a span beyond its bound), where it did not saturate at math.MaxInt64; else
// counted again, as refundVCPUHours counts it.
func quotaVCPUHours(c *evaluation, r *pricing.Refund) int64 {
	if h := r.RefundedVCPUHours; h < math.MaxInt64 {
		return h
	}
	return c.refundVCPUHours()
}
