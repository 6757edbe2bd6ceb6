"""Transcoding benchmark: `.venv/bin/python -m bench.transcode` (see __main__.py)."""
