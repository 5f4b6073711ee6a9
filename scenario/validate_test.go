package scenario

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// TestValidateMatchesDecode: on every golden document, Validate finds no problem exactly
// when Decode accepts, and Decode's error is among Validate's problems.
func TestValidateMatchesDecode(t *testing.T) {
	_, cases := readDecodeGolden(t)
	for _, c := range cases {
		_, err := Decode(c.doc)
		got := Validate(c.doc).Errors()
		if err == nil {
			if len(got) > 0 {
				t.Errorf("%s: Decode accepts it, Validate finds %v\n%s", c.name, got, clip(c.doc))
			}
			continue
		}
		var want *Error
		if !errors.As(err, &want) {
			t.Fatalf("%s: Decode's error %v is not a *Error", c.name, err)
		}
		found := false
		for _, e := range got {
			found = found || *e == *want
		}
		if !found {
			t.Errorf("%s: Decode refuses it with %q at %q; Validate finds %v\n%s", c.name, want.Reason, want.Path, got, clip(c.doc))
		}
	}
}

// TestValidateEveryProblem: Validate reports every problem of a document, in document order,
// with its JSON path and the reader's reason.
func TestValidateEveryProblem(t *testing.T) {
	doc := `{
  "now": "yesterday",
  "request": {"InstanceId": "i-1", "AutoPay": false},
  "policy": {"Base": "2017", "TokenTtl": "1h", "CurrencyPlaces": 99},
  "instance": {
    "Status": "Runing",
    "ExpireTime": "2027-01-01T00:00:00Z",
    "LocalDisks": -1,
    "DataDisks": [{"Size": "40"}, {"Category": 1}],
    "Orders": [
      {"OrderId": "o1", "Kind": "Refund", "CashPaid": "-1"},
      {"OrderId": "o2", "Kind": "Purchase", "Start": "2026-02-01T00:00:00Z", "End": "2026-01-01T00:00:00Z"}
    ],
    "InstanceId": "i-1",
    "InstanceId": "i-2"
  },
  "account": {"Balanse": "10", "Quotas": {"DowngradesPerMonth": "3"}},
  "serviceUnavailable": "no",
  "instances": {}
}`
	want := []Error{
		{"now", reasonTime},
		{`request["AutoPay"]`, "must be a string"},
		{"policy.Base", "must be a preset name: current, 2020, 2019, 2018-09 or 2018"},
		{"policy.TokenTtl", `unknown field (did you mean "TokenTTL"?)`},
		{"policy.CurrencyPlaces", "must be an integer from 0 to 15"},
		{"instance.Status", "must be one of Pending, Starting, Running, Stopping, Stopped"},
		{"instance.ExpireTime", `unknown field (did you mean "ExpiredTime"?)`},
		{"instance.LocalDisks", "must be an integer from 0 to 1000000"},
		{"instance.DataDisks[0].Size", "must be an integer from 0 to 1000000"},
		{"instance.DataDisks[1].Category", "must be a string"},
		{"instance.Orders[0].Kind", "must be one of Purchase, Renewal, Upgrade, Downgrade"},
		{"instance.Orders[0].CashPaid", "decimal must not be negative"},
		{"instance.Orders[1].End", "must be after Start"},
		{"instance.InstanceId", "given more than once"},
		{"account.Balanse", `unknown field (did you mean "Balance"?)`},
		{"account.Quotas.DowngradesPerMonth", "must be an integer from 0 to 1000000"},
		{"serviceUnavailable", "must be true or false"},
		{"instances", "unknown field (the fields are description, now, request, policy, instance, account, idempotency, throttle, serviceUnavailable, catalog)"},
	}
	is := Validate([]byte(doc))
	var got []Error
	for _, e := range is.Errors() {
		got = append(got, *e)
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Validate (-want +got):\n%s", d)
	}
	_, derr := Decode([]byte(doc))
	var first *Error
	if !errors.As(is.Err(), &first) || derr == nil || first.Error() != derr.Error() {
		t.Errorf("Err() finds %v first; Decode refuses with %v", first, derr)
	}
	if !strings.HasPrefix(is.String(), "now: "+reasonTime+"\nrequest[\"AutoPay\"]: must be a string\n") {
		t.Errorf("String() = %q", is.String())
	}
}

