package exact

import "github.com/shopspring/decimal"

// Slot holds the coefficient of one decimal a Slab hands out. A caller that allocates a
// computation's memory in one block can hold slots in it and give them to a Slab (Give).
type Slot = slot

// Give hands s the slots of b, used before s allocates a block of its own. The slots then
// belong to s: the caller must not use them otherwise, nor give them twice.
func (s *Slab) Give(b []Slot) { s.free = b }

// Decimal returns the decimal x·10^exp with its coefficient in s (see DecimalIn), for a
// caller that hands out a block's slots itself: s must serve this decimal alone.
func (s *Slot) Decimal(x Int, exp int32) decimal.Decimal { return DecimalIn(&s.z, &s.w, x, exp) }
