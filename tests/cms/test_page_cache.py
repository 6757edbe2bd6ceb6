"""The page cache (cms/page_cache.py) and its purges (cms/purging.py), through the site's
own middleware stack and Wagtail's publishing, as parents and editors reach them."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.page_cache import HEADER, PageCacheMiddleware, purge_paths
from lessons.models import Grade, Topic
from tests.factories import (
    ConceptLessonFactory,
    EpisodeFactory,
    FirstLessonFactory,
    MicroLessonFactory,
    RequiredLessonFactory,
    SelfStudySeriesFactory,
    UserFactory,
    city,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def fetch(client, url, **extra):
    response = client.get(url, **extra)
    return response, response.get(HEADER)


def publish(page, committed, **changes):
    """An editor's publish: a new revision with the changes, published, committed."""
    for name, value in changes.items():
        getattr(page, name).set(value) if name in {"grades", "topics"} else setattr(
            page, name, value
        )
    with committed(execute=True):
        page.save_revision().publish()


def test_second_request_is_a_hit_without_queries(client):
    city()
    ConceptLessonFactory(title="家风家教", grades=["p1"], stages=["primary"])
    first, state = fetch(client, "/grade/p1/")
    assert state == "miss"
    with CaptureQueriesContext(connection) as queries:
        second, state = fetch(client, "/grade/p1/", HTTP_ACCEPT_ENCODING="br")
    assert state == "hit"
    assert len(queries) == 0
    assert second["Content-Encoding"] == "br"  # compressed on the way out, as a miss is
    assert "Content-Security-Policy" in second  # headers above the cache on every response
    uncompressed, _ = fetch(client, "/grade/p1/")
    assert uncompressed.content == first.content
    assert "家风家教" in first.content.decode()


def test_a_lesson_page_is_cached_and_served_again(client):
    city()
    lesson = MicroLessonFactory(title="睡前十分钟")
    assert fetch(client, lesson.url)[1] == "miss"
    assert fetch(client, lesson.url)[1] == "hit"


def test_signed_in_editors_and_private_pages_pass_by(client):
    city()
    editor = UserFactory(username="editor", is_superuser=True)
    client.force_login(editor)
    assert fetch(client, "/grade/p1/")[1] is None
    assert fetch(client, "/grade/p1/")[1] is None
    client.logout()
    client.cookies.pop("sessionid", None)
    # The home page depends on the grade cookie: private, never stored.
    assert fetch(client, "/")[1] is None
    assert fetch(client, "/")[1] is None


def test_query_strings_other_than_the_page_number_pass_by(client):
    city()
    for n in range(25):
        MicroLessonFactory(title=f"微课{n}", grades=["p1"], stages=["primary"])
    url = "/grade/p1/kind/micro/"
    assert fetch(client, url + "?page=2")[1] == "miss"
    assert fetch(client, url + "?page=2")[1] == "hit"
    assert fetch(client, url)[1] == "miss"  # another page of the list, another entry
    assert fetch(client, url + "?page=2&x=1")[1] is None
    assert fetch(client, url + f"?page=2&nonce={'9' * 20}")[1] is None


def test_publishing_a_lesson_purges_its_grades_not_others(
    client, django_capture_on_commit_callbacks
):
    city()
    lesson = ConceptLessonFactory(title="旧标题", grades=["p1"], stages=["primary"])
    for url in ("/grade/p1/", "/grade/p3/", "/grade/", lesson.url):
        fetch(client, url)
        assert fetch(client, url)[1] == "hit"
    publish(lesson, django_capture_on_commit_callbacks, title="新标题")
    response, state = fetch(client, "/grade/p1/")
    assert state == "miss" and "新标题" in response.content.decode()
    page, state = fetch(client, lesson.url)
    assert state == "miss" and "新标题" in page.content.decode()
    assert fetch(client, "/grade/")[1] == "miss"
    assert fetch(client, "/grade/p3/")[1] == "hit"  # not a page the lesson is on


