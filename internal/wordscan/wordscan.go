// Package wordscan tests eight bytes of a string at a time: a word is loaded from the string,
// and a mark (the high bit of a byte) is set on each byte a scan must stop at. The readers
// and writers of JSON and of request parameters use it to skip plain runs quickly; each
// falls back to a byte loop for a string's last bytes and for whatever a mark shows.
package wordscan

// Words of eight bytes.
const (
	Ones  = 0x0101010101010101 // 0x01 in each byte
	Highs = 0x8080808080808080 // the high bit of each byte
)

// Load returns the first eight bytes of s as a little-endian word (s has at least eight).
func Load(s string) uint64 {
	_ = s[7]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

// StringStops marks, with the high bit of its byte, each byte of the word x that ends the
// plain run of a JSON string: a quote, a backslash or a control character (the classic "has
// a zero byte" and "has a byte below n" tests). The lowest byte marked is the first that
// does: a byte is marked wrongly only above one marked rightly. 0: none of the eight does.
func StringStops(x uint64) uint64 {
	quote, backslash := x^(Ones*'"'), x^(Ones*'\\')
	zeroQuote := (quote - Ones) &^ quote
	zeroBackslash := (backslash - Ones) &^ backslash
	control := (x - Ones*0x20) &^ x
	return (zeroQuote | zeroBackslash | control) & Highs
}

// NotPrintable is not 0 exactly when some byte of the word x is outside printable ASCII
// (0x20–0x7E): a byte below 0x20 sets its high bit in (x − 0x20…)&^x, a byte above 0x7E in
// (x + 0x01…)|x, and neither sets one otherwise, whatever the borrows and carries between
// bytes.
func NotPrintable(x uint64) uint64 {
	return ((x-Ones*0x20)&^x | (x + Ones) | x) & Highs
}
