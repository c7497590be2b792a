# ESCA Learning Portal: the commands the README documents.
# Every target creates .venv and installs the pinned versions it needs.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
CHROMIUM := /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test browser-deps schema new-course linkcheck-external bench clean lock

## serve: build the site and serve it with live reload on http://127.0.0.1:8000
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

## build: strict build into a temporary folder; replace site/ only on success
build: $(STAMP)
	@rm -rf .site-build && \
	$(BIN)/mkdocs build --strict --site-dir .site-build || { rm -rf .site-build; echo "Build failed: site/ left as it was."; exit 1; }
	@rm -rf .site-old && { [ ! -d site ] || mv site .site-old; } && mv .site-build site && rm -rf .site-old
	@echo "Built site/ ($$(du -sh site | cut -f1))."

## test: install everything the tests need (Python packages, Chromium) and run them
test: $(STAMP) browser-deps
	$(BIN)/python -m pytest

## schema: regenerate curricula/schema/course.schema.json from the course model
schema: $(STAMP)
	PYTHONPATH=hooks $(BIN)/python -m esca.curricula.schema > curricula/schema/course.schema.json

## new-course: write a valid starter course file, e.g. make new-course id=my-course
new-course: $(STAMP)
	@test -n "$(id)" || { echo "Usage: make new-course id=my-course-id"; exit 2; }
	PYTHONPATH=hooks $(BIN)/python -m esca.curricula.scaffold "$(id)"

## linkcheck-external: check every external link once (needs internet; never part of make test)
linkcheck-external: $(STAMP)
	PYTHONPATH=hooks $(BIN)/python -m esca.external_links

## bench: speed and size figures (see bench/README.md)
bench: $(STAMP) browser-deps
	$(BIN)/python bench/run_all.py

clean:
	rm -rf site .site-build .site-old .pytest_cache

## lock: re-pin requirements.txt from requirements.in in a throwaway environment
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install -q -r requirements.in && \
	{ echo "# Pinned dependencies: the one place versions are set (site build and tests)."; \
	  echo "# Regenerate with: make lock (after changing a top-level pin in requirements.in)."; \
	  .venv-lock/bin/pip freeze --exclude pip; } > requirements.txt && rm -rf .venv-lock

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

## browser-deps: Debian's Chromium for the browser tests (Playwright cannot download browsers here)
browser-deps:
	@test -x $(CHROMIUM) || { \
	  echo "Installing Debian's chromium (needs root or sudo)..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }
	@test -x $(CHROMIUM)
