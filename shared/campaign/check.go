package campaign

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/medspa-ai/backend/shared/connector"
	"github.com/medspa-ai/backend/shared/content/rules"
)

// Audience and budget rules.
const (
	MinAge = 18
	MaxAge = 65
	// MinDailyBudget is the smallest daily budget we publish (minor units):
	// both platforms refuse or barely deliver below about 1.00.
	MinDailyBudget = 100
	// MaxDailyBudget bounds a typo (minor units): 10,000.00 a day.
	MaxDailyBudget = 1_000_000
)

// Rule IDs of draft checks beyond the ad rules.
const (
	RuleAudienceAge      = "audience.age"
	RuleAudienceLocation = "audience.location"
	RuleBudget           = "budget.range"
	RuleSchedule         = "schedule.range"
	RulePlacement        = "placement.platform"
	RuleMedia            = "creative.media"
	RuleLink             = "creative.link"
)

// Check checks a draft before it can be approved: the ad's text with the
// rule checker (the placement's limits and, for Google, 3-15 headlines and
// 2-4 descriptions), the media the placement needs, the audience (18+ and
// the business's own locations only), the budget and the schedule. now is
// when the check runs; brandLocations are the business's locations.
func Check(d Draft, brandLocations []string, now time.Time) []rules.Violation {
	var vs []rules.Violation
	v := func(field, rule, format string, args ...any) {
		vs = append(vs, rules.Violation{Field: field, Rule: rule, Message: fmt.Sprintf(format, args...)})
	}
	if !d.Placement.Valid() || string(d.Placement.Platform()) != string(d.Platform) {
		v("placement", RulePlacement, "placement %q is not a %s placement.", d.Placement, d.Platform)
	} else {
		for _, x := range rules.CheckComplete(d.Placement, d.Creative.Fields) {
			x.Field = "creative.fields." + x.Field
			vs = append(vs, x)
		}
	}
	switch {
	case d.Platform == connector.Meta && d.Creative.MediaKey == "":
		v("creative.assetId", RuleMedia, "A %s ad needs an image or a video.", d.Placement)
	case d.Platform == connector.Google && d.Creative.MediaKey != "":
		v("creative.assetId", RuleMedia, "A responsive search ad shows no image or video.")
	}
	if u, err := url.Parse(d.Creative.LinkURL); err != nil || u.Scheme != "https" || u.Host == "" {
		v("creative.linkUrl", RuleLink, "linkUrl must be an https URL of the business's website.")
	}
	a := d.Audience
	if a.AgeMin < MinAge {
		v("audience.ageMin", RuleAudienceAge, "Cosmetic procedures are advertised to people %d or older; ageMin must be at least %d.", MinAge, MinAge)
	}
	if a.AgeMax != 0 && (a.AgeMax < a.AgeMin || a.AgeMax > MaxAge) {
		v("audience.ageMax", RuleAudienceAge, "ageMax must be between ageMin and %d (%d means %d and older).", MaxAge, MaxAge, MaxAge)
	}
	if len(a.Locations) == 0 {
		v("audience.locations", RuleAudienceLocation, "Name at least one of the business's locations.")
	}
	for i, l := range a.Locations {
		if !slices.ContainsFunc(brandLocations, func(b string) bool { return strings.EqualFold(b, l) }) {
			v(fmt.Sprintf("audience.locations[%d]", i), RuleAudienceLocation, "%q is not one of the business's locations (settings.locations).", l)
		}
	}
	if a.RadiusKm < 0 || a.RadiusKm > 80 {
		v("audience.radiusKm", RuleAudienceLocation, "radiusKm must be 1-80 (0 for the platform's default).")
	}
	if d.DailyBudget < MinDailyBudget || d.DailyBudget > MaxDailyBudget {
		v("dailyBudgetMinor", RuleBudget, "dailyBudgetMinor must be %d-%d (minor units of %s).", MinDailyBudget, MaxDailyBudget, d.Currency)
	}
	if d.Start.Before(now.Add(-24 * time.Hour)) {
		v("start", RuleSchedule, "start must not be in the past.")
	}
	if !d.End.IsZero() && !d.End.After(d.Start) {
		v("end", RuleSchedule, "end must be after start.")
	}
	return vs
}

// Plan says, in plain words, what publishing d creates at the platform.
func Plan(d Draft) []string {
	launch := "paused"
	if d.Launch == Active {
		launch = "active"
	}
	if d.Platform == connector.Google {
		return []string{
			fmt.Sprintf("campaign budget %q of %d %s minor units a day", d.ObjectName(StepBudget), d.DailyBudget, d.Currency),
			fmt.Sprintf("search campaign %q (%s)", d.ObjectName(StepCampaign), launch),
			fmt.Sprintf("ad group %q targeting %s, ages %s", d.ObjectName(StepAdGroup), strings.Join(d.Audience.Locations, "; "), ages(d.Audience)),
			"responsive search ad with the draft's headlines and descriptions",
		}
	}
	media := "image"
	if Steps(d)[0] == StepVideo {
		media = "video"
	}
	return []string{
		media + " upload to the ad account's library",
		fmt.Sprintf("campaign %q with objective %s (%s)", d.ObjectName(StepCampaign), MetaObjective(d.Goal), launch),
		fmt.Sprintf("ad set %q: %d %s minor units a day, %s, ages %s, Facebook and Instagram placements", d.ObjectName(StepAdSet), d.DailyBudget, d.Currency, strings.Join(d.Audience.Locations, "; "), ages(d.Audience)),
		"ad creative with the draft's text and " + media,
		fmt.Sprintf("ad %q (%s)", d.ObjectName(StepAd), launch),
	}
}

func ages(a Audience) string {
	if a.AgeMax == 0 || a.AgeMax == MaxAge {
		return fmt.Sprintf("%d+", a.AgeMin)
	}
	return fmt.Sprintf("%d-%d", a.AgeMin, a.AgeMax)
}

// MetaObjective is the Meta campaign objective of a goal (outcome-based
// objectives).
func MetaObjective(g Goal) string {
	switch g {
	case Traffic:
		return "OUTCOME_TRAFFIC"
	case Leads:
		return "OUTCOME_LEADS"
	}
	return "OUTCOME_AWARENESS"
}
