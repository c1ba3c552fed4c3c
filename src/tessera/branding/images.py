"""The identity's pictures: an SVG logo cleaned to a safe subset, favicons in every size.

SVG is XML that can carry scripts, event handlers and links to anywhere. Rather than remove
what is known to be dangerous, the sanitiser keeps only drawing elements and presentation
attributes from a short list and writes a new document from them: what it does not know is
dropped. The file is parsed with defusedxml (no entity expansion, no external DTD).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image

from tessera.core.images import reencode_image

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
MAX_SVG_BYTES = 512 * 1024
FAVICON_SIZES = (32, 180, 192, 512)

ALLOWED_ELEMENTS = {
    "svg", "g", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "text",
    "tspan", "defs", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "use",
    "symbol", "title", "desc",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "id", "class", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy",
    "r", "rx", "ry", "d", "points", "transform", "fill", "fill-opacity", "fill-rule", "stroke",
    "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
    "stroke-dashoffset", "stroke-opacity", "opacity", "clip-path", "clip-rule", "mask",
    "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod",
    "fx", "fy", "font-family", "font-size", "font-weight", "font-style", "text-anchor",
    "dominant-baseline", "letter-spacing", "preserveAspectRatio", "href", "role",
    "aria-label", "aria-hidden", "xml:space", "version", "dx", "dy", "visibility", "display",
    "clipPathUnits", "maskUnits", "maskContentUnits", "vector-effect", "paint-order",
}  # fmt: skip
# A value may point inside the document (url(#gradient)), never elsewhere.
_URL_REFERENCE = re.compile(r"url\(\s*([^)]*)\)", re.IGNORECASE)


def _invalid_svg() -> ValidationError:
    return ValidationError(
        _("This SVG file cannot be read. Export it again, or send a PNG image."), code="svg"
    )


def _local_name(name: str) -> tuple[str, str]:
    """("{namespace}tag") → (namespace, tag)."""
    if name.startswith("{"):
        namespace, _brace, local = name[1:].partition("}")
        return namespace, local
    return "", name


def _safe_value(value: str) -> bool:
    lowered = value.strip().lower()
    if any(marker in lowered for marker in ("javascript:", "data:", "expression(", "<")):
        return False
    return all(
        target.strip().strip("'\"").startswith("#") for target in _URL_REFERENCE.findall(value)
    )


def _clean(element: ET.Element) -> ET.Element | None:
    namespace, tag = _local_name(element.tag)
    if namespace != SVG_NS or tag not in ALLOWED_ELEMENTS:
        return None
    clean = ET.Element(f"{{{SVG_NS}}}{tag}")
    for name, value in element.attrib.items():
        attribute_namespace, attribute = _local_name(name)
        if attribute == "href" and attribute_namespace in ("", XLINK_NS):
            # Only references to the document itself (<use href="#shape">).
            if value.strip().startswith("#"):
                clean.set("href", value.strip())
            continue
        if attribute_namespace not in ("", "http://www.w3.org/XML/1998/namespace"):
            continue
        if attribute in ALLOWED_ATTRIBUTES and _safe_value(value):
            clean.set(name, value)
    clean.text = element.text
    for child in element:
        cleaned = _clean(child)
        if cleaned is not None:
            clean.append(cleaned)
        # The text after a dropped element still belongs to the parent.
        tail = child.tail if cleaned is None else None
        if tail and tail.strip():
            clean.text = (clean.text or "") + tail
        if cleaned is not None:
            cleaned.tail = child.tail
    return clean


def sanitize_svg(data: bytes) -> bytes:
    """A new SVG document holding only the allowed elements and attributes of `data`."""
    if len(data) > MAX_SVG_BYTES:
        raise ValidationError(
            _("This SVG file is too large; the limit is %(limit)s kB."),
            code="too_large",
            params={"limit": MAX_SVG_BYTES // 1024},
        )
    try:
        root = fromstring(data, forbid_dtd=True)
    except (ET.ParseError, DefusedXmlException, ValueError) as error:
        raise _invalid_svg() from error
    if _local_name(root.tag) != (SVG_NS, "svg"):
        raise _invalid_svg()
    clean = _clean(root)
    assert clean is not None
    ET.register_namespace("", SVG_NS)
    return ET.tostring(clean, encoding="utf-8", xml_declaration=True)


def is_svg_upload(upload: UploadedFile) -> bool:
    name = (upload.name or "").lower()
    return name.endswith(".svg") or (upload.content_type or "").startswith("image/svg")


def logo_clean(upload: UploadedFile) -> ContentFile[bytes]:
    """An uploaded logo made safe: SVG sanitised, any other image re-encoded by Pillow."""
    if is_svg_upload(upload):
        upload.seek(0)
        return ContentFile(sanitize_svg(upload.read()), name="logo.svg")
    return reencode_image(upload, max_side=800)


def favicon_sizes(upload: UploadedFile) -> dict[int, bytes]:
    """Square PNG favicons of every size browsers and phones ask for, from one raster image.

    The picture is re-encoded first (same checks as any upload), then centred on a transparent
    square so a wide logo is not stretched.
    """
    cleaned = reencode_image(upload, max_side=1024)
    image = Image.open(io.BytesIO(cleaned.read())).convert("RGBA")
    side = max(image.width, image.height)
    square = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    square.paste(image, ((side - image.width) // 2, (side - image.height) // 2))
    sizes = {}
    for size in FAVICON_SIZES:
        output = io.BytesIO()
        square.resize((size, size), Image.Resampling.LANCZOS).save(output, format="PNG")
        sizes[size] = output.getvalue()
    return sizes
