package httpstatus

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// TestWriterKeepsTheFirstStatus: the first status written is kept (a later
// one changes nothing), a body first is a 200, and what is written reaches
// the wrapped writer.
func TestWriterKeepsTheFirstStatus(t *testing.T) {
	rec := httptest.NewRecorder()
	w := &Writer{ResponseWriter: rec}
	if w.Status != 0 {
		t.Fatalf("status %d before anything was written", w.Status)
	}
	w.WriteHeader(http.StatusCreated)
	w.WriteHeader(http.StatusTeapot)
	if _, err := w.Write([]byte("ok")); err != nil {
		t.Fatal(err)
	}
	if w.Status != http.StatusCreated || rec.Code != http.StatusCreated || rec.Body.String() != "ok" {
		t.Errorf("status %d, recorded %d %q", w.Status, rec.Code, rec.Body.String())
	}
	body := &Writer{ResponseWriter: httptest.NewRecorder()}
	_, _ = body.Write([]byte("x"))
	if body.Status != http.StatusOK {
		t.Errorf("a body first: status %d", body.Status)
	}
}
