package exact

import (
	"math/big"
	"math/bits"
	"unsafe"

	"github.com/shopspring/decimal"
)

// ArenaSize is the number of decimals an Arena holds before it falls back to allocating.
const ArenaSize = 4

// Arena holds the coefficients of up to ArenaSize decimals in one block of memory, so that a
// computation producing several decimals (a quote, a refund) allocates once instead of twice
// per decimal. A decimal built from an Arena shares its coefficient with the arena; decimals
// are immutable (shopspring never writes to a value's coefficient), and the arena never
// reuses a slot, so the decimal stays valid for as long as it is reachable.
//
// The zero Arena is ready to use. An Arena must not be copied after first use.
type Arena struct {
	n int
	z [ArenaSize]big.Int
	w [ArenaSize]Words
}

// Words holds the words of a coefficient of up to 128 bits: two on a 64-bit platform, four on
// a 32-bit one.
type Words [128 / bits.UintSize]big.Word

// decimalLayout mirrors the fields of shopspring/decimal.Decimal (v1.4.0: value *big.Int, exp
// int32). decimalLayoutOK checks, once, that the mirror matches; when it does not (a future
// version of the package changed its fields), Arena.Decimal falls back to decimal's own
// constructors, which copy.
type decimalLayout struct {
	value *big.Int
	exp   int32
}

// decimalLayoutOK reports whether decimalLayout is decimal.Decimal's layout: the same size,
// and a decimal built through the mirror reads back as the same number. Read-only after
// initialization.
var decimalLayoutOK = func() bool {
	if unsafe.Sizeof(decimal.Decimal{}) != unsafe.Sizeof(decimalLayout{}) {
		return false
	}
	z := big.NewInt(-12345)
	d := *(*decimal.Decimal)(unsafe.Pointer(&decimalLayout{value: z, exp: -3}))
	want := decimal.New(-12345, -3)
	return d.Exponent() == -3 && d.Coefficient().Cmp(z) == 0 && d.String() == want.String() && d.Equal(want)
}()

// Decimal returns the decimal x·10^exp, its coefficient held in the arena when x fits 128 bits
// and a slot is free. Zero is the zero Decimal, which needs no slot.
func (a *Arena) Decimal(x Int, exp int32) decimal.Decimal {
	i := uint(a.n)
	if i >= ArenaSize || !heldInline(x) {
		return scratchDecimal(x, exp)
	}
	a.n++
	return DecimalIn(&a.z[i], &a.w[i], x, exp)
}

// DecimalIn returns the decimal x·10^exp with its coefficient in z and w, which the caller
// gives to this decimal alone and never writes again. A value that does not fit 128 bits, or
// a decimal package whose layout is not the one mirrored here, takes decimal's own copying
// constructors instead. Zero is the zero Decimal.
func DecimalIn(z *big.Int, w *Words, x Int, exp int32) decimal.Decimal {
	if !heldInline(x) {
		return scratchDecimal(x, exp)
	}
	hi, lo, neg := x.abs128()
	ws := w[:]
	if bits.UintSize == 64 {
		ws[0], ws[1] = big.Word(lo), big.Word(hi)
	} else {
		ws[0], ws[1], ws[2], ws[3] = big.Word(lo), big.Word(lo>>32), big.Word(hi), big.Word(hi>>32)
	}
	z.SetBits(ws) // normalized: leading zero words dropped
	if neg {
		z.Neg(z)
	}
	return *(*decimal.Decimal)(unsafe.Pointer(&decimalLayout{value: z, exp: exp}))
}

// heldInline reports whether x is a non-zero value held inline and decimals are laid out as
// mirrored here: whether its decimal can take its coefficient from a slot.
func heldInline(x Int) bool { return x.b == nil && x.lo|x.hi != 0 && decimalLayoutOK }

// scratchDecimal is Scratch.Decimal: the zero Decimal for zero, else a decimal with a
// coefficient of its own.
func scratchDecimal(x Int, exp int32) decimal.Decimal {
	if x.b == nil && x.lo|x.hi == 0 {
		return decimal.Decimal{}
	}
	var s Scratch
	return s.Decimal(x, exp)
}

// Slab is an Arena whose size is chosen at run time: it hands out the coefficients of
// decimals from blocks of Chunk slots, one allocation per block, so that n decimals cost
// n/Chunk allocations instead of two each. A decimal built from a Slab shares its coefficient
// with the slab, as with an Arena; a slot is never reused.
//
// The zero Slab allocates blocks of 64. A Slab must not be copied after first use.
type Slab struct {
	// Chunk is the number of slots of each block (0: 64).
	Chunk int
	free  []slot
}

type slot struct {
	z big.Int
	w Words
}

// Decimal returns the decimal x·10^exp, its coefficient held in the slab when x fits 128
// bits. Zero is the zero Decimal, which needs no slot.
func (s *Slab) Decimal(x Int, exp int32) decimal.Decimal {
	if !heldInline(x) {
		return scratchDecimal(x, exp)
	}
	z := s.take()
	return DecimalIn(&z.z, &z.w, x, exp)
}

// Zero returns the decimal 0 with exponent 0 as decimal.New(0, 0) returns it (a coefficient
// that is a zero big.Int, not the zero Decimal's nil), the coefficient held in the slab.
func (s *Slab) Zero() decimal.Decimal {
	if !decimalLayoutOK {
		return decimal.New(0, 0)
	}
	return *(*decimal.Decimal)(unsafe.Pointer(&decimalLayout{value: &s.take().z}))
}

// take returns the slab's next free slot (a zero big.Int), allocating a block when none is
// left.
func (s *Slab) take() *slot {
	if len(s.free) == 0 {
		n := s.Chunk
		if n <= 0 {
			n = 64
		}
		s.free = make([]slot, n)
	}
	z := &s.free[0]
	s.free = s.free[1:]
	return z
}
