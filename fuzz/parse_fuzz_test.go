package fuzz

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/scenario"
)

// slowCall is far above what any input within the size caps needs; a call that takes longer is
// a hang, not a slow machine.
const slowCall = 10 * time.Second

// checkParseError holds every parse error to the contract: a catalog entry of the request
// checks with a detail naming what is wrong.
func checkParseError(t *testing.T, perr error) {
	t.Helper()
	var err *errcodes.Error
	if !errors.As(perr, &err) {
		t.Fatalf("parse error %v (%T) is not an *errcodes.Error", perr, perr)
	}
	switch err.ID {
	case errcodes.MissingParameter, errcodes.InvalidParameter, errcodes.InvalidRebootTimeMalFormed,
		errcodes.MissingParameterDiskCategory, errcodes.InvalidParameterDiskCategory, errcodes.InvalidPerformanceLevelMalformed:
	default:
		t.Fatalf("parse error with an unexpected entry: %v", err)
	}
	if err.Detail() == "" || err.Code() == "" || err.HTTPStatus() != 400 {
		t.Fatalf("parse error without detail, code or status 400: %#v", err)
	}
}

// checkRequestRoundTrip re-encodes a parsed request in every wire form and parses it again.
func checkRequestRoundTrip(t *testing.T, r model.Request) {
	t.Helper()
	// Values does not write the keys respec ignores (Request.Unknown).
	r.Unknown = nil
	v := r.Values()
	back, err := model.ParseValues(v)
	if err != nil {
		t.Fatalf("ParseValues(r.Values()) = %v for %v", err, v)
	}
	if d := valueDiff(r, back); d != "" {
		t.Fatalf("ParseValues(r.Values()) (-want +got):\n%s", d)
	}
	back, err = model.ParseQuery(v.Encode())
	if err != nil {
		t.Fatalf("ParseQuery(r.Values().Encode()) = %v for %q", err, v.Encode())
	}
	if d := valueDiff(r, back); d != "" {
		t.Fatalf("ParseQuery(r.Values().Encode()) (-want +got):\n%s", d)
	}
	m := make(map[string]string, len(v))
	for k, vals := range v {
		if len(vals) != 1 {
			t.Fatalf("Values holds %d values for %s", len(vals), k)
		}
		m[k] = vals[0]
	}
	back, err = model.ParseMap(m)
	if err != nil {
		t.Fatalf("ParseMap = %v", err)
	}
	if d := valueDiff(r, back); d != "" {
		t.Fatalf("ParseMap (-want +got):\n%s", d)
	}
	b, jerr := json.Marshal(m)
	if jerr != nil {
		t.Fatal(jerr)
	}
	back, err = model.ParseJSON(b)
	if err != nil {
		t.Fatalf("ParseJSON = %v for %s", err, b)
	}
	if d := valueDiff(r, back); d != "" {
		t.Fatalf("ParseJSON (-want +got):\n%s", d)
	}
	if r.Fingerprint() != back.Fingerprint() {
		t.Fatalf("fingerprint changed in the round trip")
	}
	if len(r.Disks) > model.MaxDisks {
		t.Fatalf("%d disks", len(r.Disks))
	}
}

func FuzzParseQuery(f *testing.F) {
	f.Add("InstanceId=i-1&RegionId=cn-hangzhou&InstanceType=ecs.g6.large")
	f.Fuzz(func(t *testing.T, raw string) {
		start := time.Now()
		r, err := model.ParseQuery(raw)
		if elapsed := time.Since(start); elapsed > slowCall {
			t.Fatalf("ParseQuery took %v on %d bytes", elapsed, len(raw))
		}
		if len(raw) > model.MaxRequestBytes && err == nil {
			t.Fatalf("a %d-byte query was accepted", len(raw))
		}
		if err != nil {
			checkParseError(t, err)
			return
		}
		checkRequestRoundTrip(t, r)
	})
}

func FuzzParseJSON(f *testing.F) {
	f.Add([]byte(`{"InstanceId":"i-1","RegionId":"cn-hangzhou","InstanceType":"ecs.g6.large"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		start := time.Now()
		r, err := model.ParseJSON(b)
		if elapsed := time.Since(start); elapsed > slowCall {
			t.Fatalf("ParseJSON took %v on %d bytes", elapsed, len(b))
		}
		if len(b) > model.MaxRequestBytes && err == nil {
			t.Fatalf("a %d-byte body was accepted", len(b))
		}
		if err != nil {
			checkParseError(t, err)
			return
		}
		checkRequestRoundTrip(t, r)
	})
}

func FuzzDecodeScenario(f *testing.F) {
	f.Add([]byte(`{"now":"2026-01-01T00:00:00Z","request":{"InstanceId":"i-1"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		start := time.Now()
		s, err := scenario.Decode(b)
		if elapsed := time.Since(start); elapsed > slowCall {
			t.Fatalf("scenario.Decode took %v on %d bytes", elapsed, len(b))
		}
		if len(b) > model.MaxScenarioBytes && err == nil {
			t.Fatalf("a %d-byte scenario was accepted", len(b))
		}
		if err != nil {
			var se *scenario.Error
			if !errors.As(err, &se) || se.Reason == "" {
				t.Fatalf("error %v is not a ScenarioError with a reason", err)
			}
			return
		}
		if s.Request == nil {
			t.Fatal("decoded scenario without a request map")
		}
		out, err := scenario.Encode(s)
		if err != nil {
			// Only a document near the size cap may fail, by growing past it.
			var se *scenario.Error
			if errors.As(err, &se) && se.Path == "" && len(b) > model.MaxScenarioBytes/4 {
				return
			}
			t.Fatalf("Encode of a decoded scenario: %v", err)
		}
		back, err := scenario.Decode(out)
		if err != nil {
			t.Fatalf("Decode(Encode(s)): %v\n%s", err, out)
		}
		if d := valueDiff(s, back); d != "" {
			t.Fatalf("scenario round trip (-want +got):\n%s", d)
		}
		// The request inside is the API's business: it parses or fails with an API error.
		if r, perr := model.ParseMap(s.Request); perr != nil {
			checkParseError(t, perr)
		} else {
			checkRequestRoundTrip(t, r)
		}
		if s.CatalogData != nil {
			if _, cerr := model.NewCatalog(*s.CatalogData); cerr != nil {
				t.Fatalf("decoded catalog fails NewCatalog: %v", cerr)
			}
		}
	})
}
