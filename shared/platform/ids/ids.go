// Package ids mints and checks the identifiers the API hands out, and
// derives the stable keys we file a person under. Every ID matches the
// pattern shared/jobs checks, so it is safe in URLs, DynamoDB keys and logs.
package ids

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"strings"
)

// Valid reports whether s has the shape of every ID, ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$:
// short, URL- and key-safe (queue messages, keys and paths all check it
// here). A loop rather than a regular expression: every request checks IDs,
// and compiling one was a share of every cold start.
func Valid(s string) bool {
	if len(s) == 0 || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case (c == '_' || c == '-') && i > 0:
		default:
			return false
		}
	}
	return true
}

// ValidWithPrefix reports whether s is a valid ID minted with prefix.
func ValidWithPrefix(s, prefix string) bool {
	return strings.HasPrefix(s, prefix+"_") && len(s) > len(prefix)+1 && Valid(s)
}

// enc is lower-case base32 without padding: case-insensitive systems
// (people reading IDs aloud, some log tools) cannot confuse two IDs.
var enc = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// New mints prefix_<26 chars>: 128 random bits, so IDs cannot be guessed
// or enumerated.
func New(prefix string) string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand never fails on supported platforms
	return prefix + "_" + enc.EncodeToString(b[:])
}

// derive is a keyed-by-purpose hash: the same input gives the same ID, and
// different purposes never collide.
func derive(prefix, purpose string, parts ...string) string {
	h := sha256.New()
	h.Write([]byte(purpose))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write([]byte(p))
	}
	return prefix + "_" + enc.EncodeToString(h.Sum(nil)[:15])
}

// UserID is the ID we file a signed-in person under, derived from the
// identity provider's subject. Subjects of other providers than Cognito may
// hold characters unsafe in keys ("auth0|123"); hashing gives every user the
// same, safe shape. The privacy team finds a subject's data with UserID(sub).
func UserID(sub string) string { return derive("usr", "user", sub) }

// NormalizeEmail lower-cases an address: mailbox names are case-insensitive
// in practice, and an invitation must find its invitee however they type it.
func NormalizeEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// EmailKey files invitations under an address without putting the address
// itself in a key (keys end up in cursors and error messages).
func EmailKey(email string) string { return derive("eml", "email", NormalizeEmail(email)) }

// InviteID is deterministic per organization and address, so inviting the
// same person twice collides on the key instead of creating two invitations,
// and an invitee can accept knowing only the organization.
func InviteID(orgID, email string) string {
	return derive("inv", "invite", orgID, NormalizeEmail(email))
}

// ConnectionID is deterministic per organization, platform and ad account,
// so reconnecting an account updates its connection instead of adding one.
func ConnectionID(orgID, platform, accountID string) string {
	return derive("con", "connection", orgID, platform, accountID)
}
