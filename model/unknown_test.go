package model

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/internal/editdist"
)

func TestUnknownParams(t *testing.T) {
	const base = "InstanceId=i-1&RegionId=cn-hangzhou&InstanceType=ecs.g6.large"
	tests := []struct {
		name, extra string
		want        []UnknownParam
	}{
		{"case differs", "&Autopay=false", []UnknownParam{{Key: "Autopay", Suggestion: "AutoPay"}}},
		{"all lower case", "&rebootwhenfinished=true", []UnknownParam{{Key: "rebootwhenfinished", Suggestion: "RebootWhenFinished"}}},
		{"one edit", "&AutoPy=false", []UnknownParam{{Key: "AutoPy", Suggestion: "AutoPay"}}},
		{"two edits and a case", "&migrateacrosszon=true", []UnknownParam{{Key: "migrateacrosszon", Suggestion: "MigrateAcrossZone"}}},
		{"old SDK flat key", "&SystemDiskCategory=cloud_ssd", []UnknownParam{{Key: "SystemDiskCategory", Suggestion: "SystemDisk.Category"}}},
		{"Disk.N in another case", "&disk.2.diskid=d-1", []UnknownParam{{Key: "disk.2.diskid", Suggestion: "Disk.2.DiskId"}}},
		{"common key in another case", "&timestamp=x", []UnknownParam{{Key: "timestamp", Suggestion: "Timestamp"}}},
		{"nothing close", "&CouponNo=123", []UnknownParam{{Key: "CouponNo"}}},
		{"sorted, quoted when not printable", "&Zeta=1&%01x=2", []UnknownParam{{Key: `"\x01x"`}, {Key: "Zeta"}}},
		{"common and signature keys stay silent", "&Action=ModifyPrepayInstanceSpec&Version=2014-05-26&Format=JSON&AccessKeyId=a" +
			"&Signature=s&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n&SignatureType=&Timestamp=t" +
			"&SecurityToken=x&OwnerId=1&ResourceOwnerId=2&OwnerAccount=o&ResourceOwnerAccount=r", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := ParseQuery(base + tc.extra)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tc.want, r.Unknown); d != "" {
				t.Fatalf("Unknown (-want +got):\n%s", d)
			}
		})
	}
	// An unknown key changes nothing else: the misspelt AutoPay keeps its default.
	r, _ := ParseQuery(base + "&Autopay=false")
	if !r.AutoPay || r.AutoPaySet {
		t.Fatalf("Autopay=false changed AutoPay: %v %v", r.AutoPay, r.AutoPaySet)
	}
	plain, _ := ParseQuery(base)
	if r.Fingerprint() != plain.Fingerprint() {
		t.Fatal("an unknown key changed the fingerprint")
	}
	// The same through a map and a JSON body.
	m, _ := ParseMap(map[string]string{"InstanceId": "i-1", "RegionId": "r", "InstanceType": "t", "Autopay": "false"})
	j, _ := ParseJSON([]byte(`{"InstanceId":"i-1","RegionId":"r","InstanceType":"t","Autopay":"false"}`))
	want := []UnknownParam{{Key: "Autopay", Suggestion: "AutoPay"}}
	if d := cmp.Diff(want, m.Unknown); d != "" {
		t.Fatal(d)
	}
	if d := cmp.Diff(want, j.Unknown); d != "" {
		t.Fatal(d)
	}
}

func TestSuggestBounded(t *testing.T) {
	if s := suggest(strings.Repeat("A", 10000)); s != "" {
		t.Fatalf("suggest of a huge key = %q", s)
	}
	if d := editdist.Distance([]byte("autopay"), []byte("autopy"), 3); d != 1 {
		t.Fatalf("editDistance = %d, want 1", d)
	}
	if d := editdist.Distance([]byte("abcdefgh"), []byte("zzzzzzzz"), 3); d != 3 {
		t.Fatalf("editDistance over the limit = %d, want the limit 3", d)
	}
}

// parse is how a caller wraps the parser behind its own error-typed function: a valid query
// must give a nil error (no typed nil *errcodes.Error inside a non-nil interface).
func parse(q string) (Request, error) { return ParseQuery(q) }

func TestParseErrorIsUntypedNil(t *testing.T) {
	_, err := parse("InstanceId=i-1&RegionId=cn-hangzhou&InstanceType=ecs.g6.large")
	if err != nil {
		t.Fatalf("valid query through an error-typed wrapper: err = %#v, want nil", err)
	}
	wrappers := map[string]func() error{
		"ParseValues": func() error {
			_, err := ParseValues(map[string][]string{"InstanceId": {"i"}, "RegionId": {"r"}, "InstanceType": {"t"}})
			return err
		},
		"ParseMap": func() error {
			_, err := ParseMap(map[string]string{"InstanceId": "i", "RegionId": "r", "InstanceType": "t"})
			return err
		},
		"ParseJSON": func() error {
			_, err := ParseJSON([]byte(`{"InstanceId":"i","RegionId":"r","InstanceType":"t"}`))
			return err
		},
	}
	for name, f := range wrappers {
		if err := f(); err != nil {
			t.Errorf("%s of a valid request: err = %#v, want nil", name, err)
		}
	}
	_, err = parse("InstanceId=i-1")
	var e *errcodes.Error
	if !errors.As(err, &e) || e.Code() != "MissingParameter" || e.Detail() != "RegionId" {
		t.Fatalf("invalid query: %v, want MissingParameter RegionId as an *errcodes.Error", err)
	}
}
