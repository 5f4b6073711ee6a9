package world

// pmap is a persistent map from strings to values: a hash trie with 32-way branching and path
// copying. Set returns a new map and leaves the old one intact, copying only the nodes on the
// path to the key (about log32(n) arrays of 32 pointers), so a world of 10,000 instances
// changes one instance by copying three or four small arrays, not the world. The zero pmap is
// empty and ready to use. Iteration order (each) is the order of the keys' hashes, which is
// deterministic.
type pmap[V any] struct {
	root *pnode[V]
	n    int
}

// pnode is an interior node (kids set) or a leaf (entries set). A leaf holds more than one
// entry only when their 64-bit hashes are equal.
type pnode[V any] struct {
	kids    *[32]*pnode[V]
	entries []pentry[V]
}

type pentry[V any] struct {
	hash uint64
	key  string
	val  V
}

// strHash is FNV-1a, 64 bits.
func strHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// len returns the number of keys.
func (m pmap[V]) len() int { return m.n }

// get returns the value of key.
func (m pmap[V]) get(key string) (V, bool) {
	h := strHash(key)
	n := m.root
	for shift := uint(0); n != nil; shift += 5 {
		if n.kids == nil {
			for i := range n.entries {
				if n.entries[i].key == key {
					return n.entries[i].val, true
				}
			}
			break
		}
		n = n.kids[(h>>shift)&31]
	}
	var zero V
	return zero, false
}

// set returns m with key bound to val; m is unchanged.
func (m pmap[V]) set(key string, val V) pmap[V] {
	h := strHash(key)
	root, added := insert(m.root, pentry[V]{hash: h, key: key, val: val}, 0)
	out := pmap[V]{root: root, n: m.n}
	if added {
		out.n++
	}
	return out
}

// branch is an interior node and its array of children in one allocation.
type branch[V any] struct {
	node pnode[V]
	kids [32]*pnode[V]
}

// newBranch returns an interior node with a copy of kids.
func newBranch[V any](kids *[32]*pnode[V]) *pnode[V] {
	b := &branch[V]{kids: *kids}
	b.node.kids = &b.kids
	return &b.node
}

// single is a leaf of one entry and its entry in one allocation.
type single[V any] struct {
	node  pnode[V]
	entry [1]pentry[V]
}

// newLeaf returns a leaf holding only e.
func newLeaf[V any](e pentry[V]) *pnode[V] {
	l := &single[V]{entry: [1]pentry[V]{e}}
	l.node.entries = l.entry[:]
	return &l.node
}

func insert[V any](n *pnode[V], e pentry[V], shift uint) (*pnode[V], bool) {
	if n == nil {
		return newLeaf(e), true
	}
	if n.kids != nil {
		out := newBranch(n.kids)
		i := (e.hash >> shift) & 31
		k, added := insert(out.kids[i], e, shift+5)
		out.kids[i] = k
		return out, added
	}
	if len(n.entries) == 1 && n.entries[0].key == e.key {
		return newLeaf(e), false
	}
	if n.entries[0].hash == e.hash || shift >= 64 {
		entries := make([]pentry[V], len(n.entries), len(n.entries)+1)
		copy(entries, n.entries)
		for i := range entries {
			if entries[i].key == e.key {
				entries[i] = e
				return &pnode[V]{entries: entries}, false
			}
		}
		return &pnode[V]{entries: append(entries, e)}, true
	}
	// Split the leaf: its entries (one hash) and e go one level down.
	var kids [32]*pnode[V]
	kids[(n.entries[0].hash>>shift)&31] = n
	out := newBranch(&kids) // new: changed in place
	i := (e.hash >> shift) & 31
	out.kids[i], _ = insert(out.kids[i], e, shift+5)
	return out, true
}

// each calls f for every entry in hash order until f returns false.
func (m pmap[V]) each(f func(key string, val V) bool) {
	var walk func(n *pnode[V]) bool
	walk = func(n *pnode[V]) bool {
		if n == nil {
			return true
		}
		if n.kids == nil {
			for i := range n.entries {
				if !f(n.entries[i].key, n.entries[i].val) {
					return false
				}
			}
			return true
		}
		for _, k := range n.kids {
			if !walk(k) {
				return false
			}
		}
		return true
	}
	walk(m.root)
}
