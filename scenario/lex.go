package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"math/bits"
	"strconv"
	"strings"

	"github.com/respec-dev/respec/internal/exact"
	"github.com/respec-dev/respec/internal/wordscan"
)

// This file holds the reader's JSON lexing: whitespace, strings, numbers, literals, the
// members of an object, and the failure the reader records at the first problem.

// bdec reads JSON from s. Its methods return false at the first problem, which f describes.
type bdec struct {
	s string
	i int
	f failure
	// coefs holds the coefficients of the amounts read.
	coefs exact.Slab
	// expect is the key that probably comes next in the object being read (the field after
	// the last one read: fields tend to come in order), or "". It only saves scanning: a key
	// is read as the same string whether it was expected or not.
	expect string
	// hit: the key read last was expect (so a struct knows its field without looking it up).
	hit bool
}

// failure is the first problem found: its reason and the segments of its path, innermost
// first (each level adds its own while the reader unwinds).
type failure struct {
	path   []string
	reason string
	// syntax: the JSON is malformed here; syntaxReason words it.
	syntax bool
	// token: the malformed JSON is the first token of the value asked for (a list reports
	// that at its own path, as the tokenizer reads an entry's first token before the entry).
	token bool
}

// fail records reason and returns false.
func (d *bdec) fail(reason string) bool {
	d.f.reason = reason
	return false
}

// syntaxError records malformed JSON (in the value's first token when first) and returns
// false.
func (d *bdec) syntaxError(first bool) bool {
	d.f.syntax, d.f.token = true, first
	return false
}

// in adds seg to the path of the failure and returns false.
func (d *bdec) in(seg string) bool {
	d.f.path = append(d.f.path, seg)
	d.f.token = false
	return false
}

// failIn records reason at the segment seg and returns false.
func (d *bdec) failIn(seg, reason string) bool {
	d.fail(reason)
	return d.in(seg)
}

// pathAfter is the failure's path, outermost first, after prefix.
func (f *failure) pathAfter(prefix string) string {
	var path strings.Builder
	path.WriteString(prefix)
	for i := len(f.path) - 1; i >= 0; i-- {
		path.WriteString(f.path[i])
	}
	return path.String()
}

// err is the failure as a *Error; b is the document.
func (d *bdec) err(b []byte) error {
	reason := d.f.reason
	if d.f.syntax {
		reason = syntaxReason(b)
	}
	return &Error{Path: d.f.pathAfter(""), Reason: reason}
}

// syntaxReason words the first syntax error of b as encoding/json's tokenizer finds it.
func syntaxReason(b []byte) string {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	for {
		if _, err := dec.Token(); err != nil {
			return tokenError(err)
		}
	}
}

// tokenError words an error of encoding/json's tokenizer.
func tokenError(err error) string {
	var se *json.SyntaxError
	switch {
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected end of input"
	case errors.As(err, &se):
		return "invalid JSON at byte " + strconv.FormatInt(se.Offset, 10) + ": " + se.Error()
	}
	return "invalid JSON: " + err.Error()
}

// pathKey is a top-level or field path segment's key, clipped.
func pathKey(k string) string {
	if len(k) > 64 {
		k = k[:64] + "..."
	}
	return k
}

// mapSeg is the path segment of a map's key.
func mapSeg(k string) string {
	return "[" + strconv.Quote(pathKey(k)) + "]"
}

// jsonSpace marks JSON's whitespace bytes. Read-only.
var jsonSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// stringStop marks the bytes that end the plain run of a JSON string: the closing quote, a
// backslash, and the control characters a string may not hold. Read-only.
var stringStop = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// ws skips JSON whitespace.
func (d *bdec) ws() {
	d.i = spaceEnd(d.s, d.i)
}

// peek returns the next byte, or 0 at the end.
func (d *bdec) peek() byte {
	if d.i < len(d.s) {
		return d.s[d.i]
	}
	return 0
}

// eat consumes c if it comes next.
func (d *bdec) eat(c byte) bool {
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *bdec) literal(lit string) bool {
	if strings.HasPrefix(d.s[d.i:], lit) {
		d.i += len(lit)
		return true
	}
	return false
}

func (d *bdec) boolean() (bool, bool) {
	switch d.peek() {
	case 't':
		return true, d.literal("true")
	case 'f':
		return false, d.literal("false")
	}
	return false, false
}

// str reads a JSON string. Without escapes it is a substring of the input; with them it is
// unquoted by encoding/json, as its tokenizer does.
func (d *bdec) str() (string, bool) {
	if !d.eat('"') {
		return "", false
	}
	rest := d.s[d.i:]
	j := plainRun(rest)
	switch byteAt(rest, j) {
	case '"':
		d.i += j + 1
		return rest[:j], true
	case '\\':
		return d.escaped(d.i - 1)
	}
	return "", false
}

// plainRun returns the length of the run of s before the end of a string or an escape.
func plainRun(s string) int {
	j := 0
	for ; j+8 <= len(s); j += 8 { // eight bytes at a time, then byte by byte
		if m := wordscan.StringStops(wordscan.Load(s[j:])); m != 0 {
			return j + bits.TrailingZeros64(m)/8
		}
	}
	for j < len(s) && !stringStop[s[j]] {
		j++
	}
	return j
}

