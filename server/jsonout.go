package server

import (
	"bytes"
	"encoding/json"
	"sync"
	"unicode/utf8"

	"github.com/respec-dev/respec/errcodes"
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
		dst = appendField(dst, '{', "RequestId", b.RequestId)
		return append(appendField(dst, ',', "OrderId", b.OrderId), '}'), true
	case RequestOnlyBody:
		return append(appendField(dst, '{', "RequestId", b.RequestId), '}'), true
	case errcodes.Body:
		return appendErrorBody(dst, &b), true
	}
	return dst, false
}

// appendErrorBody appends the JSON of an error body (what appendBody writes for one, without
// the body boxed in an interface value on the way).
func appendErrorBody(dst []byte, b *errcodes.Body) []byte {
	dst = appendField(dst, '{', "RequestId", b.RequestID)
	dst = appendField(dst, ',', "HostId", b.HostID)
	dst = appendField(dst, ',', "Code", b.Code)
	dst = appendField(dst, ',', "Message", b.Message)
	return append(appendField(dst, ',', "Recommend", b.Recommend), '}')
}

// appendField appends sep, the quoted name (a plain ASCII name), a colon and the quoted value.
func appendField(dst []byte, sep byte, name, value string) []byte {
	dst = append(dst, sep, '"')
	dst = append(dst, name...)
	dst = append(dst, '"', ':')
	return appendString(dst, value)
}

// appendString appends s as a JSON string, escaped as encoding/json escapes it with HTML
// escaping off: '"' and '\\' escaped, control characters as \b \f \n \r \t or \u00XX, invalid
// UTF-8 as \ufffd, U+2028 and U+2029 as \u2028 and \u2029, everything else as it is.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		b := s[i]
		if b >= 0x20 && b != '"' && b != '\\' && b < utf8.RuneSelf {
			i++
			continue
		}
		if b < utf8.RuneSelf {
			dst = appendEscaped(append(dst, s[start:i]...), b)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			switch r {
			case utf8.RuneError:
				dst = append(dst, `\ufffd`...)
			default:
				dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(append(dst, s[start:]...), '"')
}

// appendEscaped appends the JSON escape of the ASCII byte b: a quote, a backslash or a control
// character.
func appendEscaped(dst []byte, b byte) []byte {
	switch b {
	case '"', '\\':
		return append(dst, '\\', b)
	case '\b':
		return append(dst, '\\', 'b')
	case '\f':
		return append(dst, '\\', 'f')
	case '\n':
		return append(dst, '\\', 'n')
	case '\r':
		return append(dst, '\\', 'r')
	case '\t':
		return append(dst, '\\', 't')
	}
	return append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xf])
}

// hexDigits are the lower-case hexadecimal digits encoding/json escapes with.
const hexDigits = "0123456789abcdef"

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
