package testenv

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/dynamodb/types"

	"github.com/medspa-ai/backend/shared/platform/dynamo"
)

// ItemText is every attribute name and value of an item, nested ones
// included and binary ones raw, each followed by a NUL: the text a test
// searches for what must not be stored (a secret, an erased person's data).
func ItemText(it dynamo.Item) string {
	var b strings.Builder
	for k, v := range it {
		b.WriteString(k + "\x00")
		writeValue(&b, v)
	}
	return b.String()
}

func writeValue(b *strings.Builder, v types.AttributeValue) {
	switch x := v.(type) {
	case *types.AttributeValueMemberS:
		b.WriteString(x.Value + "\x00")
	case *types.AttributeValueMemberN:
		b.WriteString(x.Value + "\x00")
	case *types.AttributeValueMemberB:
		b.Write(x.Value)
		b.WriteByte(0)
	case *types.AttributeValueMemberSS:
		for _, s := range x.Value {
			b.WriteString(s + "\x00")
		}
	case *types.AttributeValueMemberBS:
		for _, v := range x.Value {
			b.Write(v)
			b.WriteByte(0)
		}
	case *types.AttributeValueMemberL:
		for _, v := range x.Value {
			writeValue(b, v)
		}
	case *types.AttributeValueMemberM:
		b.WriteString(ItemText(x.Value))
	}
}
