# Developer entry points. CI (.ci/run) runs `make test`, `make verify`, then `make conformance`.
SPECSMITH := cargo run --quiet --release --
VERIFY_TMP := $(or $(TMPDIR),/tmp)/specsmith-verify

.PHONY: generate check-generated test verify browser-test conformance conformance-corpus conformance-history mutation history-table history-table-check

# Regenerate generated/ from specsmith.toml.
generate:
	$(SPECSMITH) generate

# Fail (exit 1, with a diff) when generated/ is out of date.
check-generated:
	$(SPECSMITH) generate --check

# Formatting, lints, tests, and the drift check. The tests run through
# cargo-insta (pinned, installed by the first line into verify/.work/tools):
# a snapshot no test asserts fails the run, and so does a changed one
# (`cargo insta test --review` shows and accepts them). The corpus tests assert their snapshots
# only when ../shared/corpus is there; without it, unreferenced snapshots are
# listed, not refused.
INSTA := PATH="$(CURDIR)/verify/.work/tools/bin:$$PATH" cargo insta
UNREFERENCED = $(if $(wildcard $(CORPUS)),reject,warn)
test:
	bash scripts/install-toolchains.sh --test-only
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	$(INSTA) test --check --unreferenced $(UNREFERENCED)
	$(MAKE) check-generated

# Compile the generated code of the project spec, the kitchen sink, the
# naming fixture, the SDK edge cases (recursive aliases among them), the
# operations without responses, descriptions indented by tabs, an operation
# with seven required parameters and arguments named like a client's own
# locals with each language's real toolchain (installed, pinned, by the
# first script), compile a template override of every target
# (tests/templates.rs, which skips what it cannot compile when run without
# the toolchains), run the SDK clients' scenario against the generated server
# (tests/e2e_clients.rs), and check their HTML references in headless Chromium.
verify:
	bash scripts/install-toolchains.sh --chromium
	rm -rf $(VERIFY_TMP) && mkdir -p $(VERIFY_TMP)
	$(SPECSMITH) generate specs/sandbox-lifecycle.yml --out $(VERIFY_TMP)/lifecycle
	$(SPECSMITH) generate tests/emit/kitchen-sink.yaml --out $(VERIFY_TMP)/kitchen-sink
	$(SPECSMITH) generate tests/emit/naming.yaml --out $(VERIFY_TMP)/naming
	$(SPECSMITH) generate tests/emit/sdk-edges.yaml --out $(VERIFY_TMP)/edges
	$(SPECSMITH) generate tests/emit/no-responses.yaml --out $(VERIFY_TMP)/no-responses
	$(SPECSMITH) generate tests/emit/doc-tabs.yaml --out $(VERIFY_TMP)/doc-tabs
	$(SPECSMITH) generate tests/emit/many-required-params.yaml --out $(VERIFY_TMP)/many-required-params
	$(SPECSMITH) generate tests/emit/client-args.yaml --out $(VERIFY_TMP)/client-args
	$(SPECSMITH) generate tests/emit/json-values.yaml --out $(VERIFY_TMP)/json-values
	status=0; export VERIFY_RESULTS=$(VERIFY_TMP)/compile.tsv; \
	bash scripts/verify-generated.sh $(VERIFY_TMP)/lifecycle || status=1; \
	bash scripts/verify-generated.sh $(VERIFY_TMP)/kitchen-sink || status=1; \
	bash scripts/verify-generated.sh $(VERIFY_TMP)/naming || status=1; \
	bash scripts/verify-generated.sh $(VERIFY_TMP)/edges || status=1; \
	bash scripts/verify-generated.sh $(VERIFY_TMP)/no-responses || status=1; \
	bash scripts/verify-generated.sh $(VERIFY_TMP)/doc-tabs || status=1; \
	bash scripts/verify-generated.sh $(VERIFY_TMP)/many-required-params || status=1; \
	bash scripts/verify-generated.sh $(VERIFY_TMP)/client-args || status=1; \
	bash scripts/verify-generated.sh $(VERIFY_TMP)/json-values || status=1; \
	echo "compile table (models and clients, docs/clients.md):"; \
	python3 scripts/results-table.py $(VERIFY_TMP)/compile.tsv python typescript go kotlin csharp rust rust-server; \
	cargo test --quiet --test templates || status=1; \
	SPECSMITH_CLIENT_SCENARIOS=1 cargo test --quiet --test e2e_clients || status=1; \
	$(MAKE) --no-print-directory browser-test || status=1; \
	$(MAKE) --no-print-directory mutation || status=1; \
	exit $$status

# Structured mutation test (docs/reliability.md): deterministic mutants of the
# repo's specs and of ../shared/corpus (when present), each command capped at
# 60 s and 3 GB; any crash or hang fails. The whole run: scripts/mutate.py --mutants 2500 --all
mutation:
	cargo build --release --quiet
	timeout 1200 python3 scripts/mutate.py --mutants 200

