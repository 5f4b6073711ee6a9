package server

import (
	"bytes"
	"encoding/json"
	"testing"

	"pgregory.net/rapid"

	"github.com/respec-dev/respec/errcodes"
)

// encodingJSON is what encoding/json writes for v without HTML escaping.
func encodingJSON(t *rapid.T, v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// The bodies appendBody writes are byte for byte encoding/json's, whatever the strings (any
// bytes: control characters, quotes, backslashes, invalid UTF-8, U+2028, "<&>").
func TestAppendBodyIsEncodingJSON(t *testing.T) {
	str := rapid.OneOf(
		rapid.String(),
		rapid.StringOf(rapid.SampledFrom([]rune{'"', '\\', '\n', '\t', '\b', '\f', '\r', 0, 0x1f, 0x7f, '<', '&', '>', '\u2028', '\u2029', 'é', 'a', '\ufffd'})),
		rapid.Map(rapid.SliceOf(rapid.Byte()), func(b []byte) string { return string(b) }),
	)
	rapid.Check(t, func(t *rapid.T) {
		bodies := []any{
			ModifyPrepayInstanceSpecBody{RequestId: str.Draw(t, "rid"), OrderId: str.Draw(t, "oid")},
			RequestOnlyBody{RequestId: str.Draw(t, "rid2")},
			errcodes.Body{RequestID: str.Draw(t, "r"), HostID: str.Draw(t, "h"), Code: str.Draw(t, "c"), Message: str.Draw(t, "m"), Recommend: str.Draw(t, "rec")},
		}
		for _, b := range bodies {
			got, ok := appendBody([]byte("prefix"), b)
			if !ok {
				t.Fatalf("%T not written", b)
			}
			if want := append([]byte("prefix"), encodingJSON(t, b)...); !bytes.Equal(got, want) {
				t.Fatalf("%T:\n got %q\nwant %q", b, got, want)
			}
		}
		other := DescribeInstancesBody{RequestId: str.Draw(t, "d")}
		if got, err := encodeBody(nil, other); err != nil || !bytes.Equal(got, encodingJSON(t, other)) {
			t.Fatalf("encodeBody(%T): %q %v", other, got, err)
		}
	})
}
