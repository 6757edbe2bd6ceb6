"""这节课对您有帮助吗？ Votes and comments on a lesson (lessons.feedback.votes): stored as counts
per lesson per ISO week and comment rows, nothing else; bad input is a 400 in Chinese; the
lesson pages stay identical for everyone; editors review the comments of their own lessons."""

import threading

import pytest
from bs4 import BeautifulSoup
from django.contrib.sessions.models import Session
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lessons.feedback.admin_views import comment_policy
from lessons.feedback.counters import week_of
from lessons.models import ClassSession, HelpfulVotes, LessonComment
from tests.factories import (
    ConceptLessonFactory,
    LessonCommentFactory,
    RequiredLessonFactory,
    UserFactory,
    city,
    school,
)
from tests.pages import every_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    city()
    return ConceptLessonFactory(title="好好说话")


def vote(client, lesson, value="yes", comment="", **extra):
    return client.post(
        reverse("lesson_feedback", args=[lesson.pk]), {"vote": value, "comment": comment}, **extra
    )


def counts(lesson):
    row = HelpfulVotes.objects.get(lesson=lesson)
    return row.helpful, row.not_helpful


def test_a_vote_is_counted_in_this_weeks_row(client, lesson):
    for value in ("yes", "yes", "no"):
        response = vote(client, lesson, value)
        assert response.status_code == 200
    assert counts(lesson) == (2, 1)
    assert HelpfulVotes.objects.get().week == week_of()
    assert not LessonComment.objects.exists()  # no comment, no row


def test_the_no_script_answer_is_a_private_chinese_thank_you_linking_back(client, lesson):
    response = vote(client, lesson)
    page = BeautifulSoup(response.content, "html.parser")
    assert "谢谢您的反馈" in page.get_text()
    assert page.find("a", href=lesson.url) is not None
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_script_gets_json(client, lesson):
    response = vote(client, lesson, HTTP_ACCEPT="application/json")
    assert response.json() == {"ok": True}
    bad = vote(client, lesson, "maybe", HTTP_ACCEPT="application/json")
    assert bad.status_code == 400
    assert bad.json() == {"error": "请选择“有帮助”或“没帮助”。"}


def test_a_comment_is_kept_for_review_with_nothing_about_the_parent(client, lesson):
    vote(client, lesson, "no", "  视频有点长，希望能分成两段。 ", HTTP_USER_AGENT="MicroMessenger")
    comment = LessonComment.objects.get()
    assert (comment.lesson_id, comment.text, comment.helpful) == (
        lesson.pk,
        "视频有点长，希望能分成两段。",
        False,
    )
    assert comment.status == LessonComment.Status.NEW
    assert comment.created == timezone.localdate()  # the day, not the time
    fields = {f.name for f in LessonComment._meta.concrete_fields}
    assert fields == {"id", "lesson", "text", "helpful", "created", "status"}
    assert {f.name for f in HelpfulVotes._meta.concrete_fields} == {
        "id", "lesson", "week", "helpful", "not_helpful",
    }  # fmt: skip
    assert not Session.objects.exists()


