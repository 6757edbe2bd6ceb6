# Two commands for a fresh machine (see README):
#   make demo   set up and run the platform with demo content at http://127.0.0.1:8000
#   make test   run the test suite (needs PostgreSQL; .ci/run starts it)

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test setup lint worker beat clean-demo packages

# System packages (ffmpeg, a Chinese font and Pango for the handout PDFs; for `setup` also
# gettext) come from one list shared with .ci/run and the Dockerfile: deploy/packages.sh.
# As root with apt-get it installs what is missing; otherwise it names the packages and the
# target stops (exit 1). Not on Debian? Install them yourself and pass SYSTEM_PACKAGES=.
SYSTEM_PACKAGES ?= runtime
packages:
	@[ -z "$(strip $(SYSTEM_PACKAGES))" ] || bash deploy/packages.sh install $(SYSTEM_PACKAGES)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $(STAMP)

setup: SYSTEM_PACKAGES := runtime build
setup: packages $(STAMP)

demo: packages $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py run_scheduler & scheduler=$$!; \
	$(BIN)/python manage.py run_media_jobs & jobs=$$!; \
	trap 'kill $$scheduler $$jobs' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: packages $(STAMP)
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
