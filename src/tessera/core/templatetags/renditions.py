"""`{{ image.url|rendition:480 }}`: the address of a small copy of an uploaded image."""

from __future__ import annotations

from django import template

from tessera.core.renditions import WIDTHS, rendition_name

register = template.Library()


@register.filter
def rendition(url: str, width: int) -> str:
    if int(width) not in WIDTHS or not url.lower().endswith((".jpg", ".png")):
        return url
    return rendition_name(url, int(width))
