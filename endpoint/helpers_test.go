package endpoint_test

import (
	"testing"

	"github.com/respec-dev/respec/examples"
)

func scenarioDoc(t testing.TB) string {
	t.Helper()
	b, err := examples.Read("upgrade-running.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