def test_a_changed_audience_purges_the_old_and_the_new_grades(
    client, django_capture_on_commit_callbacks
):
    city()
    topic = Topic.objects.create(name="亲子沟通")
    lesson = ConceptLessonFactory(title="好好说话", grades=["p1"], stages=["primary"])
    lesson.topics.add(topic)
    lesson.save()
    old_topic_list = f"/grade/p1/topic/{topic.pk}/"
    for url in ("/grade/p1/", "/grade/p2/", old_topic_list, "/grade/p1/kind/concept/"):
        fetch(client, url)
    publish(
        lesson,
        django_capture_on_commit_callbacks,
        grades=list(Grade.objects.filter(code="p2")),
        topics=[],
    )
    p1, state = fetch(client, "/grade/p1/")
    assert state == "miss" and "好好说话" not in p1.content.decode()
    p2, state = fetch(client, "/grade/p2/")
    assert state == "miss" and "好好说话" in p2.content.decode()
    topic_list, state = fetch(client, old_topic_list)
    assert state == "miss" and "好好说话" not in topic_list.content.decode()
    assert fetch(client, "/grade/p1/kind/concept/")[1] == "miss"


def test_unpublishing_purges_the_page_and_its_lists(client, django_capture_on_commit_callbacks):
    city()
    lesson = ConceptLessonFactory(title="将下线的课", grades=["p1"], stages=["primary"])
    url = lesson.url
    fetch(client, url)
    fetch(client, "/grade/p1/")
    with django_capture_on_commit_callbacks(execute=True):
        lesson.unpublish()
    assert client.get(url).status_code == 404
    response, state = fetch(client, "/grade/p1/")
    assert state == "miss" and "将下线的课" not in response.content.decode()


def test_deleting_purges(client, django_capture_on_commit_callbacks):
    city()
    lesson = ConceptLessonFactory(title="将删除的课", all_stages=True)
    url = lesson.url
    fetch(client, url)
    fetch(client, "/grade/k1/")
    with django_capture_on_commit_callbacks(execute=True):
        lesson.delete()
    assert client.get(url).status_code == 404
    assert "将删除的课" not in client.get("/grade/k1/").content.decode()


def test_moving_purges_the_old_address(client, django_capture_on_commit_callbacks):
    city()
    lesson = MicroLessonFactory(title="搬家的课", all_stages=True)
    series = SelfStudySeriesFactory(title="新系列")
    old_url = lesson.url
    fetch(client, old_url)
    assert fetch(client, old_url)[1] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        lesson.move(series, pos="last-child")
    lesson.refresh_from_db()
    moved = client.get(old_url)  # not the cached page: Wagtail's redirect to the new address
    assert moved.status_code == 301 and moved["Location"] == lesson.url
    assert fetch(client, lesson.url)[0].status_code == 200


def test_a_scheduled_publish_by_beat_purges(client, django_capture_on_commit_callbacks):
    city()
    lesson = ConceptLessonFactory(title="定时发布前", grades=["p1"], stages=["primary"])
    fetch(client, lesson.url)
    lesson.title = "定时发布后"
    lesson.go_live_at = timezone.now() - timezone.timedelta(seconds=1)
    lesson.save_revision(approved_go_live_at=lesson.go_live_at)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("publish_scheduled")
    response, state = fetch(client, lesson.url)
    assert state == "miss" and "定时发布后" in response.content.decode()


def test_an_episode_purges_every_grade_page_and_the_feed(
    client, django_capture_on_commit_callbacks
):
    city()
    episode = EpisodeFactory(title="第一期")
    feed = reverse("episode_feed")
    for url in ("/grade/p1/", "/grade/j3/", feed):
        fetch(client, url)
        assert fetch(client, url)[1] == "hit"
    publish(episode, django_capture_on_commit_callbacks, title="第一期（修订）")
    for url in ("/grade/p1/", "/grade/j3/", feed):
        response, state = fetch(client, url)
        assert state == "miss", url