// TestValidateEdges: a valid document has no problem (Err nil); a syntax error, an empty
// document and a non-object have one, Decode's; the required keys are reported together; a
// list over its cap is reported once with the problems of the entries before it; the problems
// stop at maxIssues with one more that says so.
func TestValidateEdges(t *testing.T) {
	if is := Validate([]byte(`{"now":"2026-01-01T00:00:00Z","request":{}}`)); is.Err() != nil || is.String() != "" || is.Errors() != nil {
		t.Errorf("a valid document: %v", is.Err())
	}
	one := func(doc string, want Error) {
		t.Helper()
		got := Validate([]byte(doc)).Errors()
		if len(got) != 1 || *got[0] != want {
			t.Errorf("Validate(%.60q) = %v, want [%v]", doc, got, want)
		}
	}
	one(`{"now":`, Error{"now", "unexpected end of input"})
	one(``, Error{"", "unexpected end of input"})
	one(`[]`, Error{"", "a scenario must be a JSON object"})
	one(`{"now":"2026-01-01T00:00:00Z","request":{}} {}`, Error{"", "unexpected data after the scenario object"})

	got := Validate([]byte(`{}`)).Errors()
	if d := cmp.Diff([]Error{{"now", "required"}, {"request", "required"}}, deref(got)); d != "" {
		t.Errorf("Validate({}) (-want +got):\n%s", d)
	}

	disks := strings.TrimSuffix(strings.Repeat(`{"Size":1},`, 70), ",")
	disks = strings.Replace(disks, `{"Size":1}`, `{"Size":-1}`, 1)
	got = Validate([]byte(`{"now":"2026-01-01T00:00:00Z","request":{},"instance":{"Status":"Running","DataDisks":[` + disks + `],"Refunds":-1}}`)).Errors()
	want := []Error{
		{"instance.DataDisks[0].Size", "must be an integer from 0 to 1000000"},
		{"instance.DataDisks", "more than 64 entries"},
		{"instance.Refunds", "must be an integer from 0 to 1000000"},
	}
	if d := cmp.Diff(want, deref(got)); d != "" {
		t.Errorf("Validate of 70 disks (-want +got):\n%s", d)
	}

	bad := strings.TrimSuffix(strings.Repeat(`"x":1,`, 150), ",")
	got = Validate([]byte(`{"now":"2026-01-01T00:00:00Z","request":{},"throttle":{` + bad + `}}`)).Errors()
	if len(got) != maxIssues+1 || got[0].Path != "throttle.x" || got[1].Reason != "unknown field" ||
		got[maxIssues].Reason != "more than 100 problems: the rest are not listed" {
		t.Errorf("Validate of 150 problems: %d issues, first %v, last %v", len(got), got[0], got[len(got)-1])
	}
}

func deref(es []*Error) []Error {
	var out []Error
	for _, e := range es {
		out = append(out, *e)
	}
	return out
}

// TestPropertyValidateMatchesDecode: on generated scenarios and documents one to three
// changes from one, Validate finds no problem exactly when Decode accepts, and Decode's error
// is among its problems.
func TestPropertyValidateMatchesDecode(t *testing.T) {
	var seeds [][]byte
	for _, doc := range pinnedDocs(t) {
		seeds = append(seeds, doc)
	}
	rapid.Check(t, func(t *rapid.T) {
		doc := drawChangedDoc(t, seeds)
		_, err := Decode(doc)
		got := Validate(doc).Errors()
		if err == nil {
			if len(got) > 0 {
				t.Fatalf("Decode accepts it, Validate finds %v\n%s", got, clip(doc))
			}
			return
		}
		var want *Error
		if !errors.As(err, &want) {
			t.Fatalf("Decode's error %v is not a *Error", err)
		}
		for _, e := range got {
			if *e == *want {
				return
			}
		}
		t.Fatalf("Decode refuses it with %q at %q; Validate finds %v\n%s", want.Reason, want.Path, got, clip(doc))
	})
}
