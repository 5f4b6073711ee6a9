package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/google/go-cmp/cmp"
	"github.com/respec-dev/respec/errcodes"
	"pgregory.net/rapid"
)

const baseQuery = "InstanceId=i-1&RegionId=cn-hangzhou&InstanceType=ecs.g6.large"

func baseRequest() Request {
	return Request{InstanceID: "i-1", RegionID: "cn-hangzhou", InstanceType: "ecs.g6.large", AutoPay: true}
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestParseSuccess(t *testing.T) {
	tests := []struct {
		name  string
		query string
		want  func(r *Request)
	}{
		{"minimal: defaults applied", baseQuery, func(r *Request) {}},
		{"AutoPay=false is recorded as given", baseQuery + "&AutoPay=false", func(r *Request) {
			r.AutoPay, r.AutoPaySet = false, true
		}},
		{"AutoPay=true spelled out", baseQuery + "&AutoPay=true", func(r *Request) { r.AutoPaySet = true }},
		{"booleans ignore ASCII case", baseQuery + "&AutoPay=FALSE&MigrateAcrossZone=True&RebootWhenFinished=tRuE", func(r *Request) {
			r.AutoPay, r.AutoPaySet, r.MigrateAcrossZone, r.RebootWhenFinished = false, true, true, true
		}},
		{"explicit false defaults", baseQuery + "&MigrateAcrossZone=false&RebootWhenFinished=false", func(r *Request) {}},
		{"OperatorType upgrade", baseQuery + "&OperatorType=upgrade", func(r *Request) { r.OperatorType = Upgrade }},
		{"OperatorType ignores case", baseQuery + "&OperatorType=DownGrade", func(r *Request) { r.OperatorType = Downgrade }},
		{"ModifyMode", baseQuery + "&ModifyMode=Online", func(r *Request) { r.ModifyMode = ModifyOnline }},
		{"ModifyMode ignores case", baseQuery + "&ModifyMode=offline", func(r *Request) { r.ModifyMode = ModifyOffline }},
		{"SystemDisk.Category", baseQuery + "&SystemDisk.Category=cloud_ssd", func(r *Request) { r.SystemDiskCategory = DiskCloudSSD }},
		{"RebootTime minute form", baseQuery + "&RebootTime=2018-01-01T12:05Z", func(r *Request) {
			r.RebootTime = mustTime("2018-01-01T12:05:00Z")
		}},
		{"RebootTime with seconds tolerated", baseQuery + "&RebootTime=2018-01-01T12:05:07Z&EndTime=2024-02-29T23:59:59Z", func(r *Request) {
			r.RebootTime = mustTime("2018-01-01T12:05:07Z")
			r.EndTime = mustTime("2024-02-29T23:59:59Z")
		}},
		{"ClientToken printable ASCII of 64", baseQuery + "&ClientToken=" + url.QueryEscape(strings.Repeat("a ~", 21)+"Z"), func(r *Request) {
			r.ClientToken = strings.Repeat("a ~", 21) + "Z"
		}},
		{"Disk.N sorted by N with gaps", baseQuery + "&Disk.16.DiskId=d-16&Disk.16.Category=cloud_essd_entry" +
			"&Disk.3.DiskId=d-3&Disk.3.Category=cloud_essd&Disk.3.PerformanceLevel=PL3&Disk.1.DiskId=d-1&Disk.1.Category=cloud_auto", func(r *Request) {
			r.Disks = []DiskSpec{
				{Index: 1, DiskID: "d-1", Category: DiskCloudAuto},
				{Index: 3, DiskID: "d-3", Category: DiskCloudESSD, PerformanceLevel: "PL3"},
				{Index: 16, DiskID: "d-16", Category: DiskCloudESSDEntry},
			}
		}},
		{"every disk category but cloud", baseQuery + "&Disk.1.DiskId=a&Disk.1.Category=cloud_efficiency&Disk.2.DiskId=b&Disk.2.Category=cloud_ssd&Disk.2.PerformanceLevel=PL0", func(r *Request) {
			r.Disks = []DiskSpec{{Index: 1, DiskID: "a", Category: DiskCloudEfficiency}, {Index: 2, DiskID: "b", Category: DiskCloudSSD, PerformanceLevel: "PL0"}}
		}},
		{"hidden common parameters kept", baseQuery + "&OwnerId=123&ResourceOwnerId=-7&OwnerAccount=owner&ResourceOwnerAccount=res", func(r *Request) {
			r.OwnerID, r.ResourceOwnerID, r.OwnerAccount, r.ResourceOwnerAccount = 123, -7, "owner", "res"
		}},
		{"RPC common and unknown keys ignored, unchecked", baseQuery + "&Action=ModifyPrepayInstanceSpec&Version=2014-05-26&Format=JSON" +
			"&AccessKeyId=LTAI&Signature=abc%2B%3D&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&SignatureNonce=n&SignatureType=&Timestamp=2026-01-01T00%3A00%3A00Z" +
			"&SecurityToken=" + strings.Repeat("t", 2000) + "&Unknown=%00&Unknown=other&instanceid=lower&SystemDisk.Size=40&Disk=1", func(r *Request) {
			r.Unknown = []UnknownParam{{Key: "Disk"}, {Key: "SystemDisk.Size"}, {Key: "Unknown"}, {Key: "instanceid", Suggestion: "InstanceId"}}
		}},
		{"empty optional values count as not given", baseQuery + "&OperatorType=&ClientToken=&AutoPay=&MigrateAcrossZone=&SystemDisk.Category=" +
			"&RebootTime=&EndTime=&RebootWhenFinished=&ModifyMode=&Disk.1.DiskId=&Disk.1.Category=&OwnerId=&OwnerAccount=", func(r *Request) {}},
		{"identical repeats are one value", baseQuery + "&InstanceId=i-1&AutoPay=false&AutoPay=false", func(r *Request) {
			r.AutoPay, r.AutoPaySet = false, true
		}},
		{"values are not trimmed and may hold any printable Unicode", "InstanceId=+i-1+&RegionId=%E6%9D%AD%E5%B7%9E&InstanceType=ecs.g6.large", func(r *Request) {
			r.InstanceID, r.RegionID = " i-1 ", "杭州"
		}},
		{"value of exactly MaxParamLength bytes", "InstanceId=i-1&RegionId=cn-hangzhou&InstanceType=" + strings.Repeat("x", MaxParamLength), func(r *Request) {
			r.InstanceType = strings.Repeat("x", MaxParamLength)
		}},
		{"empty segments and a key without =", "&&" + baseQuery + "&&Flag&", func(r *Request) { r.Unknown = []UnknownParam{{Key: "Flag"}} }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := baseRequest()
			tc.want(&want)
			got, err := ParseQuery(tc.query)
			if err != nil {
				t.Fatalf("ParseQuery: %v", err)
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Fatalf("ParseQuery (-want +got):\n%s", d)
			}
			vals, _ := url.ParseQuery(tc.query)
			got2, err := ParseValues(vals)
			if err != nil {
				t.Fatalf("ParseValues: %v", err)
			}
			if d := cmp.Diff(want, got2); d != "" {
				t.Fatalf("ParseValues (-want +got):\n%s", d)
			}
		})
	}
}

