package scenario

import (
	"testing"

	"github.com/respec-dev/respec/internal/editdist"
)

// TestDidYouMean: an unknown key names the closest known key of its object, by case first,
// then by edit distance, and nothing when no key is near.
func TestDidYouMean(t *testing.T) {
	head := `{"now":"2026-01-01T00:00:00Z","request":{}`
	tests := []struct{ name, doc, want string }{
		{"a letter missing", head + `,"instance":{"Status":"Running","ExpireTime":"2027-01-01T00:00:00Z"}}`,
			`scenario: instance.ExpireTime: unknown field (did you mean "ExpiredTime"?)`},
		{"a letter changed", head + `,"account":{"Balanse":"10"}}`,
			`scenario: account.Balanse: unknown field (did you mean "Balance"?)`},
		{"case and a letter", head + `,"account":{"balanse":"10"}}`,
			`scenario: account.balanse: unknown field (did you mean "Balance"?)`},
		{"case only", head + `,"instance":{"instanceid":"i"}}`,
			`scenario: instance.instanceid: unknown field (did you mean "InstanceId"?)`},
		{"two letters swapped", head + `,"instance":{"Status":"Running","ZoenId":"z"}}`,
			`scenario: instance.ZoenId: unknown field (did you mean "ZoneId"?)`},
		{"nested", head + `,"instance":{"Status":"Running","Orders":[{"OrderId":"o","Kind":"Purchase","CashPayed":"1"}]}}`,
			`scenario: instance.Orders[0].CashPayed: unknown field (did you mean "CashPaid"?)`},
		{"policy field", head + `,"policy":{"Base":"current","TokenTtl":"1h","MinGapBetweenChange":"1m"}}`,
			`scenario: policy.TokenTtl: unknown field (did you mean "TokenTTL"?)`},
		{"policy field by distance", head + `,"policy":{"MinGapBetweenChange":"1m"}}`,
			`scenario: policy.MinGapBetweenChange: unknown field (did you mean "MinGapBetweenChanges"?)`},
		{"nothing near", head + `,"instance":{"Status":"Running","Gpu":1}}`,
			`scenario: instance.Gpu: unknown field`},
		{"too far", head + `,"account":{"Money":"10"}}`,
			`scenario: account.Money: unknown field`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode([]byte(tc.doc))
			if err == nil || err.Error() != tc.want {
				t.Errorf("Decode: %v\nwant %s", err, tc.want)
			}
		})
	}
}

// TestClosestKey pins the distance limits: none beyond case under 3 characters, 1 under 6, 2
// from 6 on; the nearest wins, the first listed on a tie; a key over 64 characters gets none.
func TestClosestKey(t *testing.T) {
	known := []string{"At", "Amount", "Count", "Limit", "AccountCount", "AccountLimit"}
	tests := []struct{ name, want string }{
		{"at", "At"},
		{"Ax", ""},
		{"Cont", "Count"},
		{"Cnt", ""},
		{"Amont", "Amount"},
		{"Amnt", ""},
		{"AcountCount", "AccountCount"},
		{"AccountLimt", "AccountLimit"},
		{"AccuontLimti", ""},
		{"Limits", "Limit"},
		{string(make([]byte, 65)), ""},
	}
	for _, tc := range tests {
		if got := closestKey(tc.name, known); got != tc.want {
			t.Errorf("closestKey(%q) = %q, want %q", tc.name, got, tc.want)
		}
	}
	if d := editdist.Distance([]rune("kitten"), []rune("sitting"), 10); d != 3 {
		t.Errorf("editDistance(kitten, sitting) = %d, want 3", d)
	}
	if d := editdist.Distance([]rune("kitten"), []rune("sitting"), 2); d != 2 {
		t.Errorf("editDistance(kitten, sitting, bound 2) = %d, want the bound 2", d)
	}
}
