"""Small renditions of uploaded images for cards and lists (a card showed the original, up
to 2,400 px). A rendition is named after its original (`<uuid>.w480.jpg` beside `<uuid>.jpg`),
made the first time it is asked for and kept in the storage, so every app server finds it.
"""

from __future__ import annotations

import io
import re

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

WIDTHS = frozenset({480, 960})
_RENDITION = re.compile(r"^(?P<base>.+)\.w(?P<width>\d+)\.(?P<extension>jpg|png)$")
_FORMATS = {"jpg": "JPEG", "png": "PNG"}


def rendition_name(name: str, width: int) -> str:
    base, _dot, extension = name.rpartition(".")
    return f"{base}.w{width}.{extension}"


def original_of(name: str) -> tuple[str, int] | None:
    """(the original's name, the width) when `name` is a rendition we make, else None."""
    match = _RENDITION.match(name)
    if match is None or int(match["width"]) not in WIDTHS:
        return None
    return f"{match['base']}.{match['extension']}", int(match["width"])


def rendition_ensure(name: str) -> bool:
    """Make the rendition `name` from its original unless it exists; False when the original
    is missing. Our originals are re-encoded JPEG or PNG (core.images), so Pillow reads them."""
    if default_storage.exists(name):
        return True
    found = original_of(name)
    if found is None:
        return False
    original, width = found
    try:
        with default_storage.open(original) as stored, Image.open(stored) as image:
            image.thumbnail((width, width * 4))
            output = io.BytesIO()
            extension = name.rsplit(".", 1)[-1]
            image.save(output, format=_FORMATS[extension], quality=82, optimize=True)
    except OSError:
        return False
    # A concurrent request may have saved it first: the storage then picks another name,
    # and this copy is never asked for (a few kB).
    default_storage.save(name, ContentFile(output.getvalue()))
    return True
