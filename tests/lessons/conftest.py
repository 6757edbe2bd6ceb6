"""Fixtures shared by modules of tests/lessons."""

from .certificates import first, three_stars  # noqa: F401 - the certificate tests' fixtures
