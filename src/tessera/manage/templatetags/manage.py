"""The back office's menu, computed from the user's permissions (manage.navigation)."""

from __future__ import annotations

from typing import Any

from django import template

from tessera.manage.navigation import tools_for

register = template.Library()


@register.inclusion_tag("manage/_nav.html", takes_context=True)
def manage_nav(context: dict[str, Any], current: str = "") -> dict[str, Any]:
    request = context["request"]
    return {"tools": tools_for(request.user), "current": current}
