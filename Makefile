# Metodbanken: `make run` sets everything up and serves the demo site; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format setup demo clean mutants

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	TASKS_BACKEND=immediate $(BIN)/python manage.py load_demo

run: demo
	@echo ""
	@echo "Metodbanken: http://127.0.0.1:8000/   Admin: http://127.0.0.1:8000/admin/"
	@echo "No admin account is created for you. Make one with:"
	@echo "    $(BIN)/python manage.py createsuperuser"
	@echo "A task worker runs beside the server (search index updates, large imports)."
	@echo ""
	$(BIN)/python manage.py db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Mutation testing of the core modules (pyproject.toml [tool.mutmut], docs/testing.md), 16 to 17 minutes at stop 15 on
# 2 cores. Each short test session starts from a copy of one migrated demo database built here.
MUTANTS_DB := $(abspath $(VENV))/mutants-demo.sqlite3
# Every mutant of the query, privacy and facet modules; of the record format, import and export writers
# (over 2,600 mutants) a fixed tenth: those numbered ...0. `make mutants MUTANT_SELECTION=` runs all (about an hour).
MUTANT_SELECTION ?= 'methods.text.*' 'methods.keyword_rules.*' 'methods.evidence_rules.*' 'methods.pagination.*' \
	'methods.postings.*' 'methods.querysets.*' 'methods.visibility.*' 'methods.citation.*' 'search.query.*' 'search.forms.*' \
	'methods.records.*0' 'methods.importing.*0' 'methods.exporting.*0'
mutants: $(STAMP)
	rm -rf mutants $(MUTANTS_DB) $(MUTANTS_DB)-wal $(MUTANTS_DB)-shm
	DATABASE_URL=sqlite:///$(MUTANTS_DB) DJANGO_SETTINGS_MODULE=kb.settings.test TASKS_BACKEND=immediate \
		$(BIN)/python manage.py migrate --noinput -v0
	DATABASE_URL=sqlite:///$(MUTANTS_DB) DJANGO_SETTINGS_MODULE=kb.settings.test TASKS_BACKEND=immediate \
		$(BIN)/python manage.py load_demo -v0
	METODBANKEN_TEST_DB=$(MUTANTS_DB) $(BIN)/mutmut run --max-children 2 $(MUTANT_SELECTION)
	$(BIN)/python tests/mutation_score.py

lint: $(STAMP)
	$(BIN)/ruff check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache var
