package scenario

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
)

// DecodeInto reads what Decode reads, with the same error, whatever the Scenario it writes
// into held before (here the scenario, or the zero Scenario, of another document, most of
// them a few changes away from a valid one); on error it leaves the zero Scenario.
func TestPropertyDecodeIntoIsDecode(t *testing.T) {
	seeds := pinnedAndEncoded(t)
	rapid.Check(t, func(t *rapid.T) {
		var dst Scenario
		for i := range 3 {
			doc := drawChangedDoc(t, seeds)
			want, wantErr := Decode(doc)
			err := DecodeInto(&dst, doc)
			if errText(err) != errText(wantErr) {
				t.Fatalf("document %d: DecodeInto's error %v, Decode's %v\n%s", i, err, wantErr, clip(doc))
			}
			if d := cmp.Diff(want, dst, exactScenario); d != "" {
				t.Fatalf("document %d: DecodeInto differs from Decode (-Decode +DecodeInto):\n%s", i, d)
			}
		}
	})
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
