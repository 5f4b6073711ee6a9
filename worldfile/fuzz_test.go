package worldfile_test

import (
	"errors"
	"testing"

	"github.com/respec-dev/respec/catalog"
	"github.com/respec-dev/respec/worldfile"
)

// FuzzFiles: any bytes as a world file, and as a plan file on the example world, give a world
// or plan, or a *worldfile.Error; never a panic.
func FuzzFiles(f *testing.F) {
	f.Add([]byte(world))
	f.Add([]byte(`{"At": "2026-09-14T02:30:00Z", "Operation": "StopInstance", "InstanceId": "i-1"}`))
	f.Add([]byte(`{"Rules": [{"Targets": ["ecs.g6.2xlarge"], "Start": "2026-09-14T02:30:00Z", "Interval": "1s"}], "Options": {"RetryThrottling": {"Retries": 3, "Initial": "2s", "Multiplier": 2}}}`))
	w, err := worldfile.DecodeWorld([]byte(world), catalog.Default())
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var fe *worldfile.Error
		if _, err := worldfile.DecodeWorld(b, catalog.Default()); err != nil && !errors.As(err, &fe) {
			t.Fatalf("world: %T %v", err, err)
		}
		if _, err := worldfile.DecodePlan(b, w); err != nil && !errors.As(err, &fe) {
			t.Fatalf("plan: %T %v", err, err)
		}
	})
}