type errCase struct {
	name  string
	query string
	id    errcodes.ID
	param string
}

// detailOf returns the Detail of err, a *errcodes.Error ("" for anything else).
func detailOf(err error) string {
	var e *errcodes.Error
	if errors.As(err, &e) {
		return e.Detail()
	}
	return ""
}

func checkErr(t *testing.T, perr error, id errcodes.ID, param string) {
	t.Helper()
	if perr == nil {
		t.Fatalf("no error; want %v naming %q", id, param)
	}
	var err *errcodes.Error
	if !errors.As(perr, &err) {
		t.Fatalf("error %v (%T) is not an *errcodes.Error", perr, perr)
	}
	if !errors.Is(err, id) {
		t.Fatalf("error %v (ID %d, detail %q); want ID %d", err, err.ID, err.Detail(), id)
	}
	if !strings.HasPrefix(err.Detail(), param) {
		t.Fatalf("detail %q does not begin with %q", err.Detail(), param)
	}
	if id == errcodes.MissingParameter && err.Detail() != param {
		t.Fatalf("MissingParameter detail %q, want exactly %q", err.Detail(), param)
	}
	if !strings.Contains(err.Error(), param) {
		t.Fatalf("message %q does not name %q", err.Error(), param)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []errCase{
		{"InstanceId missing", "RegionId=r&InstanceType=t", errcodes.MissingParameter, "InstanceId"},
		{"InstanceId empty", "InstanceId=&RegionId=r&InstanceType=t", errcodes.MissingParameter, "InstanceId"},
		{"RegionId missing", "InstanceId=i&InstanceType=t", errcodes.MissingParameter, "RegionId"},
		{"InstanceType missing", "InstanceId=i&RegionId=r", errcodes.MissingParameter, "InstanceType"},
		{"InstanceType empty", "InstanceId=i&RegionId=r&InstanceType=", errcodes.MissingParameter, "InstanceType"},
		{"required names are case-sensitive", "instanceId=i&RegionId=r&InstanceType=t", errcodes.MissingParameter, "InstanceId"},
		{"InstanceId invalid UTF-8", "InstanceId=i-%FF&RegionId=r&InstanceType=t", errcodes.InvalidParameter, "InstanceId"},
		{"RegionId NUL", "InstanceId=i&RegionId=cn%00&InstanceType=t", errcodes.InvalidParameter, "RegionId"},
		{"RegionId DEL", "InstanceId=i&RegionId=cn%7F&InstanceType=t", errcodes.InvalidParameter, "RegionId"},
		{"RegionId C1 control", "InstanceId=i&RegionId=cn%C2%85&InstanceType=t", errcodes.InvalidParameter, "RegionId"},
		{"InstanceType newline", "InstanceId=i&RegionId=r&InstanceType=ecs%0A", errcodes.InvalidParameter, "InstanceType"},
		{"malformed escape names the key", "InstanceId=%zz&RegionId=r&InstanceType=t", errcodes.InvalidParameter, "InstanceId"},
	}
	// The rest add to a valid baseQuery.
	for _, tc := range []errCase{
		{"OperatorType unknown", "OperatorType=sideways", errcodes.InvalidParameter, "OperatorType"},
		{"OperatorType padded", "OperatorType=+upgrade", errcodes.InvalidParameter, "OperatorType"},
		{"OperatorType non-ASCII fold", "OperatorType=downgrad%E2%84%AA", errcodes.InvalidParameter, "OperatorType"},
		{"ClientToken 65 chars", "ClientToken=" + strings.Repeat("a", 65), errcodes.InvalidParameter, "ClientToken"},
		{"ClientToken non-ASCII", "ClientToken=caf%C3%A9", errcodes.InvalidParameter, "ClientToken"},
		{"ClientToken tab", "ClientToken=a%09b", errcodes.InvalidParameter, "ClientToken"},
		{"AutoPay yes", "AutoPay=yes", errcodes.InvalidParameter, "AutoPay"},
		{"AutoPay 1", "AutoPay=1", errcodes.InvalidParameter, "AutoPay"},
		{"AutoPay long-s fold", "AutoPay=fal%C5%BFe", errcodes.InvalidParameter, "AutoPay"},
		{"MigrateAcrossZone maybe", "MigrateAcrossZone=maybe", errcodes.InvalidParameter, "MigrateAcrossZone"},
		{"RebootWhenFinished 0", "RebootWhenFinished=0", errcodes.InvalidParameter, "RebootWhenFinished"},
		{"SystemDisk.Category essd", "SystemDisk.Category=cloud_essd", errcodes.InvalidParameter, "SystemDisk.Category"},
		{"SystemDisk.Category cloud", "SystemDisk.Category=cloud", errcodes.InvalidParameter, "SystemDisk.Category"},
		{"EndTime unknown", "EndTime=tomorrow", errcodes.InvalidParameter, "EndTime"},
		{"EndTime offset", "EndTime=2018-01-01T12:05%2B08:00", errcodes.InvalidParameter, "EndTime"},
		{"ModifyMode unknown", "ModifyMode=Sometimes", errcodes.InvalidParameter, "ModifyMode"},
		{"Disk.0", "Disk.0.DiskId=d", errcodes.InvalidParameter, "Disk.0.DiskId"},
		{"Disk.17", "Disk.17.DiskId=d", errcodes.InvalidParameter, "Disk.17.DiskId"},
		{"Disk.99999999999", "Disk.99999999999.DiskId=d", errcodes.InvalidParameter, "Disk.99999999999.DiskId"},
		{"Disk.x", "Disk.x.DiskId=d", errcodes.InvalidParameter, "Disk.x.DiskId"},
		{"Disk.1.Foo", "Disk.1.Foo=d", errcodes.InvalidParameter, "Disk.1.Foo"},
		{"Disk.01 leading zero", "Disk.01.DiskId=d", errcodes.InvalidParameter, "Disk.01.DiskId"},
		{"Disk.+1 sign", "Disk.%2B1.DiskId=d", errcodes.InvalidParameter, "Disk.+1.DiskId"},
		{"Disk.-1 sign", "Disk.-1.DiskId=d", errcodes.InvalidParameter, "Disk.-1.DiskId"},
		{"Disk..DiskId", "Disk..DiskId=d", errcodes.InvalidParameter, "Disk..DiskId"},
		{"Disk.1 without field", "Disk.1=d", errcodes.InvalidParameter, "Disk.1"},
		{"Disk.1.diskid case", "Disk.1.diskid=d", errcodes.InvalidParameter, "Disk.1.diskid"},
		{"Disk key with empty value still malformed", "Disk.0.DiskId=", errcodes.InvalidParameter, "Disk.0.DiskId"},
		{"Disk category without DiskId", "Disk.1.Category=cloud_ssd", errcodes.MissingParameter, "Disk.1.DiskId"},
		{"Disk level without DiskId", "Disk.4.PerformanceLevel=PL1", errcodes.MissingParameter, "Disk.4.DiskId"},
		{"Disk DiskId without Category", "Disk.2.DiskId=d-2", errcodes.MissingParameterDiskCategory, "Disk.2.Category"},
		{"Disk category cloud", "Disk.1.DiskId=d&Disk.1.Category=cloud", errcodes.InvalidParameterDiskCategory, "Disk.1.Category"},
		{"Disk category case", "Disk.1.DiskId=d&Disk.1.Category=Cloud_ESSD", errcodes.InvalidParameterDiskCategory, "Disk.1.Category"},
		{"Disk PL4", "Disk.1.DiskId=d&Disk.1.Category=cloud_essd&Disk.1.PerformanceLevel=PL4", errcodes.InvalidPerformanceLevelMalformed, "Disk.1.PerformanceLevel"},
		{"Disk pl1 lower", "Disk.1.DiskId=d&Disk.1.Category=cloud_essd&Disk.1.PerformanceLevel=pl1", errcodes.InvalidPerformanceLevelMalformed, "Disk.1.PerformanceLevel"},
		{"OwnerId not a number", "OwnerId=abc", errcodes.InvalidParameter, "OwnerId"},
		{"OwnerId overflow", "OwnerId=99999999999999999999", errcodes.InvalidParameter, "OwnerId"},
		{"ResourceOwnerId fraction", "ResourceOwnerId=1.5", errcodes.InvalidParameter, "ResourceOwnerId"},
		{"ResourceOwnerAccount control", "ResourceOwnerAccount=a%1Fb", errcodes.InvalidParameter, "ResourceOwnerAccount"},
		{"conflicting repeat", "AutoPay=true&AutoPay=false", errcodes.InvalidParameter, "AutoPay"},
		{"conflicting repeat of required", "InstanceId=i-2", errcodes.InvalidParameter, "InstanceId"},
		{"conflicting repeat of a disk key", "Disk.1.DiskId=a&Disk.1.DiskId=b&Disk.1.Category=cloud_essd", errcodes.InvalidParameter, "Disk.1.DiskId"},
		{"conflicting repeat with an empty value", "OperatorType=&OperatorType=upgrade", errcodes.InvalidParameter, "OperatorType"},
	} {
		tc.query = baseQuery + "&" + tc.query
		tests = append(tests, tc)
	}
	// A value over MaxParamLength is InvalidParameter naming its key (RebootTime's too: its
	// length is checked before its form).
	long := strings.Repeat("x", MaxParamLength+1)
	for key, query := range map[string]string{
		"InstanceType":  "InstanceId=i&RegionId=r&InstanceType=" + long,
		"RebootTime":    baseQuery + "&RebootTime=" + long,
		"Disk.5.DiskId": baseQuery + "&Disk.5.DiskId=" + long + "&Disk.5.Category=cloud_essd",
		"OwnerAccount":  baseQuery + "&OwnerAccount=" + long,
	} {
		tests = append(tests, errCase{key + " too long", query, errcodes.InvalidParameter, key})
	}
	for _, bad := range []string{
		"2018-01-01T12:05", "2018-01-01T12:05+08:00", "2018-01-01T12:05:00+00:00", "2018-01-01 12:05Z", "2018-01-01t12:05Z",
		"2018-01-01T12:05z", "2018-02-30T12:05Z", "2019-02-29T12:05Z", "2018-13-01T12:05Z", "2018-00-10T12:05Z", "2018-01-00T12:05Z",
		"2018-01-01T24:00Z", "2018-01-01T12:60Z", "2018-01-01T12:05:60Z", "2018-01-01T12:05:00.5Z", "1969-12-31T23:59Z",
		"0001-01-01T00:00Z", "2018-1-01T12:05Z", "20180101T1205Z", "2018-01-01T12Z", "+2018-01-01T12:05Z", "2018-01-01T12:5:00Z",
		"2018-01-01T12:05UTC", "１９９９-01-01T12:05Z", "2018-01-01T12:05:0Z", "2018-01-01T12:05:00ZZ",
	} {
		tests = append(tests, errCase{"RebootTime " + bad, baseQuery + "&RebootTime=" + url.QueryEscape(bad), errcodes.InvalidRebootTimeMalFormed, "RebootTime"})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseQuery(tc.query)
			checkErr(t, err, tc.id, tc.param)
		})
	}
}

