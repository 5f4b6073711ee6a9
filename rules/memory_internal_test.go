package rules

import (
	"testing"
	"unsafe"
)

// TestRefundMemoryBlocks: a decision's refund memory is taken once, in one block with the
// acceptance's when that was not taken before (downgradeAcceptance), alone when it was;
// without a decision there is none.
func TestRefundMemoryBlocks(t *testing.T) {
	var alone evaluation
	if m := alone.refundMemory(); m != nil {
		t.Fatalf("refund memory without a decision: %p", m)
	}
	d := new(decision)
	d.c.mem = d
	m := d.c.refundMemory()
	if m == nil || d.acc == nil {
		t.Fatalf("refund memory %p, acceptance %p", m, d.acc)
	}
	if got, want := uintptr(unsafe.Pointer(m))-uintptr(unsafe.Pointer(d.acc)), unsafe.Offsetof(downgradeAcceptance{}.refund); got != want {
		t.Errorf("the refund memory is %d bytes after the acceptance, want %d (one block)", got, want)
	}
	if again := d.c.refundMemory(); again != m {
		t.Errorf("second refund memory %p, want the first %p", again, m)
	}
	taken := new(decision)
	taken.c.mem = taken
	acc := taken.c.accepted()
	if m := taken.c.refundMemory(); m == nil || taken.acc != acc {
		t.Errorf("after the acceptance's block: refund memory %p, acceptance %p (was %p)", m, taken.acc, acc)
	}
}
