package adplatform

import (
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// Publishing: the write endpoints campaign publishing uses, kept apart
// from the seeded world (created objects have no metrics).
//
// Meta (POST, form-encoded; Graph JSON in JSON-valued fields):
//
//	act_{id}/adimages     bytes=<base64>           → {"images":{"<name>":{"hash","url"}}} (hash: MD5 of the bytes; same bytes, same hash)
//	act_{id}/advideos     multipart "source"        → {"id"}
//	act_{id}/campaigns    name, objective, status, special_ad_categories          → {"id"}
//	act_{id}/adsets       name, campaign_id, daily_budget, targeting, status...    → {"id"}
//	act_{id}/adcreatives  name, object_story_spec (link_data.image_hash | video_data.video_id) → {"id"}
//	act_{id}/ads          name, adset_id, creative={"creative_id"}, status         → {"id"}
//	GET act_{id}/{campaigns,adsets,adcreatives,ads}?filtering=[{"field":"name","operator":"CONTAIN","value":...}]
//	GET /{id}?fields=status,effective_status,ad_review_feedback
//	POST /{id} status=ACTIVE|PAUSED|ARCHIVED → {"success":true}
//
// Writes need ads_management. Refusals are Meta's error shape with
// error_user_title and error_user_msg.
//
// Google: POST customers/{cid}/googleAds:mutate with mutateOperations of
// campaignBudgetOperation, campaignOperation, campaignCriterionOperation,
// adGroupOperation and adGroupAdOperation (create; update of status with
// updateMask; remove), temporary resource names (negative IDs) resolved
// within the request, atomic (one refused operation refuses all). Names
// are unique as Google keeps them (DUPLICATE_NAME, DUPLICATE_CAMPAIGN_NAME,
// DUPLICATE_ADGROUP_NAME). Responsive search ads need 3-15 headlines of at
// most 30 characters and 2-4 descriptions of at most 90. googleAds:search
// of "SELECT <r>.resource_name[, ...] FROM <r> WHERE <r>.name = '<n>'" (or
// ad_group_ad.ad_group = '<resource name>') finds created objects, with
// ad_group_ad.policy_summary.
//
// Review: SetReviewOutcomes decides each new ad's review (first match by
// platform and text): approved, rejected with a reason, after a delay on
// the simulator's clock. Without one an ad is approved at once.
//
// Truth API: Published(account, kind) lists created objects; CountPublished
// counts them.

// ReviewOutcome is the review an ad gets.
type ReviewOutcome struct {
	Platform Platform
	// Contains limits the outcome to ads whose text contains it ("" any).
	Contains string
	Reject   bool
	Reason   string // shown as the platform's rejection reason
	// Delay is how long the ad stays in review (simulator clock).
	Delay time.Duration
}

// PublishedObject is an object created through the write endpoints.
type PublishedObject struct {
	Platform Platform
	Kind     string // campaign, adset, ad, adcreative, adimage, advideo; campaign_budget, campaign_criterion, ad_group, ad_group_ad
	ID       string // Meta ID or image hash; Google resource name
	Account  string
	Name     string
	Parent   string
	Status   string
	Fields   map[string]any
	Text     string
	Created  time.Time
	review   ReviewOutcome
}

type publishState struct {
	mu       sync.Mutex
	objs     []*PublishedObject
	outcomes []ReviewOutcome
}

// SetReviewOutcomes replaces the review rules for new ads.
func (s *Sim) SetReviewOutcomes(o ...ReviewOutcome) {
	s.pub.mu.Lock()
	s.pub.outcomes = slices.Clone(o)
	s.pub.mu.Unlock()
}

// Published lists an account's created objects of a kind ("" any).
func (s *Sim) Published(account, kind string) []PublishedObject {
	account = strings.TrimPrefix(account, "act_")
	s.pub.mu.Lock()
	defer s.pub.mu.Unlock()
	var out []PublishedObject
	for _, o := range s.pub.objs {
		if o.Account == account && (kind == "" || o.Kind == kind) {
			out = append(out, *o)
		}
	}
	return out
}

// CountPublished counts an account's created objects of a kind.
func (s *Sim) CountPublished(account, kind string) int { return len(s.Published(account, kind)) }

func (s *Sim) addObject(o *PublishedObject) {
	o.Created = s.Now()
	s.pub.mu.Lock()
	defer s.pub.mu.Unlock()
	if o.Kind == "ad" || o.Kind == "ad_group_ad" {
		for _, r := range s.pub.outcomes {
			if r.Platform == o.Platform && (r.Contains == "" || strings.Contains(o.Text, r.Contains)) {
				o.review = r
				break
			}
		}
	}
	s.pub.objs = append(s.pub.objs, o)
}

func (s *Sim) object(id string) *PublishedObject {
	s.pub.mu.Lock()
	defer s.pub.mu.Unlock()
	for _, o := range s.pub.objs {
		if o.ID == id {
			return o
		}
	}
	return nil
}

// reviewOf is the ad's review now: "pending", "approved" or "rejected".
func (s *Sim) reviewOf(o *PublishedObject) string {
	switch {
	case s.Now().Before(o.Created.Add(o.review.Delay)):
		return "pending"
	case o.review.Reject:
		return "rejected"
	}
	return "approved"
}

// ---- Meta ----

func (s *Sim) metaRefuse(w http.ResponseWriter, sub int, title, msg string) {
	e := map[string]any{"message": "Invalid parameter", "type": "OAuthException", "code": 100, "error_subcode": sub,
		"is_transient": false, "error_user_title": title, "error_user_msg": msg, "fbtrace_id": "A" + s.opaque("trace", s.nextID())[:22]}
	writeJSON(w, 400, map[string]any{"error": e})
}

func metaID(n int) string { return fmt.Sprintf("238%012d", n) }

// serveMetaWrite serves the ad account's write edges and filtered listings
// of created objects; false leaves the request to the read API.
func (s *Sim) serveMetaWrite(w http.ResponseWriter, r *http.Request, a Account, rest []string, t *token) bool {
	if len(rest) != 1 {
		return false
	}
	edge := rest[0]
	kinds := map[string]string{"campaigns": "campaign", "adsets": "adset", "adcreatives": "adcreative", "ads": "ad"}
	if r.Method == http.MethodGet {
		if kinds[edge] == "" || r.Form.Get("filtering") == "" {
			return false
		}
		var filters []struct{ Field, Operator, Value string }
		if err := json.Unmarshal([]byte(r.Form.Get("filtering")), &filters); err != nil {
			s.metaError(w, 400, 100, 0, "OAuthException", "(#100) param filtering must be an array.")
			return true
		}
		var items []map[string]any
		for _, o := range s.Published(a.ID, kinds[edge]) {
			ok := true
			for _, f := range filters {
				ok = ok && f.Field == "name" && (f.Operator == "CONTAIN" && strings.Contains(o.Name, f.Value) || f.Operator == "EQUAL" && o.Name == f.Value)
			}
			if ok {
				items = append(items, map[string]any{"id": o.ID, "name": o.Name, "status": o.Status, "effective_status": s.effectiveStatus(&o)})
			}
		}
		s.metaPage(w, r, items, "id")
		return true
	}
	if r.Method != http.MethodPost || (kinds[edge] == "" && edge != "adimages" && edge != "advideos") {
		return false
	}
	if !slices.Contains(t.grant.scopes, "ads_management") {
		s.metaError(w, 403, 200, 0, "OAuthException", "(#200) Requires ads_management permission to manage the object")
		return true
	}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/") {
		r.ParseMultipartForm(64 << 20)
	}
	f := r.Form
	name := f.Get("name")
	if utf8.RuneCountInString(name) > 400 {
		s.metaRefuse(w, 1885005, "Name too long", "The name must be 400 characters or fewer.")
		return true
	}
	status := f.Get("status")
	if status == "" {
		status = "ACTIVE"
	}
	if kinds[edge] != "" && status != "ACTIVE" && status != "PAUSED" {
		s.metaError(w, 400, 100, 0, "OAuthException", "(#100) Param status must be one of {ACTIVE, PAUSED}")
		return true
	}
	o := &PublishedObject{Platform: Meta, Account: a.ID, Name: name, Status: status, Fields: map[string]any{}}
	for k := range f {
		o.Fields[k] = f.Get(k)
	}
	switch edge {
	case "adimages":
		raw, err := base64.StdEncoding.DecodeString(f.Get("bytes"))
		if err != nil || len(raw) == 0 {
			s.metaRefuse(w, 1487242, "Image upload failed", "The image's bytes could not be read.")
			return true
		}
		sum := md5.Sum(raw)
		hash := hex.EncodeToString(sum[:])
		if s.object(hash) == nil {
			s.addObject(&PublishedObject{Platform: Meta, Kind: "adimage", ID: hash, Account: a.ID, Name: f.Get("name"), Status: "ACTIVE"})
		}
		writeJSON(w, 200, map[string]any{"images": map[string]any{valueOr(f.Get("name"), "image"): map[string]any{"hash": hash, "url": "https://scontent.example/" + hash}}})
		return true
	case "advideos":
		file, _, err := r.FormFile("source")
		if err != nil {
			s.metaRefuse(w, 1363019, "Video upload failed", "The video file is missing (source).")
			return true
		}
		n, _ := io.Copy(io.Discard, file)
		file.Close()
		if n == 0 {
			s.metaRefuse(w, 1363019, "Video upload failed", "The video file is empty.")
			return true
		}
		o.Kind, o.ID = "advideo", metaID(s.nextID())
	case "campaigns":
		if !slices.Contains([]string{"OUTCOME_AWARENESS", "OUTCOME_TRAFFIC", "OUTCOME_LEADS", "OUTCOME_ENGAGEMENT", "OUTCOME_SALES"}, f.Get("objective")) {
			s.metaError(w, 400, 100, 1815008, "OAuthException", "(#100) Objective is invalid.")
			return true
		}
		o.Kind, o.ID = "campaign", metaID(s.nextID())
	case "adsets":
		parent := s.object(f.Get("campaign_id"))
		if parent == nil || parent.Account != a.ID || parent.Kind != "campaign" {
			s.metaRefuse(w, 1885014, "Campaign not found", "The campaign this ad set belongs to does not exist.")
			return true
		}
		budget, _ := strconv.Atoi(f.Get("daily_budget"))
		if budget < 100 {
			s.metaRefuse(w, 1885272, "Your budget is too low", "The daily budget must be at least 1.00 in the account's currency.")
			return true
		}
		var tg struct {
			AgeMin       int            `json:"age_min"`
			GeoLocations map[string]any `json:"geo_locations"`
			Flexible     []any          `json:"flexible_spec"`
			Interests    []any          `json:"interests"`
		}
		if err := json.Unmarshal([]byte(f.Get("targeting")), &tg); err != nil || len(tg.GeoLocations) == 0 {
			s.metaRefuse(w, 1487079, "Invalid targeting", "Choose at least one location for this ad set.")
			return true
		}
		if len(tg.Flexible) > 0 || len(tg.Interests) > 0 {
			s.metaRefuse(w, 1870227, "Targeting not allowed", "Detailed targeting options about health are not available.")
			return true
		}
		o.Kind, o.ID, o.Parent = "adset", metaID(s.nextID()), parent.ID
	case "adcreatives":
		var spec struct {
			LinkData  map[string]any `json:"link_data"`
			VideoData map[string]any `json:"video_data"`
		}
		json.Unmarshal([]byte(f.Get("object_story_spec")), &spec)
		var media string
		switch {
		case spec.LinkData != nil:
			media, _ = spec.LinkData["image_hash"].(string)
			o.Text = fmt.Sprint(spec.LinkData["message"], " ", spec.LinkData["name"], " ", spec.LinkData["description"])
		case spec.VideoData != nil:
			media, _ = spec.VideoData["video_id"].(string)
			o.Text = fmt.Sprint(spec.VideoData["message"], " ", spec.VideoData["title"])
		}
		if m := s.object(media); m == nil || m.Account != a.ID {
			s.metaRefuse(w, 1487242, "Image or video not found", "The creative's image hash or video ID is not in this ad account's library.")
			return true
		}
		o.Kind, o.ID, o.Parent = "adcreative", metaID(s.nextID()), media
	case "ads":
		set := s.object(f.Get("adset_id"))
		var cr struct {
			ID string `json:"creative_id"`
		}
		json.Unmarshal([]byte(f.Get("creative")), &cr)
		creative := s.object(cr.ID)
		if set == nil || set.Kind != "adset" || set.Account != a.ID || creative == nil || creative.Kind != "adcreative" {
			s.metaRefuse(w, 1487390, "Ad set or creative not found", "The ad's ad set or creative does not exist in this ad account.")
			return true
		}
		o.Kind, o.ID, o.Parent, o.Text = "ad", metaID(s.nextID()), set.ID, creative.Text
	}
	s.addObject(o)
	writeJSON(w, 200, map[string]string{"id": o.ID})
	return true
}

