// Package jsonwtest holds what the tests of respec's hand-written JSON writers compare them
// with: encoding/json's bytes, and strings drawn to reach every escape.
package jsonwtest

import (
	"bytes"
	"encoding/json"

	"pgregory.net/rapid"
)

// EncodingJSON is what encoding/json writes for v without HTML escaping and without the
// trailing newline of its Encoder.
func EncodingJSON(t *rapid.T, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// Strings draws strings of any bytes, weighted towards those a JSON writer must escape or
// keep: control characters, quotes, backslashes, invalid UTF-8, U+2028 and U+2029, "<&>".
func Strings() *rapid.Generator[string] {
	return rapid.OneOf(
		rapid.String(),
		rapid.StringOf(rapid.SampledFrom([]rune{'"', '\\', '\n', '\t', '\b', '\f', '\r', 0, 0x1f, 0x7f, '<', '&', '>', '\u2028', '\u2029', 'é', 'a', '\ufffd'})),
		rapid.Map(rapid.SliceOf(rapid.Byte()), func(b []byte) string { return string(b) }),
	)
}
