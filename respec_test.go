package respec_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/respec-dev/respec"
	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/examples"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/scenario"
)

// ExampleDecideScenario decides two of the examples: an upgrade the API accepts, and an
// expired instance it refuses.
func ExampleDecideScenario() {
	for _, name := range []string{"upgrade-running.json", "expired.json"} {
		doc, err := examples.Read(name)
		if err != nil {
			panic(err)
		}
		out, err := respec.DecideScenario(doc)
		if err != nil {
			fmt.Println("not a usable scenario:", err)
			continue
		}
		if out.Accepted() {
			c := out.Plan.Charge
			fmt.Printf("%s: %s %s → %s, charge %s %s\n", name, out.Plan.Operation, out.Plan.FromType,
				out.Plan.ToType, c.TradePrice.StringFixed(2), c.Currency)
			continue
		}
		fmt.Printf("%s: refused %s (HTTP %d, %s)\n", name, out.Refusal.Code(), out.Refusal.HTTPStatus(), out.Refusal.Retry())
	}
	// Output:
	// upgrade-running.json: upgrade ecs.g6.xlarge → ecs.g6.2xlarge, charge 4377.80 CNY
	// expired.json: refused InvalidInstance.PreInstanceExpired (HTTP 403, FixThenRetry)
}

// TestDecideScenarioErrors: a document that is not a scenario is an error naming its path; a
// malformed request is a refusal with the API's parameter error, not an error; an accepted
// outcome's Err is a nil interface.
func TestDecideScenarioErrors(t *testing.T) {
	_, err := respec.DecideScenario([]byte(`{"now":"2026-01-01T00:00:00Z","request":{},"account":{"Balanse":"1"}}`))
	var se *scenario.Error
	if !errors.As(err, &se) || se.Path != "account.Balanse" || !strings.Contains(se.Reason, `did you mean "Balance"`) {
		t.Errorf("DecideScenario of an unknown key: %v, want a *scenario.Error at account.Balanse", err)
	}

	out, err := respec.DecideScenario([]byte(`{"now":"2026-01-01T00:00:00Z","request":{"RegionId":"cn-hangzhou"}}`))
	if err != nil {
		t.Fatalf("DecideScenario of a malformed request: %v", err)
	}
	if out.Accepted() || out.Plan != nil || out.Refusal == nil || out.Refusal.Code() != "MissingParameter" || out.Refusal.HTTPStatus() != 400 {
		t.Errorf("DecideScenario of a request without InstanceId: %+v, want MissingParameter 400", out)
	}
	if !errors.Is(out.Err(), errcodes.New(out.Refusal.ID, "")) {
		t.Errorf("Err() = %v, want the refusal", out.Err())
	}

	doc, err := examples.Read("upgrade-running.json")
	if err != nil {
		t.Fatal(err)
	}
	out, err = respec.DecideScenario(doc)
	if err != nil || !out.Accepted() || out.Refusal != nil {
		t.Fatalf("DecideScenario(upgrade-running.json) = %+v, %v; want accepted", out, err)
	}
	if e := out.Err(); e != nil {
		t.Errorf("Err() of an accepted outcome = %#v, want a nil interface", e)
	}
	if got := out.Plan.Charge.TradePrice.StringFixed(2); got != "4377.80" {
		t.Errorf("charge %s, want 4377.80", got)
	}
}

// TestLoadDefaultCatalog: a scenario without "catalog" gets the embedded one, shared.
func TestLoadDefaultCatalog(t *testing.T) {
	doc, err := examples.Read("upgrade-running.json")
	if err != nil {
		t.Fatal(err)
	}
	load := func() *respec.Input {
		t.Helper()
		in, err := respec.Load(doc)
		if err != nil {
			t.Fatal(err)
		}
		return in
	}
	a, b := load(), load()
	if a.Facts.Catalog == nil || a.Facts.Catalog != b.Facts.Catalog {
		t.Errorf("two loads without a catalog: catalogs %p and %p, want the one default", a.Facts.Catalog, b.Facts.Catalog)
	}
	if a.Scenario.CatalogData != nil {
		t.Errorf("the example has no catalog, but CatalogData is set")
	}
}

