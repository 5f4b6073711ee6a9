package main

import (
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

const helpAbout = `Without COMMAND, lists the commands. With one, prints that command's usage line, its
description and its flags (the same text as "respec COMMAND -h", on standard output).`

const versionAbout = `Prints the module version and the VCS revision respec was built from, read from the build
information Go records in the binary. A build from a source tree (go build, go run) has the
version "(devel)"; "go install github.com/respec-dev/respec/cmd/respec@VERSION" records the
release.`

// usage returns the list of commands.
func usage() string {
	var b strings.Builder
	b.WriteString("Usage: respec <command> [arguments]\n\nCommands:\n")
	width := 0
	for _, c := range commandTable() {
		width = max(width, len(c.name))
	}
	for _, c := range commandTable() {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, c.name, c.summary)
	}
	b.WriteString("\nRun 'respec help <command>' or 'respec <command> -h' for a command's help and flags.\n")
	return b.String()
}

// commandHelp returns c's help: the usage line, the description and the flags.
func commandHelp(c *command) string {
	var b strings.Builder
	b.WriteString("Usage: " + c.usageLine() + "\n\n" + c.help + "\n")
	if flags := c.flagList(); len(flags) > 0 {
		b.WriteString("\nFlags:\n")
		for _, f := range flags {
			b.WriteString("  --" + f.name)
			if f.arg != "" {
				b.WriteString(" " + f.arg)
			}
			b.WriteString("\n    \t" + f.usage + "\n")
		}
	}
	return b.String()
}

// runHelp implements "respec help [COMMAND]".
func runHelp(c *call) int {
	text := usage()
	if len(c.args) == 1 {
		text = commandHelp(lookup(c.args[0]))
	}
	return c.emit(text)
}

// emit writes text to standard output; a write failure is reported and gives exit status 1.
func (c *call) emit(text string) int { return c.emitTo(c.stdout, text) }

// emitTo writes text to w; a write failure is reported and gives exit status 1.
func (c *call) emitTo(w io.Writer, text string) int {
	if !write(c.cmd.name, w, c.stderr, []byte(text)) {
		return exitFail
	}
	return exitOK
}

// runVersion implements "respec version" and "respec --version".
func runVersion(c *call) int {
	bi, ok := debug.ReadBuildInfo()
	return c.emit(versionText(bi, ok) + "\n")
}

// versionText returns the version line for the build information bi (ok false: none).
func versionText(bi *debug.BuildInfo, ok bool) string {
	if !ok || bi == nil {
		return "respec: no build information in this binary (built without module support)"
	}
	settings := map[string]string{}
	for _, s := range bi.Settings {
		settings[s.Key] = s.Value
	}
	details := revisionDetails(settings)
	if bi.GoVersion != "" {
		details = append(details, "built with "+bi.GoVersion)
	}
	return versionLine(bi.Main.Version) + " (" + strings.Join(details, ", ") + ")"
}

// revisionDetails says which VCS revision the build settings record, and when it was
// committed.
func revisionDetails(settings map[string]string) []string {
	rev := settings["vcs.revision"]
	if rev == "" {
		return []string{"no VCS revision recorded"}
	}
	rev = rev[:min(len(rev), 12)]
	if settings["vcs.modified"] == "true" {
		rev += " with uncommitted changes"
	}
	details := []string{"revision " + rev}
	if t := settings["vcs.time"]; t != "" {
		details = append(details, "committed "+t)
	}
	return details
}

// versionLine is "respec VERSION", or what a build from a source tree is.
func versionLine(version string) string {
	if version == "" || version == "(devel)" {
		return "respec (devel): built from a source tree, not a tagged release"
	}
	return "respec " + version
}

// write writes b to w and reports a write failure on stderr; it returns false on failure.
func write(cmd string, w, stderr io.Writer, b []byte) bool {
	if _, err := w.Write(b); err != nil {
		fmt.Fprintf(stderr, "respec %s: %v\n", cmd, err)
		return false
	}
	return true
}
