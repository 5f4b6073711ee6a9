package fuzz

import (
	"testing"

	"pgregory.net/rapid"
)

// FuzzDecide drives the totality property (TestTotalityAndDeterminism) with the fuzzer's
// bytes as rapid's source of draws: a consistent world with up to three faults, decided,
// explained and applied. A failure is a panic, a non-catalog error, a changed input, two
// different answers to one input, Decide and Explain disagreeing or a broken money
// invariant. A crash found this way becomes a regression test: its input stays in
// testdata/fuzz/FuzzDecide, which go test replays.
func FuzzDecide(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(totality))
}
