package model

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/respec-dev/respec/errcodes"
	"pgregory.net/rapid"
)

// printableByte is the definition printableASCII implements, one byte at a time.
func printableByte(c byte) bool { return c >= 0x20 && c <= 0x7e }

// TestPrintableASCIIEveryByte puts every byte value at every position of strings of 1 to 17
// bytes, among printable ones at both ends of the range.
func TestPrintableASCIIEveryByte(t *testing.T) {
	for n := 1; n <= 17; n++ {
		for _, fill := range []byte{0x20, 0x7e, 'a'} {
			for p := 0; p < n; p++ {
				for c := 0; c < 256; c++ {
					b := []byte(strings.Repeat(string(fill), n))
					b[p] = byte(c)
					if got, want := printableASCII(string(b)), printableByte(byte(c)); got != want {
						t.Fatalf("printableASCII(%q) = %v, want %v", b, got, want)
					}
				}
			}
		}
	}
	if !printableASCII("") {
		t.Fatal("the empty string is printable")
	}
}

// TestPrintableASCIIPairs puts every pair of byte values side by side in an eight-byte word,
// where a borrow or carry from one could hide or fake the other.
func TestPrintableASCIIPairs(t *testing.T) {
	for p := 0; p < 7; p++ {
		b := []byte("aaaaaaaa")
		for c := 0; c < 256; c++ {
			for d := 0; d < 256; d++ {
				b[p], b[p+1] = byte(c), byte(d)
				if got, want := printableASCII(string(b)), printableByte(byte(c)) && printableByte(byte(d)); got != want {
					t.Fatalf("printableASCII(%q) = %v, want %v", b, got, want)
				}
			}
		}
	}
}

func TestPrintableASCIIProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := rapid.SliceOfN(rapid.Byte(), 0, 40).Draw(t, "b")
		want := true
		for _, c := range b {
			want = want && printableByte(c)
		}
		if got := printableASCII(string(b)); got != want {
			t.Fatalf("printableASCII(%q) = %v, want %v", b, got, want)
		}
	})
}

