package model

import (
	"strconv"
	"time"
)

// Fingerprint returns the canonical form of every parameter of r except ClientToken and the
// hidden common parameters (OwnerId, ResourceOwnerId, OwnerAccount, ResourceOwnerAccount). It
// identifies "the same request" for idempotency: a ClientToken seen before with another
// fingerprint is IdempotenceParamNotMatch.
//
// The form is a query string with every parameter, in the order of the API page's table, each
// value %-escaped (url.QueryEscape), defaults spelled out:
//
//	InstanceId=i-1&RegionId=cn-hangzhou&InstanceType=ecs.g6.large&OperatorType=&AutoPay=true&
//	MigrateAcrossZone=false&SystemDisk.Category=&RebootTime=&EndTime=&RebootWhenFinished=false&
//	ModifyMode=&Disks=0
//
// (on one line), followed by Disk.N.DiskId, Disk.N.Category and Disk.N.PerformanceLevel for
// each entry in order. Consequences:
//   - A default written out and a default omitted are the same request: AutoPay omitted and
//     AutoPay=true (or TRUE) have one fingerprint; so do MigrateAcrossZone omitted and false.
//   - OperatorType omitted and OperatorType=upgrade differ: under the current policy an
//     omitted direction is detected, so they are different requests.
//   - RebootTime 12:05Z and 12:05:00Z are the same instant and have one fingerprint (times
//     are written as yyyy-MM-ddTHH:mm:ssZ in UTC).
//   - Disk entries are identified by N: Disk.1 and Disk.2 carrying the same disk differ.
//
// The string is deterministic and stable across releases; scenarios store it in their
// idempotency records.
func (r *Request) Fingerprint() string {
	return string(r.AppendFingerprint(make([]byte, 0, 256)))
}

// AppendFingerprint appends r's fingerprint (see Fingerprint) to b and returns the extended
// slice; it allocates only when b lacks the room.
func (r *Request) AppendFingerprint(b []byte) []byte {
	b = appendQueryEscape(append(b, ParamInstanceID+"="...), r.InstanceID)
	b = appendQueryEscape(append(b, "&"+ParamRegionID+"="...), r.RegionID)
	b = appendQueryEscape(append(b, "&"+ParamInstanceType+"="...), r.InstanceType)
	// The enumerations are spelt in letters, which url.QueryEscape keeps: appended as they are.
	b = append(append(b, "&"+ParamOperatorType+"="...), r.OperatorType.String()...)
	if r.defaultsAfterOperatorType() {
		return append(b, defaultEnd...)
	}
	return r.appendAfterOperatorType(b)
}

// appendAfterOperatorType appends the fingerprint's parameters after OperatorType to b, each
// spelt out.
func (r *Request) appendAfterOperatorType(b []byte) []byte {
	// Each key with its '&' and '=' is one constant, and so is each key with a boolean.
	add := func(b []byte, key, v string) []byte { return appendQueryEscape(append(b, key...), v) }
	plain := func(b []byte, key, v string) []byte { return append(append(b, key...), v...) }
	boolean := func(b []byte, v bool, ifTrue, ifFalse string) []byte {
		if v {
			return append(b, ifTrue...)
		}
		return append(b, ifFalse...)
	}
	b = boolean(b, r.AutoPay, "&"+ParamAutoPay+"=true", "&"+ParamAutoPay+"=false")
	b = boolean(b, r.MigrateAcrossZone, "&"+ParamMigrateAcrossZone+"=true", "&"+ParamMigrateAcrossZone+"=false")
	if r.SystemDiskCategory == "" && r.RebootTime.IsZero() && r.EndTime.IsZero() {
		// A request that gives none of the three: their keys in one copy.
		b = append(b, "&"+ParamSystemDiskCategory+"=&"+ParamRebootTime+"=&"+ParamEndTime+"="...)
	} else {
		b = add(b, "&"+ParamSystemDiskCategory+"=", r.SystemDiskCategory)
		b = appendFingerprintTime(append(b, "&"+ParamRebootTime+"="...), r.RebootTime)
		b = appendFingerprintTime(append(b, "&"+ParamEndTime+"="...), r.EndTime)
	}
	b = boolean(b, r.RebootWhenFinished, "&"+ParamRebootWhenFinished+"=true", "&"+ParamRebootWhenFinished+"=false")
	b = plain(b, "&"+ParamModifyMode+"=", r.ModifyMode.String())
	b = strconv.AppendInt(append(b, "&Disks="...), int64(len(r.Disks)), 10)
	for _, d := range r.Disks {
		vals := [numDiskFields]string{diskID: d.DiskID, diskCategory: d.Category, diskPL: d.PerformanceLevel}
		for f, v := range vals {
			b = strconv.AppendInt(append(b, "&Disk."...), int64(d.Index), 10)
			b = appendQueryEscape(append(append(append(b, '.'), diskFields[f]...), '='), v)
		}
	}
	return b
}

