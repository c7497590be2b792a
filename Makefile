# ESCA Learning Portal: the commands the README documents.
# Every target creates .venv and installs the pinned versions it needs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two sets of pinned packages, both installed by hash: what the site build
# needs (requirements-build.txt) and, on top, what the tests need
# (requirements-test.txt). `make build` installs only the first.
BUILD_STAMP := $(VENV)/.installed-build
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
# The site's day (hooks/esca/core/clock.py): ESCA_TODAY=YYYY-MM-DD when given (CI
# gives it), otherwise today's date in London. Never a commit's date.
# The pins need Python 3.11.5 or later: stop at once, with the fix, on an older one.
PYTHON_CHECK = import sys; sys.version_info >= (3, 11, 5) or sys.exit( \
  "Python " + sys.version.split()[0] + " is too old: the pinned packages need Python 3.11.5 or later. " \
  "Install a newer Python, then run: rm -rf $(VENV) && make PYTHON=python3.12 (the newer Python, by name)")

.PHONY: test-js serve build build-offline check generate vendor test system-deps schema new-course linkcheck-external bench clean lock release-snapshot

## serve: build the site and serve it with live reload on http://127.0.0.1:8000
serve: $(BUILD_STAMP)
	$(BIN)/python -m $(MKDOCS) serve --dev-addr $(HOST):$(PORT)

## build: strict build into a temporary folder; replace site/ only on success
## (one shell: the trap removes .site-build however the build ends, Ctrl-C included)
build: $(BUILD_STAMP)
	@trap 'rm -rf .site-build .site-old' EXIT; trap 'exit 130' INT TERM HUP; rm -rf .site-build; \
	$(BIN)/python -m $(MKDOCS) build --strict --site-dir .site-build || { echo "Build failed: site/ left as it was."; exit 1; }; \
	{ [ ! -d site ] || mv site .site-old; } && mv .site-build site && echo "Built site/ ($$(du -sh site | cut -f1))."

## check: every source rule, without building (the same findings the build prints)
check: $(BUILD_STAMP)
	$(BIN)/python -m esca check

## generate: write every page built from data as Markdown (and the data files) into DIR, e.g.
## make generate DIR=/tmp/generated (never into docs/; see README, "Platform plan")
generate: $(BUILD_STAMP)
	@test -n "$(DIR)" || { echo "Usage: make generate DIR=folder-outside-docs"; exit 2; }
	$(BIN)/python -m esca generate --out "$(DIR)"

## build-offline: a copy that works from file:// and a network share, in site-offline/ (mkdocs-offline.yml)
build-offline: $(BUILD_STAMP)
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
test: $(STAMP) $(NODE_STAMP) system-deps test-js
	$(BIN)/python -m pytest -n 2 --dist loadfile

## test-js: lint the site's JavaScript (ESLint) and run its unit tests (node --test tests/js/)
## against the course model the build publishes
test-js: $(STAMP) $(NODE_STAMP)
	node_modules/.bin/eslint .
	rm -rf .cache/js-model && $(BIN)/python -m esca generate --out .cache/js-model >/dev/null
	ESCA_COURSE_MODEL=.cache/js-model/cpd/course-model.json node --test tests/js/

## schema: regenerate the course and programme JSON Schemas in curricula/schema/ from the model
schema: $(BUILD_STAMP)
	PYTHONPATH=hooks $(BIN)/python -m esca schema course > curricula/schema/course.schema.json
	PYTHONPATH=hooks $(BIN)/python -m esca schema programme > curricula/schema/programme.schema.json

## new-course: write a valid starter course file, e.g. make new-course id=my-course
new-course: $(BUILD_STAMP)
	@test -n "$(id)" || { echo "Usage: make new-course id=my-course-id"; exit 2; }
	PYTHONPATH=hooks $(BIN)/python -m tools.new_course "$(id)"

## linkcheck-external: check every external link once (needs internet; never part of make test)
linkcheck-external: $(BUILD_STAMP)
	PYTHONPATH=hooks $(BIN)/python -m tools.linkcheck_external

## bench: speed and size figures (see bench/README.md)
bench: $(STAMP) system-deps
	$(BIN)/python bench/run_all.py

## release-snapshot: after a release, keep its courses.json, ledger.json and data/cpd-record.yml in releases/previous/
## (What's changed compares the next build with them), dated with the site's day (esca.core.clock, as the build
## was); commit the folder
release-snapshot: build
	@day=$$($(BIN)/python -m tools.site_day) || exit 1; \
	mkdir -p releases/previous && \
	cp site/cpd/courses.json site/legislation/ledger.json data/cpd-record.yml releases/previous/ && \
	printf '# The release the files beside this one come from (written by make release-snapshot).\nreleased: %s\n' "$$day" > releases/previous/release.yml && \
	echo "Kept the release of $$day in releases/previous/: commit the folder."

clean:
	rm -rf site site-offline .site-build .site-old .site-offline-build .pytest_cache

## lock: re-pin requirements-build.txt and requirements-test.txt, with hashes, from the
## top-level pins in requirements-build.in and requirements-test.in (pip-tools, in a throwaway venv)
PIP_TOOLS := 7.7.0
LOCK_ENV := env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null CUSTOM_COMPILE_COMMAND="make lock"
LOCK_FLAGS := --quiet --generate-hashes --strip-extras --no-emit-find-links --no-emit-index-url
lock:
	@$(PYTHON) -c '$(PYTHON_CHECK)'
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock && $(LOCK_ENV) .venv-lock/bin/pip install -q pip-tools==$(PIP_TOOLS)
	$(LOCK_ENV) .venv-lock/bin/pip-compile $(LOCK_FLAGS) --output-file .venv-lock/build.txt requirements-build.in
	$(LOCK_ENV) .venv-lock/bin/pip-compile $(LOCK_FLAGS) --constraint .venv-lock/build.txt --output-file .venv-lock/test.txt requirements-test.in
	cp .venv-lock/build.txt requirements-build.txt
	sed 's|\.venv-lock/build\.txt|requirements-build.txt|' .venv-lock/test.txt > requirements-test.txt
	rm -rf .venv-lock

$(VENV)/.python: 
	@$(PYTHON) -c '$(PYTHON_CHECK)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -c '$(PYTHON_CHECK)'
	@# `.venv/bin/python -m esca check` works from the repository root: the rules' folder is on the path.
	$(BIN)/python -c "import pathlib, sysconfig; pathlib.Path(sysconfig.get_paths()['purelib'], 'esca-hooks.pth').write_text('$(CURDIR)/hooks\n')"
	touch $@

$(BUILD_STAMP): requirements-build.txt $(VENV)/.python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-build.txt
	touch $@

$(STAMP): requirements-test.txt $(BUILD_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-test.txt
	touch $@

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
