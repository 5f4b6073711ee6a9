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
	// Each key with its '&' and '=' is one constant. The enumerations and booleans are spelt
	// in letters, which url.QueryEscape keeps: they are appended as they are.
	add := func(b []byte, key, v string) []byte { return appendQueryEscape(append(b, key...), v) }
	plain := func(b []byte, key, v string) []byte { return append(append(b, key...), v...) }
	b = add(b, ParamInstanceID+"=", r.InstanceID)
	b = add(b, "&"+ParamRegionID+"=", r.RegionID)
	b = add(b, "&"+ParamInstanceType+"=", r.InstanceType)
	b = plain(b, "&"+ParamOperatorType+"=", r.OperatorType.String())
	b = plain(b, "&"+ParamAutoPay+"=", strconv.FormatBool(r.AutoPay))
	b = plain(b, "&"+ParamMigrateAcrossZone+"=", strconv.FormatBool(r.MigrateAcrossZone))
	b = add(b, "&"+ParamSystemDiskCategory+"=", r.SystemDiskCategory)
	b = appendFingerprintTime(append(b, "&"+ParamRebootTime+"="...), r.RebootTime)
	b = appendFingerprintTime(append(b, "&"+ParamEndTime+"="...), r.EndTime)
	b = plain(b, "&"+ParamRebootWhenFinished+"=", strconv.FormatBool(r.RebootWhenFinished))
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

// appendQueryEscape appends url.QueryEscape(s) to b without building the escaped string:
// letters, digits and "-_.~" as they are (a run of them in one copy), a space as '+', every
// other byte as %XX.
func appendQueryEscape[T string | []byte](b []byte, s T) []byte {
	const hex = "0123456789ABCDEF"
	for len(s) > 0 {
		i := 0
		for i < len(s) && unescaped[s[i]] {
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

// unescaped marks the bytes url.QueryEscape keeps as they are. Read-only.
var unescaped = func() (t [256]bool) {
	for c := range t {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~'
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
	return appendQueryEscape(b, t.UTC().AppendFormat(buf[:0], time.RFC3339Nano))
}
