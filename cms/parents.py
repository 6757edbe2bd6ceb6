"""Parents' browsing pages: grade picker, grade home, stage, kind and topic lists.

Every page here is public and identical for every visitor: the grade is in the
URL, never read from the cookie, so a CDN can serve them. Only /choose-grade/
writes the cookie (and is private).
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from lessons.browse import (
    all_topics,
    grade_overview_pages,
    lessons_for_grade,
    lessons_for_stage,
    overview_sections,
)
from lessons.caching import cache_publicly, never_cache_privately
from lessons.models import Topic, browsable_kind, browsable_kinds
from lessons.models.cards import card_lists, lesson_cards, live_lessons
from lessons.programmes.episodes import this_weeks_episode
from lessons.programmes.first_lessons import pinned_first_lesson_pages
from lessons.taxonomy import GRADE_BY_CODE, STAGE_BY_CODE, STAGES

PER_PAGE = 20


def _grade_or_404(code: str):
    try:
        return GRADE_BY_CODE[code]
    except KeyError:
        raise Http404 from None


def _stages_with_grades() -> list[dict]:
    return [
        {"code": s.code, "name": s.name, "grades": [GRADE_BY_CODE[g] for g in s.grade_codes]}
        for s in STAGES
    ]


def _page_of(queryset, request, url_base: str) -> dict:
    paginator = Paginator(queryset, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    return {
        "cards": lesson_cards(page.object_list, request),
        "page": page,
        "url_base": url_base,
    }


def picker_context(request) -> dict:
    """The grade picker, plus lessons for every stage for parents who have not chosen."""
    # The browsable kinds: episodes and first lessons have slots of their own.
    models = [kind.model for kind in browsable_kinds()]
    featured = live_lessons().filter(all_stages=True).exact_type(*models)[:6]
    first_lessons = pinned_first_lesson_pages(None, timezone.localdate())
    featured_cards, first_lesson_cards = card_lists([featured, first_lessons], request)
    return {
        "stages": _stages_with_grades(),
        "featured": featured_cards,
        "episode": this_weeks_episode(request),
        "first_lessons": first_lesson_cards,
    }


@require_safe
def grade_picker(request):
    return cache_publicly(
        TemplateResponse(request, "cms/grade_picker.html", picker_context(request))
    )


@require_safe
def choose_grade(request, grade):
    """Remember the child's grade (no login) and go to the grade's page."""
    _grade_or_404(grade)
    response = redirect("grade", grade=grade)
    response.set_cookie(
        settings.GRADE_COOKIE_NAME,
        grade,
        max_age=settings.GRADE_COOKIE_MAX_AGE,
        samesite="Lax",
        httponly=True,
    )
    return never_cache_privately(response)


@require_safe
def grade_home(request, grade):
    info = _grade_or_404(grade)
    overview = grade_overview_pages(grade)
    first_lessons = pinned_first_lesson_pages(grade, timezone.localdate())
    *kind_cards, first_lesson_cards = card_lists([*overview.values(), first_lessons], request)
    context = {
        "grade": info,
        "stage": STAGE_BY_CODE[info.stage_code],
        "stages": _stages_with_grades(),
        "sections": overview_sections(overview, kind_cards),
        "episode": this_weeks_episode(request),
        "first_lessons": first_lesson_cards,
        "topics": all_topics(),
    }
    return cache_publicly(TemplateResponse(request, "cms/grade_home.html", context))


@require_safe
def grade_kind(request, grade, kind):
    info = _grade_or_404(grade)
    lesson_kind = browsable_kind(kind)
    if lesson_kind is None:
        raise Http404
    context = {
        "grade": info,
        "heading": lesson_kind.label_plural,
        **_page_of(lessons_for_grade(grade, kind=kind), request, request.path),
    }
    return cache_publicly(TemplateResponse(request, "cms/lesson_list.html", context))


@require_safe
def grade_topic(request, grade, topic_id):
    info = _grade_or_404(grade)
    topic = get_object_or_404(Topic, pk=topic_id)
    context = {
        "grade": info,
        "heading": topic.name,
        **_page_of(lessons_for_grade(grade, topic_id=topic.pk), request, request.path),
    }
    return cache_publicly(TemplateResponse(request, "cms/lesson_list.html", context))


@require_safe
def stage_home(request, stage):
    if stage not in STAGE_BY_CODE:
        raise Http404
    info = STAGE_BY_CODE[stage]
    context = {
        "stage": info,
        "grades": [GRADE_BY_CODE[g] for g in info.grade_codes],
        "heading": info.name,
        **_page_of(lessons_for_stage(stage), request, request.path),
    }
    return cache_publicly(TemplateResponse(request, "cms/stage_home.html", context))
