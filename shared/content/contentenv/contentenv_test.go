package contentenv

import "testing"

func TestPrices(t *testing.T) {
	p, err := Prices("60, 240,40000,80000")
	if err != nil || p != [4]int64{60, 240, 40000, 80000} {
		t.Fatalf("%v %v", p, err)
	}
	for _, bad := range []string{"", "1,2,3", "1,2,3,x", "1,2,3,-4", "1,2,3,4,5"} {
		if _, err := Prices(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}
