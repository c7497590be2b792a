# ESCA Learning Portal: the commands the README documents.
# Every target creates .venv and installs the pinned versions it needs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
CHROMIUM := /usr/bin/chromium
# The build command, one variable for the Makefile, the tests and the benchmarks:
# mkdocs (MkDocs 1.6), or properdocs (its continuation; see README, "Platform plan").
MKDOCS ?= mkdocs
export MKDOCS
export NO_MKDOCS_2_WARNING := 1
# Reproducible builds: dates in the sitemap come from the last commit, not the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(SOURCE_DATE_EPOCH),)
export SOURCE_DATE_EPOCH
endif

.PHONY: serve build build-offline check vendor test system-deps schema new-course linkcheck-external bench clean lock release-snapshot

## serve: build the site and serve it with live reload on http://127.0.0.1:8000
serve: $(STAMP)
	$(BIN)/python -m $(MKDOCS) serve --dev-addr $(HOST):$(PORT)

## build: strict build into a temporary folder; replace site/ only on success
## (one shell: the trap removes .site-build however the build ends, Ctrl-C included)
build: $(STAMP)
	@trap 'rm -rf .site-build .site-old' EXIT; trap 'exit 130' INT TERM HUP; rm -rf .site-build; \
	$(BIN)/python -m $(MKDOCS) build --strict --site-dir .site-build || { echo "Build failed: site/ left as it was."; exit 1; }; \
	{ [ ! -d site ] || mv site .site-old; } && mv .site-build site && echo "Built site/ ($$(du -sh site | cut -f1))."

## check: every source rule, without building (the same findings the build prints)
check: $(STAMP)
	$(BIN)/python -m esca check

## build-offline: a copy that works from file:// and a network share, in site-offline/ (mkdocs-offline.yml)
build-offline: $(STAMP)
	@trap 'rm -rf .site-offline-build .site-offline-old' EXIT; trap 'exit 130' INT TERM HUP; rm -rf .site-offline-build; \
	$(BIN)/python -m $(MKDOCS) build --strict --config-file mkdocs-offline.yml --site-dir .site-offline-build || { echo "Build failed: site-offline/ left as it was."; exit 1; }; \
	{ [ ! -d site-offline ] || mv site-offline .site-offline-old; } && mv .site-offline-build site-offline && echo "Built site-offline/: open site-offline/index.html."

## vendor: refresh the pinned iframe-worker shim (MIT) the offline copy uses, from npm
IFRAME_WORKER := 1.0.4
vendor:
	rm -rf .vendor && mkdir .vendor && cd .vendor && npm pack --silent iframe-worker@$(IFRAME_WORKER) && tar xzf iframe-worker-$(IFRAME_WORKER).tgz
	cp .vendor/package/shim/index.js docs/assets/vendor/iframe-worker/shim.js
	cp .vendor/package/LICENSE docs/assets/vendor/iframe-worker/LICENSE
	rm -rf .vendor

## test: install everything the tests need (Python and npm packages, Chromium, Java, nginx) and run them
test: $(STAMP) $(NODE_STAMP) system-deps
	$(BIN)/python -m pytest -n 2 --dist loadfile

## schema: regenerate the course and programme JSON Schemas in curricula/schema/ from the model
schema: $(STAMP)
	PYTHONPATH=hooks $(BIN)/python -m esca.curricula.schema course > curricula/schema/course.schema.json
	PYTHONPATH=hooks $(BIN)/python -m esca.curricula.schema programme > curricula/schema/programme.schema.json

## new-course: write a valid starter course file, e.g. make new-course id=my-course
new-course: $(STAMP)
	@test -n "$(id)" || { echo "Usage: make new-course id=my-course-id"; exit 2; }
	PYTHONPATH=hooks $(BIN)/python -m tools.new_course "$(id)"

## linkcheck-external: check every external link once (needs internet; never part of make test)
linkcheck-external: $(STAMP)
	PYTHONPATH=hooks $(BIN)/python -m tools.linkcheck_external

## bench: speed and size figures (see bench/README.md)
bench: $(STAMP) system-deps
	$(BIN)/python bench/run_all.py

## release-snapshot: after a release, keep its courses.json, ledger.json and data/cpd-record.yml in releases/previous/
## (What's changed compares the next build with them); commit the folder
release-snapshot: build
	mkdir -p releases/previous
	cp site/cpd/courses.json site/legislation/ledger.json data/cpd-record.yml releases/previous/
	printf '# The release the files beside this one come from (written by make release-snapshot).\nreleased: %s\n' "$$(date +%F)" > releases/previous/release.yml

clean:
	rm -rf site site-offline .site-build .site-old .site-offline-build .pytest_cache

## lock: re-pin requirements.txt from requirements.in in a throwaway environment
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install -q -r requirements.in && \
	{ echo "# Pinned dependencies: the one place versions are set (site build and tests)."; \
	  echo "# Regenerate with: make lock (after changing a top-level pin in requirements.in)."; \
	  .venv-lock/bin/pip freeze --exclude pip; } > requirements.txt && rm -rf .venv-lock

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@# `.venv/bin/python -m esca check` works from the repository root: the rules' folder is on the path.
	$(BIN)/python -c "import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()['purelib'], 'esca-hooks.pth').write_text('$(CURDIR)/hooks\n')"
	touch $(STAMP)

## node deps: axe-core, the Nu HTML Checker and Lighthouse, pinned in package-lock.json
$(NODE_STAMP): package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NODE_STAMP)

## system-deps: Debian's Chromium (Playwright cannot download browsers here), Java for the
## HTML checker and nginx for the security-headers test
system-deps:
	@missing=""; \
	test -x $(CHROMIUM) || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	test -x /usr/sbin/nginx || missing="$$missing nginx-light"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing (needs root or sudo)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi
	@test -x $(CHROMIUM) && command -v java >/dev/null && test -x /usr/sbin/nginx