# The HTML reference loaded from file:// in headless Chromium (scripts/browser-test.sh:
# no console errors or dialogs, no script from the spec runs, links resolve, search
# finds, copy buttons copy, no horizontal overflow at 1280 and 390 px, no serious or
# critical axe-core violation in the light and dark theme): the project spec (one page
# with its release notes since the baseline, and split), the kitchen sink, descriptions
# that try to run script, release notes over three versions of a fixture and over five
# of the corpus's lifecycle history, and Stripe from the corpus (split by size; the
# corpus parts are skipped when it is absent). The changelog.html of a bundle is checked
# beside its reference. Screenshots at 1280 and 390 px land in $(VERIFY_TMP)/docs/*/.
STRIPE_SPEC ?= $(CORPUS)/large/stripe-spec3.json
browser-test:
	bash scripts/install-toolchains.sh --chromium-only
	rm -rf $(VERIFY_TMP)/docs && mkdir -p $(VERIFY_TMP)/docs
	cargo build --quiet --release --example reference_html --bin specsmith
	ref=target/release/examples/reference_html; sm=target/release/specsmith; d=$(VERIFY_TMP)/docs; \
	h=tests/fixtures/docs-history; \
	$$sm docs --out $$d/lifecycle/site 2>/dev/null && \
	$$ref specs/sandbox-lifecycle.yml $$d/lifecycle-split/site split && \
	$$sm docs tests/emit/kitchen-sink.yaml --out $$d/kitchen-sink/site 2>/dev/null && \
	$$ref tests/fixtures/docs-hostile.yaml $$d/hostile/site && \
	$$sm docs $$h/v3.yaml --out $$d/history/site --baseline $$h/v1.yaml --baseline $$h/v2.yaml \
	  --migration $$h/rename-name.yaml 2>/dev/null
	status=0; d=$(VERIFY_TMP)/docs; \
	for name in lifecycle lifecycle-split kitchen-sink hostile history; do \
	  bash scripts/browser-test.sh $$d/$$name/site/index.html $$d/$$name || status=1; \
	done; \
	l=$(CORPUS)/opensandbox-lifecycle; \
	if [ -f $$l/040-0ecfb73.yml ]; then \
	  target/release/specsmith docs $$l/040-0ecfb73.yml --out $$d/lifecycle-history/site \
	    --baseline $$l/036-486b1d1.yml --baseline $$l/037-0bf241a.yml --baseline $$l/038-5203bef.yml \
	    --baseline $$l/039-356f87e.yml 2>/dev/null && \
	  bash scripts/browser-test.sh $$d/lifecycle-history/site/index.html $$d/lifecycle-history || status=1; \
	else echo "browser-test: lifecycle history skipped ($$l is absent)"; fi; \
	if [ -f "$(STRIPE_SPEC)" ]; then \
	  target/release/examples/reference_html "$(STRIPE_SPEC)" $$d/stripe/site && \
	  bash scripts/browser-test.sh $$d/stripe/site/index.html $$d/stripe || status=1; \
	else echo "browser-test: stripe skipped ($(STRIPE_SPEC) is absent)"; fi; \
	exit $$status

# Every SDK language decodes and re-encodes the same JSON vectors and they
# agree (tests/conformance/README.md): the project spec (with its migration
# manifest), the kitchen sink, the naming fixture, and the rename shims in
# every language. Then across versions (docs/conformance.md): two real pairs of
# ../shared/corpus (skipped when absent), the imageUri PR and the BoxLite
# autoPause -> autoStop rename; `conformance-history` runs every pair of both histories.
CORPUS := $(or $(SPECSMITH_CORPUS),../shared/corpus)

conformance:
	bash scripts/install-toolchains.sh
	cargo build --release --quiet
	status=0; \
	python3 tests/conformance/driver.py specs/sandbox-lifecycle.yml --migration specs/migrations/box-template.yaml || status=1; \
	python3 tests/conformance/driver.py tests/emit/kitchen-sink.yaml || status=1; \
	python3 tests/conformance/driver.py tests/emit/naming.yaml || status=1; \
	cargo test --quiet --test conformance_renames -- --include-ignored || status=1; \
	SPECSMITH_CORPUS=$(CORPUS) python3 tests/conformance/crossver.py \
	  --pair $(CORPUS)/opensandbox-lifecycle/040-0ecfb73.yml $(CORPUS)/opensandbox-lifecycle/imageuri-pr.yml \
	  --pair $(CORPUS)/boxlite/history/010-7f5dcce.yaml $(CORPUS)/boxlite/history/011-48b4997.yaml \
	  --migration tests/compat/history/boxlite-autopause-to-autostop.yaml || status=1; \
	exit $$status

# Cross-version conformance over every consecutive pair of both real
# histories (slow; its table is in docs/conformance.md).
conformance-history:
	bash scripts/install-toolchains.sh
	cargo build --release --quiet
	SPECSMITH_CORPUS=$(CORPUS) python3 tests/conformance/crossver.py

# The verdict of `specsmith diff` under each profile on every consecutive pair
# of both real histories, written into docs/compat.md ("Real histories");
# history-table-check fails when that table is stale (times aside).
history-table:
	cargo build --release --quiet
	SPECSMITH_CORPUS=$(CORPUS) python3 scripts/history-table.py --write

history-table-check:
	cargo build --release --quiet
	SPECSMITH_CORPUS=$(CORPUS) python3 scripts/history-table.py --check

# The same on real specs from ../shared/corpus (skipped when absent): every
# target compiles and the harnesses agree. Slow; not part of `make test`.
conformance-corpus:
	bash scripts/install-toolchains.sh
	cargo build --release --quiet
	python3 tests/conformance/driver.py --corpus
