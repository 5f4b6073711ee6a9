package importer_test

import (
	"os"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/importer"
	"github.com/respec-dev/respec/rules"
	"github.com/respec-dev/respec/scenario"
)

// fixture returns the content of the file name in testdata.
func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// now is the moment the tests import at.
var now = time.Date(2026, 9, 14, 2, 30, 0, 0, time.UTC)

// decide decides the imported scenario s with the embedded catalog as its default.
func decide(t *testing.T, s *scenario.Scenario) (rules.Plan, error) {
	t.Helper()
	p, err := scenario.Prepare(s, catalog.Default())
	if err != nil {
		t.Fatal(err)
	}
	if p.RequestError != nil {
		return rules.Plan{}, p.RequestError
	}
	return rules.Decide(p.Now, &p.Request, &p.Facts)
}

// dec is the decimal s.
func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// checkIssues fails t unless res's issues are want: each "input: message", or, with input
// given, the messages of that input alone.
func checkIssues(t *testing.T, res importer.Result, input string, want []string) {
	t.Helper()
	var got []string
	for _, i := range res.Issues {
		switch {
		case input == "":
			got = append(got, i.String())
		case i.Input == input:
			got = append(got, i.Message)
		}
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s issues (-want +got):\n%s", input, d)
	}
}
