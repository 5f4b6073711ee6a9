package scenario

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/respec-dev/respec/model"
)

// This file holds the helpers the tests of the package share: example and pinned documents,
// the scenario generator, the document mutator, and a stricter comparison.

// exactScenario makes cmp stricter than the types' Equal methods: decimals must agree in
// exponent as well as value (1.5 is not 1.50) and times in location as well as instant.
var exactScenario = cmp.Options{
	cmp.Comparer(func(a, b decimal.Decimal) bool {
		return a.Exponent() == b.Exponent() && a.Coefficient().Cmp(b.Coefficient()) == 0
	}),
	cmp.Comparer(func(a, b time.Time) bool {
		return a.Equal(b) && a.Location() == b.Location()
	}),
}

func clip(doc []byte) string {
	if len(doc) > 2000 {
		return string(doc[:2000]) + "..."
	}
	return string(doc)
}

// pinnedDocs returns every example scenario (examples/*.json, each line of examples/*.jsonl,
// testdata/*.json) by name.
func pinnedDocs(t testing.TB) map[string][]byte {
	t.Helper()
	docs := map[string][]byte{}
	for _, pattern := range []string{"../examples/*.json", "testdata/*.json", "../examples/*.jsonl"} {
		names, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasSuffix(name, ".jsonl") {
				docs[name] = b
				continue
			}
			for i, line := range bytes.Split(b, []byte("\n")) {
				if len(bytes.TrimSpace(line)) > 0 {
					docs[name+":"+strconv.Itoa(i+1)] = line
				}
			}
		}
	}
	if len(docs) < 10 {
		t.Fatalf("only %d example scenarios found", len(docs))
	}
	return docs
}

// lineRE matches one line of an indented document: indentation, an optional key and the rest.
var lineRE = regexp.MustCompile(`^(\s*)(?:"((?:[^"\\]|\\.)*)": )?(.*?)(,?)$`)

