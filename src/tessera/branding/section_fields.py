"""Which fields of a home page section each kind uses: the back office shows only those."""

from __future__ import annotations

from tessera.branding.models import SectionKind

# Every kind: whether it is shown, and its title (empty: the section's usual title).
ALWAYS_SHOWN = ("is_enabled", "title")

SECTION_FIELDS: dict[str, tuple[str, ...]] = {
    SectionKind.HERO: ("body", "image", "image_alt", "action_label", "action_url"),
    SectionKind.INTRODUCTION: ("body", "image", "image_alt"),
    SectionKind.TEXT: ("body",),
    SectionKind.NEWSLETTER: ("body",),
    SectionKind.VIDEO: ("body", "video_url"),
}
