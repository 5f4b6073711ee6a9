// Command respec answers questions about ECS's ModifyPrepayInstanceSpec from the command line.
//
// Usage:
//
//	respec <command> [arguments]
//
// Run "respec -h" for the list of commands and "respec <command> -h" for a command's flags.
//
// Exit status: 0 on success (for decide, quote and targets: the request is accepted; for
// explain: no rule is broken), 3 when the request is refused with a documented API error, 2
// for unusable input (unknown command or flag, unreadable file, input that is not a valid
// scenario) with a one-line reason on standard error, 1 when the output cannot be written.
package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

// command is one respec subcommand. run receives the arguments after the command's name and
// returns the exit status.
type command struct {
	summary string
	run     func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

// commands holds every subcommand by name. Each command registers itself from its own file's
// init function, so adding a command does not touch this file.
var commands = map[string]command{}

// register adds a command; a name registered twice is a programming error.
func register(name, summary string, run func(args []string, stdin io.Reader, stdout, stderr io.Writer) int) {
	if _, dup := commands[name]; dup {
		panic("respec: command " + name + " registered twice")
	}
	commands[name] = command{summary: summary, run: run}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK      = 0
	exitFail    = 1
	exitUsage   = 2
	exitRefused = 3
)

// run dispatches args (without the program name) to a command and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprintln(stderr, "respec: no command given (run 'respec -h' for the list)")
		return exitUsage
	}
	switch name := args[0]; name {
	case "-h", "-help", "--help", "help":
		if err := usage(stdout); err != nil {
			fmt.Fprintln(stderr, "respec:", err)
			return exitFail
		}
		return exitOK
	default:
		c, ok := commands[name]
		if !ok {
			fmt.Fprintf(stderr, "respec: unknown command %q (run 'respec -h' for the list)\n", name)
			return exitUsage
		}
		return c.run(args[1:], stdin, stdout, stderr)
	}
}

// usage writes the list of commands, sorted by name.
func usage(w io.Writer) error {
	var b strings.Builder
	b.WriteString("Usage: respec <command> [arguments]\n\nCommands:\n")
	names := make([]string, 0, len(commands))
	width := 0
	for name := range commands {
		names = append(names, name)
		width = max(width, len(name))
	}
	slices.Sort(names)
	for _, name := range names {
		fmt.Fprintf(&b, "  %-*s  %s\n", width, name, commands[name].summary)
	}
	b.WriteString("\nRun 'respec <command> -h' for a command's flags.\n")
	_, err := io.WriteString(w, b.String())
	return err
}
