package model

import (
	"reflect"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestCloneSharesNothing: a clone equals its original, and changing every slice and pointer
// of the clone leaves the original as it was.
func TestCloneSharesNothing(t *testing.T) {
	n := 2
	in := Instance{
		SystemDisk: &Disk{DiskID: "d-s"}, DataDisks: []Disk{{DiskID: "d-1"}}, ENIs: []ENI{{ENIID: "eni-1"}},
		OperationLocks: []string{"security"}, Image: Image{SupportedFamilies: []string{"ecs.g6"}, UnsupportedFamilies: []string{"ecs.g7"}},
		OrderInProgress: &OrderInProgress{OrderID: "o"}, UnpaidOrders: []UnpaidOrder{{OrderID: "u"}},
		TemporaryUpgrade: &TemporaryUpgrade{RevertTo: "ecs.g6.large"}, Orders: []Order{{OrderID: "1"}},
	}
	acct := Account{
		RAMUser:         &RAMUser{Permissions: []string{PermModify}, AllowedInstanceTypes: []string{"ecs.g6.large"}},
		AuthorizedTypes: []string{"ecs.g7.large"}, TicketedFamilyChanges: []FamilyPair{{From: "a", To: "b"}},
		Quotas: Quotas{Downgrades: []time.Time{{}}, RefundedVCPU: []QuotaUse{{Amount: 1}}, Elastic: []ElasticQuota{{}},
			DiskCapacity: []DiskCapacityQuota{{}}, DowngradesPerMonth: &n, RefundedVCPUHoursPerMonth: new(int64)},
	}
	wantIn, wantAcct := in.Clone(), acct.Clone()
	if d := cmp.Diff(in, wantIn); d != "" {
		t.Fatalf("instance clone differs: %s", d)
	}
	if d := cmp.Diff(acct, wantAcct); d != "" {
		t.Fatalf("account clone differs: %s", d)
	}
	c, a := in.Clone(), acct.Clone()
	c.SystemDisk.DiskID, c.DataDisks[0].DiskID, c.ENIs[0].ENIID, c.OperationLocks[0] = "x", "x", "x", "x"
	c.Image.SupportedFamilies[0], c.Image.UnsupportedFamilies[0], c.OrderInProgress.OrderID = "x", "x", "x"
	c.UnpaidOrders[0].OrderID, c.TemporaryUpgrade.RevertTo, c.Orders[0].OrderID = "x", "x", "x"
	a.RAMUser.Permissions[0], a.RAMUser.AllowedInstanceTypes[0], a.AuthorizedTypes[0] = "x", "x", "x"
	a.TicketedFamilyChanges[0].From, a.Quotas.Downgrades[0], a.Quotas.RefundedVCPU[0].Amount = "x", time.Unix(1, 0), 9
	a.Quotas.Elastic[0].UsedVCPU, a.Quotas.DiskCapacity[0].UsedGiB, *a.Quotas.DowngradesPerMonth, *a.Quotas.RefundedVCPUHoursPerMonth = 9, 9, 9, 9
	if d := cmp.Diff(wantIn, in); d != "" {
		t.Errorf("changing the clone changed the instance: %s", d)
	}
	if d := cmp.Diff(wantAcct, acct); d != "" {
		t.Errorf("changing the clone changed the account: %s", d)
	}
}

// TestCloneCoversEveryField fills every slice, pointer and map reachable from an Instance and
// an Account (one element each, recursively) and checks that no backing array, pointee or
// map of the clone is the original's: a field added to the facts without a line in Clone
// fails here.
func TestCloneCoversEveryField(t *testing.T) {
	var in Instance
	var acct Account
	fill(reflect.ValueOf(&in).Elem(), 0)
	fill(reflect.ValueOf(&acct).Elem(), 0)
	c, a := in.Clone(), acct.Clone()
	noSharing(t, "Instance", reflect.ValueOf(in), reflect.ValueOf(c))
	noSharing(t, "Account", reflect.ValueOf(acct), reflect.ValueOf(a))
}

// fill gives every slice one element, every pointer a value and every map one entry, to a
// small depth.
func fill(v reflect.Value, depth int) {
	if depth > 4 {
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() || v.Type().PkgPath() != reflect.TypeFor[Instance]().PkgPath() {
			return // leaf values (times, decimals)
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), depth+1)
			}
		}
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), depth+1)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		fill(v.Index(0), depth+1)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		fill(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	}
}

// noSharing fails t where the clone b shares a slice's array, a pointee or a map with a.
func noSharing(t *testing.T, path string, a, b reflect.Value) {
	t.Helper()
	switch a.Kind() {
	case reflect.Struct:
		if a.Type().PkgPath() != reflect.TypeFor[Instance]().PkgPath() {
			return
		}
		for i := range a.NumField() {
			if a.Type().Field(i).IsExported() {
				noSharing(t, path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i))
			}
		}
	case reflect.Pointer, reflect.Map:
		if !a.IsNil() && a.UnsafePointer() == b.UnsafePointer() {
			t.Errorf("%s is shared by the clone", path)
			return
		}
		if a.Kind() == reflect.Pointer && !a.IsNil() {
			noSharing(t, path, a.Elem(), b.Elem())
		}
	case reflect.Slice:
		if a.Len() > 0 && a.UnsafePointer() == b.UnsafePointer() {
			t.Errorf("%s is shared by the clone", path)
			return
		}
		for i := range min(a.Len(), b.Len()) {
			noSharing(t, path+"[]", a.Index(i), b.Index(i))
		}
	}
}
