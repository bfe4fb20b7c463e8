package wait

import (
	"context"
	"errors"
	"testing"
	"time"
)

func TestFor(t *testing.T) {
	start := time.Now()
	if err := For(context.Background(), 20*time.Millisecond); err != nil {
		t.Fatalf("full wait: %v", err)
	}
	if time.Since(start) < 20*time.Millisecond {
		t.Fatalf("returned after %v, before the duration", time.Since(start))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	start = time.Now()
	if err := For(ctx, time.Hour); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("cancelled wait: %v", err)
	}
	if time.Since(start) > time.Minute {
		t.Fatal("a cancelled wait ran on")
	}
}
