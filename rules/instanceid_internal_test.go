package rules

import (
	"strings"
	"testing"

	"github.com/respec-dev/respec/internal/wordscan"
	"pgregory.net/rapid"
)

// referenceValidInstanceID is validInstanceID byte by byte, as first written: "i-" and then 1
// to 62 lowercase letters and digits.
func referenceValidInstanceID(id string) bool {
	if len(id) < 3 || len(id) > 64 || id[0] != 'i' || id[1] != '-' {
		return false
	}
	for i := 2; i < len(id); i++ {
		if b := id[i]; !('a' <= b && b <= 'z' || '0' <= b && b <= '9') {
			return false
		}
	}
	return true
}

// TestNotIDBytesEachByteAtEachPosition: every byte value at every position of a word of
// valid bytes: notIDBytes is not 0 exactly for a byte that is not a lowercase letter or a
// digit, and it never marks a valid byte below an invalid one (the high bits of the valid
// bytes below stay clear).
func TestNotIDBytesEachByteAtEachPosition(t *testing.T) {
	for _, fill := range []string{"aaaaaaaa", "zzzzzzzz", "00000000", "99999999", "a0z9m5q1"} {
		for pos := range 8 {
			for c := range 256 {
				b := []byte(fill)
				b[pos] = byte(c)
				got := notIDBytes(wordscan.Load(string(b)))
				bad := !idByte[c]
				if (got != 0) != bad {
					t.Fatalf("notIDBytes(%q) = %#x, want 0 only for a valid byte", b, got)
				}
				if below := uint64(1)<<(8*pos) - 1; got&below != 0 {
					t.Fatalf("notIDBytes(%q) = %#x marks a valid byte below position %d", b, got, pos)
				}
			}
		}
	}
}

// TestValidInstanceIDMatchesReference holds the word-at-a-time validInstanceID to the byte
// loop on IDs of every length around the bounds (2, 3, 9, 10, 64, 65) with any byte anywhere,
// valid IDs most of the time.
func TestValidInstanceIDMatchesReference(t *testing.T) {
	valid := rapid.SampledFrom([]byte("abcdefghijklmnopqrstuvwxyz0123456789"))
	anyByte := rapid.OneOf(valid, valid, valid, rapid.Byte())
	rapid.Check(t, func(t *rapid.T) {
		body := rapid.SliceOfN(anyByte, 0, 66).Draw(t, "body")
		prefix := rapid.SampledFrom([]string{"i-", "i-", "i-", "", "i", "I-", "i_", "-i"}).Draw(t, "prefix")
		id := prefix + string(body)
		if got, want := validInstanceID(id), referenceValidInstanceID(id); got != want {
			t.Fatalf("validInstanceID(%q) = %v, the byte loop %v", id, got, want)
		}
	})
}

// TestValidInstanceIDEdges: the lengths where the word loop starts, ends and overlaps, and an
// invalid byte at each position of the longest ID.
func TestValidInstanceIDEdges(t *testing.T) {
	for n := 0; n <= 66; n++ {
		id := "i-" + strings.Repeat("a", n)
		if got, want := validInstanceID(id), n >= 1 && n <= 62; got != want {
			t.Errorf("validInstanceID of %d letters after i- = %v, want %v", n, got, want)
		}
		for pos := 0; pos < n; pos++ {
			for _, c := range []byte{'A', '-', '/', ':', '`', '{', 0x80, 0xff, 0} {
				b := []byte(id)
				b[2+pos] = c
				if validInstanceID(string(b)) {
					t.Fatalf("validInstanceID(%q) = true with %q at %d", b, c, 2+pos)
				}
			}
		}
	}
}
