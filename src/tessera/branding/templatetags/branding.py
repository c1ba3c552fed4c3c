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


@register.simple_tag(takes_context=True)
def terms_pages(context: template.Context) -> list[Any]:
    """The pages a person accepts at sign-up (legal notice, personal data), to link them."""
    from tessera.branding.selectors import terms_pages_for

    organization = context.get("organization")
    return terms_pages_for(organization) if organization is not None else []