// TestParseErrorOrder checks that the first problem in the order of the parameter table wins.
func TestParseErrorOrder(t *testing.T) {
	tests := []errCase{
		{"RegionId missing before InstanceType too long", "InstanceId=i&InstanceType=" + strings.Repeat("x", 300), errcodes.MissingParameter, "RegionId"},
		{"InstanceId bad before RegionId missing", "InstanceId=%01", errcodes.InvalidParameter, "InstanceId"},
		{"InstanceType missing before OperatorType bad", "InstanceId=i&RegionId=r&OperatorType=x", errcodes.MissingParameter, "InstanceType"},
		{"OperatorType before ClientToken", baseQuery + "&ClientToken=%FF&OperatorType=x", errcodes.InvalidParameter, "OperatorType"},
		{"ClientToken before AutoPay", baseQuery + "&AutoPay=x&ClientToken=%FF", errcodes.InvalidParameter, "ClientToken"},
		{"AutoPay before MigrateAcrossZone", baseQuery + "&MigrateAcrossZone=x&AutoPay=x", errcodes.InvalidParameter, "AutoPay"},
		{"MigrateAcrossZone before SystemDisk.Category", baseQuery + "&SystemDisk.Category=x&MigrateAcrossZone=x", errcodes.InvalidParameter, "MigrateAcrossZone"},
		{"SystemDisk.Category before RebootTime", baseQuery + "&RebootTime=x&SystemDisk.Category=x", errcodes.InvalidParameter, "SystemDisk.Category"},
		{"RebootTime before EndTime", baseQuery + "&EndTime=x&RebootTime=x", errcodes.InvalidRebootTimeMalFormed, "RebootTime"},
		{"EndTime before RebootWhenFinished", baseQuery + "&RebootWhenFinished=x&EndTime=x", errcodes.InvalidParameter, "EndTime"},
		{"RebootWhenFinished before ModifyMode", baseQuery + "&ModifyMode=x&RebootWhenFinished=x", errcodes.InvalidParameter, "RebootWhenFinished"},
		{"ModifyMode before Disk", baseQuery + "&Disk.0.DiskId=x&ModifyMode=x", errcodes.InvalidParameter, "ModifyMode"},
		{"Disk before OwnerId", baseQuery + "&OwnerId=x&Disk.1.DiskId=d", errcodes.MissingParameterDiskCategory, "Disk.1.Category"},
		{"OwnerId before ResourceOwnerId", baseQuery + "&ResourceOwnerId=x&OwnerId=x", errcodes.InvalidParameter, "OwnerId"},
		{"malformed disk key before disk entries", baseQuery + "&Disk.1.DiskId=d&Disk.9.Bad=x", errcodes.InvalidParameter, "Disk.9.Bad"},
		{"smallest malformed disk key", baseQuery + "&Disk.x.DiskId=d&Disk.0.DiskId=d&Disk.1.Foo=d", errcodes.InvalidParameter, "Disk.0.DiskId"},
		{"lowest N first", baseQuery + "&Disk.3.DiskId=d&Disk.3.Category=cloud&Disk.2.DiskId=d", errcodes.MissingParameterDiskCategory, "Disk.2.Category"},
		{"within N: DiskId before Category", baseQuery + "&Disk.2.Category=cloud&Disk.2.PerformanceLevel=PL9", errcodes.MissingParameter, "Disk.2.DiskId"},
		{"within N: Category before level", baseQuery + "&Disk.2.DiskId=d&Disk.2.Category=cloud&Disk.2.PerformanceLevel=PL9", errcodes.InvalidParameterDiskCategory, "Disk.2.Category"},
		{"within N: value checks first", baseQuery + "&Disk.2.PerformanceLevel=%00", errcodes.InvalidParameter, "Disk.2.PerformanceLevel"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseQuery(tc.query)
			checkErr(t, err, tc.id, tc.param)
		})
	}
}