// defaultEnd is the fingerprint's end for a request that leaves every parameter after
// OperatorType at its default (defaultsAfterOperatorType), as the general path spells it,
// written once when the package is initialized. Read-only.
var defaultEnd = string((&Request{AutoPay: true}).appendAfterOperatorType(nil))

// defaultsAfterOperatorType reports whether r leaves every parameter after OperatorType at its
// default, its fingerprint then ending in defaultEnd: the usual request.
func (r *Request) defaultsAfterOperatorType() bool {
	return r.AutoPay && !r.MigrateAcrossZone && r.SystemDiskCategory == "" && r.RebootTime.IsZero() &&
		r.EndTime.IsZero() && !r.RebootWhenFinished && r.ModifyMode == ModifyModeUnset && len(r.Disks) == 0
}

// appendQueryEscape appends url.QueryEscape(s) to b without building the escaped string. A
// value of eight bytes or more that it keeps whole (an ID, a region, a type) is told eight
// bytes at a time and copied at once; any other goes through appendEscaped.
func appendQueryEscape(b []byte, s string) []byte {
	if keptWhole(s) {
		return append(b, s...)
	}
	return appendEscaped(b, s)
}

// keptWhole reports whether s has eight bytes or more and url.QueryEscape keeps every one:
// eight at a time, the last eight overlapping the ones before when len(s) is not a multiple
// of eight.
func keptWhole(s string) bool {
	if len(s) < 8 {
		return false
	}
	for i := 0; i < len(s)-8; i += 8 {
		if !keptEight(s[i:]) {
			return false
		}
	}
	return keptEight(s[len(s)-8:])
}

// keptEight reports whether url.QueryEscape keeps each of the first eight bytes of s, without
// a branch per byte.
func keptEight(s string) bool {
	_ = s[7]
	return unescaped[s[0]]&unescaped[s[1]]&unescaped[s[2]]&unescaped[s[3]]&
		unescaped[s[4]]&unescaped[s[5]]&unescaped[s[6]]&unescaped[s[7]] != 0
}

// appendEscaped appends url.QueryEscape(s) to b byte by byte: letters, digits and "-_.~" as
// they are (a run of them in one copy), a space as '+', every other byte as %XX.
func appendEscaped[T string | []byte](b []byte, s T) []byte {
	const hex = "0123456789ABCDEF"
	for len(s) > 0 {
		i := 0
		for i < len(s) && unescaped[s[i]] != 0 {
			i++
		}
		b = append(b, s[:i]...)
		if i == len(s) {
			break
		}
		if c := s[i]; c == ' ' {
			b = append(b, '+')
		} else {
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
		s = s[i+1:]
	}
	return b
}

// unescaped is 1 for the bytes url.QueryEscape keeps as they are, 0 for the others. Read-only.
var unescaped = func() (t [256]uint8) {
	for c := range t {
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			t[c] = 1
		}
	}
	return t
}()

// appendFingerprintTime appends t in UTC as RFC 3339 with the fraction it has, %-escaped;
// nothing for the zero time.
func appendFingerprintTime(b []byte, t time.Time) []byte {
	if t.IsZero() {
		return b
	}
	var buf [40]byte
	return appendEscaped(b, t.UTC().AppendFormat(buf[:0], time.RFC3339Nano))
}
