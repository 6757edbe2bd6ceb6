"""The weekly cloud classroom: numbering, this week's episode, neighbours, the audio feed."""

import threading
from datetime import date, timedelta
from urllib.parse import urlsplit

import feedparser
import pytest
from django.conf import settings
from django.db import connection, transaction

from lessons.models import CloudClassroomEpisode
from lessons.programmes.episodes import this_weeks_episode
from media_pipeline import pipeline
from media_pipeline.ingest import ingest_file
from tests.factories import EpisodeFactory, cloud_classroom
from tests.media_pipeline import clips


@pytest.mark.django_db
def test_episodes_are_numbered_in_order():
    numbers = [EpisodeFactory(title=f"第{n}期").number for n in range(3)]
    assert numbers == [1, 2, 3]


@pytest.mark.django_db
def test_drafts_take_a_number_too_so_nothing_is_reused():
    EpisodeFactory(live=False)
    assert EpisodeFactory().number == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_creation_never_duplicates_a_number():
    programme = cloud_classroom()
    barrier = threading.Barrier(2)
    errors = []

    def create(title):
        try:
            with transaction.atomic():
                barrier.wait(timeout=10)
                EpisodeFactory(title=title, parent=programme)
        except Exception as exc:  # noqa: BLE001 - reported to the main thread below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create, args=(f"并发{n}",)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    numbers = sorted(CloudClassroomEpisode.objects.values_list("number", flat=True))
    assert numbers == [1, 2]


@pytest.mark.django_db
def test_this_weeks_episode_is_the_newest_live_one(rf):
    EpisodeFactory(title="上一期", air_date=date.today() - timedelta(days=7))
    EpisodeFactory(title="本周", air_date=date.today())
    EpisodeFactory(title="下周（草稿）", live=False)
    assert this_weeks_episode(rf.get("/")).title == "本周"


@pytest.mark.django_db
@pytest.mark.parametrize("grade", ["k1", "p3", "j2", "s3"])
def test_every_grade_page_shows_this_weeks_episode(client, grade):
    EpisodeFactory(title="孩子焦虑，家长先稳住", stages=["junior"])
    html = client.get(f"/grade/{grade}/").content.decode()
    assert "本周网上云课堂" in html and "孩子焦虑，家长先稳住" in html


@pytest.mark.django_db
def test_episode_page_links_previous_and_next(client):
    first, second, third = (EpisodeFactory(title=f"第{n}讲") for n in (1, 2, 3))
    html = client.get(second.url).content.decode()
    assert "第 2 期" in html
    assert f'href="{first.url}"' in html and f'href="{third.url}"' in html


@pytest.mark.django_db
def test_feed_parses_and_points_at_the_broadcast_audio(client, tmp_path):
    media = ingest_file(clips.audio_only(tmp_path / "第1期.m4a", seconds=4), "第1期音频")
    assert pipeline.transcode(media.pk) == "done"
    EpisodeFactory(title="双减之后怎样陪伴", video=media)
    EpisodeFactory(title="没有音频的一期")  # not in the feed: nothing to broadcast

    response = client.get("/cloud-classroom/feed.xml")
    assert response.status_code == 200 and "public" in response.headers["Cache-Control"]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title == "网上云课堂 · 点亮千万家"
    (entry,) = feed.entries
    assert entry.title == "第 1 期：双减之后怎样陪伴"
    assert entry.itunes_episode == "1"
    (enclosure,) = entry.enclosures
    assert enclosure.type == "audio/mpeg"
    path = settings.MEDIA_ROOT + urlsplit(enclosure.href).path.removeprefix(settings.MEDIA_URL[:-1])
    with open(path, "rb") as fh:
        data = fh.read()
    assert int(enclosure.length) == len(data)
    assert data[:3] == b"ID3" or data[0] == 0xFF  # an MP3 file


@pytest.mark.django_db
def test_scheduled_episode_goes_live_at_its_time_through_the_beat_task():
    from datetime import datetime
    from datetime import time as clock
    from zoneinfo import ZoneInfo

    import time_machine

    from cms.celery import app

    shanghai = ZoneInfo("Asia/Shanghai")
    go_live = datetime(2026, 12, 4, 19, 0, tzinfo=shanghai)
    with time_machine.travel(datetime(2026, 11, 27, 9, 0, tzinfo=shanghai), tick=False):
        episode = EpisodeFactory(title="下周的节目", live=False, air_date=go_live.date())
        episode.go_live_at = go_live
        episode.save_revision().publish()
        episode.refresh_from_db()
        assert not episode.live  # scheduled, not published

    app.loader.import_default_modules()  # what a worker does at start: autodiscover tasks
    entry = settings.CELERY_BEAT_SCHEDULE["publish-scheduled-pages"]
    task = app.tasks[entry["task"]]
    with time_machine.travel(datetime.combine(go_live.date(), clock(18, 59), shanghai), tick=False):
        task.apply().get()
        episode.refresh_from_db()
        assert not episode.live
    with time_machine.travel(datetime.combine(go_live.date(), clock(19, 1), shanghai), tick=False):
        task.apply().get()
        episode.refresh_from_db()
        assert episode.live


@pytest.mark.django_db
def test_archive_groups_episodes_by_school_year_and_term(client):
    EpisodeFactory(title="秋季第一期", air_date=date(2026, 9, 12))
    EpisodeFactory(title="一月的一期", air_date=date(2027, 1, 9))
    EpisodeFactory(title="春季第一期", air_date=date(2027, 3, 6))
    html = client.get(cloud_classroom().url).content.decode()
    spring, autumn = "2026–2027 学年第 2 学期", "2026–2027 学年第 1 学期"
    assert html.index(spring) < html.index("春季第一期") < html.index(autumn)
    assert html.index(autumn) < html.index("一月的一期") < html.index("秋季第一期")
