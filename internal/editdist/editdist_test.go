package editdist

import "testing"

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		limit int
		want  int
	}{
		{"autopay", "autopay", 3, 0},
		{"autopy", "autopay", 3, 1},
		{"regoinid", "regionid", 3, 2},
		{"kitten", "sitting", 4, 3},
		{"kitten", "sitting", 3, 3},
		{"a", "abcdef", 3, 3},
		{"", "ab", 3, 2},
	} {
		if got := Distance([]byte(c.a), []byte(c.b), c.limit); got != c.want {
			t.Errorf("Distance(%q, %q, %d) = %d, want %d", c.a, c.b, c.limit, got, c.want)
		}
	}
	// Runes count one each: "é" is two bytes but one rune.
	if got := Distance([]rune("zoné"), []rune("zone"), 3); got != 1 {
		t.Errorf("rune distance = %d, want 1", got)
	}
	if got := Distance([]byte("zoné"), []byte("zone"), 3); got != 2 {
		t.Errorf("byte distance = %d, want 2", got)
	}
}
