"""Accounts: the sign-in lockout page (django-axes), the client's address behind reverse
proxies, and a password reset that says so when mail cannot be sent.

Settings are in cms/settings/base.py ("Accounts"); production reads TRUSTED_PROXY_COUNT and the
SMTP server from the environment (README, "Production settings").
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import get_connection
from django.forms.utils import ErrorDict
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.forms.auth import PasswordResetForm as WagtailPasswordResetForm

logger = logging.getLogger(__name__)


def cool_off_minutes() -> int:
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_message() -> str:
    minutes = cool_off_minutes()
    return ngettext(
        "Too many failed sign-in attempts. Sign-in is paused for %(minutes)d minute; "
        "try again later, or ask an administrator to unlock your account.",
        "Too many failed sign-in attempts. Sign-in is paused for %(minutes)d minutes; "
        "try again later, or ask an administrator to unlock your account.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the sign-in page again, its form saying why, status 429.

    The login views (Wagtail's admin, Django's admin, Wagtail's private-page login) answer with a
    TemplateResponse whose context holds the bound form; its "wrong password" error would be
    misleading, so it is replaced by the lockout message. Anything else gets the message alone.
    """
    message = lockout_message()
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    template = getattr(original_response, "template_name", None)
    if form is not None and template and hasattr(form, "add_error"):
        form._errors = ErrorDict()
        form.add_error(None, message)
        response = TemplateResponse(request, template, context, status=429)
        response.render()
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


def client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the address that connected to the outermost trusted proxy.

    With TRUSTED_PROXY_COUNT = n reverse proxies in front of Django, each appending the address
    it received the connection from to X-Forwarded-For (nginx: $proxy_add_x_forwarded_for), the
    client is the n-th address from the right; anything left of it was sent by the client and is
    not trusted. With 0 (or no header), REMOTE_ADDR.
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if count > 0 and forwarded:
        return forwarded[-min(count, len(forwarded))]
    return request.META.get("REMOTE_ADDR")


class PasswordResetForm(WagtailPasswordResetForm):
    """Wagtail's reset form, which first checks that the mail server can be reached.

    Django's form logs a failed send and the page then says the mail was sent. Here the
    connection is opened before anything is looked up, so an unreachable or misconfigured SMTP
    server gives every visitor the same Chinese error (whether the address has an account or
    not), and the failure is logged as an error.
    """

    def clean(self):
        cleaned_data = super().clean()
        connection = get_connection()
        try:
            connection.open()
        except Exception:
            logger.exception("Password reset: the mail server cannot be reached")
            raise ValidationError(
                _(
                    "The e-mail cannot be sent right now. Try again later, or ask an "
                    "administrator to reset your password."
                ),
                code="mail_unavailable",
            ) from None
        finally:
            connection.close()
        return cleaned_data
