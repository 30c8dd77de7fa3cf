# mdtdesk: `make run` opens the app on a demo database; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEMO_DB ?= demo.db
FORMS := $(patsubst ui/%.ui,mdtdesk/gui/forms/ui_%.py,$(wildcard ui/*.ui))

.PHONY: run test lint format bench forms demo clean installer installer-test installer-windows-check

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || \
		{ echo "mdtdesk needs Python 3.11 (found: $$($(PYTHON) --version 2>&1)). Set PYTHON=/path/to/python3.11."; exit 1; }
	@$(PYTHON) -m venv $(VENV) || \
		{ rm -rf $(VENV); echo "Cannot create a virtual environment. On Debian/Ubuntu: sudo apt install python3.11-venv"; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

run: $(VENV)/.installed
	@test -e $(DEMO_DB) || $(BIN)/mdtdesk demo --db $(DEMO_DB)
	$(BIN)/mdtdesk --db $(DEMO_DB)

demo: $(VENV)/.installed
	$(BIN)/mdtdesk demo --db $(DEMO_DB)

test: $(VENV)/.installed-test
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The performance suite: each benchmark prints its figures and fails when a budget is missed.
bench: $(VENV)/.installed-test
	QT_QPA_PLATFORM=$${QT_QPA_PLATFORM:-offscreen} $(BIN)/python -m benchmarks

# The installer for this platform (installer/build.py): on Linux dist/mdtdesk-VERSION-linux-x86_64.tar.gz.
# installer-test builds it, then runs the frozen program with no Python (slow: not part of test).
installer: $(VENV)/.installed
	@$(BIN)/python -c 'import PyInstaller' 2>/dev/null || $(BIN)/pip install --quiet -e ".[installer]"
	$(BIN)/python installer/build.py

installer-test: $(VENV)/.installed
	@$(BIN)/python -c 'import PyInstaller' 2>/dev/null || $(BIN)/pip install --quiet -e ".[installer]"
	$(BIN)/python installer/build.py --test

# The Windows installer script compiled by makensis against a dummy build (Linux: apt install nsis).
installer-windows-check:
	installer/windows/check-nsis.sh

# Regenerate the Python forms from the Designer files in ui/.
forms: $(FORMS)
mdtdesk/gui/forms/ui_%.py: ui/%.ui $(VENV)/.installed
	$(BIN)/pyside6-uic $< -o $@

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .ruff_cache
