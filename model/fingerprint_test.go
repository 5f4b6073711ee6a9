package model

import (
	"fmt"
	"net/url"
	"testing"

	"pgregory.net/rapid"
)

func fingerprintOf(t *testing.T, query string) string {
	t.Helper()
	r, err := ParseQuery(query)
	if err != nil {
		t.Fatalf("ParseQuery(%q): %v", query, err)
	}
	return r.Fingerprint()
}

func TestFingerprintGolden(t *testing.T) {
	got := fingerprintOf(t, "InstanceId=i-1&RegionId=cn-hangzhou&InstanceType=ecs.g6.large&OperatorType=downgrade&ClientToken=tok"+
		"&RebootTime=2018-01-01T12:05Z&Disk.3.DiskId=d+3&Disk.3.Category=cloud_essd&Disk.3.PerformanceLevel=PL1&OwnerId=7")
	want := "InstanceId=i-1&RegionId=cn-hangzhou&InstanceType=ecs.g6.large&OperatorType=downgrade&AutoPay=true&MigrateAcrossZone=false" +
		"&SystemDisk.Category=&RebootTime=2018-01-01T12%3A05%3A00Z&EndTime=&RebootWhenFinished=false&ModifyMode=&Disks=1" +
		"&Disk.3.DiskId=d+3&Disk.3.Category=cloud_essd&Disk.3.PerformanceLevel=PL1"
	if got != want {
		t.Fatalf("fingerprint\n got %s\nwant %s", got, want)
	}
}

func TestFingerprintEquivalences(t *testing.T) {
	same := [][2]string{
		{"", "&AutoPay=true"},
		{"", "&AutoPay=TRUE"},
		{"", "&MigrateAcrossZone=false&RebootWhenFinished=false"},
		{"", "&ClientToken=a"},
		{"&ClientToken=a", "&ClientToken=b"},
		{"", "&OwnerId=1&ResourceOwnerId=2&OwnerAccount=x&ResourceOwnerAccount=y"},
		{"", "&Signature=x&Timestamp=y"},
		{"&OperatorType=upgrade", "&OperatorType=UPGRADE"},
		{"&RebootTime=2018-01-01T12:05Z", "&RebootTime=2018-01-01T12:05:00Z"},
		{"&Disk.2.DiskId=d&Disk.2.Category=cloud_ssd&Disk.1.DiskId=c&Disk.1.Category=cloud_ssd",
			"&Disk.1.DiskId=c&Disk.1.Category=cloud_ssd&Disk.2.DiskId=d&Disk.2.Category=cloud_ssd"},
	}
	differ := [][2]string{
		{"", "&AutoPay=false"},
		{"", "&OperatorType=upgrade"},
		{"&OperatorType=upgrade", "&OperatorType=downgrade"},
		{"", "&MigrateAcrossZone=true"},
		{"", "&SystemDisk.Category=cloud_ssd"},
		{"&RebootTime=2018-01-01T12:05Z", "&RebootTime=2018-01-01T12:05:01Z"},
		{"&RebootTime=2018-01-01T12:05Z", "&EndTime=2018-01-01T12:05Z"},
		{"", "&RebootWhenFinished=true"},
		{"", "&ModifyMode=Offline"},
		{"", "&Disk.1.DiskId=d&Disk.1.Category=cloud_ssd"},
		{"&Disk.1.DiskId=d&Disk.1.Category=cloud_ssd", "&Disk.2.DiskId=d&Disk.2.Category=cloud_ssd"},
		{"&Disk.1.DiskId=d&Disk.1.Category=cloud_ssd", "&Disk.1.DiskId=d&Disk.1.Category=cloud_ssd&Disk.1.PerformanceLevel=PL0"},
		// Escaping keeps values apart that a plain join would confuse.
		{"&Disk.1.DiskId=a%26Disk.2.DiskId%3Db&Disk.1.Category=cloud_ssd", "&Disk.1.DiskId=a&Disk.1.Category=cloud_ssd&Disk.2.DiskId=b&Disk.2.Category=cloud_ssd"},
	}
	for i, p := range same {
		t.Run(fmt.Sprintf("same%d", i), func(t *testing.T) {
			if a, b := fingerprintOf(t, baseQuery+p[0]), fingerprintOf(t, baseQuery+p[1]); a != b {
				t.Fatalf("%q and %q differ:\n%s\n%s", p[0], p[1], a, b)
			}
		})
	}
	for i, p := range differ {
		t.Run(fmt.Sprintf("differ%d", i), func(t *testing.T) {
			if a, b := fingerprintOf(t, baseQuery+p[0]), fingerprintOf(t, baseQuery+p[1]); a == b {
				t.Fatalf("%q and %q have one fingerprint %s", p[0], p[1], a)
			}
		})
	}
}

func ExampleRequest_Fingerprint() {
	a, _ := ParseQuery("InstanceId=i-1&RegionId=cn-hangzhou&InstanceType=ecs.g6.large&ClientToken=t1")
	b, _ := ParseQuery("InstanceId=i-1&RegionId=cn-hangzhou&InstanceType=ecs.g6.large&AutoPay=true&ClientToken=t2")
	fmt.Println(a.Fingerprint() == b.Fingerprint())
	fmt.Println(a.Fingerprint())
	// Output:
	// true
	// InstanceId=i-1&RegionId=cn-hangzhou&InstanceType=ecs.g6.large&OperatorType=&AutoPay=true&MigrateAcrossZone=false&SystemDisk.Category=&RebootTime=&EndTime=&RebootWhenFinished=false&ModifyMode=&Disks=0
}

// TestAppendQueryEscape holds the fingerprint's escaping to url.QueryEscape, byte for byte.
func TestAppendQueryEscape(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.String().Draw(t, "s")
		if got, want := string(appendQueryEscape([]byte("x="), s)), "x="+url.QueryEscape(s); got != want {
			t.Fatalf("appendQueryEscape(%q) = %q, want %q", s, got, want)
		}
	})
}

// TestAppendFingerprintKeepsPrefix: AppendFingerprint appends after what b holds.
func TestAppendFingerprintKeepsPrefix(t *testing.T) {
	r, err := ParseQuery("InstanceId=i-1&RegionId=cn-hangzhou&InstanceType=ecs.g6.large&EndTime=2030-01-01T00:00Z")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(r.AppendFingerprint([]byte("p:"))), "p:"+r.Fingerprint(); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}
