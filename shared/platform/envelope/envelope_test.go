package envelope_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/platform/envelope"
)

func sealer(t *testing.T) envelope.Sealer {
	s, cfg := testenv.Stack(t)
	s2, err := envelope.New(kms.NewFromConfig(cfg), s.Resources["TokenKey"].Ref)
	if err != nil {
		t.Fatal(err)
	}
	return s2
}

func TestSealOpensOnlyWithItsContext(t *testing.T) {
	s := sealer(t)
	ctx := context.Background()
	ec := map[string]string{"org": "org_a", "connection": "con_1"}
	secret := []byte("EAAB-very-secret-token")
	blob, err := s.Seal(ctx, secret, ec)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(blob, secret) {
		t.Fatal("the plaintext is in the blob")
	}
	got, err := s.Open(ctx, blob, map[string]string{"connection": "con_1", "org": "org_a"})
	if err != nil || !bytes.Equal(got, secret) {
		t.Fatalf("open = %q, %v", got, err)
	}
	for name, other := range map[string]map[string]string{
		"other org":        {"org": "org_b", "connection": "con_1"},
		"other connection": {"org": "org_a", "connection": "con_2"},
		"no context":       {},
	} {
		if _, err := s.Open(ctx, blob, other); !errors.Is(err, envelope.ErrOpen) {
			t.Errorf("%s: open err = %v, want ErrOpen", name, err)
		}
	}
	tampered := bytes.Clone(blob)
	tampered[len(tampered)-1] ^= 1
	if _, err := s.Open(ctx, tampered, ec); !errors.Is(err, envelope.ErrOpen) {
		t.Errorf("tampered: %v", err)
	}
	if _, err := s.Seal(ctx, secret, nil); err == nil {
		t.Error("sealed without a context")
	}
}

func TestAADIsCanonical(t *testing.T) {
	a := envelope.AAD(map[string]string{"b": "2", "a": "1"})
	if string(a) != "a=1\nb=2\n" {
		t.Fatalf("AAD = %q", a)
	}
}
