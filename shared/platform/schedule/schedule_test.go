package schedule

import (
	"testing"
	"time"
)

func TestAt(t *testing.T) {
	now := time.Date(2026, 11, 27, 17, 5, 0, 0, time.UTC)
	if got, err := (Event{Schedule: "x"}).At(now); err != nil || !got.Equal(now) {
		t.Fatalf("no scheduled time: %v %v", got, err)
	}
	// A retry an hour late still means the slot it was scheduled for.
	if got, err := (Event{Schedule: "x", ScheduledTime: "2026-11-27T16:00:00Z"}).At(now); err != nil || got.Hour() != 16 {
		t.Fatalf("scheduled time: %v %v", got, err)
	}
	if _, err := (Event{Schedule: "x", ScheduledTime: "<aws.scheduler.scheduled-time>"}).At(now); err == nil {
		t.Fatal("an unsubstituted placeholder was accepted")
	}
	if err := (Event{Schedule: "a"}).Expect("b"); err == nil {
		t.Fatal("event for another schedule accepted")
	}
	if _, err := (Event{Schedule: "a", ScheduledTime: "2026-11-27T16:00:00Z"}).Due("b", now); err == nil {
		t.Fatal("Due: event for another schedule accepted")
	}
	if got, err := (Event{Schedule: "x", ScheduledTime: "2026-11-27T16:00:00Z"}).Due("x", now); err != nil || got.Hour() != 16 {
		t.Fatalf("Due: %v %v", got, err)
	}
}
