"""A throwaway SQLite site for suites that run the embedded (demo) settings in a subprocess."""

import os
import shutil
import tempfile


def private_sqlite(prefix: str):
    """Point the dev settings at a SQLite file in a directory of its own (mkdtemp: no other
    run's /tmp cleanup can delete it mid-run); return the cleanup."""
    directory = tempfile.mkdtemp(prefix=prefix)
    os.environ["DJANGO_SETTINGS_MODULE"] = "cms.settings.dev"
    os.environ["SQLITE_PATH"] = os.path.join(directory, "db.sqlite3")
    return lambda: shutil.rmtree(directory, ignore_errors=True)
