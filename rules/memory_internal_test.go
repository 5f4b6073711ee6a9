package rules

import (
	"reflect"
	"testing"
	"unsafe"

	"github.com/respec-dev/respec/model"
)

// TestRefundMemoryBlocks: a decision's refund memory is taken once, in one block with the
// acceptance's when that was not taken before (downgradeAcceptance), alone when it was;
// without a decision there is none.
func TestRefundMemoryBlocks(t *testing.T) {
	var alone evaluation
	if m := alone.refundMemory(); m != nil {
		t.Fatalf("refund memory without a decision: %p", m)
	}
	d := evaluation{decided: true}
	m := d.refundMemory()
	if m == nil || d.acc == nil {
		t.Fatalf("refund memory %p, acceptance %p", m, d.acc)
	}
	if got, want := uintptr(unsafe.Pointer(m))-uintptr(unsafe.Pointer(d.acc)), unsafe.Offsetof(downgradeAcceptance{}.refund); got != want {
		t.Errorf("the refund memory is %d bytes after the acceptance, want %d (one block)", got, want)
	}
	if again := d.refundMemory(); again != m {
		t.Errorf("second refund memory %p, want the first %p", again, m)
	}
	taken := evaluation{decided: true}
	acc := taken.accepted()
	if m := taken.refundMemory(); m == nil || taken.acc != acc {
		t.Errorf("after the acceptance's block: refund memory %p, acceptance %p (was %p)", m, taken.acc, acc)
	}
}

// TestChargeIsZero: the Charge charge returns, the decision's or a new one, is zero, as
// priceUpgrade, which sets its fields one by one, needs; the acceptance's after ids took it
// too (the plan takes it with the RequestId, before pricing).
func TestChargeIsZero(t *testing.T) {
	var alone evaluation
	if ch, m := alone.charge(); !reflect.ValueOf(*ch).IsZero() || m != nil {
		t.Fatalf("without a decision: charge %+v, memory %p", *ch, m)
	}
	d := evaluation{decided: true, req: &model.Request{InstanceID: "i-x", ClientToken: "t"}}
	d.ids()
	ch, m := d.charge()
	if !reflect.ValueOf(*ch).IsZero() || ch != &d.acc.ch || m != &d.acc.quote {
		t.Fatalf("with a decision: charge %+v at %p, memory %p; want the acceptance's zero one at %p, %p", *ch, ch, m, &d.acc.ch, &d.acc.quote)
	}
}
