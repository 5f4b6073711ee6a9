package main

import (
	"fmt"

	"github.com/respec-dev/respec/examples"
)

const exampleAbout = `Prints a complete, valid scenario: a Running subscription ecs.g6.xlarge in cn-hangzhou asked
to upgrade to ecs.g6.2xlarge, with its order history, using the embedded default catalog
(illustrative prices). "respec example | respec decide" accepts it. The text is the same on
every run (it is examples/upgrade-running.json).`

// runExample implements "respec example": it prints examples/upgrade-running.json, embedded.
func runExample(c *call) int {
	b, err := examples.Read(examples.Starter)
	if err != nil { // the file is embedded at build time: this does not happen
		fmt.Fprintln(c.stderr, "respec example:", err)
		return exitFail
	}
	return c.emit(string(b))
}
