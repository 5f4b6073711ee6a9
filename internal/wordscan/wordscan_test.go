package wordscan

import "testing"

// Every byte value at every position of a word, among plain bytes: StringStops marks exactly
// the quote, the backslash and the control characters there (and no plain byte), and NotPrintable
// is not 0 exactly for a byte outside 0x20–0x7E.
func TestEachByteAtEachPosition(t *testing.T) {
	for pos := 0; pos < 8; pos++ {
		for c := 0; c < 256; c++ {
			b := []byte("aaaaaaaa")
			b[pos] = byte(c)
			x := Load(string(b))
			stop := c == '"' || c == '\\' || c < 0x20
			var want uint64
			if stop {
				want = 0x80 << (8 * pos)
			}
			if got := StringStops(x); got != want {
				t.Fatalf("StringStops(%q) = %#x, want %#x", b, got, want)
			}
			if got, want := NotPrintable(x) != 0, c < 0x20 || c > 0x7e; got != want {
				t.Fatalf("NotPrintable(%q) != 0 is %v, want %v", b, got, want)
			}
		}
	}
}

// Load reads little-endian.
func TestLoad(t *testing.T) {
	if got := Load("\x01\x02\x03\x04\x05\x06\x07\x08tail"); got != 0x0807060504030201 {
		t.Errorf("Load = %#x", got)
	}
}
