package difftest

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"time"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
)

// Regression is a disagreement written down to be replayed: the world exactly as both
// engines saw it (the request after any wire fault, parsed), with the disagreement found.
type Regression struct {
	// Name says where it came from; Kind and Diffs are what disagreed when it was found.
	Name  string
	Kind  string
	Diffs []string
	// Seed, Index and Faults identify the generated case it was shrunk from.
	Seed, Index uint64
	Faults      []string
	// Resets are the parts reset to the baseline while shrinking.
	Resets []string

	Now                time.Time
	Request            model.Request
	Instance           model.Instance
	Account            model.Account
	Policy             model.Policy
	Idempotency        model.Ledger   `json:",omitempty"`
	Throttle           model.Throttle `json:",omitzero"`
	ServiceUnavailable bool           `json:",omitempty"`
	Catalog            model.CatalogData
}

// Case returns the regression as a case to Run.
func (r *Regression) Case() (Case, error) {
	w := fuzz.World{Now: r.Now, Request: r.Request, Catalog: r.Catalog, Facts: model.Facts{
		Instance: r.Instance, Account: r.Account, Policy: r.Policy, Idempotency: r.Idempotency,
		Throttle: r.Throttle, ServiceUnavailable: r.ServiceUnavailable}}
	cat, err := model.NewCatalog(w.Catalog)
	if err != nil {
		return Case{}, err
	}
	c := Case{Seed: r.Seed, Index: r.Index, Base: w, World: w, Facts: w.Facts, baseCat: cat}
	c.Facts.Catalog = cat
	return c, nil
}

// ReadRegression reads a regression file.
func ReadRegression(path string) (Regression, error) {
	var r Regression
	b, err := os.ReadFile(path)
	if err != nil {
		return r, err
	}
	return r, json.Unmarshal(b, &r)
}

// WriteFile writes the regression as indented JSON.
func (r *Regression) WriteFile(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}

// reset is one part of a world that the shrinker sets back to the baseline's value.
type reset struct {
	name string
	do   func(w, base *fuzz.World)
}

// resets are tried in order; each is kept when the disagreement (of the same kind) persists.
var resets = []reset{
	{"Request.ClientToken", func(w, b *fuzz.World) { w.Request.ClientToken = b.Request.ClientToken }},
	{"Request.RebootTime", func(w, b *fuzz.World) { w.Request.RebootTime = b.Request.RebootTime }},
	{"Request.EndTime", func(w, b *fuzz.World) { w.Request.EndTime = b.Request.EndTime }},
	{"Request.ModifyMode", func(w, b *fuzz.World) { w.Request.ModifyMode = b.Request.ModifyMode }},
	{"Request.MigrateAcrossZone", func(w, b *fuzz.World) { w.Request.MigrateAcrossZone = b.Request.MigrateAcrossZone }},
	{"Request.RebootWhenFinished", func(w, b *fuzz.World) { w.Request.RebootWhenFinished = b.Request.RebootWhenFinished }},
	{"Request.AutoPay", func(w, b *fuzz.World) {
		w.Request.AutoPay, w.Request.AutoPaySet = b.Request.AutoPay, b.Request.AutoPaySet
	}},
	{"Request.OperatorType", func(w, b *fuzz.World) { w.Request.OperatorType = b.Request.OperatorType }},
	{"Request.Disks", func(w, b *fuzz.World) { w.Request.Disks = b.Request.Disks }},
	{"Account.RAMUser", func(w, b *fuzz.World) { w.Facts.Account.RAMUser = b.Facts.Account.RAMUser }},
	{"Account.Quotas", func(w, b *fuzz.World) { w.Facts.Account.Quotas = b.Facts.Account.Quotas }},
	{"Account.TicketedFamilyChanges", func(w, b *fuzz.World) {
		w.Facts.Account.TicketedFamilyChanges = b.Facts.Account.TicketedFamilyChanges
	}},
	{"Account.Balance", func(w, b *fuzz.World) { w.Facts.Account.Balance = b.Facts.Account.Balance }},
	{"Instance.DataDisks", func(w, b *fuzz.World) { w.Facts.Instance.DataDisks = b.Facts.Instance.DataDisks }},
	{"Instance.ENIs", func(w, b *fuzz.World) { w.Facts.Instance.ENIs = b.Facts.Instance.ENIs }},
	{"Instance.EIPAddress", func(w, b *fuzz.World) { w.Facts.Instance.EIPAddress = b.Facts.Instance.EIPAddress }},
	{"Instance.OSType", func(w, b *fuzz.World) { w.Facts.Instance.OSType = b.Facts.Instance.OSType }},
	{"Instance.Refunds", func(w, b *fuzz.World) { w.Facts.Instance.Refunds = b.Facts.Instance.Refunds }},
	{"Instance.Orders[1:]", func(w, b *fuzz.World) {
		if len(w.Facts.Instance.Orders) > 1 {
			w.Facts.Instance.Orders = w.Facts.Instance.Orders[:1]
			w.Facts.Instance.Orders[0].CancelledAt = time.Time{}
		}
	}},
	{"Policy", func(w, b *fuzz.World) { w.Facts.Policy = b.Facts.Policy }},
	{"Now.Seconds", func(w, b *fuzz.World) { w.Now = w.Now.Truncate(time.Minute) }},
	{"Catalog.Discounts", func(w, b *fuzz.World) { w.Catalog.Discounts = fuzz.BaseCatalog().Discounts }},
	{"Catalog.TicketFamilyChanges", func(w, b *fuzz.World) { w.Catalog.TicketFamilyChanges = nil }},
}

