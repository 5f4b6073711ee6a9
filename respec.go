// Package respec is the front door of the library: one call from a scenario document (the
// format of package scenario, what the respec command reads) to the answer of
// ModifyPrepayInstanceSpec.
//
//	out, err := respec.DecideScenario(doc)
//	if err != nil { /* not a usable scenario: a *scenario.Error naming the JSON path */ }
//	if out.Accepted() { /* out.Plan: the charge or refund, when the new type takes effect */ }
//	else { /* out.Refusal: the documented error (code, HTTP status, message, retry class) */ }
//
// It runs the three phases of the engine, decode (scenario.Decode), prepare (scenario.Prepare,
// with the embedded catalog of package catalog when the scenario has none) and decide
// (rules.Decide), as the command does: the command's decide, explain, targets, quote and
// batch load their scenarios with Load. Programs that want the phases apart call them
// directly. The engine packages (model, rules, pricing, scenario) do not embed the catalog;
// this package does, through package catalog.
package respec

import (
	"errors"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/respec-dev/respec/scenario"
)

// Input is a scenario document decoded and prepared: what the rules take. Its facts share the
// decoded scenario's slices and maps, and the default catalog with every other Input; all of
// them are read-only.
type Input struct {
	// Scenario is the document as decoded.
	Scenario scenario.Scenario
	// Prepared holds the moment, the parsed request (or RequestError, the API's own refusal of
	// a malformed one) and the facts with the scenario's policy and catalog.
	scenario.Prepared
}

// Load decodes doc and prepares it for the rules. A scenario without "catalog" gets the
// embedded default catalog (catalog.Default, built once and shared). The error, for a
// document that is not a usable scenario, is a *scenario.Error naming the JSON path.
func Load(doc []byte) (*Input, error) { return LoadWith(doc, catalog.Default()) }

// LoadWith is Load with def as the catalog of a scenario that has none (for example the
// embedded catalog with real prices laid over it: catalog.WithPrices).
func LoadWith(doc []byte, def *model.Catalog) (*Input, error) {
	in := new(Input)
	if err := LoadInto(in, doc, def); err != nil {
		return nil, err
	}
	return in, nil
}

// LoadInto is LoadWith writing into *in, which it overwrites whole: nothing *in held before
// is kept or shared, so a program deciding scenario after scenario (as batch's workers do)
// can load them all into one Input, each decided before the next is loaded, and save an
// allocation of an Input a scenario. On error *in is the zero Input.
func LoadInto(in *Input, doc []byte, def *model.Catalog) error {
	return loadInto(in, doc, def, scenario.DecodeInto)
}

// LoadIntoShared is LoadInto with scenario.DecodeIntoShared: the Input's strings share doc's
// bytes instead of a copy of them, so doc must not change while *in, or anything taken from
// it (a decision, a string), is in use.
func LoadIntoShared(in *Input, doc []byte, def *model.Catalog) error {
	return loadInto(in, doc, def, scenario.DecodeIntoShared)
}

// loadInto is LoadInto decoding doc with decode.
func loadInto(in *Input, doc []byte, def *model.Catalog, decode func(*scenario.Scenario, []byte) error) error {
	if err := decode(&in.Scenario, doc); err != nil {
		*in = Input{}
		return err
	}
	if err := scenario.PrepareInto(&in.Prepared, &in.Scenario, def); err != nil {
		*in = Input{}
		return err
	}
	return nil
}

// Outcome is what ModifyPrepayInstanceSpec does with a scenario's request: exactly one of Plan
// (accepted) and Refusal (refused with a documented error) is set.
type Outcome struct {
	// Plan is the accepted change: the charge or refund, when the new type takes effect and
	// what restarts.
	Plan *rules.Plan
	// Refusal is the documented error: errors.Is matches its catalog row; Code, HTTPStatus,
	// Message, Retry and Wire give its parts.
	Refusal *errcodes.Error
}

// Accepted reports whether the request is accepted (Plan is set).
func (o Outcome) Accepted() bool { return o.Plan != nil }

// Err returns the refusal as an error, or nil (a nil interface, never a typed nil) when the
// request is accepted.
func (o Outcome) Err() error {
	if o.Refusal == nil {
		return nil
	}
	return o.Refusal
}

// Decide answers the input's request: a request the API's parameter rules refuse is refused
// with that error, any other goes to rules.Decide at the scenario's moment.
func (in *Input) Decide() Outcome {
	if in.RequestError != nil {
		return Outcome{Refusal: in.RequestError}
	}
	p, err := rules.Decide(in.Now, &in.Request, &in.Facts)
	if err != nil {
		return Outcome{Refusal: asAPIError(err)}
	}
	return Outcome{Plan: &p}
}

// DecideScenario is Load then Decide: one scenario document in, the answer out. The error is
// for a document that is not a usable scenario (a *scenario.Error naming the JSON path); a
// request the API refuses is an Outcome with its Refusal, not an error.
func DecideScenario(doc []byte) (Outcome, error) {
	in, err := Load(doc)
	if err != nil {
		return Outcome{}, err
	}
	return in.Decide(), nil
}

// asAPIError returns err as a catalog error; anything else (which the rules never return) is
// the server's fault: InternalError.
func asAPIError(err error) *errcodes.Error {
	var e *errcodes.Error
	if errors.As(err, &e) && e.ID.Valid() {
		return e
	}
	return errcodes.New(errcodes.InternalError, err.Error())
}
