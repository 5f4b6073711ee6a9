package model

import (
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
