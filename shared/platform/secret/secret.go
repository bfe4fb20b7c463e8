// Package secret reads a secret from AWS Secrets Manager. Functions read
// their secrets when first needed and keep them for the container's life,
// so a cold start makes no extra call and a warm one none at all.
package secret

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/secretsmanager"
)

// API is the part of the Secrets Manager client a Loader uses.
type API interface {
	GetSecretValue(context.Context, *secretsmanager.GetSecretValueInput, ...func(*secretsmanager.Options)) (*secretsmanager.GetSecretValueOutput, error)
}

// Loader returns a function reading secret id's current string value. It
// reads on every call: the caller keeps the value (api.Deps.LoadCursorKey
// is called once per container).
func Loader(sm API, id string) func(context.Context) ([]byte, error) {
	return func(ctx context.Context) ([]byte, error) {
		out, err := sm.GetSecretValue(ctx, &secretsmanager.GetSecretValueInput{SecretId: aws.String(id)})
		if err != nil {
			return nil, fmt.Errorf("secret: read %s: %w", id, err)
		}
		if out.SecretString == nil || *out.SecretString == "" {
			return nil, errors.New("secret: " + id + " has no string value")
		}
		return []byte(*out.SecretString), nil
	}
}
