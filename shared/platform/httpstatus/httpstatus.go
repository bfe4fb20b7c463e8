// Package httpstatus remembers the status an HTTP handler answered with,
// for a request log (the API's, the ad-platform simulator's).
package httpstatus

import "net/http"

// Writer passes everything on to the ResponseWriter it wraps and keeps the
// first status written: 200 when the body comes first, 0 while nothing
// has been written.
type Writer struct {
	http.ResponseWriter
	Status int
}

// WriteHeader keeps code if it is the first status, and writes it.
func (w *Writer) WriteHeader(code int) {
	if w.Status == 0 {
		w.Status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write writes b; a body before any status is a 200.
func (w *Writer) Write(b []byte) (int, error) {
	if w.Status == 0 {
		w.Status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}
