# The two commands a new user needs: `make serve` and `make test` (plus `make bench`).
# Each sets itself up: a .venv with the Python packages, and the Debian packages
# (a CJK font for pictures, chromium for the browser tests) when they are missing.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8000
STORE  ?= data/store
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: serve test bench fonts chromium clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

fonts:
	@dpkg -s fonts-noto-cjk >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq fonts-noto-cjk; }

chromium:
	@[ -x /usr/bin/chromium ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium; }

serve: $(STAMP) fonts
	$(BIN)/safetykg ingest data/corpus --store $(STORE)
	$(BIN)/safetykg serve --store $(STORE) --host $(HOST) --port $(PORT)

test: $(STAMP) fonts chromium
	$(BIN)/python -m pytest

# BENCH_ARGS adds options, e.g. make bench BENCH_ARGS="--workdir /var/tmp/bench --reuse-store"
bench: $(STAMP) fonts
	$(BIN)/python -m bench --docs 10000 --json bench/last.json $(BENCH_ARGS)

clean:
	rm -rf $(VENV) $(STORE) .pytest_cache
