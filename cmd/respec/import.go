package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/respec-dev/respec/importer"
	scenariofmt "github.com/respec-dev/respec/scenario"
)

const importAbout = `Builds a scenario from what the aliyun CLI (or an official SDK) prints, ready for
'respec decide', 'explain', 'targets' and 'quote':

  aliyun ecs DescribeInstances --RegionId cn-hangzhou --InstanceIds '["i-..."]' > instances.json
  respec import --instances instances.json --to ecs.g6.2xlarge | respec decide

Every input is optional; each is one response as the API returns it, or a JSON array of
responses (the pages of a paged call): --instances (DescribeInstances), --disks
(DescribeDisks), --enis (DescribeNetworkInterfaces), --types (DescribeInstanceTypes), --stock
(DescribeAvailableResource or DescribeResourcesModification), --prices (a JSON array of
DescribePrice calls, each {"Request": {"RegionId", "InstanceType", "PriceUnit", "Period"},
"Response": <DescribePrice output>}, since the response does not say what it priced; a price
per Week or Hour is converted at 30 days of 24 hours a month and stays illustrative), --orders
(the billing API's QueryOrders or GetOrderDetail). One of them may be "-" (standard input).

The request is --request 'Key=Value,...' (the API's wire names) and --to TYPE (its
InstanceType); InstanceId and RegionId come from the instance when not given. DescribeInstances
may list several instances: the request's InstanceId says which, or --all-instances writes one
scenario per instance as JSON Lines (for 'respec batch'). --now is the moment (RFC 3339 or the
API's 2027-06-01T16:00Z; default: now), --balance the account's balance (default 0),
--account-id its ID.

What no input gives is defaulted: each default is written on standard error and listed in the
scenario's "description". With --types, --stock or --prices the scenario carries a catalog (the
embedded one with those applied; imported prices are real, not illustrative); without them it
carries none and the embedded catalog is used.

Exit status: 0 written, 2 unusable input, 1 output error.`

// importOptions are the flags of "respec import".
type importOptions struct {
	instances, disks, enis, types, stock, prices, orders string
	request, to, now, balance, accountID                 string
	all                                                  bool
}

func importFlags(fs *flag.FlagSet, o *options) {
	io := &o.imp
	for _, f := range []struct {
		p          *string
		name, what string
	}{
		{&io.instances, "instances", "DescribeInstances"},
		{&io.disks, "disks", "DescribeDisks"},
		{&io.enis, "enis", "DescribeNetworkInterfaces"},
		{&io.types, "types", "DescribeInstanceTypes"},
		{&io.stock, "stock", "DescribeAvailableResource or DescribeResourcesModification"},
		{&io.prices, "prices", "DescribePrice calls ([{\"Request\": {...}, \"Response\": {...}}])"},
		{&io.orders, "orders", "QueryOrders or GetOrderDetail"},
	} {
		fs.StringVar(f.p, f.name, "", "read the output of "+f.what+" from `FILE` (\"-\": standard input)")
	}
	fs.StringVar(&io.request, "request", "", "the request's parameters, as `Key=Value,...` (the API's wire names)")
	fs.StringVar(&io.to, "to", "", "the target instance `TYPE` (the request's InstanceType)")
	fs.StringVar(&io.now, "now", "", "the moment of the request, as `TIME` (RFC 3339 or 2027-06-01T16:00Z; default: now)")
	fs.StringVar(&io.balance, "balance", "", "the account's balance, an `AMOUNT` (default 0)")
	fs.StringVar(&io.accountID, "account-id", "", "the account's `ID`")
	fs.BoolVar(&io.all, "all-instances", false, "one scenario per instance of DescribeInstances, as JSON Lines")
}

// parseRequest reads 'Key=Value,...'.
func parseRequest(s string) (map[string]string, error) {
	m := map[string]string{}
	if strings.TrimSpace(s) == "" {
		return m, nil
	}
	for _, part := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(part, "=")
		k = strings.TrimSpace(k)
		if !ok || k == "" {
			return nil, fmt.Errorf("--request: %q is not Key=Value", part)
		}
		if _, dup := m[k]; dup {
			return nil, fmt.Errorf("--request: %s is given twice", k)
		}
		m[k] = v
	}
	return m, nil
}

// runImport implements "respec import".
func runImport(c *call) int {
	in, err := c.importInput()
	if err != nil {
		return c.inputErr(err)
	}
	res, err := importer.Import(in)
	if err != nil {
		fmt.Fprintf(c.stderr, "respec %v\n", err)
		return exitUsage
	}
	for _, i := range res.Issues {
		fmt.Fprintf(c.stderr, "respec import: default: %s\n", i)
	}
	out, err := encodeScenarios(res.Scenarios, in.AllInstances)
	if err != nil { // Import checked every scenario: this does not happen
		return c.fail(exitFail, err)
	}
	return c.emit(string(out))
}

