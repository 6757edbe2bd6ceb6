"""Verifying a star-parent certificate in the admin (核验星级证书, issue 19): a school sees valid,
the stars and the school year, nothing else; codes are read the way people type them."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from lessons.models import StarCertificate
from lessons.record.certificate_codes import display_code, normalise_code
from lessons.school_year import school_year_label
from tests.factories import UserFactory

from .certificates import learned, post

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_user():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def certificate(client, three_stars):
    post(client, learned(*three_stars))
    return StarCertificate.objects.get()


def verify(client, code):
    return client.post(reverse("verify_star_certificate"), {"code": code})


def test_a_school_sees_valid_the_stars_and_the_school_year_only(client, certificate, school_user):
    client.force_login(school_user)
    response = verify(client, display_code(certificate.code))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-verification="valid"' in html and "证书有效" in html
    assert 'data-stars="3">★★★' in html
    assert school_year_label(certificate.school_year) in html
    issued = certificate.issued
    for date_text in (issued.isoformat(), f"{issued.month}月{issued.day}日", f"{issued:%Y/%m/%d}"):
        assert date_text not in html  # not when it was issued
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    "typed",
    [
        lambda c: c.lower(),
        lambda c: f" {c[:5]} - {c[5:]} ",
        lambda c: c.translate(str.maketrans({"0": "O", "1": "l"})),
        lambda c: "".join(chr(ord(ch) + 0xFEE0) for ch in c),  # full-width, as typed on a phone
        lambda c: c[:5] + "－" + c[5:],
    ],
)
def test_a_code_is_read_the_way_people_type_it(client, certificate, school_user, typed):
    client.force_login(school_user)
    html = verify(client, typed(certificate.code)).content.decode()
    assert 'data-verification="valid"' in html


def test_a_wrong_or_malformed_code_is_not_valid(client, certificate, school_user):
    client.force_login(school_user)
    other = certificate.code[:-1] + ("0" if certificate.code[-1] != "0" else "1")
    html = verify(client, other).content.decode()
    assert 'data-verification="invalid"' in html and "无效" in html and "★" not in html
    for junk in ("abc", "U" * 10, "9" * 5000, "\x00", "' OR 1=1 --"):
        response = verify(client, junk)
        assert response.status_code == 200
        assert "★" not in response.content.decode()
    assert normalise_code("U" * 10) is None


def test_verification_needs_an_admin_login(client, certificate):
    response = verify(client, certificate.code)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(UserFactory())  # no admin access
    assert verify(client, certificate.code).status_code in (302, 403)


def test_the_menu_offers_the_verification_to_every_admin_user(client, school_user):
    client.force_login(school_user)
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert reverse("verify_star_certificate") in html
    page = client.get(reverse("verify_star_certificate")).content.decode()
    assert "核验星级证书" in page and 'name="code"' in page
