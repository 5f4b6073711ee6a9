package model

import "slices"

// Clone returns a deep copy of in: no slice or pointer of the copy is shared with in, so
// either can be changed without the other seeing it. Nil slices stay nil and empty ones
// empty.
func (in Instance) Clone() Instance {
	if in.SystemDisk != nil {
		d := *in.SystemDisk
		in.SystemDisk = &d
	}
	in.DataDisks = slices.Clone(in.DataDisks)
	in.ENIs = slices.Clone(in.ENIs)
	in.OperationLocks = slices.Clone(in.OperationLocks)
	in.Tags = slices.Clone(in.Tags)
	in.Image.SupportedFamilies = slices.Clone(in.Image.SupportedFamilies)
	in.Image.UnsupportedFamilies = slices.Clone(in.Image.UnsupportedFamilies)
	if in.OrderInProgress != nil {
		o := *in.OrderInProgress
		in.OrderInProgress = &o
	}
	in.UnpaidOrders = slices.Clone(in.UnpaidOrders)
	if in.TemporaryUpgrade != nil {
		t := *in.TemporaryUpgrade
		in.TemporaryUpgrade = &t
	}
	in.Orders = slices.Clone(in.Orders)
	return in
}

// Clone returns a deep copy of a (its RAM user, authorizations and quota use included).
func (a Account) Clone() Account {
	if a.RAMUser != nil {
		u := *a.RAMUser
		u.Permissions = slices.Clone(u.Permissions)
		u.AllowedInstanceTypes = slices.Clone(u.AllowedInstanceTypes)
		a.RAMUser = &u
	}
	a.AuthorizedTypes = slices.Clone(a.AuthorizedTypes)
	a.TicketedFamilyChanges = slices.Clone(a.TicketedFamilyChanges)
	q := &a.Quotas
	q.Downgrades = slices.Clone(q.Downgrades)
	q.RefundedVCPU = slices.Clone(q.RefundedVCPU)
	q.Elastic = slices.Clone(q.Elastic)
	q.DiskCapacity = slices.Clone(q.DiskCapacity)
	if q.DowngradesPerMonth != nil {
		v := *q.DowngradesPerMonth
		q.DowngradesPerMonth = &v
	}
	if q.RefundedVCPUHoursPerMonth != nil {
		v := *q.RefundedVCPUHoursPerMonth
		q.RefundedVCPUHoursPerMonth = &v
	}
	return a
}