// Shrink minimizes a disagreeing case: it drops the faults one at a time, then resets the
// parts of the world to the baseline's, keeping each step after which a disagreement of the
// same kind remains. It returns the regression of the smallest case found.
func (g *Generator) Shrink(c Case, name string) Regression {
	kind := Run(&c).Kind
	same := func(x *Case) bool { return Run(x).Kind == kind }
	for i := 0; i < len(c.Faults); {
		try := c
		try.Faults = slices.Delete(slices.Clone(c.Faults), i, i+1)
		try = g.apply(try)
		if len(try.Faults) == len(c.Faults)-1 && same(&try) {
			c = try
			continue
		}
		i++
	}
	// Fix the request as the engines saw it, so that the resets act on the facts only.
	if c.Wire != nil {
		v := c.World.Request.Values()
		c.Wire(v)
		req, _ := model.ParseValues(v)
		c.World.Request, c.Wire = req, nil
	}
	base := fuzz.Baseline()
	var kept []string
	for _, r := range resets {
		w := c.World.Clone()
		r.do(&w, &base)
		cat, err := model.NewCatalog(w.Catalog)
		if err != nil {
			continue
		}
		try := c
		try.World, try.Facts = w, w.Facts
		try.Facts.Catalog = cat
		if same(&try) {
			c, kept = try, append(kept, r.name)
		}
	}
	res := Run(&c)
	reg := Regression{Name: name, Kind: res.Kind, Diffs: res.Diffs, Seed: c.Seed, Index: c.Index, Resets: kept,
		Now: c.World.Now, Request: c.World.Request, Instance: c.World.Facts.Instance, Account: c.World.Facts.Account,
		Policy: c.World.Facts.Policy, Idempotency: c.World.Facts.Idempotency, Throttle: c.World.Facts.Throttle,
		ServiceUnavailable: c.World.Facts.ServiceUnavailable, Catalog: c.World.Catalog}
	for _, fi := range c.Faults {
		reg.Faults = append(reg.Faults, fmt.Sprintf("%s (%s)", g.faults[fi].Name, g.faults[fi].ID.Code()))
	}
	return reg
}
