package main

import (
	"strings"
)

const manAbout = `Prints respec's manual page in roff, made from the command table: every command with its
synopsis, description and flags, and the exit statuses. Read it with "respec man | man -l -";
install it as respec.1 in a man1 directory.`

// runMan implements "respec man".
func runMan(c *call) int { return c.emit(manPage()) }

// roff escapes text for a roff text line: backslashes, hyphens (so that flags copy and search
// as ASCII hyphens) and a leading dot or quote (which would start a request).
func roff(s string) string {
	s = strings.NewReplacer(`\`, `\e`, "-", `\-`).Replace(s)
	if strings.HasPrefix(s, ".") || strings.HasPrefix(s, "'") {
		s = `\&` + s
	}
	return s
}

// roffParagraphs writes text (paragraphs separated by blank lines; indented lines are
// examples, kept as they are) as roff.
func roffParagraphs(b *strings.Builder, text string) {
	inExample := false
	for _, line := range strings.Split(text, "\n") {
		switch {
		case strings.TrimSpace(line) == "":
			if inExample {
				b.WriteString(".fi\n.RE\n")
				inExample = false
			}
			b.WriteString(".PP\n")
		case strings.HasPrefix(line, "  "):
			if !inExample {
				b.WriteString(".RS 4\n.nf\n")
				inExample = true
			}
			b.WriteString(roff(strings.TrimSpace(line)) + "\n")
		default:
			if inExample {
				b.WriteString(".fi\n.RE\n")
				inExample = false
			}
			b.WriteString(roff(line) + "\n")
		}
	}
	if inExample {
		b.WriteString(".fi\n.RE\n")
	}
}

// manPage returns respec(1) in roff (man macros).
func manPage() string {
	var b strings.Builder
	b.WriteString(`.TH RESPEC 1 "" "respec" "User Commands"` + "\n.nh\n.ad l\n")
	b.WriteString(".SH NAME\nrespec \\- what ECS ModifyPrepayInstanceSpec would do with a request, without side effects\n")
	b.WriteString(".SH SYNOPSIS\n")
	for _, c := range commandTable() {
		b.WriteString(".B respec " + roff(c.name) + "\n")
		if c.synopsis != "" {
			b.WriteString(roff(c.synopsis) + "\n")
		}
		b.WriteString(".br\n")
	}
	b.WriteString(".B respec \\-\\-version\n")
	b.WriteString(".SH DESCRIPTION\n")
	roffParagraphs(&b, `respec answers, exactly and without side effects, what Alibaba Cloud ECS's
ModifyPrepayInstanceSpec would do with a request to change the instance type of a
subscription instance: a validated plan (upgrade or downgrade, the charge or refund to the
cent, when the new type takes effect and what restarts) or the specific documented error,
with its HTTP status. A scenario is one JSON document holding the request, the moment and the
facts (instance, account, orders, catalog, policy); "respec example" prints one. FILE "-" or
no FILE reads standard input. A scenario without "catalog" uses the embedded default catalog,
whose prices are illustrative.`)
	b.WriteString(".SH COMMANDS\n")
	for _, c := range commandTable() {
		b.WriteString(".SS " + roff(c.usageLine()) + "\n")
		b.WriteString(roff(c.summary) + ".\n.PP\n")
		roffParagraphs(&b, c.help)
		for _, f := range c.flagList() {
			b.WriteString(".TP\n.B \\-\\-" + roff(f.name))
			if f.arg != "" {
				b.WriteString(" " + roff(f.arg))
			}
			b.WriteString("\n" + roff(f.usage) + "\n")
		}
	}
	b.WriteString(".SH EXIT STATUS\n")
	for _, e := range []struct{ code, text string }{
		{"0", "success: the request is accepted (decide, quote, targets), no rule is broken (explain), the output is written (the other commands)"},
		{"1", "the output could not be written"},
		{"2", "unusable input: an unknown command or flag, an unreadable file, input that is not a valid scenario; one line on standard error says why"},
		{"3", "the request is refused with a documented API error"},
	} {
		b.WriteString(".TP\n.B " + e.code + "\n" + roff(e.text) + "\n")
	}
	b.WriteString(".SH SEE ALSO\nThe README of https://github.com/respec\\-dev/respec: the scenario format, the rules in precedence order and the decisions where the documentation is silent.\n")
	return b.String()
}
