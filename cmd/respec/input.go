package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/respec-dev/respec"
	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	scenariofmt "github.com/respec-dev/respec/scenario"
)

// usageError is input respec cannot use (exit status 2): an unreadable file, input that is not
// a valid scenario. Its text is the one-line reason.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return &usageError{msg: fmt.Sprintf(format, a...)} }

// scenario is one decoded scenario, ready for the rules. sc, facts and req point into in
// (no copy of them per scenario).
type scenario struct {
	raw   []byte
	in    *respec.Input
	sc    *scenariofmt.Scenario
	cat   *model.Catalog
	facts *model.Facts
	// req is the parsed request; reqErr is set instead when ParseMap refused it.
	req    *model.Request
	reqErr *errcodes.Error
}

// loadScenario decodes and prepares raw with respec.Load, the library's one loader: a
// scenario without "catalog" uses the embedded default catalog, built once and shared; a
// scenario with one gets its own. Errors are usage errors.
func loadScenario(raw []byte) (*scenario, error) { return loadScenarioWith(raw, catalog.Default()) }

// loadScenarioWith is loadScenario with def as the catalog of a scenario without "catalog"
// (the embedded one with a price overlay applied, see --prices-overlay): respec.LoadWith.
func loadScenarioWith(raw []byte, def *model.Catalog) (*scenario, error) {
	s := new(scenario)
	if err := s.load(new(respec.Input), raw, def); err != nil {
		return nil, err
	}
	return s, nil
}

// load decodes and prepares raw into in with respec.LoadInto and points s at it; s and in
// are overwritten whole, so that batch's workers load line after line into one scenario and
// one Input each. The error is a usage error (s is then the zero scenario).
func (s *scenario) load(in *respec.Input, raw []byte, def *model.Catalog) error {
	return s.loadWith(respec.LoadInto, in, raw, def)
}

// loadShared is load with respec.LoadIntoShared: s and in share raw's bytes, which must not
// change while they are in use (batch's workers decide and encode a line before its chunk's
// bytes are reused; what outlives the line, its count, copies what it keeps).
func (s *scenario) loadShared(in *respec.Input, raw []byte, def *model.Catalog) error {
	return s.loadWith(respec.LoadIntoShared, in, raw, def)
}

// loadWith is load loading with loadInto.
func (s *scenario) loadWith(loadInto func(*respec.Input, []byte, *model.Catalog) error, in *respec.Input, raw []byte, def *model.Catalog) error {
	if err := loadInto(in, raw, def); err != nil {
		*s = scenario{}
		return &usageError{msg: err.Error()}
	}
	*s = scenario{raw: raw, in: in, sc: &in.Scenario, cat: in.Facts.Catalog, facts: &in.Facts, req: &in.Request, reqErr: in.RequestError}
	return nil
}

// outcome is what ModifyPrepayInstanceSpec does with a scenario's request: a plan, or a
// documented error.
type outcome struct {
	plan *rules.Plan
	err  *errcodes.Error
}

// decide answers the scenario's request with respec's Input.Decide, the library's one
// decision (a request ParseMap refused is refused with its error).
func (s *scenario) decide() outcome {
	o := s.in.Decide()
	return outcome{plan: o.Plan, err: o.Refusal}
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

// requestIDFor derives a refusal's RequestId from the input bytes (SHA-256, shaped like the
// API's upper-case UUIDs), so the same input always gets the same RequestId.
func requestIDFor(raw []byte) string {
	sum := sha256.Sum256(raw)
	h := strings.ToUpper(hex.EncodeToString(sum[:16]))
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// regionIDBytes are the bytes of a region ID.
const regionIDBytes = "abcdefghijklmnopqrstuvwxyz0123456789-"

// hostFor returns the endpoint that answers the scenario's request: the region's endpoint when
// RegionId looks like a region ID (1 to 64 of regionIDBytes), else the central one.
func hostFor(region string) string {
	if len(region) == 0 || len(region) > 64 || strings.Trim(region, regionIDBytes) != "" {
		return errcodes.HostFor("")
	}
	return errcodes.HostFor(region)
}

// errorJSON is a refusal as --json writes it: the API's error body and the HTTP status.
type errorJSON struct {
	errcodes.Body
	HTTPStatus int `json:"HttpStatus"`
}

// refusalJSON returns the wire form of a refusal of s.
func (s *scenario) refusalJSON(e *errcodes.Error) errorJSON {
	return errorJSON{Body: e.Wire(requestIDFor(s.raw), hostFor(s.sc.Request[model.ParamRegionID])), HTTPStatus: e.HTTPStatus()}
}
