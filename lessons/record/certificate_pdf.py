"""The printable star-parent certificate (星级家长证书): one A4 landscape PDF.

Rendered from lessons/templates/lessons/record/certificate.html by WeasyPrint with the Noto
CJK fonts, like the class handout (lessons.classroom.handout). It carries the level and its
stars, what the level stands for, the school year, the name the parent typed (printed only:
it is never stored), the issue date, the verification code and how a school checks it.
"""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from ..models import StarCertificate
from ..school_year import school_year_label
from ..site_address import absolute_url
from ..stars import STAR_LEVELS
from .certificate_codes import display_code


def certificate_context(certificate: StarCertificate, name: str = "") -> dict:
    issued = certificate.issued
    return {
        "stars": certificate.stars,
        "marks": "★" * certificate.stars,
        "level": _("{n} star parent").replace("{n}", str(certificate.stars)),
        "levels": [level.description for level in STAR_LEVELS if level.stars <= certificate.stars],
        "school_year": school_year_label(certificate.school_year),
        "name": name,
        "issued": _("%(year)d-%(month)02d-%(day)02d")
        % {"year": issued.year, "month": issued.month, "day": issued.day},
        "code": display_code(certificate.code),
        "admin_url": absolute_url(reverse("wagtailadmin_home")),
    }


def certificate_pdf(certificate: StarCertificate, name: str = "") -> bytes:
    """The PDF bytes. `name` is printed as given (already checked) and kept nowhere."""
    # Imported here: WeasyPrint loads Pango, which only this view needs.
    from weasyprint import HTML

    html = render_to_string(
        "lessons/record/certificate.html", certificate_context(certificate, name)
    )
    return HTML(string=html, base_url=absolute_url("/")).write_pdf()