def test_an_editor_publishing_in_the_admin_purges(client, django_capture_on_commit_callbacks):
    city()
    lesson = MicroLessonFactory(title="后台发布前", grades=["p1"], stages=["primary"])
    fetch(client, "/grade/p1/")
    editor = UserFactory(username="admin", is_superuser=True, is_staff=True)
    admin = type(client)()
    admin.force_login(editor)
    form = nested_form_data(
        {
            "title": "后台发布后",
            "slug": lesson.slug,
            "summary": lesson.summary,
            "body": streamfield([]),
            "key_points": streamfield([]),
            "transcript": "",
            "comments": inline_formset([]),
            "action-publish": "1",
        }
    )
    form.update(stages=["primary"], grades=["p1"])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(reverse("wagtailadmin_pages:edit", args=[lesson.pk]), form)
    assert response.status_code == 302, (
        getattr(response.context.get("form"), "errors", None) if response.context else None
    )
    page, state = fetch(client, "/grade/p1/")
    assert state == "miss" and "后台发布后" in page.content.decode()


def test_a_page_rendered_across_a_purge_is_not_served_afterwards(rf):
    """The purge lands while the view renders from data read before it: what the view
    returns must not be what the next parent gets."""
    from django.http import HttpResponse

    renders = []

    def view(request):
        renders.append(1)
        if len(renders) == 1:
            purge_paths(["/grade/p1/"])  # an editor publishes mid-render
        response = HttpResponse(f"render {len(renders)}")
        response["Cache-Control"] = "public, max-age=300, s-maxage=600"
        return response

    middleware = PageCacheMiddleware(view)
    assert middleware(rf.get("/grade/p1/")).content == b"render 1"
    assert middleware(rf.get("/grade/p1/")).content == b"render 2"  # render 1 was dropped
    assert middleware(rf.get("/grade/p1/")).content == b"render 2"
    assert len(renders) == 2


def test_every_public_page_type_is_a_hit_without_queries(client):
    city()
    series = SelfStudySeriesFactory(title="入学准备", stages=["primary"])
    micro = MicroLessonFactory(parent=series, title="整理书包", stages=["primary"])
    required = RequiredLessonFactory(title="幼小衔接", grades=["p1"], stages=["primary"])
    concept = ConceptLessonFactory(title="家校共育", all_stages=True)
    episode = EpisodeFactory(title="第一期")
    first = FirstLessonFactory(title="开学第一课", all_stages=True)
    urls = [
        "/grade/",
        "/grade/p1/",
        "/grade/p1/kind/micro/",
        "/stage/primary/",
        reverse("episode_feed"),
        concept.get_parent().url,  # the section
        episode.get_parent().url,  # the cloud classroom's archive
        first.get_parent().url,  # the first lessons' programme
        *(page.url for page in (series, micro, required, concept, episode, first)),
    ]
    for url in urls:
        first_response, state = fetch(client, url)
        assert (first_response.status_code, state) == (200, "miss"), url
        with CaptureQueriesContext(connection) as queries:
            again, state = fetch(client, url)
        assert (state, len(queries)) == ("hit", 0), url
        assert again.content == first_response.content


def test_a_new_site_address_purges_every_page(client, django_capture_on_commit_callbacks):
    """setup_site --url (or the admin's Sites) changes every absolute link: the feed's too."""
    from wagtail.models import Site

    city()
    EpisodeFactory(title="第一期")
    feed = reverse("episode_feed")
    for url in (feed, "/grade/p1/"):
        fetch(client, url)
        assert fetch(client, url)[1] == "hit"
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "jzxx.example.cn", 443
    with django_capture_on_commit_callbacks(execute=True):
        site.save()
    response, state = fetch(client, feed)
    assert state == "miss" and "https://jzxx.example.cn/" in response.content.decode()
    assert fetch(client, "/grade/p1/")[1] == "miss"
