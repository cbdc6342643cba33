# Scopekeeper's commands. The two a person needs are `make run` and `make test`; both install
# whatever is missing first (Debian/Ubuntu packages, npm packages from ui/package-lock.json,
# tauri-driver) and are fast when everything is already there.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO ?= cargo
APP := target/debug/scopekeeper-desktop
UI_SOURCES := $(shell find ui/src ui/public -type f 2>/dev/null) ui/index.html ui/vite.config.ts ui/svelte.config.js ui/tsconfig.json

.PHONY: help run build test deps-build deps-test ui bindings fmt lint unit ui-test check-bindings e2e bench bench-ui fuzz clean package install-check package-check

help:
	@echo "make run    install what is missing, build, and open Scopekeeper"
	@echo "make test   install what is missing, then fmt, clippy, Rust tests, UI tests, bindings check, end-to-end tests"
	@echo "make build  build the UI and a debug $(APP) that embeds it"
	@echo "make package  release build and the Linux bundles (.deb, .rpm, with the CLI) in target/release/bundle/"
	@echo "make install-check  unpack the .deb into a throwaway root, check its dependencies, start it under Xvfb"
	@echo "make package-check  CI's check: the same bundles from a debug build without test hooks, then the install check"
	@echo "make bindings  regenerate ui/src/api/bindings.ts and commands.ts from the IPC command list"
	@echo "make bench  catalog engine benchmark on the bench catalogs, vendor clients against the simulators, the release CLI's audit against a plain pager (prints ratios)"
	@echo "make bench-ui  release build vs a blank Tauri window: time to interactive, memory (PSS), sizes; search and audit in the webview"
	@echo "make fuzz   fuzz the catalog loader, then the date and allowlist parsers, FUZZ_SECONDS each (needs a nightly toolchain)"

## --- set-up ---------------------------------------------------------------------------------
deps-build:
	@scripts/ensure-deps.sh build

deps-test:
	@scripts/ensure-deps.sh test

# npm ci only when the lockfile changed since the last install.
ui/node_modules/.installed: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

ui/dist/index.html: ui/node_modules/.installed $(UI_SOURCES)
	cd ui && npm run --silent build

ui: ui/dist/index.html

## --- build and run --------------------------------------------------------------------------
build: deps-build ui
	$(CARGO) build -p scopekeeper-desktop

run: build
	@if [[ -n "$${DISPLAY:-}" || -n "$${WAYLAND_DISPLAY:-}" ]]; then \
	  exec $(APP); \
	else \
	  echo "No display found (DISPLAY and WAYLAND_DISPLAY are unset): starting Scopekeeper under Xvfb."; \
	  echo "It runs without a visible window; stop it with Ctrl-C."; \
	  scripts/ensure-deps.sh headless; \
	  exec xvfb-run -a -s "-screen 0 1280x800x24" dbus-run-session -- $(APP); \
	fi

## --- release -------------------------------------------------------------------------------
# Version from one place: the workspace's Cargo.toml (tauri.conf.json names none, so Tauri takes
# the app crate's). The Tauri CLI comes from ui/package-lock.json like every npm package.
VERSION := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)

# One cargo run builds the app and the CLI (their links overlap on two cores); `tauri bundle`
# then packages what was built. `--no-default-features` leaves out the app's `test-hooks` (the
# tests' environment knobs and the simulators' /_sim/faults and /_sim/calls).
RELEASE_BINS := $(CARGO) build --release --locked --no-default-features -p scopekeeper-desktop -p scopekeeper-cli --bins
# The same release build with the test hooks, for the benchmarks (the audit bench seeds the
# sandbox through SCOPEKEEPER_SANDBOX_SEED_TOKENS).
BENCH_BINS := $(CARGO) build --release --locked -p scopekeeper-desktop -p scopekeeper-cli --bins

package: deps-build ui
	$(RELEASE_BINS)
	mkdir -p target/packaging
	sed 's/@VERSION@/$(VERSION)/' packaging/app.scopekeeper.desktop.metainfo.xml > target/packaging/app.scopekeeper.desktop.metainfo.xml
	cd src-tauri && ../ui/node_modules/.bin/tauri bundle --ci --bundles deb,rpm
	@ls -l target/release/scopekeeper-desktop target/release/scopekeeper target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm

install-check: deps-test
	scripts/install-check.sh

