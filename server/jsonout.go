package server

import (
	"bytes"
	"encoding/json"
	"sync"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/internal/jsonw"
)

// The answers the endpoint sends most (ModifyPrepayInstanceSpec's body, the request-only
// body, every error body) are written by appendBody, field by field into a pooled buffer; the
// others go through encoding/json. Both write the same bytes (TestAppendBodyIsEncodingJSON):
// the fields in declaration order, strings escaped as encoding/json escapes them without HTML
// escaping ("&" stays "&", as ECS sends it).

// bufPool holds the buffers answers are written into.
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, 512); return &b }}

// appendBody appends the JSON of v to dst, or returns false when v is not a body it writes.
func appendBody(dst []byte, v any) ([]byte, bool) {
	switch b := v.(type) {
	case ModifyPrepayInstanceSpecBody:
		dst = jsonw.Field(dst, '{', "RequestId", b.RequestId)
		return append(jsonw.Field(dst, ',', "OrderId", b.OrderId), '}'), true
	case RequestOnlyBody:
		return append(jsonw.Field(dst, '{', "RequestId", b.RequestId), '}'), true
	case errcodes.Body:
		return b.AppendJSON(dst), true
	}
	return dst, false
}

// encodeBody appends the JSON of v to dst: appendBody's, or encoding/json's without HTML
// escaping.
func encodeBody(dst []byte, v any) ([]byte, error) {
	if out, ok := appendBody(dst, v); ok {
		return out, nil
	}
	buf := bytes.NewBuffer(dst)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return dst, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
