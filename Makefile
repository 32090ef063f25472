# Two entry points (see README): `make build` and `make test`. Everything else is a step of those.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# apt-get needs root; use sudo when we are not root and sudo exists.
SUDO   := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: build test setup test-setup system-deps node-deps schema clean

build: setup ## Set up the tool and build every sample module into dist/
	$(BIN)/moduletool build

test: test-setup ## Set up everything the tests need and run the whole suite
	$(BIN)/python -m pytest

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

test-setup: setup system-deps node-deps

# Debian's Chromium (Playwright cannot download its own browser here) and gettext's msgfmt.
system-deps:
	@if [ ! -x /usr/bin/chromium ] || ! command -v msgfmt >/dev/null 2>&1; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium gettext; \
	fi

# scorm-again, the LMS-side SCORM runtime the browser tests run our packages under.
node-deps: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

schema: setup ## Regenerate schemas/module.schema.json from the models
	$(BIN)/moduletool schema

clean:
	rm -rf dist build *.egg-info src/*.egg-info
