"""投诉建议 (lessons.feedback.suggestions): every page links to the form; a parent's message is
stored with nothing about them but the contact they chose to leave; the city's editors and
administrators handle it in the admin, nobody else sees it."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.sessions.models import Session
from django.urls import reverse

from lessons.feedback.admin_views import suggestion_policy
from lessons.models import Suggestion
from tests.factories import ConceptLessonFactory, SuggestionFactory, UserFactory, city, school

pytestmark = pytest.mark.django_db

URL = "/suggestions/"


def test_the_url_is_named_suggestions():
    assert reverse("suggestions") == URL


@pytest.mark.parametrize("path", ["/grade/p1/", "/search/?grade=", "lesson", URL])
def test_every_page_footer_links_to_it(client, path):
    city()
    lesson = ConceptLessonFactory(title="好好说话")
    response = client.get(lesson.url if path == "lesson" else path)
    footer = BeautifulSoup(response.content, "html.parser").select_one("footer.site")
    link = footer.find("a", href=URL)
    assert link is not None and link.get_text(strip=True) == "投诉建议"


def test_the_form_says_the_contact_is_optional_and_what_it_is_for(client):
    response = client.get(URL)
    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    form = page.select_one("form.suggestions")
    assert (form["method"], form["action"]) == ("post", URL)
    assert {i["value"] for i in form.select("input[name=kind]")} == {"complaint", "suggestion"}
    assert form.select_one("textarea[name=text]")["maxlength"] == "1000"
    assert "联系方式（选填）" in form.get_text()
    assert "只用于答复您" in form.get_text()
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert "public" in response["Cache-Control"]  # the same for everyone
    assert not response.cookies


def test_a_suggestion_is_stored_and_thanked(client):
    response = client.post(
        URL, {"kind": "complaint", "text": " 视频经常卡顿。 ", "contact": "13800000000"}
    )
    assert response.status_code == 200
    assert "教育局会认真阅读" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies
    item = Suggestion.objects.get()
    assert (item.kind, item.text, item.contact) == ("complaint", "视频经常卡顿。", "13800000000")
    assert (item.status, item.answer) == (Suggestion.Status.NEW, "")
    assert not Session.objects.exists()


def test_the_contact_may_be_left_empty(client):
    assert client.post(URL, {"kind": "suggestion", "text": "多一些音频课"}).status_code == 200
    assert Suggestion.objects.get().contact == ""


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"kind": "praise", "text": "好"}, "请选择投诉或建议。"),
        ({"kind": "suggestion", "text": "   "}, "请写下您想说的话。"),
        ({"kind": "suggestion", "text": "长" * 1001}, "内容最多 1000 字。"),
        ({"kind": "suggestion", "text": "好", "contact": "1" * 101}, "联系方式最多 100 字。"),
        ({"kind": "suggestion", "text": "a\x00"}, "内容含有无效字符。"),
        ({"kind": "suggestion", "text": "长" * 10_000}, "内容太长。"),
    ],
)
def test_bad_input_is_a_400_in_chinese(client, fields, message):
    response = client.post(URL, fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Suggestion.objects.exists()


def test_a_post_from_another_site_is_refused(client):
    response = client.post(
        URL, {"kind": "suggestion", "text": "好"}, HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403
    assert not Suggestion.objects.exists()


def test_other_methods_are_refused(client):
    assert client.put(URL, "kind=suggestion&text=x").status_code == 405


def test_the_city_editors_answer_in_the_admin(client):
    hongxing = school("红星小学", "hongxing")
    item = SuggestionFactory(contact="parent@example.com")
    city_editor = UserFactory(groups=[city().editors_group])
    client.force_login(city_editor)
    listing = client.get(reverse("parent_suggestions:index"))
    assert listing.status_code == 200 and item.text in listing.content.decode()
    response = client.post(
        reverse("parent_suggestions:edit", args=[item.pk]),
        {"status": "answered", "answer": "已电话答复。", "text": "改掉", "contact": "x"},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.answer) == ("answered", "已电话答复。")
    assert (item.text, item.contact) == ("希望增加初中阶段的课程。", "parent@example.com")
    assert hongxing  # the schools' editors are checked below


def test_nobody_else_sees_them(client):
    hongxing = school("红星小学", "hongxing")
    item = SuggestionFactory()
    others = [
        UserFactory(groups=[hongxing.editors_group]),
        UserFactory(groups=[hongxing.parent.parent.editors_group]),
        UserFactory(groups=[hongxing.teachers_group]),
    ]
    for user in others:
        assert not suggestion_policy.user_has_permission(user, "view")
        assert not suggestion_policy.instances_user_has_permission_for(user, "view").exists()
        client.force_login(user)
        assert client.get(reverse("parent_suggestions:index")).status_code in (302, 403)
        edit = client.get(reverse("parent_suggestions:edit", args=[item.pk]))
        assert edit.status_code in (302, 403, 404)
    admin = UserFactory(username="root", is_superuser=True)
    assert suggestion_policy.user_has_permission_for_instance(admin, "change", item)
    assert not suggestion_policy.user_has_permission(admin, "add")
