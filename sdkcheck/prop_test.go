package sdkcheck_test

import (
	"testing"
	"time"
	"unicode"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/respec-dev/respec/model"
)

// Generators of valid parameter values, as a caller of the SDK would set them.
var (
	genID      = rapid.StringMatching(`[a-zA-Z0-9._*-]{1,40}`)
	genToken   = rapid.StringMatching(`[ -~]{0,64}`)
	genAccount = rapid.StringOfN(rapid.RuneFrom([]rune{' ', '&', '=', '+', '%', '中', 'é', '😀'}, unicode.L, unicode.N, unicode.P, unicode.S), 0, 40, -1)
	genOp      = rapid.SampledFrom([]string{"upgrade", "downgrade", "Upgrade", "DOWNGRADE", ""})
	genMode    = rapid.SampledFrom([]string{"Online", "Offline", "online", "OFFLINE", ""})
	genSysCat  = rapid.SampledFrom([]string{"cloud_efficiency", "cloud_ssd", ""})
	genDiskCat = rapid.SampledFrom([]string{"cloud_efficiency", "cloud_ssd", "cloud_essd", "cloud_auto", "cloud_essd_entry"})
	genPL      = rapid.SampledFrom([]string{"PL0", "PL1", "PL2", "PL3", ""})
)

// genTime draws a wire time from 1970 to 9999 in the minute form or with seconds, or "".
func genTime(t *rapid.T, label string) string {
	if rapid.IntRange(0, 4).Draw(t, label+"-empty") == 0 {
		return ""
	}
	lo := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	hi := time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC).Unix()
	at := time.Unix(rapid.Int64Range(lo, hi).Draw(t, label), 0).UTC()
	if rapid.Bool().Draw(t, label+"-seconds") {
		return at.Format(model.WireTimeLayoutSeconds)
	}
	return at.Format(model.WireTimeLayout)
}

// genRequest draws an SDK request with valid values, built with the SDK's setters; each
// optional field is left nil or set.
func genRequest(t *rapid.T) *ecs.ModifyPrepayInstanceSpecRequest {
	req := new(ecs.ModifyPrepayInstanceSpecRequest).
		SetInstanceId(genID.Draw(t, "InstanceId")).
		SetRegionId(genID.Draw(t, "RegionId")).
		SetInstanceType(genID.Draw(t, "InstanceType"))
	maybe := func(name string) bool { return rapid.Bool().Draw(t, "set-"+name) }
	if maybe("OperatorType") {
		req.SetOperatorType(genOp.Draw(t, "OperatorType"))
	}
	if maybe("ClientToken") {
		req.SetClientToken(genToken.Draw(t, "ClientToken"))
	}
	if maybe("AutoPay") {
		req.SetAutoPay(rapid.Bool().Draw(t, "AutoPay"))
	}
	if maybe("MigrateAcrossZone") {
		req.SetMigrateAcrossZone(rapid.Bool().Draw(t, "MigrateAcrossZone"))
	}
	if maybe("SystemDisk") {
		sd := new(ecs.ModifyPrepayInstanceSpecRequestSystemDisk)
		if maybe("SystemDisk.Category") {
			sd.SetCategory(genSysCat.Draw(t, "SystemDisk.Category"))
		}
		req.SetSystemDisk(sd)
	}
	if maybe("RebootTime") {
		req.SetRebootTime(genTime(t, "RebootTime"))
	}
	if maybe("EndTime") {
		req.SetEndTime(genTime(t, "EndTime"))
	}
	if maybe("RebootWhenFinished") {
		req.SetRebootWhenFinished(rapid.Bool().Draw(t, "RebootWhenFinished"))
	}
	if maybe("ModifyMode") {
		req.SetModifyMode(genMode.Draw(t, "ModifyMode"))
	}
	if maybe("Disk") {
		disks := make([]*ecs.ModifyPrepayInstanceSpecRequestDisk, rapid.IntRange(0, model.MaxDisks).Draw(t, "disks"))
		for i := range disks {
			d := new(ecs.ModifyPrepayInstanceSpecRequestDisk)
			if rapid.IntRange(0, 5).Draw(t, "disk-empty") > 0 { // an empty element leaves a gap in N
				d.SetDiskId(genID.Draw(t, "DiskId")).SetCategory(genDiskCat.Draw(t, "Category"))
				if maybe("PerformanceLevel") {
					d.SetPerformanceLevel(genPL.Draw(t, "PerformanceLevel"))
				}
			}
			disks[i] = d
		}
		req.SetDisk(disks)
	}
	if maybe("OwnerId") {
		req.SetOwnerId(rapid.Int64().Draw(t, "OwnerId"))
	}
	if maybe("ResourceOwnerId") {
		req.SetResourceOwnerId(rapid.Int64().Draw(t, "ResourceOwnerId"))
	}
	if maybe("OwnerAccount") {
		req.SetOwnerAccount(genAccount.Draw(t, "OwnerAccount"))
	}
	if maybe("ResourceOwnerAccount") {
		req.SetResourceOwnerAccount(genAccount.Draw(t, "ResourceOwnerAccount"))
	}
	return req
}

// TestSDKRoundTrip: for any valid SDK request, the wire form the SDK client sends parses to the
// Request its fields stand for, and respec's own encoding of that Request parses back to it
// (SDK → wire → Request → Values → ParseValues).
func TestSDKRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		req := genRequest(t)
		v := sdkWire(t, req)
		got, err := parseWire(t, v)
		if err != nil {
			t.Fatalf("ParseValues(%q) = %v", v.Encode(), err)
		}
		if diff := cmp.Diff(want(req), got); diff != "" {
			t.Fatalf("parsed Request differs from the SDK request's fields (-sdk +respec):\n%s", diff)
		}
		back := got.Values()
		again, aerr := model.ParseValues(back)
		if aerr != nil {
			t.Fatalf("ParseValues(Values()) = %v for %q", aerr, back.Encode())
		}
		if diff := cmp.Diff(got, again); diff != "" {
			t.Fatalf("ParseValues(Values()) differs (-first +again):\n%s", diff)
		}
	})
}
