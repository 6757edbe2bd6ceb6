# Two commands for a fresh machine (see README):
#   make demo   set up and run the platform with demo content at http://127.0.0.1:8000
#   make test   run the test suite (needs PostgreSQL; .ci/run starts it)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test setup lint worker beat clean-demo fonts

# Handout PDFs (WeasyPrint) need Pango and a Chinese font: installed here on Debian as root,
# otherwise a warning says what to install.
PDF_APT := fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0
fonts:
	@if fc-list :lang=zh 2>/dev/null | grep -q . && ldconfig -p | grep -q libpangoft2; then :; \
	elif command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(PDF_APT) >/dev/null \
	  || { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q $(PDF_APT); }; \
	else echo "warning: handout PDFs need: apt-get install $(PDF_APT)"; fi

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $(STAMP)

setup: $(STAMP) fonts

demo: $(STAMP) fonts
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py run_scheduler & scheduler=$$!; \
	$(BIN)/python manage.py run_media_jobs & jobs=$$!; \
	trap 'kill $$scheduler $$jobs' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP) fonts
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/pip install --quiet ruff
	$(BIN)/ruff check . --exclude $(VENV)
	$(BIN)/ruff format --check . --exclude $(VENV)

worker: $(STAMP)
	$(BIN)/celery -A cms worker -l info

beat: $(STAMP)
	$(BIN)/celery -A cms beat -l info

clean-demo:
	rm -f db.sqlite3
	rm -rf media private
