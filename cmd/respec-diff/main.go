// Command respec-diff runs the engine (rules.Decide) and the reference model
// (internal/reference) side by side on N generated worlds and compares every outcome: the
// status, code and rule of a refusal, every field of a plan with exact money. It prints
// progress on stderr and a summary on stdout (cases/s, disagreements by kind) and writes the
// first disagreement, shrunk, as a regression file that the difftest tests replay. It exits
// 1 when any case disagrees.
//
//	go run ./cmd/respec-diff -n 1000000
//	go run ./cmd/respec-diff -n 100000000 -seed 7 -start 0
//	go run ./cmd/respec-diff -n 1000000 -generate-only   # the generator's own rate
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/respec-dev/respec/internal/difftest"
)

func main() {
	n := flag.Uint64("n", 1_000_000, "number of cases")
	seed := flag.Uint64("seed", 1, "stream seed")
	start := flag.Uint64("start", 0, "index of the first case")
	workers := flag.Int("workers", runtime.GOMAXPROCS(0), "worker goroutines")
	every := flag.Duration("progress", 10*time.Second, "progress interval on stderr")
	out := flag.String("out", filepath.Join("internal", "difftest", "testdata", "regressions"), "directory of the regression file")
	genOnly := flag.Bool("generate-only", false, "only draw the cases, on one goroutine, and report the generator's rate")
	flag.Parse()
	if *n == 0 || *workers < 1 {
		fmt.Fprintln(os.Stderr, "respec-diff: -n and -workers must be positive")
		os.Exit(2)
	}
	if *genOnly {
		generateOnly(*seed, *start, *n)
		return
	}
	sum := difftest.RunCases(*seed, *start, *n, *workers, os.Stderr, *every)
	fmt.Print(sum.String())
	if sum.First != nil {
		writeRegression(*seed, sum.First, *out)
		os.Exit(1)
	}
}

// generateOnly reports the generator's own rate on cases start … start+n−1 of stream seed.
func generateOnly(seed, start, n uint64) {
	wall, cpu := difftest.GenerateOnly(seed, start, n)
	fmt.Printf("generated %d cases in %s (CPU %s): %.0f cases/s, %.0f per CPU-second\n", n, wall.Round(time.Millisecond),
		cpu.Round(time.Millisecond), float64(n)/wall.Seconds(), float64(n)/cpu.Seconds())
}

// writeRegression shrinks the first disagreeing case and writes it as a regression file in
// directory dir, then prints where and what disagrees.
func writeRegression(seed uint64, first *difftest.Case, dir string) {
	name := fmt.Sprintf("seed%d-case%d", first.Seed, first.Index)
	reg := difftest.NewGenerator(seed).Shrink(*first, name)
	path := filepath.Join(dir, name+".json")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fail(err)
	}
	if err := reg.WriteFile(path); err != nil {
		fail(err)
	}
	fmt.Printf("first disagreement (case %d, %s), shrunk: %s\n", first.Index, reg.Kind, path)
	for _, d := range reg.Diffs {
		fmt.Println("  " + d)
	}
}

// fail reports err and exits with status 2.
func fail(err error) {
	fmt.Fprintln(os.Stderr, "respec-diff:", err)
	os.Exit(2)
}
