"""The lessons API for mini-programs and partner apps (/api/v2/, docs/api.md): Wagtail's
API v2, read only, published public lessons only."""
