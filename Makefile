# Two entry points (see README): `make build` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# apt-get needs root; use sudo when we are not root and sudo exists.
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: build test bench setup test-setup system-deps node-deps schema clean

# The official SCORM/cmi5 schemas are third-party files kept outside this repository. When they
# sit beside it (as in CI), the sample build puts the SCORM 2004 control documents into its
# packages and validates every manifest it writes; without them it builds with a warning.
STANDARDS ?= ../shared/standards
STANDARDS_ENV := $(if $(wildcard $(STANDARDS)/scorm2004_4ed/imscp_v1p1.xsd),\
	MODULETOOL_CONTROL_DOCUMENTS=$(abspath $(STANDARDS)/scorm2004_4ed) MODULETOOL_SCHEMAS=$(abspath $(STANDARDS)))

build: setup ## Set up the tool and build every sample module into dist/
	$(STANDARDS_ENV) $(BIN)/moduletool build

test: test-setup ## Set up everything the tests need and run the whole suite
	$(BIN)/python -m pytest

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

test-setup: setup system-deps node-deps

# Debian's Chromium (Playwright cannot download its own browser here), gettext's msgfmt, and unzip
# (the zip writer's output is checked with `unzip -t`).
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! command -v msgfmt >/dev/null 2>&1 || ! command -v unzip >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium gettext unzip; \
	fi

# scorm-again, the LMS-side SCORM runtime the browser tests run our packages under, and axe-core,
# the accessibility engine they check every page with.
node-deps: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

bench: setup ## Build a synthetic 1000-package catalog and write the figures to bench/results.json
	$(BIN)/python bench/run.py

schema: setup ## Regenerate schemas/module.schema.json from the models
	$(BIN)/moduletool schema

clean:
	rm -rf dist build *.egg-info src/*.egg-info
