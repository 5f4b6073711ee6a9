package rules

import (
	"math/big"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/internal/exact"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/pricing"
	"github.com/shopspring/decimal"
)

// decision is the memory of a Decide call refused past its gate rules, or decided through the
// table's rows (decideByTable), taken in one allocation: the evaluation, copied from decide's
// stack (a rule's detail and test are called through the table's function values, which
// Go's escape analysis cannot follow, so the evaluation they get must be on the heap), and the
// error the refusal returns, which points into the block. An accepted change decided by a
// written walk never takes it: its plan points only into the acceptance (evaluation.acc),
// taken when the plan is built. Nothing in either is written after the answer is returned.
type decision struct {
	c   evaluation
	err errcodes.Error
}

// acceptance is the memory of an accepted plan: the charge, the balance after it, the bytes of
// the RequestId and OrderId and of the request's fingerprint.
type acceptance struct {
	ch Charge
	// bal and balWords hold the coefficient of the charge's BalanceAfter.
	bal      big.Int
	balWords exact.Words
	ids      [36 + 15]byte
	// fp backs the fingerprint, as far as it goes.
	fp [256]byte
	// quote holds the decimals of the charge's quote.
	quote pricing.Memory
	// warnings backs the plan's first warnings.
	warnings [2]string
}

// downgradeAcceptance is the memory of an accepted downgrade, one block taken when its orders
// are read (money.orders-valid, the table's last rule, after which the plan is built): the
// acceptance and the refund's memory, which holds what the rule read of the orders. An
// accepted downgrade decided on decide's stack then takes one allocation, this block, where a
// separate block for the refund would take a second; a downgrade refused for a faulty order
// pays for it.
type downgradeAcceptance struct {
	acc    acceptance
	refund pricing.RefundMemory
}

// refundMemory returns the memory of the refund, taken on first use with the acceptance's
// (downgradeAcceptance), or alone when the acceptance's was taken before; nil without a
// decision (Explain, AvailableTargets).
func (c *evaluation) refundMemory() *pricing.RefundMemory {
	switch {
	case !c.decided || c.refund != nil:
	case c.acc == nil:
		d := new(downgradeAcceptance)
		c.acc, c.refund = &d.acc, &d.refund
	default:
		c.refund = new(pricing.RefundMemory)
	}
	return c.refund
}

// gateError returns gate rule i's error for req, its detail formatted only when asked.
func gateError(i int, req *model.Request) *errcodes.Error {
	if d := &table[i].lazy; d.format != nil {
		return errcodes.Lazy(table[i].id, d.arg(req), d.format)
	}
	return errcodes.New(table[i].id, "")
}

// onHeap returns the decision of the refusal of a Decide call whose evaluation c ran on the
// stack: a copy of c in new memory, which errorOf's error can point into.
func (c *evaluation) onHeap() *decision {
	d := &decision{c: *c}
	d.c.mem = d
	return d
}

// accepted returns the memory of the plan being built, taking it on first use; nil without a
// decision (Explain, AvailableTargets).
func (c *evaluation) accepted() *acceptance {
	if !c.decided {
		return nil
	}
	if c.acc == nil {
		c.acc = new(acceptance)
	}
	return c.acc
}

// charge returns the Charge the plan will point to, zero (its fields are set one by one), and
// the memory of its quote's decimals: the decision's, else a new Charge and nil (the quote
// takes memory of its own). The plan is built once, so the decision's Charge is still zero.
func (c *evaluation) charge() (*Charge, *pricing.Memory) {
	if a := c.accepted(); a != nil {
		return &a.ch, &a.quote
	}
	return new(Charge), nil
}

// errorOf returns the error of rule i with detail, held in the decision: c is always a heap
// decision's evaluation (errorOf is reached only through errorAt, from decide, after onHeap).
func (c *evaluation) errorOf(i int, detail string) *errcodes.Error {
	c.mem.err = *errcodes.New(table[i].id, detail)
	return &c.mem.err
}

// subDecimal is model.SubDecimal(a, b), its coefficient held in the decision when a and b
// fit an int64 at a common exponent and the difference is not zero.
func (c *evaluation) subDecimal(a, b decimal.Decimal) decimal.Decimal {
	if m := c.accepted(); m != nil {
		if d, ok := exact.SubIn(&m.bal, &m.balWords, a, b); ok {
			return d
		}
	}
	return model.SubDecimal(a, b)
}