// Example is the README's first library snippet (TestReadmeLibrarySnippet keeps them equal):
// one scenario document in, the answer out. It runs from the repository's root.
func Example() {
	doc, err := os.ReadFile("examples/upgrade-running.json") // a scenario ('respec example' prints one)
	if err != nil {
		log.Fatal(err)
	}
	out, err := respec.DecideScenario(doc) // decode, prepare (the embedded catalog), decide
	if err != nil {
		log.Fatal(err) // not a usable scenario: a *scenario.Error naming the JSON path
	}
	if out.Accepted() {
		p := out.Plan
		fmt.Println(p.Operation, p.FromType, "→", p.ToType, p.Charge.TradePrice.StringFixed(2), p.Charge.Currency)
	} else {
		fmt.Println(out.Refusal.Code(), out.Refusal.HTTPStatus(), out.Refusal.Retry())
	}
	// Output: upgrade ecs.g6.xlarge → ecs.g6.2xlarge 4377.80 CNY
}

// TestReadmeLibrarySnippet: the README's library section opens with the body of Example,
// verbatim.
func TestReadmeLibrarySnippet(t *testing.T) {
	src, err := os.ReadFile("respec_test.go")
	if err != nil {
		t.Fatal(err)
	}
	s := string(src)
	start := strings.Index(s, "func Example() {\n")
	end := strings.Index(s[start:], "\t// Output:")
	if start < 0 || end < 0 {
		t.Fatal("respec_test.go: no func Example with an Output comment")
	}
	var body strings.Builder
	for line := range strings.Lines(s[start+len("func Example() {\n") : start+end]) {
		body.WriteString(strings.TrimPrefix(line, "\t"))
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	r := string(readme)
	sec := strings.Index(r, "## Using it as a library\n")
	if sec < 0 {
		t.Fatal("README.md has no library section")
	}
	first := strings.Index(r[sec:], "```go\n")
	if first < 0 {
		t.Fatal("README.md's library section has no Go snippet")
	}
	got := r[sec+first+len("```go\n"):]
	got = got[:strings.Index(got, "```")]
	if got != body.String() {
		t.Errorf("README.md's first library snippet is not Example's body:\n%s\nwant\n%s", got, body.String())
	}
}

// LoadInto and LoadIntoShared, one Input reused from document to document, give what
// LoadWith gives each document afresh: the same error, or an Input deciding the same; on
// error the zero Input.
func TestLoadIntoIsLoadWith(t *testing.T) {
	t.Run("LoadInto", func(t *testing.T) { testLoadIntoIsLoadWith(t, respec.LoadInto) })
	t.Run("LoadIntoShared", func(t *testing.T) { testLoadIntoIsLoadWith(t, respec.LoadIntoShared) })
}

// testLoadIntoIsLoadWith is TestLoadIntoIsLoadWith for loadInto.
func testLoadIntoIsLoadWith(t *testing.T, loadInto func(*respec.Input, []byte, *model.Catalog) error) {
	var docs [][]byte
	for _, name := range []string{"upgrade-running.json", "cross-zone-upgrade.json", "expired.json", "downgrade-running.json", "replay.json"} {
		doc, err := examples.Read(name)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc, []byte("not json"), doc[:len(doc)/2])
	}
	def := catalog.Default()
	var in respec.Input
	for i, doc := range docs {
		want, wantErr := respec.LoadWith(doc, def)
		err := loadInto(&in, doc, def)
		if fmt.Sprint(err) != fmt.Sprint(wantErr) {
			t.Fatalf("document %d: LoadInto's error %v, LoadWith's %v", i, err, wantErr)
		}
		if err != nil {
			if in.Scenario.Request != nil || in.Facts.Catalog != nil || in.Now != (time.Time{}) {
				t.Errorf("document %d: LoadInto left %+v after an error", i, in.Now)
			}
			continue
		}
		if got, want := outcomeText(t, in.Decide()), outcomeText(t, want.Decide()); got != want {
			t.Errorf("document %d: LoadInto decides\n%s\nLoadWith\n%s", i, got, want)
		}
	}
}

// outcomeText is o as text: its plan as JSON, or its refusal's code and message.
func outcomeText(t *testing.T, o respec.Outcome) string {
	if !o.Accepted() {
		return o.Refusal.Code() + ": " + o.Refusal.Error()
	}
	b, err := json.Marshal(o.Plan)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
