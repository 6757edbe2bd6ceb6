"""Search snippets are escaped exactly once, and what a shared cache may keep is the same
for every visitor (issue 14, finding 7)."""

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.utils.cache import get_max_age

from tests.factories import ConceptLessonFactory, RequiredLessonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    return ConceptLessonFactory(
        title="亲子共读",
        summary="每天二十分钟。",
        body=[("paragraph", "<p>家长 &amp; 孩子一起读书，&lt;不是&gt;任务。</p>")],
    )


def _hit_snippet(client):
    response = client.get("/search/", {"q": "读书", "grade": ""})
    assert response.status_code == 200
    (hit,) = BeautifulSoup(response.content, "html.parser").select("ol.hits li p")
    return hit


def test_a_snippet_from_rich_text_shows_an_ampersand_once_escaped(client, lesson):
    hit = _hit_snippet(client)
    assert hit.get_text() == "家长 & 孩子一起读书，<不是>任务。"
    assert "&amp;amp;" not in str(hit) and "&amp;lt;" not in str(hit)
    assert [m.get_text() for m in hit.find_all("mark")] == ["读书"]


def test_the_api_snippet_is_html_escaped_once(client, lesson):
    (result,) = client.get("/api/search/", {"q": "读书"}).json()["results"]
    assert result["snippet"] == "家长 &amp; 孩子一起<mark>读书</mark>，&lt;不是&gt;任务。"


def test_markup_typed_into_a_summary_is_text_in_the_snippet(client):
    ConceptLessonFactory(title="读书", summary="<img src=x onerror=alert(1)>读书 & 写字")
    hit = _hit_snippet(client)
    assert hit.find("img") is None and "onerror" not in str(hit).replace("&lt;", "")


def _shared_cache_may_keep(response) -> bool:
    control = response.get("Cache-Control", "")
    return "public" in control and "private" not in control and "no-cache" not in control


@pytest.mark.parametrize(
    "url",
    [
        "/", "/grade/", "/grade/p3/", "/stage/primary/", "/search/", "/search/?q=阅读",
        "/search/?q=阅读&grade=", "/search/?q=阅读&grade=p1", "/api/search/?q=阅读",
    ],
)  # fmt: skip
def test_what_a_cdn_may_keep_is_the_same_with_and_without_the_grade_cookie(client, url):
    """A CDN keys on the URL (our responses never say Vary: Cookie): a response it may keep
    must be what every visitor gets, cookie or not."""
    RequiredLessonFactory(title="阅读习惯", stages=["primary"], grades=["p3"])
    without = client.get(url)
    client.cookies[settings.GRADE_COOKIE_NAME] = "p3"
    with_cookie = client.get(url)
    for response in (without, with_cookie):
        assert "Cookie" not in response.get("Vary", "")
        if _shared_cache_may_keep(response):
            assert get_max_age(response) > 0
            assert (without.status_code, without.content, without.get("Location")) == (
                with_cookie.status_code,
                with_cookie.content,
                with_cookie.get("Location"),
            )


def test_a_search_link_without_a_grade_is_not_kept_by_a_cdn(client):
    response = client.get("/search/", {"q": "阅读"})
    assert response.status_code == 200
    assert not _shared_cache_may_keep(response)
    assert "private" in response["Cache-Control"]


def test_a_search_from_the_form_is_kept_by_a_cdn(client):
    response = client.get("/search/", {"q": "阅读", "grade": "p1", "kind": "", "topic": ""})
    assert _shared_cache_may_keep(response)