func TestParseBounds(t *testing.T) {
	var many strings.Builder
	many.WriteString(baseQuery)
	for i := 0; i < MaxRequestParams; i++ {
		fmt.Fprintf(&many, "&k%d=v", i)
	}
	if _, err := ParseQuery(many.String()); err == nil || !errors.Is(err, errcodes.InvalidParameter) || !strings.Contains(detailOf(err), "256") {
		t.Fatalf("257+ pairs: %v", err)
	}
	// Exactly MaxRequestParams pairs is fine, empty segments are not pairs.
	var ok strings.Builder
	ok.WriteString(baseQuery)
	for i := 3; i < MaxRequestParams; i++ {
		fmt.Fprintf(&ok, "&&k%d=v", i)
	}
	if _, err := ParseQuery(ok.String()); err != nil {
		t.Fatalf("256 pairs: %v", err)
	}
	if _, err := ParseQuery(baseQuery + "&X=" + strings.Repeat("a", MaxRequestBytes)); err == nil || !strings.Contains(detailOf(err), "64 KiB") {
		t.Fatalf("oversize query: %v", err)
	}
	vals, _ := url.ParseQuery(baseQuery)
	vals["Repeated"] = make([]string, MaxRequestParams)
	if _, err := ParseValues(vals); err == nil || !errors.Is(err, errcodes.InvalidParameter) {
		t.Fatalf("too many values: %v", err)
	}
	vals, _ = url.ParseQuery(baseQuery)
	vals.Set("Big", strings.Repeat("a", MaxRequestBytes))
	if _, err := ParseValues(vals); err == nil || !strings.Contains(detailOf(err), "64 KiB") {
		t.Fatalf("oversize values: %v", err)
	}
	m := map[string]string{}
	for i := 0; i <= MaxRequestParams; i++ {
		m["k"+strconv.Itoa(i)] = "v"
	}
	if _, err := ParseMap(m); err == nil || !errors.Is(err, errcodes.InvalidParameter) {
		t.Fatalf("too many map keys: %v", err)
	}
	if _, err := ParseMap(map[string]string{"InstanceId": strings.Repeat("a", MaxRequestBytes+1)}); err == nil || !strings.Contains(detailOf(err), "64 KiB") {
		t.Fatalf("oversize map: %v", err)
	}
}

