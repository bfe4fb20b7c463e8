package api

import (
	"context"
	"net"
	"net/http"
	"time"

	"github.com/medspa-ai/backend/shared/activity"
	"github.com/medspa-ai/backend/shared/platform/logging"
)

// reqState is what the recorder learns about a request as it goes.
type reqState struct {
	ctx       context.Context
	start     time.Time
	requestID string
	route     *route
	userID    string
	orgID     string
	usage     chan struct{} // closed when the usage event is written
}

type stateKey struct{}

func stateOf(ctx context.Context) *reqState {
	if st, ok := ctx.Value(stateKey{}).(*reqState); ok {
		return st
	}
	return &reqState{ctx: ctx}
}

// recordTimeout bounds the recording writes: a slow analytics table must
// not hold a user's request for long.
const recordTimeout = 2 * time.Second

func (s *Server) begin(r *http.Request) *reqState {
	st := &reqState{start: s.d.Now(), requestID: requestIDFrom(r)}
	ctx := logging.WithIDs(r.Context(), logging.IDs{RequestID: st.requestID})
	st.ctx = context.WithValue(ctx, stateKey{}, st)
	return st
}

// startUsage writes the request's usage event concurrently with the
// handler: it needs only the feature, user, org and time, all known before
// the handler runs, so it adds no round trip to the request.
func (s *Server) startUsage(c *call) {
	st := c.st
	if st.usage != nil {
		return
	}
	st.usage = make(chan struct{})
	ev := activity.UsageEvent{Feature: c.rt.name, UserID: st.userID, OrgID: st.orgID, At: st.start.UTC(), RequestID: st.requestID}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(st.ctx), recordTimeout)
	go func() {
		defer close(st.usage)
		defer cancel()
		if err := s.d.Activity.Usage(ctx, ev); err != nil {
			s.d.Log.WarnContext(ctx, "usage event not recorded", "error", err.Error())
		}
	}()
}

// finish writes the request log (it needs the outcome, so it is the one
// write after the handler) and joins the usage event.
func (s *Server) finish(st *reqState, status int, r *http.Request) {
	if status == 0 {
		status = http.StatusOK
	}
	latency := s.d.Now().Sub(st.start)
	name, pattern := "unmatched", "unmatched"
	if st.route != nil {
		name, pattern = st.route.name, st.route.pattern()
	}
	if st.userID == "" {
		// Unmatched routes: still attribute the request if it carried an identity.
		if p, ok := principalFrom(r); ok {
			st.userID = p.UserID
		}
	}
	l := activity.RequestLog{
		RequestID: st.requestID, At: st.start.UTC(), UserID: st.userID, OrgID: st.orgID,
		Method: r.Method, Route: pattern, Status: status, Latency: latency,
		IP: clientIP(r), UserAgent: r.UserAgent(),
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(st.ctx), recordTimeout)
	defer cancel()
	if err := s.d.Activity.Request(ctx, l); err != nil {
		s.d.Log.WarnContext(ctx, "request log not recorded", "error", err.Error())
	}
	if st.usage != nil {
		<-st.usage
	}
	// The request log above is the record of every request; the function
	// log repeats it only at DEBUG (IDs and outcome, no IP, user agent or
	// body), since formatting a redacted line costs as much as the rest of
	// the handler. Failures are logged where they happen, at every level.
	s.d.Log.DebugContext(st.ctx, "request", "route", name, "status", status, "latencyMs", latency.Milliseconds(), "userId", st.userID, "orgId", st.orgID)
}

// clientIP is the caller's address as API Gateway saw it (the proxy puts
// requestContext.http.sourceIp in RemoteAddr). X-Forwarded-For is not
// trusted: a client can write anything there.
func clientIP(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}