func valueOr(v, d string) string {
	if v == "" {
		return d
	}
	return v
}

func (s *Sim) effectiveStatus(o *PublishedObject) string {
	if o.Status == "ARCHIVED" {
		return "ARCHIVED"
	}
	if o.Kind == "ad" {
		switch s.reviewOf(o) {
		case "pending":
			return "PENDING_REVIEW"
		case "rejected":
			return "DISAPPROVED"
		}
		if set := s.object(o.Parent); set != nil {
			if c := s.object(set.Parent); c != nil && c.Status == "PAUSED" {
				return "CAMPAIGN_PAUSED"
			}
			if set.Status == "PAUSED" {
				return "ADSET_PAUSED"
			}
		}
	}
	return o.Status
}

// serveMetaObject serves GET and POST of a created object by ID; false
// when id is no created object.
func (s *Sim) serveMetaObject(w http.ResponseWriter, r *http.Request, parts []string, t *token) bool {
	if len(parts) != 1 {
		return false
	}
	o := s.object(parts[0])
	if o == nil || o.Platform != Meta {
		return false
	}
	switch r.Method {
	case http.MethodGet:
		node := map[string]any{"id": o.ID, "name": o.Name, "status": o.Status, "effective_status": s.effectiveStatus(o)}
		if o.Kind == "ad" {
			node["configured_status"] = o.Status
			if s.reviewOf(o) == "rejected" {
				node["ad_review_feedback"] = map[string]any{"global": map[string]string{"Ad Policy": o.review.Reason}}
			}
		}
		writeJSON(w, 200, pick(node, r.Form.Get("fields"), "id"))
	case http.MethodPost:
		if !slices.Contains(t.grant.scopes, "ads_management") {
			s.metaError(w, 403, 200, 0, "OAuthException", "(#200) Requires ads_management permission to manage the object")
			return true
		}
		st := r.Form.Get("status")
		if st != "ACTIVE" && st != "PAUSED" && st != "ARCHIVED" {
			s.metaError(w, 400, 100, 0, "OAuthException", "(#100) Param status must be one of {ACTIVE, PAUSED, ARCHIVED}")
			return true
		}
		s.pub.mu.Lock()
		if o.Status == "ARCHIVED" && st != "ARCHIVED" {
			s.pub.mu.Unlock()
			s.metaRefuse(w, 1815694, "Archived", "An archived object cannot be changed.")
			return true
		}
		o.Status = st
		s.pub.mu.Unlock()
		writeJSON(w, 200, map[string]bool{"success": true})
	default:
		return false
	}
	return true
}

