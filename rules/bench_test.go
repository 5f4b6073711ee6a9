package rules_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/respec-dev/respec/fuzz"
	"github.com/respec-dev/respec/internal/cpumeter"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/shopspring/decimal"
)

func prepared(b *testing.B, w fuzz.World) (model.Request, model.Facts) {
	req, f, err := fuzz.Prepare(w, nil)
	if err != nil {
		b.Fatal(err)
	}
	return req, f
}

func BenchmarkDecideUpgrade(b *testing.B)   { benchAccepted(b, fuzz.Baseline()) }
func BenchmarkDecideDowngrade(b *testing.B) { benchAccepted(b, fuzz.BaselineDowngrade()) }

// benchAccepted times Decide on a world it accepts.
func benchAccepted(b *testing.B, w fuzz.World) {
	req, f := prepared(b, w)
	b.ReportAllocs()
	for m := cpumeter.Start(); m.Loop(b); {
		if _, err := rules.Decide(w.Now, &req, &f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecideEarlyRejection: throttled, the second rule of the table.
func BenchmarkDecideEarlyRejection(b *testing.B) {
	w := fuzz.Baseline()
	w.Facts.Throttle = model.Throttle{Minute: fuzz.BaseNow, Count: 20, Limit: 20}
	req, f := prepared(b, w)
	now := fuzz.BaseNow
	b.ReportAllocs()
	for m := cpumeter.Start(); m.Loop(b); {
		if _, err := rules.Decide(now, &req, &f); err == nil {
			b.Fatal("accepted")
		}
	}
}

// BenchmarkExplainFiveFaults: arrears, a financial lock, an unpaid renewal, a RebootTime in
// the past and a target without stock.
func BenchmarkExplainFiveFaults(b *testing.B) {
	w := fuzz.Baseline()
	w.Facts.Account.InArrears = true
	w.Facts.Instance.OperationLocks = []string{model.LockFinancial}
	w.Facts.Instance.UnpaidOrders = []model.UnpaidOrder{{OrderID: "1", Kind: model.UnpaidRenewal}}
	w.Request.RebootTime = fuzz.BaseNow.Add(-time.Hour)
	w.Target().Stock = map[string]model.StockStatus{fuzz.BaseZone: model.WithoutStock}
	req, f := prepared(b, w)
	if n := len(rules.Explain(fuzz.BaseNow, &req, &f)); n != 5 {
		b.Fatalf("%d issues, want 5", n)
	}
	b.ReportAllocs()
	for m := cpumeter.Start(); m.Loop(b); {
		rules.Explain(fuzz.BaseNow, &req, &f)
	}
}

// bigCatalog returns the baseline catalog grown to n types by adding g6 sizes.
func bigCatalog(n int) model.CatalogData {
	d := fuzz.BaseCatalog()
	tmpl := d.Types[1]
	for i := len(d.Types); i < n; i++ {
		t := tmpl
		t.InstanceTypeID = fmt.Sprintf("ecs.g6.x%d", i)
		t.CPU = 2 + i%64
		t.MonthlyPrice = map[string]decimal.Decimal{fuzz.BaseRegion: decimal.NewFromInt(int64(100 + i))}
		d.Types = append(d.Types, t)
	}
	return d
}

func benchTargets(b *testing.B, n int) {
	w := fuzz.Baseline()
	w.Catalog = bigCatalog(n)
	req, f := prepared(b, w)
	b.ReportAllocs()
	for m := cpumeter.Start(); m.Loop(b); {
		ts, err := rules.AvailableTargets(fuzz.BaseNow, &req, &f)
		if err != nil || len(ts) == 0 {
			b.Fatal(err, len(ts))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/type")
}

func BenchmarkAvailableTargets1000(b *testing.B)  { benchTargets(b, 1000) }
func BenchmarkAvailableTargets10000(b *testing.B) { benchTargets(b, 10000) }

// The benchmarks below are the performance targets of the README's performance section, one
// per figure (`go test ./rules -run '^$' -bench Target -benchmem`).

// BenchmarkTargetUpgrade: the accepted upgrade, prepared, with a ClientToken (the fingerprint
// is computed and kept in the plan), as the peers' comparison runs it.
func BenchmarkTargetUpgrade(b *testing.B) {
	w := fuzz.Baseline()
	w.Request.ClientToken = "0c593ea1-3bea-11e9-b96b-88e9fe637760"
	benchAccepted(b, w)
}

// BenchmarkTargetDowngradeTwoOrders: the accepted downgrade of an instance bought for six
// months and renewed for six more.
func BenchmarkTargetDowngradeTwoOrders(b *testing.B) {
	w := fuzz.BaselineDowngrade()
	in := &w.Facts.Instance
	half := in.CreationTime.AddDate(0, 6, 0)
	buy := in.Orders[0]
	buy.End, buy.ListPrice, buy.CashPaid = half, decimal.NewFromInt(3600), decimal.NewFromInt(3060)
	renew := buy
	renew.OrderID, renew.Kind, renew.Start, renew.End, renew.PaidAt = "210000000000002", model.OrderRenewal, half, in.ExpiredTime, half
	in.Orders = []model.Order{buy, renew}
	benchAccepted(b, w)
}

// BenchmarkTargetFirstRuleRejection: a malformed InstanceId, the first rule of the table.
func BenchmarkTargetFirstRuleRejection(b *testing.B) {
	req, f := prepared(b, fuzz.Baseline())
	req.InstanceID = "i-Bad"
	b.ReportAllocs()
	for m := cpumeter.Start(); m.Loop(b); {
		if _, err := rules.Decide(fuzz.BaseNow, &req, &f); err == nil {
			b.Fatal("accepted")
		}
	}
}

// BenchmarkTargetParseDecideUpgrade: model.ParseQuery of the upgrade's query string, then
// Decide.
func BenchmarkTargetParseDecideUpgrade(b *testing.B) {
	w := fuzz.Baseline()
	w.Request.ClientToken = "0c593ea1-3bea-11e9-b96b-88e9fe637760"
	_, f := prepared(b, w)
	q := w.Request.Values().Encode()
	b.ReportAllocs()
	for m := cpumeter.Start(); m.Loop(b); {
		req, err := model.ParseQuery(q)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := rules.Decide(w.Now, &req, &f); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTargetAvailableTargetsRefused: 10,000 types of a family the instance may not
// change to (target.reachable refuses each).
func BenchmarkTargetAvailableTargetsRefused(b *testing.B) {
	w := fuzz.Baseline()
	w.Catalog = bigCatalog(10000)
	for i := len(fuzz.BaseCatalog().Types); i < len(w.Catalog.Types); i++ {
		w.Catalog.Types[i].Family = "ecs.c6"
	}
	req, f := prepared(b, w)
	n := f.Catalog.Len()
	b.ReportAllocs()
	for m := cpumeter.Start(); m.Loop(b); {
		ts, err := rules.AvailableTargets(fuzz.BaseNow, &req, &f)
		if err != nil || len(ts) == 0 || len(ts) > 10 {
			b.Fatal(err, len(ts))
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/type")
}

// BenchmarkTargetAvailableTargetsListed: 10,000 types, every one listed.
func BenchmarkTargetAvailableTargetsListed(b *testing.B) { benchTargets(b, 10000) }
