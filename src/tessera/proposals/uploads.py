"""Checks of the files residents attach to a proposal (pure: a file in, a clean file out)."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


def _megabytes(size: int) -> str:
    return number_format(size / 1_048_576, decimal_pos=1)


def clean_pdf(upload: UploadedFile) -> ContentFile[bytes]:
    """A PDF of at most 5 MB, recognised by its content (its first bytes), not by its name."""
    if upload.size is not None and upload.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("This file is too large (%(size)s MB); the limit is %(limit)s MB."),
            code="too_large",
            params={
                "size": _megabytes(upload.size),
                "limit": MAX_ATTACHMENT_BYTES // 1_048_576,
            },
        )
    upload.seek(0)
    content = upload.read(MAX_ATTACHMENT_BYTES + 1)
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            _("This file is too large; the limit is %(limit)s MB."),
            code="too_large",
            params={"limit": MAX_ATTACHMENT_BYTES // 1_048_576},
        )
    # A PDF starts with "%PDF-" (a few writers put a little junk first: allowed in 1 KB).
    if PDF_MAGIC not in content[:1024]:
        raise ValidationError(_("This file is not a PDF document."), code="not_pdf")
    return ContentFile(content, name=safe_filename(upload.name or "document.pdf", "pdf"))


def safe_filename(name: str, extension: str) -> str:
    """A plain, short file title to show: no path, no control characters, the right extension."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = re.sub(r"[^\w\s().,'-]", "", stem).strip()[:80] or "document"
    return f"{stem}.{extension}"
