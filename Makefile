# The two commands of this repository: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the declared dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# Quiet steps, then who can log in; the server's own lines follow.
run: $(VENV)/.installed
	@echo "Database bijwerken…"
	@$(BIN)/python manage.py migrate --noinput -v 0
	@echo "Demogemeente laden…"
	@$(BIN)/python manage.py seed_demo -v 0
	@echo "Dashboards bouwen…"
	@$(BIN)/python manage.py build_snapshots --periods 12 -v 0
	@$(BIN)/python manage.py demo_logins --url http://$(HOST):$(PORT)/
	@$(BIN)/python manage.py runserver $(HOST):$(PORT)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# pytest's exit code 5 means no test ran: that is a failure, never a pass.
# Then the engine's tests once more, on the lowest NumPy and SciPy pyproject.toml allows.
test: lint
	$(BIN)/python -m pytest; status=$$?; \
	if [ $$status -eq 5 ]; then echo "FAIL: no tests were collected" >&2; exit 1; fi; \
	[ $$status -eq 0 ] || exit $$status
	PYTHON=$(PYTHON) bash tests/engine_lowest/run.sh

clean:
	rm -rf $(VENV) .venv-lowest db.sqlite3 staticfiles test-artifacts
