// Command datamap prints the data map (shared/privacy/datamap), the
// privacy team's record of processing, as Markdown or JSON:
//
//	go run ./infra/cmd/datamap [-json]
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"

	"github.com/medspa-ai/backend/shared/privacy/datamap"
)

func main() {
	asJSON := flag.Bool("json", false, "print JSON instead of Markdown")
	flag.Parse()
	if !*asJSON {
		fmt.Print(datamap.Markdown())
		return
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(map[string]any{"entities": datamap.All()}); err != nil {
		fmt.Fprintln(os.Stderr, "datamap:", err)
		os.Exit(1)
	}
}
