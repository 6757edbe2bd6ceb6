"""What the browser's actions saved, read back from the database."""

from wagtail.models import Page


def saved_audience(page_id: int) -> tuple[bool, set[str], set[str]]:
    """(all stages, stage codes, grade codes) of the page's latest revision — what a reviewer
    would publish — checked against the page's own row."""
    page = Page.objects.get(pk=page_id).specific
    latest = page.get_latest_revision_as_object()
    audience = (
        latest.all_stages,
        {s.pk for s in latest.stages.all()},
        {g.pk for g in latest.grades.all()},
    )
    if not page.live:  # a draft's row is saved with each revision
        row = (
            page.all_stages,
            {s.pk for s in page.stages.all()},
            {g.pk for g in page.grades.all()},
        )
        assert row == audience, f"page row {row} differs from its latest revision {audience}"
    return audience


def expected(all_stages=False, stages=(), grades=()) -> tuple[bool, set[str], set[str]]:
    return all_stages, set(stages), set(grades)
