"""Editors see the Wagtail admin in Chinese: every admin string of the Wagtail apps we install
is translated, by Wagtail's catalogs or by ours (cms/admin_locale/locale)."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from cms.admin_locale.catalog import DOMAINS, untranslated
from tests.factories import UserFactory, school


@pytest.mark.parametrize("domain", DOMAINS)
def test_every_wagtail_admin_string_has_a_chinese_translation(domain):
    missing = [message.text for message in untranslated(domain)]
    assert missing == [], f"{len(missing)} untranslated: run manage.py wagtail_missing_strings"


def test_our_catalog_overrides_a_string_wagtail_leaves_in_english():
    with translation.override("zh-hans"):
        assert translation.gettext("New: %(model_name)s") % {"model_name": "课堂记录"} != (
            "New: 课堂记录"
        )


@pytest.mark.django_db
def test_the_add_form_breadcrumb_is_in_chinese(client):
    teacher = UserFactory(groups=[school("红星小学", "hongxing").teachers_group])
    client.force_login(teacher)
    page = client.get(reverse("class_sessions:add")).content.decode()
    assert "新建：" in page and "New:" not in page


@pytest.mark.django_db
def test_the_admin_javascript_catalog_carries_our_translations(admin_client):
    catalog = admin_client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    assert json.dumps("正在自动保存").strip('"') in catalog  # the catalog is ASCII-escaped JSON
