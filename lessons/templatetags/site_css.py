"""`{% site_css %}`: the site's stylesheet inline, as allowed by its hash in the CSP (cms.csp)."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from lessons.site_css import site_css as read_site_css

register = template.Library()


@register.simple_tag
def site_css():
    text, _ = read_site_css()
    if "</" in text:
        raise ValueError("lessons/site.css must not contain '</' (it is written inside <style>)")
    return format_html("<style>{}</style>", mark_safe(text))  # noqa: S308 - our own file
