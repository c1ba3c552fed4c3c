"""Uploaded images: checked, then re-encoded from their pixels so no hidden metadata survives."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from tessera.core import images
from tessera.core.images import reencode_image

GPS_INFO = 34853
CAMERA_MAKE = 0x010F
NOT_AN_IMAGE = "Ce fichier n’est pas une image lisible. Envoyez une image JPEG, PNG, WebP ou GIF."


@pytest.fixture(autouse=True)
def _french() -> Iterator[None]:
    """Messages are read as a French resident sees them."""
    with translation.override("fr"):
        yield


def upload(
    image: Image.Image, image_format: str, name: str = "photo", **options: object
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return SimpleUploadedFile(f"{name}.{image_format.lower()}", buffer.getvalue())


def photo_taken_at_the_town_hall() -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[CAMERA_MAKE] = "PhoneMaker"
    exif[GPS_INFO] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    return upload(
        Image.new("RGB", (64, 48), "red"),
        "JPEG",
        exif=exif,
        xmp=b"<x:xmpmeta>exif:GPSLatitude 48,51.4N</x:xmpmeta>",
    )


def opened(clean: ContentFile[bytes]) -> Image.Image:
    return Image.open(io.BytesIO(clean.read()))


def refusal(upload: SimpleUploadedFile, **options: int) -> ValidationError:
    with pytest.raises(ValidationError) as refused:
        reencode_image(upload, **options)
    return refused.value


def test_a_photo_comes_out_without_its_gps_position_or_camera() -> None:
    original = photo_taken_at_the_town_hall()
    assert GPS_INFO in Image.open(original).getexif()  # the test photo does carry a position

    clean = reencode_image(original)

    assert clean.name == "image.jpg"
    raw = clean.read()
    result = Image.open(io.BytesIO(raw))
    assert result.format == "JPEG"
    assert dict(result.getexif()) == {}
    assert "exif" not in result.info
    assert "xmp" not in result.info
    assert b"PhoneMaker" not in raw
    assert b"GPSLatitude" not in raw


def test_the_orientation_of_a_phone_photo_is_applied_before_it_is_dropped() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    sideways = upload(Image.new("RGB", (80, 40), "blue"), "JPEG", exif=exif)

    result = opened(reencode_image(sideways))

    assert result.size == (40, 80)
    assert dict(result.getexif()) == {}


def test_a_transparent_png_stays_a_png_with_its_transparency() -> None:
    logo = Image.new("RGBA", (60, 30), (0, 0, 0, 0))
    logo.putpixel((10, 10), (29, 79, 145, 255))

    clean = reencode_image(upload(logo, "PNG"))

    assert clean.name == "image.png"
    result = opened(clean)
    assert (result.format, result.mode) == ("PNG", "RGBA")
    assert result.getpixel((0, 0)) == (0, 0, 0, 0)
    assert result.getpixel((10, 10)) == (29, 79, 145, 255)


def test_a_palette_png_with_a_transparent_colour_stays_a_png() -> None:
    icon = Image.new("P", (16, 16), 0)

    clean = reencode_image(upload(icon, "PNG", transparency=0))

    assert clean.name == "image.png"


def test_an_opaque_png_becomes_a_jpeg() -> None:
    clean = reencode_image(upload(Image.new("RGB", (30, 30), "green"), "PNG"))

    assert clean.name == "image.jpg"
    assert opened(clean).format == "JPEG"


@pytest.mark.parametrize("image_format", ["WEBP", "GIF"])
def test_webp_and_gif_are_accepted(image_format: str) -> None:
    clean = reencode_image(upload(Image.new("RGB", (30, 30), "green"), image_format))

    assert opened(clean).size == (30, 30)


def test_a_phone_photo_stored_as_a_multi_picture_jpeg_is_accepted() -> None:
    first, depth_map = Image.new("RGB", (64, 48), "red"), Image.new("RGB", (32, 24), "gray")
    phone_photo = upload(first, "MPO", save_all=True, append_images=[depth_map])
    assert Image.open(phone_photo).format == "MPO"  # what Pillow calls such a JPEG

    result = opened(reencode_image(phone_photo))

    assert (result.format, result.size) == ("JPEG", (64, 48))


def test_a_huge_image_is_shrunk_to_the_longest_side_allowed() -> None:
    poster = upload(Image.new("RGB", (3000, 1500), "white"), "PNG")

    assert opened(reencode_image(poster)).size == (2400, 1200)
    assert opened(reencode_image(poster, max_side=800)).size == (800, 400)


def test_a_small_image_is_not_enlarged() -> None:
    assert opened(reencode_image(upload(Image.new("RGB", (20, 10)), "PNG"))).size == (20, 10)


def test_a_pdf_renamed_png_is_refused() -> None:
    pdf = SimpleUploadedFile("affiche.png", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")

    error = refusal(pdf)

    assert error.code == "invalid"
    assert error.messages == [NOT_AN_IMAGE]


def test_a_truncated_photo_is_refused() -> None:
    photo = photo_taken_at_the_town_hall().read()

    error = refusal(SimpleUploadedFile("photo.jpg", photo[: len(photo) // 2]))

    assert error.messages == [NOT_AN_IMAGE]


def test_an_image_in_another_format_is_refused() -> None:
    error = refusal(upload(Image.new("RGB", (30, 30)), "BMP"))

    assert error.code == "format"
    assert error.messages == ["Envoyez une image JPEG, PNG, WebP ou GIF."]


def test_an_oversized_file_is_refused_before_it_is_opened(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(images, "MAX_IMAGE_BYTES", 1_048_576)
    heavy = SimpleUploadedFile("photo.jpg", b"\xff\xd8" + bytes(1_572_864))

    error = refusal(heavy)

    assert error.code == "too_large"
    assert error.messages == ["Cette image est trop lourde (1,5 Mo) ; la limite est de 1 Mo."]


def test_an_image_with_too_many_pixels_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(images, "MAX_IMAGE_PIXELS", 1_000)

    error = refusal(upload(Image.new("RGB", (40, 30)), "PNG"))

    assert error.code == "too_many_pixels"
    assert error.messages == ["Cette image compte trop de pixels."]


def test_an_image_past_pillows_own_bomb_limit_is_refused_as_too_many_pixels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Stands for a 108-megapixel phone photo, which Pillow stops before our own check runs.
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1_000)

    error = refusal(upload(Image.new("RGB", (40, 30)), "PNG"))

    assert error.code == "too_many_pixels"
