package scenario

import (
	"strings"
	"unsafe"
)

// This file holds the reader's fast path for the members of a struct: a member that is the
// field expected next, written `"Key":value` with a plain scalar value, is read in one step
// (the key and the colon matched at once, the value read straight into its field) instead of
// through key, member, colon, value and the value's reader. The fast path never judges: it
// reads only what the general path would accept, to the same value and the same position,
// and leaves anything else (a space, an escape, null, a number where it wants a string, a
// value the schema refuses) untouched for the general path, which words the problem.
// TestPropertyReaderIsTheReflectionReader holds the two together.

// fastMember reads the member at d when it is the field of n expected next (sr.next), not
// given yet, written as its key and a colon with no space between them, with a value
// fastValue reads. It
// reports whether it read the member; when not, d and the struct at p are as they were.
func (d *bdec) fastMember(n *node, p unsafe.Pointer, sr *structReading) bool {
	i := sr.next
	if i >= len(n.fields) || sr.seen&(1<<i) != 0 {
		return false
	}
	f := &n.fields[i]
	if !strings.HasPrefix(d.s[d.i:], f.keyColon) {
		return false
	}
	end, ok := d.fastValue(f.node, spaceEnd(d.s, d.i+len(f.keyColon)), unsafe.Add(p, f.off))
	if !ok {
		return false
	}
	d.i = end
	sr.seen |= 1 << i
	sr.next = i + 1
	d.expect = n.after(i)
	return true
}

// fastValue reads the value of n's kind at the offset at of d into the value at p, when it is
// a plain string (no escape) for a string, a time or an amount, true or false for a bool, or
// a plain integer for an integer, and the schema accepts it; it returns the offset after the
// value. When ok is false, nothing is stored.
func (d *bdec) fastValue(n *node, at int, p unsafe.Pointer) (end int, ok bool) {
	switch n.kind {
	case nodeBool:
		return fastBool(d.s, at, (*bool)(p))
	case nodeInt:
		return fastInt(d.s, at, n, p)
	}
	s, end, ok := plainString(d.s, at)
	if !ok {
		return 0, false
	}
	switch n.kind {
	case nodeString:
		return end, n.allows(s) && store(p, s)
	case nodeTime:
		tm, reason := scenarioTime(s)
		return end, reason == "" && store(p, tm)
	case nodeDecimal:
		dv, reason := scenarioAmount(s, n.discount, &d.coefs)
		return end, reason == "" && store(p, dv)
	}
	return 0, false
}

// spaceEnd returns the end of the JSON whitespace of s at i.
func spaceEnd(s string, i int) int {
	for i < len(s) && jsonSpace[s[i]] {
		i++
	}
	return i
}

// store stores v in the value of its type at p, and reports true.
func store[T any](p unsafe.Pointer, v T) bool {
	*(*T)(p) = v
	return true
}

// allows reports whether the string node n accepts s (any string, or one of its
// enumeration).
func (n *node) allows(s string) bool {
	if n.enum == nil {
		return true
	}
	for _, e := range n.enum {
		if e == s {
			return true
		}
	}
	return false
}

// plainString reads the JSON string at the offset at of s when it holds no escape: its
// content and the offset after its closing quote; ok is false for anything else.
func plainString(s string, at int) (content string, end int, ok bool) {
	if byteAt(s, at) != '"' {
		return "", 0, false
	}
	rest := s[at+1:]
	j := plainRun(rest)
	if byteAt(rest, j) != '"' {
		return "", 0, false
	}
	return rest[:j], at + j + 2, true
}

// fastBool reads true or false at the offset at of s into b.
func fastBool(s string, at int, b *bool) (end int, ok bool) {
	switch {
	case strings.HasPrefix(s[at:], "true"):
		*b = true
		return at + 4, true
	case strings.HasPrefix(s[at:], "false"):
		*b = false
		return at + 5, true
	}
	return 0, false
}

// maxPlainDigits is the most digits fastInt reads (no int64 overflows with 18).
const maxPlainDigits = 18

// fastInt reads the integer at the offset at of s into the integer of n at p when it is
// plainDigits and lies within n's range.
func fastInt(s string, at int, n *node, p unsafe.Pointer) (end int, ok bool) {
	end, ok = plainDigits(s, at)
	if !ok {
		return 0, false
	}
	var x int64
	for _, c := range []byte(s[at:end]) {
		x = x*10 + int64(c-'0')
	}
	if x < n.lo || x > n.hi {
		return 0, false
	}
	setInt(p, n.size, x)
	return end, true
}

// plainDigits returns the end of the integer at the offset at of s when it is written with
// digits alone: no sign, no leading zero, no fraction or exponent after them, at most
// maxPlainDigits of them.
func plainDigits(s string, at int) (end int, ok bool) {
	end = digitsEnd(s, at)
	digits := end - at
	if digits == 0 || digits > maxPlainDigits || s[at] == '0' && digits > 1 {
		return 0, false
	}
	c := byteAt(s, end)
	return end, c != '.' && c != 'e' && c != 'E'
}
