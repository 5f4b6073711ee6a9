package main

import (
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"
	"time"
)

// "help CMD" prints that command's help on stdout: the text "CMD -h" prints on stderr.
func TestHelpCommand(t *testing.T) {
	for _, c := range commandTable() {
		code, out, errOut := runArgs("help", c.name)
		if code != exitOK || errOut != "" || out != commandHelp(lookup(c.name)) {
			t.Errorf("help %s: exit %d, stderr %q, stdout %.80q", c.name, code, errOut, out)
		}
		code, _, errOut = runArgs(c.name, "-h")
		if code != exitOK || errOut != out {
			t.Errorf("%s -h: exit %d, stderr differs from help %s:\n%s", c.name, code, c.name, errOut)
		}
	}
	_, out, _ := runArgs("help", "decide")
	const head = "Usage: respec decide [--json] [--strict] [FILE|-]\n\nReads one scenario (JSON; FILE, or standard input for \"-\" or no FILE) and answers what\n"
	const flags = "\nFlags:\n  --json\n    \twrite the answer as JSON: Accepted, then the error body with HttpStatus, Rule, Stage, Evidence and RetryClass, or RequestId, OrderId and the Plan\n" +
		"  --prices-overlay FILE\n    \tapply the real list prices of FILE over the embedded catalog (README: the price overlay)\n" +
		"  --strict\n    \trefuse (as unusable input, exit 2) a request with a key respec does not know, instead of warning in the plan\n"
	if !strings.HasPrefix(out, head) || !strings.HasSuffix(out, flags) {
		t.Errorf("help decide:\n%s", out)
	}
	_, out, _ = runArgs("help", "batch")
	for _, want := range []string{"  --workers N\n", "  --progress\n", "  --no-progress\n", "  --summary-json\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("help batch lacks %q", want)
		}
	}
}

// A bad flag or argument gets one line: the reason and the -h hint, not the usage.
func TestBadUsageIsOneLine(t *testing.T) {
	for args, want := range map[string]string{
		"help bogus":          "respec help: unknown command \"bogus\": want one of example, import, decide, explain, targets, quote, batch, simulate, validate, serve, codes, help, version, completion, man (run 'respec help -h' for usage)\n",
		"help decide quote":   "respec help: unexpected argument \"quote\" (run 'respec help -h' for usage)\n",
		"batch --workers x":   "respec batch: invalid value \"x\" for flag -workers: parse error (run 'respec batch -h' for usage)\n",
		"batch --workers":     "respec batch: flag needs an argument: -workers (run 'respec batch -h' for usage)\n",
		"codes --bogus":       "respec codes: flag provided but not defined: -bogus (run 'respec codes -h' for usage)\n",
		"version --short":     "respec version: flag provided but not defined: -short (run 'respec version -h' for usage)\n",
		"completion":          "respec completion: missing argument: bash|zsh|fish (run 'respec completion -h' for usage)\n",
		"completion tcsh":     "respec completion: unknown shell \"tcsh\": want one of bash, zsh, fish (run 'respec completion -h' for usage)\n",
		"decide --progress x": "respec decide: flag provided but not defined: -progress (run 'respec decide -h' for usage)\n",
	} {
		code, out, errOut := runArgs(strings.Fields(args)...)
		if code != exitUsage || out != "" || errOut != want {
			t.Errorf("respec %s: exit %d, stdout %q, stderr %q; want 2 and %q", args, code, out, errOut, want)
		}
	}
}

