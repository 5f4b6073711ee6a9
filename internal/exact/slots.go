package exact

// Slot holds the coefficient of one decimal a Slab hands out. A caller that allocates a
// computation's memory in one block can hold slots in it and give them to a Slab (Give).
type Slot = slot

// Give hands s the slots of b, used before s allocates a block of its own. The slots then
// belong to s: the caller must not use them otherwise, nor give them twice.
func (s *Slab) Give(b []Slot) { s.free = b }
