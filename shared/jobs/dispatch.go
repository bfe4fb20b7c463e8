package jobs

import (
	"context"

	"github.com/medspa-ai/backend/shared/connector"
)

// Sender enqueues jobs (queue.Sender): it returns how many it sent.
type Sender interface {
	Send(ctx context.Context, jobs []any) (int, error)
}

// PerConnection walks the active connections page by page and queues the
// job job makes of each (nil: none for that connection), one batch a page,
// so a dispatch holds one page in memory however many connections there
// are. It returns how many jobs were queued; an error of job or of a send
// ends the walk.
func PerConnection(ctx context.Context, l connector.Lister, q Sender, job func(connector.Connection) (any, error)) (int, error) {
	queued := 0
	err := l.ListActive(ctx, func(page []connector.Connection) error {
		batch := make([]any, 0, len(page))
		for _, c := range page {
			j, err := job(c)
			if err != nil {
				return err
			}
			if j != nil {
				batch = append(batch, j)
			}
		}
		n, err := q.Send(ctx, batch)
		queued += n
		return err
	})
	return queued, err
}
