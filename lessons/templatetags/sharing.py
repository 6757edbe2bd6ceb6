"""`{% share_card as share %}`: the page's share card (lessons.sharing.cards), for the share
tags in lessons/templates/lessons/includes/share_meta.html."""

from django import template

from lessons.sharing.cards import card_for

register = template.Library()


@register.simple_tag(takes_context=True)
def share_card(context):
    return card_for(context)
