// Package export builds an access or portability export: a zip with one
// JSON file per entity type (a JSON array, written item by item), a CSV
// beside it for tabular entities, and a README describing each file. The
// zip is written to a temporary file as the items are read, then uploaded
// (so memory does not grow with the data) and handed out through a
// presigned link.
package export

import (
	"archive/zip"
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

// Write writes the zip of entities to w and returns the item count per
// entity. Tabular entities are read twice (JSON, then CSV with the columns
// the first pass found), never held in memory.
func Write(ctx context.Context, w io.Writer, requestID string, at time.Time, entities []Entity) (map[string]int, error) {
	zw := zip.NewWriter(w)
	counts := map[string]int{}
	columns := map[string][]string{}
	for _, e := range entities {
		f, err := zw.Create(e.Name + ".json")
		if err != nil {
			return nil, err
		}
		cols := map[string]bool{}
		if _, err := io.WriteString(f, "[\n"); err != nil {
			return nil, err
		}
		n := 0
		err = e.Source.Read(ctx, func(item map[string]any) error {
			b, err := json.Marshal(item)
			if err != nil {
				return err
			}
			if n > 0 {
				if _, err := io.WriteString(f, ",\n"); err != nil {
					return err
				}
			}
			n++
			for k := range item {
				cols[k] = true
			}
			_, err = f.Write(b)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", e.Name, err)
		}
		if _, err := io.WriteString(f, "\n]\n"); err != nil {
			return nil, err
		}
		counts[e.Name] = n
		if !e.Tabular {
			continue
		}
		for k := range cols {
			columns[e.Name] = append(columns[e.Name], k)
		}
		sort.Strings(columns[e.Name])
		cf, err := zw.Create(e.Name + ".csv")
		if err != nil {
			return nil, err
		}
		cw := csv.NewWriter(cf)
		if err := cw.Write(columns[e.Name]); err != nil {
			return nil, err
		}
		err = e.Source.Read(ctx, func(item map[string]any) error {
			row := make([]string, len(columns[e.Name]))
			for i, c := range columns[e.Name] {
				row[i] = cell(item[c])
			}
			return cw.Write(row)
		})
		cw.Flush()
		if err == nil {
			err = cw.Error()
		}
		if err != nil {
			return nil, fmt.Errorf("export %s.csv: %w", e.Name, err)
		}
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
