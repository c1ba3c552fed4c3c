"""Render the staff's pages and home sections again with core.richtext: headings that skipped
levels (the demo's FAQ went from the page's h1 to h3) now follow each other (axe's
heading-order), and the parser is cmark's."""

from django.db import migrations


def rerender(apps, schema_editor):
    from tessera.core.richtext import render_markdown

    for name in ("ContentPage", "HomeSection"):
        model = apps.get_model("branding", name)
        for row in model.objects.exclude(body="").only("pk", "body"):
            model.objects.filter(pk=row.pk).update(body_html=render_markdown(row.body))


class Migration(migrations.Migration):
    dependencies = [("branding", "0002_white_label")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
