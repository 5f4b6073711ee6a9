package main

import (
	"fmt"
	"io"
	"os"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/model"
)

// readFileCapped reads the file name, refusing one larger than max bytes (it reads at most
// max+1). what names the file's role in the error.
func readFileCapped(name, what string, max int) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, usagef("%s", pathErr(err))
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil {
		return nil, usagef("%s", pathErr(err))
	}
	if len(b) > max {
		return nil, usagef("%s %s: larger than %d MiB", what, name, max>>20)
	}
	return b, nil
}

// defaultCatalog returns the catalog of a scenario without "catalog": the embedded one, with
// the call's --prices-overlay applied when it has one. A bad overlay is reported on stderr
// (false: exit 2).
func (c *call) defaultCatalog() (*model.Catalog, bool) {
	if c.opts.pricesOverlay == "" {
		return catalog.Default(), true
	}
	cat, err := overlaidCatalog(c.opts.pricesOverlay)
	if err != nil {
		fmt.Fprintf(c.stderr, "respec %s: --prices-overlay %s: %v\n", c.cmd.name, c.opts.pricesOverlay, err)
		return nil, false
	}
	return cat, true
}

// overlaidCatalog returns the embedded catalog with the prices of overlay file name applied.
func overlaidCatalog(name string) (*model.Catalog, error) {
	b, err := readFileCapped(name, "price overlay", catalog.MaxOverlayBytes)
	if err != nil {
		return nil, err
	}
	o, err := catalog.ParseOverlay(b)
	if err != nil {
		return nil, err
	}
	return catalog.WithPrices(catalog.Default(), o)
}
