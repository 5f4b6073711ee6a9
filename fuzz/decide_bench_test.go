package fuzz

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/respec-dev/respec/internal/cpumeter"
)

// decideCorpus returns FuzzDecide's seeds: every fault's seed, then the files of
// testdata/fuzz/FuzzDecide (each one []byte value in the fuzzing corpus format).
func decideCorpus(t testing.TB) [][]byte {
	t.Helper()
	var out [][]byte
	for i := range Faults() {
		out = append(out, faultSeed(i))
	}
	files, err := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzDecide", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, corpusBytes(t, name, string(b)))
	}
	return out
}

// corpusBytes reads the one []byte value of a corpus file.
func corpusBytes(t testing.TB, name, text string) []byte {
	t.Helper()
	header, value, _ := strings.Cut(strings.TrimSpace(text), "\n")
	inner, ok := strings.CutPrefix(strings.TrimSpace(value), "[]byte(")
	inner, ok2 := strings.CutSuffix(inner, ")")
	if header != "go test fuzz v1" || !ok || !ok2 {
		t.Fatalf("%s: not a corpus file of one []byte", name)
	}
	s, err := strconv.Unquote(inner)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return []byte(s)
}

// BenchmarkFuzzDecide runs FuzzDecide's body over its seeds, one seed per iteration in turn:
// what one fuzzing execution costs, without the fuzzer's own work.
func BenchmarkFuzzDecide(b *testing.B) {
	corpus := decideCorpus(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		decideBytes(b, corpus[i%len(corpus)])
		i++
	}
}

// BenchmarkFuzzDecideAsFuzzed runs FuzzDecide's body over its seeds the way the fuzzer calls
// a target, from a new goroutine for every input: on that goroutine itself ("new-goroutine",
// whose stack grows from its starting size at every input) and through onGrownStack, as
// FuzzDecide does ("grown-stack").
func BenchmarkFuzzDecideAsFuzzed(b *testing.B) {
	corpus := decideCorpus(b)
	for _, c := range []struct {
		name string
		run  func(data []byte)
	}{
		{"new-goroutine", func(data []byte) { decideBytes(recorder{}, data) }},
		{"grown-stack", func(data []byte) { onGrownStack(recorder{}, decideBytes, data) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				done := make(chan struct{})
				go func(data []byte) {
					defer close(done)
					c.run(data)
				}(corpus[i%len(corpus)])
				<-done
				i++
			}
		})
	}
}

// wideDecideCorpus is FuzzDecide's seeds and 400 inputs of 0 to 13 bytes drawn from a fixed
// seed: the faults, bases and variations the fuzzer mixes, the same inputs in every run.
func wideDecideCorpus(t testing.TB) [][]byte {
	out := decideCorpus(t)
	r := rand.New(rand.NewPCG(14, 1))
	for range 400 {
		data := make([]byte, r.IntN(14))
		for k := range data {
			data[k] = byte(r.Uint32())
		}
		out = append(out, data)
	}
	return out
}

// BenchmarkFuzzDecideWide runs FuzzDecide's body over wideDecideCorpus, one input per
// iteration in turn, as the fuzz target's goroutine runs it (runBody, with its recorder): what one fuzzing execution
// costs, without the fuzzer's own work, in CPU time too (cpu-ns/op).
func BenchmarkFuzzDecideWide(b *testing.B) {
	corpus := wideDecideCorpus(b)
	b.ReportAllocs()
	i := 0
	for m := cpumeter.Start(); m.Loop(b); {
		if out := runBody(bodyCall{decideBytes, corpus[i%len(corpus)]}); out.failed || out.panicked {
			b.Fatalf("%s%v", out.msg, out.value)
		}
		i++
	}
}
