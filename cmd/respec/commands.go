package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
)

// command is one respec subcommand. The usage list, "respec help CMD", "CMD -h", the shell
// completion scripts and the manual page are all made from these fields.
type command struct {
	name string
	// synopsis is what follows "respec NAME" in the usage line: "[--json] [FILE|-]".
	synopsis string
	// summary is the one line of the command list.
	summary string
	// help is the command's full description (paragraphs, wrapped at about 95 columns).
	help string
	// flags defines the command's flags on fs, storing their values in o; nil for none.
	flags func(fs *flag.FlagSet, o *options)
	// operands says what the positional arguments are.
	operands operands
	// words lists the values a word operand takes (for completion and checking); nil for
	// any.
	words func() []string
	// word names what a word operand is ("command", "shell").
	word string
	run  func(c *call) int
}

// operands is what a command takes after its flags.
type operands int

const (
	noOperands    operands = iota
	scenarioFile           // [FILE|-]: one scenario document
	linesFile              // [FILE|-]: JSON Lines, one scenario per line
	scenarioFiles          // [FILE|-]...: any number of scenario documents
	oneWord                // a word from words (optional)
	oneWordNeeded          // a word from words (required)
	twoFiles               // WORLD PLAN: two files (one of them may be "-")
)

// options holds every flag's value; each command's flags function binds the ones it has.
type options struct {
	json        bool
	strict      bool
	summaryJSON bool
	workers     int
	progress    progressMode
	serve       serveOptions
	// pricesOverlay is --prices-overlay: a file of real list prices applied over the
	// embedded catalog.
	pricesOverlay string
	// imp holds the flags of "respec import".
	imp    importOptions
	text   bool
	report string
	// api is the --api filter of "respec codes" ("": every API).
	api string
}

// call is one run of a command: its environment, its flags and its operands.
type call struct {
	env
	cmd  *command
	opts options
	args []string
}

// jsonFlag defines --json with the given help.
func jsonFlag(usage string) func(fs *flag.FlagSet, o *options) {
	return func(fs *flag.FlagSet, o *options) { fs.BoolVar(&o.json, "json", false, usage) }
}

// strictUsage is the help of --strict.
const strictUsage = "refuse (as unusable input, exit 2) a request with a key respec does not know, instead of warning in the plan"

// scenarioFlags defines --json with the given help, and --strict.
func scenarioFlags(jsonUsage string) func(fs *flag.FlagSet, o *options) {
	return func(fs *flag.FlagSet, o *options) {
		fs.BoolVar(&o.json, "json", false, jsonUsage)
		fs.BoolVar(&o.strict, "strict", false, strictUsage)
	}
}

// progressFlags defines --progress and --no-progress.
func progressFlags(fs *flag.FlagSet, o *options) {
	fs.Var(progressFlag{&o.progress, progressOn}, "progress", "show progress on standard error even when it is not a terminal")
	fs.Var(progressFlag{&o.progress, progressOff}, "no-progress", "never show progress (by default it shows when standard error is a terminal)")
}

// scenarioCommand is a command that reads one scenario and answers it with run: its synopsis,
// operands and flags (--json with jsonUsage, --strict) are every such command's.
func scenarioCommand(name string, run func(c *call) int, help, summary, jsonUsage string) command {
	return command{name: name, synopsis: "[--json] [--strict] [FILE|-]", operands: scenarioFile, run: run,
		summary: summary, help: help, flags: scenarioFlags(jsonUsage)}
}

