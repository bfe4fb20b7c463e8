package privacy

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"time"
)

// Verification rules.
const (
	// CodeTTL is how long a one-time code is valid.
	CodeTTL = 10 * time.Minute
	// MaxAttempts wrong codes lock the verification.
	MaxAttempts = 3
	// VerifyWindow: a request still unverified this long after receipt is
	// closed (closed_unverified) with a notice to the requester.
	VerifyWindow = 7 * 24 * time.Hour
)

// Code is a one-time verification code as stored: its hash only, never the
// code itself.
type Code struct {
	Hash      string    `json:"hash"`
	ExpiresAt time.Time `json:"expiresAt"`
	Attempts  int       `json:"attempts"`
	Locked    bool      `json:"locked,omitempty"`
}

// codeHash binds a code to its request, so a hash read from one request
// says nothing about another's code.
func codeHash(requestID, code string) string {
	m := hmac.New(sha256.New, []byte(requestID))
	m.Write([]byte(code))
	return hex.EncodeToString(m.Sum(nil))
}

// NewCode draws a six-digit code for r, stores its hash with a fresh
// expiry and attempt count, and returns the code to send.
func (r *Request) NewCode(now time.Time) (string, error) {
	if r.Status != IdentityUnverified {
		return "", ErrTransition
	}
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", err
	}
	code := fmt.Sprintf("%06d", n.Int64())
	r.Code = &Code{Hash: codeHash(r.ID, code), ExpiresAt: now.Add(CodeTTL)}
	return code, nil
}

// CheckCode verifies code. A wrong or expired code counts as an attempt;
// the third wrong one locks the verification (ErrLocked from then on, even
// for the right code). The right code in time moves the request to
// pending_review with the verification recorded.
func (r *Request) CheckCode(code, by string, now time.Time) error {
	if r.Status != IdentityUnverified {
		return ErrTransition
	}
	c := r.Code
	if c == nil {
		return ErrCode
	}
	if c.Locked {
		return ErrLocked
	}
	ok := hmac.Equal([]byte(c.Hash), []byte(codeHash(r.ID, code))) && now.Before(c.ExpiresAt)
	if !ok {
		c.Attempts++
		if c.Attempts >= MaxAttempts {
			c.Locked = true
			return ErrLocked
		}
		return ErrCode
	}
	r.Code = nil
	r.Verification = &Verification{Method: VerifiedByCode, By: by, At: now.UTC()}
	return r.Move(PendingReview, "")
}

// RecordVerification records how a privacy-team member verified the
// subject, and moves the request on to review.
func (r *Request) RecordVerification(v Verification) error {
	if v.Method == "" || v.By == "" {
		return ErrInvalid
	}
	if r.Status != IdentityUnverified && r.Status != Received {
		return ErrTransition
	}
	r.Code, r.Verification = nil, &v
	return r.Move(PendingReview, "")
}

// Stale reports whether r has waited for verification longer than
// VerifyWindow and should be closed.
func (r Request) Stale(now time.Time) bool {
	return r.Status == IdentityUnverified && now.Sub(r.ReceivedAt) >= VerifyWindow
}

// Move changes the status if the state machine allows it.
func (r *Request) Move(to Status, reason string) error {
	if !CanMove(r.Status, to) {
		return fmt.Errorf("%w: %s to %s", ErrTransition, r.Status, to)
	}
	r.Status, r.Reason = to, reason
	return nil
}
