package dynamo

import (
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TestStringsAndBytes: a string set and a list of strings read alike (the
// list's other values passed over), an empty list reads as empty, not
// absent, and a binary attribute reads back as written.
func TestStringsAndBytes(t *testing.T) {
	it := Item{
		"set":   &types.AttributeValueMemberSS{Value: []string{"a", "b"}},
		"list":  &types.AttributeValueMemberL{Value: []types.AttributeValue{S("a"), N(1), S("b")}},
		"empty": &types.AttributeValueMemberL{},
		"bin":   B([]byte{0, 1}),
	}
	for _, name := range []string{"set", "list"} {
		if got := Strings(it, name); !slices.Equal(got, []string{"a", "b"}) {
			t.Errorf("%s: %q", name, got)
		}
	}
	if got := Strings(it, "empty"); got == nil || len(got) != 0 {
		t.Errorf("empty list: %#v", got)
	}
	if Strings(it, "none") != nil || Bytes(it, "none") != nil {
		t.Error("an absent attribute reads as a value")
	}
	if got := Bytes(it, "bin"); !slices.Equal(got, []byte{0, 1}) {
		t.Errorf("bin: %v", got)
	}
}
