package rules

import (
	"fmt"
	"testing"
	"time"

	"github.com/respec-dev/respec/model"
	"pgregory.net/rapid"
)

// referenceIDs is writeIDs written digit by digit and byte by byte, as first published: the
// RequestId and OrderId must never change for the same input.
func referenceIDs(now time.Time, req *model.Request) string {
	mixRef := func(h uint64, s string) uint64 {
		for len(s) >= 8 {
			var w uint64
			for i := 7; i >= 0; i-- {
				w = w<<8 | uint64(s[i])
			}
			h = mix(h ^ w)
			s = s[8:]
		}
		var last uint64
		for i := 0; i < len(s); i++ {
			last |= uint64(s[i]) << (8 * i)
		}
		return mix(h ^ last ^ uint64(len(s))<<59 ^ 0x9E3779B97F4A7C15)
	}
	hexRef := func(dst []byte, v uint64) {
		for i := len(dst) - 1; i >= 0; i-- {
			dst[i] = "0123456789ABCDEF"[v&0xf]
			v >>= 4
		}
	}
	h := mix(0x243F6A8885A308D3 ^ uint64(now.UnixNano()))
	for _, s := range []string{req.InstanceID, req.RegionID, req.InstanceType, req.ClientToken} {
		h = mixRef(h, s)
	}
	h2 := mix(h ^ 0x13198A2E03707344)
	var ob [15]byte
	v := h % 900000000000000
	for i := len(ob) - 1; i >= 0; i-- {
		ob[i] = byte('0' + v%10)
		v /= 10
	}
	ob[0]++
	var b [36]byte
	hexRef(b[0:8], h>>32)
	b[8] = '-'
	hexRef(b[9:13], h>>16)
	b[13] = '-'
	hexRef(b[14:18], h)
	b[18] = '-'
	hexRef(b[19:23], h2>>48)
	b[23] = '-'
	hexRef(b[24:36], h2)
	return string(b[:]) + string(ob[:])
}

// TestIDsMatchReference holds writeIDs (two digits at a time, the tail of each string read in
// up to three steps) to the digit-by-digit reference on generated requests.
func TestIDsMatchReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		now := time.Unix(0, rapid.Int64().Draw(t, "nanos"))
		req := model.Request{
			InstanceID:   rapid.String().Draw(t, "id"),
			RegionID:     rapid.StringN(0, 20, -1).Draw(t, "region"),
			InstanceType: rapid.StringN(0, 30, -1).Draw(t, "type"),
			ClientToken:  rapid.StringN(0, 64, -1).Draw(t, "token"),
		}
		var both [36 + 15]byte
		writeIDs(&both, now, &req)
		if got, want := string(both[:]), referenceIDs(now, &req); got != want {
			t.Fatalf("writeIDs = %s, want %s", got, want)
		}
	})
}

// wordBytes is the word w as its eight bytes in little-endian order, the order writeIDs
// stores them in.
func wordBytes(w uint64) string {
	var b [8]byte
	for i := range b {
		b[i] = byte(w >> (8 * i))
	}
	return string(b[:])
}

// TestDecimal8 holds decimal8 to fmt's eight zero-padded digits for every value of each
// four-digit half (the halves are computed in separate lanes of the word) and for drawn
// values up to 10^8 - 1.
func TestDecimal8(t *testing.T) {
	check := func(t interface{ Fatalf(string, ...any) }, v uint64) {
		if got, want := wordBytes(decimal8(v)), fmt.Sprintf("%08d", v); got != want {
			t.Fatalf("decimal8(%d) = %q, want %q", v, got, want)
		}
	}
	for n := uint64(0); n < 10000; n++ {
		check(t, n)       // the low half, the high half zero
		check(t, n*10000) // the high half, the low half zero
		check(t, n*10000+9999-n)
	}
	rapid.Check(t, func(rt *rapid.T) { check(rt, rapid.Uint64Range(0, 99999999).Draw(rt, "v")) })
}

// TestHex8 holds hex8 to fmt's eight upper-case hex digits of the low 32 bits, the bits above
// ignored, at the edges of each nibble and for drawn words.
func TestHex8(t *testing.T) {
	check := func(t interface{ Fatalf(string, ...any) }, v uint64) {
		if got, want := wordBytes(hex8(v)), fmt.Sprintf("%08X", uint32(v)); got != want {
			t.Fatalf("hex8(%#x) = %q, want %q", v, got, want)
		}
	}
	for _, v := range []uint64{0, 9, 10, 15, 16, 0x99999999, 0xAAAAAAAA, 0xFFFFFFFF, 0x0123456789ABCDEF, 1<<64 - 1} {
		check(t, v)
	}
	for d := uint64(0); d < 16; d++ {
		check(t, d*0x11111111)
	}
	rapid.Check(t, func(rt *rapid.T) { check(rt, rapid.Uint64().Draw(rt, "v")) })
}

// TestWriteOrderID holds the OrderId to fmt's 15 digits of 10^14 + v (the first digit raised
// by one) at the edges: 0, the ends of the eight low digits, and the largest v, 9·10^14 - 1.
func TestWriteOrderID(t *testing.T) {
	check := func(t interface{ Fatalf(string, ...any) }, v uint64) {
		var ob [15]byte
		writeOrderID(&ob, v)
		if got, want := string(ob[:]), fmt.Sprintf("%015d", v+1e14); got != want {
			t.Fatalf("writeOrderID(%d) = %q, want %q", v, got, want)
		}
	}
	for _, v := range []uint64{0, 1, 99999999, 100000000, 100000001, 1e14 - 1, 1e14, 9e14 - 1e8, 9e14 - 1} {
		check(t, v)
	}
	rapid.Check(t, func(rt *rapid.T) { check(rt, rapid.Uint64Range(0, 9e14-1).Draw(rt, "v")) })
}

// TestWriteRequestID holds the RequestId to fmt's hex of the two hashes, 8-4-4-4-12.
func TestWriteRequestID(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		h1, h2 := rapid.Uint64().Draw(rt, "h1"), rapid.Uint64().Draw(rt, "h2")
		var b [36]byte
		writeRequestID(&b, h1, h2)
		want := fmt.Sprintf("%08X-%04X-%04X-%04X-%012X", h1>>32, h1>>16&0xFFFF, h1&0xFFFF, h2>>48, h2&(1<<48-1))
		if got := string(b[:]); got != want {
			rt.Fatalf("writeRequestID(%#x, %#x) = %q, want %q", h1, h2, got, want)
		}
	})
}

// TestIDsEachLength holds writeIDs to the reference for strings of every length from 0 to 24
// in each of the four hashed fields (the tail read one byte at a time below eight bytes, from
// the last word at and above), with bytes at both ends of the range.
func TestIDsEachLength(t *testing.T) {
	const bytes = "\xff\x00abcdefghijklmnopqrstu\x80\x7f"
	now := time.Unix(1764590400, 123)
	for n := 0; n <= 24; n++ {
		s := bytes[:n]
		for field := range 4 {
			vals := [4]string{"i-x", "cn-hangzhou", "ecs.g6.large", ""}
			vals[field] = s
			req := model.Request{InstanceID: vals[0], RegionID: vals[1], InstanceType: vals[2], ClientToken: vals[3]}
			var both [36 + 15]byte
			writeIDs(&both, now, &req)
			if got, want := string(both[:]), referenceIDs(now, &req); got != want {
				t.Fatalf("field %d, %d bytes: writeIDs = %s, want %s", field, n, got, want)
			}
		}
	}
}