// ---- Google ----

type mutateOp struct {
	Create     map[string]any `json:"create"`
	Update     map[string]any `json:"update"`
	UpdateMask string         `json:"updateMask"`
	Remove     string         `json:"remove"`
}

var googleOps = []struct{ op, kind, coll, result string }{
	{"campaignBudgetOperation", "campaign_budget", "campaignBudgets", "campaignBudgetResult"},
	{"campaignOperation", "campaign", "campaigns", "campaignResult"},
	{"campaignCriterionOperation", "campaign_criterion", "campaignCriteria", "campaignCriterionResult"},
	{"adGroupOperation", "ad_group", "adGroups", "adGroupResult"},
	{"adGroupAdOperation", "ad_group_ad", "adGroupAds", "adGroupAdResult"},
}

type mutateErr struct {
	status            int
	family, code, msg string
	index             int
}

// serveMutate serves googleAds:mutate, atomically.
func (s *Sim) serveMutate(w http.ResponseWriter, r *http.Request, a Account) {
	var body struct {
		Ops          []map[string]mutateOp `json:"mutateOperations"`
		ValidateOnly bool                  `json:"validateOnly"`
	}
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		s.adsError(w, 400, "INVALID_ARGUMENT", "Invalid JSON payload received. "+err.Error(), "", "")
		return
	}
	s.pub.mu.Lock()
	defer s.pub.mu.Unlock()
	temp := map[string]string{}
	var created []*PublishedObject
	var results []map[string]any
	var changes []func()
	fail := func(e mutateErr) {
		s.adsError(w, e.status, "INVALID_ARGUMENT", "Request contains an invalid argument.", e.family, e.code,
			map[string]any{"message": e.msg, "location": map[string]any{"fieldPathElements": []any{map[string]any{"fieldName": "mutate_operations", "index": e.index}}}})
	}
	find := func(id string) *PublishedObject {
		if t, ok := temp[id]; ok {
			id = t
		}
		for _, o := range append(slices.Clone(s.pub.objs), created...) {
			if o.ID == id && o.Account == a.ID {
				return o
			}
		}
		return nil
	}
	for i, m := range body.Ops {
		if len(m) != 1 {
			fail(mutateErr{400, "mutateError", "INVALID_OPERATION", "Each operation must set exactly one operation type.", i})
			return
		}
		for name, op := range m {
			spec := -1
			for j, g := range googleOps {
				if g.op == name {
					spec = j
				}
			}
			if spec < 0 {
				fail(mutateErr{400, "mutateError", "INVALID_OPERATION", "Unsupported operation " + name + ".", i})
				return
			}
			g := googleOps[spec]
			switch {
			case op.Create != nil:
				o, e := s.googleCreate(a, g.kind, op.Create, find, created)
				if e != nil {
					e.index = i
					fail(*e)
					return
				}
				o.ID = fmt.Sprintf("customers/%s/%s/%d", a.ID, g.coll, 9000000+s.nextID())
				if g.kind == "ad_group_ad" {
					o.ID = fmt.Sprintf("%s~%d", strings.Replace(o.Parent, "/adGroups/", "/adGroupAds/", 1), 7000000+s.nextID())
				}
				if rn, _ := op.Create["resourceName"].(string); rn != "" {
					temp[rn] = o.ID
				}
				created = append(created, o)
				results = append(results, map[string]any{g.result: map[string]string{"resourceName": o.ID}})
			case op.Update != nil || op.Remove != "":
				rn, _ := op.Update["resourceName"].(string)
				st, _ := op.Update["status"].(string)
				if op.Remove != "" {
					rn, st = op.Remove, "REMOVED"
				} else if op.UpdateMask != "status" || (st != "ENABLED" && st != "PAUSED") {
					fail(mutateErr{400, "fieldMaskError", "FIELD_NOT_FOUND", "Only status (ENABLED or PAUSED) can be updated here.", i})
					return
				}
				o := find(rn)
				if o == nil || o.Kind != g.kind {
					fail(mutateErr{400, "mutateError", "RESOURCE_NOT_FOUND", "Resource was not found.", i})
					return
				}
				if o.Status == "REMOVED" {
					fail(mutateErr{400, "mutateError", "RESOURCE_ALREADY_REMOVED", "The resource was removed.", i})
					return
				}
				changes = append(changes, func() { o.Status = st })
				results = append(results, map[string]any{g.result: map[string]string{"resourceName": o.ID}})
			default:
				fail(mutateErr{400, "mutateError", "INVALID_OPERATION", "The operation sets no create, update or remove.", i})
				return
			}
		}
	}
	if !body.ValidateOnly {
		now := s.Now()
		for _, o := range created {
			o.Created = now
			if o.Kind == "ad_group_ad" {
				for _, rv := range s.pub.outcomes {
					if rv.Platform == Google && (rv.Contains == "" || strings.Contains(o.Text, rv.Contains)) {
						o.review = rv
						break
					}
				}
			}
			s.pub.objs = append(s.pub.objs, o)
		}
		for _, c := range changes {
			c()
		}
	}
	writeJSON(w, 200, map[string]any{"mutateOperationResponses": results})
}

