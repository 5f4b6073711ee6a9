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
		wall, cpu := difftest.GenerateOnly(*seed, *start, *n)
		fmt.Printf("generated %d cases in %s (CPU %s): %.0f cases/s, %.0f per CPU-second\n", *n, wall.Round(time.Millisecond),
			cpu.Round(time.Millisecond), float64(*n)/wall.Seconds(), float64(*n)/cpu.Seconds())
		return
	}
	sum := difftest.RunCases(*seed, *start, *n, *workers, os.Stderr, *every)
	fmt.Print(sum.String())
	if sum.First == nil {
		return
	}
	name := fmt.Sprintf("seed%d-case%d", sum.First.Seed, sum.First.Index)
	reg := difftest.NewGenerator(*seed).Shrink(*sum.First, name)
	path := filepath.Join(*out, name+".json")
	if err := os.MkdirAll(*out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "respec-diff:", err)
		os.Exit(2)
	}
	if err := reg.WriteFile(path); err != nil {
		fmt.Fprintln(os.Stderr, "respec-diff:", err)
		os.Exit(2)
	}
	fmt.Printf("first disagreement (case %d, %s), shrunk: %s\n", sum.First.Index, reg.Kind, path)
	for _, d := range reg.Diffs {
		fmt.Println("  " + d)
	}
	os.Exit(1)
}
