"""Search benchmark: `.venv/bin/python -m bench.search` (see __main__.py)."""
