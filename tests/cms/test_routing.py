"""Routing from the site root in two queries (lessons.models.routing) decides every path as
Wagtail's Page.route does: drafts, unknown segments, private sections, sub-routes."""

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from lessons.models import LessonPage, SectionPage
from tests.factories import (
    MicroLessonFactory,
    RequiredLessonFactory,
    SelfStudySeriesFactory,
    city,
    school,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    home = city().section
    shiyan = school("第一实验小学", "shiyan").section
    series = SelfStudySeriesFactory(title="入学准备", stages=["primary"])
    pages = {
        "section": home,
        "school": shiyan,
        "series": series,
        "micro": MicroLessonFactory(parent=series, title="整理书包", stages=["primary"]),
        "draft": MicroLessonFactory(parent=series, title="草稿", live=False),
        "deep": RequiredLessonFactory(parent=shiyan, title="幼小衔接", stages=["primary"]),
    }
    return pages


def site_root():
    return Site.objects.get(is_default_site=True).root_page.specific


def wagtail_route(request, path):
    """What Page.route (one query per segment) decides: the page's pk, or 404."""
    components = [c for c in path.split("/") if c]
    try:
        return Page.route(site_root(), request, components).page.pk
    except Http404:
        return 404


def our_route(request, path):
    components = [c for c in path.split("/") if c]
    try:
        result = site_root().route(request, components)
    except Http404:
        return 404
    assert isinstance(result, RouteResult)
    return result.page.pk


def test_every_path_is_decided_as_wagtail_decides_it(tree, rf):
    paths = ["/", "/nowhere/", "/city/nowhere/", "/city/shiyan/"]
    for page in Page.objects.filter(depth__gt=2):
        paths += [page.url_path.removeprefix("/home"), page.url_path.removeprefix("/home") + "x/"]
    SectionPage.objects.filter(pk=tree["school"].pk).update(live=False)  # a draft on the way
    for path in paths:
        request = rf.get(path)
        assert our_route(request, path) == wagtail_route(request, path), path


def test_the_page_found_is_specific_and_the_cost_does_not_grow_with_depth(tree, rf):
    counts = {}
    for name in ("section", "deep"):
        path = tree[name].url_path.removeprefix("/home")
        root = site_root()
        with CaptureQueriesContext(connection) as queries:
            page = root.route(rf.get(path), [c for c in path.split("/") if c]).page
        assert type(page) is type(tree[name]) and page.pk == tree[name].pk
        counts[name] = len(queries)
    assert counts == {"section": 2, "deep": 2}


def test_a_draft_is_not_found_but_its_live_descendants_are(client, tree):
    assert client.get(tree["draft"].url_path.removeprefix("/home")).status_code == 404
    LessonPage.objects.filter(pk=tree["series"].pk).update(live=False)
    assert client.get(tree["series"].url_path.removeprefix("/home")).status_code == 404
    assert client.get(tree["micro"].url_path.removeprefix("/home")).status_code == 200


def test_unknown_segments_and_paths_below_a_lesson_are_not_found(client, tree):
    assert client.get("/city/no-such-page/").status_code == 404
    assert client.get(tree["micro"].url + "more/").status_code == 404
    assert client.get("/" + "x/" * 40).status_code == 404


def test_a_path_without_its_trailing_slash_is_redirected(client, tree):
    response = client.get(tree["deep"].url.rstrip("/"))
    assert response.status_code == 301 and response.headers["Location"] == tree["deep"].url


def test_a_private_section_keeps_parents_out_of_it_and_its_lessons(client, tree):
    PageViewRestriction.objects.create(page=tree["school"], restriction_type="login")
    for page in (tree["school"], tree["deep"]):
        response = client.get(page.url)
        assert response.status_code == 302 and "/login/" in response.headers["Location"]
        assert "no-cache" in response.headers["Cache-Control"]
    public = client.get(tree["micro"].url)
    assert public.status_code == 200 and "public" in public.headers["Cache-Control"]


def test_a_password_protected_lesson_asks_for_the_password(client, tree):
    PageViewRestriction.objects.create(
        page=tree["micro"], restriction_type="password", password="家长学校"
    )
    response = client.get(tree["micro"].url)
    assert response.status_code == 200 and b'name="password"' in response.content
    assert "private" in response.headers["Cache-Control"]


def test_a_signed_in_editor_sees_a_private_lesson_served_privately(client, tree):
    from tests.factories import UserFactory

    PageViewRestriction.objects.create(page=tree["school"], restriction_type="login")
    client.force_login(UserFactory())
    response = client.get(tree["deep"].url)
    assert response.status_code == 200
    assert "private" in response.headers["Cache-Control"]


def test_private_lessons_are_listed_nowhere_public(client, tree):
    PageViewRestriction.objects.create(page=tree["school"], restriction_type="login")
    for url in ("/grade/p1/", "/grade/p1/kind/required/", "/stage/primary/", "/city/"):
        html = client.get(url).content.decode()
        assert "幼小衔接" not in html, url
    assert set(LessonPage.objects.for_parents()) == set(LessonPage.objects.live().public())


def test_a_page_type_with_sub_routes_gets_the_rest_of_the_path(client, tree, monkeypatch):
    seen = []

    def route(self, request, path_components):
        seen.append((self.pk, list(path_components)))
        if path_components == ["feed"]:
            return RouteResult(self, kwargs={})
        return Page.route(self, request, path_components)

    monkeypatch.setattr(SectionPage, "route", route)
    assert client.get("/city/feed/").status_code == 200
    assert seen == [(tree["section"].pk, ["feed"])]
    assert client.get(tree["series"].url).status_code == 200  # the section walks on
