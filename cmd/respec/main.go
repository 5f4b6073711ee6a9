// Command respec answers questions about ECS's ModifyPrepayInstanceSpec from the command line.
//
// Usage:
//
//	respec <command> [arguments]
//
// Run "respec help" for the list of commands and "respec help <command>" (or
// "respec <command> -h") for a command's help and flags; "respec man" prints the manual page
// and "respec completion bash|zsh|fish" a shell completion script, all made from the one
// command table in commands.go.
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
	"time"
)

func main() {
	os.Exit(runEnv(os.Args[1:], env{
		stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr,
		stdinTerminal: isTerminal(os.Stdin), stderrTerminal: isTerminal(os.Stderr),
	}))
}

// Exit statuses.
const (
	exitOK      = 0
	exitFail    = 1
	exitUsage   = 2
	exitRefused = 3
)

// env is what a command runs with: its streams, and whether standard input and standard error
// are terminals (a person typing, a person watching).
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	stdinTerminal  bool
	stderrTerminal bool
	// progressEvery is how often batch reports its progress; zero means every half second.
	progressEvery time.Duration
}

// run dispatches args (without the program name) to a command and returns the exit status.
// Standard input and standard error count as terminals when they are *os.File terminals.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := env{stdin: stdin, stdout: stdout, stderr: stderr}
	if f, ok := stdin.(*os.File); ok {
		e.stdinTerminal = isTerminal(f)
	}
	if f, ok := stderr.(*os.File); ok {
		e.stderrTerminal = isTerminal(f)
	}
	return runEnv(args, e)
}

// runEnv is run with the terminal facts given.
func runEnv(args []string, e env) int {
	if len(args) == 0 {
		fmt.Fprintln(e.stderr, "respec: no command given (run 'respec -h' for the list)")
		return exitUsage
	}
	switch name := args[0]; name {
	case "-h", "-help", "--help":
		return runCommand(lookup("help"), nil, e)
	case "-version", "--version":
		return runCommand(lookup("version"), args[1:], e)
	default:
		c := lookup(name)
		if c == nil {
			fmt.Fprintf(e.stderr, "respec: unknown command %q (run 'respec -h' for the list)\n", name)
			return exitUsage
		}
		return runCommand(c, args[1:], e)
	}
}
