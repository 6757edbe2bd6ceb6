"""Shared fixtures of the end-to-end editor suite: the operator's setup (organisations,
sections, groups and the review workflow, as `manage.py setup_access` makes them), one
account per role, and one headless Chromium per test module."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.templatetags.static import static
from django.test import Client

from lessons.access import REVIEWERS_GROUP, provision_review
from lessons.models import Organisation
from tests.browser import chromium
from tests.factories import OrganisationFactory, UserFactory
from tests.media_pipeline import clips

from .admin import Admin

ADMIN_WINDOW = (1280, 1000)  # a desktop: editors work at a computer


@pytest.fixture(scope="module")
def driver():
    with chromium(width=ADMIN_WINDOW[0], height=ADMIN_WINDOW[1]) as chrome:
        yield chrome


@pytest.fixture
def admin(driver, live_server):
    """The admin in the module's browser, with no one logged in."""
    driver.delete_all_cookies()
    yield Admin(driver, live_server.url)
    driver.delete_all_cookies()


@pytest.fixture
def orgs(db):
    """Two districts with a school each, as the demo has them (cms/demo/site.py)."""
    provision_review()
    city = OrganisationFactory(code="city", name="示范市教育局", kind=Organisation.Kind.CITY)
    made = {"city": city}
    for district, town, school, names in (
        ("dongcheng", "hongxing", "shiyan", ("东城区教育局", "红星街道", "东城区实验小学")),
        ("xihe", "qingshui", "qingshui", ("西河县教育局", "清水镇", "清水镇中学")),
    ):
        made[district] = OrganisationFactory(
            parent=city, code=district, name=names[0], kind=Organisation.Kind.DISTRICT
        )
        made[town] = OrganisationFactory(
            parent=made[district], code=town, name=names[1], kind=Organisation.Kind.TOWN
        )
        made[school] = OrganisationFactory(
            parent=made[town], code=school, name=names[2], kind=Organisation.Kind.SCHOOL
        )
    return made


def _user(username, full_name, group):
    return UserFactory(username=username, first_name=full_name, groups=[group])


@pytest.fixture
def users(orgs):
    """One account per role; each has the password "pw"."""
    return {
        "school_editor": _user("shiyan_editor", "实验小学编辑", orgs["shiyan"].editors_group),
        "other_school_editor": _user(
            "qingshui_editor", "清水镇中学编辑", orgs["qingshui"].editors_group
        ),
        "district_editor": _user("dongcheng_editor", "东城区编辑", orgs["dongcheng"].editors_group),
        "city_editor": _user("city_editor", "市级编辑", orgs["city"].editors_group),
        "reviewer": _user("reviewer", "审核员", Group.objects.get(name=REVIEWERS_GROUP)),
        "teacher": _user("shiyan_teacher", "实验小学班主任", orgs["shiyan"].teachers_group),
        "other_teacher": _user(
            "qingshui_teacher", "清水镇中学班主任", orgs["qingshui"].teachers_group
        ),
    }


@pytest.fixture
def login_as(admin):
    """login_as(user): the browser carries a session of that user, made by Django's test
    client (the live server reads it from the same database). Faster than the login form,
    which tests/e2e/test_review.py uses."""

    def login(user):
        client = Client()
        client.force_login(user)
        admin.driver.delete_all_cookies()
        admin.get(static("wagtailadmin/images/default-user-avatar.png"))  # the server's host
        admin.driver.add_cookie(
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "path": "/",
            }
        )
        return admin

    return login


@pytest.fixture(scope="session")
def lesson_clip(tmp_path_factory) -> Path:
    """A tiny real video (2 s, 320×180, H.264/AAC) made by ffmpeg."""
    return clips.video(tmp_path_factory.mktemp("e2e") / "入学第一天.mp4", size="320x180", seconds=2)
