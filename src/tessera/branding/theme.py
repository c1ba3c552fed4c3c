"""The identity as style sheets: the theme (colours and fonts) and the customer's own CSS.

Both are served as files from their own URLs (never inline), versioned so browsers keep them.
"""

from __future__ import annotations

from django.urls import reverse

from tessera.branding import colors, contrast, fonts
from tessera.branding.models import Font, IdentityFields

FONT_FORMATS = {"woff2": "woff2", "woff": "woff", "ttf": "truetype", "otf": "opentype"}


def branding_file_url(name: str) -> str:
    return reverse("branding:file", kwargs={"name": name})


def _font_family(preset: str, uploaded: Font | None, role: str) -> tuple[str, str]:
    """(the font-family value, the @font-face rule it needs or "")."""
    if uploaded is None:
        return fonts.preset_stack(preset), ""
    family = f"site-{role}-{uploaded.pk}"
    rule = (
        f'@font-face {{ font-family: "{family}"; '
        f'src: url("{branding_file_url(uploaded.file.name or "")}") '
        f'format("{FONT_FORMATS.get(uploaded.format, uploaded.format)}"); '
        "font-display: swap; }\n"
    )
    # The preset stays behind it: shown while the file loads, and for missing characters.
    return f'"{family}", {fonts.preset_stack(preset)}', rule


def theme_css(identity: IdentityFields) -> str:
    """The custom properties site.css reads, from the identity's colours and fonts."""
    palette = colors.roles_resolve(
        contrast.theme_palette(
            primary=identity.primary_color,
            secondary=identity.secondary_color,
            background=identity.background_color,
            text=identity.text_color,
        ),
        identity.colors or {},
    )
    title, title_rule = _font_family(identity.title_font, identity.title_font_file, "title")
    body, body_rule = _font_family(identity.body_font, identity.body_font_file, "body")
    lines = [f"  --color-{name}: {value};" for name, value in palette.items()]
    lines += [f"  --font-title: {title};", f"  --font-body: {body};"]
    return title_rule + body_rule + ":root {\n" + "\n".join(lines) + "\n}\n"
