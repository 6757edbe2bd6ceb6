"""`{% discovery_links as links %}`: the feed and oEmbed discovery links for the page being
rendered (lessons.embeds.discovery), for lessons/includes/head_links.html."""

from django import template

from lessons.embeds.discovery import discovery_links as links_for

register = template.Library()


@register.simple_tag(takes_context=True)
def discovery_links(context):
    return links_for(context)
