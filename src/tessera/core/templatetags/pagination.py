"""`{% page_query page_number %}`: the current query string with another page number."""

from __future__ import annotations

from django import template
from django.http import HttpRequest

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, number: int) -> str:
    """Keep every filter of the list (repeated keys included), change only `page`."""
    request: HttpRequest = context["request"]
    query = request.GET.copy()
    query["page"] = str(number)
    return query.urlencode()