// byteAt returns s[i], or 0 when i is outside s.
func byteAt(s string, i int) byte {
	if uint(i) < uint(len(s)) {
		return s[i]
	}
	return 0
}

// escaped reads the string with escapes that starts with the quote at q.
func (d *bdec) escaped(q int) (string, bool) {
	for j := q + 1; j < len(d.s); j++ {
		switch c := d.s[j]; {
		case c == '"':
			return d.unquote(q, j)
		case c == '\\':
			j++ // the escaped byte: encoding/json checks the escape
		case c < 0x20:
			return "", false
		}
	}
	return "", false
}

// unquote reads the string with escapes from the quote at q to the quote at end.
func (d *bdec) unquote(q, end int) (string, bool) {
	var out string
	if json.Unmarshal([]byte(d.s[q:end+1]), &out) != nil {
		return "", false
	}
	d.i = end + 1
	return out, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// startsNumber reports whether c may start a JSON number.
func startsNumber(c byte) bool { return c == '-' || isDigit(c) }

// digitsEnd returns the end of the run of digits of s at i.
func digitsEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// someDigitsEnd returns the end of a run of at least one digit of s at i, or -1.
func someDigitsEnd(s string, i int) int {
	if !isDigit(byteAt(s, i)) {
		return -1
	}
	return digitsEnd(s, i+1)
}

// integerEnd returns the end of a JSON number's integer part at i (a lone 0, or digits not
// starting with 0), or -1.
func integerEnd(s string, i int) int {
	if byteAt(s, i) == '0' {
		return i + 1
	}
	return someDigitsEnd(s, i)
}

// fractionEnd returns the end of a JSON number's optional fraction at i, or -1.
func fractionEnd(s string, i int) int {
	if byteAt(s, i) != '.' {
		return i
	}
	return someDigitsEnd(s, i+1)
}

// exponentEnd returns the end of a JSON number's optional exponent at i, or -1.
func exponentEnd(s string, i int) int {
	if c := byteAt(s, i); c != 'e' && c != 'E' {
		return i
	}
	i++
	if c := byteAt(s, i); c == '+' || c == '-' {
		i++
	}
	return someDigitsEnd(s, i)
}

// number reads a JSON number, returning it as written.
func (d *bdec) number() (string, bool) {
	start, i := d.i, d.i
	if byteAt(d.s, i) == '-' {
		i++
	}
	i = exponentEnd(d.s, fractionEnd(d.s, integerEnd(d.s, i)))
	if i < 0 {
		return "", false
	}
	d.i = i
	return d.s[start:i], true
}

// token checks that a whole JSON token comes next (a scalar, read, or the opening of an
// object or a list), as the tokenizer does before a value's type is judged.
func (d *bdec) token() bool {
	ok := false
	switch c := d.peek(); {
	case opensValue(c):
		return true
	case c == '"':
		_, ok = d.str()
	case startsNumber(c):
		_, ok = d.number()
	default:
		ok = d.word(c)
	}
	return ok || d.syntaxError(true)
}

// opensValue reports whether c opens an object or a list.
func opensValue(c byte) bool { return c == '{' || c == '[' }

// word reads the literal true, false or null that starts with c.
func (d *bdec) word(c byte) bool {
	switch c {
	case 't':
		return d.literal("true")
	case 'f':
		return d.literal("false")
	case 'n':
		return d.literal("null")
	}
	return false
}

// members reads the object that starts at d (at its '{'), calling member for each key; member
// reads the colon and the value.
func (d *bdec) members(member func(key string) bool) bool {
	if d.enter('}') {
		return true
	}
	for {
		d.ws()
		key, ok := d.key()
		if !ok {
			return d.syntaxError(false)
		}
		if !member(key) {
			return false
		}
		d.ws() // next, by hand: an object's members are the hottest path
		if !d.eat(',') {
			return d.eat('}') || d.syntaxError(false)
		}
	}
}

// key reads a member's key: expect when the plain string expect comes next (hit), else any
// string.
func (d *bdec) key() (string, bool) {
	k, end := d.expect, d.i+1+len(d.expect)
	d.hit = k != "" && end < len(d.s) && d.s[d.i] == '"' && d.s[end] == '"' && d.s[d.i+1:end] == k
	if d.hit {
		d.i = end + 1
		return k, true
	}
	return d.str()
}

// enter moves past the byte that opens an object or a list, and the space after it; it
// reports whether closer comes at once (the object or list is empty), and moves past it.
func (d *bdec) enter(closer byte) (empty bool) {
	d.i++
	d.ws()
	return d.eat(closer)
}

// next reads what follows an entry of an object or a list that closer closes: more is true
// after a comma; ok is false when neither a comma nor closer comes.
func (d *bdec) next(closer byte) (more, ok bool) {
	d.ws()
	if d.eat(',') {
		return true, true
	}
	return false, d.eat(closer) || d.syntaxError(false)
}

// colon reads the colon after a key, and the space after it.
func (d *bdec) colon() bool {
	if d.eat(':') { // the usual "key": value
		d.ws()
		return true
	}
	return d.spacedColon()
}

func (d *bdec) spacedColon() bool {
	d.ws()
	if !d.eat(':') {
		return d.syntaxError(false)
	}
	d.ws()
	return true
}
