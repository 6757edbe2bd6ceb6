"""Editors' forms render for every lesson kind (labels in Chinese)."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory, city


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, heading",
    [
        ("conceptlesson", "主讲人"),
        ("requiredlesson", "第五步 · 微课巩固"),
        ("selfstudyseries", "适用对象"),
        ("microlesson", "文字稿"),
    ],
)
def test_add_form_renders(client, model, heading):
    section = city().section
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.get(reverse("wagtailadmin_pages:add", args=["lessons", model, section.pk]))
    assert response.status_code == 200
    assert heading in response.content.decode()
