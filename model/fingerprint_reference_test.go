package model

import (
	"net/url"
	"strconv"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// referenceFingerprint is the fingerprint as first written: every value through
// url.QueryEscape, one parameter after another. AppendFingerprint must give the same bytes for
// every request: the idempotency records of scenarios store them.
func referenceFingerprint(r *Request) string {
	s := ParamInstanceID + "=" + url.QueryEscape(r.InstanceID) +
		"&" + ParamRegionID + "=" + url.QueryEscape(r.RegionID) +
		"&" + ParamInstanceType + "=" + url.QueryEscape(r.InstanceType) +
		"&" + ParamOperatorType + "=" + url.QueryEscape(r.OperatorType.String()) +
		"&" + ParamAutoPay + "=" + url.QueryEscape(strconv.FormatBool(r.AutoPay)) +
		"&" + ParamMigrateAcrossZone + "=" + url.QueryEscape(strconv.FormatBool(r.MigrateAcrossZone)) +
		"&" + ParamSystemDiskCategory + "=" + url.QueryEscape(r.SystemDiskCategory)
	for _, kt := range []struct {
		k string
		t time.Time
	}{{ParamRebootTime, r.RebootTime}, {ParamEndTime, r.EndTime}} {
		s += "&" + kt.k + "="
		if !kt.t.IsZero() {
			s += url.QueryEscape(kt.t.UTC().Format(time.RFC3339Nano))
		}
	}
	s += "&" + ParamRebootWhenFinished + "=" + url.QueryEscape(strconv.FormatBool(r.RebootWhenFinished)) +
		"&" + ParamModifyMode + "=" + url.QueryEscape(r.ModifyMode.String()) +
		"&Disks=" + strconv.Itoa(len(r.Disks))
	for _, d := range r.Disks {
		n := strconv.Itoa(d.Index)
		s += "&Disk." + n + ".DiskId=" + url.QueryEscape(d.DiskID) +
			"&Disk." + n + ".Category=" + url.QueryEscape(d.Category) +
			"&Disk." + n + ".PerformanceLevel=" + url.QueryEscape(d.PerformanceLevel)
	}
	return s
}

// queryValue draws a string that is mostly bytes url.QueryEscape keeps, in runs shorter and
// longer than a word, with the bytes it changes (space, '%', '+', ':', '/', controls, bytes
// above 0x7F, the neighbours of each kept range) mixed in, or any string at all.
func queryValue() *rapid.Generator[string] {
	kept := rapid.SampledFrom([]byte("azAZ09-_.~mQ5"))
	changed := rapid.SampledFrom([]byte{' ', '%', '+', ':', '/', ',', '@', '[', '^', '`', '{', '}', 0, 0x1f, 0x7f, 0x80, 0xad, 0xc3, 0xff})
	mostlyKept := rapid.Custom(func(t *rapid.T) string {
		b := rapid.SliceOfN(rapid.OneOf(kept, kept, kept, kept, kept, kept, kept, changed), 0, 40).Draw(t, "bytes")
		return string(b)
	})
	return rapid.OneOf(mostlyKept, mostlyKept, rapid.String())
}

// TestAppendFingerprintMatchesReference holds AppendFingerprint (runs of kept bytes found a
// word at a time, the enumerations and booleans appended as they are) to the reference over
// requests with every field drawn wide: values with and without bytes to escape, times zero,
// before 1970, with fractions and beyond year 9999, enumerations out of range, disks.
func TestAppendFingerprintMatchesReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := queryValue()
		anyTime := rapid.OneOf(rapid.Just(time.Time{}),
			rapid.Custom(func(t *rapid.T) time.Time {
				return time.Unix(rapid.Int64Range(-1<<40, 1<<40).Draw(t, "s"), rapid.Int64Range(0, 999999999).Draw(t, "ns")).
					In(time.FixedZone("z", rapid.IntRange(-50000, 50000).Draw(t, "offset")))
			}))
		r := Request{
			InstanceID: v.Draw(t, "id"), RegionID: v.Draw(t, "region"), InstanceType: v.Draw(t, "type"),
			OperatorType:       OperatorType(rapid.IntRange(0, 4).Draw(t, "op")),
			ClientToken:        v.Draw(t, "token"),
			AutoPay:            rapid.Bool().Draw(t, "autopay"),
			MigrateAcrossZone:  rapid.Bool().Draw(t, "maz"),
			SystemDiskCategory: v.Draw(t, "sdc"),
			RebootTime:         anyTime.Draw(t, "reboot"), EndTime: anyTime.Draw(t, "end"),
			RebootWhenFinished: rapid.Bool().Draw(t, "rwf"),
			ModifyMode:         ModifyMode(rapid.IntRange(0, 4).Draw(t, "mode")),
		}
		for i := range rapid.IntRange(0, 3).Draw(t, "disks") {
			r.Disks = append(r.Disks, DiskSpec{Index: i + rapid.IntRange(1, 20).Draw(t, "n"), DiskID: v.Draw(t, "disk"),
				Category: v.Draw(t, "cat"), PerformanceLevel: v.Draw(t, "pl")})
		}
		if got, want := r.Fingerprint(), referenceFingerprint(&r); got != want {
			t.Fatalf("Fingerprint =\n%q, want\n%q", got, want)
		}
	})
}

