package fuzz

import (
	"errors"
	"net/url"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/model"
	"github.com/respec-dev/respec/rules"
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

// Prepare returns the parsed request and the built facts of w. Its error is the parser's
// *errcodes.Error (errors.As reaches it).
func Prepare(w World, wire func(url.Values)) (model.Request, model.Facts, error) {
	v := w.Request.Values()
	if wire != nil {
		wire(v)
	}
	req, perr := model.ParseValues(v)
	if perr != nil {
		return model.Request{}, model.Facts{}, perr
	}
	return req, w.Build(), nil
}
