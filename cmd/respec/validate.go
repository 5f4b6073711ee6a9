package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/model"
	scenariofmt "github.com/respec-dev/respec/scenario"
	"github.com/respec-dev/respec/worldfile"
)

const validateAbout = `Checks documents (each FILE, or standard input for "-" or no FILE) against their schema and
reports every problem at once, each with its JSON path and reason, where decide and simulate
stop at the first. A FILE is a scenario, a world file or a plan (a plan document or JSON Lines
of requests), told apart by its keys (a world's "accounts" or "limits", a scenario's "request"
or "instance", a plan's "Requests", "Rules", "Options" or a request's "At", ...):

  bad.json: instance.Status: must be one of Pending, Starting, Running, Stopping, Stopped
  bad.json: account.Balanse: unknown field (did you mean "Balance"?)
  good.json: valid
  world.json: accounts[0].Instances[3].OSType: must be one of linux, windows
  plan.jsonl: line 2: Operation: must be one of ModifyPrepayInstanceSpec, ...
  plan.json: valid (plan)

A file that cannot be read is reported on standard error and the others are still checked.
The checks are the readers' (the same reasons and paths as decide's and simulate's errors); a
world sound in every part is then checked whole (unique IDs, tokens not after now); a
scenario's request is not judged against the API's parameter rules (decide does that), nor a
plan against a world (simulate does that). With --json, one JSON object a file:
{"File", "Kind" ("world" or "plan"; absent for a scenario), "Valid", "Issues": [{"Line"
(JSON Lines plans), "Path", "Reason"}]}.

Exit status: 0 when every file is valid, 2 when any is not or cannot be read, 1 output error.`

// validationJSON is one file's result as "validate --json" writes it.
type validationJSON struct {
	File string `json:"File"`
	// Kind is "world" or "plan", empty for a scenario.
	Kind   string      `json:"Kind,omitempty"`
	Valid  bool        `json:"Valid"`
	Issues []issueLine `json:"Issues"`
}

// issueLine is one problem of a document.
type issueLine struct {
	// Line is the line of a JSON Lines plan, 0 otherwise.
	Line   int    `json:"Line,omitempty"`
	Path   string `json:"Path"`
	Reason string `json:"Reason"`
}

// validateWhat is what validate reads.
const validateWhat = "a scenario, a world file or a plan (JSON)"

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
	raw, kind, err := c.readDocument(name)
	if err != nil {
		return c.fail(exitUsage, err)
	}
	problems := validateDocument(kind, raw)
	out, err := describeResult(c.opts.json, name, kind, problems)
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

// readDocument reads the document name and tells its kind: a scenario is at most
// model.MaxScenarioBytes, as decide reads it; a world file or a plan at most their caps.
func (c *call) readDocument(name string) ([]byte, scenariofmt.Kind, error) {
	raw, err := c.readFile(name, scenariofmt.MaxPlanBytes, validateWhat)
	if err != nil {
		return nil, 0, err
	}
	kind := scenariofmt.KindOf(raw)
	if kind == scenariofmt.KindScenario && len(raw) > model.MaxScenarioBytes {
		return nil, kind, usagef("%s: larger than %d MiB", displayName(name), model.MaxScenarioBytes>>20)
	}
	return raw, kind, nil
}

// validateDocument returns every problem of raw, a document of the kind given.
func validateDocument(kind scenariofmt.Kind, raw []byte) []issueLine {
	var out []issueLine
	switch kind {
	case scenariofmt.KindWorld:
		out = issueLines(scenariofmt.ValidateWorld(raw).Errors())
		if len(out) == 0 {
			out = worldProblem(raw)
		}
	case scenariofmt.KindPlan:
		for _, le := range scenariofmt.ValidatePlan(raw) {
			out = append(out, issueLine{Line: le.Line, Path: le.Err.Path, Reason: le.Err.Reason})
		}
	default:
		out = issueLines(scenariofmt.Validate(raw).Errors())
	}
	return out
}

// issueLines returns the reader's problems as issue lines.
func issueLines(problems []*scenariofmt.Error) []issueLine {
	var out []issueLine
	for _, e := range problems {
		out = append(out, issueLine{Path: e.Path, Reason: e.Reason})
	}
	return out
}

// worldProblem returns the problem of a world file sound in every part when it is checked
// whole (unique IDs, tokens not after now, the API names of its limits), or none.
func worldProblem(raw []byte) []issueLine {
	_, err := worldfile.DecodeWorld(raw, catalog.Default())
	var fe *worldfile.Error
	switch {
	case err == nil:
		return nil
	case errors.As(err, &fe):
		return []issueLine{{Path: fe.Path, Reason: fe.Reason}}
	}
	return []issueLine{{Reason: err.Error()}}
}

// describeResult returns a file's result, as JSON or for people.
func describeResult(asJSON bool, name string, kind scenariofmt.Kind, problems []issueLine) ([]byte, error) {
	if !asJSON {
		return describeValidation(displayName(name), kind, problems), nil
	}
	v := validationJSON{File: name, Valid: len(problems) == 0, Issues: []issueLine{}}
	if kind != scenariofmt.KindScenario {
		v.Kind = kind.String()
	}
	v.Issues = append(v.Issues, problems...)
	out, err := json.Marshal(v)
	return append(out, '\n'), err
}

// describeValidation returns a file's result for people: "FILE: valid" (a world or plan:
// "FILE: valid (world file)", "(plan)"), or one line a problem, "FILE: [line N: ]path:
// reason" (values from the input cleaned).
func describeValidation(file string, kind scenariofmt.Kind, problems []issueLine) []byte {
	var b bytes.Buffer
	file = clean(file)
	switch {
	case len(problems) > 0:
	case kind == scenariofmt.KindWorld:
		fmt.Fprintf(&b, "%s: valid (world file)\n", file)
	case kind == scenariofmt.KindPlan:
		fmt.Fprintf(&b, "%s: valid (plan)\n", file)
	default:
		fmt.Fprintf(&b, "%s: valid\n", file)
	}
	for _, e := range problems {
		b.WriteString(file + ": ")
		if e.Line > 0 {
			fmt.Fprintf(&b, "line %d: ", e.Line)
		}
		if e.Path != "" {
			b.WriteString(clean(e.Path) + ": ")
		}
		b.WriteString(e.Reason + "\n")
	}
	return b.Bytes()
}
