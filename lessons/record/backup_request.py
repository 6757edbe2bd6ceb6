"""Reading a record-backup request: a same-site POST of at most MAX_BODY_BYTES, as JSON
({"code": …, "record": {…}}) or as a form (code=…&record=<the record as JSON>), and the
answers: JSON, never stored by a cache, never a cookie.

The endpoints are csrf_exempt like lessons.feedback's: the page that posts is cached
publicly and carries no token, and there is nothing ambient to abuse: no cookie or session
is read, a backup is reached only with its recovery code.
"""

import json

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _

from ..feedback.checks import FORM_TYPES, Refused, check_sender, private

# 300 lessons (learning.js's cap) of about 500 bytes each: a long title, a site path, an
# attendance token; the record in a form is percent-encoded, so it may take up to 3× more.
MAX_BODY_BYTES = 256 * 1024


def _refuse_invalid():
    return Refused(_("The request is not valid."))


def _too_large():
    return Refused(_("The learning record is too large to back up."), status=413)


def _no_constants(name):
    raise ValueError(name)  # NaN, Infinity: not JSON


def parse_json(text):
    """JSON from UTF-8 bytes or text, NaN and Infinity refused; Refused when it cannot be
    read (malformed, not UTF-8, an integer of thousands of digits, nesting too deep)."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        return json.loads(text, parse_constant=_no_constants)
    except (ValueError, RecursionError) as error:
        raise _refuse_invalid() from error


def read_post(request) -> dict:
    """The posted fields: "code" and "record" when sent; else Refused (4xx, message)."""
    check_sender(request, MAX_BODY_BYTES, too_large=_too_large())
    try:
        if request.content_type in FORM_TYPES:
            return _form_fields(request.POST)
        body = request.body
    except RequestDataTooBig as error:
        raise _too_large() from error
    except (MultiPartParserError, SuspiciousOperation) as error:
        raise _refuse_invalid() from error
    if len(body) > MAX_BODY_BYTES:  # sent without a Content-Length (chunked)
        raise _too_large()
    data = parse_json(body)
    if not isinstance(data, dict):
        raise _refuse_invalid()
    return data


def _form_fields(post) -> dict:
    fields = {}
    if "code" in post:
        fields["code"] = post.get("code")
    if "record" in post:
        fields["record"] = parse_json(post.get("record"))
    return fields


def answer(data: dict, status: int = 200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    return private(response)


def refused(error: Refused):
    response = answer({"error": error.message}, status=error.status)
    if error.status == 405:
        response["Allow"] = "POST"
    return response
