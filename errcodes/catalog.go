package errcodes

// entries is the catalog, indexed by ID. It is read-only.
var entries = [numIDs]Entry{}
