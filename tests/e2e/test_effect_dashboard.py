"""效果追踪 in the admin: the city's editor opens it from the menu, sees the weekly chart with a
small week masked, and opens the CSV link (the browser's own session fetches it)."""

import csv
import io

import pytest

from lessons.feedback.counters import week_of
from lessons.models import PlayCounts
from tests.factories import ConceptLessonFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

FETCH = """
const done = arguments[arguments.length - 1];
fetch(arguments[0], {credentials: "same-origin"})
  .then((r) => r.text().then((text) => done([r.status, r.headers.get("content-type"), text])))
  .catch((e) => done([0, "", String(e)]));
"""


def test_the_city_editor_opens_effect_tracking_and_its_csv(admin, login_as, users, orgs):
    lesson = ConceptLessonFactory(parent=orgs["shiyan"].section, title="好好说话")
    PlayCounts.objects.create(lesson=lesson, week=week_of(), started=12, completed=3)
    login_as(users["city_editor"])

    admin.get("/admin/")
    admin.click("a[href='/admin/effect/']")  # 效果追踪 in the menu
    chart = admin.visible("svg#effect-plays")
    assert chart.get_attribute("role") == "img"
    masked = admin.find(f"rect[data-week='{week_of()}'][data-series=completed]", chart)
    assert masked.get_attribute("data-masked") == "true"
    assert "好好说话" in admin.text()

    link = admin.find("a[data-effect-csv]")
    status, content_type, text = admin.driver.execute_async_script(
        FETCH, link.get_attribute("href")
    )
    assert status == 200 and content_type.startswith("text/csv")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert [row[1:] for row in rows[1:]] == [
        ["好好说话", week_of().isoformat(), "12", "<5", "0", "0", "0"]
    ]
