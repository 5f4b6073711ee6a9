package rules

import (
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