def test_no_cookie_is_set(client, lesson):
    assert not vote(client, lesson, "yes", "很好").cookies
    assert not vote(client, lesson, "bad").cookies
    assert not client.get(reverse("lesson_feedback", args=[lesson.pk])).cookies


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"vote": "maybe"}, "请选择“有帮助”或“没帮助”。"),
        ({}, "请选择“有帮助”或“没帮助”。"),
        ({"vote": "yes", "comment": "长" * 301}, "留言最多 300 字。"),
        ({"vote": "yes", "comment": "a\x00b"}, "留言含有无效字符。"),
        ({"vote": "yes", "comment": "长" * 3000}, "内容太长。"),  # over the body cap
    ],
)
def test_bad_input_is_a_400_in_chinese_and_stores_nothing(client, lesson, fields, message):
    response = client.post(reverse("lesson_feedback", args=[lesson.pk]), fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not HelpfulVotes.objects.exists() and not LessonComment.objects.exists()


def test_a_comment_of_300_characters_is_taken(client, lesson):
    assert vote(client, lesson, "yes", "好" * 300).status_code == 200
    assert len(LessonComment.objects.get().text) == 300


def test_only_post_is_taken(client, lesson):
    response = client.get(reverse("lesson_feedback", args=[lesson.pk]))
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert "请在网页上填写后提交" in response.content.decode()


def test_a_draft_a_private_or_an_unknown_lesson_is_refused(client, lesson):
    draft = ConceptLessonFactory(title="草稿", live=False)
    for pk in (draft.pk, 2_000_000_000):
        response = client.post(reverse("lesson_feedback", args=[pk]), {"vote": "yes"})
        assert response.status_code == 404
        assert "这节课不存在或尚未发布" in response.content.decode()
    assert client.post("/feedback/99999999999/", {"vote": "yes"}).status_code == 404
    assert not HelpfulVotes.objects.exists()


@pytest.mark.parametrize(
    "headers, status",
    [
        ({"HTTP_ORIGIN": "https://evil.example"}, 403),
        ({"HTTP_ORIGIN": "null"}, 403),
        ({"HTTP_REFERER": "https://evil.example/page"}, 403),
        ({"HTTP_ORIGIN": "http://testserver"}, 200),
        ({"HTTP_REFERER": "http://testserver/city/lesson/"}, 200),
        ({}, 200),  # a browser that sends neither
    ],
)
def test_a_post_from_another_site_is_refused(client, lesson, headers, status):
    assert vote(client, lesson, **headers).status_code == status
    assert HelpfulVotes.objects.exists() == (status == 200)


def test_every_lesson_page_asks_the_same_question_without_a_token(client):
    city()
    for page in every_kind().pages():
        response = client.get(page.url)
        html = response.content.decode()
        form = BeautifulSoup(html, "html.parser").select_one("form[data-helpful-form]")
        assert form["action"] == f"/feedback/{page.pk}/", page
        assert form["method"] == "post"
        assert "这节课对您有帮助吗？" in html
        assert {b["value"] for b in form.select("button[name=vote]")} == {"yes", "no"}
        assert "csrfmiddlewaretoken" not in html
        assert "lessons/helpful.js" in html
        assert "public" in response["Cache-Control"]
        assert not response.cookies


def test_the_lesson_page_is_byte_identical_before_and_after_votes(client, lesson):
    before = client.get(lesson.url)
    vote(client, lesson, "yes", "很实用")
    other = Client(HTTP_USER_AGENT="another phone")
    after = other.get(lesson.url)
    assert before.content == after.content
    assert before["Cache-Control"] == after["Cache-Control"]
    assert "public" in after["Cache-Control"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_parallel_votes_are_all_counted():
    """Requests racing to create this week's row and to add to it: every vote counts."""
    city()
    lesson = ConceptLessonFactory(title="并发")
    voters, per_voter = 12, 5
    start = threading.Barrier(voters)
    errors = []

    def run(n):
        try:
            client = Client()
            start.wait()
            for _ in range(per_voter):
                response = vote(client, lesson, "yes" if n % 3 else "no")
                assert response.status_code == 200, response.content
        except Exception as error:  # noqa: BLE001  (reported below)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(voters)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    no_voters = len([n for n in range(voters) if n % 3 == 0])
    assert counts(lesson) == ((voters - no_voters) * per_voter, no_voters * per_voter)
    assert HelpfulVotes.objects.count() == 1


# Editors review the comments on the lessons they may edit.


def test_a_school_editor_sees_only_comments_on_their_schools_lessons(client):
    hongxing, qingshan = school("红星小学", "hongxing"), school("青山小学", "qingshan")
    ours = LessonCommentFactory(
        lesson=ConceptLessonFactory(parent=hongxing.section), text="红星的留言"
    )
    theirs = LessonCommentFactory(
        lesson=ConceptLessonFactory(parent=qingshan.section), text="青山的留言"
    )
    editor = UserFactory(groups=[hongxing.editors_group])
    assert list(comment_policy.instances_user_has_permission_for(editor, "view")) == [ours]

    client.force_login(editor)
    listing = client.get(reverse("parent_comments:index"))
    assert listing.status_code == 200
    assert "红星的留言" in listing.content.decode()
    assert "青山的留言" not in listing.content.decode()
    assert client.get(reverse("parent_comments:edit", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("parent_comments:edit", args=[ours.pk]), {"status": "approved"})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert (ours.status, ours.text) == ("approved", "红星的留言")  # the text is read-only


def test_a_district_editor_sees_the_comments_of_its_schools(client):
    hongxing = school("红星小学", "hongxing")
    comment = LessonCommentFactory(lesson=ConceptLessonFactory(parent=hongxing.section))
    district_editor = UserFactory(groups=[hongxing.parent.parent.editors_group])
    assert comment_policy.user_has_permission_for_instance(district_editor, "change", comment)


def test_teachers_and_parents_see_no_comments(client):
    hongxing = school("红星小学", "hongxing")
    LessonCommentFactory(lesson=ConceptLessonFactory(parent=hongxing.section))
    teacher = UserFactory(groups=[hongxing.teachers_group])
    client.force_login(teacher)
    assert client.get(reverse("parent_comments:index")).status_code in (302, 403)
    assert not comment_policy.instances_user_has_permission_for(teacher, "view").exists()


def test_nobody_adds_a_comment_in_the_admin(client):
    city()
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert client.get(reverse("parent_comments:add")).status_code in (302, 403)


# The teachers' side: how the lesson worked in class, and what to improve.


def _session_form(school_org, lesson, **fields):
    return {
        "school": school_org.pk, "held_on": "2026-10-15", "grade": "p1", "class_name": "2班",
        "lesson": lesson.pk, "attendance": "38", **fields,
    }  # fmt: skip


def test_a_teacher_says_how_the_lesson_worked_and_what_to_improve(client):
    city()
    hongxing = school("红星小学", "hongxing")
    lesson = RequiredLessonFactory(title="入学第一周")
    client.force_login(UserFactory(groups=[hongxing.teachers_group]))
    form = client.get(reverse("class_sessions:add")).content.decode()
    assert "课堂效果" in form and "改进建议" in form
    fields = {"how_it_worked": "4", "to_improve": "讨论环节时间不够。"}
    response = client.post(reverse("class_sessions:add"), _session_form(hongxing, lesson, **fields))
    assert response.status_code == 302
    session = ClassSession.objects.get()
    assert (session.how_it_worked, session.to_improve) == (4, "讨论环节时间不够。")
    assert "4 · 较好" in client.get(reverse("class_sessions:index")).content.decode()
    edit = client.get(reverse("class_sessions:edit", args=[session.pk])).content.decode()
    assert "讨论环节时间不够。" in edit

    bad = client.post(
        reverse("class_sessions:add"), _session_form(hongxing, lesson, how_it_worked="6")
    )
    assert "how_it_worked" in bad.context["form"].errors
    assert ClassSession.objects.count() == 1
    # both optional
    client.post(reverse("class_sessions:add"), _session_form(hongxing, lesson))
    assert ClassSession.objects.filter(how_it_worked=None, to_improve="").count() == 1
