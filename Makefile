# One entry point for everything: `make build` and `make test` are the README's two commands.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# apt-get needs root; use sudo when we are not root and it exists.
SUDO   := $(shell [ "$$(id -u)" -ne 0 ] && command -v sudo >/dev/null && echo sudo)
ARGS   ?=

.PHONY: build install test lint bench golden serve setup system-build system-test clean

build: setup system-build ## Build the sample show into site/
	$(BIN)/pipeline build $(ARGS)

install: setup system-build ## Install what build needs, build nothing (the publish workflow)

test: setup system-test ## Run the whole test suite
	$(BIN)/pytest $(ARGS)

lint: setup ## ruff + mypy
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/ruff format --check pipeline tests bench
	$(BIN)/mypy

bench: setup system-test ## Speed and memory side by side with Hugo (bench/; report in .bench/report.txt; ARGS=--quick)
	$(BIN)/python -m bench $(ARGS)

golden: setup ## Regenerate the golden copies of the sample output; review with git diff
	$(BIN)/python -m tests.golden

serve: setup ## Preview the sample show with live rebuilds
	$(BIN)/pipeline serve $(ARGS)

setup: $(STAMP)

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11+ is needed (apt-get install python3 python3-venv)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

# System packages from Debian, installed only when missing. On macOS: brew install ffmpeg.
system-build:
	@command -v ffmpeg >/dev/null && command -v ffprobe >/dev/null || { \
	  command -v apt-get >/dev/null || { echo "Install ffmpeg (macOS: brew install ffmpeg)"; exit 1; }; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq ffmpeg; }

system-test: system-build
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v espeak-ng >/dev/null || missing="$$missing espeak-ng"; \
	command -v hugo >/dev/null || missing="$$missing hugo"; \
	if [ -n "$$missing" ]; then \
	  command -v apt-get >/dev/null || { echo "Install:$$missing"; exit 1; }; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

clean:
	rm -rf site .cache test-output .pytest_cache .mypy_cache .ruff_cache