# CI's package check: the same bundles (.deb, .rpm) of the shipped feature set (no test hooks),
# from a debug build, then the install check on them. After `make test` only the workspace's
# crates compile again (their dependencies are the test build's: measured 2 min 9 s on 2 cores),
# so it proves the packaging, the declared dependencies and the installed app starting in
# minutes; the release profile's optimisation, LTO and size are `make package`'s (README). It
# leaves the hook-less app in target/debug; the next `make test` or `make build` puts back its own.
package-check: deps-test ui
	rm -rf target/debug/bundle
	$(CARGO) build --locked --no-default-features -p scopekeeper-desktop -p scopekeeper-cli --bins
	mkdir -p target/packaging
	sed 's/@VERSION@/$(VERSION)/' packaging/app.scopekeeper.desktop.metainfo.xml > target/packaging/app.scopekeeper.desktop.metainfo.xml
	cd src-tauri && ../ui/node_modules/.bin/tauri bundle --debug --ci --bundles deb,rpm --config ../packaging/debug-bundle.json
	BUNDLE_DIR=target/debug/bundle scripts/install-check.sh

## --- tests ----------------------------------------------------------------------------------
# The bindings check (`tests/ipc.rs`) and the end-to-end tests run in the one pool of test binaries.
test: deps-test ui fmt lint ui-test
	python3 scripts/run-tests.py all
	$(NO_HOOKS_CHECK)
	@echo "make test: all checks passed"

fmt:
	$(CARGO) fmt --all --check

lint: ui
	$(CARGO) clippy --workspace --all-targets --locked -- -D warnings
	python3 scripts/size-check.py
	cd ui && npm run --silent check

# Every Rust test runs from one debug build (`cargo test --workspace --no-run`: the dependencies'
# features unified across all members, so the unit tests, the end-to-end harness, its examples and
# the app it drives share one set of compiled crates), as many test binaries at once as there are
# cores, longest first (scripts/run-tests.py).
unit: ui
	python3 scripts/run-tests.py unit
	$(NO_HOOKS_CHECK)

# As the shipped app is built (`--no-default-features`): the test hooks are ignored and the
# sandbox's /_sim/faults, /_sim/calls are 404. Only the app crate compiles again for it.
NO_HOOKS_CHECK := $(CARGO) test --locked --no-default-features -p scopekeeper-desktop --lib test_hooks

ui-test: ui/node_modules/.installed
	cd ui && npm test --silent

# The generated TypeScript comes from the command list in the app crate, which embeds ui/dist.
check-bindings: ui
	$(CARGO) test -p scopekeeper-desktop --test ipc --locked -- generated_bindings_are_up_to_date --exact

bindings: ui
	SCOPEKEEPER_WRITE_BINDINGS=1 $(CARGO) test -p scopekeeper-desktop --test ipc -- generated_bindings_are_up_to_date --exact

# End-to-end: the real app in WebKitGTK via tauri-driver (each test binary starts its own Xvfb,
# D-Bus session and gnome-keyring, so two binaries run side by side; the tests inside one run one
# at a time). Screenshots land in target/e2e-screenshots/.
e2e: ui
	python3 scripts/run-tests.py e2e

bench:
	$(CARGO) bench -p scopekeeper-core --bench catalog
	$(CARGO) bench -p scopekeeper-core --bench catalog_memory
	$(CARGO) bench -p scopekeeper-core --bench vendors
	$(CARGO) bench -p scopekeeper-core --bench audit
	$(CARGO) bench -p scopekeeper-core --bench history
	$(CARGO) build --release --locked -p scopekeeper-cli -p scopekeeper-sim --bins
	python3 scripts/audit-bench.py

# The shipped (release) build beside a blank Tauri window from the same crate and profile.
bench-ui: deps-test ui
	$(BENCH_BINS)
	$(CARGO) build --release --locked -p scopekeeper-desktop --example blank_window
	$(CARGO) run -q --locked -p scopekeeper-e2e --example webview_bench
	SCOPEKEEPER_APP=target/release/scopekeeper-desktop $(CARGO) run -q --locked -p scopekeeper-e2e --example audit_bench

FUZZ_SECONDS ?= 60
fuzz:
	cargo install --locked --quiet cargo-fuzz --version 0.13.2
	cd src-tauri/crates/scopekeeper-core/fuzz && mkdir -p corpus/loader corpus/spec_fields && cp ../catalogs/*.json corpus/loader/ && \
	  printf '2027-01-05' > corpus/spec_fields/day && printf '2001:db8::/32' > corpus/spec_fields/net && \
	  cargo +nightly fuzz run loader corpus/loader -- -max_total_time=$(FUZZ_SECONDS) && \
	  cargo +nightly fuzz run spec_fields corpus/spec_fields -- -max_total_time=$(FUZZ_SECONDS)

clean:
	$(CARGO) clean
	rm -rf ui/dist ui/node_modules
