// Command openapi writes the API's OpenAPI document (what GET
// /v1/openapi.json serves) to standard output, for `make lint`'s Redocly
// linter: go run ./infra/cmd/openapi > .local/openapi.json
package main

import (
	"fmt"
	"os"

	"github.com/medspa-ai/backend/shared/api"
)

func main() {
	doc, err := api.OpenAPI()
	if err != nil {
		fmt.Fprintln(os.Stderr, "openapi:", err)
		os.Exit(1)
	}
	_, _ = os.Stdout.Write(append(doc, '\n'))
}