func (s *Sim) googleCreate(a Account, kind string, c map[string]any, find func(string) *PublishedObject, pending []*PublishedObject) (*PublishedObject, *mutateErr) {
	str := func(k string) string { v, _ := c[k].(string); return v }
	o := &PublishedObject{Platform: Google, Kind: kind, Account: a.ID, Name: str("name"), Status: valueOr(str("status"), "ENABLED"), Fields: c}
	bad := func(family, code, msg string) (*PublishedObject, *mutateErr) {
		return nil, &mutateErr{status: 400, family: family, code: code, msg: msg}
	}
	dup := func(parent string) bool {
		for _, x := range append(slices.Clone(s.pub.objs), pending...) {
			if x.Account == a.ID && x.Kind == kind && x.Name == o.Name && x.Parent == parent && x.Status != "REMOVED" {
				return true
			}
		}
		return false
	}
	switch kind {
	case "campaign_budget":
		m, _ := strconv.ParseInt(str("amountMicros"), 10, 64)
		if m <= 0 {
			return bad("rangeError", "TOO_LOW", "The budget amount must be more than 0.")
		}
		if o.Name == "" || dup("") {
			return bad("campaignBudgetError", "DUPLICATE_NAME", "A budget with this name already exists.")
		}
	case "campaign":
		b := find(str("campaignBudget"))
		if b == nil || b.Kind != "campaign_budget" {
			return bad("campaignError", "CAMPAIGN_BUDGET_NOT_FOUND", "The campaign budget was not found.")
		}
		if str("advertisingChannelType") != "SEARCH" {
			return bad("campaignError", "INVALID_ADVERTISING_CHANNEL_TYPE", "Only SEARCH campaigns are simulated.")
		}
		if o.Name == "" || dup("") {
			return bad("campaignError", "DUPLICATE_CAMPAIGN_NAME", "A campaign with this name already exists.")
		}
		o.Parent = b.ID
	case "campaign_criterion":
		p := find(str("campaign"))
		if p == nil || p.Kind != "campaign" {
			return bad("campaignCriterionError", "CAMPAIGN_NOT_FOUND", "The campaign was not found.")
		}
		o.Parent = p.ID
	case "ad_group":
		p := find(str("campaign"))
		if p == nil || p.Kind != "campaign" {
			return bad("adGroupError", "CAMPAIGN_NOT_FOUND", "The campaign was not found.")
		}
		o.Parent = p.ID
		if o.Name == "" || dup(p.ID) {
			return bad("adGroupError", "DUPLICATE_ADGROUP_NAME", "An ad group with this name already exists in the campaign.")
		}
	case "ad_group_ad":
		p := find(str("adGroup"))
		if p == nil || p.Kind != "ad_group" {
			return bad("adGroupAdError", "AD_GROUP_NOT_FOUND", "The ad group was not found.")
		}
		o.Parent = p.ID
		ad, _ := c["ad"].(map[string]any)
		rsa, _ := ad["responsiveSearchAd"].(map[string]any)
		urls, _ := ad["finalUrls"].([]any)
		if rsa == nil || len(urls) == 0 {
			return bad("adError", "REQUIRED_FIELD_MISSING", "A responsive search ad with finalUrls is required.")
		}
		texts := func(k string, limit int) ([]string, bool) {
			items, _ := rsa[k].([]any)
			var out []string
			for _, it := range items {
				m, _ := it.(map[string]any)
				t, _ := m["text"].(string)
				if utf8.RuneCountInString(t) > limit || t == "" {
					return nil, false
				}
				out = append(out, t)
			}
			return out, true
		}
		hs, ok1 := texts("headlines", 30)
		ds, ok2 := texts("descriptions", 90)
		switch {
		case !ok1 || !ok2:
			return bad("stringLengthError", "TOO_LONG", "Headlines are at most 30 characters and descriptions at most 90.")
		case len(hs) < 3:
			return bad("adError", "TOO_FEW_HEADLINES", "A responsive search ad needs at least 3 headlines.")
		case len(hs) > 15:
			return bad("adError", "TOO_MANY_HEADLINES", "A responsive search ad has at most 15 headlines.")
		case len(ds) < 2:
			return bad("adError", "TOO_FEW_DESCRIPTIONS", "A responsive search ad needs at least 2 descriptions.")
		case len(ds) > 4:
			return bad("adError", "TOO_MANY_DESCRIPTIONS", "A responsive search ad has at most 4 descriptions.")
		}
		o.Text = strings.Join(append(hs, ds...), " ")
	}
	return o, nil
}

