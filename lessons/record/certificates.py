"""Star-parent certificates (星级家长证书) and class attendance: the public endpoints.

- POST /my/certificate/ (from 我的学习, lessons/includes/record_certificate.html): the record's
  entries (`lessons`, a JSON list of {id, learned_at, attended}) and an optional name to print.
  The server recomputes the level (lessons.record.certificate_level); with at least one star
  it stores a StarCertificate (a random verification code, the level, the school year: nothing
  about the parent; the name is printed, never stored) and answers with the PDF
  (lessons.record.certificate_pdf). csrf_exempt like the feedback endpoints (the page is cached
  publicly and no cookie exists), with their checks (lessons.feedback.checks): POST only, a
  capped body, same site; never cached, no cookie set.
- GET /my/attended/<token>/: 到课确认 (lessons.record.attendance).

Schools check a code in the admin (lessons.record.certificate_admin).
"""

import unicodedata

from django import forms
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from ..feedback.checks import Refused, check_post, private, refusal
from ..models import StarCertificate
from ..school_year import school_year_of
from . import attendance
from .certificate_codes import new_code
from .certificate_level import BadRecord, parse_entries, stars_of
from .certificate_pdf import certificate_pdf

MAX_BODY_BYTES = 64 * 1024  # 300 entries with their tokens, percent-encoded, and a name
NAME_MAX_CHARS = 20
CODE_ATTEMPTS = 5


class CertificateForm(forms.Form):
    lessons = forms.CharField(
        strip=False,
        error_messages={
            "required": gettext_lazy("Your learning record could not be read."),
            "null_characters_not_allowed": gettext_lazy("Your learning record could not be read."),
        },
    )
    name = forms.CharField(
        required=False,
        max_length=NAME_MAX_CHARS,
        error_messages={
            "max_length": gettext_lazy("The name may have at most 20 characters."),
            "null_characters_not_allowed": gettext_lazy("The name contains invalid characters."),
        },
    )

    def clean_name(self):
        name = self.cleaned_data["name"]
        if any(unicodedata.category(char).startswith("C") for char in name):
            raise forms.ValidationError(_("The name contains invalid characters."))
        return name


def issue_certificate(stars: int, school_year: int) -> StarCertificate:
    """A new certificate with a fresh code (a taken code, once in 32¹⁰, is drawn again)."""
    for _attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                return StarCertificate.objects.create(
                    code=new_code(), stars=stars, school_year=school_year
                )
        except IntegrityError:
            continue
    raise RuntimeError("No free certificate code: the random source is broken.")


def _checked(request, today) -> tuple[int, str]:
    """(stars, name) of a certificate request; Refused with the reason otherwise."""
    try:
        data = check_post(request, MAX_BODY_BYTES)
        form = CertificateForm(data)
        valid = form.is_valid()
    except SuspiciousOperation as error:  # e.g. more fields than Django parses
        raise Refused(_("The request is not valid.")) from error
    if not valid:
        raise Refused(next(iter(form.errors.values()))[0])
    try:
        entries = parse_entries(form.cleaned_data["lessons"])
    except BadRecord as error:
        raise Refused(_("Your learning record could not be read.")) from error
    stars = stars_of(entries, today)
    if stars < 1:
        raise Refused(
            _("No stars yet: a certificate needs at least the first lesson of this school year.")
        )
    return stars, form.cleaned_data["name"]


@csrf_exempt
def star_certificate(request):
    today = timezone.localdate()
    try:
        stars, name = _checked(request, today)
    except Refused as error:
        return refusal(request, error, reverse("my_learning"))
    certificate = issue_certificate(stars, school_year_of(today))
    response = HttpResponse(certificate_pdf(certificate, name), content_type="application/pdf")
    filename = f"star-parent-{certificate.code}.pdf"
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return private(response)


urlpatterns = [
    path("my/certificate/", star_certificate, name="star_certificate"),
    path("my/attended/<str:token>/", attendance.attended, name="class_attended"),
]
