package difftest

import (
	"testing"

	"github.com/respec-dev/respec/internal/reference"
	"github.com/respec-dev/respec/rules"
)

// BenchmarkGenerate measures the world generator alone (cases per second = 1e9 / ns/op).
func BenchmarkGenerate(b *testing.B) {
	g := NewGenerator(1)
	for i := 0; b.Loop(); i++ {
		_ = g.Case(uint64(i))
	}
}

// BenchmarkRun measures one case through the generator, both engines and the comparison.
func BenchmarkRun(b *testing.B) {
	g := NewGenerator(1)
	for i := 0; b.Loop(); i++ {
		c := g.Case(uint64(i))
		_ = Run(&c)
	}
}

// benchCases draws the first 1024 cases of seed 1, for the benchmarks of one engine.
func benchCases() []Case {
	g := NewGenerator(1)
	cs := make([]Case, 1024)
	for i := range cs {
		cs[i] = g.Case(uint64(i))
	}
	return cs
}

// BenchmarkEngine and BenchmarkReference split BenchmarkRun's decision time.
func BenchmarkEngine(b *testing.B) {
	cs := benchCases()
	for i := 0; b.Loop(); i++ {
		c := &cs[i%len(cs)]
		_, _ = rules.Decide(c.World.Now, &c.World.Request, &c.Facts)
	}
}

func BenchmarkReference(b *testing.B) {
	cs := benchCases()
	for i := 0; b.Loop(); i++ {
		c := &cs[i%len(cs)]
		_ = reference.Decide(c.World.Now, &c.World.Request, &c.Facts)
	}
}