// importInput is what the flags of import give: the request, the moment, the account and
// the files' contents.
func (c *call) importInput() (importer.Input, error) {
	o := c.opts.imp
	in := importer.Input{TargetType: o.to, Balance: o.balance, AccountID: o.accountID, AllInstances: o.all}
	var err error
	if in.Request, err = parseRequest(o.request); err != nil {
		return in, flagError(err.Error())
	}
	if in.Now, in.NowDefaulted, err = importNow(o.now); err != nil {
		return in, flagError(err.Error())
	}
	return in, c.readSources(&in)
}

// inputErr reports unusable input (exit 2): a flagError with the -h hint.
func (c *call) inputErr(err error) int {
	var fe flagError
	if errors.As(err, &fe) {
		return c.usageErr("%v", err)
	}
	return c.fail(exitUsage, err)
}

// nowLayouts are the forms --now takes: RFC 3339, and the API's minutes (2027-06-01T16:00Z).
var nowLayouts = []string{time.RFC3339, "2006-01-02T15:04Z07:00"}

// importNow reads --now; without it, the present second (defaulted is set).
func importNow(s string) (now time.Time, defaulted bool, err error) {
	if s == "" {
		return time.Now().UTC().Truncate(time.Second), true, nil
	}
	for _, layout := range nowLayouts {
		if now, err = time.Parse(layout, s); err == nil {
			return now, false, nil
		}
	}
	return time.Time{}, false, fmt.Errorf("--now: %q is not a time (RFC 3339, or 2027-06-01T16:00Z)", s)
}

// flagError is a flag's value that cannot be used, or flags that cannot go together: a usage
// error, reported with the -h hint.
type flagError string

// Error returns the reason.
func (f flagError) Error() string { return string(f) }

// readSources reads the files the input flags name into in, in the order of the flags; one of
// them at most may be standard input.
func (c *call) readSources(in *importer.Input) error {
	o := &c.opts.imp
	stdinUsed := ""
	for _, f := range []struct {
		dst        *[]byte
		name, flag string
	}{
		{&in.Instances, o.instances, "instances"}, {&in.Disks, o.disks, "disks"}, {&in.ENIs, o.enis, "enis"},
		{&in.Types, o.types, "types"}, {&in.Stock, o.stock, "stock"}, {&in.Prices, o.prices, "prices"}, {&in.Orders, o.orders, "orders"},
	} {
		if f.name == "-" && stdinUsed != "" {
			return flagError(fmt.Sprintf("--%s and --%s both read standard input", stdinUsed, f.flag))
		} else if f.name == "-" {
			stdinUsed = f.flag
		}
		var err error
		if *f.dst, err = c.readSource(f.name, f.flag); err != nil {
			return err
		}
	}
	return nil
}

// readSource reads the file of input flag --flag: nothing when it names none, standard input
// for "-".
func (c *call) readSource(name, flag string) ([]byte, error) {
	switch name {
	case "":
		return nil, nil
	case "-":
		return c.readSourceStdin(flag)
	}
	b, err := readFileCapped(name, "--"+flag, importer.MaxInputBytes)
	if err != nil {
		return nil, fmt.Errorf("--%s: %v", flag, err)
	}
	return b, nil
}

// readSourceStdin reads input flag --flag's output from standard input.
func (c *call) readSourceStdin(flag string) ([]byte, error) {
	if c.stdinTerminal {
		fmt.Fprintf(c.stderr, "respec import: waiting for the %s output on standard input (end with Ctrl-D)\n", flag)
	}
	b, err := io.ReadAll(io.LimitReader(c.stdin, importer.MaxInputBytes+1))
	if err != nil {
		return nil, fmt.Errorf("--%s: standard input: %v", flag, err)
	}
	return b, nil
}

// encodeScenarios writes each scenario as a document, or as one JSON line when lines is set
// (--all-instances).
func encodeScenarios(scs []scenariofmt.Scenario, lines bool) ([]byte, error) {
	var out bytes.Buffer
	for _, s := range scs {
		b, err := encodeScenario(s, lines)
		if err != nil {
			return nil, err
		}
		out.Write(b)
	}
	return out.Bytes(), nil
}

// encodeScenario writes s as a document, or as one JSON line when line is set.
func encodeScenario(s scenariofmt.Scenario, line bool) ([]byte, error) {
	b, err := scenariofmt.Encode(s)
	if err != nil || !line {
		return b, err
	}
	var l bytes.Buffer
	if err := json.Compact(&l, b); err != nil {
		return nil, err
	}
	return append(l.Bytes(), '\n'), nil
}
