package scenario

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

// benchScenarios are the documents the decoding benchmarks read: indented as written, or
// compacted onto one line (as respec batch reads them).
var benchScenarios = []struct {
	name, path string
	compact    bool
}{
	{"scenario_example", "testdata/scenario_example.json", false},
	{"upgrade-running", "../examples/upgrade-running.json", false},
	{"upgrade-running-compact", "../examples/upgrade-running.json", true},
}

func benchDecode(b *testing.B, decode func([]byte) (Scenario, error)) {
	for _, bs := range benchScenarios {
		doc, err := os.ReadFile(bs.path)
		if err != nil {
			b.Fatal(err)
		}
		if bs.compact {
			var line bytes.Buffer
			if err := json.Compact(&line, doc); err != nil {
				b.Fatal(err)
			}
			doc = line.Bytes()
		}
		b.Run(bs.name, func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := decode(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkDecodeScenario measures Decode on two example scenarios.
func BenchmarkDecodeScenario(b *testing.B) { benchDecode(b, Decode) }

// BenchmarkValidateScenario measures Validate on the same two valid scenarios (every value
// judged by the reader, then Decode once more).
func BenchmarkValidateScenario(b *testing.B) {
	benchDecode(b, func(doc []byte) (Scenario, error) { return Scenario{}, Validate(doc).Err() })
}