// TestParseQueryRepeatsAndShapes: the first value of a repeated key is kept and a different
// later one is a conflict (an empty first value included), for parameters, Disk.N keys and
// unknown keys (listed once); keys longer than every known one; escapes on one pair only; a
// value holding '='.
func TestParseQueryRepeatsAndShapes(t *testing.T) {
	conflict := func(k string) string { return k + " is not valid: given more than once with different values" }
	for _, tc := range []struct {
		name, query string
		detail      string   // the error's detail, "" for an accepted request
		want        *Request // the accepted request (nil: base)
	}{
		{"empty then a value", "InstanceId=&InstanceId=i-1&RegionId=r&InstanceType=t", conflict("InstanceId"), nil},
		{"a value then empty", "InstanceId=i-1&InstanceId=&RegionId=r&InstanceType=t", conflict("InstanceId"), nil},
		{"empty twice", "InstanceId=&InstanceId=&RegionId=r&InstanceType=t", "InstanceId", nil},
		{"a disk key twice, two values", baseQuery + "&Disk.1.DiskId=a&Disk.1.Category=cloud_ssd&Disk.1.DiskId=b", conflict("Disk.1.DiskId"), nil},
		{"a disk key three times, back to the first value", baseQuery + "&Disk.1.DiskId=a&Disk.1.DiskId=b&Disk.1.DiskId=a&Disk.1.Category=cloud_ssd", conflict("Disk.1.DiskId"), nil},
		{"a disk key twice, one value", baseQuery + "&Disk.1.DiskId=a&Disk.1.Category=cloud_ssd&Disk.1.DiskId=a", "", &Request{
			Disks: []DiskSpec{{Index: 1, DiskID: "a", Category: "cloud_ssd"}}}},
		{"a disk key empty then given", baseQuery + "&Disk.1.DiskId=&Disk.1.DiskId=a&Disk.1.Category=cloud_ssd", conflict("Disk.1.DiskId"), nil},
		{"an unknown key three times", baseQuery + "&Foo=1&Foo=2&Foo=1", "", &Request{Unknown: []UnknownParam{{Key: "Foo"}}}},
		{"a key one byte longer than any known", baseQuery + "&ResourceOwnerAccountX=1", "", &Request{
			Unknown: []UnknownParam{{Key: "ResourceOwnerAccountX", Suggestion: "ResourceOwnerAccount"}}}},
		{"a known length, an unknown key", baseQuery + "&ResourceOwnerAccounz=1", "", &Request{
			Unknown: []UnknownParam{{Key: "ResourceOwnerAccounz", Suggestion: "ResourceOwnerAccount"}}}},
		{"a long key", baseQuery + "&" + strings.Repeat("k", 300) + "=1", "", &Request{
			Unknown: []UnknownParam{{Key: shortName(strings.Repeat("k", 300))}}}},
		{"a common key repeated with two values", baseQuery + "&Signature=a&Signature=b", "", &Request{}},
		{"an escape in one pair only", "Instance%54ype=ecs.g6.large&InstanceId=i-1&RegionId=cn-hangzhou&OwnerAccount=a+b", "", &Request{OwnerAccount: "a b"}},
		{"a value holding =", baseQuery + "&OwnerAccount=a=b", "", &Request{OwnerAccount: "a=b"}},
		{"the only escape first", "%49nstanceId=i-1&RegionId=cn-hangzhou&InstanceType=ecs.g6.large", "", nil},
		{"the only plus first", "+Foo=1&" + baseQuery, "", &Request{Unknown: []UnknownParam{{Key: `" Foo"`}}}},
		{"an empty key", "=x&" + baseQuery, "", &Request{Unknown: []UnknownParam{{Key: ""}}}},
		{"non-ASCII, valid", baseQuery + "&OwnerAccount=%C3%A9", "", &Request{OwnerAccount: "é"}},
		{"a C1 control character", baseQuery + "&OwnerAccount=%C2%85", "OwnerAccount is not valid: contains a control character", nil},
		{"a control character before invalid UTF-8", baseQuery + "&OwnerAccount=%01%FF", "OwnerAccount is not valid: not valid UTF-8", nil},
		{"DEL", baseQuery + "&OwnerAccount=a%7F", "OwnerAccount is not valid: contains a control character", nil},
		{"a ClientToken of 64 printable bytes", baseQuery + "&ClientToken=" + strings.Repeat("~", 64), "", &Request{ClientToken: strings.Repeat("~", 64)}},
		{"a ClientToken with DEL", baseQuery + "&ClientToken=" + strings.Repeat("a", 9) + "%7F", "ClientToken is not valid: must be printable ASCII", nil},
	} {
		r, err := ParseQuery(tc.query)
		if tc.detail != "" {
			var e *errcodes.Error
			if !errors.As(err, &e) || e.Detail() != tc.detail {
				t.Errorf("%s: error %v, want detail %q", tc.name, err, tc.detail)
			}
			continue
		}
		want := baseRequest()
		if tc.want != nil {
			w := *tc.want
			w.InstanceID, w.RegionID, w.InstanceType, w.AutoPay = want.InstanceID, want.RegionID, want.InstanceType, true
			want = w
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
		} else if d := cmp.Diff(want, r); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, d)
		}
	}
}

// TestParseValuesRepeats: ParseValues keeps a key's first value too, and a different later
// one is a conflict, for a Disk.N key as for a parameter.
func TestParseValuesRepeats(t *testing.T) {
	v := url.Values{"InstanceId": {"i-1"}, "RegionId": {"cn-hangzhou"}, "InstanceType": {"ecs.g6.large"},
		"Disk.1.DiskId": {"a", "a", "b"}, "Disk.1.Category": {"cloud_ssd"}}
	_, err := ParseValues(v)
	var e *errcodes.Error
	if !errors.As(err, &e) || e.Detail() != "Disk.1.DiskId is not valid: given more than once with different values" {
		t.Fatalf("error %v", err)
	}
	v["Disk.1.DiskId"] = []string{"a", "a"}
	r, err := ParseValues(v)
	if err != nil || len(r.Disks) != 1 || r.Disks[0].DiskID != "a" {
		t.Fatalf("%+v, %v", r.Disks, err)
	}
}

// TestKeyIndex: every known key is found under its own number (the common ones as
// commonKey), and nothing else.
func TestKeyIndex(t *testing.T) {
	var w wire
	if bits := 8 * int(unsafe.Sizeof(w.given)); numParams > bits {
		t.Fatalf("%d parameters do not fit the %d bits of wire.given", numParams, bits)
	}
	for i, p := range operationParams {
		if got := keyIndex(p); got != i {
			t.Errorf("keyIndex(%q) = %d, want %d", p, got, i)
		}
	}
	for _, p := range commonParams {
		if got := keyIndex(p); got != commonKey {
			t.Errorf("keyIndex(%q) = %d, want commonKey", p, got)
		}
	}
	for _, k := range []string{"", "Disk.1.DiskId", "instanceid", "InstanceID", "Actions", strings.Repeat("x", maxKnownKey+1)} {
		if got := keyIndex(k); got != otherKey {
			t.Errorf("keyIndex(%q) = %d, want otherKey", k, got)
		}
	}
}
