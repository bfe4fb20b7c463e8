package budget

import (
	"slices"
	"strings"
	"testing"
)

// ads builds 28 days of an ad at a daily spend, leads every n-th day
// (0: never), clicks per 1000 impressions by day.
func ads(set, creative string, spend float64, leadEvery int, ctrPerMille func(d int) int64) []AdDay {
	var out []AdDay
	for d := 1; d <= 28; d++ {
		l := int64(0)
		if leadEvery > 0 && d%leadEvery == 0 {
			l = 1
		}
		out = append(out, AdDay{Platform: Meta, CampaignID: "c1", AdSetID: set, CreativeID: creative, Date: monday.AddDate(0, 0, -d).Format(dateLayout),
			Spend: FromDollars(spend), Impressions: 1000, Clicks: ctrPerMille(d), Leads: l})
	}
	return out
}

func flat(int) int64 { return 20 }

func find(as []Advice, f func(Advice) bool) (Advice, bool) {
	i := slices.IndexFunc(as, f)
	if i < 0 {
		return Advice{}, false
	}
	return as[i], true
}

func TestDearAdSetsArePausedOrBidDown(t *testing.T) {
	var in AdviceInput
	in.WeekStart = monday
	in.Ads = append(in.Ads, ads("good", "g1", 80, 1, flat)...)  // $80 a lead
	in.Ads = append(in.Ads, ads("dear", "d1", 60, 28, flat)...) // $1,680 a lead
	in.Ads = append(in.Ads, ads("never", "n1", 60, 0, flat)...) // no lead for $1,680
	in.Ads = append(in.Ads, ads("tiny", "t1", 1.5, 0, flat)...) // $42: too little to judge
	got := Advise(in)
	never, ok := find(got, func(a Advice) bool { return a.AdSetID == "never" })
	if !ok || never.Action != ActionPause || !strings.Contains(never.Reason, "pause it") {
		t.Fatalf("never: %+v (all %+v)", never, got)
	}
	dear, ok := find(got, func(a Advice) bool { return a.AdSetID == "dear" })
	if !ok || (dear.Action != ActionLowerBid && dear.Action != ActionPause) || !(dear.Estimate.Low <= dear.Estimate.Mean && dear.Estimate.Mean <= dear.Estimate.High) {
		t.Fatalf("dear: %+v", dear)
	}
	for _, id := range []string{"good", "tiny"} {
		if a, ok := find(got, func(a Advice) bool { return a.AdSetID == id && a.CreativeID == "" }); ok {
			t.Errorf("%s flagged: %+v", id, a)
		}
	}
}

func TestDecayingCreativeGetsARefresh(t *testing.T) {
	in := AdviceInput{WeekStart: monday}
	in.Ads = append(in.Ads, ads("s", "tired", 20, 3, func(d int) int64 {
		if d <= 7 {
			return 9 // 0.9% this week
		}
		return 20 // 2% at first
	})...)
	in.Ads = append(in.Ads, ads("s", "fresh", 20, 3, flat)...)
	got := Advise(in)
	a, ok := find(got, func(a Advice) bool { return a.Action == ActionRefreshCreative })
	if !ok || a.CreativeID != "tired" || a.Content == nil || !strings.Contains(a.Reason, "fell from 2.00%") {
		t.Fatalf("refresh: %+v (all %+v)", a, got)
	}
	if _, ok := find(got, func(a Advice) bool { return a.CreativeID == "fresh" }); ok {
		t.Error("a steady creative flagged")
	}
}

func TestSegmentsAdultsOnlyAndNoPersonalAttributes(t *testing.T) {
	in := AdviceInput{WeekStart: monday}
	in.Ads = ads("s", "a", 60, 1, flat) // the account: $60 a lead
	seg := func(dim Dimension, v string, spend float64, leads int64) SegmentTotal {
		return SegmentTotal{Platform: Meta, CampaignID: "c1", Dimension: dim, Value: v, Spend: FromDollars(spend), Leads: leads}
	}
	in.Segments = []SegmentTotal{
		seg(DimPlacement, "facebook_feed", 900, 20),
		seg(DimPlacement, "audience_network", 600, 0),
		seg(DimAge, "13-17", 300, 30), // never an audience, however it converts
		seg(DimAge, "35-44", 700, 25),
		seg(DimAge, "18-24", 500, 1),
		seg("interest", "botox", 300, 40), // not an aggregate breakdown we read
		seg("gender", "female", 300, 40),
	}
	got := Advise(in)
	if _, ok := find(got, func(a Advice) bool { return a.Action == ActionExclude && a.Value == "audience_network" }); !ok {
		t.Errorf("dear placement not flagged: %+v", got)
	}
	if _, ok := find(got, func(a Advice) bool { return a.Action == ActionExclude && a.Value == "18-24" }); !ok {
		t.Errorf("dear age band not flagged: %+v", got)
	}
	focus, ok := find(got, func(a Advice) bool { return a.Action == ActionFocus && a.Dimension == DimAge })
	if !ok || focus.Value != "35-44" || !strings.Contains(focus.Reason, "18+") {
		t.Errorf("age focus: %+v", focus)
	}
	for _, a := range got {
		if a.MinAge < 18 || strings.Contains(a.Reason, "13-17") || a.Dimension == "interest" || a.Dimension == "gender" ||
			strings.Contains(a.Reason, "botox") || strings.Contains(a.Reason, "female") {
			t.Errorf("advice beyond aggregate adult breakdowns: %+v", a)
		}
	}
}

func TestWeekdaysThatUnderperform(t *testing.T) {
	in := AdviceInput{WeekStart: monday}
	for d := 1; d <= 28; d++ {
		date := monday.AddDate(0, 0, -d)
		l := int64(2)
		if date.Weekday() == 0 { // Sundays never convert
			l = 0
		}
		in.Campaigns = append(in.Campaigns, CampaignDay{Platform: Meta, CampaignID: "c1", Date: date.Format(dateLayout), Spend: FromDollars(40), Leads: l})
	}
	got := Advise(in)
	a, ok := find(got, func(a Advice) bool { return a.Dimension == DimWeekday })
	if !ok || a.Value != "Sunday" || len(got) != 1 {
		t.Fatalf("weekday advice %+v", got)
	}
}
