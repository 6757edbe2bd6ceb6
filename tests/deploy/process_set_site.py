"""What the process set (tests/process_set/) holds for tests/deploy: an editor, a published
lesson and a scheduled one (SETUP, run in the set's shell by conftest.py), the origin its
media allow; and a request through its nginx."""

import requests

GO_LIVE_AFTER = 10  # seconds from the set-up to the scheduled lesson's go-live time
CORS_ORIGIN = "https://parents.example.cn"
ADMIN = "deploy-admin"


SETUP = """
import json
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from tests.factories import ConceptLessonFactory, city

get_user_model().objects.create_superuser({admin!r}, "admin@example.cn", {password!r})
city()
now = ConceptLessonFactory(title="已发布的课", grades=["p1"], stages=["primary"])
later = ConceptLessonFactory(
    title="定时发布的课", grades=["p1"], stages=["primary"], live=False, first_published_at=None
)
later.go_live_at = timezone.now() + timedelta(seconds={after})
later.save_revision().publish()
later.refresh_from_db()
assert not later.live and later.go_live_at
print(json.dumps({{"now": now.get_url(), "now_id": now.pk, "later": later.get_url(),
                   "go_live": later.go_live_at.timestamp()}}))
"""


def get(ps, path, **headers):
    return requests.get(ps.url + path, headers=headers, timeout=30)
