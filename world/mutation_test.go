package world

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// This file pins what mutation testing found unpinned (testdata/mutation/survivors.txt).

// TestPmapEqualHashes: keys whose 64-bit hashes are equal share a leaf, where setting one key
// replaces only its own entry and adding one keeps the others; the old map is unchanged. No
// two strings are known to collide under FNV-1a, so the entries carry made-up hashes.
func TestPmapEqualHashes(t *testing.T) {
	const h = 0x5eed // 0x5eed and 0x5eee differ in their first 5 bits: a split at the root
	entries := func(root *pnode[int]) map[string]int {
		out := map[string]int{}
		pmap[int]{root: root}.each(func(k string, v int) bool {
			out[k] = v
			return true
		})
		return out
	}
	var root *pnode[int]
	for i, k := range []string{"a", "b", "c"} {
		var added bool
		if root, added = insert(root, pentry[int]{hash: h, key: k, val: i}, 0); !added {
			t.Fatalf("%s: not added", k)
		}
	}
	if root.kids != nil || len(root.entries) != 3 {
		t.Fatalf("three keys of one hash: kids %v, %d entries; want one leaf of 3", root.kids != nil, len(root.entries))
	}
	want := map[string]int{"a": 0, "b": 1, "c": 2}
	for k, v := range map[string]int{"a": 10, "b": 11, "c": 12} {
		next, added := insert(root, pentry[int]{hash: h, key: k, val: v}, 0)
		if added {
			t.Errorf("setting %s again counted as an addition", k)
		}
		changed := map[string]int{"a": 0, "b": 1, "c": 2}
		changed[k] = v
		if diff := cmp.Diff(changed, entries(next)); diff != "" {
			t.Errorf("after setting %s (-want +got):\n%s", k, diff)
		}
		if diff := cmp.Diff(want, entries(root)); diff != "" {
			t.Errorf("setting %s changed the old map (-want +got):\n%s", k, diff)
		}
	}
	split, added := insert(root, pentry[int]{hash: h + 1, key: "d", val: 3}, 0)
	if !added || split.kids == nil {
		t.Fatalf("a key of another hash: added %v, a branch %v", added, split.kids != nil)
	}
	if diff := cmp.Diff(map[string]int{"a": 0, "b": 1, "c": 2, "d": 3}, entries(split)); diff != "" {
		t.Errorf("after the split (-want +got):\n%s", diff)
	}
}
