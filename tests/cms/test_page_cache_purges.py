"""The page cache's purges (cms/purging.py), through the site's own middleware stack and
Wagtail's publishing, as editors reach them: what they change is not served from the cache
afterwards, and what they do not change still is."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.page_cache import PageCacheMiddleware, purge_paths
from lessons.models import Grade, Topic
from tests.factories import (
    ConceptLessonFactory,
    EpisodeFactory,
    MicroLessonFactory,
    SelfStudySeriesFactory,
    UserFactory,
    city,
)

from .page_cache_fetch import fetch

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]  # conftest.py


def publish(page, committed, **changes):
    """An editor's publish: a new revision with the changes, published, committed."""
    for name, value in changes.items():
        getattr(page, name).set(value) if name in {"grades", "topics"} else setattr(
            page, name, value
        )
    with committed(execute=True):
        page.save_revision().publish()


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


@pytest.fixture
def take_down(client, django_capture_on_commit_callbacks):
    """take_down(lesson, grade_url, action): the lesson's page and a grade page listing it
    are cached, then `action` runs (with its on-commit purges): the lesson's page is gone."""

    def cached_then_taken_down(lesson, grade_url, action):
        url = lesson.url
        fetch(client, url)
        fetch(client, grade_url)
        with django_capture_on_commit_callbacks(execute=True):
            action()
        assert client.get(url).status_code == 404

    return cached_then_taken_down


def test_unpublishing_purges_the_page_and_its_lists(client, take_down):
    city()
    lesson = ConceptLessonFactory(title="将下线的课", grades=["p1"], stages=["primary"])
    take_down(lesson, "/grade/p1/", lesson.unpublish)
    response, state = fetch(client, "/grade/p1/")
    assert state == "miss" and "将下线的课" not in response.content.decode()


def test_unpublishing_purges_the_embedded_player_and_the_grade_feed(client, take_down):
    city()
    lesson = ConceptLessonFactory(title="将下线的课", grades=["p1"], stages=["primary"])
    embed, feed = reverse("lesson_embed", args=[lesson.pk]), reverse("grade_feed", args=["p1"])
    for url in (embed, feed):
        fetch(client, url)
        assert fetch(client, url)[1] == "hit"
    take_down(lesson, "/grade/p1/", lesson.unpublish)
    assert client.get(embed).status_code == 404
    response, state = fetch(client, feed)
    assert state == "miss" and "将下线的课" not in response.content.decode()


def test_deleting_purges(client, take_down):
    city()
    lesson = ConceptLessonFactory(title="将删除的课", all_stages=True)
    take_down(lesson, "/grade/k1/", lesson.delete)
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
