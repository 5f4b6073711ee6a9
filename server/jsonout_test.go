package server

import (
	"bytes"
	"testing"

	"pgregory.net/rapid"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/internal/jsonw/jsonwtest"
)

// The bodies appendBody writes are byte for byte encoding/json's, whatever the strings (any
// bytes: control characters, quotes, backslashes, invalid UTF-8, U+2028, "<&>").
func TestAppendBodyIsEncodingJSON(t *testing.T) {
	str := jsonwtest.Strings()
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
			if want := append([]byte("prefix"), jsonwtest.EncodingJSON(t, b)...); !bytes.Equal(got, want) {
				t.Fatalf("%T:\n got %q\nwant %q", b, got, want)
			}
		}
		other := DescribeInstancesBody{RequestId: str.Draw(t, "d")}
		if got, err := encodeBody(nil, other); err != nil || !bytes.Equal(got, jsonwtest.EncodingJSON(t, other)) {
			t.Fatalf("encodeBody(%T): %q %v", other, got, err)
		}
	})
}
