package main

import (
	_ "embed" // the example scenario
	"io"
)

//go:embed testdata/example.json
var exampleScenario []byte

func init() {
	register("example", "print a complete scenario to start from (an accepted upgrade, default catalog)", runExample)
}

const exampleAbout = `Prints a complete, valid scenario: a Running subscription ecs.g6.xlarge in cn-hangzhou asked
to upgrade to ecs.g6.2xlarge, with its order history, using the embedded default catalog
(illustrative prices). "respec example | respec decide" accepts it. The text is the same on
every run (it is examples/upgrade-running.json).`

// runExample implements "respec example".
func runExample(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("example", "respec example", exampleAbout, stderr)
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return unexpectedArg("example", pos[0], stderr)
	}
	if !write("example", stdout, stderr, exampleScenario) {
		return exitFail
	}
	return exitOK
}
