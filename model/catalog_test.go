package model

import (
	"strings"
	"testing"
)

// The four StatusCategory values: the two "with stock" ones are available, the two sold-out
// ones are not; a zone a stock map does not list does not offer the type at all.
func TestStockStatuses(t *testing.T) {
	for s, want := range map[StockStatus]bool{
		WithStock: true, ClosedWithStock: true, WithoutStock: false, ClosedWithoutStock: false, NotOffered: false,
	} {
		if s.Available() != want {
			t.Errorf("%q.Available() = %v, want %v", s, !want, want)
		}
	}
	if got := len(StockStatuses()); got != 4 {
		t.Errorf("%d stock statuses, want 4", got)
	}
	ty := InstanceType{InstanceTypeID: "a", Family: "f", Stock: map[string]StockStatus{"z1": ClosedWithoutStock}}
	if ty.StockIn("z1") != ClosedWithoutStock || !ty.OfferedIn("z1") || ty.OfferedIn("z2") || ty.StockIn("z2") != NotOffered {
		t.Errorf("stock map %v: z1 %q offered %v, z2 %q offered %v", ty.Stock, ty.StockIn("z1"), ty.OfferedIn("z1"), ty.StockIn("z2"), ty.OfferedIn("z2"))
	}
	everywhere := InstanceType{InstanceTypeID: "b", Family: "f"}
	if everywhere.StockIn("z") != WithStock || !everywhere.OfferedIn("z") {
		t.Error("a nil stock map must mean offered, with stock, everywhere")
	}
}

func TestNewCatalogRejectsUnknownStockStatus(t *testing.T) {
	for _, st := range []StockStatus{"", "withstock", "SoldOut"} {
		_, err := NewCatalog(CatalogData{Types: []InstanceType{{InstanceTypeID: "a", Family: "f", Stock: map[string]StockStatus{"z": st}}}})
		if err == nil || !strings.Contains(err.Error(), "StatusCategory") {
			t.Errorf("stock %q: err %v, want a StatusCategory error", st, err)
		}
	}
	if _, err := NewCatalog(CatalogData{Types: []InstanceType{{InstanceTypeID: "a", Family: "f", Stock: map[string]StockStatus{"z": ClosedWithoutStock}}}}); err != nil {
		t.Errorf("ClosedWithoutStock refused: %v", err)
	}
}
