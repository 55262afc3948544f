# Developer entry points. CI (.ci/run) runs `make test`, `make verify`, then `make conformance`.
SPECSMITH := cargo run --quiet --release --
VERIFY_TMP := $(or $(TMPDIR),/tmp)/specsmith-verify

.PHONY: generate check-generated test verify browser-test conformance conformance-corpus conformance-history mutation

# Regenerate generated/ from specsmith.toml.
generate:
	$(SPECSMITH) generate

# Fail (exit 1, with a diff) when generated/ is out of date.
check-generated:
	$(SPECSMITH) generate --check

# Formatting, lints, tests, and the drift check.
test:
	cargo fmt --check
	cargo clippy --all-targets -- -D warnings
	cargo test
	$(MAKE) check-generated

# Compile the generated code of the project spec and the kitchen sink with
# each language's real toolchain (installed, pinned, by the first script), and
# check their HTML references in headless Chromium.
verify:
	bash scripts/install-toolchains.sh --chromium
	rm -rf $(VERIFY_TMP) && mkdir -p $(VERIFY_TMP)
	$(SPECSMITH) generate specs/sandbox-lifecycle.yml --out $(VERIFY_TMP)/lifecycle
	$(SPECSMITH) generate tests/fixtures/kitchen-sink.yaml --out $(VERIFY_TMP)/kitchen-sink
	status=0; \
	bash scripts/verify-generated.sh $(VERIFY_TMP)/lifecycle || status=1; \
	bash scripts/verify-generated.sh $(VERIFY_TMP)/kitchen-sink || status=1; \
	$(MAKE) --no-print-directory browser-test || status=1; \
	$(MAKE) --no-print-directory mutation || status=1; \
	exit $$status

# Structured mutation test (docs/reliability.md): deterministic mutants of the
# repo's specs and of ../shared/corpus (when present), each command capped at
# 60 s and 3 GB; any crash or hang fails. The whole run: scripts/mutate.py --mutants 2500 --all
mutation:
	cargo build --release --quiet
	timeout 1200 python3 scripts/mutate.py --mutants 200

# The HTML reference of the project spec and the kitchen sink, loaded from
# file:// in headless Chromium (no console errors, every anchor resolves, the
# search filters); screenshots land in $(VERIFY_TMP)/docs/*/.
browser-test:
	bash scripts/install-toolchains.sh --chromium-only
	rm -rf $(VERIFY_TMP)/docs && mkdir -p $(VERIFY_TMP)/docs
	cargo run --quiet --release --example reference_html -- specs/sandbox-lifecycle.yml $(VERIFY_TMP)/docs/lifecycle.html
	cargo run --quiet --release --example reference_html -- tests/fixtures/kitchen-sink.yaml $(VERIFY_TMP)/docs/kitchen-sink.html
	status=0; \
	bash scripts/browser-test.sh $(VERIFY_TMP)/docs/lifecycle.html $(VERIFY_TMP)/docs/lifecycle || status=1; \
	bash scripts/browser-test.sh $(VERIFY_TMP)/docs/kitchen-sink.html $(VERIFY_TMP)/docs/kitchen-sink || status=1; \
	exit $$status

# Every SDK language decodes and re-encodes the same JSON vectors and they
# agree (tests/conformance/README.md): the project spec (with its migration
# manifest), the kitchen sink, and the rename shims in every language. Then
# across versions (docs/conformance.md): two real pairs of ../shared/corpus
# (skipped when absent), the imageUri PR and the BoxLite autoPause -> autoStop
# rename; `conformance-history` runs every pair of both histories.
CORPUS := $(or $(SPECSMITH_CORPUS),../shared/corpus)

conformance:
	bash scripts/install-toolchains.sh
	cargo build --release --quiet
	status=0; \
	python3 tests/conformance/driver.py specs/sandbox-lifecycle.yml --migration specs/migrations/box-template.yaml || status=1; \
	python3 tests/conformance/driver.py tests/fixtures/kitchen-sink.yaml || status=1; \
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

# The same on real specs from ../shared/corpus (skipped when absent): every
# target compiles and the harnesses agree. Slow; not part of `make test`.
conformance-corpus:
	bash scripts/install-toolchains.sh
	cargo build --release --quiet
	python3 tests/conformance/driver.py --corpus
