"""The review workflow (家长学校审核发布) in the admin: a school editor submits lessons, the
reviewer — logged in through the real login form — approves one and asks for changes to
the other, and the editor sees the reviewer's comment."""

import pytest
from wagtail.models import WorkflowState

from lessons.models import MicroLesson

from .saved import expected, saved_audience

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Submitted after the admin's autosave made a draft, or created and submitted in one step
# (Wagtail's own two messages; which one depends on whether autosave ran first).
SUBMITTED = ("已经提交进行审核", "已创建并提交审核")
LESSONS = {
    "孩子写作业拖拉怎么办": {"stages": ["primary"], "grades": ["p3", "p4"]},
    "幼儿园入园焦虑": {"stages": ["kindergarten"]},
}


def submit(admin, section, title, audience):
    admin.open_add("microlesson", section.pk)
    admin.lesson_basics(title, "三个小方法，家长马上能用。", **audience)
    admin.stream_items("key_points", ["固定时间", "分段完成"])
    admin.submit_for_review()
    assert any(s in m for s in SUBMITTED for m in admin.messages()), admin.messages()
    return MicroLesson.objects.get(title=title)


def test_the_reviewer_approves_one_lesson_and_asks_for_changes_to_another(
    admin, login_as, users, orgs
):
    login_as(users["school_editor"])
    approved, rejected = (
        submit(admin, orgs["shiyan"].section, title, audience)
        for title, audience in LESSONS.items()
    )
    for lesson in (approved, rejected):
        assert not lesson.live
        assert lesson.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    admin.log_in("reviewer", "pw")
    assert admin.path == "/admin/"
    assert approved.title in admin.text() and rejected.title in admin.text()  # 等待你的审查

    admin.open_edit(approved.pk)
    admin.approve()
    approved.refresh_from_db()
    assert approved.live
    assert saved_audience(approved.pk) == expected(**LESSONS[approved.title])

    admin.open_edit(rejected.pk)
    admin.request_changes("请补充家长可以马上做的练习。")
    rejected.refresh_from_db()
    assert not rejected.live
    state = WorkflowState.objects.for_instance(rejected).get()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    login_as(users["school_editor"])
    admin.get("/admin/")
    assert rejected.title in admin.text() and "请求的更改" in admin.text()
    admin.open_edit(rejected.pk)
    status = admin.workflow_status()
    assert "请补充家长可以马上做的练习。" in status, status
