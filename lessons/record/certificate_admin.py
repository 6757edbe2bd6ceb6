"""核验星级证书: a school checks a certificate code it is shown, in the Wagtail admin.

Any active admin user may use it (the admin's own login and access check, through
register_admin_urls in lessons/wagtail_hooks.py). The answer is whether the code is valid and,
if so, the certificate's stars and school year: nothing else (not when it was issued, nor how
many there are); there is no list of certificates anywhere.
"""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ..feedback.checks import private
from ..models import StarCertificate
from ..school_year import school_year_label
from .certificate_codes import MAX_INPUT_CHARS, display_code, normalise_code


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=MAX_INPUT_CHARS,
        help_text=_("As printed on the certificate, e.g. 7K3QX-9M2TB; case and dashes do not matter."),
        error_messages={
            "required": _("Please enter the verification code."),
            "max_length": _("This is not a verification code: it has 10 letters and digits."),
            "null_characters_not_allowed": _("This is not a verification code: it has 10 letters and digits."),
        },
    )  # fmt: skip


def verification(code: str) -> dict:
    """What a school may learn about a code: valid or not, and then the stars and the year."""
    normalised = normalise_code(code)
    if normalised is None:
        return {"valid": False, "malformed": True}
    found = StarCertificate.objects.filter(code=normalised).values("stars", "school_year")
    certificate = found.first()
    if certificate is None:
        return {"valid": False, "code": display_code(normalised)}
    return {
        "valid": True,
        "code": display_code(normalised),
        "stars": certificate["stars"],
        "marks": "★" * certificate["stars"],
        "school_year": school_year_label(certificate["school_year"]),
    }


def verify_certificate(request):
    form = VerifyForm(request.POST if request.method == "POST" else None)
    result = verification(form.cleaned_data["code"]) if form.is_valid() else None
    response = render(
        request, "lessons/record/verify_certificate.html", {"form": form, "result": result}
    )
    return private(response)
