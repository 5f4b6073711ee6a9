package scenario

import (
	"reflect"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/respec-dev/respec/fleet/plan"
)

// PlanFile is a plan file read: the plan, and for JSON Lines the line of each request.
//
// A plan file takes one of two forms, told apart by the first key of its first object:
//
//   - JSON Lines of timed requests, one plan.Request per line ({"At": ..., "Operation": ...,
//     "InstanceId": ..., ...}); blank lines are skipped. Lines hold the line number of each
//     request.
//   - One plan document, {"Requests": [...], "Rules": [...], "Options": {...}} (plan.Plan, any
//     of the three keys first), which may span many lines: the form for resize rules and
//     orchestration options. Lines is nil.
//
// The keys of a request and those of a plan document do not overlap, so the first key
// decides; a file that opens with {} is an empty plan document. Caps: MaxPlanBytes in all,
// MaxPlanLineBytes per line, plan.MaxRequests requests.
type PlanFile struct {
	Plan  plan.Plan
	Lines []int
}

// Caps of a plan file.
const (
	// MaxPlanBytes is the largest plan file read.
	MaxPlanBytes = 256 << 20
	// MaxPlanLineBytes is the longest line of a JSON Lines plan.
	MaxPlanLineBytes = 1 << 20
)

// LineError is a problem on one line of a JSON Lines plan.
type LineError struct {
	// Line is the line number, from 1.
	Line int
	// Err is the problem, at its JSON path within the line.
	Err *Error
}

// Error returns "scenario: line N: path: reason".
func (e *LineError) Error() string {
	return "scenario: line " + strconv.Itoa(e.Line) + ": " + strings.TrimPrefix(e.Err.Error(), "scenario: ")
}

// Unwrap returns the problem on the line.
func (e *LineError) Unwrap() error { return e.Err }

// planNodes is how to read a plan document and one request line. Read-only once built.
var planNodes = sync.OnceValue(func() [2]*node {
	structs := map[reflect.Type]*node{}
	return [2]*node{structNode(reflect.TypeFor[plan.Plan](), structs), structNode(reflect.TypeFor[plan.Request](), structs)}
})

// DecodePlan reads a plan file (see PlanFile). It never panics and does work bounded by the
// input. Errors are an *Error naming the JSON path (a plan document: Requests[3].At), or a
// *LineError naming the line and the path within it (JSON Lines). It checks what the schema
// says (types, caps, ranges, the operation names); package worldfile checks the plan against
// the world (instances, accounts, moments).
func DecodePlan(b []byte) (PlanFile, error) {
	if len(b) > MaxPlanBytes {
		return PlanFile{}, &Error{Reason: "larger than " + strconv.Itoa(MaxPlanBytes>>20) + " MiB"}
	}
	if !utf8.Valid(b) {
		return PlanFile{}, &Error{Reason: "not valid UTF-8"}
	}
	if s := string(b); isPlanDocument(s) {
		return decodePlanDocument(s)
	}
	return decodePlanLines(string(b))
}

// decodePlanDocument reads a plan document.
func decodePlanDocument(s string) (PlanFile, error) {
	d := &bdec{s: s}
	var pf PlanFile
	d.ws()
	if !d.value(planNodes()[0], unsafe.Pointer(&pf.Plan)) {
		return PlanFile{}, trimDot(d.err([]byte(s)))
	}
	d.ws()
	if d.i != len(d.s) {
		return PlanFile{}, &Error{Reason: "unexpected data after the plan document (a plan is one document or JSON Lines of requests)"}
	}
	return pf, nil
}

// decodePlanLines reads JSON Lines of requests.
func decodePlanLines(s string) (PlanFile, error) {
	var pf PlanFile
	for line := 1; len(s) > 0; line++ {
		text, rest, _ := strings.Cut(s, "\n")
		s = rest
		if strings.TrimSpace(text) == "" {
			continue
		}
		rq, err := planLine(text, len(pf.Plan.Requests))
		if err != nil {
			return PlanFile{}, &LineError{Line: line, Err: err}
		}
		pf.Plan.Requests = append(pf.Plan.Requests, rq)
		pf.Lines = append(pf.Lines, line)
	}
	return pf, nil
}

// planLine reads one line of a JSON Lines plan, after n requests.
func planLine(text string, n int) (plan.Request, *Error) {
	if err := lineCaps(text, n); err != nil {
		return plan.Request{}, err
	}
	d := &bdec{s: text}
	d.ws()
	var rq plan.Request
	if d.peek() != '{' {
		return plan.Request{}, notRequest(d, text)
	}
	if !d.value(planNodes()[1], unsafe.Pointer(&rq)) {
		return plan.Request{}, trimDot(d.err([]byte(text)))
	}
	d.ws()
	if d.i != len(d.s) {
		return plan.Request{}, &Error{Reason: "unexpected data after the request (one request per line)"}
	}
	return rq, nil
}

// notRequest is the problem of the plan line text that does not open with an object.
func notRequest(d *bdec, text string) *Error {
	if !d.token() {
		return d.err([]byte(text)).(*Error)
	}
	return &Error{Reason: "a plan line must be a JSON object (one request)"}
}

// lineCaps checks a line of a JSON Lines plan against the caps, after n requests.
func lineCaps(text string, n int) *Error {
	switch {
	case len(text) > MaxPlanLineBytes:
		return &Error{Reason: "longer than " + strconv.Itoa(MaxPlanLineBytes>>20) + " MiB"}
	case n >= plan.MaxRequests:
		return &Error{Reason: "more than " + strconv.Itoa(plan.MaxRequests) + " requests"}
	}
	return nil
}

// trimDot drops the leading "." of a path that starts in a field of the root object.
func trimDot(err error) *Error {
	e := err.(*Error)
	e.Path = strings.TrimPrefix(e.Path, ".")
	return e
}

// isPlanDocument reports whether s opens with an object whose first key is one of plan.Plan's,
// or with {}.
func isPlanDocument(s string) bool {
	d := &bdec{s: s}
	d.ws()
	if !d.eat('{') {
		return false
	}
	d.ws()
	if d.eat('}') {
		return true
	}
	key, ok := d.str()
	_, planKey := structInfoOf(reflect.TypeFor[plan.Plan]()).byName[key]
	return ok && planKey
}
