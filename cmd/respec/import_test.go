package main

import (
	"bytes"
	"os"
	"strings"
	"testing"
)

const importFixtures = "../../importer/testdata/"

// --all-instances writes one scenario per instance as JSON Lines, which batch decides.
func TestImportAllInstancesFeedsBatch(t *testing.T) {
	code, out, errOut := runIn(nil, "import", "--all-instances", "--instances", importFixtures+"describe-instances.json",
		"--disks", importFixtures+"describe-disks.json", "--enis", importFixtures+"describe-network-interfaces.json",
		"--orders", importFixtures+"get-order-detail.json", "--to", "ecs.g6.2xlarge", "--balance", "8000", "--now", "2026-09-14T02:30Z")
	if code != exitOK {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	lines := bytes.Split(bytes.TrimRight(out, "\n"), []byte("\n"))
	if len(lines) != 2 || !bytes.Contains(lines[0], []byte(`"InstanceId":"i-bp1import0000000001"`)) || !bytes.Contains(lines[1], []byte(`"InstanceId":"i-bp1import0000000002"`)) {
		t.Fatalf("import --all-instances:\n%s", out)
	}
	if !strings.Contains(errOut, "respec import: default: orders: the order list has no paid order of i-bp1import0000000002: it has none (decide answers InvalidInstance.PurchaseNotFound)\n") {
		t.Errorf("stderr %q", errOut)
	}
	code, res, errOut := runIn(out, "batch", "--no-progress")
	got := string(res)
	// The first is accepted on its order history; the second, which the order list does not
	// name, is refused for want of a purchase.
	if code != exitRefused || !strings.Contains(got, `"Line":1,"InstanceId":"i-bp1import0000000001","Outcome":"ACCEPTED"`) ||
		!strings.Contains(got, `"Line":2,"InstanceId":"i-bp1import0000000002","Outcome":"InvalidInstance.PurchaseNotFound"`) {
		t.Errorf("batch: exit %d\n%s\n%s", code, got, errOut)
	}
}

// Standard input may stand for one input; usage errors name the flag.
func TestImportFlags(t *testing.T) {
	in, err := os.ReadFile(importFixtures + "describe-instance.json")
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runIn(in, "import", "--instances", "-", "--to", "ecs.g6.2xlarge", "--now", "2026-09-14T02:30:00Z",
		"--request", "AutoPay=false,RebootWhenFinished=true")
	if code != exitOK || !bytes.Contains(out, []byte(`"AutoPay": "false"`)) || !bytes.Contains(out, []byte(`"RebootWhenFinished": "true"`)) ||
		!bytes.Contains(out, []byte(`"description": "Imported by respec import from DescribeInstances. Defaults: account: no balance given: 0`)) {
		t.Errorf("import from stdin: exit %d, stderr %q\n%s", code, errOut, out)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--request", "AutoPay"}, `respec import: --request: "AutoPay" is not Key=Value (run 'respec import -h' for usage)`},
		{[]string{"--request", "A=1,A=2"}, "respec import: --request: A is given twice"},
		{[]string{"--now", "yesterday"}, `respec import: --now: "yesterday" is not a time`},
		{[]string{"--instances", "-", "--orders", "-"}, "respec import: --instances and --orders both read standard input"},
		{[]string{"--disks", "testdata/nope.json"}, "respec import: --disks: testdata/nope.json: no such file"},
		{[]string{"--instances", importFixtures + "describe-disks.json"}, "respec import: instances: no Instances.Instance list: is this DescribeInstances output?"},
		{[]string{"--instances", importFixtures + "describe-instances.json"}, "respec import: instances: DescribeInstances lists 2 instances"},
	} {
		code, _, errOut := runIn(nil, append([]string{"import"}, tc.args...)...)
		if code != exitUsage || !strings.HasPrefix(errOut, tc.want) {
			t.Errorf("import %q: exit %d, stderr %q, want %q", tc.args, code, errOut, tc.want)
		}
	}
}
