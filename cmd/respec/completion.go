package main

import (
	"fmt"
	"strings"
)

const completionAbout = `Prints a completion script for the shell named, made from the command table: command names,
each command's flags, file names where a command or a flag reads a file (--prices-overlay,
import's inputs, --report, --world), the values of a flag that takes one of a few
(--clock real|manual). Load it with

  bash:  source <(respec completion bash)
  zsh:   source <(respec completion zsh)
  fish:  respec completion fish | source`

// shells returns the shells "respec completion" writes scripts for.
func shells() []string { return []string{"bash", "zsh", "fish"} }

// runCompletion implements "respec completion bash|zsh|fish".
func runCompletion(c *call) int {
	var script string
	switch c.args[0] {
	case "bash":
		script = bashCompletion()
	case "zsh":
		script = zshCompletion()
	case "fish":
		script = fishCompletion()
	}
	return c.emit(script)
}

// takesFile reports whether c reads a file operand.
func (c *command) takesFile() bool {
	return c.operands == scenarioFile || c.operands == linesFile || c.operands == scenarioFiles || c.operands == twoFiles
}

// flagGroups sorts c's flags that take a value by what completes it: file names, a closed
// set of values (by flag), or nothing respec can offer (a number, a time, a type name).
func (c *command) flagGroups() (files []string, choices []flagInfo, free []string) {
	for _, f := range c.flagList() {
		switch {
		case f.arg == "":
		case f.takesFile():
			files = append(files, "--"+f.name)
		case f.values != nil:
			choices = append(choices, f)
		default:
			free = append(free, "--"+f.name)
		}
	}
	return files, choices, free
}

// bashCompletion returns the bash script: "source <(respec completion bash)".
func bashCompletion() string {
	var b strings.Builder
	b.WriteString("# bash completion for respec; load with: source <(respec completion bash)\n")
	b.WriteString("_respec() {\n")
	b.WriteString("\tlocal cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n")
	// --flag=value: bash splits at "=" (COMP_WORDBREAKS), so the flag is the word before it.
	b.WriteString("\tif [ \"$cur\" = \"=\" ]; then\n\t\tcur=\"\"\n\telif [ \"$prev\" = \"=\" ]; then\n\t\tprev=\"${COMP_WORDS[COMP_CWORD-2]}\"\n\tfi\n")
	b.WriteString("\tif [ \"$COMP_CWORD\" -eq 1 ]; then\n")
	fmt.Fprintf(&b, "\t\tCOMPREPLY=($(compgen -W %q -- \"$cur\"))\n", strings.Join(commandNames(), " ")+" --help --version")
	b.WriteString("\t\treturn\n\tfi\n")
	b.WriteString("\tcase \"${COMP_WORDS[1]}\" in\n")
	for _, c := range commandTable() {
		fmt.Fprintf(&b, "\t%s)\n", c.name)
		bashFlagValues(&b, &c)
		flags := []string{"-h"}
		for _, f := range c.flagList() {
			flags = append(flags, "--"+f.name)
		}
		fmt.Fprintf(&b, "\t\tcase \"$cur\" in\n\t\t-*) COMPREPLY=($(compgen -W %q -- \"$cur\")) ;;\n", strings.Join(flags, " "))
		switch {
		case c.takesFile():
			b.WriteString("\t\t*) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n")
		case c.words != nil:
			fmt.Fprintf(&b, "\t\t*) [ \"$COMP_CWORD\" -eq 2 ] && COMPREPLY=($(compgen -W %q -- \"$cur\")) ;;\n", strings.Join(c.words(), " "))
		}
		b.WriteString("\t\tesac\n\t\t;;\n")
	}
	b.WriteString("\tesac\n}\ncomplete -o filenames -F _respec respec\n")
	return b.String()
}

// bashFlagValues writes the completion of the word after a flag of c that takes a value:
// file names, the flag's values, or nothing.
func bashFlagValues(b *strings.Builder, c *command) {
	files, choices, free := c.flagGroups()
	if files == nil && choices == nil && free == nil {
		return
	}
	b.WriteString("\t\tcase \"$prev\" in\n")
	if files != nil {
		fmt.Fprintf(b, "\t\t%s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", strings.Join(files, "|"))
	}
	for _, f := range choices {
		fmt.Fprintf(b, "\t\t--%s) COMPREPLY=($(compgen -W %q -- \"$cur\")); return ;;\n", f.name, strings.Join(f.values, " "))
	}
	if free != nil {
		fmt.Fprintf(b, "\t\t%s) return ;;\n", strings.Join(free, "|"))
	}
	b.WriteString("\t\tesac\n")
}

