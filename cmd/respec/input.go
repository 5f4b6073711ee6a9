package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"

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

// newFlags returns a flag set for command name whose usage text is synopsis, then about, then
// the flags. Like "respec codes", usage and flag errors go to stderr.
func newFlags(name, synopsis, about string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(fs.Output(), "Usage: "+synopsis)
		fmt.Fprintln(fs.Output(), "\n"+about)
		n := 0
		fs.VisitAll(func(*flag.Flag) { n++ })
		if n > 0 {
			fmt.Fprintln(fs.Output(), "\nFlags:")
			fs.PrintDefaults()
		}
	}
	return fs
}

// parseArgs parses flags that may come before or after the positional arguments (a "--" ends
// the flags) and returns the positional ones. When it returns ok false, the command returns
// code: 0 for -h (the usage was printed), 2 for a bad flag (the flag package printed why).
func parseArgs(fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK, false
			}
			return nil, exitUsage, false
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, 0, true
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), 0, true
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// inputName returns the file named by the positional arguments: "-" (standard input) when
// there is none. More than one is a usage error.
func inputName(cmd string, pos []string, stderr io.Writer) (string, bool) {
	switch len(pos) {
	case 0:
		return "-", true
	case 1:
		return pos[0], true
	}
	fmt.Fprintf(stderr, "respec %s: one input at most, got %d (%q, %q, ...)\n", cmd, len(pos), pos[0], pos[1])
	return "", false
}

// openInput opens name for reading: standard input for "-". The caller closes the result.
func openInput(name string, stdin io.Reader) (io.ReadCloser, error) {
	if name == "-" {
		return io.NopCloser(stdin), nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, usagef("%s", pathErr(err))
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, usagef("%s: is a directory", name)
	}
	return f, nil
}

// pathErr shortens *os.PathError to "name: reason".
func pathErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// readScenarioBytes reads one scenario document from name, at most model.MaxScenarioBytes.
func readScenarioBytes(name string, stdin io.Reader) ([]byte, error) {
	r, err := openInput(name, stdin)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, model.MaxScenarioBytes+1))
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, usagef("%s", pathErr(err))
		}
		return nil, usagef("%s: %v", displayName(name), err)
	}
	if len(b) > model.MaxScenarioBytes {
		return nil, usagef("%s: larger than %d MiB", displayName(name), model.MaxScenarioBytes>>20)
	}
	return b, nil
}

func displayName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}

// scenario is one decoded scenario, ready for the rules.
type scenario struct {
	raw   []byte
	sc    scenariofmt.Scenario
	cat   *model.Catalog
	facts model.Facts
	// req is the parsed request; reqErr is set instead when ParseMap refused it.
	req    model.Request
	reqErr *errcodes.Error
}

// loadScenario decodes and prepares raw. A scenario without "catalog" uses the embedded
// default catalog, built once and shared; a scenario with one gets its own. Errors are usage
// errors.
func loadScenario(raw []byte) (*scenario, error) {
	sc, err := scenariofmt.Decode(raw)
	if err != nil {
		return nil, &usageError{msg: err.Error()}
	}
	p, err := scenariofmt.Prepare(&sc, catalog.Default())
	if err != nil {
		return nil, &usageError{msg: err.Error()}
	}
	return &scenario{raw: raw, sc: sc, cat: p.Facts.Catalog, facts: p.Facts, req: p.Request, reqErr: p.RequestError}, nil
}

// outcome is what ModifyPrepayInstanceSpec does with a scenario's request: a plan, or a
// documented error.
type outcome struct {
	plan *rules.Plan
	err  *errcodes.Error
}

// decide runs the rules on the scenario (a request ParseMap refused is refused with its
// error).
func (s *scenario) decide() outcome {
	if s.reqErr != nil {
		return outcome{err: s.reqErr}
	}
	p, err := rules.Decide(s.sc.Now, &s.req, &s.facts)
	if err != nil {
		return outcome{err: asAPIError(err)}
	}
	return outcome{plan: &p}
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
	const hexd = "0123456789ABCDEF"
	var b [36]byte
	j := 0
	for i := range b {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			b[i] = '-'
			continue
		}
		v := sum[j/2]
		if j%2 == 0 {
			v >>= 4
		}
		b[i] = hexd[v&0xf]
		j++
	}
	return string(b[:])
}

// hostFor returns the endpoint that answers the scenario's request: the region's endpoint when
// RegionId looks like a region ID, else the central one.
func hostFor(region string) string {
	if len(region) == 0 || len(region) > 64 {
		return errcodes.HostFor("")
	}
	for i := 0; i < len(region); i++ {
		b := region[i]
		if (b < 'a' || b > 'z') && (b < '0' || b > '9') && b != '-' {
			return errcodes.HostFor("")
		}
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

// acceptedJSON is an accepted request as --json writes it: the API's response and the plan.
type acceptedJSON struct {
	RequestID string      `json:"RequestId"`
	OrderID   string      `json:"OrderId"`
	Plan      *rules.Plan `json:"Plan"`
}

// marshal returns v as JSON without HTML escaping, indented with two spaces when indent is set,
// and with a final newline.
func marshal(v any, indent bool) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if indent {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// write writes b to w and reports a write failure on stderr; it returns false on failure.
func write(cmd string, w, stderr io.Writer, b []byte) bool {
	if _, err := w.Write(b); err != nil {
		fmt.Fprintf(stderr, "respec %s: %v\n", cmd, err)
		return false
	}
	return true
}

// loadFromArgs reads and decodes the scenario named by pos. It reports a usage error on stderr
// and returns nil for it.
// loadCommand parses the flags of a one-scenario command (its --json flag documented by
// jsonHelp) and loads the scenario it names. A nil scenario comes with the exit code to
// return: 0 after -h, 2 for unusable flags or input.
func loadCommand(cmd, usage, about, jsonHelp string, args []string, stdin io.Reader, stderr io.Writer) (s *scenario, asJSON bool, code int) {
	fs := newFlags(cmd, usage, about, stderr)
	j := fs.Bool("json", false, jsonHelp)
	pos, code, ok := parseArgs(fs, args)
	if !ok {
		return nil, false, code
	}
	if s = loadFromArgs(cmd, pos, stdin, stderr); s == nil {
		return nil, false, exitUsage
	}
	return s, *j, exitOK
}

func loadFromArgs(cmd string, pos []string, stdin io.Reader, stderr io.Writer) *scenario {
	name, ok := inputName(cmd, pos, stderr)
	if !ok {
		return nil
	}
	raw, err := readScenarioBytes(name, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "respec %s: %v\n", cmd, err)
		return nil
	}
	s, err := loadScenario(raw)
	if err != nil {
		fmt.Fprintf(stderr, "respec %s: %s: %v\n", cmd, displayName(name), err)
		return nil
	}
	return s
}

// plural returns "1 thing" or "n things".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// unexpectedArg reports a positional argument a command does not take.
func unexpectedArg(cmd, arg string, stderr io.Writer) int {
	fmt.Fprintf(stderr, "respec %s: unexpected argument %q\n", cmd, arg)
	return exitUsage
}
