// Package envelope encrypts small secrets (OAuth tokens) with envelope
// encryption: each Seal asks KMS for a fresh data key (GenerateDataKey),
// encrypts with AES-256-GCM under it, forgets the plaintext key and keeps
// the KMS-encrypted data key beside the ciphertext. The caller's context
// (for tokens: organization and connection) is both the KMS encryption
// context and the AES-GCM additional authenticated data, so a sealed value
// copied to another record opens neither at KMS nor locally.
//
// Blob layout: version (1 byte) | len(encrypted key) (2 bytes, big endian)
// | encrypted data key | nonce (12 bytes) | ciphertext and tag.
package envelope

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/kms/types"
)

// KMS is the part of the KMS client envelope uses.
type KMS interface {
	GenerateDataKey(context.Context, *kms.GenerateDataKeyInput, ...func(*kms.Options)) (*kms.GenerateDataKeyOutput, error)
	Decrypt(context.Context, *kms.DecryptInput, ...func(*kms.Options)) (*kms.DecryptOutput, error)
}

// Sealer seals and opens values with one KMS key.
type Sealer struct {
	KMS   KMS
	KeyID string
}

const version = 1

// ErrOpen is returned for a blob that does not open with the context given
// (tampered, truncated, or sealed for another record).
var ErrOpen = errors.New("envelope: the value does not open with this context")

// New returns a Sealer for keyID.
func New(c KMS, keyID string) (Sealer, error) {
	if c == nil || keyID == "" {
		return Sealer{}, errors.New("envelope: needs a KMS client and a key ID")
	}
	return Sealer{KMS: c, KeyID: keyID}, nil
}

// Seal encrypts plaintext bound to ec, which must not be empty.
func (s Sealer) Seal(ctx context.Context, plaintext []byte, ec map[string]string) ([]byte, error) {
	if len(ec) == 0 {
		return nil, errors.New("envelope: an encryption context is required")
	}
	out, err := s.KMS.GenerateDataKey(ctx, &kms.GenerateDataKeyInput{
		KeyId: aws.String(s.KeyID), KeySpec: types.DataKeySpecAes256, EncryptionContext: ec,
	})
	if err != nil {
		return nil, fmt.Errorf("envelope: generate data key: %w", err)
	}
	defer clear(out.Plaintext)
	if len(out.CiphertextBlob) > 0xffff {
		return nil, errors.New("envelope: encrypted data key too long")
	}
	gcm, err := newGCM(out.Plaintext)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, gcm.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	blob := make([]byte, 0, 3+len(out.CiphertextBlob)+len(nonce)+len(plaintext)+gcm.Overhead())
	blob = append(blob, version)
	blob = binary.BigEndian.AppendUint16(blob, uint16(len(out.CiphertextBlob)))
	blob = append(blob, out.CiphertextBlob...)
	blob = append(blob, nonce...)
	return gcm.Seal(blob, nonce, plaintext, AAD(ec)), nil
}

// Open decrypts a blob sealed with the same ec.
func (s Sealer) Open(ctx context.Context, blob []byte, ec map[string]string) ([]byte, error) {
	if len(blob) < 3 || blob[0] != version {
		return nil, ErrOpen
	}
	n := int(binary.BigEndian.Uint16(blob[1:3]))
	rest := blob[3:]
	if len(rest) < n+12 {
		return nil, ErrOpen
	}
	out, err := s.KMS.Decrypt(ctx, &kms.DecryptInput{
		CiphertextBlob: rest[:n], EncryptionContext: ec, KeyId: aws.String(s.KeyID),
	})
	if err != nil {
		var ic *types.InvalidCiphertextException
		if errors.As(err, &ic) {
			return nil, ErrOpen
		}
		return nil, fmt.Errorf("envelope: decrypt data key: %w", err)
	}
	defer clear(out.Plaintext)
	gcm, err := newGCM(out.Plaintext)
	if err != nil {
		return nil, err
	}
	rest = rest[n:]
	pt, err := gcm.Open(nil, rest[:gcm.NonceSize()], rest[gcm.NonceSize():], AAD(ec))
	if err != nil {
		return nil, ErrOpen
	}
	return pt, nil
}

func newGCM(key []byte) (cipher.AEAD, error) {
	if len(key) != 32 {
		return nil, errors.New("envelope: data key is not 256 bits")
	}
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// AAD is the canonical encoding of ec used as additional authenticated
// data: keys sorted, each key=value on its own line (keys and values are
// IDs, which hold neither '=' nor newlines).
func AAD(ec map[string]string) []byte {
	keys := make([]string, 0, len(ec))
	for k := range ec {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(ec[k])
		b.WriteByte('\n')
	}
	return []byte(b.String())
}
