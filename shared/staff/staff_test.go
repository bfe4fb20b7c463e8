package staff_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-lambda-go/events"

	"github.com/medspa-ai/backend/shared/platform/logging"
	"github.com/medspa-ai/backend/shared/staff"
)

type mfa struct {
	on    bool
	err   error
	calls int
}

func (m *mfa) Enabled(context.Context, string, string) (bool, error) {
	m.calls++
	return m.on, m.err
}

func event(groups ...string) events.CognitoEventUserPoolsPreTokenGen {
	var ev events.CognitoEventUserPoolsPreTokenGen
	ev.UserPoolID, ev.UserName, ev.TriggerSource = "us-east-1_pool", "user-1", "TokenGeneration_Authentication"
	ev.Request.GroupConfiguration.GroupsToOverride = groups
	return ev
}

func TestPrivacyTeamNeedsMFA(t *testing.T) {
	for _, tc := range []struct {
		name   string
		groups []string
		mfa    mfa
		want   []string // nil: the token's groups are left as they are
		looked bool
	}{
		{"no staff group: no lookup, no change", []string{"beta"}, mfa{}, nil, false},
		{"privacy team with MFA keeps the group", []string{staff.PrivacyTeam}, mfa{on: true}, nil, true},
		{"privacy team without MFA loses it", []string{staff.PrivacyTeam, "beta"}, mfa{}, []string{"beta"}, true},
		{"the only group gone: an empty list, not null", []string{staff.PrivacyTeam}, mfa{}, []string{}, true},
		{"lookup failure fails closed", []string{staff.PrivacyTeam}, mfa{on: true, err: errors.New("throttled")}, []string{}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var logs bytes.Buffer
			m := tc.mfa
			out, err := staff.TokenClaims{MFA: &m, Log: logging.New(&logs, "INFO")}.Handle(context.Background(), event(tc.groups...))
			if err != nil {
				t.Fatal(err)
			}
			got := out.Response.ClaimsOverrideDetails.GroupOverrideDetails.GroupsToOverride
			if (tc.want == nil) != (got == nil) || !slices.Equal(got, tc.want) {
				t.Errorf("groups to override = %#v, want %#v", got, tc.want)
			}
			if (m.calls > 0) != tc.looked {
				t.Errorf("MFA looked up %d times", m.calls)
			}
			if tc.want != nil {
				body, _ := json.Marshal(out.Response)
				if !strings.Contains(string(body), `"groupsToOverride":[`) {
					t.Errorf("response %s does not list the groups to keep", body)
				}
				if strings.Contains(logs.String(), "user-1") {
					t.Errorf("the log names the user: %s", logs.String())
				}
			}
		})
	}
}

// TestSampleEvents: the trigger's sample events decode and are answered
// (events/tokenclaims, for sam local invoke; the local stack has no pool).
func TestSampleEvents(t *testing.T) {
	files, _ := filepath.Glob("../../events/tokenclaims/*.json")
	if len(files) < 2 {
		t.Fatalf("%d sample events", len(files))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var ev events.CognitoEventUserPoolsPreTokenGen
		if err := json.Unmarshal(b, &ev); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out, err := staff.TokenClaims{MFA: &mfa{}, Log: logging.New(&bytes.Buffer{}, "INFO")}.Handle(context.Background(), ev)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if slices.Contains(ev.Request.GroupConfiguration.GroupsToOverride, staff.PrivacyTeam) && slices.Contains(out.Response.ClaimsOverrideDetails.GroupOverrideDetails.GroupsToOverride, staff.PrivacyTeam) {
			t.Errorf("%s: a member without MFA keeps %s", f, staff.PrivacyTeam)
		}
	}
}
