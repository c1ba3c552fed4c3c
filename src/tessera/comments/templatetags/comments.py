"""`{% comment_section contribution %}`: the comments of a contribution, where a tool wants them."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

from tessera.comments.panel import comment_section as render_section
from tessera.contributions.models import Contribution

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_section(context: dict[str, Any], contribution: Contribution) -> SafeString:
    # The section is a template rendered by comments itself (its text escaped there).
    return mark_safe(render_section(context["request"], contribution))  # noqa: S308
