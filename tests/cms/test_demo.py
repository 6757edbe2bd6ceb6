"""The embedded demo: built from the seed documents, every stage and kind, accounts printed."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from lessons.models import LessonPage, Organisation
from lessons.taxonomy import STAGE_BY_CODE


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """Load the demo once for this module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = StringIO()
            call_command("load_demo", stdout=out)
            yield out.getvalue()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.django_db
def test_demo_has_at_least_40_live_lessons(demo_output):
    assert LessonPage.objects.live().count() >= 40


@pytest.mark.django_db
@pytest.mark.parametrize("stage", list(STAGE_BY_CODE))
@pytest.mark.parametrize("kind", ["concept", "required", "self_study", "micro"])
def test_demo_covers_every_stage_and_kind(demo_output, stage, kind):
    from lessons.models import kind_of

    lessons = kind_of(kind).model.objects.live()
    assert lessons.filter(stages=stage).exists() or lessons.filter(all_stages=True).exists()


@pytest.mark.django_db
def test_demo_speaks_of_the_seed_topics(demo_output):
    text = " ".join(LessonPage.objects.values_list("title", flat=True)) + " ".join(
        LessonPage.objects.values_list("summary", flat=True)
    )
    for term in ("双减", "幼小衔接", "心理", "家访", "家长学校"):
        assert term in text, term


@pytest.mark.django_db
def test_demo_has_organisations_below_the_city(demo_output):
    assert Organisation.objects.exclude(kind="city").count() >= 2


@pytest.mark.django_db
def test_demo_prints_editor_and_reviewer_passwords(demo_output):
    from django.contrib.auth import get_user_model

    User = get_user_model()
    for username in ("shiyan_editor", "reviewer"):
        line = next(line for line in demo_output.splitlines() if line.strip().startswith(username))
        password = line.split()[1]
        assert User.objects.get(username=username).check_password(password)


@pytest.mark.django_db
def test_demo_pages_render_real_chinese_content(demo_output, client):
    from lessons.models import browsable_kinds

    home = client.get("/").content.decode()
    assert "您的孩子在读几年级？" in home and "走进家长学校" in home
    grade = client.get("/grade/p1/").content.decode()
    assert "一年级新生家长课" in grade
    for kind in browsable_kinds():
        lesson = kind.model.objects.live().order_by("pk").first()
        response = client.get(lesson.url)
        assert response.status_code == 200, kind
        html = response.content.decode()
        assert lesson.title in html and lesson.summary in html


@pytest.mark.django_db
def test_demo_teacher_sees_the_schools_class_progress(demo_output, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    teacher = get_user_model().objects.get(username="shiyan_teacher")
    client.force_login(teacher)
    html = client.get(reverse("class_progress")).content.decode()
    assert "东城区实验小学" in html and "清水镇中学" not in html
    assert 'data-done="2">2 / 4' in html