// TestAppendQueryEscapeMostlyKept holds appendQueryEscape to url.QueryEscape on strings made
// mostly of kept bytes, where the eight-at-a-time test does the work, and appendEscaped on
// the same bytes.
func TestAppendQueryEscapeMostlyKept(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := queryValue().Draw(t, "s")
		want := "x=" + url.QueryEscape(s)
		if got := string(appendQueryEscape([]byte("x="), s)); got != want {
			t.Fatalf("appendQueryEscape(%q) = %q, want %q", s, got, want)
		}
		if got := string(appendEscaped([]byte("x="), []byte(s))); got != want {
			t.Fatalf("appendEscaped([]byte(%q)) = %q, want %q", s, got, want)
		}
	})
}

// TestFingerprintDefaultsMatchGeneral holds the fingerprint's one-copy end for a request that
// leaves every parameter after OperatorType at its default to the general path
// (appendAfterOperatorType) and to the reference, over requests whose every such parameter is
// at its default most of the time and otherwise drawn wide, so that the fast path is taken
// often and each single departure from it is seen.
func TestFingerprintDefaultsMatchGeneral(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := queryValue()
		usually := func(label string) bool { return rapid.IntRange(0, 7).Draw(t, label) == 0 }
		r := Request{
			InstanceID: v.Draw(t, "id"), RegionID: v.Draw(t, "region"), InstanceType: v.Draw(t, "type"),
			OperatorType: OperatorType(rapid.IntRange(0, 4).Draw(t, "op")), AutoPay: true,
		}
		if usually("autopay") {
			r.AutoPay = false
		}
		if usually("maz") {
			r.MigrateAcrossZone = true
		}
		if usually("sdc") {
			r.SystemDiskCategory = v.Draw(t, "sdcValue")
		}
		if usually("reboot") {
			r.RebootTime = time.Unix(rapid.Int64Range(-1<<40, 1<<40).Draw(t, "rebootSeconds"), 0)
		}
		if usually("end") {
			r.EndTime = time.Unix(0, rapid.Int64().Draw(t, "endNanos"))
		}
		if usually("rwf") {
			r.RebootWhenFinished = true
		}
		if usually("mode") {
			r.ModifyMode = ModifyMode(rapid.IntRange(0, 4).Draw(t, "modeValue"))
		}
		if usually("disks") {
			r.Disks = []DiskSpec{{Index: rapid.IntRange(0, 20).Draw(t, "n"), DiskID: v.Draw(t, "disk")}}
		}
		got := string(r.AppendFingerprint(nil))
		if want := referenceFingerprint(&r); got != want {
			t.Fatalf("AppendFingerprint =\n%q, want\n%q", got, want)
		}
		if !r.defaultsAfterOperatorType() {
			return
		}
		if general := string(r.appendAfterOperatorType(nil)); general != defaultEnd {
			t.Fatalf("appendAfterOperatorType = %q, the one-copy end %q", general, defaultEnd)
		}
	})
}

// TestDefaultsAfterOperatorTypeEachDeparture: each parameter after OperatorType moved off its
// default alone takes the general path, and the usual request the one-copy end.
func TestDefaultsAfterOperatorTypeEachDeparture(t *testing.T) {
	usual := Request{AutoPay: true}
	if !usual.defaultsAfterOperatorType() {
		t.Fatal("the usual request does not take the one-copy end")
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for name, change := range map[string]func(*Request){
		"AutoPay":            func(r *Request) { r.AutoPay = false },
		"MigrateAcrossZone":  func(r *Request) { r.MigrateAcrossZone = true },
		"SystemDisk":         func(r *Request) { r.SystemDiskCategory = "cloud_essd" },
		"RebootTime":         func(r *Request) { r.RebootTime = at },
		"EndTime":            func(r *Request) { r.EndTime = at },
		"RebootWhenFinished": func(r *Request) { r.RebootWhenFinished = true },
		"ModifyMode":         func(r *Request) { r.ModifyMode = ModifyOffline },
		"Disks":              func(r *Request) { r.Disks = []DiskSpec{{Index: 1}} },
	} {
		r := usual
		change(&r)
		if r.defaultsAfterOperatorType() {
			t.Errorf("%s off its default still takes the one-copy end", name)
		}
		if got, want := r.Fingerprint(), referenceFingerprint(&r); got != want {
			t.Errorf("%s: Fingerprint = %q, want %q", name, got, want)
		}
	}
}
