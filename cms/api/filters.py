"""The query parameters of the lessons API, checked before anything reads them.

Every value is validated here with a Chinese message (a 400), never handed to the database
raw: codes against the registries (kinds: lessons.models.registry; grades and stages:
lessons.taxonomy), ids as lessons.urls.parse_id does, numbers with bounds.
"""

from django.conf import settings
from django.utils.translation import gettext as _

from lessons.models import kind_of
from lessons.taxonomy import GRADE_BY_CODE, STAGE_BY_CODE
from lessons.urls import parse_id


class ParameterError(ValueError):
    """A query parameter we refuse; the message is the response's (Chinese)."""


def check_known(params, known) -> None:
    unknown = sorted(set(params) - set(known))
    if unknown:
        raise ParameterError(
            _("Unknown query parameter: %(names)s") % {"names": ", ".join(unknown)[:200]}
        )
    repeated = sorted(name for name in params if len(params.getlist(name)) > 1)
    if repeated:
        raise ParameterError(
            _("A query parameter is given more than once: %(names)s")
            % {"names": ", ".join(repeated)[:200]}
        )


def number(params, name: str, low: int, high: int, default: int | None = None) -> int | None:
    """An integer parameter of ASCII digits in low … high; `default` when absent or empty."""
    value = params.get(name, "").strip()
    if not value:
        return default
    if not (value.isascii() and value.isdigit() and len(value) <= 9):
        raise ParameterError(_("Invalid value for %(name)s.") % {"name": name})
    result = int(value)
    if not low <= result <= high:
        raise ParameterError(
            _("%(name)s must be between %(low)d and %(high)d.")
            % {"name": name, "low": low, "high": high}
        )
    return result


def grade(params) -> str | None:
    code = params.get("grade", "").strip()
    if code and code not in GRADE_BY_CODE:
        raise ParameterError(_("Unknown grade."))
    return code or None


def filter_lessons(queryset, params):
    """The listing's filters: kind, grade, stage, topic (all optional, combined with AND)."""
    kind_code = params.get("kind", "").strip()
    if kind_code:
        kind = kind_of(kind_code)
        if kind is None:
            raise ParameterError(_("Unknown kind of lesson."))
        queryset = queryset.exact_type(kind.model)
    grade_code = grade(params)
    if grade_code:
        queryset = queryset.for_grade(grade_code)
    stage_code = params.get("stage", "").strip()
    if stage_code:
        if stage_code not in STAGE_BY_CODE:
            raise ParameterError(_("Unknown stage."))
        queryset = queryset.for_stage(stage_code)
    topic = params.get("topic", "").strip()
    if topic:
        topic_id = parse_id(topic)
        if topic_id is None:
            raise ParameterError(_("Invalid topic."))
        queryset = queryset.filter(topics=topic_id)
    return queryset


def window(params) -> tuple[int, int]:
    """(offset, limit) of a listing: limit 1 … API_LIMIT_MAX, offset 0 … API_OFFSET_MAX."""
    limit_max = settings.API_LIMIT_MAX
    limit = number(params, "limit", 1, limit_max, default=min(20, limit_max))
    offset = number(params, "offset", 0, settings.API_OFFSET_MAX, default=0)
    return offset, limit
