package scenario

import (
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
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

// errText is err's text, or "" for nil.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
