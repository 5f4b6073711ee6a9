package rules

import (
	"time"

	"github.com/respec-dev/respec/model"
)

// quietNames names each quiet fact, for the tests.
var quietNames = map[quiet]string{
	instanceFound: "instanceFound", mainAccount: "mainAccount", noLocks: "noLocks", noOrderInProgress: "noOrderInProgress",
	noUnpaidOrders: "noUnpaidOrders", noTemporaryUpgrade: "noTemporaryUpgrade", noRebootTime: "noRebootTime",
	noEndTime: "noEndTime", noEIP: "noEIP", notOnline: "notOnline", noTicketChanges: "noTicketChanges",
	imageAnyFamily: "imageAnyFamily", noElasticQuotas: "noElasticQuotas", noSystemDiskCategory: "noSystemDiskCategory",
	noRequestDisks: "noRequestDisks", noIPv6: "noIPv6", plainInstance: "plainInstance", plainImage: "plainImage",
	goodStanding: "goodStanding",
}

// QuietFacts names the quiet facts that hold for req and f once resolved, in the order of
// their bits, and says whether every quiet fact has a name.
func QuietFacts(now time.Time, req *model.Request, f *model.Facts) ([]string, bool) {
	c := newEvaluation(now, req, f)
	c.resolve()
	var out []string
	for q := quiet(1); q != 0 && q <= quietAll; q <<= 1 {
		if c.quiet&q != 0 {
			out = append(out, quietNames[q])
		}
	}
	return out, len(quietNames) == bitsSet(quietAll)
}

func bitsSet(q quiet) int {
	n := 0
	for ; q != 0; q &= q - 1 {
		n++
	}
	return n
}

// QuietBroken names the rules that req breaks though their quiet fact holds, each evaluated
// where what it needs is resolved and it concerns the direction of the change, for the
// request's target and then for every catalog type as the target (as AvailableTargets
// evaluates them, the quiet facts kept from the resolution): none may be.
func QuietBroken(now time.Time, req *model.Request, f *model.Facts) []string {
	r := *req
	c := newEvaluation(now, &r, f)
	c.resolve()
	var out []string
	check := func() {
		for i := range table {
			t := &table[i]
			if t.quiet != 0 && c.quiet&t.quiet != 0 && c.have&t.needs == t.needs && (t.only == 0 || t.only == c.dir) && t.check()(&c) {
				out = append(out, t.name)
			}
		}
	}
	check()
	if c.have&needInstance == 0 {
		return out
	}
	for k := range c.cat.Len() {
		r.InstanceType = c.cat.At(k).InstanceTypeID
		c.setTarget(k)
		check()
	}
	return out
}

// QuietRules names, for each quiet fact, the rules it rules out.
func QuietRules() map[string][]string {
	out := map[string][]string{}
	for i := range table {
		if t := &table[i]; t.quiet != 0 {
			out[quietNames[t.quiet]] = append(out[quietNames[t.quiet]], t.name)
		}
	}
	return out
}
