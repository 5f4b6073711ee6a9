package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/respec-dev/respec/errcodes"
)

const codesAbout = `Lists the error catalog: HTTP status, code, retry class and the condition under which respec
returns it; --json adds the message and the API. First ModifyPrepayInstanceSpec's, in the order
of the API page's error table, with the gateway's common errors (marked *, answered for every
action); then the endpoint's other errors for every action (gateway: InvalidAccessKeyId.NotFound);
then the other APIs respec serve answers, each from its own error table
(DescribeResourcesModification, DescribeInstanceModificationPrice). --api NAME lists one of these
(NAME is an API, or gateway).`

// gatewayAPI is the --api name of the errors of no one API: the endpoint's gateway's, for
// every action (Entry.API "").
const gatewayAPI = "gateway"

func codesFlags(fs *flag.FlagSet, o *options) {
	fs.BoolVar(&o.json, "json", false, "write a JSON array instead of a table")
	choiceVar(fs, &o.api, "api", "", codesAPIs(), "list only the errors of `NAME`: "+strings.Join(codesAPIs(), ", "))
}

// codeSection is the errors of one API, as codes lists them.
type codeSection struct {
	api     string
	entries []errcodes.Entry
}

// codeSections returns the catalog by API: ModifyPrepayInstanceSpec's (errcodes.All: its table
// and the gateway's common errors), then the other entries of errcodes.AllAPIs by API, in the
// order the catalog first names each (the gateway's, API "", as gatewayAPI).
func codeSections() []codeSection {
	modify := errcodes.All()
	out := []codeSection{{api: errcodes.APIModifyPrepayInstanceSpec, entries: modify}}
	at := map[string]int{}
	for _, e := range errcodes.AllAPIs()[len(modify):] {
		api := e.API
		if api == "" {
			api = gatewayAPI
		}
		i, ok := at[api]
		if !ok {
			i = len(out)
			at[api] = i
			out = append(out, codeSection{api: api})
		}
		out[i].entries = append(out[i].entries, e)
	}
	return out
}

// codesAPIs returns the --api names, in listing order.
func codesAPIs() []string {
	return namesOf(codeSections(), func(s codeSection) string { return s.api })
}

// codeJSON is one error of "respec codes --json".
type codeJSON struct {
	HTTPStatus int    `json:"HttpStatus"`
	Code       string `json:"Code"`
	Message    string `json:"Message"`
	RetryClass string `json:"RetryClass"`
	// API is the API whose error table lists the error ("" for the gateway's, which every
	// action may answer).
	API       string `json:"Api"`
	Condition string `json:"Condition"`
	// InSeed is false for the gateway's common errors that the API page's table does not list.
	InSeed bool `json:"InSeed"`
}

// runCodes implements "respec codes [--api NAME] [--json]".
func runCodes(c *call) int {
	sections := codeSections()
	if api := c.opts.api; api != "" {
		i := slices.IndexFunc(sections, func(s codeSection) bool { return s.api == api })
		if i < 0 {
			return c.usageErr("--api %q: want one of %s", api, strings.Join(codesAPIs(), ", "))
		}
		sections = sections[i : i+1]
	}
	var out []byte
	var err error
	if c.opts.json {
		out, err = codesJSON(sections)
	} else {
		out, err = codesTables(sections)
	}
	if err != nil {
		fmt.Fprintln(c.stderr, "respec codes:", err)
		return exitFail
	}
	return c.emit(string(out))
}

// codesJSON returns the sections' entries as one indented JSON array, one object per entry.
func codesJSON(sections []codeSection) ([]byte, error) {
	list := []codeJSON{}
	for _, s := range sections {
		for _, e := range s.entries {
			list = append(list, codeJSON{
				HTTPStatus: e.HTTPStatus, Code: e.Code, Message: e.Message,
				RetryClass: e.Retry.String(), API: e.API, Condition: e.Condition, InSeed: e.InSeed,
			})
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(list); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// codesTables returns one table per section, ModifyPrepayInstanceSpec's first and without a
// title (as codes printed it when it listed only that catalog), each other under a title line
// and after a blank line.
func codesTables(sections []codeSection) ([]byte, error) {
	var buf bytes.Buffer
	for i, s := range sections {
		if i > 0 {
			buf.WriteString("\n")
		}
		if s.api != errcodes.APIModifyPrepayInstanceSpec {
			fmt.Fprintf(&buf, "%s: %s\n", s.api, sectionTitle(s))
		}
		if err := codesTable(&buf, s); err != nil {
			return nil, err
		}
	}
	return buf.Bytes(), nil
}

// sectionTitle says where a section other than ModifyPrepayInstanceSpec's comes from.
func sectionTitle(s codeSection) string {
	n := strconv.Itoa(len(s.entries)) + " errors"
	if len(s.entries) == 1 {
		n = "1 error"
	}
	if s.api == gatewayAPI {
		return n + " of the endpoint (respec serve) for every action, besides the common ones marked * in ModifyPrepayInstanceSpec's catalog"
	}
	return n + " of this API's own error table"
}

// codesTable writes a section as an aligned table for people; ModifyPrepayInstanceSpec's gets a
// closing note on the entries that are not rows of the API page.
func codesTable(buf *bytes.Buffer, s codeSection) error {
	tw := tabwriter.NewWriter(buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STATUS\tCODE\tRETRY\tCONDITION")
	seed, extra := 0, []string{}
	for _, e := range s.entries {
		code := e.Code
		if e.InSeed || s.api != errcodes.APIModifyPrepayInstanceSpec {
			seed++
		} else {
			code += " *"
			extra = append(extra, e.Code)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", e.HTTPStatus, code, e.Retry, e.Condition)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if s.api != errcodes.APIModifyPrepayInstanceSpec {
		return nil
	}
	fmt.Fprintf(buf, "\n%d errors: %d rows of the API page's error table", seed+len(extra), seed)
	if len(extra) > 0 {
		fmt.Fprintf(buf, ", plus %d marked * that the table does not list (the gateway's common %s)", len(extra), strings.Join(extra, ", "))
	}
	buf.WriteString(".\n")
	return nil
}
