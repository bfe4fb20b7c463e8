package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestRunPrintsBoundURLAndTakesCredentials(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-meta-app-id", "42", "-meta-app-secret", "s3"}, pw, io.Discard)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "http://127.0.0.1:") {
		t.Fatalf("first line %q: %v", line, err)
	}
	base := strings.TrimSpace(line)
	resp, err := http.Get(base + "/meta/graph/v23.0/oauth/access_token?client_id=42&client_secret=wrong&code=x")
	if err != nil {
		t.Fatal(err)
	}
	var body struct{ Error struct{ Code int } }
	json.NewDecoder(resp.Body).Decode(&body)
	resp.Body.Close()
	if body.Error.Code != 1 { // app ID accepted, secret checked
		t.Fatalf("wrong secret: code %d", body.Error.Code)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
