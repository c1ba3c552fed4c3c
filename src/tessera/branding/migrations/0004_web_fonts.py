"""The preset fonts become served web fonts: each identity's style key becomes the font that
draws that style (and back, to the nearest style, when reversed)."""

from django.db import migrations

STYLE_TO_FONT = {
    "neo-grotesque": "inter",
    "humanist": "source-sans-3",
    "geometric-humanist": "montserrat",
    "classical-humanist": "fira-sans",
    "rounded": "nunito",
    "industrial": "barlow-condensed",
    "transitional": "source-serif-4",
    "old-style": "eb-garamond",
    "didone": "playfair-display",
    "slab-serif": "roboto-slab",
    "antique": "merriweather",
    "monospace": "jetbrains-mono",
    "handwritten": "caveat",
}
FONT_TO_STYLE = {font: style for style, font in STYLE_TO_FONT.items()} | {
    "open-sans": "humanist",
    "work-sans": "neo-grotesque",
    "atkinson-hyperlegible": "humanist",
    "lexend": "geometric-humanist",
    "andika": "humanist",
    "opendyslexic": "rounded",
}
MODELS = ("SiteSettings", "IdentityVersion")


def _rename(apps, mapping):
    for model_name in MODELS:
        model = apps.get_model("branding", model_name)
        for field in ("title_font", "body_font"):
            for old, new in mapping.items():
                model._base_manager.filter(**{field: old}).update(**{field: new})


def forwards(apps, schema_editor):
    _rename(apps, STYLE_TO_FONT)


def backwards(apps, schema_editor):
    _rename(apps, FONT_TO_STYLE)


class Migration(migrations.Migration):
    dependencies = [("branding", "0003_rerender_headings")]

    operations = [migrations.RunPython(forwards, backwards)]