func TestVersionText(t *testing.T) {
	const rev = "0123456789abcdef0123456789abcdef01234567"
	settings := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{"release", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/respec-dev/respec", Version: "v1.2.0"},
			Settings: settings("vcs.revision", rev, "vcs.time", "2026-11-30T10:00:00Z", "vcs.modified", "false")},
			true, "respec v1.2.0 (revision 0123456789ab, committed 2026-11-30T10:00:00Z, built with go1.26.8)"},
		{"devel, modified", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"},
			Settings: settings("vcs.revision", rev, "vcs.time", "2026-11-30T10:00:00Z", "vcs.modified", "true")},
			true, "respec (devel): built from a source tree, not a tagged release (revision 0123456789ab with uncommitted changes, committed 2026-11-30T10:00:00Z, built with go1.26.8)"},
		{"devel, no VCS", &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Version: "(devel)"}},
			true, "respec (devel): built from a source tree, not a tagged release (no VCS revision recorded, built with go1.26.8)"},
		{"empty version", &debug.BuildInfo{Main: debug.Module{Version: ""}, Settings: settings("vcs.revision", "abc")},
			true, "respec (devel): built from a source tree, not a tagged release (revision abc)"},
		{"no build info", nil, false, "respec: no build information in this binary (built without module support)"},
	} {
		if got := versionText(tc.bi, tc.ok); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
	// Both spellings print the running binary's line.
	bi, ok := debug.ReadBuildInfo()
	want := versionText(bi, ok) + "\n"
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		if code, out, errOut := runArgs(args...); code != exitOK || errOut != "" || out != want {
			t.Errorf("%q: exit %d, stdout %q, stderr %q; want %q", args, code, out, errOut, want)
		}
	}
}

