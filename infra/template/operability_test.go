package template

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// logsRetentionDays is the logs category's retention (privacy policy
// section 7): one year.
const logsRetentionDays = 365

func loadTemplate(t *testing.T) (*Template, *Resolver) {
	t.Helper()
	tpl, err := Load(filepath.Join("..", "..", "template.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := NewResolver(tpl, nil, map[string]string{"AWS::StackName": "medspa-prod", "AWS::Region": "us-east-1", "AWS::AccountId": "123456789012", "AWS::Partition": "aws"})
	if err != nil {
		t.Fatal(err)
	}
	return tpl, r
}

// logGroup checks that v is a !Ref to a log group kept logsRetentionDays and
// returns its resolved name.
func logGroup(t *testing.T, tpl *Template, r *Resolver, owner string, v any) string {
	t.Helper()
	id := logicalRef(v)
	res, ok := tpl.Resources[id]
	if !ok || res.Type != "AWS::Logs::LogGroup" {
		t.Errorf("%s: %v does not refer to an AWS::Logs::LogGroup of the template", owner, v)
		return ""
	}
	if days, err := r.Int(res.Properties["RetentionInDays"], 0); err != nil || days != logsRetentionDays {
		t.Errorf("%s: log group %s keeps logs %v days, want %d (policy section 7, logs)", owner, id, res.Properties["RetentionInDays"], logsRetentionDays)
	}
	name, err := r.String(res.Properties["LogGroupName"])
	if err != nil || name == "" {
		t.Errorf("%s: log group %s has no name: %v", owner, id, err)
	}
	return name
}

// TestEveryFunctionLogsToAOneYearGroup: each function writes to a log group
// the template declares, named /aws/lambda/<function name> and kept one
// year, so no function's platform logs land in a group Lambda creates
// itself (which keeps them forever).
func TestEveryFunctionLogsToAOneYearGroup(t *testing.T) {
	tpl, r := loadTemplate(t)
	fns := tpl.OfType(FunctionType)
	if len(fns) == 0 {
		t.Fatal("no functions")
	}
	seen := map[string]string{}
	for _, id := range fns {
		p := tpl.Resources[id].Properties
		lg, ok := Map(p, "LoggingConfig")["LogGroup"]
		if !ok {
			t.Errorf("%s: no LoggingConfig.LogGroup", id)
			continue
		}
		group := logGroup(t, tpl, r, id, lg)
		name, err := r.String(p["FunctionName"])
		if err != nil || name == "" {
			t.Errorf("%s: no FunctionName, so its log group cannot be named after it", id)
			continue
		}
		if group != "/aws/lambda/"+name {
			t.Errorf("%s: log group %q, want /aws/lambda/%s", id, group, name)
		}
		if other, dup := seen[group]; dup {
			t.Errorf("%s and %s share log group %s", id, other, group)
		}
		seen[group] = id
	}
}

// TestHttpApiAccessLog: the HTTP API logs every request to a one-year group
// with its ID, route, status and latency, and never a header, a query
// string or a claim (tokens and OAuth codes travel there).
func TestHttpApiAccessLog(t *testing.T) {
	tpl, r := loadTemplate(t)
	apis := tpl.OfType(HttpApiType)
	if len(apis) == 0 {
		t.Fatal("no HTTP API")
	}
	for _, id := range apis {
		als := Map(tpl.Resources[id].Properties, "AccessLogSettings")
		if len(als) == 0 {
			t.Errorf("%s: access logging is off (no AccessLogSettings)", id)
			continue
		}
		logGroup(t, tpl, r, id, als["DestinationArn"])
		format, _ := als["Format"].(string)
		for _, want := range []string{"$context.requestId", "$context.routeKey", "$context.status", "$context.responseLatency"} {
			if !strings.Contains(format, want) {
				t.Errorf("%s: access log format lacks %s", id, want)
			}
		}
		lower := strings.ToLower(format)
		for _, banned := range []string{"authorizer", "header", "querystring", "authorization", "token", "cookie"} {
			if strings.Contains(lower, banned) {
				t.Errorf("%s: access log format logs %q", id, banned)
			}
		}
	}
}

// TestEveryDeadLetterQueueIsAlarmed: every queue that receives failures
// (a redrive target or an event source's on-failure destination) has an
// alarm on its visible messages.
func TestEveryDeadLetterQueueIsAlarmed(t *testing.T) {
	tpl, _ := loadTemplate(t)
	dlqs := map[string]string{}
	for _, id := range tpl.OfType("AWS::SQS::Queue") {
		if target := logicalRef(Map(tpl.Resources[id].Properties, "RedrivePolicy")["deadLetterTargetArn"]); target != "" {
			dlqs[target] = "redrive target of " + id
		}
	}
	for _, id := range tpl.OfType(FunctionType) {
		for name, ev := range Map(tpl.Resources[id].Properties, "Events") {
			dest := Map(Map(Map(asMap(ev), "Properties"), "DestinationConfig"), "OnFailure")["Destination"]
			if q := logicalRef(dest); q != "" {
				dlqs[q] = fmt.Sprintf("on-failure destination of %s.%s", id, name)
			}
		}
	}
	for _, id := range tpl.OfType("AWS::SQS::Queue") {
		if strings.HasSuffix(id, "DLQ") && dlqs[id] == "" {
			t.Errorf("%s is named a DLQ but nothing sends failures to it", id)
		}
	}
	alarmed := map[string]bool{}
	for _, id := range tpl.OfType("AWS::CloudWatch::Alarm") {
		p := tpl.Resources[id].Properties
		if p["Namespace"] != "AWS/SQS" || p["MetricName"] != "ApproximateNumberOfMessagesVisible" {
			continue
		}
		for _, d := range List(p, "Dimensions") {
			if dm := asMap(d); dm["Name"] == "QueueName" {
				alarmed[logicalRef(dm["Value"])] = true
			}
		}
	}
	var ids []string
	for id := range dlqs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	if len(ids) < 4 {
		t.Errorf("found only the DLQs %v", ids)
	}
	for _, id := range ids {
		if !alarmed[id] {
			t.Errorf("%s (%s) has no ApproximateNumberOfMessagesVisible alarm", id, dlqs[id])
		}
	}
}
