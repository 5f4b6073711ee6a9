package sdkcheck_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/google/go-cmp/cmp"

	"github.com/respec-dev/respec/model"
)

// leaf is one parameter of the SDK request: a pointer field of ModifyPrepayInstanceSpecRequest,
// or of its SystemDisk struct, or of the first element of its Disk list.
type leaf struct {
	path     string // Go field path, e.g. "Disk[0].DiskId"
	top, sub int    // field indexes; sub is -1 for a top-level field
}

// sdkLeaves walks the SDK request type by reflection and returns every parameter field.
func sdkLeaves(t *testing.T) []leaf {
	t.Helper()
	var out []leaf
	rt := reflect.TypeFor[ecs.ModifyPrepayInstanceSpecRequest]()
	for i := range rt.NumField() {
		f := rt.Field(i)
		if !f.IsExported() {
			continue
		}
		var elem reflect.Type
		var prefix string
		switch {
		case f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct:
			elem, prefix = f.Type.Elem(), f.Name+"."
		case f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() == reflect.Pointer && f.Type.Elem().Elem().Kind() == reflect.Struct:
			elem, prefix = f.Type.Elem().Elem(), f.Name+"[0]."
		case f.Type.Kind() == reflect.Pointer:
			out = append(out, leaf{path: f.Name, top: i, sub: -1})
			continue
		default:
			t.Errorf("SDK field %s has type %s, which this check does not handle", f.Name, f.Type)
			continue
		}
		for j := range elem.NumField() {
			sf := elem.Field(j)
			if !sf.IsExported() {
				continue
			}
			if sf.Type.Kind() != reflect.Pointer || sf.Type.Elem().Kind() == reflect.Struct {
				t.Errorf("SDK field %s%s has type %s, which this check does not handle", prefix, sf.Name, sf.Type)
				continue
			}
			out = append(out, leaf{path: prefix + sf.Name, top: i, sub: j})
		}
	}
	return out
}

// typ returns the Go type of l's field.
func (l leaf) typ() reflect.Type {
	f := reflect.TypeFor[ecs.ModifyPrepayInstanceSpecRequest]().Field(l.top).Type
	if l.sub < 0 {
		return f
	}
	if f.Kind() == reflect.Slice {
		f = f.Elem()
	}
	return f.Elem().Field(l.sub).Type
}

// set stores val in l's field of req, allocating the SystemDisk struct or the first Disk
// element when needed. It reports false when val does not fit the field's type.
func (l leaf) set(req *ecs.ModifyPrepayInstanceSpecRequest, val any) bool {
	target := reflect.ValueOf(req).Elem().Field(l.top)
	if l.sub >= 0 {
		switch target.Kind() {
		case reflect.Pointer:
			if target.IsNil() {
				target.Set(reflect.New(target.Type().Elem()))
			}
			target = target.Elem().Field(l.sub)
		case reflect.Slice:
			if target.Len() == 0 {
				target.Set(reflect.Append(target, reflect.New(target.Type().Elem().Elem())))
			}
			target = target.Index(0).Elem().Field(l.sub)
		}
	}
	v := reflect.ValueOf(val)
	if !v.Type().ConvertibleTo(target.Type().Elem()) || v.Kind() != target.Type().Elem().Kind() {
		return false
	}
	p := reflect.New(target.Type().Elem())
	p.Elem().Set(v.Convert(target.Type().Elem()))
	target.Set(p)
	return true
}

// samples holds, for every wire key respec reads, two valid values that must give different
// Requests. Disk keys are for element N=1.
var samples = map[string][2]any{
	model.ParamInstanceID:           {"i-a", "i-b"},
	model.ParamRegionID:             {"cn-hangzhou", "cn-beijing"},
	model.ParamInstanceType:         {"ecs.g6.large", "ecs.g6.xlarge"},
	model.ParamOperatorType:         {"upgrade", "downgrade"},
	model.ParamClientToken:          {"token-a", "token-b"},
	model.ParamAutoPay:              {true, false},
	model.ParamMigrateAcrossZone:    {true, false},
	model.ParamSystemDiskCategory:   {"cloud_efficiency", "cloud_ssd"},
	model.ParamRebootTime:           {"2030-01-02T03:04Z", "2030-01-02T03:05Z"},
	model.ParamEndTime:              {"2030-02-02T03:04Z", "2030-02-02T03:04:05Z"},
	model.ParamRebootWhenFinished:   {true, false},
	model.ParamModifyMode:           {"Online", "Offline"},
	"Disk.1.DiskId":                 {"d-a", "d-b"},
	"Disk.1.Category":               {"cloud_essd", "cloud_auto"},
	"Disk.1.PerformanceLevel":       {"PL1", "PL2"},
	model.ParamOwnerID:              {int64(1), int64(2)},
	model.ParamResourceOwnerID:      {int64(1), int64(2)},
	model.ParamOwnerAccount:         {"owner-a", "owner-b"},
	model.ParamResourceOwnerAccount: {"owner-a", "owner-b"},
}