// scenarioSnippets are values, keys and fragments the mutations splice into documents.
var scenarioSnippets = []string{
	`null`, `true`, `false`, `0`, `-0`, `1`, `-1`, `7`, `1.5`, `-1.5`, `1e3`, `1E-2`, `1e400`, `01`, `1.`, `.5`, `-`,
	`""`, `"x"`, `"0"`, `"00.10"`, `"1.50"`, `"-0.01"`, `"1e15"`, `"1e-15"`, `"1e-16"`, `"1e100000000"`, `"0e100000000"`,
	`"12,50"`, `"Running"`, `"Stopped"`, `"Runing"`, `"Purchase"`, `"Renewal"`, `"Upgrade"`, `"Modification"`,
	`"PrePaid"`, `"PostPaid"`, `"linux"`, `"vpc"`, `"balance"`, `"WithStock"`, `"WithoutStock"`, `"supported"`,
	`"current"`, `"2019"`, `"2018"`, `"2020"`, `"5m"`, `"-1h"`, `"90s"`, `"detected"`, `"declared"`, `"half_even"`,
	`"2026-01-01T00:00:00Z"`, `"2026-02-30T00:00:00Z"`, `"2026-01-01T08:00:00+08:00"`, `"9999-12-31T23:59:59-01:00"`,
	`"2026-01-01T00:00:00.123456789Z"`, `"\u0041"`, `"\ud800"`, `"\ud83d\ude00"`, `"a\"b"`, `"\x"`, `"é"`,
	`{}`, `[]`, `[{}]`, `[null]`, `["Running"]`, `{"a":"b"}`, `{"Base":"2019"}`, `[[[[`, `{"`,
	`,`, `:`, `"`, `\`, `{`, `}`, `[`, `]`, ` `, "\n", "\t", "\x00", "\x7f",
	`"Status": "Stopped",`, `"Kind": "Renewal",`, `"Base": "",`, `"RefundsPerInstance": 5,`, `"instanceId": "i",`,
	`"CurrencyPlaces": 16,`, `"BillingUTCOffsetMinutes": -1440,`, `"MemorySize": 1000000.5,`, `"Stock": {},`,
}

// mutate applies one random change to doc: a line's value, key or whole line replaced,
// removed or repeated (documents are indented, one member per line), or bytes spliced.
func mutate(t *rapid.T, doc []byte) []byte {
	lines := strings.Split(string(doc), "\n")
	i := rapid.IntRange(0, len(lines)-1).Draw(t, "line")
	snippet := rapid.SampledFrom(scenarioSnippets).Draw(t, "snippet")
	m := lineRE.FindStringSubmatch(lines[i])
	kind := 7 // a document on one line only gets bytes spliced
	if len(lines) > 1 {
		kind = rapid.IntRange(0, 7).Draw(t, "mutation")
	}
	switch kind {
	case 0, 1: // replace the value
		if m != nil && m[3] != "" && m[3] != "{" && m[3] != "[" {
			lines[i] = m[1] + keyPart(m[2]) + snippet + m[4]
		}
	case 2: // rename the key
		if m != nil && m[2] != "" {
			key := rapid.SampledFrom([]string{strings.ToLower(m[2]), m[2] + "x", "", `\u00` + strconv.FormatInt(int64(m[2][0]), 16) + m[2][1:], m[2]}).Draw(t, "key")
			lines[i] = m[1] + `"` + key + `": ` + m[3] + m[4]
		}
	case 3: // remove the line
		lines = append(lines[:i], lines[i+1:]...)
	case 4: // repeat the line
		lines = append(lines[:i+1], lines[i:]...)
	case 5: // add a member after an opening brace
		if strings.HasSuffix(lines[i], "{") {
			lines = append(lines[:i+1], append([]string{snippet}, lines[i+1:]...)...)
		}
	default: // splice bytes
		b := []byte(strings.Join(lines, "\n"))
		at := rapid.IntRange(0, len(b)).Draw(t, "at")
		cut := rapid.IntRange(0, min(8, len(b)-at)).Draw(t, "cut")
		return append(b[:at:at], append([]byte(snippet), b[at+cut:]...)...)
	}
	return []byte(strings.Join(lines, "\n"))
}

func keyPart(key string) string {
	if key == "" {
		return ""
	}
	return `"` + key + `": `
}

func readExample(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/scenario_example.json")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// genScenario generates valid scenarios.
func genScenario() *rapid.Generator[Scenario] {
	text := rapid.String()
	id := rapid.StringMatching(`[a-z][a-z0-9.-]{0,12}`)
	moment := rapid.Custom(func(t *rapid.T) time.Time {
		return time.Unix(rapid.Int64Range(0, 4e9).Draw(t, "sec"), rapid.Int64Range(0, 999999999).Draw(t, "nsec")).UTC()
	})
	amount := rapid.Custom(func(t *rapid.T) decimal.Decimal {
		return decimal.New(rapid.Int64Range(0, 1e12).Draw(t, "coef"), int32(rapid.IntRange(-3, 0).Draw(t, "exp")))
	})
	count := rapid.IntRange(0, 1000)
	disk := rapid.Custom(func(t *rapid.T) model.Disk {
		return model.Disk{DiskID: id.Draw(t, "DiskId"), Category: rapid.SampledFrom([]string{model.DiskCloud, model.DiskCloudESSD, "ephemeral"}).Draw(t, "Category"),
			SizeGiB: count.Draw(t, "Size"), PerformanceLevel: rapid.SampledFrom([]string{"", "PL1"}).Draw(t, "PL"), Detached: rapid.Bool().Draw(t, "Detached")}
	})
	order := rapid.Custom(func(t *rapid.T) model.Order {
		start := moment.Draw(t, "Start")
		return model.Order{OrderID: id.Draw(t, "OrderId"), Kind: rapid.SampledFrom([]string{model.OrderPurchase, model.OrderRenewal, model.OrderUpgrade}).Draw(t, "Kind"),
			InstanceType: id.Draw(t, "InstanceType"), Start: start, End: start.Add(time.Duration(rapid.Int64Range(1, 1e17).Draw(t, "dur"))),
			ListPrice: amount.Draw(t, "ListPrice"), CashPaid: amount.Draw(t, "CashPaid"), VoucherPaid: amount.Draw(t, "VoucherPaid"),
			Discount:      decimal.New(rapid.Int64Range(0, 100).Draw(t, "Discount"), -2),
			PaymentMethod: rapid.SampledFrom([]string{"", model.PayBalance, model.PayCreditCard, model.PayPal}).Draw(t, "PaymentMethod"), PaidAt: moment.Draw(t, "PaidAt")}
	})
	strs := func(g *rapid.Generator[string]) *rapid.Generator[[]string] {
		return rapid.Custom(func(t *rapid.T) []string {
			switch rapid.IntRange(0, 2).Draw(t, "shape") {
			case 0:
				return nil
			case 1:
				return []string{}
			}
			return rapid.SliceOfN(g, 1, 4).Draw(t, "items")
		})
	}
	instance := rapid.Custom(func(t *rapid.T) model.Instance {
		in := model.Instance{
			InstanceID: id.Draw(t, "InstanceId"), RegionID: id.Draw(t, "RegionId"), ZoneID: text.Draw(t, "ZoneId"),
			Status:       rapid.SampledFrom([]model.Status{model.StatusPending, model.StatusStarting, model.StatusRunning, model.StatusStopping, model.StatusStopped}).Draw(t, "Status"),
			ChargeType:   rapid.SampledFrom([]string{"", model.ChargePrePaid, model.ChargePostPaid}).Draw(t, "ChargeType"),
			InstanceType: id.Draw(t, "InstanceType"), CreationTime: moment.Draw(t, "CreationTime"), ExpiredTime: moment.Draw(t, "ExpiredTime"),
			OSType: rapid.SampledFrom([]string{"", model.OSLinux, model.OSWindows}).Draw(t, "OSType"), LocalDisks: count.Draw(t, "LocalDisks"),
			Image:          model.Image{ImageID: text.Draw(t, "ImageId"), Marketplace: rapid.Bool().Draw(t, "Marketplace"), SupportedFamilies: strs(id).Draw(t, "Families")},
			DataDisks:      rapid.SliceOfN(disk, 0, 3).Draw(t, "DataDisks"),
			OperationLocks: strs(text).Draw(t, "Locks"),
			Orders:         rapid.SliceOfN(order, 0, 3).Draw(t, "Orders"),
			Refunds:        count.Draw(t, "Refunds"),
		}
		if rapid.Bool().Draw(t, "sys") {
			d := disk.Draw(t, "SystemDisk")
			in.SystemDisk = &d
		}
		if rapid.Bool().Draw(t, "eni") {
			in.ENIs = []model.ENI{{ENIID: id.Draw(t, "ENI"), Primary: true, PrivateIPv4: count.Draw(t, "v4"), IPv6: count.Draw(t, "v6")}}
		}
		if rapid.Bool().Draw(t, "oip") {
			in.OrderInProgress = &model.OrderInProgress{OrderID: id.Draw(t, "oip"), Until: moment.Draw(t, "Until")}
		}
		if rapid.Bool().Draw(t, "unpaid") {
			in.UnpaidOrders = []model.UnpaidOrder{{OrderID: id.Draw(t, "u"), Kind: model.UnpaidModification}}
		}
		if rapid.Bool().Draw(t, "temp") {
			in.TemporaryUpgrade = &model.TemporaryUpgrade{Until: moment.Draw(t, "tu"), RevertTo: id.Draw(t, "rt")}
		}
		return in
	})
	account := rapid.Custom(func(t *rapid.T) model.Account {
		a := model.Account{AccountID: id.Draw(t, "AccountId"), Balance: amount.Draw(t, "Balance"), InArrears: rapid.Bool().Draw(t, "InArrears"),
			AuthorizedTypes: strs(id).Draw(t, "Authorized")}
		if rapid.Bool().Draw(t, "ram") {
			a.RAMUser = &model.RAMUser{Name: text.Draw(t, "ram"), Permissions: strs(rapid.SampledFrom([]string{model.PermModify, model.PermPrice, model.PermRefund})).Draw(t, "perms")}
		}
		if rapid.Bool().Draw(t, "quota") {
			n := count.Draw(t, "dpm")
			a.Quotas.DowngradesPerMonth = &n
			a.Quotas.Downgrades = rapid.SliceOfN(moment, 0, 3).Draw(t, "downgrades")
			a.Quotas.RefundedVCPU = []model.QuotaUse{{At: moment.Draw(t, "at"), Amount: rapid.Int64Range(0, 1e9).Draw(t, "amount")}}
			a.Quotas.Elastic = []model.ElasticQuota{{ZoneID: id.Draw(t, "z"), InstanceType: id.Draw(t, "it"), LimitVCPU: count.Draw(t, "l"), UsedVCPU: count.Draw(t, "u")}}
		}
		return a
	})
	catalog := rapid.Custom(func(t *rapid.T) *model.CatalogData {
		if rapid.Bool().Draw(t, "nil") {
			return nil
		}
		c := &model.CatalogData{Regions: strs(id).Draw(t, "Regions"), Currency: rapid.SampledFrom([]string{"", "CNY", "USD"}).Draw(t, "Currency"),
			PricesIllustrative: rapid.Bool().Draw(t, "illustrative")}
		for i := range rapid.IntRange(0, 3).Draw(t, "types") {
			it := model.InstanceType{InstanceTypeID: fmt.Sprintf("ecs.t%d.large", i), Family: "ecs.t", CPU: count.Draw(t, "cpu"),
				MemoryGiB: float64(count.Draw(t, "mem")) / 4, DiskQuantity: count.Draw(t, "dq"), OSTypes: strs(rapid.SampledFrom([]string{model.OSLinux, model.OSWindows})).Draw(t, "os")}
			switch rapid.IntRange(0, 2).Draw(t, "stock") {
			case 1:
				it.Stock = map[string]model.StockStatus{}
			case 2:
				it.Stock = map[string]model.StockStatus{id.Draw(t, "zone"): rapid.SampledFrom(model.StockStatuses()).Draw(t, "st")}
			}
			if rapid.Bool().Draw(t, "price") {
				it.MonthlyPrice = map[string]decimal.Decimal{id.Draw(t, "region"): amount.Draw(t, "price")}
			}
			c.Types = append(c.Types, it)
		}
		if rapid.Bool().Draw(t, "fc") {
			c.FamilyChanges = []model.FamilyChange{{FromFamilies: []string{"ecs.t"}, Changeable: true, ToFamilies: strs(id).Draw(t, "to")}}
		}
		if rapid.Bool().Draw(t, "disc") {
			c.Discounts = []model.DurationDiscount{{MinMonths: count.Draw(t, "mm"), Factor: decimal.New(rapid.Int64Range(1, 100).Draw(t, "f"), -2)}}
		}
		return c
	})
	policy := rapid.Custom(func(t *rapid.T) model.Policy {
		p, _ := model.PolicyByName(rapid.SampledFrom([]string{model.PresetCurrent, model.Preset2019, model.Preset2018}).Draw(t, "preset"))
		if rapid.Bool().Draw(t, "custom") {
			p.Name = rapid.SampledFrom([]string{p.Name, "custom", ""}).Draw(t, "name")
			p.RefundsPerInstance = rapid.IntRange(0, 5).Draw(t, "rpi")
			p.MinGapBetweenChanges = model.Duration(rapid.Int64Range(0, int64(time.Hour)).Draw(t, "gap"))
			p.Direction = rapid.SampledFrom([]string{model.DirectionDetected, model.DirectionDeclared}).Draw(t, "dir")
			p.UpgradeStatuses = rapid.SliceOfN(rapid.SampledFrom([]model.Status{model.StatusRunning, model.StatusStopped}), 0, 2).Draw(t, "up")
			p.UnderMonthFactor = amount.Draw(t, "umf")
			p.BillingUTCOffsetMinutes = rapid.IntRange(-1440, 1440).Draw(t, "off")
		}
		return p
	})
	return rapid.Custom(func(t *rapid.T) Scenario {
		s := Scenario{
			Description: rapid.SampledFrom([]string{"", "a <scenario> & more"}).Draw(t, "Description"),
			Now:         moment.Draw(t, "Now"),
			Request:     rapid.MapOfN(text, text, 0, 5).Draw(t, "Request"),
			Policy:      policy.Draw(t, "Policy"),
			CatalogData: catalog.Draw(t, "Catalog"),
		}
		if rapid.Bool().Draw(t, "instance") {
			s.Facts.Instance = instance.Draw(t, "Instance")
		}
		if rapid.Bool().Draw(t, "account") {
			s.Facts.Account = account.Draw(t, "Account")
		}
		switch rapid.IntRange(0, 2).Draw(t, "ledger") {
		case 1:
			s.Facts.Idempotency = model.Ledger{}
		case 2:
			s.Facts.Idempotency = model.Ledger{text.Draw(t, "token"): {Fingerprint: text.Draw(t, "fp"), At: moment.Draw(t, "at"), RequestID: id.Draw(t, "rid")}}
		}
		if rapid.Bool().Draw(t, "throttle") {
			s.Facts.Throttle = model.Throttle{Minute: moment.Draw(t, "minute").Truncate(time.Minute), Count: count.Draw(t, "count"), Limit: count.Draw(t, "limit")}
		}
		s.Facts.ServiceUnavailable = rapid.Bool().Draw(t, "su")
		return s
	})
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// drawDoc draws a document: a generated scenario, encoded, or one of seeds.
func drawDoc(t *rapid.T, seeds [][]byte) []byte {
	if !rapid.Bool().Draw(t, "generated") {
		return rapid.SampledFrom(seeds).Draw(t, "seed")
	}
	doc, err := Encode(genScenario().Draw(t, "scenario"))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// drawChangedDoc draws a document as drawDoc does, then makes zero to three changes to it.
func drawChangedDoc(t *rapid.T, seeds [][]byte) []byte {
	doc := drawDoc(t, seeds)
	for range rapid.IntRange(0, 3).Draw(t, "changes") {
		doc = mutate(t, doc)
	}
	return doc
}

// roundTrip encodes s and decodes the encoding.
func roundTrip(t *testing.T, s Scenario) Scenario {
	t.Helper()
	out, err := Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Decode(out)
	if err != nil {
		t.Fatalf("decode of encoding: %v\n%s", err, out)
	}
	return back
}
