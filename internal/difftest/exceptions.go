package difftest

// The named exceptions: every place where the engine and the reference model are allowed to
// differ, or are compared other than field for field. Each is tested (exceptions_test.go);
// nothing else is left out of the comparison.
const (
	// Identifiers: a new plan's RequestId and OrderId (and the request fingerprint the plan
	// carries) are hashes of the moment and the request (rules.ids), an implementation
	// choice the documents leave open ("derived deterministically"); the reference does not
	// reproduce the hash. A replay's identifiers are the remembered record's and are
	// compared.
	Identifiers = "Identifiers"
	// Prose: Effect.Description, the Warnings and the text of the Preconditions are sentences
	// for people. The reference compares the number of preconditions, not their wording, and
	// does not model the warnings.
	Prose = "Prose"
	// ExactFigures24: the engine reports its unrounded figures (Quote.Exact, Refund.Exact and
	// each order's daily price, consumed fee, online refundable, ratio and amount) rounded half
	// up to pricing.MaxPlaces (24) decimals; the reference's exact fraction is rounded the
	// same way before the comparison. Every rounded amount (charges, refund totals, shares,
	// balances) is compared exactly.
	ExactFigures24 = "ExactFigures24"
	// ParseRefusals: the reference decides parsed requests (model.Request). A case whose wire
	// fault makes the request unparseable gets the parser's answer in both engines and is
	// counted, not compared.
	ParseRefusals = "ParseRefusals"
)

// exactPlaces is the number of decimals of the engine's exact figures (ExactFigures24).
const exactPlaces = 24

// Exceptions lists the named exceptions, for the summary and the README.
func Exceptions() []string { return []string{Identifiers, Prose, ExactFigures24, ParseRefusals} }
