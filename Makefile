# Convo: `make run` serves the demo school; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export CONVO_INSTANCE_PATH ?= $(CURDIR)/instance

.PHONY: run test test-postgres install demo check-prompts babel-extract babel-update babel-compile clean bench bench-smoke bench-transition

# The venv is rebuilt when pyproject.toml changes; a stamp file records the last install.
$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip setuptools wheel
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/python -m convo.instance
	$(BIN)/convo db upgrade
	$(BIN)/convo demo --if-empty
	@echo "Convo is at http://127.0.0.1:$(PORT)/  (Ctrl+C stops it)"
	$(BIN)/convo run --host 127.0.0.1 --port $(PORT)

test: install
	$(BIN)/python -m pytest -q

# The same suite against PostgreSQL, e.g. CONVO_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test
test-postgres: install
	test -n "$$CONVO_TEST_DATABASE_URL" || (echo "Set CONVO_TEST_DATABASE_URL first." && exit 2)
	$(BIN)/python -m pytest -q

.PHONY: run test test-postgres install demo check-prompts babel-extract babel-update babel-compile clean bench bench-smoke bench-transition

# Translations: extract every user-facing string (pages, messages and pupil prompts) into one template,
# update each language's catalogue from it, and compile them for use.
babel-extract: install
	$(BIN)/pybabel extract -F translations/babel.cfg -k _l -k lazy_gettext -k ngettext:1,2 \
		--sort-by-file --project Convo -o translations/messages.pot .

babel-update: babel-extract
	$(BIN)/pybabel update -i translations/messages.pot -d translations --ignore-obsolete

babel-compile: install
	$(BIN)/pybabel compile -d translations --statistics

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
