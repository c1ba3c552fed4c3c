from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def split_words(value: str) -> list[str]:
    return value.split()


@register.filter
def field(form: Any, name: str) -> Any:
    """form|field:"name" → the bound field, for templates that lay fields out by name."""
    return form[name]
