package model

import (
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// oldPresets is the preset code as it was before the presets were built in one pass: each
// later preset started from PolicyCurrent and replaced what differs. The presets are held to it.
func oldPresets() map[string]Policy {
	current := Policy{
		Name:                    PresetCurrent,
		Direction:               DirectionDetected,
		UpgradeStatuses:         []Status{StatusRunning, StatusStopped},
		DowngradeStatuses:       []Status{StatusStopped},
		ArrearsBlock:            true,
		MonthlyDowngradeQuota:   true,
		RefundRule:              RefundCurrent,
		RatioReading:            RatioPrinted,
		NvmeWindowsPrecaution:   true,
		CurrencyPlaces:          2,
		ChargeRounding:          RoundDown,
		RefundRounding:          RoundDown,
		TokenTTL:                Duration(24 * time.Hour),
		BillingUTCOffsetMinutes: 480,
		CompletionTime:          Duration(10 * time.Second),
		UnderMonthFactor:        decimal.New(15, -1),
	}
	p2020 := current
	p2020.Name = Preset2020
	p2020.Direction = DirectionDeclared
	p2020.MonthlyDowngradeQuota = false
	p2020.RefundsPerInstance = 3
	p2020.MinGapBetweenChanges = Duration(5 * time.Minute)
	p2020.RefundRule = Refund2022
	p2020.NvmeWindowsPrecaution = false
	p2020.UnderMonthFactor = decimal.NewFromInt(1)
	p2019 := p2020
	p2019.Name = Preset2019
	p2018Sep := p2020
	p2018Sep.Name = Preset2018Sep
	p2018Sep.UpgradeStatuses = []Status{StatusStopped}
	p2018 := p2020
	p2018.Name = Preset2018
	p2018.DowngradeStatuses = []Status{StatusRunning, StatusStopped}
	p2018.RefundsPerInstance = 0
	return map[string]Policy{PresetCurrent: current, "": current, Preset2020: p2020,
		Preset2019: p2019, Preset2018Sep: p2018Sep, Preset2018: p2018}
}

// samePolicy fails t unless got and want are equal field by field and in JSON.
func samePolicy(t interface {
	Helper()
	Fatalf(string, ...any)
}, name string, got, want Policy) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("preset %q: %+v, want %+v", name, got, want)
	}
	gj, _ := json.Marshal(got)
	wj, _ := json.Marshal(want)
	if string(gj) != string(wj) {
		t.Fatalf("preset %q: JSON %s, want %s", name, gj, wj)
	}
}

// Every preset, by its function and by its name, is the preset the old code built.
func TestPresetsAsBefore(t *testing.T) {
	old := oldPresets()
	byFunc := map[string]func() Policy{PresetCurrent: PolicyCurrent, Preset2020: Policy2020,
		Preset2019: Policy2019, Preset2018Sep: Policy2018Sep, Preset2018: Policy2018}
	for name, f := range byFunc {
		samePolicy(t, name, f(), old[name])
	}
	for name, want := range old {
		got, ok := PolicyByName(name)
		if !ok {
			t.Fatalf("PolicyByName(%q) not found", name)
		}
		samePolicy(t, name, got, want)
	}
}

// Any other name is no preset, as before.
func TestPolicyByNameUnknown(t *testing.T) {
	old := oldPresets()
	rapid.Check(t, func(t *rapid.T) {
		name := rapid.OneOf(rapid.String(), rapid.SampledFrom([]string{"Current", "2021", "2018-9",
			"2018-09 ", " 2018", "current\x00"})).Draw(t, "name")
		want, known := old[name]
		got, ok := PolicyByName(name)
		if ok != known {
			t.Fatalf("PolicyByName(%q) found %v, want %v", name, ok, known)
		}
		samePolicy(t, name, got, want)
	})
}

// A preset's status lists are its own: writing or appending to one list changes neither the
// other list nor a preset built later.
func TestPresetStatusesIndependent(t *testing.T) {
	old := oldPresets()
	for _, name := range PresetNames() {
		p, _ := PolicyByName(name)
		want := old[name]
		if cap(p.UpgradeStatuses) != len(p.UpgradeStatuses) || cap(p.DowngradeStatuses) != len(p.DowngradeStatuses) {
			t.Fatalf("preset %q: status lists not capped at their lengths", name)
		}
		p.UpgradeStatuses = append(p.UpgradeStatuses, StatusStarting)
		if !reflect.DeepEqual(p.DowngradeStatuses, want.DowngradeStatuses) {
			t.Fatalf("preset %q: an append to UpgradeStatuses changed DowngradeStatuses: %v", name, p.DowngradeStatuses)
		}
		p.UpgradeStatuses[0] = StatusPending
		p.DowngradeStatuses[0] = StatusPending
		again, _ := PolicyByName(name)
		samePolicy(t, name, again, want)
	}
}

// A preset costs three allocations: its status lists and its factor's two.
func TestPresetAllocations(t *testing.T) {
	for _, name := range PresetNames() {
		if n := testing.AllocsPerRun(20, func() { _, _ = PolicyByName(name) }); n != 3 {
			t.Errorf("PolicyByName(%q): %v allocations, want 3", name, n)
		}
	}
}

// BenchmarkPolicyByName measures building the current preset by its name.
func BenchmarkPolicyByName(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := PolicyByName(PresetCurrent); !ok {
			b.Fatal("no current preset")
		}
	}
}
