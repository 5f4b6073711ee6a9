package scenario

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file checks world and plan files as validate.go checks scenarios: every problem at
// once, with the reader's paths and reasons, by the same walk of the schema's nodes.

// ValidateWorld checks doc against the world file's schema and returns every problem (at
// most maxIssues, then one that says more were found), as Validate does for a scenario: a
// world ValidateWorld finds no problem in is one DecodeWorld accepts, and DecodeWorld's
// error is among the problems of one it refuses. What needs the whole world (unique IDs,
// tokens not after now) is package worldfile's.
func ValidateWorld(doc []byte) *Issues {
	is := &Issues{}
	if len(doc) <= MaxWorldBytes && utf8.Valid(doc) && json.Valid(doc) {
		w := &walker{bdec: bdec{s: string(doc)}, is: is}
		w.scenario(worldDoc()) // a world file is walked as a scenario is, along its own keys
	}
	if len(is.list) == 0 {
		if _, err := DecodeWorld(doc); err != nil {
			is.add(err)
		}
	}
	return is
}

// ValidatePlan checks a plan file (a plan document or JSON Lines of requests, told apart as
// DecodePlan does) against the plan's schema and returns every problem (at most maxIssues,
// then one that says more were found), each with its line (0 in a plan document) and its
// JSON path within it. A plan ValidatePlan finds no problem in is one DecodePlan accepts.
// What needs the world (instances, accounts, moments) is package worldfile's.
func ValidatePlan(doc []byte) []*LineError {
	if len(doc) > MaxPlanBytes || !utf8.Valid(doc) {
		return decodePlanError(doc)
	}
	s := string(doc)
	if isPlanDocument(s) {
		if !json.Valid(doc) {
			return decodePlanError(doc)
		}
		is := &Issues{}
		w := &walker{bdec: bdec{s: s}, is: is}
		w.value(planNodes()[0], "")
		if len(is.list) == 0 {
			return decodePlanError(doc)
		}
		return onLine(0, is)
	}
	var out []*LineError
	for line, text := range planLines(s) {
		if len(out) >= maxIssues {
			return append(out, &LineError{Line: line, Err: &Error{Reason: "more than " + strconv.Itoa(maxIssues) + " problems: the rest are not listed"}})
		}
		out = append(out, requestLine(line, text)...)
	}
	if len(out) == 0 {
		return decodePlanError(doc)
	}
	return out
}

// planLines yields each line of a JSON Lines plan that is not blank, with its number.
func planLines(s string) func(yield func(int, string) bool) {
	return func(yield func(int, string) bool) {
		for line := 1; len(s) > 0; line++ {
			text, rest, _ := strings.Cut(s, "\n")
			s = rest
			if strings.TrimSpace(text) != "" && !yield(line, text) {
				return
			}
		}
	}
}

// requestLine returns the problems of one line of a JSON Lines plan: the walk's when it is a
// JSON object of a sane size, else the reader's.
func requestLine(line int, text string) []*LineError {
	trimmed := strings.TrimSpace(text)
	if len(text) > MaxPlanLineBytes || !strings.HasPrefix(trimmed, "{") || !json.Valid([]byte(text)) {
		return lineOf(line, decodePlanError([]byte(text)))
	}
	is := &Issues{}
	w := &walker{bdec: bdec{s: text}, is: is}
	w.value(planNodes()[1], "")
	if len(is.list) == 0 {
		return lineOf(line, decodePlanError([]byte(text)))
	}
	return onLine(line, is)
}

// decodePlanError returns DecodePlan's error on doc as the one problem, or none.
func decodePlanError(doc []byte) []*LineError {
	_, err := DecodePlan(doc)
	if err == nil {
		return nil
	}
	if le, ok := err.(*LineError); ok {
		return []*LineError{le}
	}
	return []*LineError{{Err: err.(*Error)}}
}

// lineOf puts problems found on a line read alone on line.
func lineOf(line int, problems []*LineError) []*LineError {
	for _, p := range problems {
		p.Line = line
	}
	return problems
}

// onLine returns the walk's problems on line (0: a plan document), paths without the dot
// that starts a field of the root object.
func onLine(line int, is *Issues) []*LineError {
	var out []*LineError
	for _, e := range is.list {
		e.Path = strings.TrimPrefix(e.Path, ".")
		out = append(out, &LineError{Line: line, Err: e})
	}
	return out
}
