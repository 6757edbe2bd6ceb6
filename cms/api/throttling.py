"""Requests per client for the lessons API (DRF throttles, in the default cache).

Anonymous clients are counted by the address the outermost trusted proxy saw
(cms.accounts.client_ip, TRUSTED_PROXY_COUNT: the same rule as sign-in throttling), kept in
the cache only as a keyed hash, never as the address. A partner app sending its key in the
X-Partner-Key header (API_PARTNER_KEYS) is counted by partner instead, at the partner rate:
its server may call for many users from one address. A key is not a credential: every
response is public; an unknown key is simply counted as an anonymous client. Rates come from
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] ("api_client", "api_partner"), read per request.
"""

import hashlib
import hmac
import math

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from cms.accounts import client_ip

PARTNER_HEADER = "X-Partner-Key"


def partner_of(request) -> str | None:
    """The name of the partner whose key the request carries, else None."""
    sent = request.headers.get(PARTNER_HEADER, "")
    if not sent:
        return None
    sent_bytes = sent.encode("utf-8", "surrogateescape")
    for name, key in settings.API_PARTNER_KEYS.items():
        if hmac.compare_digest(sent_bytes, key.encode()):
            return name
    return None


def _hashed(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()[:32]


class _RateThrottle(SimpleRateThrottle):
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)


class ClientRateThrottle(_RateThrottle):
    scope = "api_client"

    def get_cache_key(self, request, view):
        if partner_of(request) is not None:
            return None
        ident = _hashed(client_ip(request) or "")
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PartnerRateThrottle(_RateThrottle):
    scope = "api_partner"

    def get_cache_key(self, request, view):
        partner = partner_of(request)
        if partner is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": _hashed(partner)}


class TooManyRequests(Throttled):
    """A 429 with a Chinese message; DRF sends Retry-After from `wait`."""

    def __init__(self, wait=None):
        seconds = max(1, math.ceil(wait)) if wait is not None else None
        if seconds is None:
            detail = _("Too many requests. Please try again later.")
        else:
            detail = ngettext(
                "Too many requests. Please try again in %(seconds)d second.",
                "Too many requests. Please try again in %(seconds)d seconds.",
                seconds,
            ) % {"seconds": seconds}
        super().__init__(detail=detail)
        self.wait = seconds
