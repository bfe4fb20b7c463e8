package org

import (
	"strconv"
	"strings"
	"time"
)

// SupportKind tells a support request from feedback.
type SupportKind string

const (
	SupportRequest SupportKind = "support"
	Feedback       SupportKind = "feedback"
)

// SupportMessage is a message a member sent us ("communications" in the
// privacy policy). Messages are numbered 1, 2, 3... per organization: the
// dense numbering lets a list page be fetched by key (see Store.ListSupport).
type SupportMessage struct {
	OrgID     string
	Seq       int64
	Kind      SupportKind
	Subject   string
	Body      string
	AuthorID  string
	Status    string
	CreatedAt time.Time
}

// ID is the message's public ID.
func (m SupportMessage) ID() string { return SupportID(m.Seq) }

// SupportID formats a sequence number as a message ID.
func SupportID(seq int64) string { return "msg_" + strconv.FormatInt(seq, 10) }

// ParseSupportID returns the sequence number of a message ID.
func ParseSupportID(id string) (int64, bool) {
	s, ok := strings.CutPrefix(id, "msg_")
	if !ok || s == "" || s[0] == '0' || len(s) > 10 {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
}
