package scenario

import (
	"errors"
	"strings"
	"time"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
)

// Prepared is a scenario made ready for the rules (rules.Decide, rules.Explain,
// rules.AvailableTargets): the moment, the request parsed and the facts built.
type Prepared struct {
	// Now is the moment of the request.
	Now time.Time
	// Request is the parsed request, or the zero Request when RequestError is set.
	Request model.Request
	// RequestError is the API's own answer to a request model.ParseMap refuses; nil when
	// the request parses.
	RequestError *errcodes.Error
	// Facts are the scenario's facts with its policy and its catalog.
	Facts model.Facts
}

// catalogOf builds the catalog of s, or returns def when s has none.
func catalogOf(s *Scenario, def *model.Catalog) (*model.Catalog, error) {
	if s.CatalogData == nil {
		return def, nil
	}
	cat, err := model.NewCatalog(*s.CatalogData)
	if err != nil {
		return nil, &Error{Path: "catalog", Reason: strings.TrimPrefix(err.Error(), "catalog: ")}
	}
	return cat, nil
}

// Prepare turns a decoded scenario into the rules' input: the request goes through
// model.ParseMap and the facts get the scenario's policy and catalog, which is built from
// s.CatalogData or, when s has none, is def (which may be nil). s is not changed; the facts
// share its slices and maps, which are treated as read-only. The one error is a catalog
// model.NewCatalog refuses (Decode never returns such a scenario), as an *Error at
// "catalog".
func Prepare(s *Scenario, def *model.Catalog) (Prepared, error) {
	var p Prepared
	if err := PrepareInto(&p, s, def); err != nil {
		return Prepared{}, err
	}
	return p, nil
}

// PrepareInto is Prepare writing into *dst, which it overwrites whole (a caller preparing
// scenario after scenario can keep one Prepared, or one respec.Input, for them all, and the
// facts are not copied twice on the way). On error *dst is the zero Prepared.
func PrepareInto(dst *Prepared, s *Scenario, def *model.Catalog) error {
	cat, err := catalogOf(s, def)
	if err != nil {
		*dst = Prepared{}
		return err
	}
	dst.Now = s.Now
	s.factsInto(&dst.Facts, cat)
	dst.Request, dst.RequestError = model.Request{}, nil
	req, err := model.ParseMap(s.Request)
	if err != nil {
		dst.RequestError = requestError(err)
		return nil
	}
	dst.Request = req
	return nil
}

// requestError returns ParseMap's refusal err as the API's error: ParseMap's errors are
// *errcodes.Error, anything else would be a parser bug (InternalError). It is apart from
// Prepare so that the target errors.As fills is its own variable, not a field of the Prepared
// (which would then live on the heap, for every scenario).
func requestError(err error) *errcodes.Error {
	var e *errcodes.Error
	if !errors.As(err, &e) {
		e = errcodes.New(errcodes.InternalError, err.Error())
	}
	return e
}
