package main

import (
	"bytes"
	"encoding/json"
	"fmt"

	scenariofmt "github.com/respec-dev/respec/scenario"
)

const validateAbout = `Checks scenario documents (each FILE, or standard input for "-" or no FILE) against the
scenario schema and reports every problem at once, each with its JSON path and reason, where
decide stops at the first:

  bad.json: instance.Status: must be one of Pending, Starting, Running, Stopping, Stopped
  bad.json: account.Balanse: unknown field (did you mean "Balance"?)
  good.json: valid

A file that cannot be read is reported on standard error and the others are still checked.
The checks are the reader's (the same reasons and paths as decide's errors); the request is
not judged against the API's parameter rules (decide does that, and answers with the API's
error). With --json, one JSON object a file: {"File", "Valid", "Issues": [{"Path", "Reason"}]}.

Exit status: 0 when every file is valid, 2 when any is not or cannot be read, 1 output error.`

// validationJSON is one file's result as "validate --json" writes it.
type validationJSON struct {
	File   string      `json:"File"`
	Valid  bool        `json:"Valid"`
	Issues []issueLine `json:"Issues"`
}

// issueLine is one problem of a document.
type issueLine struct {
	Path   string `json:"Path"`
	Reason string `json:"Reason"`
}

// runValidate implements "respec validate [--json] [FILE|-]...".
func runValidate(c *call) int {
	names := c.args
	if len(names) == 0 {
		names = []string{"-"}
	}
	status := exitOK
	for _, name := range names {
		switch st := c.validateFile(name); st {
		case exitFail:
			return exitFail
		case exitUsage:
			status = exitUsage
		}
	}
	return status
}

// validateFile checks file name and writes its result: exit status 2 when it cannot be read
// or is not valid, 1 when the result cannot be written.
func (c *call) validateFile(name string) int {
	one := *c
	one.args = []string{name}
	raw, _, err := one.readScenarioBytes()
	if err != nil {
		return c.fail(exitUsage, err)
	}
	problems := scenariofmt.Validate(raw).Errors()
	out, err := c.validation(name, problems)
	if err != nil {
		return c.fail(exitFail, err)
	}
	if !write("validate", c.stdout, c.stderr, out) {
		return exitFail
	}
	if len(problems) > 0 {
		return exitUsage
	}
	return exitOK
}

// validation returns the result of file name: one JSON line (--json), or for people.
func (c *call) validation(name string, problems []*scenariofmt.Error) ([]byte, error) {
	if !c.opts.json {
		return describeValidation(displayName(name), problems), nil
	}
	v := validationJSON{File: name, Valid: len(problems) == 0, Issues: []issueLine{}}
	for _, e := range problems {
		v.Issues = append(v.Issues, issueLine{Path: e.Path, Reason: e.Reason})
	}
	out, err := json.Marshal(v)
	return append(out, '\n'), err
}

// describeValidation returns a file's result for people: "FILE: valid", or one line a
// problem, "FILE: path: reason" (values from the input cleaned).
func describeValidation(file string, problems []*scenariofmt.Error) []byte {
	var b bytes.Buffer
	file = clean(file)
	if len(problems) == 0 {
		fmt.Fprintf(&b, "%s: valid\n", file)
	}
	for _, e := range problems {
		if e.Path == "" {
			fmt.Fprintf(&b, "%s: %s\n", file, e.Reason)
			continue
		}
		fmt.Fprintf(&b, "%s: %s: %s\n", file, clean(e.Path), e.Reason)
	}
	return b.Bytes()
}
