package main

import (
	"bytes"
	"fmt"
	"maps"
	"strconv"
	"text/tabwriter"

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
func runTargets(c *call) int {
	s := c.load()
	if s == nil {
		return exitUsage
	}
	asJSON, stdout, stderr := c.opts.json, c.stdout, c.stderr
	if s.sc.Request[model.ParamInstanceType] == "" && s.facts.Instance.InstanceType != "" {
		// AvailableTargets ignores InstanceType; let ParseMap check the rest.
		req := maps.Clone(s.sc.Request)
		req[model.ParamInstanceType] = s.facts.Instance.InstanceType
		var err error
		if s.req, err = model.ParseMap(req); err != nil {
			s.reqErr = asAPIError(err)
		} else {
			s.reqErr = nil
		}
	}
	var list []rules.Target
	e := s.reqErr
	if e == nil {
		var err error
		if list, err = rules.AvailableTargets(s.sc.Now, &s.req, &s.facts); err != nil {
			e = asAPIError(err)
		}
	}
	var out []byte
	var err error
	switch {
	case e != nil && asJSON:
		out, err = marshal(s.refusalJSON(e), true)
	case e != nil:
		var b bytes.Buffer
		s.describeRefusal(&b, e)
		out = trimTrailingSpace(b.Bytes())
	case asJSON:
		if list == nil {
			list = []rules.Target{}
		}
		inst := &s.facts.Instance
		out, err = marshal(targetsJSON{InstanceID: inst.InstanceID, RegionID: inst.RegionID, ZoneID: inst.ZoneID,
			FromInstanceType: s.fromType(), Currency: s.cat.Currency(), PricesIllustrative: anyIllustrative(list),
			Targets: moneyJSON{v: list, m: s.money()}}, true)
	default:
		out = s.describeTargets(list)
	}
	if err != nil {
		fmt.Fprintln(stderr, "respec targets:", err)
		return exitFail
	}
	if !write("targets", stdout, stderr, out) {
		return exitFail
	}
	if e != nil {
		return exitRefused
	}
	return exitOK
}

// fromType is the type the instance is billed as: the pending type of an accepted change, else
// the current type.
func (s *scenario) fromType() string {
	if p := s.facts.Instance.PendingInstanceType; p != "" {
		return p
	}
	return s.facts.Instance.InstanceType
}

func (s *scenario) describeTargets(list []rules.Target) []byte {
	var b bytes.Buffer
	m := s.money()
	inst := &s.facts.Instance
	from := s.fromType()
	spec := ""
	if t, ok := s.cat.Type(from); ok {
		spec = fmt.Sprintf(", %d vCPU, %s GiB", t.CPU, strconv.FormatFloat(t.MemoryGiB, 'f', -1, 64))
	}
	fmt.Fprintf(&b, "%s (%s%s) in %s can change to %s now.\n", clean(inst.InstanceID), clean(from), spec, clean(inst.ZoneID),
		plural(len(list), "type", "types"))
	if len(list) == 0 {
		return b.Bytes()
	}
	// The mark goes on the heading when every delta uses an illustrative price, on each such
	// delta when only some do (a price overlay covers the others), nowhere when none does.
	some, all := anyIllustrative(list), allIllustrative(list)
	m.illustrative = all
	fmt.Fprintf(&b, "Monthly delta: the target's monthly list price minus %s's, in %s%s.\n\n", clean(from), m.currency, m.mark())
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tFAMILY\tVCPU\tMEMORY\tOPERATION\tSTOCK\tMONTHLY DELTA")
	for _, t := range list {
		delta := m.num(t.MonthlyPriceDelta)
		if t.MonthlyPriceDelta.IsPositive() {
			delta = "+" + delta
		}
		if some && !all && t.PricesIllustrative {
			delta += " (illustrative)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s GiB\t%s\t%s\t%s\n", clean(t.InstanceType), clean(t.Family), t.CPU,
			strconv.FormatFloat(t.MemoryGiB, 'f', -1, 64), t.Operation, t.Stock, delta)
	}
	_ = tw.Flush()
	return trimTrailingSpace(b.Bytes())
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
