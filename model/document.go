package model

// MaxScenarioBytes is the largest scenario document read (package scenario reads them; the
// command line caps its input with it).
const MaxScenarioBytes = 4 << 20
