package adplatform

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Budgets: the write side the optimiser uses. Every Meta campaign and ad
// set and every Google campaign has a daily budget, seeded from its ID
// ($20-$79) until written:
//
//	GET  {MetaGraphURL}/{v}/{campaign or ad set id}?fields=daily_budget   {"id","daily_budget"} (minor units, a string)
//	POST {MetaGraphURL}/{v}/{campaign or ad set id}  daily_budget=4800    {"success":true}; needs ads_management
//	POST {GoogleAdsURL}/v{N}/customers/{cid}/campaignBudgets:mutate
//	     {"operations":[{"update":{"resourceName":"customers/{cid}/campaignBudgets/{campaign id}","amountMicros":"48000000"},"updateMask":"amount_micros"}]}
//	     → {"results":[{"resourceName":...}]}
//
// Google's budget reads go through GAQL: campaign.campaign_budget and
// campaign_budget.amount_micros (campaign_budget.id is the campaign's ID:
// one budget per campaign, none shared). A ServerError or RateLimit fault
// fails writes like reads. DailyBudget is the truth for tests.

// DailyBudget is a campaign's (or Meta ad set's) daily budget in micros.
func (s *Sim) DailyBudget(id string) (int64, bool) {
	if s.w.campByID[id] == nil && s.w.adsetByID[id] == nil {
		return 0, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.budgetLocked(id), true
}

func (s *Sim) budgetLocked(id string) int64 {
	if b, ok := s.budgets[id]; ok {
		return b
	}
	h := fnv.New32a()
	h.Write([]byte(id))
	return int64(20+h.Sum32()%60) * 1_000_000
}

func (s *Sim) setBudget(id string, micros int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.budgets == nil {
		s.budgets = map[string]int64{}
	}
	s.budgets[id] = micros
}

// metaBudgetNode serves GET and POST on a Meta campaign or ad set.
func (s *Sim) metaBudgetNode(w http.ResponseWriter, r *http.Request, t *token, id string) {
	if r.Method == http.MethodGet {
		if !hasAdsScope(t) {
			s.metaError(w, 400, 200, 0, "OAuthException", "(#200) Requires ads_read or ads_management permission to manage the object")
			return
		}
		b := s.budgetLocked0(id)
		writeJSON(w, 200, pick(map[string]any{"id": id, "daily_budget": strconv.FormatInt(b/10000, 10)}, r.Form.Get("fields"), "id"))
		return
	}
	if r.Method != http.MethodPost {
		s.metaError(w, 400, 100, 0, "GraphMethodException", "Unsupported "+strings.ToLower(r.Method)+" request.")
		return
	}
	if !slices.Contains(t.grant.scopes, "ads_management") {
		s.metaError(w, 400, 200, 0, "OAuthException", "(#200) Requires ads_management permission to manage the object")
		return
	}
	v := r.Form.Get("daily_budget")
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 100 {
		s.metaError(w, 400, 100, 1885272, "OAuthException", "(#100) Invalid parameter: daily_budget must be a whole number of minor units, at least 100.")
		return
	}
	s.setBudget(id, n*10000)
	writeJSON(w, 200, map[string]any{"success": true})
}

func (s *Sim) budgetLocked0(id string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.budgetLocked(id)
}

// googleMutateBudgets serves campaignBudgets:mutate for customer a.
func (s *Sim) googleMutateBudgets(w http.ResponseWriter, r *http.Request, a Account) {
	var body struct {
		Operations []struct {
			Update *struct {
				ResourceName string `json:"resourceName"`
				AmountMicros string `json:"amountMicros"`
			} `json:"update"`
			UpdateMask string `json:"updateMask"`
		} `json:"operations"`
		ValidateOnly bool `json:"validateOnly"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil || len(body.Operations) == 0 {
		s.adsError(w, 400, "INVALID_ARGUMENT", "Request contains an invalid argument.", "mutateError", "INVALID_REQUEST")
		return
	}
	type set struct {
		id     string
		micros int64
	}
	var sets []set
	var results []map[string]any
	prefix := "customers/" + a.ID + "/campaignBudgets/"
	for i, op := range body.Operations {
		fail := func(code, msg string) {
			s.adsError(w, 400, "INVALID_ARGUMENT", "Request contains an invalid argument.", "campaignBudgetError", code,
				map[string]any{"message": msg, "location": map[string]any{"fieldPathElements": []any{map[string]any{"fieldName": "operations", "index": i}}}})
		}
		if op.Update == nil || op.UpdateMask != "amount_micros" {
			fail("OPERATION_NOT_PERMITTED_FOR_CONTEXT", "Only an update of amount_micros is supported.")
			return
		}
		id, ok := strings.CutPrefix(op.Update.ResourceName, prefix)
		if c := s.w.campByID[id]; !ok || c == nil || c.AccountID != a.ID {
			fail("CAMPAIGN_BUDGET_NOT_FOUND", fmt.Sprintf("Resource %q was not found.", op.Update.ResourceName))
			return
		}
		n, err := strconv.ParseInt(op.Update.AmountMicros, 10, 64)
		if err != nil || n < 10_000 || n%10_000 != 0 {
			fail("NON_MULTIPLE_OF_MINIMUM_CURRENCY_UNIT", "The budget amount must be a positive multiple of the minimum currency unit.")
			return
		}
		sets = append(sets, set{id, n})
		results = append(results, map[string]any{"resourceName": op.Update.ResourceName})
	}
	// All or nothing, as Google applies a mutate request.
	if !body.ValidateOnly {
		for _, x := range sets {
			s.setBudget(x.id, x.micros)
		}
	}
	writeJSON(w, 200, map[string]any{"results": results})
}

// metaBudgeted reports whether id is a Meta campaign or ad set.
func (s *Sim) metaBudgeted(id string) bool {
	acct := ""
	if c := s.w.campByID[id]; c != nil {
		acct = c.AccountID
	} else if set := s.w.adsetByID[id]; set != nil {
		acct = set.AccountID
	}
	a := s.w.byID[acct]
	return a != nil && a.Platform == Meta
}