// TestDiskIndexNoAllocation checks that a hostile N costs no more than a small one: neither
// the number of allocations nor the bytes grow with the length of N.
func TestDiskIndexNoAllocation(t *testing.T) {
	withKey := func(k string) map[string]string {
		return map[string]string{"InstanceId": "i", "RegionId": "r", "InstanceType": "t", k: "d"}
	}
	short := withKey("Disk." + strings.Repeat("9", 70) + ".DiskId")
	huge := withKey("Disk." + strings.Repeat("9", 50000) + ".DiskId")
	a := testing.AllocsPerRun(20, func() { _, _ = ParseMap(short) })
	b := testing.AllocsPerRun(20, func() { _, _ = ParseMap(huge) })
	if b > a {
		t.Fatalf("a 50000-digit N allocates %v times, a 70-digit one %v", b, a)
	}
	bytesOf := func(m map[string]string) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for i := 0; i < 20; i++ {
			_, err := ParseMap(m)
			checkErr(t, err, errcodes.InvalidParameter, "\"Disk.999")
		}
		runtime.ReadMemStats(&after)
		return (after.TotalAlloc - before.TotalAlloc) / 20
	}
	if s, h := bytesOf(short), bytesOf(huge); h > s+1024 {
		t.Fatalf("a 50000-digit N allocates %d bytes, a 70-digit one %d", h, s)
	}
}

