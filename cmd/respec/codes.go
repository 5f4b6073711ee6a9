package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/respec-dev/respec/errcodes"
)

const codesAbout = `Lists the error catalog in the order of the API page's error table: HTTP status, code, retry
class and the condition under which respec returns it; --json adds the message.`

// codeJSON is one error of "respec codes --json".
type codeJSON struct {
	HTTPStatus int    `json:"HttpStatus"`
	Code       string `json:"Code"`
	Message    string `json:"Message"`
	RetryClass string `json:"RetryClass"`
	Condition  string `json:"Condition"`
	// InSeed is false for the gateway's common errors that the API page's table does not list.
	InSeed bool `json:"InSeed"`
}

// runCodes implements "respec codes [--json]".
func runCodes(c *call) int {
	var out []byte
	var err error
	if c.opts.json {
		out, err = codesJSON()
	} else {
		out, err = codesTable()
	}
	if err != nil {
		fmt.Fprintln(c.stderr, "respec codes:", err)
		return exitFail
	}
	return c.emit(string(out))
}

// codesJSON returns the catalog as an indented JSON array, one object per entry.
func codesJSON() ([]byte, error) {
	all := errcodes.All()
	list := make([]codeJSON, 0, len(all))
	for _, e := range all {
		list = append(list, codeJSON{
			HTTPStatus: e.HTTPStatus, Code: e.Code, Message: e.Message,
			RetryClass: e.Retry.String(), Condition: e.Condition, InSeed: e.InSeed,
		})
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

// codesTable returns the catalog as an aligned table for people, with a closing note on the
// entries that are not rows of the API page.
func codesTable() ([]byte, error) {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STATUS\tCODE\tRETRY\tCONDITION")
	seed, extra := 0, []string{}
	for _, e := range errcodes.All() {
		code := e.Code
		if e.InSeed {
			seed++
		} else {
			code += " *"
			extra = append(extra, e.Code)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", e.HTTPStatus, code, e.Retry, e.Condition)
	}
	if err := tw.Flush(); err != nil {
		return nil, err
	}
	fmt.Fprintf(&buf, "\n%d errors: %d rows of the API page's error table", seed+len(extra), seed)
	if len(extra) > 0 {
		fmt.Fprintf(&buf, ", plus %d marked * that the table does not list (the gateway's common %s)", len(extra), strings.Join(extra, ", "))
	}
	buf.WriteString(".\n")
	return buf.Bytes(), nil
}
