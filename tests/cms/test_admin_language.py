"""Editors see the Wagtail admin in Chinese: every admin string of the Wagtail apps we install
is translated, by Wagtail's catalogs or by ours (cms/wagtail_locale)."""

from django.utils import translation

from cms.admin_catalog import untranslated


def test_every_wagtail_admin_string_has_a_chinese_translation():
    missing = [message.text for message in untranslated()]
    assert missing == [], f"{len(missing)} untranslated: run manage.py wagtail_missing_strings"


def test_our_catalog_overrides_a_string_wagtail_leaves_in_english():
    with translation.override("zh-hans"):
        assert translation.gettext("New: %(model_name)s") % {"model_name": "课堂记录"} != (
            "New: 课堂记录"
        )