func TestParseValuesConflicts(t *testing.T) {
	v := url.Values{"InstanceId": {"i"}, "RegionId": {"r"}, "InstanceType": {"t", "u"}}
	_, err := ParseValues(v)
	checkErr(t, err, errcodes.InvalidParameter, "InstanceType")
	v = url.Values{"InstanceId": {"i"}, "RegionId": {"r"}, "InstanceType": {"t", "t"}, "Signature": {"a", "b"}, "Empty": {}}
	got, err := ParseValues(v)
	if err != nil {
		t.Fatal(err)
	}
	want := Request{InstanceID: "i", RegionID: "r", InstanceType: "t", AutoPay: true}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	if len(v["InstanceType"]) != 2 || len(v) != 5 {
		t.Fatal("ParseValues changed its input")
	}
	// A key with no values is not given.
	_, err = ParseValues(url.Values{"InstanceId": {}, "RegionId": {"r"}, "InstanceType": {"t"}})
	checkErr(t, err, errcodes.MissingParameter, "InstanceId")
}

func TestParseMap(t *testing.T) {
	m := map[string]string{"InstanceId": "i-1", "RegionId": "cn-hangzhou", "InstanceType": "ecs.g6.large", "AutoPay": "false",
		"Disk.2.DiskId": "d-2", "Disk.2.Category": "cloud_essd"}
	got, err := ParseMap(m)
	if err != nil {
		t.Fatal(err)
	}
	want := baseRequest()
	want.AutoPay, want.AutoPaySet = false, true
	want.Disks = []DiskSpec{{Index: 2, DiskID: "d-2", Category: DiskCloudESSD}}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	_, err = ParseMap(map[string]string{"InstanceId": "i", "RegionId": "r"})
	checkErr(t, err, errcodes.MissingParameter, "InstanceType")
}

func TestParseJSON(t *testing.T) {
	got, err := ParseJSON([]byte(`{"InstanceId":"i-1","RegionId":"cn-hangzhou","InstanceType":"ecs.g6.large","OperatorType":"downgrade","Disk.1.DiskId":"d","Disk.1.Category":"cloud_ssd"}`))
	if err != nil {
		t.Fatal(err)
	}
	want := baseRequest()
	want.OperatorType = Downgrade
	want.Disks = []DiskSpec{{Index: 1, DiskID: "d", Category: DiskCloudSSD}}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}

	base := `"InstanceId":"i","RegionId":"r","InstanceType":"t"`
	tests := []struct {
		name, body string
		id         errcodes.ID
		param      string
	}{
		{"number value", `{` + base + `,"AutoPay":1}`, errcodes.InvalidParameter, "AutoPay"},
		{"boolean value", `{` + base + `,"AutoPay":true}`, errcodes.InvalidParameter, "AutoPay"},
		{"null value", `{"InstanceId":null}`, errcodes.InvalidParameter, "InstanceId"},
		{"object value", `{"Disk":{"1":{"DiskId":"d"}}}`, errcodes.InvalidParameter, "Disk"},
		{"array value", `{"InstanceId":["i"]}`, errcodes.InvalidParameter, "InstanceId"},
		{"hostile number", `{"OwnerId":1e100000000}`, errcodes.InvalidParameter, "OwnerId"},
		{"duplicate key", `{` + base + `,"InstanceType":"u"}`, errcodes.InvalidParameter, "InstanceType"},
		{"duplicate key, same value", `{` + base + `,"InstanceType":"t"}`, errcodes.InvalidParameter, "InstanceType"},
		{"duplicate ignored key", `{` + base + `,"Signature":"a","Signature":"a"}`, errcodes.InvalidParameter, "Signature"},
		{"escaped key is the same key", `{` + base + `,"Instance\u0054ype":"u"}`, errcodes.InvalidParameter, "InstanceType"},
		{"missing after JSON", `{"InstanceId":"i"}`, errcodes.MissingParameter, "RegionId"},
		{"escaped control", `{"InstanceId":"i\u0000","RegionId":"r","InstanceType":"t"}`, errcodes.InvalidParameter, "InstanceId"},
		{"not JSON", `InstanceId=i`, errcodes.InvalidParameter, "request body is not a JSON object of strings"},
		{"top-level array", `[` + base + `]`, errcodes.InvalidParameter, "request body is not a JSON object of strings"},
		{"top-level string", `"x"`, errcodes.InvalidParameter, "request body is not a JSON object of strings"},
		{"truncated", `{` + base, errcodes.InvalidParameter, "request body is not a JSON object of strings"},
		{"trailing data", `{` + base + `} {}`, errcodes.InvalidParameter, "request body is not a JSON object of strings"},
		{"trailing comma", `{` + base + `,}`, errcodes.InvalidParameter, "request body is not a JSON object of strings"},
		{"invalid UTF-8", "{\"InstanceId\":\"i\xff\",\"RegionId\":\"r\",\"InstanceType\":\"t\"}", errcodes.InvalidParameter, "request body is not a JSON object of strings"},
		{"empty", ``, errcodes.InvalidParameter, "request body is not a JSON object of strings"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseJSON([]byte(tc.body))
			checkErr(t, err, tc.id, tc.param)
		})
	}
	t.Run("bounds", func(t *testing.T) {
		m := map[string]string{}
		for i := 0; i <= MaxRequestParams; i++ {
			m["k"+strconv.Itoa(i)] = ""
		}
		b, _ := json.Marshal(m)
		if _, err := ParseJSON(b); err == nil || !strings.Contains(detailOf(err), "256") {
			t.Fatalf("257 keys: %v", err)
		}
		big := []byte(`{"InstanceId":"` + strings.Repeat("a", MaxRequestBytes) + `"}`)
		if _, err := ParseJSON(big); err == nil || !strings.Contains(detailOf(err), "64 KiB") {
			t.Fatalf("oversize: %v", err)
		}
		deep := []byte(`{"InstanceId":` + strings.Repeat("[", 60000) + `}`)
		if _, err := ParseJSON(deep); err == nil || !strings.HasPrefix(detailOf(err), "InstanceId") {
			t.Fatalf("deep nesting: %v", err)
		}
	})
}

