package scenario

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
)

// DecodeInto and DecodeIntoShared read what Decode reads, with the same error, whatever the
// Scenario they write into held before (here the scenario, or the zero Scenario, of another
// document, most of them a few changes away from a valid one); on error they leave the zero
// Scenario.
func TestPropertyDecodeIntoIsDecode(t *testing.T) {
	seeds := pinnedAndEncoded(t)
	for _, c := range []struct {
		name       string
		decodeInto func(*Scenario, []byte) error
	}{{"DecodeInto", DecodeInto}, {"DecodeIntoShared", DecodeIntoShared}} {
		name, decodeInto := c.name, c.decodeInto
		t.Run(name, func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				var dst Scenario
				for i := range 3 {
					doc := drawChangedDoc(t, seeds)
					want, wantErr := Decode(doc)
					err := decodeInto(&dst, doc)
					if errText(err) != errText(wantErr) {
						t.Fatalf("document %d: %s's error %v, Decode's %v\n%s", i, name, err, wantErr, clip(doc))
					}
					if d := cmp.Diff(want, dst, exactScenario); d != "" {
						t.Fatalf("document %d: %s differs from Decode (-Decode +%s):\n%s", i, name, name, d)
					}
				}
			})
		})
	}
}

// DecodeIntoShared's strings share the document's bytes; DecodeInto's and Decode's share a
// copy of them, which a change of the document afterwards leaves as it was.
func TestDecodeIntoSharedSharesTheDocument(t *testing.T) {
	doc := []byte(`{"now":"2026-09-14T02:30:00Z","request":{"InstanceId":"i-one"},` +
		`"instance":{"InstanceId":"i-one","RegionId":"cn-hangzhou","ZoneId":"cn-hangzhou-h","Status":"Running",` +
		`"InstanceChargeType":"PrePaid","InstanceType":"ecs.g6.xlarge","ExpiredTime":"2027-06-01T16:00:00Z"}}`)
	var copied, shared Scenario
	if err := DecodeInto(&copied, doc); err != nil {
		t.Fatal(err)
	}
	if err := DecodeIntoShared(&shared, doc); err != nil {
		t.Fatal(err)
	}
	decoded, err := Decode(doc)
	if err != nil {
		t.Fatal(err)
	}
	copy(doc[bytes.Index(doc, []byte("i-one")):], "i-two")
	if got := shared.Request["InstanceId"]; got != "i-two" {
		t.Errorf("DecodeIntoShared's InstanceId after the change: %q, want i-two (the document's own bytes)", got)
	}
	if got := copied.Request["InstanceId"]; got != "i-one" {
		t.Errorf("DecodeInto's InstanceId after the change: %q, want i-one (a copy)", got)
	}
	if got := decoded.Request["InstanceId"]; got != "i-one" {
		t.Errorf("Decode's InstanceId after the change: %q, want i-one (a copy)", got)
	}
}

// PrepareInto prepares what Prepare prepares, with the same error, whatever the Prepared it
// writes into held before (the preparation of another document).
func TestPropertyPrepareIntoIsPrepare(t *testing.T) {
	seeds := pinnedAndEncoded(t)
	sameCatalog := cmp.Comparer(func(a, b *model.Catalog) bool { return (a == nil) == (b == nil) })
	rapid.Check(t, func(t *rapid.T) {
		var dst Prepared
		for i := range 3 {
			s, err := Decode(drawChangedDoc(t, seeds))
			if err != nil {
				continue
			}
			want, wantErr := Prepare(&s, nil)
			err = PrepareInto(&dst, &s, nil)
			if errText(err) != errText(wantErr) {
				t.Fatalf("scenario %d: PrepareInto's error %v, Prepare's %v", i, err, wantErr)
			}
			if d := cmp.Diff(want, dst, exactScenario, sameCatalog, cmp.AllowUnexported(errcodes.Error{})); d != "" {
				t.Fatalf("scenario %d: PrepareInto differs from Prepare (-Prepare +PrepareInto):\n%s", i, d)
			}
		}
	})
}

// errText is err's text, or "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
