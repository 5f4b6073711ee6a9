package scenario

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/respec-dev/respec/internal/editdist"
)

// This file finds the known key an unknown one was probably meant to be, for the reader's
// "did you mean" (Decode and Validate word it the same way).

// maxSuggestKey is the longest unknown key a suggestion is looked for (longer keys are not
// typos of the schema's, and the distance costs their length times the key's).
const maxSuggestKey = 64

// closestKey returns the key of known nearest to name, ignoring case: one that differs only
// in case first, else the nearest by edit distance (insertions, deletions, substitutions)
// when that distance is at most suggestDistance(name); "" when none is near. A tie goes to
// the key listed first.
func closestKey(name string, known []string) string {
	if len(name) > maxSuggestKey {
		return ""
	}
	if i := slices.IndexFunc(known, func(k string) bool { return strings.EqualFold(k, name) }); i >= 0 {
		return known[i]
	}
	return nearestKey(name, known)
}

// nearestKey returns the key of known nearest to name by edit distance, ignoring case, when
// that distance is at most suggestDistance(name); "" when none is near.
func nearestKey(name string, known []string) string {
	limit := suggestDistance(name)
	best, bestD := "", limit+1
	lower := strings.ToLower(name)
	for _, k := range known {
		if d := editdist.Distance([]rune(lower), []rune(strings.ToLower(k)), bestD); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// suggestDistance is the most edits a suggestion may be from a key of n characters: none
// beyond case for keys under 3 characters, 1 under 6, 2 from 6 on.
func suggestDistance(name string) int {
	switch n := utf8.RuneCountInString(name); {
	case n < 3:
		return 0
	case n < 6:
		return 1
	}
	return 2
}

// unknownFieldReason is the reason for the key name where the keys known are known.
func unknownFieldReason(name string, known []string) string {
	if k := closestKey(name, known); k != "" {
		return "unknown field (did you mean \"" + k + "\"?)"
	}
	return "unknown field"
}
