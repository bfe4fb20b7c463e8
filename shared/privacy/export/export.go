// Package export builds an access or portability export: a zip with one
// JSON file per entity type (a JSON array, written item by item), a CSV
// beside it for tabular entities, and a README describing each file. The
// entities are read concurrently, each to its own temporary file as its
// pages arrive; the zip is then assembled in a temporary file and
// uploaded (so memory does not grow with the data) and handed out through
// a presigned link.
package export

import (
	"archive/zip"
	"bufio"
	"compress/flate"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/privacy/datamap"
)

// Source is one entity type's items.
type Source interface {
	Read(ctx context.Context, fn func(map[string]any) error) error
}

// Entity is a named source.
type Entity struct {
	Name    string
	Tabular bool
	Source  Source
}

// Readers is how many entities are read at once. Each is spooled to its
// own temporary file as its pages arrive, so the reads overlap (one
// Query stream per partition leaves the table's throughput unused) and
// memory holds a page per reader, not the data.
const Readers = 6

// spool is one entity read to a temporary file: its JSON array, and the
// columns its items had (for the CSV).
type spool struct {
	f    *os.File
	n    int
	cols []string
	err  error
}

// read writes e's items to a temporary file, one JSON object a line.
func read(ctx context.Context, dir string, e Entity) (sp spool) {
	f, err := os.CreateTemp(dir, "entity-*.json")
	if err != nil {
		return spool{err: err}
	}
	sp.f = f
	bw := bufio.NewWriterSize(f, 256<<10)
	cols := map[string]bool{}
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	err = e.Source.Read(ctx, func(item map[string]any) error {
		sp.n++
		if e.Tabular {
			for k := range item {
				cols[k] = true
			}
		}
		return enc.Encode(item) // one line per item
	})
	if err == nil {
		err = bw.Flush()
	}
	if err != nil {
		sp.err = fmt.Errorf("export %s: %w", e.Name, err)
		return sp
	}
	for k := range cols {
		sp.cols = append(sp.cols, k)
	}
	sort.Strings(sp.cols)
	_, sp.err = f.Seek(0, io.SeekStart)
	return sp
}

// Write writes the zip of entities to w and returns the item count per
// entity. The entities are read concurrently (Readers at a time) to
// temporary files, then copied into the zip in order: the JSON array of
// each, and for tabular ones a CSV with the columns their items had.
func Write(ctx context.Context, w io.Writer, requestID string, at time.Time, entities []Entity) (map[string]int, error) {
	dir, err := os.MkdirTemp("", "export-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	spools := make([]chan spool, len(entities))
	sem := make(chan struct{}, Readers)
	for i, e := range entities {
		spools[i] = make(chan spool, 1)
		go func() {
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				spools[i] <- spool{err: ctx.Err()}
				return
			}
			sp := read(ctx, dir, e)
			<-sem
			spools[i] <- sp
		}()
	}
	zw := zip.NewWriter(w)
	// The fastest deflate: JSON of repetitive items still shrinks several
	// times, and the export is bound by reading, not by the zip's size.
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) { return flate.NewWriter(out, flate.BestSpeed) })
	counts := map[string]int{}
	var first error
	for i, e := range entities {
		sp := <-spools[i]
		if first == nil && sp.err == nil {
			counts[e.Name] = sp.n
			first = copyEntity(zw, e, sp)
		} else if first == nil {
			first = sp.err
		}
		if first != nil {
			cancel()
		}
		if sp.f != nil {
			sp.f.Close()
		}
	}
	if first != nil {
		return nil, first
	}
	rf, err := zw.Create("README.md")
	if err != nil {
		return nil, err
	}
	if _, err := io.WriteString(rf, readme(requestID, at, entities, counts)); err != nil {
		return nil, err
	}
	return counts, zw.Close()
}

// copyEntity writes a spooled entity's files into the zip.
func copyEntity(zw *zip.Writer, e Entity, sp spool) error {
	f, err := zw.Create(e.Name + ".json")
	if err != nil {
		return err
	}
	if _, err := io.WriteString(f, "["); err != nil {
		return err
	}
	sc := bufio.NewScanner(sp.f)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	n := 0
	for sc.Scan() {
		sep := ",\n"
		if n == 0 {
			sep = "\n"
		}
		n++
		if _, err := io.WriteString(f, sep); err != nil {
			return err
		}
		if _, err := f.Write(sc.Bytes()); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	if _, err := io.WriteString(f, "\n]\n"); err != nil {
		return err
	}
	if !e.Tabular {
		return nil
	}
	if _, err := sp.f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	cf, err := zw.Create(e.Name + ".csv")
	if err != nil {
		return err
	}
	cw := csv.NewWriter(cf)
	if err := cw.Write(sp.cols); err != nil {
		return err
	}
	sc = bufio.NewScanner(sp.f)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	row := make([]string, len(sp.cols))
	for sc.Scan() {
		var item map[string]any
		if err := json.Unmarshal(sc.Bytes(), &item); err != nil {
			return fmt.Errorf("export %s.csv: %w", e.Name, err)
		}
		for i, c := range sp.cols {
			row[i] = cell(item[c])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := sc.Err(); err != nil {
		return err
	}
	return cw.Error()
}

func cell(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case bool:
		return strconv.FormatBool(v)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func readme(requestID string, at time.Time, entities []Entity, counts map[string]int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Your data at Med Spa AI\n\nExport for privacy request %s, made %s (policy section 8.1).\n\n", requestID, at.UTC().Format(time.RFC3339))
	b.WriteString("| file | items | what it is | kept for | purpose (policy) |\n|---|---|---|---|---|\n")
	byName := map[string]datamap.Entity{}
	for _, e := range datamap.All() {
		byName[e.Name] = e
	}
	for _, e := range entities {
		m := byName[e.Name]
		files := e.Name + ".json"
		if e.Tabular {
			files += ", " + e.Name + ".csv"
		}
		var attrs []string
		for _, a := range m.Attributes {
			attrs = append(attrs, a.Name+" ("+a.Description+")")
		}
		fmt.Fprintf(&b, "| %s | %d | %s | %s | %s |\n", files, counts[e.Name], strings.Join(attrs, "; "), m.Retention, m.Purpose)
	}
	b.WriteString("\nJSON files are arrays of objects; CSV files have one row per item with the columns in the header.\n")
	return b.String()
}

// Uploader stores a finished file.
type Uploader interface {
	Upload(ctx context.Context, key string, f *os.File, size int64) error
}

// Key is where a request's export lives.
func Key(requestID string) string { return "exports/" + requestID + "/export.zip" }

// Build writes the export to a temporary file and uploads it.
func Build(ctx context.Context, up Uploader, requestID string, at time.Time, entities []Entity) (string, map[string]int, error) {
	f, err := os.CreateTemp("", "export-*.zip")
	if err != nil {
		return "", nil, err
	}
	defer os.Remove(f.Name())
	defer f.Close()
	counts, err := Write(ctx, f, requestID, at, entities)
	if err != nil {
		return "", nil, err
	}
	size, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return "", nil, err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", nil, err
	}
	key := Key(requestID)
	return key, counts, up.Upload(ctx, key, f, size)
}
