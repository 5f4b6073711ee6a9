package exact

import (
	"math/big"
	"reflect"
	"testing"
	"unsafe"

	"github.com/shopspring/decimal"
)

// TestDecimalLayout: the mirror of decimal.Decimal's fields matches this version of the
// package, so Arena takes its allocation-free path.
func TestDecimalLayout(t *testing.T) {
	if !decimalLayoutOK {
		t.Fatal("decimalLayout does not match shopspring/decimal.Decimal: Arena falls back to copying")
	}
}

// TestArenaDecimal: every value an Arena builds equals decimal's own, past the arena's size
// (the fallback), for zero, signs, and 64- and 128-bit magnitudes, and slots are not reused.
func TestArenaDecimal(t *testing.T) {
	big128, _ := new(big.Int).SetString("-170141183460469231731687303715884105727", 10)
	cases := []struct {
		x    Int
		want decimal.Decimal
	}{
		{Of(0), decimal.New(0, -2)},
		{Of(12345), decimal.New(12345, -2)},
		{Of(-7), decimal.New(-7, -2)},
		{FromBig(big128), decimal.NewFromBigInt(big128, -2)},
		{Mul(Of(1<<62), Of(1<<40)), decimal.NewFromBigInt(new(big.Int).Lsh(big.NewInt(1), 102), -2)},
		{Of(-1 << 62), decimal.New(-1<<62, -2)},
		{Of(99), decimal.New(99, -2)},
	}
	var a Arena
	var got []decimal.Decimal
	for _, c := range cases {
		got = append(got, a.Decimal(c.x, -2))
	}
	for i, c := range cases {
		if !got[i].Equal(c.want) || got[i].String() != c.want.String() {
			t.Errorf("case %d: %s, want %s", i, got[i], c.want)
		}
	}
	if a.n != ArenaSize {
		t.Errorf("%d slots used, want %d", a.n, ArenaSize)
	}
}

func TestArenaAllocations(t *testing.T) {
	n := testing.AllocsPerRun(100, func() {
		a := new(Arena)
		for i := int64(1); i <= ArenaSize; i++ {
			sinkDec = a.Decimal(Of(i*1000003), -2)
		}
	})
	if n != 1 {
		t.Errorf("%v allocations for %d decimals, want 1", n, ArenaSize)
	}
}

var sinkDec decimal.Decimal

// TestSlabZero: a Slab's zero is decimal.New(0, 0) field for field (a zero big.Int, not nil),
// each in a slot of its own, taken from the block the slab's other decimals share.
func TestSlabZero(t *testing.T) {
	s := Slab{Chunk: 3}
	a, b := s.Zero(), s.Zero()
	c := s.Decimal(Of(7), -1)
	if !reflect.DeepEqual(a, decimal.New(0, 0)) || a.Exponent() != 0 || a.Coefficient().Sign() != 0 {
		t.Errorf("Zero() = %#v, want decimal.New(0, 0)", a)
	}
	av, bv, cv := coefficientOf(a), coefficientOf(b), coefficientOf(c)
	if av == nil || av == bv {
		t.Errorf("zeros' coefficients %p and %p: want two slots", av, bv)
	}
	if len(s.free) != 0 || uintptr(unsafe.Pointer(cv))-uintptr(unsafe.Pointer(av)) != 2*unsafe.Sizeof(slot{}) {
		t.Errorf("zeros and the decimal after them not in consecutive slots of one block (%d left)", len(s.free))
	}
	if got := c.String(); got != "0.7" {
		t.Errorf("the decimal after the zeros is %s, want 0.7", got)
	}
}

// coefficientOf is the pointer to d's coefficient.
func coefficientOf(d decimal.Decimal) *big.Int {
	return (*decimalLayout)(unsafe.Pointer(&d)).value
}
