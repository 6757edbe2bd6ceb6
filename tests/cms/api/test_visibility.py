"""Drafts, private lessons and another organisation's unpublished work never appear in the
lessons API: not in listings (with any filter), details, search, this week's episode, the
first lessons, or the lessons one lesson links to."""

import pytest

from .conftest import SECRET

pytestmark = pytest.mark.django_db

LISTINGS = [
    "/api/v2/lessons/?limit=50",
    "/api/v2/lessons/?limit=50&grade=p1",
    "/api/v2/lessons/?limit=50&stage=primary",
    "/api/v2/lessons/?limit=50&kind=micro",
    "/api/v2/lessons/?limit=50&kind=first_lesson",
    "/api/v2/lessons/?limit=50&fields=*",
    "/api/v2/lessons/first-lessons/?grade=p1",
    "/api/v2/lessons/first-lessons/",
    "/api/v2/search/?q=秘密",
    "/api/v2/search/?q=课&grade=p1",
    "/api/v2/search/?q=微课",
]


def ids(response) -> set[int]:
    return {item["id"] for item in response.json()["items"]}


@pytest.mark.parametrize("url", LISTINGS)
def test_listings_show_live_public_lessons_only(client, api_site, url):
    response = client.get(url)
    assert response.status_code == 200
    assert not ids(response) & api_site.hidden_ids()
    assert SECRET not in response.content.decode()


def test_the_listing_is_exactly_the_live_public_lessons(client, api_site):
    found = ids(client.get("/api/v2/lessons/?limit=50"))
    assert api_site.live_ids() <= found
    assert not found & api_site.hidden_ids()


def test_a_hidden_lesson_has_no_detail(client, api_site):
    for page in api_site.hidden:
        response = client.get(f"/api/v2/lessons/{page.pk}/")
        assert response.status_code == 404, page.title
        assert response.json() == {"message": "没有这个编号的已发布课程。"}


def test_a_private_lesson_stays_hidden_from_a_signed_in_editor(admin_client, api_site):
    for page in api_site.hidden:
        assert admin_client.get(f"/api/v2/lessons/{page.pk}/").status_code == 404


def test_a_live_lesson_shows_its_published_version_not_its_draft(client, api_site):
    response = client.get(f"/api/v2/lessons/{api_site.edited.pk}/")
    assert response.status_code == 200
    assert response.json()["title"] == "家校协同理念课"


def test_this_weeks_episode_is_the_newest_live_one(client, api_site):
    response = client.get("/api/v2/lessons/this-week/")
    assert response.json()["id"] == api_site.live.episode.pk


def test_no_episode_is_a_404_with_a_message(client, api_site):
    api_site.live.episode.unpublish()
    response = client.get("/api/v2/lessons/this-week/")
    assert response.status_code == 404
    assert response.json() == {"message": "还没有发布任何一期节目。"}


def test_the_first_lessons_leave_out_a_draft_for_the_grade(client, api_site):
    response = client.get("/api/v2/lessons/first-lessons/", {"grade": "p1", "year": "2026"})
    assert ids(response) == {api_site.live.first.pk}
    assert response.json()["meta"]["school_year"] == 2026


def test_linked_lessons_leave_out_drafts(client, api_site):
    steps = client.get(f"/api/v2/lessons/{api_site.live.required.pk}/").json()["steps"]
    linked = [lesson["id"] for lesson in steps[4]["lessons"]]
    assert linked == [api_site.live.micro.pk]
    series = client.get(f"/api/v2/lessons/{api_site.live.series.pk}/").json()
    assert [lesson["id"] for lesson in series["lessons"]] == [api_site.live.micro.pk]


def test_unpublishing_takes_a_lesson_out_at_once(client, api_site):
    micro = api_site.live.micro
    assert client.get(f"/api/v2/lessons/{micro.pk}/").status_code == 200
    micro.unpublish()
    assert client.get(f"/api/v2/lessons/{micro.pk}/").status_code == 404
    assert micro.pk not in ids(client.get("/api/v2/lessons/?limit=50"))
