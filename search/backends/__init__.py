"""Search backends that extend modelsearch's with Chinese analysis (see search.analysis).

`search.backends.database` picks SQLite FTS5 or PostgreSQL by the default database's vendor;
`search.backends.elasticsearch` is the production backend.
"""
