//go:build !unix

package rules_test

import "time"

// processCPU is not measured here: the cpu-ns/op metric is left out.
func processCPU() time.Duration { return 0 }