// zshQuote returns s in zsh single quotes.
func zshQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// zshBracket escapes a description for the brackets of an _arguments spec ("--flag[...]").
func zshBracket(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`).Replace(s)
}

// zshAction returns what follows a flag's spec in _arguments: ":FILE:_files" for a file,
// ":real|manual:(real manual)" for a closed set, ":N:" for another value, "" for a boolean.
func zshAction(f flagInfo) string {
	switch {
	case f.arg == "":
		return ""
	case f.takesFile():
		return ":" + f.arg + ":_files"
	case f.values != nil:
		return ":" + f.arg + ":(" + strings.Join(f.values, " ") + ")"
	}
	return ":" + f.arg + ":"
}

// zshCompletion returns the zsh script: "source <(respec completion zsh)" after compinit.
func zshCompletion() string {
	var b strings.Builder
	b.WriteString("#compdef respec\n# zsh completion for respec; load with: source <(respec completion zsh)\n")
	b.WriteString("_respec() {\n\tlocal -a commands\n\tcommands=(\n")
	for _, c := range commandTable() {
		b.WriteString("\t\t" + zshQuote(c.name+":"+c.summary) + "\n")
	}
	b.WriteString("\t)\n\tif (( CURRENT == 2 )); then\n\t\t_describe -t commands 'respec command' commands\n\t\treturn\n\tfi\n")
	b.WriteString("\tlocal cmd=$words[2]\n\tshift words\n\t(( CURRENT-- ))\n\tcase $cmd in\n")
	for _, c := range commandTable() {
		fmt.Fprintf(&b, "\t%s)\n\t\t_arguments", c.name)
		for _, f := range c.flagList() {
			spec := "--" + f.name + "[" + zshBracket(f.usage) + "]" + zshAction(f)
			b.WriteString(" \\\n\t\t\t" + zshQuote(spec))
		}
		switch {
		case c.operands == twoFiles:
			b.WriteString(" \\\n\t\t\t'1:world file:_files' \\\n\t\t\t'2:plan file:_files'")
		case c.operands == scenarioFiles:
			b.WriteString(" \\\n\t\t\t'*:file:_files'")
		case c.takesFile():
			b.WriteString(" \\\n\t\t\t'1:scenario file:_files'")
		case c.words != nil:
			b.WriteString(" \\\n\t\t\t" + zshQuote("1:"+c.word+":("+strings.Join(c.words(), " ")+")"))
		}
		b.WriteString("\n\t\t;;\n")
	}
	b.WriteString("\tesac\n}\ncompdef _respec respec\n")
	return b.String()
}

// fishQuote returns s in fish single quotes.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

// fishValue returns a flag's options in fish: " -r -F" for a file, " -x -a 'real manual'"
// for a closed set, " -x" for another value, "" for a boolean.
func fishValue(f flagInfo) string {
	switch {
	case f.arg == "":
		return ""
	case f.takesFile():
		return " -r -F"
	case f.values != nil:
		return " -x -a " + fishQuote(strings.Join(f.values, " "))
	}
	return " -x"
}

// fishCompletion returns the fish script: "respec completion fish | source".
func fishCompletion() string {
	var b strings.Builder
	b.WriteString("# fish completion for respec; load with: respec completion fish | source\n")
	b.WriteString("complete -c respec -f\n")
	b.WriteString("complete -c respec -n __fish_use_subcommand -l version -d 'print the version'\n")
	for _, c := range commandTable() {
		fmt.Fprintf(&b, "complete -c respec -n __fish_use_subcommand -a %s -d %s\n", c.name, fishQuote(c.summary))
	}
	for _, c := range commandTable() {
		cond := fishQuote("__fish_seen_subcommand_from " + c.name)
		for _, f := range c.flagList() {
			fmt.Fprintf(&b, "complete -c respec -n %s -l %s%s -d %s\n", cond, f.name, fishValue(f), fishQuote(f.usage))
		}
		switch {
		case c.takesFile():
			fmt.Fprintf(&b, "complete -c respec -n %s -F\n", cond)
		case c.words != nil:
			fmt.Fprintf(&b, "complete -c respec -n %s -a %s\n", cond, fishQuote(strings.Join(c.words(), " ")))
		}
	}
	return b.String()
}
