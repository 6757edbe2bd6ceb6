"""The homeroom teacher (班主任) records a class session in the admin, and sees only their own
school's sessions."""

import pytest
from django.utils import timezone
from wagtail.log_actions import log

from lessons.models import ClassSession, Grade
from tests.factories import ClassSessionFactory, RequiredLessonFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NO_PERMISSION = "对不起， 你没有权限访问。"


def test_a_teacher_records_a_class_session(admin, login_as, users, orgs):
    lesson = RequiredLessonFactory(parent=orgs["shiyan"].section, title="入学第一周，家长做什么")
    login_as(users["teacher"])
    admin.get("/admin/class_sessions/new/")
    admin.select("grade", value="p1")
    admin.type("class_name", "一(2)班")
    admin.select("lesson", text=lesson.title)
    admin.type("attendance", "38")
    admin.submit_with("main form button[type=submit]")

    assert admin.field_errors() == {}
    session = ClassSession.objects.get()
    assert (session.school, session.grade_id, session.class_name, session.lesson_id) == (
        orgs["shiyan"],
        "p1",
        "一(2)班",
        lesson.pk,
    )
    assert (session.attendance, session.held_on) == (38, timezone.localdate())
    assert session.recorded_by == users["teacher"]
    assert admin.path.startswith("/admin/class_sessions/")
    assert "一(2)班" in admin.text()  # the list of the school's sessions


def test_a_teacher_sees_only_their_own_schools_sessions(admin, login_as, users, orgs):
    lesson = RequiredLessonFactory(parent=orgs["city"].section, title="青春期家长会")
    ours = ClassSessionFactory(school=orgs["shiyan"], lesson=lesson, class_name="实验1班")
    theirs = ClassSessionFactory(
        school=orgs["qingshui"],
        lesson=lesson,
        class_name="清水9班",
        grade=Grade.objects.get(code="j1"),
        recorded_by=users["other_teacher"],
    )
    # what the admin's create view logs: the history view shows the teacher's name
    log(theirs, "wagtail.create", user=users["other_teacher"])
    login_as(users["teacher"])

    admin.get("/admin/class_sessions/")
    assert ours.class_name in admin.text()
    assert theirs.class_name not in admin.text()
    for view in ("edit", "delete", "history", "usage"):
        admin.get(f"/admin/class_sessions/{view}/{theirs.pk}/")
        shown = admin.driver.page_source
        assert "清水9班" not in shown and "清水镇中学班主任" not in shown, view
        assert "qingshui_teacher" not in shown, view

    admin.get(f"/admin/class_sessions/edit/{ours.pk}/")
    assert admin.find("input[name=class_name]").get_attribute("value") == "实验1班"

    # and a teacher edits no pages at all
    admin.get(f"/admin/pages/add/lessons/microlesson/{orgs['shiyan'].section.pk}/")
    assert admin.path == "/admin/"
    assert NO_PERMISSION in admin.messages()
