package fuzz

import (
	"errors"
	"testing"
	"time"

	"github.com/respec-dev/respec/examples"
	"github.com/respec-dev/respec/scenario"
)

// FuzzValidateScenario: scenario.Validate never panics, takes bounded time, finds no problem
// exactly when Decode accepts, and lists Decode's error among its problems.
func FuzzValidateScenario(f *testing.F) {
	names, err := examples.Names("*.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range names {
		doc, err := examples.Read(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(doc)
	}
	f.Add([]byte(`{"now":"x","request":{"A":1},"instance":{"Status":"Runing","ExpireTime":"2027-01-01T00:00:00Z","DataDisks":[{"Size":-1}]},"account":{"Balanse":"1"},"policy":{"Base":"2017","TokenTtl":"1h"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		start := time.Now()
		problems := scenario.Validate(b).Errors()
		if elapsed := time.Since(start); elapsed > slowCall {
			t.Fatalf("scenario.Validate took %v on %d bytes", elapsed, len(b))
		}
		_, err := scenario.Decode(b)
		if err == nil {
			if len(problems) > 0 {
				t.Fatalf("Decode accepts it, Validate finds %v", problems)
			}
			return
		}
		var want *scenario.Error
		if !errors.As(err, &want) {
			t.Fatalf("Decode's error %v is not a *scenario.Error", err)
		}
		for _, p := range problems {
			if p.Reason == "" {
				t.Fatalf("a problem without a reason at %q", p.Path)
			}
			if *p == *want {
				return
			}
		}
		t.Fatalf("Decode refuses it with %q at %q; Validate finds %v", want.Reason, want.Path, problems)
	})
}