// Reading a terminal with no file, a command says what it waits for, on stderr; not with a
// file, not from a pipe.
func TestWaitingForStdin(t *testing.T) {
	in := readExample(t, "upgrade-running.json")
	tty := env{stdinTerminal: true}
	code, out, errOut := runWith(tty, in, "decide")
	if code != exitOK || !strings.HasPrefix(out, "ACCEPTED") ||
		errOut != "respec decide: waiting for a scenario (JSON) on standard input (end it with Ctrl-D; 'respec example' prints one; 'respec decide -h' for help)\n" {
		t.Errorf("decide on a terminal: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runWith(tty, append(compact(t, "upgrade-running.json"), '\n'), "batch", "-")
	if code != exitOK || !strings.HasPrefix(errOut, "respec batch: waiting for scenarios (JSON Lines, one per line) on standard input (end it with Ctrl-D;") {
		t.Errorf("batch on a terminal: exit %d, stderr %q", code, errOut)
	}
	file := writeFile(t, t.TempDir(), "s.json", in)
	if _, _, errOut := runWith(tty, nil, "decide", file); errOut != "" {
		t.Errorf("decide FILE on a terminal: stderr %q", errOut)
	}
	if _, _, errOut := runWith(env{}, in, "decide"); errOut != "" {
		t.Errorf("decide from a pipe: stderr %q", errOut)
	}
}

func TestIsTerminal(t *testing.T) {
	f, err := os.Create(filepath.Join(t.TempDir(), "stderr"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if isTerminal(f) || isTerminal(w) || isTerminal(nil) {
		t.Errorf("a file (%v), a pipe (%v) or nil (%v) counted as a terminal", isTerminal(f), isTerminal(w), isTerminal(nil))
	}
	// The null device is a character device but not a terminal; another character device is
	// taken for one (the test cannot open a real terminal).
	if null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0); err == nil {
		defer null.Close()
		if isTerminal(null) {
			t.Errorf("%s is counted as a terminal", os.DevNull)
		}
	}
	if zero, err := os.Open("/dev/zero"); err == nil {
		defer zero.Close()
		if !isTerminal(zero) {
			t.Error("/dev/zero, a character device, is not counted as a terminal")
		}
	}
	// run asks the real stderr: a file is not a terminal, so batch shows no progress.
	var out bytes.Buffer
	if code := run([]string{"batch", "--workers", "1"}, bytes.NewReader(append(compact(t, "upgrade-running.json"), '\n')), &out, f); code != exitOK {
		t.Fatalf("batch: exit %d", code)
	}
	b, err := os.ReadFile(f.Name())
	if err != nil {
		t.Fatal(err)
	}
	if got := string(b); got != "respec batch: 1 decision: 1 ACCEPTED; charged 4377.80 CNY; unpaid orders 0; refunded 0 (illustrative prices)\n" {
		t.Errorf("stderr file %q", got)
	}
}

func TestProgressLine(t *testing.T) {
	for _, tc := range []struct {
		n    int64
		d    time.Duration
		want string
	}{
		{1200, 2 * time.Second, "respec batch: 1200 decisions, 600/s, 2s elapsed"},
		{1, 0, "respec batch: 1 decision, -/s, 0s elapsed"},
		{10, 1500*time.Millisecond + 99*time.Millisecond, "respec batch: 10 decisions, 6/s, 1.5s elapsed"},
		{0, 61 * time.Second, "respec batch: 0 decisions, 0/s, 1m1s elapsed"},
	} {
		if got := progressLine(tc.n, tc.d); got != tc.want {
			t.Errorf("progressLine(%d, %v) = %q, want %q", tc.n, tc.d, got, tc.want)
		}
	}
}

// slowLines yields one line per Read, pausing before each, so that a batch lasts long enough
// for progress reports.
type slowLines struct {
	lines [][]byte
	pause time.Duration
}

func (s *slowLines) Read(p []byte) (int, error) {
	if len(s.lines) == 0 {
		return 0, io.EOF
	}
	time.Sleep(s.pause)
	n := copy(p, s.lines[0])
	s.lines[0] = s.lines[0][n:]
	if len(s.lines[0]) == 0 {
		s.lines = s.lines[1:]
	}
	return n, nil
}

// Progress shows on a terminal and never elsewhere; the flags override; the line is blanked
// before the summary.
func TestBatchProgress(t *testing.T) {
	line := append(compact(t, "upgrade-running.json"), '\n')
	const summary = "respec batch: 8 decisions: 8 ACCEPTED; charged 35022.40 CNY; unpaid orders 0; refunded 0 (illustrative prices)\n"
	report := regexp.MustCompile(`\rrespec batch: [0-8] decisions?, (-|[0-9]+)/s, [0-9.]+m?s elapsed *`)
	for _, tc := range []struct {
		terminal bool
		flags    []string
		shown    bool
	}{
		{true, nil, true},
		{false, nil, false},
		{true, []string{"--no-progress"}, false},
		{false, []string{"--progress"}, true},
		{false, []string{"--progress=false"}, false},
		{true, []string{"--progress", "--no-progress"}, false},
		{false, []string{"--no-progress", "--progress"}, true},
	} {
		in := &slowLines{pause: 4 * time.Millisecond}
		for range 8 {
			in.lines = append(in.lines, bytes.Clone(line))
		}
		var out, errOut bytes.Buffer
		args := append([]string{"batch", "--workers", "2"}, tc.flags...)
		code := runEnv(args, env{stdin: in, stdout: &out, stderr: &errOut, stderrTerminal: tc.terminal, progressEvery: time.Millisecond})
		got := errOut.String()
		if code != exitOK || !strings.HasSuffix(got, summary) {
			t.Errorf("terminal %v %q: exit %d, stderr %q", tc.terminal, tc.flags, code, got)
			continue
		}
		progressPart := strings.TrimSuffix(got, summary)
		if !tc.shown {
			if progressPart != "" {
				t.Errorf("terminal %v %q: progress shown: %q", tc.terminal, tc.flags, progressPart)
			}
			continue
		}
		reports := report.FindAllString(progressPart, -1)
		blank := regexp.MustCompile(`\r +\r$`)
		if len(reports) == 0 || !blank.MatchString(progressPart) ||
			strings.Join(reports, "")+blank.FindString(progressPart) != progressPart {
			t.Errorf("terminal %v %q: progress %q", tc.terminal, tc.flags, progressPart)
		}
	}
}

// A pretty-printed scenario fed to batch gets one hint, no output lines.
func TestBatchPrettyPrintedInput(t *testing.T) {
	const hint = "respec batch: line 1 begins a JSON document that goes on over several lines (a pretty-printed scenario?): " +
		"batch reads JSON Lines, one whole scenario per line; decide one scenario with 'respec decide FILE', " +
		"or put it on one line with 'jq -c . FILE | respec batch'\n"
	code, out, errOut := runIn(readExample(t, "upgrade-running.json"), "batch")
	if code != exitUsage || len(out) != 0 || errOut != hint {
		t.Errorf("exit %d, stdout %.80q, stderr %q", code, out, errOut)
	}
	// After blank lines, the first non-blank line is the one named.
	code, _, errOut = runIn(append([]byte("\n\n"), readExample(t, "downgrade-stopped.json")...), "batch")
	if code != exitUsage || !strings.HasPrefix(errOut, "respec batch: line 3 begins a JSON document") {
		t.Errorf("after blank lines: exit %d, stderr %q", code, errOut)
	}
	for line, want := range map[string]bool{
		"{": true, "  [  ": true, `{"now": "2026-09-14T02:30:00Z",`: true, `{"request":`: true, `{ "instance": {`: true,
		`{"now": "2026-09-14T02:30:00Z"}`: false, "not json": false, `{"now": "trunc`: false, "[1, 2]": false, "": false,
	} {
		if got := looksPretty([]byte(line)); got != want {
			t.Errorf("looksPretty(%q) = %v", line, got)
		}
	}
	// A malformed JSON line later in a JSON Lines input is still one UsageError line.
	in := append(append(compact(t, "upgrade-running.json"), '\n'), "{\n"...)
	code, out, _ = runIn(in, "batch")
	if code != exitUsage || bytes.Count(out, []byte("\n")) != 2 || !bytes.Contains(out, []byte(`"Line":2,"Outcome":"UsageError"`)) {
		t.Errorf("a later '{' line: exit %d, stdout %s", code, out)
	}
}

func TestCompletionScripts(t *testing.T) {
	for shell, wants := range map[string][]string{
		"bash": {
			"complete -o filenames -F _respec respec\n",
			"\tdecide)\n\t\tcase \"$prev\" in\n\t\t--prices-overlay) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n\t\tesac\n" +
				"\t\tcase \"$cur\" in\n\t\t-*) COMPREPLY=($(compgen -W \"-h --json --prices-overlay --strict\" -- \"$cur\")) ;;\n\t\t*) COMPREPLY=($(compgen -f -- \"$cur\")) ;;\n",
			"\tbatch)\n\t\tcase \"$prev\" in\n\t\t--prices-overlay) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n\t\t--workers) return ;;\n\t\tesac\n",
			"\t\t--disks|--enis|--instances|--orders|--prices|--stock|--types) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n\t\t--account-id|--balance|--now|--request|--to) return ;;\n",
			"\tserve)\n\t\tcase \"$prev\" in\n\t\t--world) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n\t\t--clock) COMPREPLY=($(compgen -W \"real manual\" -- \"$cur\")); return ;;\n\t\t--listen|--now) return ;;\n",
			"\t\t--report) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n",
			"-*) COMPREPLY=($(compgen -W \"-h --json --no-progress --prices-overlay --progress --strict --summary-json --workers\" -- \"$cur\")) ;;",
			"\t\t*) [ \"$COMP_CWORD\" -eq 2 ] && COMPREPLY=($(compgen -W \"bash zsh fish\" -- \"$cur\")) ;;\n",
		},
		"zsh": {
			"#compdef respec\n",
			"\t\t'decide:decide one scenario: the plan (charge or refund, effect) or the documented error'\n",
			"\t\t\t'--json[write {\"Accepted\", \"Issues\": \\[...\\]} as JSON]'",
			"\t\t\t'--workers[decide this many lines at once, from 1 to 256 (the output keeps the input order)]:N:'",
			"\t\t\t'1:scenario file:_files'",
			"\t\t\t'1:shell:(bash zsh fish)'",
			"\t\t\t'--clock[real (wall time) or manual (moves only through POST /respec/clock)]:real|manual:(real manual)'",
			"\t\t\t'--instances[read the output of DescribeInstances from FILE (\"-\": standard input)]:FILE:_files'",
			"\t\t\t'--prices-overlay[apply the real list prices of FILE over the embedded catalog (README: the price overlay)]:FILE:_files'",
			"\t\t\t'--world[serve FILE, a world file (or a scenario document), instead of the embedded example world]:FILE:_files'",
			"\t\t\t'1:world file:_files' \\\n\t\t\t'2:plan file:_files'",
			"\t\t\t'*:file:_files'",
			"compdef _respec respec\n",
		},
		"fish": {
			"complete -c respec -n __fish_use_subcommand -a decide -d 'decide one scenario: the plan (charge or refund, effect) or the documented error'\n",
			"complete -c respec -n '__fish_seen_subcommand_from batch' -l workers -x -d 'decide this many lines at once, from 1 to 256 (the output keeps the input order)'\n",
			"complete -c respec -n '__fish_seen_subcommand_from batch' -l summary-json -d 'also write the summary as the last line of standard output, as {\"Summary\": {...}}'\n",
			"complete -c respec -n '__fish_seen_subcommand_from decide' -F\n",
			"complete -c respec -n '__fish_seen_subcommand_from completion' -a 'bash zsh fish'\n",
			"complete -c respec -n '__fish_seen_subcommand_from serve' -l clock -x -a 'real manual' -d 'real (wall time) or manual (moves only through POST /respec/clock)'\n",
			"complete -c respec -n '__fish_seen_subcommand_from serve' -l world -r -F -d ",
			"complete -c respec -n '__fish_seen_subcommand_from import' -l instances -r -F -d ",
			"complete -c respec -n '__fish_seen_subcommand_from decide' -l prices-overlay -r -F -d ",
			"complete -c respec -n '__fish_seen_subcommand_from simulate' -l report -r -F -d ",
			"complete -c respec -n '__fish_seen_subcommand_from import' -l to -x -d ",
		},
	} {
		code, out, errOut := runArgs("completion", shell)
		if code != exitOK || errOut != "" {
			t.Fatalf("completion %s: exit %d, stderr %q", shell, code, errOut)
		}
		for _, c := range commandTable() {
			if !strings.Contains(out, c.name) {
				t.Errorf("%s script does not mention %s", shell, c.name)
			}
		}
		for _, w := range wants {
			if !strings.Contains(out, w) {
				t.Errorf("%s script lacks %q", shell, w)
			}
		}
	}
}

// The bash script completes as it should when bash runs it.
func TestBashCompletionRuns(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	_, script, _ := runArgs("completion", "bash")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "fleet.jsonl"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for words, want := range map[string]string{
		"respec de":                         "decide",
		"respec ":                           strings.Join(commandNames(), " ") + " --help --version",
		"respec batch --w":                  "--workers",
		"respec batch --workers ":           "",
		"respec batch fl":                   "fleet.jsonl",
		"respec help ex":                    "example explain",
		"respec completion z":               "zsh",
		"respec decide --":                  "--json --prices-overlay --strict",
		"respec decide --prices-overlay fl": "fleet.jsonl",
		"respec batch --prices-overlay ":    "fleet.jsonl",
		"respec import --instances fl":      "fleet.jsonl",
		"respec import --orders fl":         "fleet.jsonl",
		"respec import --to ":               "",
		"respec simulate --report fl":       "fleet.jsonl",
		"respec serve --world fl":           "fleet.jsonl",
		"respec serve --clock ":             "real manual",
		"respec serve --clock m":            "manual",
		"respec serve --listen ":            "",
		"respec simulate --text fl":         "fleet.jsonl",
	} {
		cword := len(strings.Fields(words)) - 1
		if strings.HasSuffix(words, " ") {
			cword++
		}
		prog := script + "\nCOMP_WORDS=(" + words + ")\n"
		if strings.HasSuffix(words, " ") {
			prog += "COMP_WORDS+=('')\n"
		}
		prog += "COMP_CWORD=" + string(rune('0'+cword)) + "\n_respec\necho \"${COMPREPLY[*]}\"\n"
		cmd := exec.Command(bash, "--norc", "--noprofile", "-c", prog)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", words, err, out)
		}
		if got := strings.TrimSpace(string(out)); got != want {
			t.Errorf("%q completes to %q, want %q", words, got, want)
		}
	}
}

func TestManPage(t *testing.T) {
	code, page, errOut := runArgs("man")
	if code != exitOK || errOut != "" {
		t.Fatalf("man: exit %d, stderr %q", code, errOut)
	}
	if !strings.HasPrefix(page, ".TH RESPEC 1 \"\" \"respec\" \"User Commands\"\n") {
		t.Errorf("page starts %.60q", page)
	}
	for _, want := range []string{
		".SH NAME\nrespec \\- ", ".SH SYNOPSIS\n", ".SH COMMANDS\n", ".SH EXIT STATUS\n",
		".SS respec decide [\\-\\-json] [\\-\\-strict] [FILE|\\-]\n",
		".TP\n.B \\-\\-workers N\ndecide this many lines at once, from 1 to 256 (the output keeps the input order)\n",
		".TP\n.B 3\nthe request is refused with a documented API error\n",
		".RS 4\n.nf\n{\"Line\": n, \"InstanceId\": \"i\\-...\", \"Outcome\": \"ACCEPTED\", \"HttpStatus\": 200, \"Plan\": {...}}\n",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("man page lacks %q", want)
		}
	}
	for _, c := range commandTable() {
		if !strings.Contains(page, ".SS "+roff(c.usageLine())+"\n") {
			t.Errorf("man page has no section for %s", c.name)
		}
	}
	// No text line starts a roff request by accident, and no flag hyphen is left bare.
	macro := regexp.MustCompile(`^\.(TH|SH|SS|PP|TP|B|br|RS|RE|nf|fi|nh|ad) ?`)
	for i, line := range strings.Split(page, "\n") {
		if (strings.HasPrefix(line, ".") || strings.HasPrefix(line, "'")) && !macro.MatchString(line) {
			t.Errorf("line %d is not a known request: %q", i+1, line)
		}
		if regexp.MustCompile(`(^|[^\\])--`).MatchString(line) {
			t.Errorf("line %d has an unescaped --: %q", i+1, line)
		}
	}
	if got := roff(`.a\b-c`); got != `\&.a\eb\-c` {
		t.Errorf("roff = %q", got)
	}
	// groff, when present, formats it without a warning.
	groff, err := exec.LookPath("groff")
	if err != nil {
		return
	}
	cmd := exec.Command(groff, "-man", "-Tascii", "-ww", "-P-cbou")
	cmd.Stdin = strings.NewReader(page)
	var out, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &stderr
	if err := cmd.Run(); err != nil || stderr.Len() > 0 {
		t.Errorf("groff: %v: %s", err, stderr.String())
	}
	if !strings.Contains(out.String(), "respec decide [--json] [--strict] [FILE|-]") {
		t.Error("groff output lacks the decide synopsis")
	}
}

// TestCompletionFlagValues: every flag that takes a value completes file names (its usage
// names the value `FILE`), one of a closed set (a choiceVar flag), or is one of the flags
// listed here whose values nothing can list (a number, a moment, a type, an amount, an
// address). A new flag that takes a path must name it `FILE`, one with closed values must be
// a choiceVar, or it must be added here.
func TestCompletionFlagValues(t *testing.T) {
	free := map[string]bool{"workers": true, "request": true, "to": true, "now": true, "balance": true, "account-id": true, "listen": true}
	files, choices := 0, 0
	for _, c := range commandTable() {
		for _, f := range c.flagList() {
			switch {
			case f.arg == "":
			case f.takesFile():
				files++
			case f.values != nil:
				choices++
			case !free[f.name]:
				t.Errorf("respec %s --%s %s: neither a FILE nor a choiceVar flag", c.name, f.name, f.arg)
			}
		}
	}
	if files < 10 || choices < 1 {
		t.Errorf("%d file flags, %d flags with closed values", files, choices)
	}
}
