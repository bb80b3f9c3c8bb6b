# Two entry points a new user needs: `make example` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
APP    := $(VENV)/.installed-app
STAMP  := $(VENV)/.installed

.PHONY: example test lint install docs artefacts checklist-versions clean property fuzz

# The tool alone: what `make example` needs.
$(APP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(APP)

# The tool and what its checks need (linters, test runner, browser driver, ...).
$(STAMP): $(APP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

example: $(APP)
	$(BIN)/integracheck assess city_profiles/example.yaml

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports

# -rs: the reason of every skipped test (the seeds in ../shared/seeds, Chromium) is printed.
test: lint
	$(BIN)/python -m pytest -rs

# The range invariants over many more mutated profiles than `make test` tries (minutes).
property: $(STAMP)
	INTEGRACHECK_PROPERTY_CASES=400 INTEGRACHECK_SINGLE_STRIDE=1 INTEGRACHECK_PARTIAL_SWEEP=all \
		$(BIN)/python -m pytest tests/test_ranges_property.py

# The fuzz target of the test suite at length: CI runs eight cases, this two thousand (set
# FUZZ_CASES, or INTEGRACHECK_FUZZ_SEED for another corpus). A failing case is reproducible
# alone: its number and the seed make its random generator.
FUZZ_CASES ?= 2000
fuzz: $(STAMP)
	INTEGRACHECK_FUZZ_CASES=$(FUZZ_CASES) INTEGRACHECK_FUZZ_SHARDS=64 \
		$(BIN)/python -m pytest tests/test_fuzz_outputs.py tests/test_mutation_corpus.py

# Regenerate what the docs derive: the README's profile reference and docs/rules.md.
docs: $(STAMP)
	$(BIN)/python -c "from pathlib import Path; from integracheck.render.profile_reference import update_readme as u; p = Path('README.md'); p.write_text(u(p.read_text(encoding='utf-8')), encoding='utf-8')"
	$(BIN)/python -c "from pathlib import Path; from integracheck.api import checklists; from integracheck.render.rules import update_readme_checklists as u; p = Path('README.md'); p.write_text(u(p.read_text(encoding='utf-8'), checklists()), encoding='utf-8')"
	mkdir -p docs
	$(BIN)/python -c "from pathlib import Path; from integracheck.api import rules_reference; Path('docs/rules.md').write_text(rules_reference(), encoding='utf-8')"
	$(BIN)/python -c "import datetime as dt, glob; from pathlib import Path; from integracheck.api import weights_reference as w; Path('docs/weights.md').write_text(w(glob.glob('city_profiles/*.yaml'), dt.date(2026, 12, 1)), encoding='utf-8')"

# Rebuild what is stored for fast runs after editing checklists/*.yaml or the models: the
# models' validation schemas and the built-in checklists (tests check both are current). An
# edited checklist also needs a new `version` and `make checklist-versions` (below).
artefacts: $(APP)
	$(BIN)/python -c "from pathlib import Path; from integracheck.loading.schema_store import build_schema_store as b; Path('src/integracheck/artefacts/schemas.json').write_text(b(), encoding='utf-8')"
	$(BIN)/python -c "from pathlib import Path; from integracheck.loading.checklist import built_store as b; Path('src/integracheck/artefacts/checklists.json').write_text(b(), encoding='utf-8')"

# Record each built-in checklist's current version with its fingerprint, after bumping
# `version`, `make artefacts` and a changelog entry (checklists/CHANGELOG.md); refuses a version
# already recorded with other content.
checklist-versions: $(APP)
	$(BIN)/python -c "from pathlib import Path; from integracheck.loading.checklist import load_builtins; from integracheck.loading.checklist_versions import recorded_lock as r; p = Path('src/integracheck/checklists/versions.lock.json'); p.write_text(r(p.read_text(encoding='utf-8') if p.exists() else '{}', load_builtins()), encoding='utf-8')"

clean:
	rm -rf $(VENV) build dist .pytest_cache .mypy_cache .ruff_cache
