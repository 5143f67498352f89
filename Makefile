# The two commands of the README:
#   make run    install everything, start Neo4j, schema, demo data, the API with GraphiQL
#   make test   the whole test suite (lint, types, pytest against a real Neo4j)
PYTHON ?= python3
VENV := .venv
STAMP := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: run test install lint bench-load

$(STAMP): pyproject.toml
	@command -v java >/dev/null || { echo "Java 17+ is required: apt-get install openjdk-17-jre-headless"; exit 1; }
	@command -v mvn >/dev/null || { echo "Maven is required to fetch Neo4j from Maven Central: apt-get install maven"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	$(VENV)/bin/pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(VENV)/bin/taggraph up

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

test: lint
	@command -v chromium >/dev/null || { echo "Chromium is required for the browser tests: apt-get install chromium"; exit 1; }
	$(VENV)/bin/pytest

bench-load: $(STAMP)
	$(VENV)/bin/python -m bench.load --customers 1000000 --runs 3
