// Package notice emails an organization's owners and admins that a
// connection's authorization expires soon (connector.Notifier). It names
// the platform and the ad account and links to the frontend to reconnect;
// it never carries a token. Who gets it comes from the organization's
// memberships (owners and admins who joined) and each one's address from
// their profile, or the membership's when they saved no profile.
package notice

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/org"
	"github.com/medspa-ai/backend/shared/platform/email"
	"github.com/medspa-ai/backend/shared/platform/wait"
	"github.com/medspa-ai/backend/shared/profile"
)

// Kind names the message for logs and SES tags.
const Kind = "connection_expiring"

// Members lists an organization's memberships (orgdb.Store).
type Members interface {
	ListMembers(ctx context.Context, orgID, userID string) (org.Snapshot, error)
}

// Mailer is the connector.Notifier that sends the warning by email.
type Mailer struct {
	Members  Members
	Profiles profile.Store
	Sender   email.Sender
	// Frontend is the web app's origin (AllowedOrigin): the email links
	// to its connections page.
	Frontend string
	// Sleep waits between attempts (tests pass a no-op).
	Sleep func(context.Context, time.Duration) error
}

var _ connector.Notifier = Mailer{}

// attempts: a send SES answered with an error it did not take is tried
// again, within the same check (the connection's claim is this check's).
const attempts = 3

// ConnectionExpiring sends one email to every owner and admin of c's
// organization; connector.ErrNoRecipient when there is none, or the
// organization is cancelled (nobody to keep connected).
func (m Mailer) ConnectionExpiring(ctx context.Context, c connector.Connection) error {
	to, orgName, err := m.recipients(ctx, c.OrgID)
	if err != nil {
		return err
	}
	msg := Message(c, orgName, m.Frontend, to)
	backoff := time.Second
	for attempt := 1; ; attempt++ {
		_, err = m.Sender.Send(ctx, msg)
		if err == nil || errors.Is(err, email.ErrRejected) || attempt == attempts || ctx.Err() != nil {
			return err
		}
		if serr := m.sleep(ctx, backoff); serr != nil {
			return err
		}
		backoff *= 2
	}
}

func (m Mailer) sleep(ctx context.Context, d time.Duration) error {
	if m.Sleep != nil {
		return m.Sleep(ctx, d)
	}
	return wait.For(ctx, d)
}

// recipients are the owners' and admins' addresses, sorted and once each.
func (m Mailer) recipients(ctx context.Context, orgID string) ([]string, string, error) {
	snap, err := m.Members.ListMembers(ctx, orgID, "")
	if err != nil {
		return nil, "", err
	}
	seen := map[string]bool{}
	var to []string
	orgName := ""
	for _, mem := range snap.Members {
		if mem.Status != org.Joined || (mem.Role != org.Owner && mem.Role != org.Admin) {
			continue
		}
		if mem.OrgStatus == org.Cancelled {
			return nil, "", connector.ErrNoRecipient
		}
		orgName = mem.OrgName
		addr := mem.Email
		if m.Profiles != nil {
			p, found, err := m.Profiles.Get(ctx, mem.ID)
			if err != nil {
				return nil, "", err
			}
			if found && p.Email != "" {
				addr = p.Email
			}
		}
		a, err := mail.ParseAddress(addr)
		if err != nil || seen[strings.ToLower(a.Address)] {
			continue
		}
		seen[strings.ToLower(a.Address)] = true
		to = append(to, a.Address)
	}
	if len(to) == 0 {
		return nil, "", connector.ErrNoRecipient
	}
	sort.Strings(to)
	return to, orgName, nil
}

// platformName is what people call the platform.
func platformName(p connector.Platform) string {
	switch p {
	case connector.Meta:
		return "Meta (Facebook and Instagram)"
	case connector.Google:
		return "Google Ads"
	}
	return string(p)
}

// oneLine keeps names from the platforms on one line (a line break in a
// subject would start a header of its own).
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' || r == '\t' }), " ")
}

// ReconnectURL is the frontend's connections page for c.
func ReconnectURL(frontend string, c connector.Connection) string {
	return strings.TrimRight(frontend, "/") + "/connections?" + url.Values{"provider": {string(c.Platform)}, "reconnect": {c.ID}}.Encode()
}

// Message is the warning about c to the addresses to.
func Message(c connector.Connection, orgName, frontend string, to []string) email.Message {
	name, acct := oneLine(c.AccountName), oneLine(c.AccountID)
	if name == "" {
		name = acct
	}
	when := c.TokenExpiresAt.UTC().Format("Monday 2 January 2006, 15:04 UTC")
	link := ReconnectURL(frontend, c)
	var b strings.Builder
	fmt.Fprintf(&b, "Hello,\n\nThe %s authorization for the ad account %q (ID %s)", platformName(c.Platform), name, acct)
	if orgName = oneLine(orgName); orgName != "" {
		fmt.Fprintf(&b, " of %s", orgName)
	}
	fmt.Fprintf(&b, " expires on %s.\n\nAfter that we can no longer read its campaign metrics or apply approved changes to it. "+
		"To keep it connected, sign in and connect the account again (it takes a minute):\n\n%s\n\n"+
		"You receive this because you are an owner or admin of the organization. We send it once for this expiry.\n", when, link)
	return email.Message{
		To:      to,
		Subject: fmt.Sprintf("Reconnect the %s ad account %q before %s", platformName(c.Platform), name, c.TokenExpiresAt.UTC().Format("2 Jan 2006")),
		Text:    b.String(),
		Kind:    Kind,
	}
}
