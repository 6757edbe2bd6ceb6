"""Parents' feedback (issue 19): whether a lesson helped (votes.py), complaints and
suggestions (suggestions.py), video play counts (plays.py), and the admin where editors
review comments and the city's editors answer suggestions (admin_views.py).

Parents post anonymously from pages that are cached publicly and identical for everyone,
so the endpoints take no CSRF token; they check what they are sent instead (checks.py),
and store counts per lesson per ISO week (counters.py) and the texts parents chose to write.
"""
