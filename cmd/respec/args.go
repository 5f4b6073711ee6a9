package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/respec-dev/respec/model"
)

// inputName returns the file the call's operands name: "-" (standard input) when there is
// none.
func (c *call) inputName() string {
	if len(c.args) == 0 {
		return "-"
	}
	return c.args[0]
}

// openInput opens the call's input for reading: standard input for "-". When that is a
// terminal, it first says on stderr what respec is waiting for (what is the kind of input,
// "a scenario" or "scenarios"). The caller closes the result.
func (c *call) openInput(what string) (io.ReadCloser, string, error) {
	name := c.inputName()
	r, err := c.open(name, fmt.Sprintf("%s on standard input (end it with Ctrl-D; 'respec example' prints one; 'respec %s -h' for help)", what, c.cmd.name))
	return r, name, err
}

// open opens file name for reading, or standard input for "-": when that is a terminal, it
// first says on stderr "waiting for " and waitingFor. The caller closes the result.
func (c *call) open(name, waitingFor string) (io.ReadCloser, error) {
	if name != "-" {
		return openFile(name)
	}
	if c.stdinTerminal {
		fmt.Fprintf(c.stderr, "respec %s: waiting for %s\n", c.cmd.name, waitingFor)
	}
	return io.NopCloser(c.stdin), nil
}

// openFile opens file name, which must not be a directory, for reading.
func openFile(name string) (io.ReadCloser, error) {
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

// readAtMost reads r, the file name, to its end: more than limit bytes, nothing but white
// space ("NAME is " and empty) and a read error are usage errors.
func readAtMost(r io.Reader, name string, limit int, empty string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, int64(limit)+1))
	switch {
	case err != nil:
		return nil, usagef("%s", readErr(name, err))
	case len(b) > limit:
		return nil, usagef("%s: larger than %d MiB", displayName(name), limit>>20)
	case len(bytes.TrimSpace(b)) == 0:
		return nil, usagef("%s is %s", displayName(name), empty)
	}
	return b, nil
}

// readErr words an error reading file name: "name: reason".
func readErr(name string, err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pathErr(err)
	}
	return displayName(name) + ": " + err.Error()
}

// pathErr shortens *os.PathError to "name: reason".
func pathErr(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Path + ": " + pe.Err.Error()
	}
	return err.Error()
}

// emptyScenario is the reason given for an input with nothing in it.
const emptyScenario = "empty: expected a scenario (one JSON object with \"now\", \"request\" and the facts; 'respec example' prints one)"

// readScenarioBytes reads the call's scenario document, at most model.MaxScenarioBytes.
func (c *call) readScenarioBytes() ([]byte, string, error) {
	r, name, err := c.openInput("a scenario (JSON)")
	if err != nil {
		return nil, name, err
	}
	defer r.Close()
	b, err := readAtMost(r, name, model.MaxScenarioBytes, emptyScenario)
	return b, name, err
}

func displayName(name string) string {
	if name == "-" {
		return "standard input"
	}
	return name
}

// load reads and decodes the call's scenario. It reports a usage error on stderr and returns
// nil for it.
func (c *call) load() *scenario {
	raw, name, err := c.readScenarioBytes()
	if err != nil {
		fmt.Fprintf(c.stderr, "respec %s: %v\n", c.cmd.name, err)
		return nil
	}
	def, ok := c.defaultCatalog()
	if !ok {
		return nil
	}
	s, err := c.decode(raw, def)
	if err != nil {
		fmt.Fprintf(c.stderr, "respec %s: %s: %v\n", c.cmd.name, displayName(name), err)
		return nil
	}
	c.noteOwnCatalog(s, name)
	return s
}

// noteOwnCatalog says on stderr that --prices-overlay is not used for scenario s, file name,
// when s carries its own catalog.
func (c *call) noteOwnCatalog(s *scenario, name string) {
	if c.opts.pricesOverlay != "" && s.sc.CatalogData != nil {
		fmt.Fprintf(c.stderr, "respec %s: %s carries its own catalog: --prices-overlay %s is not used\n", c.cmd.name, displayName(name), c.opts.pricesOverlay)
	}
}

// decode decodes scenario document raw, with def as its catalog when it has none; --strict
// refuses a request key respec does not know.
func (c *call) decode(raw []byte, def *model.Catalog) (*scenario, error) {
	s, err := loadScenarioWith(raw, def)
	if err == nil && c.opts.strict {
		err = s.strictCheck()
	}
	return s, err
}

// fail reports err on stderr as "respec NAME: err" and returns status.
func (c *call) fail(status int, err error) int {
	fmt.Fprintf(c.stderr, "respec %s: %v\n", c.cmd.name, err)
	return status
}
