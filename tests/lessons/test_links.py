"""A lesson's stages, grades and topics read in one query (lessons.models.links) are its
relations, and are read once."""

import pytest

from lessons.models import Topic
from lessons.models.links import Links, links_of, prefetch_links
from tests.factories import ConceptLessonFactory, MicroLessonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lessons():
    topics = [Topic.objects.create(name=name) for name in ("心理健康", "家庭教育", "安全教育")]
    micro = MicroLessonFactory(stages=["primary"], grades=["p1", "p2"], topics=topics[:2])
    concept = ConceptLessonFactory(all_stages=True, topics=topics[2:])
    return micro, concept


def test_links_are_the_lessons_relations(lessons):
    micro, concept = lessons
    links = links_of([micro.pk, concept.pk], topics_of=[micro.pk])
    assert links[micro.pk].stage_codes == {"primary"}
    assert links[micro.pk].grade_codes == {"p1", "p2"}
    assert [t.name for t in links[micro.pk].topics] == [t.name for t in micro.topics.all()]
    assert links[micro.pk].audience(micro) == micro.audience
    assert links[concept.pk] == Links()  # all stages, and its topics were not asked for
    assert links[concept.pk].audience(concept) == concept.audience


def test_prefetch_reads_only_what_the_pages_lack(lessons, django_assert_num_queries):
    micro, concept = lessons
    with django_assert_num_queries(1):
        prefetch_links([micro], topics_of=[micro.pk])
    with django_assert_num_queries(1):  # the concept lesson's; the micro-lesson has its own
        prefetch_links([micro, concept], topics_of=[micro.pk])
    with django_assert_num_queries(0):
        prefetch_links([micro, concept])
    with django_assert_num_queries(1):  # now its topics too
        prefetch_links([concept], topics_of=[concept.pk])
    assert [t.name for t in concept.lesson_links.topics] == ["安全教育"]
