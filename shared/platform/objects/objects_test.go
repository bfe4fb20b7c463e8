package objects

import "testing"

// TestWithin: a key is a store's only under its prefix and with no ".."
// that could climb out of it; the refusal names the store and the prefix.
func TestWithin(t *testing.T) {
	for _, c := range []struct {
		key string
		ok  bool
	}{
		{"assets/org_1/a.png", true},
		{"assets/", true},
		{"exports/org_1/x.zip", false},
		{"assets/../exports/x.zip", false},
		{"assets/org_1/..", false},
		{"/assets/org_1/a.png", false},
		{"", false},
	} {
		err := Within("assets", "assets/", c.key)
		if (err == nil) != c.ok {
			t.Errorf("Within(%q) = %v, want ok %v", c.key, err, c.ok)
		}
	}
	if err := Within("exports3", "exports/", "assets/a"); err == nil || err.Error() != `exports3: key "assets/a" is outside exports/` {
		t.Errorf("refusal %v", err)
	}
}
