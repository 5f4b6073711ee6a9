package catalog

import (
	"slices"
	"strings"

	"github.com/respec-dev/respec/model"
)

// The ticket-only family changes of the embedded data.
//
// Three Note fields of data/ecs-family-changes.json say that some upgrades need a support
// ticket and cannot be downgraded afterwards (SOURCES.md: "ticket-only upgrades that cannot be
// downgraded"). The data keeps them as prose; ticketChanges transcribes each into families,
// word for word, so that the rules can refuse them without the account's ticket. A note names
// its source families itself where it narrows the rule's FromFamilies: the g5 note speaks of
// g5/c5/r5/ic5, not of g5ne.
//
// That the changes cannot be reversed needs no rule of its own: no family-change rule lets a
// target family (g6e, c6e, r6e, g7, c7, r7, hfg7, hfc7, hfr7) change back to g6, c6, r6, g5, c5,
// r5, ic5 or hfc6, hfg6, hfr6 (a test holds the embedded data to it).
var ticketChanges = []struct {
	// note is the start of the Note it transcribes.
	note     string
	from, to []string
}{
	{"Upgrading to g6e/c6e/r6e or to hfc7/hfg7/hfr7/g7/c7/r7 requires a support ticket",
		[]string{"ecs.g6", "ecs.c6", "ecs.r6"},
		[]string{"ecs.g6e", "ecs.c6e", "ecs.r6e", "ecs.hfc7", "ecs.hfg7", "ecs.hfr7", "ecs.g7", "ecs.c7", "ecs.r7"}},
	{"Upgrading g5/c5/r5/ic5 to g6e/c6e/r6e is possible only via a support ticket",
		[]string{"ecs.g5", "ecs.c5", "ecs.r5", "ecs.ic5"},
		[]string{"ecs.g6e", "ecs.c6e", "ecs.r6e"}},
	{"Upgrading to hfc7/hfg7/hfr7 requires a support ticket",
		[]string{"ecs.hfc6", "ecs.hfg6", "ecs.hfr6"},
		[]string{"ecs.hfc7", "ecs.hfg7", "ecs.hfr7"}},
}

// ticketFamilyChanges returns the ticket-only changes whose notes appear in changes, in the
// order of changes.
func ticketFamilyChanges(changes []model.FamilyChange) []model.TicketChange {
	var out []model.TicketChange
	for _, fc := range changes {
		for _, tc := range ticketChanges {
			if strings.HasPrefix(fc.Note, tc.note) {
				out = append(out, model.TicketChange{FromFamilies: slices.Clone(tc.from), ToFamilies: slices.Clone(tc.to), Note: fc.Note})
			}
		}
	}
	return out
}
