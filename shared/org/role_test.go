package org

import "testing"

func TestPermissionTable(t *testing.T) {
	// Each role may do what weaker roles may.
	for _, row := range Table() {
		allowed := false
		for i := len(Roles) - 1; i >= 0; i-- {
			r := Roles[i]
			if r.Can(row.Permission) {
				allowed = true
			} else if allowed {
				t.Errorf("%s may not %s though a weaker role may", r, row.Permission)
			}
		}
		if !MinRole(row.Permission).Can(row.Permission) {
			t.Errorf("%s: its minimum role %s is refused", row.Permission, row.MinRole)
		}
	}
	if Owner.Can("org:delete-everything") || Role("root").Can(ReadOrg) || Role("").Can(ReadOrg) {
		t.Error("an unknown permission or role was granted")
	}
	if !Permission("org:delete-everything").Writes() {
		t.Error("an unknown permission counts as a read")
	}
	a := ActorFor("u", UpdateSettings)
	if len(a.Roles) != 3 || a.Roles[2] != Marketer {
		t.Errorf("actor roles for settings: %v", a.Roles)
	}
}

func TestCanAssignAndRemove(t *testing.T) {
	cases := []struct {
		actor, from, to Role
		ok              bool
	}{
		{Owner, Viewer, Owner, true},
		{Owner, Owner, Admin, true},
		{Admin, Viewer, Owner, false},
		{Admin, Owner, Admin, false},
		{Admin, Viewer, Admin, true},
		{Admin, Admin, Viewer, true},
		{Admin, "", Marketer, true},
		{Admin, "", Owner, false},
		{Marketer, Viewer, Marketer, false},
		{Viewer, Viewer, Viewer, false},
		{Owner, Viewer, "root", false},
	}
	for _, c := range cases {
		if got := CanAssign(c.actor, c.from, c.to); got != c.ok {
			t.Errorf("CanAssign(%s, %s, %s) = %v", c.actor, c.from, c.to, got)
		}
	}
	if CanRemove(Admin, Owner) || !CanRemove(Owner, Owner) || !CanRemove(Admin, Marketer) || CanRemove(Marketer, Viewer) {
		t.Error("CanRemove")
	}
}

func TestSupportIDs(t *testing.T) {
	for id, want := range map[string]int64{"msg_1": 1, "msg_42": 42, "msg_9999999999": 9999999999, "msg_0": 0, "msg_01": 0, "msg_": 0, "msg_x": 0, "m_1": 0, "msg_99999999999": 0} {
		got, ok := ParseSupportID(id)
		if got != want || ok != (want > 0) {
			t.Errorf("%s -> %d %v", id, got, ok)
		}
		if ok && SupportID(got) != id {
			t.Errorf("round trip %s", id)
		}
	}
}
