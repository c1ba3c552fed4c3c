"""Uploaded images: opened with Pillow, checked, and re-encoded so no metadata survives."""

from __future__ import annotations

import io
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 8 * 1024 * 1024
MAX_IMAGE_PIXELS = 40_000_000  # a 40-megapixel photo; past that Pillow could be bombed
MAX_OUTPUT_SIDE = 2400
# Pillow names a JPEG carrying several pictures (many phones add a depth map or a preview) "MPO":
# it is a plain JPEG to the resident, and only its first picture is kept.
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG", "WEBP", "GIF"}


def reencode_image(upload: UploadedFile, *, max_side: int = MAX_OUTPUT_SIDE) -> ContentFile[bytes]:
    """Validate an uploaded image and return a clean copy (JPEG, or PNG when transparent).

    Re-encoding from the pixels drops EXIF (GPS position, camera serial) and any payload
    hidden after the image data; the orientation EXIF carried is applied first.
    """
    if upload.size is not None and upload.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("This image is too large (%(size)s MB); the limit is %(limit)s MB."),
            code="too_large",
            params={
                # Formatted for the reader's language: "9,5 Mo" in French, not "9.5".
                "size": number_format(upload.size / 1_048_576, decimal_pos=1),
                "limit": MAX_IMAGE_BYTES // 1_048_576,
            },
        )
    image = _open(upload)
    image = ImageOps.exif_transpose(image)
    image.thumbnail((max_side, max_side))
    has_alpha = image.mode in {"RGBA", "LA"} or "transparency" in image.info
    output = io.BytesIO()
    if has_alpha:
        image.convert("RGBA").save(output, format="PNG", optimize=True)
        extension = "png"
    else:
        image.convert("RGB").save(output, format="JPEG", quality=85, optimize=True)
        extension = "jpg"
    return ContentFile(output.getvalue(), name=f"image.{extension}")


def _open(upload: UploadedFile) -> Image.Image:
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(_("Send a JPEG, PNG, WebP or GIF image."), code="format")
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise _too_many_pixels()
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        # Pillow stops a very large photo (a 108-megapixel phone shot) before our own check:
        # still a readable image, so the resident is told what is wrong with it.
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError) as error:
        raise ValidationError(
            _("This file is not an image we can read. Send a JPEG, PNG, WebP or GIF image."),
            code="invalid",
        ) from error
    return image


def _too_many_pixels() -> ValidationError:
    return ValidationError(_("This image has too many pixels."), code="too_many_pixels")
