"""Weekly bar charts as inline SVG, drawn on the server: no script, no chart library, no CDN.

Each chart has a <title> and a <desc> (role="img"), each bar a <title> with its week and
value. A masked week (a count of 1–4) is a hatched bar of one fixed height labelled "<5":
its markup is the same whatever the count under it, and the scale is set by the counts shown
only, so no small number can be read from a bar's height or from the axis.
"""

from dataclasses import dataclass
from datetime import date
from math import ceil, floor, log10

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .masking import MINIMUM, SMALL, is_masked, shown

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 14, 58  # the bottom holds week labels and the legend
MASKED_HEIGHT = 12  # every masked bar is this tall, whatever the count under it
LABEL_MASKED_UP_TO = 26  # weeks: up to this many, a masked bar also shows "<5" above it
HATCH_INK = "#5c5c5c"


@dataclass(frozen=True)
class Series:
    key: str
    label: str
    values: list[int]
    colour: str


def _f(number: float) -> str:
    return f"{number:.1f}"


def _scale(series: list[Series]) -> tuple[int, int]:
    """(top of the axis, step between grid lines), from the counts shown (never the masked
    ones) and at least MINIMUM."""
    top = max([MINIMUM, *(v for s in series for v in s.values if not is_masked(v))])
    rough = top / 4
    magnitude = 10 ** floor(log10(rough)) if rough >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if rough <= m * magnitude)
    return step * ceil(top / step), step


def _defs(chart_id: str) -> SafeString:
    return format_html(
        '<defs><pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="{}" stroke-width="2"/></pattern></defs>',
        chart_id,
        HATCH_INK,
    )


def _grid(top: int, step: int, plot_h: float) -> list[SafeString]:
    parts = []
    for tick in range(0, top + 1, step):
        y = TOP + plot_h - tick / top * plot_h
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#d9d9d9" stroke-width="1"/>'
                '<text x="{}" y="{}" font-size="10" text-anchor="end" fill="#333">{}</text>',
                LEFT,
                WIDTH - RIGHT,
                _f(y),
                _f(y),
                LEFT - 4,
                _f(y + 3),
                tick,
            )  # fmt: skip
        )
    return parts


def _bar(chart_id, s: Series, monday: date, value: int, x, width, base_y, top, plot_h, label):
    week = monday.isoformat()
    name = _("%(series)s, week of %(week)s: %(value)s") % {
        "series": s.label, "week": week, "value": shown(value),
    }  # fmt: skip
    if is_masked(value):
        y = base_y - MASKED_HEIGHT
        bar = format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="url(#{}-hatch)" stroke="{}" '
            'data-week="{}" data-series="{}" data-masked="true"><title>{}</title></rect>',
            _f(x), _f(y), _f(width), MASKED_HEIGHT, chart_id, s.colour, week, s.key, name,
        )  # fmt: skip
        if label:
            bar += format_html(
                '<text x="{}" y="{}" font-size="9" text-anchor="middle" fill="#333" '
                'aria-hidden="true">{}</text>',
                _f(x + width / 2), _f(y - 2), SMALL,
            )  # fmt: skip
        return bar
    height = value / top * plot_h
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" data-week="{}" data-series="{}">'
        "<title>{}</title></rect>",
        _f(x), _f(base_y - height), _f(width), _f(height), s.colour, week, s.key, name,
    )  # fmt: skip


def _legend(chart_id: str, series: list[Series]) -> SafeString:
    y = HEIGHT - 14
    items, x = [], LEFT
    entries = [(s.label, s.colour, s.colour) for s in series]
    entries.append((_("fewer than 5 (<5)"), f"url(#{chart_id}-hatch)", HATCH_INK))
    for label, fill, stroke in entries:
        items.append(
            format_html(
                '<rect x="{}" y="{}" width="12" height="12" fill="{}" stroke="{}"/>'
                '<text x="{}" y="{}" font-size="11" fill="#333">{}</text>',
                x,
                y - 10,
                fill,
                stroke,
                x + 16,
                y,
                label,
            )  # fmt: skip
        )
        x += 32 + 12 * len(str(label))
    return mark_safe("".join(items))


def bar_chart(
    chart_id: str, title: str, description: str, mondays: list[date], series: list[Series]
) -> SafeString:
    """Bars per week, one per series side by side, oldest week on the left."""
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top, step = _scale(series)
    group = plot_w / max(len(mondays), 1)
    width = group * 0.8 / len(series)
    base_y = TOP + plot_h
    label_masked = len(mondays) <= LABEL_MASKED_UP_TO
    every = ceil(len(mondays) / 13) or 1
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
            'aria-labelledby="{}-title {}-desc" id="{}" class="effect-chart" '
            'style="width:100%;max-width:{}px;height:auto">'
            '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>',
            WIDTH,
            HEIGHT,
            chart_id,
            chart_id,
            chart_id,
            WIDTH,
            chart_id,
            title,
            chart_id,
            description,
        ),  # fmt: skip
        _defs(chart_id),
        *_grid(top, step, plot_h),
    ]
    for i, monday in enumerate(mondays):
        x0 = LEFT + i * group + group * 0.1
        for j, s in enumerate(series):
            value = s.values[i]
            if value:
                x = x0 + j * width
                parts.append(
                    _bar(chart_id, s, monday, value, x, width, base_y, top, plot_h, label_masked)
                )
        if i % every == 0:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="10" text-anchor="middle" fill="#333">{}</text>',
                    _f(LEFT + (i + 0.5) * group),
                    base_y + 14,
                    monday.strftime("%m-%d"),
                )  # fmt: skip
            )
    parts.append(_legend(chart_id, series))
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))
