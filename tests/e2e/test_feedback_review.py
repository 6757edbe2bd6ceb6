"""Parents' feedback in the admin: a school's editor reviews a comment on the school's lesson
(and sees no other school's), the city's editor answers a complaint."""

import pytest

from lessons.models import LessonComment, Suggestion
from tests.factories import ConceptLessonFactory, LessonCommentFactory, SuggestionFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_school_editor_reviews_a_comment_on_their_lesson(admin, login_as, users, orgs):
    ours = LessonCommentFactory(
        lesson=ConceptLessonFactory(parent=orgs["shiyan"].section, title="好好说话"),
        text="例子很贴近生活，谢谢老师。",
    )
    LessonCommentFactory(
        lesson=ConceptLessonFactory(parent=orgs["qingshui"].section, title="清水的课"),
        text="清水镇家长的留言",
    )
    login_as(users["school_editor"])

    admin.get("/admin/")
    admin.click("a[href='/admin/parent_comments/']")  # the menu item
    admin.visible("table.listing")
    assert "例子很贴近生活" in admin.text()
    assert "清水镇家长的留言" not in admin.text()

    admin.click(f"a[href='/admin/parent_comments/edit/{ours.pk}/']")
    admin.visible("select[name=status]")
    assert "例子很贴近生活" in admin.text()  # shown read-only beside the status
    assert not admin.find_all("textarea[name=text]")
    admin.select("status", value="approved")
    admin.submit_with("main form button[type=submit]")

    assert admin.field_errors() == {}
    ours.refresh_from_db()
    assert (ours.status, ours.text) == (LessonComment.Status.APPROVED, "例子很贴近生活，谢谢老师。")
    assert admin.path.startswith("/admin/parent_comments/")


def test_the_city_editor_answers_a_complaint(admin, login_as, users, orgs):
    item = SuggestionFactory(kind="complaint", text="视频在乡镇总是卡。", contact="13800000000")
    login_as(users["city_editor"])
    admin.get("/admin/parent_suggestions/")
    assert "视频在乡镇总是卡" in admin.text()
    admin.click(f"a[href='/admin/parent_suggestions/edit/{item.pk}/']")
    admin.visible("select[name=status]")
    assert "13800000000" in admin.text()
    admin.select("status", value="answered")
    admin.type("answer", "已电话联系家长，建议使用“只听音频”。")
    admin.submit_with("main form button[type=submit]")

    assert admin.field_errors() == {}
    item.refresh_from_db()
    assert (item.status, item.answer) == (
        Suggestion.Status.ANSWERED,
        "已电话联系家长，建议使用“只听音频”。",
    )

    login_as(users["school_editor"])  # a school's editor has no such menu item or page
    admin.get("/admin/")
    assert not admin.find_all("a[href='/admin/parent_suggestions/']")
    admin.get("/admin/parent_suggestions/")
    assert "视频在乡镇总是卡" not in admin.driver.page_source
