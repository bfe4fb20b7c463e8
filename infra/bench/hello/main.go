// Command hello is the cold-start baseline for infra/bench: the smallest
// aws-lambda-go function, built with the same flags as the real ones, so that
// the difference the benchmark reports is what a function's own imports and
// init cost on top of the runtime itself.
package main

import (
	"context"
	"encoding/json"

	"github.com/aws/aws-lambda-go/lambda"
)

type response struct {
	OK bool `json:"ok"`
}

// handle takes json.RawMessage so that any JSON event is accepted without
// paying for decoding into a type.
func handle(_ context.Context, _ json.RawMessage) (response, error) {
	return response{OK: true}, nil
}

func main() {
	lambda.Start(handle)
}
