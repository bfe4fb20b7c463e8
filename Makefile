# Med Spa AI backend. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

FUNCTIONS := $(notdir $(patsubst %/main.go,%,$(wildcard functions/*/main.go)))
VERSION   ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT    ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo unknown)
BUILDTIME ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
BI        := github.com/medspa-ai/backend/shared/platform/buildinfo
LDFLAGS   := -s -w -X $(BI).Version=$(VERSION) -X $(BI).Commit=$(COMMIT) -X $(BI).BuildTime=$(BUILDTIME)
GOBUILD   := CGO_ENABLED=0 go build -trimpath -tags lambda.norpc -ldflags "$(LDFLAGS)"
CACHE     ?= $(or $(XDG_CACHE_HOME),$(HOME)/.cache)/medspa-ai
RIE       := $(CACHE)/bin/aws-lambda-rie
RIE_MOD   := github.com/aws/aws-lambda-runtime-interface-emulator/cmd/aws-lambda-rie@v0.0.0-20261030222936-bef5c4ba774d
STRIPE_MOCK     := $(CACHE)/bin/stripe-mock
STRIPE_MOCK_MOD := github.com/stripe/stripe-mock@v0.203.0
EMU_ENV   := eval "$$(infra/emulators.sh env)"
# The local API's address: `make dev ADDR=...` sets it, and records it in
# .local/dev/addr while it runs, where make fire and make token find it.
DEV_ADDR  := $(or $(ADDR),$(shell cat .local/dev/addr 2>/dev/null),127.0.0.1:3000)
REDOCLY_V := 2.77.0
REDOCLY   := $(CACHE)/redocly-$(REDOCLY_V)/node_modules/.bin/redocly

.PHONY: help dev invoke token fire redrive stripe-event build emulators emulators-stop provision test lint vet fmt bench bench-api bench-sweep bench-sync bench-privacy sim-optimize report-example tools browser clean rie-path stripe-mock-path

help: ## list targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

dev: ## run the whole stack locally: emulators, every function under the RIE, API on 127.0.0.1:3000 [ADDR=host:port] [VERBOSE=1]
	@RIE_BIN=$(RIE) infra/dev.sh -addr $(or $(ADDR),127.0.0.1:3000) $(if $(filter 1,$(VERBOSE)),-verbose)

invoke: provision tools ## run one function once: make invoke FN=api EVENT=events/api/health.json
	@test -n "$(FN)" -a -n "$(EVENT)" || { echo "usage: make invoke FN=<name> EVENT=events/<name>/<file>.json"; exit 2; }
	@$(EMU_ENV) && go run ./infra/cmd/dev invoke -rie $(RIE) -fn $(FN) -event $(EVENT) $(if $(filter 1,$(VERBOSE)),-verbose)

token: ## a development token: make token USER=usr_1 [ORG=org_demo ROLE=marketer] [EMAIL=..] [PRIVACY=1]
	@test "$(origin USER)" = "command line" || { echo "usage: make token USER=<user id> [ORG=<org id> ROLE=owner|admin|marketer|viewer] [EMAIL=...] [PRIVACY=1]"; exit 2; }
	@$(if $(ORG),$(EMU_ENV) && )go run ./infra/cmd/dev token -user $(USER) -addr $(DEV_ADDR) $(if $(EMAIL),-email $(EMAIL)) $(if $(PRIVACY),-privacy) $(if $(ORG),-org $(ORG)) $(if $(ROLE),-role $(ROLE))

fire: ## fire a schedule of a running `make dev` now: make fire SCHEDULE=medspa-dev-sync-dispatch
	@test -n "$(SCHEDULE)" || { echo "usage: make fire SCHEDULE=<name>"; exit 2; }
	@out=$$(curl -sS --fail-with-body -X POST http://$(DEV_ADDR)/_local/schedules/$(SCHEDULE) 2>&1); rc=$$?; \
	  echo "$$out"; \
	  if [ $$rc = 7 ]; then echo "nothing answers on $(DEV_ADDR): is \`make dev\` running (ADDR=host:port if elsewhere)?" >&2; fi; \
	  exit $$rc

stripe-event: ## send a signed sample Stripe event to a running `make dev`: make stripe-event TYPE=invoice.paid ORG=org_demo
	@test -n "$(TYPE)" || { echo "usage: make stripe-event TYPE=<event type> [ORG=<orgId>]"; ls events/billingwebhook/stripe | sed 's/\.json$$//'; exit 2; }
	@go run ./infra/cmd/stripeevent -type $(TYPE) -addr $(DEV_ADDR) $(if $(ORG),-org $(ORG))

redrive: ## move a DLQ's messages back to its source queue in the `make dev` stack: make redrive QUEUE=SyncDLQ
	@test -n "$(QUEUE)" || { echo "usage: make redrive QUEUE=SyncDLQ|ContentDLQ|PrivacyDLQ"; exit 2; }
	@$(EMU_ENV) && go run ./infra/cmd/dev redrive -queue $(QUEUE)

build: ## build every function's bootstrap for Lambda (linux/arm64) into .build/
	@for fn in $(FUNCTIONS); do \
	  GOOS=linux GOARCH=arm64 $(GOBUILD) -o .build/$$fn/bootstrap ./functions/$$fn || exit 1; \
	  echo "built .build/$$fn/bootstrap ($$(du -k .build/$$fn/bootstrap | cut -f1) KB)"; \
	done

# `sam build` runs build-<LogicalId> with ARTIFACTS_DIR (BuildMethod:
# makefile), since SAM's go1.x builder cannot pass build tags or ldflags.
# Function folders follow the logical IDs: ApiFunction -> functions/api.
LOGICAL_IDS := ApiFunction OAuthFunction SyncScheduleFunction SyncWorkerFunction \
               ContentGenFunction PrivacyFunction RetentionSweepFunction RetentionAuditFunction \
               TokenClaimsFunction BillingWebhookFunction
$(addprefix build-,$(LOGICAL_IDS)):
	GOOS=linux GOARCH=arm64 $(GOBUILD) -o $(ARTIFACTS_DIR)/bootstrap ./functions/$(shell echo $(@:build-%Function=%) | tr A-Z a-z)

emulators: ## start DynamoDB Local and moto_server (idempotent)
	@infra/emulators.sh start

emulators-stop: ## stop the emulators
	@infra/emulators.sh stop

provision: emulators ## create the template's tables, queues, bucket and keys in the emulators
	@$(EMU_ENV) && go run ./infra/cmd/provision

tools: $(RIE) $(STRIPE_MOCK) ## install the Lambda Runtime Interface Emulator and stripe-mock

$(RIE):
	GOBIN=$(CACHE)/bin go install $(RIE_MOD)

rie-path:
	@echo $(RIE)

$(STRIPE_MOCK):
	GOBIN=$(CACHE)/bin go install $(STRIPE_MOCK_MOD)

stripe-mock-path:
	@echo $(STRIPE_MOCK)

browser: ## install headless Chromium for the browser test (Debian package chromium, apt-get as root) when missing
	@command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || { \
		echo "installing chromium (apt-get) for the browser test"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

fmt: ## gofmt every Go file
	gofmt -w $$(git ls-files '*.go')

lint: $(REDOCLY) ## gofmt check, go vet, cfn-lint, Redocly on the OpenAPI document
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt needed: $$unformatted"; exit 1; fi
	go vet ./...
	@command -v cfn-lint >/dev/null || { echo "cfn-lint is missing: pip install cfn-lint"; exit 1; }
	cfn-lint template.yaml
	@mkdir -p .local && go run ./infra/cmd/openapi > .local/openapi.json
	$(REDOCLY) lint --config infra/redocly.yaml .local/openapi.json

$(REDOCLY):
	npm install --prefix $(CACHE)/redocly-$(REDOCLY_V) --no-save --no-audit --no-fund @redocly/cli@$(REDOCLY_V)

test: ## the whole suite: lint, emulators, go test (integration tests included)
	@infra/test.sh

# The bench provisions its own empty copy of the stack (prefix bench-), so
# the first invocation's work does not depend on what `make dev` left behind.
bench: emulators tools ## bootstrap sizes (linux/arm64) and cold starts under the RIE vs hello-world
	@$(EMU_ENV) && go run ./infra/cmd/provision -prefix bench- -out .local/bench >/dev/null && \
	  go run ./infra/bench -rie $(RIE) -functions .local/bench/functions.json $(BENCH_FLAGS)

bench-api: ## API handler path without DynamoDB, PHI guard, log redaction: medians and ratios to GET /v1/health
	@mkdir -p .local && go test ./shared/api/ ./shared/phi/ ./shared/platform/logging/ -run '^$$' -bench . -benchmem -count 5 > .local/bench-api.txt 2>&1 || { cat .local/bench-api.txt; exit 1; }
	@awk -v base=BenchmarkHealth -f infra/benchratio.awk .local/bench-api.txt | { read -r header; echo "$$header"; sort; }

clean: ## remove build output and local state
	rm -rf .build .local

bench-sweep: emulators ## the retention sweep: 200,000 expired among 400,000 live items vs the emulator's raw BatchWriteItem deletes [BENCH_SWEEP_FLAGS="-expired 20000 -live 40000"]
	@$(EMU_ENV) && go run ./infra/cmd/benchsweep $(BENCH_SWEEP_FLAGS)

sim-optimize: ## the budget optimiser vs equal budgets and an oracle, 12 weeks, on 200 tuning, 200 old held-out (seen) and 200 held-out accounts never tuned on (from 5,000,001: the last line) [SIM_OPTIMIZE_FLAGS="-only tuning -per-week"]
	@go run ./infra/cmd/simoptimize $(SIM_OPTIMIZE_FLAGS)

report-example: ## write an example weekly report (a synthetic account through the real optimiser) to .local/weekly-report.html and its email to .local/weekly-report.eml
	@go run ./infra/cmd/weeklyreport -out .local/weekly-report.html

bench-sync: emulators ## the metric sync of a 200-ad, 365-day Meta account (3 levels) vs the emulator's raw BatchWriteItem puts [BENCH_SYNC_FLAGS="-ads 40 -days 60"]
	@$(EMU_ENV) && go run ./infra/cmd/benchsync $(BENCH_SYNC_FLAGS)

bench-privacy: emulators ## the privacy worker's export then erasure of a subject with 100,000 items vs the emulator's raw Query and BatchWriteItem deletes [BENCH_PRIVACY_FLAGS="-items 20000"]
	@$(EMU_ENV) && go run ./infra/cmd/benchprivacy $(BENCH_PRIVACY_FLAGS)
