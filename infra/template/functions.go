package template

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// FunctionType is SAM's function resource type.
const FunctionType = "AWS::Serverless::Function"

// Function is a function as the local stack runs it: its code folder, its
// environment resolved to local names, and its triggers.
type Function struct {
	LogicalID  string            `json:"logicalId"`
	Dir        string            `json:"dir"`
	Env        map[string]string `json:"env"`
	Timeout    int               `json:"timeout"`
	MemorySize int               `json:"memorySize"`
	Routes     []Route           `json:"routes,omitempty"`
	Queues     []QueueSource     `json:"queues,omitempty"`
	Schedules  []Schedule        `json:"schedules,omitempty"`
	Streams    []StreamSource    `json:"streams,omitempty"`
}

// Route is an HttpApi event.
type Route struct {
	Event  string `json:"event"`
	Method string `json:"method"`
	Path   string `json:"path"`
	// Public routes skip the JWT authorizer (Auth.Authorizer: NONE).
	Public bool `json:"public"`
}

// QueueSource is an SQS event source.
type QueueSource struct {
	Event          string `json:"event"`
	Queue          string `json:"queue"` // logical ID
	BatchSize      int    `json:"batchSize"`
	ReportFailures bool   `json:"reportBatchItemFailures"`
	MaxConcurrency int    `json:"maxConcurrency,omitempty"`
}

// Schedule is a ScheduleV2 event.
type Schedule struct {
	Event      string `json:"event"`
	Name       string `json:"name"`
	Expression string `json:"expression"`
	// Timezone is ScheduleExpressionTimezone ("" is UTC).
	Timezone string `json:"timezone,omitempty"`
	Input    string `json:"input"`
}

// StreamSource is a DynamoDB stream event source.
type StreamSource struct {
	Event          string   `json:"event"`
	Table          string   `json:"table"` // logical ID
	BatchSize      int      `json:"batchSize"`
	Filters        []string `json:"filters,omitempty"`
	ReportFailures bool     `json:"reportBatchItemFailures"`
}

// FunctionDir maps a function's logical ID to its code folder by the
// project's convention: ApiFunction lives in functions/api.
func FunctionDir(logicalID string) string {
	return "functions/" + strings.ToLower(strings.TrimSuffix(logicalID, "Function"))
}

// Functions resolves every enabled function. Resources the functions refer
// to must already be in r.Physical.
func (r *Resolver) Functions() ([]Function, error) {
	globals := Map(r.T.Globals, "Function")
	var out []Function
	for _, id := range r.T.OfType(FunctionType) {
		res := r.T.Resources[id]
		if !r.Enabled(res) {
			continue
		}
		p := res.Properties
		f := Function{LogicalID: id, Dir: FunctionDir(id), Env: map[string]string{}}
		var err error
		if f.Timeout, err = r.Int(firstOf(p["Timeout"], globals["Timeout"]), 3); err != nil {
			return nil, fmt.Errorf("%s Timeout: %w", id, err)
		}
		if f.MemorySize, err = r.Int(firstOf(p["MemorySize"], globals["MemorySize"]), 128); err != nil {
			return nil, fmt.Errorf("%s MemorySize: %w", id, err)
		}
		for _, vars := range []map[string]any{Map(Map(globals, "Environment"), "Variables"), Map(Map(p, "Environment"), "Variables")} {
			for k, v := range vars {
				s, err := r.String(v)
				if err != nil {
					return nil, fmt.Errorf("%s env %s: %w", id, k, err)
				}
				f.Env[k] = s
			}
		}
		if err := r.events(&f, Map(p, "Events")); err != nil {
			return nil, fmt.Errorf("%s: %w", id, err)
		}
		out = append(out, f)
	}
	return out, nil
}

func (r *Resolver) events(f *Function, events map[string]any) error {
	names := make([]string, 0, len(events))
	for n := range events {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		ev := asMap(events[name])
		p := Map(ev, "Properties")
		switch typ, _ := ev["Type"].(string); typ {
		case "HttpApi":
			method, _ := r.String(p["Method"])
			path, _ := r.String(p["Path"])
			authz, _ := Map(p, "Auth")["Authorizer"].(string)
			f.Routes = append(f.Routes, Route{Event: name, Method: strings.ToUpper(method), Path: path, Public: authz == "NONE"})
		case "SQS":
			batch, err := r.Int(p["BatchSize"], 10)
			if err != nil {
				return err
			}
			maxc, _ := r.Int(Map(p, "ScalingConfig")["MaximumConcurrency"], 0)
			f.Queues = append(f.Queues, QueueSource{Event: name, Queue: logicalRef(p["Queue"]), BatchSize: batch,
				ReportFailures: contains(List(p, "FunctionResponseTypes"), "ReportBatchItemFailures"), MaxConcurrency: maxc})
		case "ScheduleV2":
			expr, err := r.String(p["ScheduleExpression"])
			if err != nil {
				return err
			}
			sname, _ := r.String(p["Name"])
			tz, _ := r.String(p["ScheduleExpressionTimezone"])
			input, _ := p["Input"].(string)
			f.Schedules = append(f.Schedules, Schedule{Event: name, Name: sname, Expression: expr, Timezone: tz, Input: input})
		case "DynamoDB":
			batch, err := r.Int(p["BatchSize"], 100)
			if err != nil {
				return err
			}
			s := StreamSource{Event: name, Table: logicalRef(p["Stream"]), BatchSize: batch,
				ReportFailures: contains(List(p, "FunctionResponseTypes"), "ReportBatchItemFailures")}
			for _, fl := range List(Map(p, "FilterCriteria"), "Filters") {
				if pat, ok := asMap(fl)["Pattern"].(string); ok {
					if !json.Valid([]byte(pat)) {
						return fmt.Errorf("event %s: filter pattern is not JSON", name)
					}
					s.Filters = append(s.Filters, pat)
				}
			}
			f.Streams = append(f.Streams, s)
		default:
			return fmt.Errorf("event %s: type %q is not run locally", name, typ)
		}
	}
	return nil
}

// logicalRef extracts the logical ID from !GetAtt X.Arn or !Ref X.
func logicalRef(v any) string {
	m := asMap(v)
	if ref, ok := m["Ref"].(string); ok {
		return ref
	}
	if parts, ok := m["Fn::GetAtt"].([]any); ok && len(parts) > 0 {
		return fmt.Sprint(parts[0])
	}
	return ""
}

func firstOf(vs ...any) any {
	for _, v := range vs {
		if v != nil {
			return v
		}
	}
	return nil
}

func contains(list []any, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
