package api

// The metrics routes' schemas and examples.

func totalsProps(extra schema) schema {
	count := integer(0, 1<<62)
	ratio := schema{"type": []string{"number", "null"}, "description": "null when the denominator is 0"}
	p := schema{
		"currency":    schema{"type": "string", "maxLength": 3, "description": "ISO 4217 code of the ad accounts the sums are in (never summed across currencies)"},
		"spendMicros": count, "impressions": count, "reach": count, "clicks": count,
		"leadsMilli": count, "conversionsMilli": count, "conversionValueMicros": count,
		"ctr": ratio, "cpc": ratio, "cpm": ratio, "costPerLead": ratio, "roas": ratio,
	}
	for k, v := range extra {
		p[k] = v
	}
	return p
}

var totalsRequired = []string{"currency", "spendMicros", "impressions", "reach", "clicks", "leadsMilli", "conversionsMilli", "conversionValueMicros", "ctr", "cpc", "cpm", "costPerLead", "roas"}

func metricsSchemas(s schema) {
	date := schema{"type": "string", "format": "date"}
	s["MetricTotals"] = object(totalsProps(nil), totalsRequired...)
	s["MetricsGroup"] = object(totalsProps(schema{"key": str(1, 128), "name": str(0, 512), "platform": platformEnum()}), append([]string{"key"}, totalsRequired...)...)
	s["MetricsReport"] = object(schema{"from": date, "to": date, "level": strEnum("campaign", "adset", "ad"), "groupBy": strEnum("day", "campaign", "platform", "adset", "ad"),
		"totals": arrayOf(ref("MetricTotals"), 0), "groups": arrayOf(ref("MetricsGroup"), 0)}, "from", "to", "level", "groupBy", "totals", "groups")
	s["PlatformPeriod"] = object(schema{"platform": platformEnum(), "current": ref("MetricTotals"), "previous": ref("MetricTotals")}, "platform", "current", "previous")
	s["MetricsOverview"] = object(schema{"period": strEnum("7d", "30d", "90d"), "from": date, "to": date, "previousFrom": date, "previousTo": date,
		"platforms": arrayOf(ref("PlatformPeriod"), 0)}, "period", "from", "to", "previousFrom", "previousTo", "platforms")
	s["InsightCell"] = object(totalsProps(schema{"platform": platformEnum(), "dimension": strEnum("age_gender", "placement", "device", "network"), "segment": str(1, 128)}),
		append([]string{"platform", "dimension", "segment"}, totalsRequired...)...)
	s["InsightsReport"] = object(schema{"from": date, "to": date, "cells": arrayOf(ref("InsightCell"), 0)}, "from", "to", "cells")
}

func totalsExample(extra map[string]any) map[string]any {
	t := map[string]any{"currency": "USD", "spendMicros": 1250400000, "impressions": 84210, "reach": 51200, "clicks": 1630,
		"leadsMilli": 41000, "conversionsMilli": 12000, "conversionValueMicros": 3480000000,
		"ctr": 0.019356, "cpc": 0.767117, "cpm": 14.848593, "costPerLead": 30.497561, "roas": 2.783109}
	for k, v := range extra {
		t[k] = v
	}
	return t
}

func metricsExamples(out map[string]any) {
	totals := totalsExample(nil)
	group := totalsExample(map[string]any{"key": "2026-11-30"})
	out["MetricTotals"] = totals
	out["MetricsGroup"] = group
	out["MetricsReport"] = map[string]any{"from": "2026-11-30", "to": "2026-11-30", "level": "campaign", "groupBy": "day", "totals": []any{totals}, "groups": []any{group}}
	period := map[string]any{"platform": "meta", "current": totals, "previous": totalsExample(map[string]any{"spendMicros": 1100000000, "roas": 2.5})}
	out["PlatformPeriod"] = period
	out["MetricsOverview"] = map[string]any{"period": "30d", "from": "2026-11-01", "to": "2026-11-30", "previousFrom": "2026-10-02", "previousTo": "2026-10-31", "platforms": []any{period}}
	cell := totalsExample(map[string]any{"platform": "meta", "dimension": "age_gender", "segment": "25-34|female", "reach": 0})
	out["InsightCell"] = cell
	out["InsightsReport"] = map[string]any{"from": "2026-11-01", "to": "2026-11-30", "cells": []any{cell}}
}
