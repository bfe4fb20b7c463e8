package adplatform_test

import (
	"testing"
	"time"

	"github.com/medspa-ai/backend/infra/sim/adplatform"
)

// TestVanish: a vanished ad has no rows on any day and its campaign loses
// its share; a vanished account day has no rows at any level; other days
// are unchanged.
func TestVanish(t *testing.T) {
	s := adplatform.New(adplatform.Options{})
	a := s.Accounts(adplatform.Meta)[0]
	today := s.Today(a.ID)
	from := addDays(today, -9)
	camp := s.Campaigns(a.ID)[0]
	ad := s.Ads(s.AdSets(camp.ID)[0].ID)[0]
	before := s.TotalsBy(a.ID, adplatform.LevelCampaign, from, today)[camp.ID]
	adTotal := s.TotalsBy(a.ID, adplatform.LevelAd, from, today)[ad.ID]
	s.Vanish(ad.ID)
	for _, r := range s.Rows(a.ID, adplatform.LevelAd, from, today) {
		if r.AdID == ad.ID {
			t.Fatalf("the vanished ad reports %s", r.Date)
		}
	}
	if after := s.TotalsBy(a.ID, adplatform.LevelCampaign, from, today)[camp.ID]; after.CostMicros != before.CostMicros-adTotal.CostMicros {
		t.Fatalf("campaign spend %d, want %d less the ad's %d", after.CostMicros, before.CostMicros, adTotal.CostMicros)
	}
	day := addDays(today, -2)
	n := len(s.Rows(a.ID, adplatform.LevelCampaign, from, today))
	s.Vanish("act_"+a.ID, day)
	for _, l := range []adplatform.Level{adplatform.LevelCampaign, adplatform.LevelAdSet, adplatform.LevelAd} {
		if rows := s.Rows(a.ID, l, day, day); len(rows) != 0 {
			t.Fatalf("%s: %d rows on the vanished day", l, len(rows))
		}
	}
	if m := len(s.Rows(a.ID, adplatform.LevelCampaign, from, today)); m >= n || len(s.Rows(a.ID, adplatform.LevelCampaign, addDays(day, 1), addDays(day, 1))) == 0 {
		t.Fatalf("%d campaign rows after the day vanished, %d before", m, n)
	}
}

func addDays(day string, n int) string {
	t, _ := time.Parse(time.DateOnly, day)
	return t.AddDate(0, 0, n).Format(time.DateOnly)
}