var publishedQueryRE = regexp.MustCompile(`(?is)^\s*SELECT\s+([a-z_]+)\.resource_name((?:\s*,\s*[a-z_.]+)*)\s+FROM\s+([a-z_]+)\s+WHERE\s+([a-z_]+)\.(name|ad_group|campaign)\s*=\s*'([^']*)'\s*$`)

// searchPublished answers googleAds:search[Stream] queries that look up
// created objects by name (or an ad group's ads); false for other queries.
func (s *Sim) searchPublished(w http.ResponseWriter, a Account, method, query string) bool {
	m := publishedQueryRE.FindStringSubmatch(query)
	if m == nil || m[1] != m[3] || m[4] != m[3] {
		return false
	}
	kind, field, value := m[3], m[5], m[6]
	if !slices.ContainsFunc(googleOps, func(g struct{ op, kind, coll, result string }) bool { return g.kind == kind }) {
		return false
	}
	var results []map[string]any
	for _, o := range s.Published(a.ID, kind) {
		if o.Status == "REMOVED" || (field == "name" && o.Name != value) || (field != "name" && o.Parent != value) {
			continue
		}
		row := map[string]any{"resourceName": o.ID, "status": o.Status}
		if o.Name != "" {
			row["name"] = o.Name
		}
		if kind == "ad_group_ad" {
			row["policySummary"] = s.policySummary(&o)
		}
		results = append(results, map[string]any{camel(kind): row})
	}
	mask := kind + ".resource_name" + strings.ReplaceAll(m[2], " ", "")
	if method == "searchStream" {
		batch := map[string]any{"fieldMask": mask, "requestId": s.opaque("req", s.nextID())[:22]}
		if len(results) > 0 {
			batch["results"] = results
		}
		writeJSON(w, 200, []any{batch})
		return true
	}
	resp := map[string]any{"fieldMask": mask}
	if len(results) > 0 {
		resp["results"] = results
	}
	writeJSON(w, 200, resp)
	return true
}

func (s *Sim) policySummary(o *PublishedObject) map[string]any {
	switch s.reviewOf(o) {
	case "pending":
		return map[string]any{"reviewStatus": "REVIEW_IN_PROGRESS", "approvalStatus": "UNKNOWN"}
	case "rejected":
		return map[string]any{"reviewStatus": "REVIEWED", "approvalStatus": "DISAPPROVED",
			"policyTopicEntries": []any{map[string]any{"topic": o.review.Reason, "type": "PROHIBITED"}}}
	}
	return map[string]any{"reviewStatus": "REVIEWED", "approvalStatus": "APPROVED"}
}
