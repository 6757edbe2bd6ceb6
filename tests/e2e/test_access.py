"""A school editor cannot open, edit or add pages in another school's section, nor find
another organisation's unpublished lesson in the admin (page chooser, first-lesson
checklist)."""

import pytest
from django.utils import timezone

from lessons.school_year import coming_school_year
from tests.factories import FirstLessonFactory, MicroLessonFactory, first_lesson_programme

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NO_PERMISSION = "对不起， 你没有权限访问。"
DRAFT = "清水镇中学未发布的微课"


def test_a_school_editor_is_refused_another_schools_pages(admin, login_as, users, orgs):
    theirs = MicroLessonFactory(
        parent=orgs["qingshui"].section, title=DRAFT, stages=["junior"], live=False
    )
    ours = MicroLessonFactory(parent=orgs["shiyan"].section, title="整理书包的小方法")
    login_as(users["school_editor"])

    for path in (
        f"/admin/pages/{theirs.pk}/edit/",
        f"/admin/pages/add/lessons/microlesson/{orgs['qingshui'].section.pk}/",
    ):
        admin.get(path)
        assert (admin.path, admin.messages()) == ("/admin/", [NO_PERMISSION]), path
        assert DRAFT not in admin.driver.page_source

    admin.get(f"/admin/pages/{orgs['qingshui'].section.pk}/")
    assert DRAFT not in admin.driver.page_source

    # The page chooser (step 5 of a required lesson) finds our lesson, not their draft.
    admin.open_add("requiredlesson", orgs["shiyan"].section.pk)
    admin.open_page_chooser("consolidation")
    offered = admin.search_page_chooser(ours.title)
    assert ours.title in offered and DRAFT not in offered, offered
    assert DRAFT not in admin.search_page_chooser(DRAFT)


def test_the_checklist_shows_another_organisations_draft_but_not_its_title(
    admin, login_as, users, orgs
):
    draft = FirstLessonFactory(
        parent=first_lesson_programme(),
        title="市里还在写的一年级第一课",
        school_year=coming_school_year(timezone.localdate()),
        transition="p1",
        stages=["primary"],
        grades=["p1"],
        live=False,
    )
    login_as(users["school_editor"])
    assert admin.checklist_row("p1") == ("draft", "（其他单位的草稿）")
    assert draft.title not in admin.driver.page_source

    login_as(users["city_editor"])  # the city's own editors read it
    assert admin.checklist_row("p1") == ("draft", draft.title)
