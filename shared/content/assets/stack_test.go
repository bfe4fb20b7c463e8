package assets_test

import (
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/medspa-ai/backend/infra/provision"
	"github.com/medspa-ai/backend/infra/testenv"
	"github.com/medspa-ai/backend/shared/content"
	"github.com/medspa-ai/backend/shared/content/assets"
	"github.com/medspa-ai/backend/shared/content/contentdb"
	"github.com/medspa-ai/backend/shared/content/localgen"
	"github.com/medspa-ai/backend/shared/platform/dynamo"
	"github.com/medspa-ai/backend/shared/retention"
)

// generation is content generation on the emulators: the local provider's
// requests kept in the account table, their files in the assets bucket.
type generation struct {
	stack   *provision.Stack
	cfg     aws.Config
	bucket  string
	account *dynamo.Table
	store   *contentdb.Store
	files   *assets.Store
	g       *content.Generator
}

func newGeneration(t *testing.T) generation {
	st, cfg := testenv.Stack(t)
	e := generation{stack: st, cfg: cfg, bucket: testenv.Name(t, st, "AssetsBucket"), account: testenv.Table(t, retention.Account)}
	e.store = testenv.Must[*contentdb.Store](t)(contentdb.New(e.account))
	e.files = assets.New(cfg, e.bucket)
	e.g = &content.Generator{Store: e.store, Provider: localgen.Generator{}, Assets: e.files}
	return e
}