// genRequest generates requests as the parsers return them.
func genRequest() *rapid.Generator[Request] {
	text := rapid.StringOfN(rapid.Rune().Filter(func(r rune) bool { return !unicode.IsControl(r) }), 1, 30, MaxParamLength)
	token := rapid.StringMatching(`[ -~]{1,64}`)
	wireTime := rapid.Custom(func(t *rapid.T) time.Time {
		if !rapid.Bool().Draw(t, "given") {
			return time.Time{}
		}
		sec := rapid.Int64Range(0, 253402300799).Draw(t, "unix") // 1970 to 9999-12-31T23:59:59Z
		if rapid.Bool().Draw(t, "minute") {
			sec -= sec % 60
		}
		return time.Unix(sec, 0).UTC()
	})
	category := rapid.SampledFrom([]string{DiskCloudEfficiency, DiskCloudSSD, DiskCloudESSD, DiskCloudAuto, DiskCloudESSDEntry})
	level := rapid.SampledFrom([]string{"", "PL0", "PL1", "PL2", "PL3"})
	optional := func(g *rapid.Generator[string]) *rapid.Generator[string] {
		return rapid.Custom(func(t *rapid.T) string {
			if rapid.Bool().Draw(t, "given") {
				return g.Draw(t, "value")
			}
			return ""
		})
	}
	return rapid.Custom(func(t *rapid.T) Request {
		r := Request{
			InstanceID:         text.Draw(t, "InstanceId"),
			RegionID:           text.Draw(t, "RegionId"),
			InstanceType:       text.Draw(t, "InstanceType"),
			OperatorType:       rapid.SampledFrom([]OperatorType{OperatorUnset, Upgrade, Downgrade}).Draw(t, "OperatorType"),
			ClientToken:        optional(token).Draw(t, "ClientToken"),
			AutoPaySet:         rapid.Bool().Draw(t, "AutoPaySet"),
			MigrateAcrossZone:  rapid.Bool().Draw(t, "MigrateAcrossZone"),
			RebootWhenFinished: rapid.Bool().Draw(t, "RebootWhenFinished"),
			SystemDiskCategory: rapid.SampledFrom([]string{"", DiskCloudEfficiency, DiskCloudSSD}).Draw(t, "SystemDisk.Category"),
			RebootTime:         wireTime.Draw(t, "RebootTime"),
			EndTime:            wireTime.Draw(t, "EndTime"),
			ModifyMode:         rapid.SampledFrom([]ModifyMode{ModifyModeUnset, ModifyOnline, ModifyOffline}).Draw(t, "ModifyMode"),
			OwnerAccount:       optional(text).Draw(t, "OwnerAccount"),
		}
		r.AutoPay = !r.AutoPaySet || rapid.Bool().Draw(t, "AutoPay")
		if rapid.Bool().Draw(t, "owners") {
			r.OwnerID = rapid.Int64().Draw(t, "OwnerId")
			r.ResourceOwnerID = rapid.Int64().Draw(t, "ResourceOwnerId")
			r.ResourceOwnerAccount = optional(text).Draw(t, "ResourceOwnerAccount")
		}
		for n := 1; n <= MaxDisks; n++ {
			if rapid.IntRange(0, 3).Draw(t, "disk?") == 0 {
				r.Disks = append(r.Disks, DiskSpec{Index: n, DiskID: text.Draw(t, "DiskId"), Category: category.Draw(t, "Category"), PerformanceLevel: level.Draw(t, "PerformanceLevel")})
			}
		}
		return r
	})
}

func TestPropertyRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := genRequest().Draw(t, "request")
		got, err := ParseValues(r.Values())
		if err != nil {
			t.Fatalf("ParseValues(%v): %v", r.Values(), err)
		}
		if d := cmp.Diff(r, got); d != "" {
			t.Fatalf("ParseValues(r.Values()) (-want +got):\n%s", d)
		}
		got, err = ParseQuery(r.Values().Encode())
		if err != nil {
			t.Fatalf("ParseQuery: %v", err)
		}
		if d := cmp.Diff(r, got); d != "" {
			t.Fatalf("ParseQuery(r.Values().Encode()) (-want +got):\n%s", d)
		}
		m := map[string]string{}
		for k, v := range r.Values() {
			m[k] = v[0]
		}
		b, _ := json.Marshal(m)
		got, err = ParseJSON(b)
		if err != nil {
			t.Fatalf("ParseJSON: %v", err)
		}
		if d := cmp.Diff(r, got); d != "" {
			t.Fatalf("ParseJSON (-want +got):\n%s", d)
		}
	})
}

