"""Files and clients the branding tests share."""

from __future__ import annotations

import io
from pathlib import Path

import font_roboto
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from fontTools.ttLib import TTFont
from PIL import Image

from tessera.accounts.models import User

# A real open-licence font, shipped by a test dependency (font-roboto).
ROBOTO_TTF = Path(font_roboto.__file__).parent / "files" / "Roboto-Regular.ttf"


def roboto_woff2() -> bytes:
    font = TTFont(ROBOTO_TTF)
    font.flavor = "woff2"
    output = io.BytesIO()
    font.save(output)
    return output.getvalue()


def png_bytes(size: tuple[int, int] = (64, 64), color: str = "#1d4f91") -> bytes:
    output = io.BytesIO()
    Image.new("RGB", size, color).save(output, format="PNG")
    return output.getvalue()


def upload(
    name: str, data: bytes, content_type: str = "application/octet-stream"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def logged_in(user: User, host: str = "testserver") -> Client:
    client = Client(HTTP_HOST=host)
    client.force_login(user)
    return client


IDENTITY_FORM = {
    "site_name": "Grenoble participe",
    "tagline": "La ville avec vous",
    "primary_color": "#0b5e55",
    "secondary_color": "#e8f4f2",
    "background_color": "#ffffff",
    "text_color": "#1b1b1b",
    "title_font": "playfair-display",
    "title_font_file": "",
    "body_font": "source-sans-3",
    "body_font_file": "",
    "custom_css": "",
}


def identity_form(**overrides: object) -> dict[str, object]:
    return {**IDENTITY_FORM, **overrides}
