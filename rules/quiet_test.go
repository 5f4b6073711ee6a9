package rules_test

import (
	"net/url"
	"slices"
	"testing"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"pgregory.net/rapid"
)

// TestQuietFactsHold: a rule whose quiet fact holds is not evaluated by the walks, so it must
// never be broken then, on generated worlds valid and faulty, for the request's target and
// for every catalog type.
func TestQuietFactsHold(t *testing.T) {
	fs := fuzz.Faults()
	rapid.Check(t, func(t *rapid.T) {
		w, req, f := faultyWorld(t, fs, 3)
		if bad := rules.QuietBroken(w.Now, &req, &f); len(bad) > 0 {
			t.Fatalf("broken under their quiet fact: %v (quiet facts %v)", bad, quietFacts(w, &req, &f))
		}
	})
}

func quietFacts(w fuzz.World, req *model.Request, f *model.Facts) []string {
	q, _ := rules.QuietFacts(w.Now, req, f)
	return q
}

// TestQuietFactsOfBaseline: the quiet facts of the accepted upgrade are every one but the
// few its facts contradict, so that the walk skips their rules; each fault that breaks a rule
// with a quiet fact takes that fact away.
func TestQuietFactsOfBaseline(t *testing.T) {
	w := fuzz.Baseline()
	req, f, err := fuzz.Prepare(w, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, named := rules.QuietFacts(w.Now, &req, &f)
	want := []string{"instanceFound", "mainAccount", "noLocks", "noOrderInProgress", "noUnpaidOrders", "noTemporaryUpgrade",
		"noRebootTime", "noEndTime", "noEIP", "notOnline", "noTicketChanges", "imageAnyFamily", "noElasticQuotas",
		"noSystemDiskCategory", "noRequestDisks", "noIPv6", "plainInstance", "plainImage", "goodStanding"}
	if !named || !slices.Equal(got, want) {
		t.Fatalf("quiet facts %v (every one named: %v), want %v", got, named, want)
	}
	// A world that breaks each: the fact no longer holds.
	breaks := map[string]func(*fuzz.World){
		"instanceFound":      func(w *fuzz.World) { w.Facts.Instance.RegionID = "cn-beijing" },
		"mainAccount":        func(w *fuzz.World) { w.Facts.Account.RAMUser = &model.RAMUser{Name: "ops"} },
		"noLocks":            func(w *fuzz.World) { w.Facts.Instance.OperationLocks = []string{model.LockSecurity} },
		"noOrderInProgress":  func(w *fuzz.World) { w.Facts.Instance.OrderInProgress = &model.OrderInProgress{OrderID: "1"} },
		"noUnpaidOrders":     func(w *fuzz.World) { w.Facts.Instance.UnpaidOrders = []model.UnpaidOrder{{OrderID: "1"}} },
		"noTemporaryUpgrade": func(w *fuzz.World) { w.Facts.Instance.TemporaryUpgrade = &model.TemporaryUpgrade{} },
		"noRebootTime":       func(w *fuzz.World) { w.Request.RebootTime = w.Now.Add(3600e9) },
		"noEndTime":          func(w *fuzz.World) { w.Request.EndTime = w.Now.Add(3600e9) },
		"noEIP":              func(w *fuzz.World) { w.Facts.Instance.EIPAddress = "47.0.0.1" },
		"notOnline":          func(w *fuzz.World) { w.Request.ModifyMode = model.ModifyOnline },
		"noTicketChanges": func(w *fuzz.World) {
			w.Catalog.TicketFamilyChanges = []model.TicketChange{{FromFamilies: []string{"ecs.g6"}, ToFamilies: []string{"ecs.t6"}}}
		},
		"imageAnyFamily":       func(w *fuzz.World) { w.Facts.Instance.Image.SupportedFamilies = []string{"ecs.g6"} },
		"noElasticQuotas":      func(w *fuzz.World) { w.Facts.Account.Quotas.Elastic = []model.ElasticQuota{{ZoneID: "z"}} },
		"noSystemDiskCategory": func(w *fuzz.World) { w.Request.SystemDiskCategory = model.DiskCloudSSD },
		"noRequestDisks": func(w *fuzz.World) {
			w.Request.Disks = []model.DiskSpec{{Index: 1, DiskID: "d-bp1data00000000001", Category: model.DiskCloudESSD}}
		},
		"noIPv6":        func(w *fuzz.World) { w.Facts.Instance.ENIs[0].IPv6 = 1 },
		"plainInstance": func(w *fuzz.World) { w.Facts.Instance.NestedVirtualization = true },
		"plainImage":    func(w *fuzz.World) { w.Facts.Instance.Image.Marketplace = true },
		"goodStanding":  func(w *fuzz.World) { w.Facts.Account.NoRealTimeDowngrade = true },
	}
	for _, name := range want {
		w := fuzz.Baseline()
		breaks[name](&w)
		req, f, err := fuzz.Prepare(w, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		// Without the instance its current type is not looked up: no fact of it holds.
		gone := []string{name}
		if name == "instanceFound" {
			gone = append(gone, "noTicketChanges")
		}
		rest := slices.DeleteFunc(slices.Clone(want), func(s string) bool { return slices.Contains(gone, s) })
		if got, _ := rules.QuietFacts(w.Now, &req, &f); !slices.Equal(got, rest) {
			t.Errorf("with %s broken the quiet facts are %v, want %v", name, got, rest)
		}
	}
	if n := len(rules.QuietRules()); n != len(want) {
		t.Errorf("%d quiet facts rule out a rule, want all %d: %v", n, len(want), rules.QuietRules())
	}
}

// TestQuietFactsHoldForEachFault: every fault of the fault table on its own base world, and
// the smallest values that break a rule ruled out by a quiet fact (one local disk, one IPv6
// address, each refusing flag of the instance, the image and the account alone): no rule is
// broken under its quiet fact. Each world breaks a rule, so a quiet fact that missed the fact
// its rules read would hold there and be caught.
func TestQuietFactsHoldForEachFault(t *testing.T) {
	target := func(w *fuzz.World) *model.InstanceType { return w.Target() }
	edges := map[string]func(*fuzz.World){
		"one local disk": func(w *fuzz.World) { w.Facts.Instance.LocalDisks = 1 },
		"one IPv6 address, target without IPv6": func(w *fuzz.World) {
			w.Facts.Instance.ENIs[0].IPv6 = 1
			target(w).IPv6Supported, target(w).EniIPv6PerEni = false, 0
		},
		"one IPv6 address over the target's limit": func(w *fuzz.World) {
			w.Facts.Instance.ENIs[0].IPv6 = 2
			target(w).IPv6Supported, target(w).EniIPv6PerEni = true, 1
		},
		"hibernation":        func(w *fuzz.World) { w.Facts.Instance.HibernationConfigured = true },
		"starter package":    func(w *fuzz.World) { w.Facts.Instance.StarterPackage = true },
		"unauthorized image": func(w *fuzz.World) { w.Facts.Instance.Image.Unauthorized = true },
		"no billing method":  func(w *fuzz.World) { w.Facts.Account.NoBillingMethod = true },
		"arrears":            func(w *fuzz.World) { w.Facts.Account.InArrears = true },
		"nested virtualization": func(w *fuzz.World) {
			w.Facts.Instance.NestedVirtualization = true
			target(w).NestedVirtualizationSupported = false
		},
		"advanced network, entry-level target": func(w *fuzz.World) {
			w.Facts.Instance.VpcAdvancedNetworkFeature = true
			target(w).FamilyLevel = model.LevelEntry
		},
		"marketplace order fails": func(w *fuzz.World) {
			w.Facts.Instance.Image.Marketplace, w.Facts.Instance.Image.MarketplaceOrderFails = true, true
		},
	}
	check := func(name string, w fuzz.World, wire func(url.Values)) {
		req, f, err := fuzz.Prepare(w, wire)
		if err != nil {
			return // refused by the parser: no rule runs
		}
		if bad := rules.QuietBroken(w.Now, &req, &f); len(bad) > 0 {
			t.Errorf("%s: broken under their quiet fact: %v", name, bad)
		}
	}
	for _, fault := range fuzz.Faults() {
		w := fault.Base()
		if fault.Break != nil {
			fault.Break(&w)
		}
		check(fault.Name, w, fault.Wire)
	}
	for name, edge := range edges {
		for _, base := range []func() fuzz.World{fuzz.Baseline, fuzz.BaselineDowngrade} {
			w := base()
			edge(&w)
			check(name, w, nil)
		}
	}
}
