# One entry point for everything: `make build` and `make test` are the README's two commands.
#
# Three installs into one .venv, each with its own stamp so each runs once (and again
# when pyproject.toml changes):
#   runtime  `make build`, `make install`: the pipeline and what it needs to run, nothing else
#   test     `make test`, `make test-fast`: + pytest, Playwright, feed parsers, actionlint
#   lint     `make lint`: + ruff, mypy
# System packages come from Debian through .ci/install-debs: only the missing ones, without
# recommended extras, and never upgrading or removing what is installed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ARGS   ?=
BUILD_DEBS := ffmpeg
TEST_DEBS  := ffmpeg chromium espeak-ng hugo nginx
NODE_DIR   := tests/node
step = @printf '\n==> %s\n'

.PHONY: build install test test-fast lint bench golden serve setup setup-test setup-lint \
	bytecode system-build system-test node-test clean

build: setup bytecode system-build ## Build the sample show into site/
	$(step) "Building the sample show into site/"
	$(BIN)/pipeline build $(ARGS)

install: setup bytecode system-build ## Install what build needs, build nothing

test: setup-test system-test node-test ## Run the whole test suite
	$(step) "Running the tests (pytest $(ARGS))"
	$(BIN)/pytest $(ARGS)

test-fast: setup-test ## The tests without the slow ones (audio, browsers, nginx), on every core: the edit loop
	$(BIN)/pytest -m "not slow" -n auto $(ARGS)

lint: setup-lint ## ruff + mypy (strict)
	$(step) "ruff check, ruff format --check, mypy"
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/ruff format --check pipeline tests bench
	$(BIN)/mypy

bench: setup-test bytecode system-test ## Speed and memory side by side with Hugo (bench/; report in .bench/report.txt; ARGS=--quick)
	$(BIN)/python -m bench $(ARGS)

golden: setup-test ## Regenerate what follows from the sample show; review with git diff
	$(BIN)/python -m tests.golden
	$(BIN)/python -m tests.cli.sample_files

serve: setup ## Preview the sample show with live rebuilds
	$(BIN)/pipeline serve $(ARGS)

setup: $(VENV)/.runtime

# An editable install leaves the pipeline's own modules uncompiled, and where
# PYTHONDONTWRITEBYTECODE is set (CI images, Docker's python images, this kind of machine)
# every run compiled them again: 0.2 s of a cold build, 15 ms of a build with nothing new.
# A wheel install compiles them once, as this does; a stale file is compiled again here.
bytecode: $(VENV)/.runtime
	@$(BIN)/python -m compileall -q pipeline
setup-test: $(VENV)/.test
setup-lint: $(VENV)/.lint

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11+ is needed (apt-get install python3 python3-venv)"; exit 1; }
	$(step) "Creating the virtual environment $(VENV) with $$($(PYTHON) --version)"
	$(PYTHON) -m venv $(VENV)

$(VENV)/.runtime: pyproject.toml | $(BIN)/python
	$(step) "Installing pip, then the pipeline and its runtime dependencies into $(VENV)"
	$(BIN)/pip install --upgrade --progress-bar on pip
	$(BIN)/pip install --progress-bar on -e .
	@touch $@

$(VENV)/.test: $(VENV)/.runtime
	$(step) "Installing the test tools into $(VENV) (pytest, Playwright, feed parsers, actionlint)"
	$(BIN)/pip install --progress-bar on -e '.[test]'
	@touch $@

$(VENV)/.lint: $(VENV)/.runtime
	$(step) "Installing the lint tools into $(VENV) (ruff, mypy)"
	$(BIN)/pip install --progress-bar on -e '.[lint]'
	@touch $@

system-build:
	@sh .ci/install-debs $(BUILD_DEBS)

system-test:
	@if [ -f $(NODE_DIR)/package.json ]; then \
	  sh .ci/install-debs $(TEST_DEBS) nodejs npm; \
	else \
	  sh .ci/install-debs $(TEST_DEBS); \
	fi

# Node test tools (another part of the suite), when tests/node/package.json exists:
# `npm ci` installs exactly the committed package-lock.json, again only when it changed.
node-test:
	@if [ -f $(NODE_DIR)/package.json ]; then \
	  if [ ! -f $(NODE_DIR)/node_modules/.installed ] || \
	     [ $(NODE_DIR)/package-lock.json -nt $(NODE_DIR)/node_modules/.installed ]; then \
	    printf '\n==> %s\n' "Installing the Node test tools (npm ci --prefix $(NODE_DIR))"; \
	    npm ci --prefix $(NODE_DIR) && touch $(NODE_DIR)/node_modules/.installed; \
	  fi; \
	fi

clean:
	rm -rf site .cache test-output .pytest_cache .mypy_cache .ruff_cache