// withoutIdentity clears what the fingerprint leaves out and the record of a default spelled
// out.
func withoutIdentity(r Request) Request {
	r.ClientToken = ""
	r.AutoPaySet = false
	r.OwnerID, r.ResourceOwnerID, r.OwnerAccount, r.ResourceOwnerAccount = 0, 0, "", ""
	return r
}

func TestPropertyFingerprint(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := genRequest().Draw(t, "a")
		var b Request
		switch rapid.IntRange(0, 2).Draw(t, "how") {
		case 0: // independent
			b = genRequest().Draw(t, "b")
		case 1: // same parameters, other token and owners, default maybe spelled out
			b = a
			b.ClientToken = rapid.StringMatching(`[a-z]{0,8}`).Draw(t, "token")
			b.OwnerID = rapid.Int64().Draw(t, "owner")
			b.OwnerAccount = rapid.StringMatching(`[a-z]{0,8}`).Draw(t, "account")
			if b.AutoPay {
				b.AutoPaySet = rapid.Bool().Draw(t, "spelled")
			}
		case 2: // one parameter changed
			b = a
			b.Disks = append([]DiskSpec(nil), a.Disks...)
			switch rapid.IntRange(0, 6).Draw(t, "field") {
			case 0:
				b.InstanceType += "x"
			case 1:
				b.OperatorType = (a.OperatorType + 1) % 3
			case 2:
				b.AutoPay = !a.AutoPay
				b.AutoPaySet = true
			case 3:
				b.RebootTime = a.RebootTime.Add(time.Minute)
			case 4:
				b.ModifyMode = (a.ModifyMode + 1) % 3
			case 5:
				b.Disks = append(b.Disks, DiskSpec{Index: MaxDisks + 1, DiskID: "d", Category: DiskCloudESSD})
			case 6:
				b.SystemDiskCategory += "x"
			}
		}
		same := cmp.Equal(withoutIdentity(a), withoutIdentity(b))
		if fa, fb := a.Fingerprint(), b.Fingerprint(); (fa == fb) != same {
			t.Fatalf("fingerprints equal=%v, parameters equal=%v\n%s\n%s", fa == fb, same, fa, fb)
		}
	})
}

func TestValuesOmitsDefaults(t *testing.T) {
	r := baseRequest()
	want := url.Values{"InstanceId": {"i-1"}, "RegionId": {"cn-hangzhou"}, "InstanceType": {"ecs.g6.large"}}
	if d := cmp.Diff(want, r.Values()); d != "" {
		t.Fatal(d)
	}
	r.RebootTime = mustTime("2018-01-01T12:05:00Z")
	r.EndTime = mustTime("2018-01-01T12:05:30+08:00")
	r.AutoPay, r.AutoPaySet = false, true
	v := r.Values()
	if v.Get("RebootTime") != "2018-01-01T12:05Z" || v.Get("EndTime") != "2018-01-01T04:05:30Z" || v.Get("AutoPay") != "false" {
		t.Fatalf("Values: %v", v)
	}
}

func ExampleParseQuery() {
	r, err := ParseQuery("Action=ModifyPrepayInstanceSpec&InstanceId=i-bp67acfmxazb4ph0001&RegionId=cn-hangzhou" +
		"&InstanceType=ecs.g6.xlarge&RebootTime=2018-01-01T12:05Z&Disk.2.DiskId=d-2&Disk.2.Category=cloud_essd")
	fmt.Println(err == nil, r.InstanceType, r.AutoPay, r.AutoPaySet, r.RebootTime, r.Disks)

	var e *errcodes.Error
	_, err = ParseQuery("InstanceId=i-1&RegionId=cn-hangzhou&InstanceType=ecs.g6.xlarge&Disk.17.DiskId=d")
	if errors.As(err, &e) {
		fmt.Println(e.Code(), e.Detail())
	}

	_, err = ParseQuery("InstanceId=i-1&InstanceType=ecs.g6.xlarge")
	if errors.As(err, &e) {
		fmt.Println(e.Code(), e.Detail())
	}
	// Output:
	// true ecs.g6.xlarge true false 2018-01-01 12:05:00 +0000 UTC [{2 d-2 cloud_essd }]
	// InvalidParameter Disk.17.DiskId is not valid: not a parameter: Disk.N.DiskId, Disk.N.Category or Disk.N.PerformanceLevel with N from 1 to 16
	// MissingParameter RegionId
}

func BenchmarkParseQueryUpgrade(b *testing.B) {
	q := "AutoPay=true&ClientToken=0c593ea1-3bea-11e9-b96b-88e9fe637760&InstanceId=i-bp1g6example000001&InstanceType=ecs.g6.2xlarge&RegionId=cn-hangzhou"
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseQuery(q); err != nil {
			b.Fatal(err)
		}
	}
}
