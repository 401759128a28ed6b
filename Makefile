# The README's commands. Every target creates .venv when it is missing.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run test lint format screenshot bench clean

VENV_OK := $(VENV)/.venv-ok
VENV_HINT := on Debian/Ubuntu install the venv module first: sudo apt-get install python3-venv

# A venv counts only once its pip works: `python3 -m venv` without python3-venv leaves a
# .venv/bin/python behind and fails, so a half-made .venv is removed rather than kept (every
# later run would fail with "No module named pip"). A working .venv is kept as it is.
$(VENV_OK):
	@if ! { [ -x $(BIN)/python ] && $(BIN)/python -m pip --version >/dev/null 2>&1; }; then \
		rm -rf $(VENV); \
		if ! { $(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install --quiet --upgrade pip; }; then \
			rm -rf $(VENV); \
			echo "make: could not create $(VENV) with pip; $(VENV_HINT)" >&2; \
			exit 1; \
		fi; \
	fi
	@touch $@

# Re-installs only when pyproject.toml changed since the last install.
$(STAMP): pyproject.toml | $(VENV_OK)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Scans (image PDFs, PNG/JPEG/TIFF) need the OCR engine, a Debian package: say so, once.
install: $(STAMP)
	@command -v $${REDACT_TESSERACT:-tesseract} >/dev/null || echo "make: OCR needs Tesseract: install the Debian package tesseract-ocr (sudo apt-get install tesseract-ocr)" >&2

run: install
	$(BIN)/redact-studio

test: install
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -n 2 --dist loadfile --durations=15 $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python benchmarks/accuracy.py
	$(BIN)/python benchmarks/throughput.py

# The README's screenshot: the main window with a sample CV, under Xvfb when it is installed.
screenshot: install
	@if command -v xvfb-run >/dev/null; then \
		xvfb-run -a -s "-screen 0 1600x1000x24" $(BIN)/python -m desktop.screenshot docs/screenshot.png; \
	else \
		QT_QPA_PLATFORM=offscreen $(BIN)/python -m desktop.screenshot docs/screenshot.png; \
	fi

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