// commandTable returns every command, in the order the usage lists them. It is a function, not
// a variable, because the help command's run refers back to it.
func commandTable() []command {
	return []command{
		{name: "example", synopsis: "", operands: noOperands, run: runExample,
			summary: "print a complete scenario to start from (an accepted upgrade, default catalog)",
			help:    exampleAbout},
		{name: "import", synopsis: "[--instances FILE] [--orders FILE] [--to TYPE] [more inputs and flags]", operands: noOperands, run: runImport,
			summary: "build a scenario from aliyun CLI output (DescribeInstances, DescribeDisks, ..., the order list)",
			help:    importAbout, flags: importFlags},
		scenarioCommand("decide", runDecide, decideAbout,
			"decide one scenario: the plan (charge or refund, effect) or the documented error",
			"write the answer as JSON: Accepted, then the error body with HttpStatus, Rule, Stage, Evidence and RetryClass, or RequestId, OrderId and the Plan"),
		scenarioCommand("explain", runExplain, explainAbout,
			"list every rule a scenario's request breaks, with the evidence",
			`write {"Accepted", "Issues": [...]} as JSON`),
		scenarioCommand("targets", runTargets, targetsAbout,
			"list the types a scenario's instance can change to now, with stock and price delta",
			"write the list as JSON (a refusal as the API's error body with HttpStatus)"),
		scenarioCommand("quote", runQuote, quoteAbout,
			"price an upgrade like DescribeInstanceModificationPrice (a downgrade: its refund)",
			"write the price as JSON (a refusal as the API's error body with HttpStatus)"),
		{name: "batch", synopsis: "[--strict] [--summary-json] [--workers N] [--progress|--no-progress] [FILE|-]", operands: linesFile, run: runBatch,
			summary: "decide a JSON Lines stream of scenarios, one decision per line, in order",
			help:    batchAbout,
			flags: func(fs *flag.FlagSet, o *options) {
				fs.BoolVar(&o.json, "json", true, "accepted for symmetry with the other commands: batch always writes JSON Lines")
				fs.BoolVar(&o.strict, "strict", false, strictUsage)
				fs.BoolVar(&o.summaryJSON, "summary-json", false, `also write the summary as the last line of standard output, as {"Summary": {...}}`)
				fs.IntVar(&o.workers, "workers", runtime.GOMAXPROCS(0), "decide this many lines at once, from 1 to 256 (the output keeps the input order)")
				progressFlags(fs, o)
			}},
		{name: "simulate", synopsis: "[--text] [--report FILE] [--progress|--no-progress] WORLD PLAN", operands: twoFiles, run: runSimulate,
			summary: "run a fleet plan on a world: every request shares balances, quotas and throttling",
			help:    simulateAbout,
			flags: func(fs *flag.FlagSet, o *options) {
				fs.BoolVar(&o.text, "text", false, "write the outcomes and the summary as text instead of JSON Lines")
				fs.StringVar(&o.report, "report", "", "also write a self-contained HTML report (balance over time, money per instance, outcomes, refusals) to `FILE`")
				progressFlags(fs, o)
			}},
		{name: "validate", synopsis: "[--json] [FILE|-]...", operands: scenarioFiles, run: runValidate,
			summary: "check scenario documents against the schema: every problem at once, with its JSON path",
			help:    validateAbout,
			flags:   jsonFlag(`write one {"File", "Valid", "Issues": [{"Path", "Reason"}]} line per file`)},
		{name: "serve", synopsis: "[--listen HOST:PORT] [--world FILE] [--clock real|manual] [--now T]", operands: noOperands, run: runServe,
			summary: "serve a wire-compatible ECS endpoint over a simulated world, for the official SDKs",
			help:    serveAbout, flags: serveFlags},
		{name: "codes", synopsis: "[--api NAME] [--json]", operands: noOperands, run: runCodes,
			summary: "list every error respec can return: HTTP status, code, retry class, condition",
			help:    codesAbout,
			flags:   codesFlags},
		{name: "help", synopsis: "[COMMAND]", operands: oneWord, run: runHelp, words: commandNames, word: "command",
			summary: "print the list of commands, or one command's help and flags",
			help:    helpAbout},
		{name: "version", synopsis: "", operands: noOperands, run: runVersion,
			summary: "print respec's version and VCS revision (also: respec --version)",
			help:    versionAbout},
		{name: "completion", synopsis: "bash|zsh|fish", operands: oneWordNeeded, run: runCompletion, words: shells, word: "shell",
			summary: "print a shell completion script for bash, zsh or fish",
			help:    completionAbout},
		{name: "man", synopsis: "", operands: noOperands, run: runMan,
			summary: "print the manual page (roff: respec man | man -l -)",
			help:    manAbout},
	}
}

// lookup returns the command called name, or nil.
func lookup(name string) *command {
	for _, c := range commandTable() {
		if c.name == name {
			return &c
		}
	}
	return nil
}

// commandNames returns every command's name, in table order.
func commandNames() []string {
	return namesOf(commandTable(), func(c command) string { return c.name })
}

// namesOf returns the name of each of xs, in order.
func namesOf[T any](xs []T, name func(T) string) []string {
	names := make([]string, len(xs))
	for i, x := range xs {
		names[i] = name(x)
	}
	return names
}

// flagSet returns c's flags, with errors and usage left to the caller.
func (c *command) flagSet(o *options) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if c.flags != nil {
		c.flags(fs, o)
	}
	if c.operands == scenarioFile || c.operands == linesFile {
		fs.StringVar(&o.pricesOverlay, "prices-overlay", "", "apply the real list prices of `FILE` over the embedded catalog (README: the price overlay)")
	}
	return fs
}

// flagInfo is one flag as the help, the completion scripts and the manual page show it.
type flagInfo struct {
	name, usage string
	// arg names the flag's value ("N", "FILE", "real|manual"), empty for a boolean flag.
	arg string
	// values are the values of a flag that takes one of a closed set (a choiceFlag), nil
	// for any.
	values []string
}

// takesFile reports whether the flag's value is a file name: its usage names it `FILE`.
func (f flagInfo) takesFile() bool { return f.arg == fileArg }

// fileArg is the name a flag's usage gives a file value (in backquotes: "read `FILE`").
const fileArg = "FILE"

// choiceFlag is a string flag whose value is one of a closed set: the help shows the set
// (--clock real|manual) and the completion scripts offer it. The command checks the value,
// as it does for any string flag.
type choiceFlag struct {
	p      *string
	values []string
}