// respecKeys returns the wire keys respec writes for a Request with every parameter given
// (Request.Values, the inverse of ParseValues), with one Disk entry, N=1.
func respecKeys(t *testing.T) []string {
	t.Helper()
	at := time.Date(2030, 1, 2, 3, 4, 0, 0, time.UTC)
	r := model.Request{
		InstanceID: "i", RegionID: "r", InstanceType: "t", OperatorType: model.Upgrade, ClientToken: "c",
		AutoPay: false, AutoPaySet: true, MigrateAcrossZone: true, RebootWhenFinished: true,
		SystemDiskCategory: "cloud_ssd", RebootTime: at, EndTime: at, ModifyMode: model.ModifyOnline,
		Disks:   []model.DiskSpec{{Index: 1, DiskID: "d", Category: "cloud_essd", PerformanceLevel: "PL1"}},
		OwnerID: 1, ResourceOwnerID: 1, OwnerAccount: "o", ResourceOwnerAccount: "o",
	}
	var keys []string
	for k := range r.Values() {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// TestEverySDKFieldIsARespecParameter walks every exported field of the SDK's
// ModifyPrepayInstanceSpecRequest (and of its SystemDisk and Disk element structs), finds the
// wire key the real SDK client sends for it, and checks that respec knows that key and that the
// field's value reaches the parsed Request. It also checks the converse: every key respec reads
// is sent by some SDK field. The hidden common parameters (OwnerId, ResourceOwnerId,
// OwnerAccount, ResourceOwnerAccount) are kept in the Request and ignored by every rule, so
// they too must arrive.
func TestEverySDKFieldIsARespecParameter(t *testing.T) {
	known := respecKeys(t)
	var sampled []string
	for k := range samples {
		sampled = append(sampled, k)
	}
	slices.Sort(sampled)
	if diff := cmp.Diff(known, sampled); diff != "" {
		t.Fatalf("samples do not cover exactly the keys respec writes (-respec +samples):\n%s", diff)
	}

	baseline := func() *ecs.ModifyPrepayInstanceSpecRequest {
		return required().SetDisk([]*ecs.ModifyPrepayInstanceSpecRequestDisk{disk("d-base", "cloud_essd", "")})
	}
	leaves := sdkLeaves(t)
	sent := map[string]string{} // wire key → SDK field path
	var table strings.Builder
	for _, l := range leaves {
		// The wire key: what the real client sends for this field alone.
		probe := new(ecs.ModifyPrepayInstanceSpecRequest)
		ok := l.set(probe, "x") || l.set(probe, true) || l.set(probe, int64(1))
		if !ok {
			t.Errorf("SDK field %s: cannot set a string, bool or int64", l.path)
			continue
		}
		wire, err := clientQuery(probe)
		if err != nil {
			t.Fatalf("SDK client with %s: %v", l.path, err)
		}
		if len(wire) != 1 {
			t.Errorf("SDK field %s alone is sent as %d keys: %v", l.path, len(wire), wire)
			continue
		}
		var key string
		for k := range wire {
			key = k
		}
		sent[key] = l.path
		fmt.Fprintf(&table, "\n  %-25s %-8s %s", l.path, l.typ(), key)

		pair, known := samples[key]
		if !known {
			t.Errorf("SDK field %s is sent as %q, which is not a parameter respec knows", l.path, key)
			continue
		}
		var got [2]model.Request
		for i, val := range pair {
			req := baseline()
			if !l.set(req, val) {
				t.Fatalf("SDK field %s: sample %v (%T) does not fit", l.path, val, val)
			}
			v := sdkWire(t, req)
			r, perr := parseWire(t, v)
			if perr != nil {
				t.Fatalf("SDK field %s = %v: ParseValues(%q) = %v", l.path, val, v.Encode(), perr)
			}
			got[i] = r
		}
		if cmp.Equal(got[0], got[1]) {
			t.Errorf("SDK field %s (%s): %v and %v parse to the same Request; the value does not reach respec", l.path, key, pair[0], pair[1])
		}
	}
	t.Logf("SDK field → wire key (%d fields):%s", len(leaves), table.String())
	for _, k := range known {
		if _, ok := sent[k]; !ok {
			t.Errorf("respec reads %q, but no SDK field sends it", k)
		}
	}
}
