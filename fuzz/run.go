package fuzz

import (
	"errors"
	"net/url"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
	"github.com/respec-dev/respec/scenario"
)

// Decide runs w the way the API would meet it: the request is written in wire form, changed
// by wire when wire is not nil, parsed, and decided. A parse error is returned as it is.
func Decide(w World, wire func(url.Values)) (rules.Plan, error) {
	req, f, err := Prepare(w, wire)
	if err != nil {
		return rules.Plan{}, err
	}
	return rules.Decide(w.Now, &req, &f)
}

// Explain is Decide's counterpart for rules.Explain. A parse error is the only issue.
func Explain(w World, wire func(url.Values)) rules.Issues {
	req, f, err := Prepare(w, wire)
	if err != nil {
		var e *errcodes.Error
		errors.As(err, &e)
		return rules.Issues{{Rule: "request.parse", Stage: rules.StageParameters, Err: e, Retry: e.Retry()}}
	}
	return rules.Explain(w.Now, &req, &f)
}

// Prepare returns the parsed request and the built facts of w, the way every scenario is
// prepared (scenario.Prepare); a request the parser refuses is returned as its error, the
// parser's *errcodes.Error (errors.As reaches it).
func Prepare(w World, wire func(url.Values)) (model.Request, model.Facts, error) {
	s := w.Scenario(wire)
	p, err := scenario.Prepare(&s, nil)
	if err != nil {
		panic("fuzz: invalid world catalog: " + err.Error())
	}
	if p.RequestError != nil {
		return model.Request{}, model.Facts{}, p.RequestError
	}
	return p.Request, p.Facts, nil
}

// Scenario returns w as a scenario: its request in wire form, changed by wire when wire is not
// nil (the wire form holds one value per parameter: Values and the faults set them), and its
// facts, policy and catalog.
func (w World) Scenario(wire func(url.Values)) scenario.Scenario {
	v := w.Request.Values()
	if wire != nil {
		wire(v)
	}
	m := make(map[string]string, len(v))
	for k, vals := range v {
		if len(vals) > 0 {
			m[k] = vals[0]
		}
	}
	cd := w.Catalog
	s := scenario.Scenario{Now: w.Now, Request: m, Facts: w.Facts, Policy: w.Facts.Policy, CatalogData: &cd}
	s.Facts.Policy, s.Facts.Catalog = model.Policy{}, nil
	return s
}
