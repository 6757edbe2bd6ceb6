"""A parent page costs a fixed number of queries, however many lessons exist."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lessons.models import Topic
from tests.factories import (
    ConceptLessonFactory,
    MicroLessonFactory,
    RequiredLessonFactory,
    SelfStudySeriesFactory,
    city,
    cover_image,
)

STAGES = ["kindergarten", "primary", "junior", "senior"]
MAX_QUERIES = 20


def add_lessons(count, series, topic, image):
    for n in range(count):
        kwargs = {"title": f"家长课程{n}", "cover_image": image}
        if n % 5 == 0:
            lesson = ConceptLessonFactory(all_stages=True, **kwargs)
        elif n % 5 == 1:
            lesson = MicroLessonFactory(parent=series, stages=["primary"], grades=["p1"], **kwargs)
        else:
            lesson = MicroLessonFactory(stages=[STAGES[n % 4]], **kwargs)
        lesson.topics.add(topic)
        lesson.save()


def query_counts(client, urls):
    counts = {}
    for url in urls:
        client.get(url)  # warm caches that are meant to be warm (site root paths, renditions)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(queries)
    return counts


@pytest.mark.django_db
def test_parent_pages_cost_the_same_at_50_and_500_lessons(client):
    city()
    image = cover_image()
    topic = Topic.objects.create(name="家庭教育")
    series = SelfStudySeriesFactory(title="入学准备系列", stages=["primary"], cover_image=image)
    required = RequiredLessonFactory(title="幼小衔接", stages=["primary"], grades=["p1"])
    add_lessons(50, series, topic, image)
    micro = series.get_children().last()
    urls = [
        "/",
        "/grade/",
        "/grade/p1/",
        "/grade/p1/kind/micro/",
        "/grade/p1/kind/micro/?page=2",
        f"/grade/p1/topic/{topic.pk}/",
        "/stage/primary/",
        series.url,
        micro.url,
        required.url,
        "/city/",
    ]
    at_50 = query_counts(client, urls)
    add_lessons(450, series, topic, image)
    at_500 = query_counts(client, urls)
    assert at_500 == at_50
    print("queries per page:", at_50)
    assert max(at_50.values()) <= MAX_QUERIES, at_50
