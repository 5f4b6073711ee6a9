package difftest

import (
	"encoding/json"
	"flag"
	"os"
	"testing"
)

var debugCase = flag.Int("case", -1, "dump this case of seed 1")

func TestDebugCase(t *testing.T) {
	if *debugCase < 0 {
		t.Skip()
	}
	c := NewGenerator(1).Case(uint64(*debugCase))
	r := Run(&c)
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	enc.Encode(map[string]any{"now": c.World.Now, "faults": c.Faults, "req": c.World.Request, "inst": c.World.Facts.Instance, "acc": c.World.Facts.Account, "pol": c.World.Facts.Policy.Name, "diffs": r.Diffs})
}
