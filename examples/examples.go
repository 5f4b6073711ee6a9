// Package examples embeds the example scenarios of this directory, so that the CLI and its
// tests read one copy of them.
package examples

import (
	"embed"
	"io/fs"
)

//go:embed *.json *.jsonl
var files embed.FS

// Starter is the name of the example "respec example" prints: an accepted upgrade of a
// Running instance with the embedded default catalog.
const Starter = "upgrade-running.json"

// FS returns every example file (*.json: one scenario each; *.jsonl: one scenario per line)
// at its name in this directory.
func FS() fs.FS { return files }

// Read returns the content of the example file name ("upgrade-running.json").
func Read(name string) ([]byte, error) { return files.ReadFile(name) }

// Names returns the sorted names of the example files that match pattern (path.Match
// syntax: "*.json").
func Names(pattern string) ([]string, error) { return fs.Glob(files, pattern) }
