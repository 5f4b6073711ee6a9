package model

import (
	"net/url"
	"strconv"
	"strings"
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
	var b strings.Builder
	b.Grow(256)
	first := true
	add := func(k, v string) {
		if !first {
			b.WriteByte('&')
		}
		first = false
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(v))
	}
	add(ParamInstanceID, r.InstanceID)
	add(ParamRegionID, r.RegionID)
	add(ParamInstanceType, r.InstanceType)
	add(ParamOperatorType, r.OperatorType.String())
	add(ParamAutoPay, strconv.FormatBool(r.AutoPay))
	add(ParamMigrateAcrossZone, strconv.FormatBool(r.MigrateAcrossZone))
	add(ParamSystemDiskCategory, r.SystemDiskCategory)
	add(ParamRebootTime, fingerprintTime(r.RebootTime))
	add(ParamEndTime, fingerprintTime(r.EndTime))
	add(ParamRebootWhenFinished, strconv.FormatBool(r.RebootWhenFinished))
	add(ParamModifyMode, r.ModifyMode.String())
	add("Disks", strconv.Itoa(len(r.Disks)))
	for _, d := range r.Disks {
		prefix := "Disk." + strconv.Itoa(d.Index) + "."
		add(prefix+diskFields[diskID], d.DiskID)
		add(prefix+diskFields[diskCategory], d.Category)
		add(prefix+diskFields[diskPL], d.PerformanceLevel)
	}
	return b.String()
}

func fingerprintTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
