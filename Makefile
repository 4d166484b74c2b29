# The helpdesk's commands. `make help` lists them.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := helpdesk.settings

.DEFAULT_GOAL := help
.PHONY: diagrams help run test test-fast lint format migrate demo bench ci clean

help: ## List the commands.
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP) ## Create the virtual environment with the pinned dependencies.

migrate: $(STAMP) ## Apply database migrations.
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput

demo: migrate ## Load the demo data (idempotent).
	DEBUG=1 $(BIN)/python manage.py seed_demo

run: demo ## Run web, Celery worker and beat on http://127.0.0.1:8000 with demo data (Ctrl-C stops all).
	@echo "Helpdesk on http://127.0.0.1:8000  (users: customer, triage, lead, admin … password 'demo')"
	@mkdir -p var/inbox/processed var/mail
	@echo "Answer a mail from var/mail/ by saving your reply as var/inbox/<name>.eml (README: Email both ways)"
	DEBUG=1 PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho -f Procfile.dev start

test: $(STAMP) ## Run the whole test suite (SQLite, or PostgreSQL when DATABASE_URL is set).
	$(BIN)/pytest $(PYTEST_ARGS)

test-fast: $(STAMP) ## The suite without the browser tests (-m "not browser").
	$(BIN)/pytest -m "not browser" $(PYTEST_ARGS)

lint: $(STAMP) ## ruff, the import contracts, mypy, and missing migrations.
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP) ## Format and fix what ruff can.
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

diagrams: $(STAMP) ## Redraw the status and stage machines in docs/diagrams/ (SVG needs graphviz's dot).
	$(BIN)/python manage.py graph_transitions tickets.Ticket > docs/diagrams/ticket-status.dot
	$(BIN)/python manage.py graph_transitions engineering.Task > docs/diagrams/task-stage.dot
	$(BIN)/python manage.py graph_transitions knowledge.Article > docs/diagrams/article-state.dot
	@if command -v dot >/dev/null; then \
	  dot -Tsvg docs/diagrams/ticket-status.dot -o docs/diagrams/ticket-status.svg; \
	  dot -Tsvg docs/diagrams/task-stage.dot -o docs/diagrams/task-stage.svg; \
	  dot -Tsvg docs/diagrams/article-state.dot -o docs/diagrams/article-state.svg; \
	else echo "dot not found (apt-get install graphviz): the .svg files were not redrawn"; fi

bench: $(STAMP) ## Benchmarks on PostgreSQL; figures go to docs/benchmarks.md.
	$(BIN)/python bench/run.py

ci: ## What CI runs (.ci/run).
	bash .ci/run

clean: ## Remove the virtual environment and local data.
	rm -rf $(VENV) var test-artifacts
