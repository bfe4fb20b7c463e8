package subjectdb

import (
	"reflect"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// TestReplacedReachesIntoListsAndMaps: the user ID is replaced wherever it
// stands, in strings, sets and nested lists and maps, the values around it
// kept; a value without it is nil, and so is a list or map holding none.
func TestReplacedReachesIntoListsAndMaps(t *testing.T) {
	const uid = "usr_ana"
	s := func(v string) types.AttributeValue { return &types.AttributeValueMemberS{Value: v} }
	// item is a stored item naming user in every kind of place.
	item := func(user string) types.AttributeValue {
		return &types.AttributeValueMemberM{Value: map[string]types.AttributeValue{
			"by":    s("user " + user),
			"other": s("usr_ben"),
			"audit": &types.AttributeValueMemberL{Value: []types.AttributeValue{
				s("usr_ben"),
				&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"actor": s(user), "n": &types.AttributeValueMemberN{Value: "3"}}},
			}},
			"seen": &types.AttributeValueMemberSS{Value: []string{user, "usr_ben"}},
		}}
	}
	in, want := item(uid), item(ErasedUser)
	if got := replaced(in, uid); !reflect.DeepEqual(got, want) {
		t.Errorf("replaced = %#v\nwant %#v", got, want)
	}
	for _, v := range []types.AttributeValue{
		s("usr_ben"),
		&types.AttributeValueMemberL{Value: []types.AttributeValue{s("usr_ben")}},
		&types.AttributeValueMemberM{Value: map[string]types.AttributeValue{"a": &types.AttributeValueMemberL{}}},
	} {
		if got := replaced(v, uid); got != nil {
			t.Errorf("replaced(%#v) = %#v, want nil", v, got)
		}
	}
}
