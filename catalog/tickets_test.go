package catalog

import (
	"slices"
	"strings"
	"testing"

	"github.com/respec-dev/respec/model"
)

// Every family-change note that speaks of a support ticket is transcribed, every transcribed
// family is named in its note, and no target family of a ticket-only change may change back to
// its source: the change cannot be reversed.
func TestTicketOnlyChangesTranscribeTheNotes(t *testing.T) {
	d := DefaultData()
	ticketNotes := 0
	for _, fc := range d.FamilyChanges {
		if strings.Contains(fc.Note, "support ticket") {
			ticketNotes++
		}
	}
	if ticketNotes != 3 || len(d.TicketFamilyChanges) != ticketNotes {
		t.Fatalf("%d notes speak of a ticket, %d ticket-only changes", ticketNotes, len(d.TicketFamilyChanges))
	}
	cat := Default()
	for _, tc := range d.TicketFamilyChanges {
		// The targets are named in the note; the sources are the rule's own (or those the note
		// names among them).
		for _, f := range tc.ToFamilies {
			short := strings.TrimPrefix(f, "ecs.")
			if !strings.Contains(tc.Note, short+"/") && !strings.Contains(tc.Note, "/"+short) && !strings.Contains(tc.Note, " "+short+" ") {
				t.Errorf("family %s is not named in the note %q", f, tc.Note)
			}
		}
		i := slices.IndexFunc(d.FamilyChanges, func(fc model.FamilyChange) bool { return fc.Note == tc.Note })
		for _, f := range tc.FromFamilies {
			if i < 0 || !slices.Contains(d.FamilyChanges[i].FromFamilies, f) {
				t.Errorf("source %s is not among its rule's FromFamilies", f)
			}
		}
		for _, to := range tc.ToFamilies {
			for _, from := range tc.FromFamilies {
				if !cat.TicketOnly(from, to) {
					t.Errorf("%s to %s is not ticket-only", from, to)
				}
				for i := 0; i < cat.Len(); i++ {
					if ty := cat.At(i); ty.Family == from && cat.Reachable(to, ty) {
						t.Errorf("%s can change back to %s (%s)", to, from, ty.InstanceTypeID)
						break
					}
				}
			}
		}
	}
}
