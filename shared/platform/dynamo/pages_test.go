package dynamo

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"
)

// fakePages serves n pages of one item each; page i's item is "i".
type fakePages struct {
	n       int
	started chan int // the page each call starts reading
}

type fakeIn struct{ next int }

func (f *fakePages) call(ctx context.Context, in *fakeIn) (int, error) {
	f.started <- in.next
	if in.next == f.n-1 {
		return in.next, nil
	}
	select {
	case <-ctx.Done():
		return 0, ctx.Err()
	case <-time.After(time.Millisecond):
		return in.next, nil
	}
}

func (f *fakePages) split(page int) ([]Item, Item) {
	items := []Item{{"n": S(strconv.Itoa(page))}}
	if page == f.n-1 {
		return items, nil
	}
	return items, Item{"next": N(int64(page + 1))}
}

func TestPagesReadsAheadWhileTheCallerWorks(t *testing.T) {
	f := &fakePages{n: 4, started: make(chan int, 8)}
	in := &fakeIn{}
	var got []string
	err := pages(context.Background(), f.call, in, f.split, func(k Item) { in.next = int(Int(k, "next")) }, func(items []Item) error {
		page := len(got)
		if page < f.n-1 {
			// The next page's read has started before this page is handled.
			for p := -1; p != page+1; {
				select {
				case p = <-f.started:
				case <-time.After(2 * time.Second):
					t.Fatalf("page %d handled with no read ahead", page)
				}
			}
		}
		got = append(got, String(items[0], "n"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"0", "1", "2", "3"}; len(got) != 4 || got[0] != want[0] || got[3] != want[3] {
		t.Fatalf("pages in order %v, want %v", got, want)
	}
}

func TestPagesStopsReadingAheadWhenTheCallerFails(t *testing.T) {
	f := &fakePages{n: 100, started: make(chan int, 200)}
	in := &fakeIn{}
	stop := errors.New("stop")
	handled := 0
	err := pages(context.Background(), f.call, in, f.split, func(k Item) { in.next = int(Int(k, "next")) }, func([]Item) error {
		handled++
		if handled == 2 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("err %v, want the caller's", err)
	}
	// Pages 0 and 1 were handled; page 2 was read ahead; nothing after.
	if n := len(f.started); n != 3 {
		t.Errorf("%d reads, want 3 (two handled pages and one read ahead)", n)
	}
}
