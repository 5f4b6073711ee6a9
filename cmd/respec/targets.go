package main

import (
	"bytes"
	"fmt"
	"maps"
	"strconv"
	"text/tabwriter"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
)

const targetsAbout = `Reads one scenario (FILE, or standard input for "-" or no FILE) and lists every catalog type
the instance can change to now (DescribeResourcesModification's analogue): type, family,
vCPU, memory, operation, stock (WithStock, ClosedWithStock, WithoutStock,
ClosedWithoutStock; a type the instance's zone does not offer is not listed) and the monthly
list-price difference. The request's InstanceType is ignored (when it is missing, the
instance's current type stands in so that the other parameters can be checked); an
OperatorType keeps only that direction.

Exit status: 0 when listed (possibly none), 3 when a rule that does not depend on the target
refuses every type, 2 unusable input, 1 output error.`

// targetsJSON is the output of "targets --json".
type targetsJSON struct {
	InstanceID         string `json:"InstanceId"`
	RegionID           string `json:"RegionId"`
	ZoneID             string `json:"ZoneId"`
	FromInstanceType   string `json:"FromInstanceType"`
	Currency           string `json:"Currency"`
	PricesIllustrative bool   `json:"PricesIllustrative,omitempty"`
	// Targets is the []rules.Target, its MonthlyPriceDelta with the currency's places.
	Targets moneyJSON `json:"Targets"`
}

// runTargets implements "respec targets [--json] [FILE|-]".
func runTargets(c *call) int { return c.answer(targetsReply) }

// targetsReply is the list of the types the instance can change to now, or the refusal of
// every type.
func targetsReply(s *scenario, asJSON bool) reply {
	list, e := s.targets()
	if e != nil {
		return s.refusalReply(e, asJSON)
	}
	return reply{}.render(asJSON, func() any { return s.targetsOf(list) }, func() []byte { return s.describeTargets(list) })
}

// targets lists the types the instance can change to now, or returns the error that refuses
// every one.
func (s *scenario) targets() ([]rules.Target, *errcodes.Error) {
	s.standInType()
	if s.reqErr != nil {
		return nil, s.reqErr
	}
	list, err := rules.AvailableTargets(s.sc.Now, s.req, s.facts)
	if err != nil {
		return nil, asAPIError(err)
	}
	return list, nil
}

// standInType gives a request without InstanceType the instance's current type:
// AvailableTargets ignores InstanceType, and so ParseMap checks the other parameters.
func (s *scenario) standInType() {
	if s.sc.Request[model.ParamInstanceType] != "" || s.facts.Instance.InstanceType == "" {
		return
	}
	req := maps.Clone(s.sc.Request)
	req[model.ParamInstanceType] = s.facts.Instance.InstanceType
	r, err := model.ParseMap(req)
	s.req = &r // s.in keeps the scenario's own request
	s.reqErr = nil
	if err != nil {
		s.reqErr = asAPIError(err)
	}
}

// targetsOf returns the JSON form of list.
func (s *scenario) targetsOf(list []rules.Target) targetsJSON {
	if list == nil {
		list = []rules.Target{}
	}
	inst := &s.facts.Instance
	return targetsJSON{InstanceID: inst.InstanceID, RegionID: inst.RegionID, ZoneID: inst.ZoneID,
		FromInstanceType: s.fromType(), Currency: s.cat.Currency(), PricesIllustrative: anyIllustrative(list),
		Targets: moneyJSON{v: list, m: s.money()}}
}

// fromType is the type the instance is billed as: the pending type of an accepted change, else
// the current type.
func (s *scenario) fromType() string {
	if p := s.facts.Instance.PendingInstanceType; p != "" {
		return p
	}
	return s.facts.Instance.InstanceType
}

// describeTargets returns list for people: a line on the instance, then a table of the types.
func (s *scenario) describeTargets(list []rules.Target) []byte {
	var b bytes.Buffer
	m := s.money()
	inst := &s.facts.Instance
	from := s.fromType()
	fmt.Fprintf(&b, "%s (%s%s) in %s can change to %s now.\n", clean(inst.InstanceID), clean(from), s.specOf(from), clean(inst.ZoneID),
		plural(len(list), "type", "types"))
	if len(list) == 0 {
		return b.Bytes()
	}
	// The mark goes on the heading when every delta uses an illustrative price, on each such
	// delta when only some do (a price overlay covers the others), nowhere when none does.
	m.illustrative = allIllustrative(list)
	markEach := anyIllustrative(list) && !m.illustrative
	fmt.Fprintf(&b, "Monthly delta: the target's monthly list price minus %s's, in %s%s.\n\n", clean(from), m.currency, m.mark())
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tFAMILY\tVCPU\tMEMORY\tOPERATION\tSTOCK\tMONTHLY DELTA")
	for _, t := range list {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s GiB\t%s\t%s\t%s\n", clean(t.InstanceType), clean(t.Family), t.CPU,
			gib(t.MemoryGiB), t.Operation, t.Stock, monthlyDelta(m, t, markEach))
	}
	_ = tw.Flush()
	return trimTrailingSpace(b.Bytes())
}

// specOf returns ", 4 vCPU, 16 GiB" for a type of the catalog, "" for another.
func (s *scenario) specOf(typ string) string {
	t, ok := s.cat.Type(typ)
	if !ok {
		return ""
	}
	return fmt.Sprintf(", %d vCPU, %s GiB", t.CPU, gib(t.MemoryGiB))
}

// gib writes an amount of memory in GiB as briefly as it is exact.
func gib(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// monthlyDelta writes t's monthly price delta, signed, marked illustrative when markEach is
// set and it uses an illustrative price.
func monthlyDelta(m money, t rules.Target, markEach bool) string {
	delta := m.num(t.MonthlyPriceDelta)
	if t.MonthlyPriceDelta.IsPositive() {
		delta = "+" + delta
	}
	if markEach && t.PricesIllustrative {
		delta += " (illustrative)"
	}
	return delta
}

// anyIllustrative reports whether some target's delta uses an illustrative price.
func anyIllustrative(list []rules.Target) bool {
	for _, t := range list {
		if t.PricesIllustrative {
			return true
		}
	}
	return false
}

// allIllustrative reports whether every target's delta (at least one) uses an illustrative
// price.
func allIllustrative(list []rules.Target) bool {
	for _, t := range list {
		if !t.PricesIllustrative {
			return false
		}
	}
	return len(list) > 0
}
