package main

import (
	"bytes"
	"fmt"

	"github.com/respec-dev/respec/errcodes"
	"github.com/respec-dev/respec/rules"
)

const explainAbout = `Reads one scenario (FILE, or standard input for "-" or no FILE) and lists every rule its
request breaks, in precedence order, each with its stage, rule name, error code, HTTP status,
message and evidence. The first is the error decide returns. A request whose parameters are
malformed has one issue: the parameter error (rule request.parse).

Exit status: 0 when no rule is broken, 3 when any is, 2 unusable input, 1 output error.`

// issueJSON is one broken rule as "explain --json" writes it.
type issueJSON struct {
	Stage      string `json:"Stage"`
	Rule       string `json:"Rule"`
	Code       string `json:"Code"`
	HTTPStatus int    `json:"HttpStatus"`
	Message    string `json:"Message"`
	RetryClass string `json:"RetryClass"`
	Evidence   string `json:"Evidence"`
}

// explainJSON is the output of "explain --json".
type explainJSON struct {
	// Accepted is true when no rule is broken (decide accepts).
	Accepted bool        `json:"Accepted"`
	Issues   []issueJSON `json:"Issues"`
	// RatioReading is, for an accepted downgrade, the reading of the refund rules that priced
	// its refund's price-difference ratio (model.RatioPrinted or model.RatioOneBasis).
	RatioReading string `json:"RatioReading,omitempty"`
}

// ratioReadingOf returns the reading that prices the refund of the scenario's request when
// decide accepts it as a downgrade, else "".
func (s *scenario) ratioReadingOf() string {
	if s.reqErr != nil {
		return ""
	}
	p, err := rules.Decide(s.sc.Now, s.req, s.facts)
	if err != nil || p.Refund == nil {
		return ""
	}
	return p.Refund.RatioReading
}

// issues returns every broken rule of the scenario's request.
func (s *scenario) issues() []issueJSON {
	if e := s.reqErr; e != nil {
		return []issueJSON{parseIssue(e)}
	}
	out := []issueJSON{}
	for _, is := range rules.Explain(s.sc.Now, s.req, s.facts) {
		out = append(out, issueOf(is))
	}
	return out
}

// parseIssue is the one issue of a request ParseMap refuses with e.
func parseIssue(e *errcodes.Error) issueJSON {
	return issueJSON{Stage: rules.StageParameters.String(), Rule: requestParseRule, Code: e.Code(),
		HTTPStatus: e.HTTPStatus(), Message: e.Message(), RetryClass: e.Retry().String(),
		Evidence: "the request's parameters: " + e.Detail()}
}

// issueOf is the JSON form of a broken rule (one without a catalog error is the server's
// fault: InternalError).
func issueOf(is rules.Issue) issueJSON {
	e := is.Err
	if e == nil || !e.ID.Valid() {
		e = errcodes.New(errcodes.InternalError, is.Evidence)
	}
	return issueJSON{Stage: is.Stage.String(), Rule: is.Rule, Code: e.Code(), HTTPStatus: e.HTTPStatus(),
		Message: e.Message(), RetryClass: e.Retry().String(), Evidence: is.Evidence}
}

// runExplain implements "respec explain [--json] [FILE|-]".
func runExplain(c *call) int { return c.answer(explainReply) }

// explainReply is every broken rule; refused when there is any.
func explainReply(s *scenario, asJSON bool) reply {
	issues := s.issues()
	return reply{refused: len(issues) > 0}.render(asJSON, func() any { return s.explainOf(issues) }, func() []byte { return s.describeExplain(issues) })
}

// explainOf returns the JSON form of issues: for an accepted request, with the reading that
// prices its refund.
func (s *scenario) explainOf(issues []issueJSON) explainJSON {
	ej := explainJSON{Accepted: len(issues) == 0, Issues: issues}
	if ej.Accepted {
		ej.RatioReading = s.ratioReadingOf()
	}
	return ej
}

// describeExplain returns issues for people: for an accepted request, with the reading that
// prices its refund.
func (s *scenario) describeExplain(issues []issueJSON) []byte {
	out := describeIssues(issues)
	if len(issues) > 0 {
		return out
	}
	if rd := s.ratioReadingOf(); rd != "" {
		out = append(out, "Refund ratio reading: "+ratioReading(rd)+".\n"...)
	}
	return out
}

// describeIssues returns the issues for people.
func describeIssues(issues []issueJSON) []byte {
	var b bytes.Buffer
	if len(issues) == 0 {
		b.WriteString("No rule is broken: decide accepts this request.\n")
		return b.Bytes()
	}
	fmt.Fprintf(&b, "%s broken (decide refuses with the first):\n", plural(len(issues), "rule", "rules"))
	for i, is := range issues {
		fmt.Fprintf(&b, "\n%d. %s: %s (HTTP %d)\n", i+1, is.Rule, is.Code, is.HTTPStatus)
		sec := newSection(&b, "")
		sec.kv("Stage", is.Stage)
		sec.kv("Message", is.Message)
		sec.kvIf("Evidence", is.Evidence)
		sec.kv("Retry", is.RetryClass)
		sec.end()
	}
	return trimTrailingSpace(b.Bytes())
}