// choiceVar defines the flag name with the default def, one of values.
func choiceVar(fs *flag.FlagSet, p *string, name, def string, values []string, usage string) {
	*p = def
	fs.Var(choiceFlag{p, values}, name, usage)
}

// String returns the value set (flag.Value).
func (c choiceFlag) String() string {
	if c.p == nil {
		return ""
	}
	return *c.p
}

// Set stores s; the command says when it is not one of the values.
func (c choiceFlag) Set(s string) error { *c.p = s; return nil }

// flagList returns c's flags, sorted by name.
func (c *command) flagList() []flagInfo {
	var o options
	var list []flagInfo
	c.flagSet(&o).VisitAll(func(f *flag.Flag) {
		arg, usage, values := flagArg(f)
		list = append(list, flagInfo{name: f.Name, usage: usage, arg: arg, values: values})
	})
	return list
}

// flagArg returns the name of f's value ("N" for a number, "" for a boolean flag, "a|b" for
// a closed set whose usage does not name its value in back quotes), its usage without the
// name's quotes, and the closed set's values.
func flagArg(f *flag.Flag) (arg, usage string, values []string) {
	arg, usage = flag.UnquoteUsage(f)
	if ch, ok := f.Value.(choiceFlag); ok {
		if strings.Contains(f.Usage, "`") { // the usage names the value and lists the values itself
			return arg, usage, ch.values
		}
		return strings.Join(ch.values, "|"), usage, ch.values
	}
	if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return "", usage, nil
	}
	if arg == "value" || arg == "int" {
		arg = "N"
	}
	return arg, usage, nil
}

// usageLine returns "respec NAME SYNOPSIS".
func (c *command) usageLine() string {
	return strings.TrimSpace("respec " + c.name + " " + c.synopsis)
}

// runCommand parses c's flags and operands from args and runs it. A bad flag or operand gets
// one line on stderr with the reason and where to find the usage (exit 2); -h prints the
// command's help on stderr (exit 0).
func runCommand(c *command, args []string, e env) int {
	cl := &call{env: e, cmd: c}
	pos, err := parseArgs(c.flagSet(&cl.opts), args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return cl.emitTo(e.stderr, commandHelp(c))
	case err != nil:
		return cl.usageErr("%v", err)
	}
	if problem := c.operandProblem(pos); problem != "" {
		return cl.usageErr("%s", problem)
	}
	cl.args = pos
	return c.run(cl)
}

// operandProblem says what is wrong with the positional arguments pos of c, "" when nothing.
func (c *command) operandProblem(pos []string) string {
	switch c.operands {
	case noOperands:
		return noOperandProblem(pos)
	case scenarioFile, linesFile:
		return oneInputProblem(pos)
	case twoFiles:
		return twoFilesProblem(pos)
	case oneWord, oneWordNeeded:
		return c.wordProblem(pos)
	}
	return ""
}

// noOperandProblem: a command without operands takes none.
func noOperandProblem(pos []string) string {
	if len(pos) > 0 {
		return fmt.Sprintf("unexpected argument %q", pos[0])
	}
	return ""
}

// oneInputProblem: a command of one input takes one file at most (none: standard input).
func oneInputProblem(pos []string) string {
	if len(pos) > 1 {
		return fmt.Sprintf("one input at most, got %d (%q, %q, ...)", len(pos), pos[0], pos[1])
	}
	return ""
}

// twoFilesProblem: simulate takes exactly two files, WORLD and PLAN.
func twoFilesProblem(pos []string) string {
	if len(pos) != 2 {
		return fmt.Sprintf("want two files, WORLD and PLAN, got %d", len(pos))
	}
	return ""
}

// wordProblem checks the word operand of c: one at most, required for oneWordNeeded, one of
// c.words when c has them.
func (c *command) wordProblem(pos []string) string {
	switch {
	case len(pos) > 1:
		return fmt.Sprintf("unexpected argument %q", pos[1])
	case len(pos) == 0:
		return c.missingWord()
	}
	return c.unknownWord(pos[0])
}

// missingWord is the problem of a missing word operand: none when it is optional.
func (c *command) missingWord() string {
	if c.operands == oneWordNeeded {
		return "missing argument: " + c.synopsis
	}
	return ""
}

// unknownWord is the problem of word w when c lists its words and w is not one of them.
func (c *command) unknownWord(w string) string {
	if c.words == nil || slices.Contains(c.words(), w) {
		return ""
	}
	return fmt.Sprintf("unknown %s %q: want one of %s", c.word, w, strings.Join(c.words(), ", "))
}

// usageErr reports a usage error of the call on one line, with the -h hint, and returns 2.
func (cl *call) usageErr(format string, a ...any) int {
	fmt.Fprintf(cl.stderr, "respec %s: %s (run 'respec %s -h' for usage)\n", cl.cmd.name, fmt.Sprintf(format, a...), cl.cmd.name)
	return exitUsage
}

// parseArgs parses flags that may come before or after the positional arguments (a "--" ends
// the flags) and returns the positional ones.
func parseArgs(fs *flag.FlagSet, args []string) (pos []string, err error) {
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
