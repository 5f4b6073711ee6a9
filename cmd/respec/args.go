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
	if name == "-" {
		if c.stdinTerminal {
			fmt.Fprintf(c.stderr, "respec %s: waiting for %s on standard input (end it with Ctrl-D; 'respec example' prints one; 'respec %s -h' for help)\n",
				c.cmd.name, what, c.cmd.name)
		}
		return io.NopCloser(c.stdin), name, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, name, usagef("%s", pathErr(err))
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		f.Close()
		return nil, name, usagef("%s: is a directory", name)
	}
	return f, name, nil
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
	b, err := io.ReadAll(io.LimitReader(r, model.MaxScenarioBytes+1))
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return nil, name, usagef("%s", pathErr(err))
		}
		return nil, name, usagef("%s: %v", displayName(name), err)
	}
	if len(b) > model.MaxScenarioBytes {
		return nil, name, usagef("%s: larger than %d MiB", displayName(name), model.MaxScenarioBytes>>20)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, name, usagef("%s is %s", displayName(name), emptyScenario)
	}
	return b, name, nil
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
	s, err := loadScenarioWith(raw, def)
	if err == nil && c.opts.strict {
		err = s.strictCheck()
	}
	if err != nil {
		fmt.Fprintf(c.stderr, "respec %s: %s: %v\n", c.cmd.name, displayName(name), err)
		return nil
	}
	if c.opts.pricesOverlay != "" && s.sc.CatalogData != nil {
		fmt.Fprintf(c.stderr, "respec %s: %s carries its own catalog: --prices-overlay %s is not used\n", c.cmd.name, displayName(name), c.opts.pricesOverlay)
	}
	return s
}
