// Package adplatform simulates the Meta Marketing API and the Google Ads
// API, with both platforms' OAuth, on one local HTTP server. Meta and
// Google cannot be reached from our machines; the connectors speak the
// platforms' real HTTP APIs, and in development and tests they speak them
// to this simulator. Standard library only; data is generated
// deterministically from a seed, per day, when asked for.
//
// # Starting it
//
//	sim := adplatform.New(adplatform.Options{Seed: 1})    // an http.Handler
//	srv, err := sim.Start("127.0.0.1:0")                   // a real listener; srv.URL
//	srv := adplatform.StartTest(t, adplatform.Options{})   // free loopback port, closed by t.Cleanup
//
// The command infra/cmd/sim runs it for make dev (-addr 127.0.0.1:0 prints
// the URL it bound on stdout).
//
// # Path mapping
//
// Each real base URL maps to one simulator base URL; everything after it is
// the real path. A connector makes its base URLs configurable and sets them
// to these (Server has a method for each):
//
//	https://www.facebook.com         {URL}/meta/www         MetaWWWURL        /{v}/dialog/oauth
//	https://graph.facebook.com       {URL}/meta/graph       MetaGraphURL      /{v}/oauth/access_token, /{v}/me, /{v}/me/adaccounts, /{v}/act_{id}/insights ...
//	https://accounts.google.com      {URL}/google/accounts  GoogleAccountsURL /o/oauth2/v2/auth
//	https://oauth2.googleapis.com    {URL}/google/oauth2    GoogleOAuth2URL   /token, /revoke
//	https://googleads.googleapis.com {URL}/google/ads       GoogleAdsURL      /v{N}/customers:listAccessibleCustomers, /v{N}/customers/{cid}/googleAds:search[Stream]
//
// Any version segment matching v\d+(\.\d+)? is accepted (MetaVersion and
// GoogleAdsVersion name current ones); on Meta it may also be left out.
//
// # OAuth
//
// The Meta dialog and the Google authorization page are plain HTML forms.
// GET shows them (after checking client_id and, if Options lists them,
// redirect_uri); POST to the same URL with decision=allow redirects to the
// redirect_uri with code and state (Google adds scope), decision=deny with
// error=access_denied, error_description and state. Granted scopes are those
// asked for, minus any DeclineScopes named. Codes are single-use and live
// CodeTTL (10 minutes); the token endpoints check client_id/client_secret
// and that redirect_uri equals the one the code was issued for; Google
// checks the PKCE code_verifier against an S256 (or plain) challenge.
//
//   - Meta: the code exchange gives a short-lived "EAA..." token
//     (expires_in 7200); grant_type=fb_exchange_token gives a long-lived one
//     (expires_in 5184000, 60 days). An expired token cannot be exchanged
//     (190/463). GET /me/permissions lists grants; DELETE
//     /{user-id}/permissions (or /me/permissions) revokes every token of the
//     user (then 190/458). Errors are {"error":{"message","type","code",
//     "error_subcode","fbtrace_id"}}: reused code 100/36009, expired code
//     100/36007, redirect mismatch 100/36008, wrong secret code 1.
//   - Google: authorization_code gives "ya29." (expires_in 3599) and, with
//     access_type=offline, a "1//" refresh token; grant_type=refresh_token
//     gives a new access token; /revoke?token= revokes the whole grant.
//     Errors are {"error","error_description"}: invalid_grant (reused,
//     expired or unknown code, bad or missing code_verifier, revoked refresh
//     token), invalid_client (401), redirect_uri_mismatch. Replaying a used
//     code revokes what it gave, as Google does.
//
// IssueToken mints tokens directly for tests that need a connection but not
// the browser steps. Expire and Revoke change a token's state; Advance moves
// the clock (Options.Now, default time.Now) on.
//
// # Data
//
// Meta: three ad accounts (America/Los_Angeles USD, Australia/Sydney AUD,
// Europe/London GBP). Google: manager 1000000001 (no metrics) whose
// customer_client tree lists clients 2000000001 (America/Los_Angeles USD),
// 2000000002 (Pacific/Auckland NZD) and 2000000003 (Europe/London GBP);
// listAccessibleCustomers returns the manager and 2000000001, so the other
// two need login-customer-id: 1000000001 (digits only; missing or wrong is
// 403 USER_PERMISSION_DENIED). Each account has 2-3 campaigns (the newest
// started within the last 150 days), 2 ad sets/ad groups each, 2 ads each,
// and DataDays (365) days of metrics ending on the account's own today in
// its time zone. Days are the account's days.
//
// Meta insights (GET /act_{id}/insights) honour level (account, campaign,
// adset, ad), fields, time_range, date_preset, time_increment (1 or
// all_days), breakdowns (age, gender, age,gender, publisher_platform,
// publisher_platform,platform_position), limit and after; numbers come as
// strings, spend with two decimals, actions/action_values as arrays with
// action types lead, onsite_conversion.lead_grouped and
// offsite_conversion.fb_pixel_purchase; paging.cursors.after and
// paging.next (absent on the last page). POST to the same edge starts a
// report run ({"report_run_id"}); GET /{id} shows async_status ("Job
// Running" for AsyncPolls polls, then "Job Completed"; "Job Failed" or
// forever "Job Running" at 50% under the AsyncFail and AsyncStuck faults) and
// async_percent_completion; GET /{id}/insights pages its rows. Also
// /act_{id} and its /campaigns, /adsets and /ads edges. Every Graph call
// carries x-app-usage, x-ad-account-usage and x-business-use-case-usage,
// the account's climbing by MetaUsageStep points per call, the app's a
// quarter as fast (both capped at 99; a RateLimit fault shows 100 and
// estimated_time_to_regain_access).
//
// Google: search and searchStream take GAQL over customer, customer_client,
// campaign, ad_group and ad_group_ad, with segments.date, segments.device,
// segments.ad_network_type and metrics.cost_micros, impressions, clicks,
// ctr, average_cpc, average_cpm, conversions (fractional, e.g. 2.5),
// conversions_value; WHERE with BETWEEN, DURING, =, !=, <, <=, >, >=, IN,
// LIKE joined by AND; ORDER BY one field; LIMIT. Results are REST JSON
// (camelCase, int64 as strings, resourceName on each resource); search
// pages by nextPageToken (GoogleSearchPageSize rows), searchStream returns
// a JSON array of batches (GoogleStreamBatchSize rows) each with results,
// fieldMask and requestId. segments.date without a date filter is
// EXPECTED_FILTERS_ON_DATE_RANGE; metrics on the manager are
// REQUESTED_METRICS_FOR_MANAGER. Missing developer-token is
// DEVELOPER_TOKEN_PARAMETER_MISSING, a wrong one DEVELOPER_TOKEN_INVALID.
// Errors are {"error":{"code","message","status","details":[{"@type":
// "...GoogleAdsFailure","errors":[{"errorCode":{family: code},"message"}],
// "requestId"}]}}.
//
// Rows with no delivery are left out on both platforms. Breakdown and
// segment cells are integer partitions of the row they split, so they sum
// to it exactly.
//
// # Budgets
//
// Campaigns (and Meta ad sets) have daily budgets that can be read and
// written: Meta GET/POST /{v}/{id} with daily_budget (minor units; writing
// needs ads_management), Google POST /v{N}/customers/{cid}/campaignBudgets:mutate
// (amount_micros, all or nothing) and GAQL campaign_budget.amount_micros
// from campaign. DailyBudget(id) is the truth. See budgets.go.
// # Publishing
//
// The write endpoints campaign publishing uses (Meta adimages, advideos,
// campaigns, adsets, adcreatives, ads and object status; Google
// googleAds:mutate), review outcomes (SetReviewOutcomes) and the truth of
// created objects (Published, CountPublished) are described in publish.go.
//
// # Truth API
//
// What the HTTP APIs report, for tests to compare stored numbers to the
// micro: Accounts, Account, Campaigns, AdSets, Ads, Today(account),
// Rows(account, level, from, to) (daily rows at a level), Totals(account,
// from, to), TotalsBy(account, level, from, to) and Breakdown(account,
// level, from, to, dims...) (rows split as the breakdowns and segments
// split them). Metrics are integers:
// CostMicros (Meta spend ×1e6, Google cost_micros), ConversionsMilli
// (Google conversions ×1000), ConversionsValueMicros, Actions and
// ActionValuesMicros (Meta). Revise(account, n) gives the last n days new
// numbers, as the platforms revise recent days (Meta up to 28).
//
// # Control API
//
// Go: AddFault(Fault) → id, RemoveFault, ClearFaults, Faults;
// DeclineScopes; Revise; Requests, CountRequests, ResetRequests (method,
// path, query with secrets replaced by REDACTED, account, GAQL, status).
// A Fault has a Kind (RateLimit, TokenExpired, TokenRevoked, ServerError,
// Slow, AsyncFail, AsyncStuck), a Platform, optionally an Account and/or
// Token it is limited to, Times (n failures, then recovery; 0 until
// removed), Code (Meta throttle code: 4, 17, 32, 613, 80000-80014),
// RetryAfter (Meta estimated_time_to_regain_access, Google retryDelay),
// Status (ServerError: 500 or 503) and Delay (Slow).
//
// HTTP, for make dev (JSON):
//
//	POST   /_sim/faults          {"kind":"rate_limit","platform":"meta","account":"120000000000001","code":17,"times":3,"retry_after":"5m"} → {"id"}
//	GET    /_sim/faults          the faults and their hits
//	DELETE /_sim/faults[/{id}]   all faults, or one
//	GET    /_sim/requests        the request log; DELETE forgets it
//	POST   /_sim/revise          {"account":"2000000002","days":28}
//	POST   /_sim/vanish          {"id":"120400000000001","days":["2026-11-20"]}   no delivery (no days: every day; Vanish)
//	PUT    /_sim/declined-scopes {"platform":"google","scopes":["https://www.googleapis.com/auth/adwords"]}
//	GET    /_sim/accounts        the seeded accounts and their today
//	GET    /_sim/totals?account=&from=&to=   the truth, as Metrics JSON
//
// Kinds on the wire: rate_limit, token_expired, token_revoked,
// server_error, slow ("delay":"2s"), async_fail, async_stuck.
package adplatform
