# Convo: `make run` serves the demo school; `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
export CONVO_INSTANCE_PATH ?= $(CURDIR)/instance

.PHONY: run test test-postgres install demo check-prompts babel-extract babel-update babel-compile clean bench bench-smoke bench-transition audit

# The venv is rebuilt when pyproject.toml changes; a stamp file records the last install.
$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip setuptools wheel
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $@

# Compiled catalogues (.mo) are built, not kept in git; pip install makes them too (setup.py).
CATALOGUES := $(wildcard translations/*/LC_MESSAGES/messages.po)

translations/%/LC_MESSAGES/messages.mo: translations/%/LC_MESSAGES/messages.po $(BIN)/.installed
	$(BIN)/pybabel compile -d translations -l $* --statistics

install: $(BIN)/.installed $(CATALOGUES:.po=.mo)

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

# Times building transition packs for one school's Year 6 and a trust's 1,000 leavers, on a throwaway
# database; prints a table and writes bench/transition-results.json.
bench-transition: install
	$(BIN)/python bench/transition.py

# The load benchmark (bench/run.py): gunicorn with 420 pupils talking, against a bare Flask "hello", on SQLite
# then PostgreSQL (BENCH_DATABASES=sqlite to skip it); writes bench/results.json and bench/results.md.
BENCH_DATABASES ?= sqlite,postgresql
$(BIN)/.installed-bench: pyproject.toml $(BIN)/.installed
	$(BIN)/python -m pip install -q -e '.[bench,postgres]'
	touch $@

bench: $(BIN)/.installed-bench
	$(BIN)/python -m bench.run --databases $(BENCH_DATABASES)

# A few seconds of the same on SQLite with 30 pupils, for CI: fails on errors or lost concerns, not on speed.
bench-smoke: $(BIN)/.installed-bench
	$(BIN)/python -m bench.run --smoke --databases sqlite

# Security audit: bandit scans Convo's own code (settings and the one skip in pyproject.toml [tool.bandit]),
# then pip-audit checks every installed package against PyPI's vulnerability data. A finding fails;
# packages pip-audit could not check are counted and named (AUDIT_STRICT=1 makes those fail too).
$(BIN)/.installed-audit: pyproject.toml $(BIN)/.installed
	$(BIN)/python -m pip install -q -e '.[audit]'
	touch $@

audit: $(BIN)/.installed-audit
	$(BIN)/bandit -q -r convo -c pyproject.toml
	$(BIN)/pip-audit --skip-editable --progress-spinner off -f json -o .pip-audit.json || true
	$(BIN)/python .ci/pip_audit_summary.py .pip-audit.json

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
